import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run } from '../../src/cli/run';
import { PROVIDER_RULES } from '../../src/core/rules';

const ROOT = path.resolve(__dirname, '../../..');

describe('documentation stays in step with the code', () => {
  it('docs/rules.md is what `nhi-lens rules --format markdown` prints', async () => {
    const r = await run(['rules', '--format', 'markdown']);
    const onDisk = fs.readFileSync(path.join(ROOT, 'docs/rules.md'), 'utf8');
    assert.equal(onDisk, r.stdout, 'regenerate: node dist/cli.js rules --format markdown > docs/rules.md');
  });

  it('every rule has an anchored section (SARIF helpUri and diagnostic links point there)', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs/rules.md'), 'utf8');
    for (const r of PROVIDER_RULES) assert.ok(doc.includes(`\n## ${r.id}\n`), r.id);
  });

  it('the README documents every CLI option', async () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const help = (await run(['--help'])).stdout;
    for (const flag of help.match(/--[a-z][a-z-]+/g) ?? []) assert.ok(readme.includes(flag), `README lacks ${flag}`);
  });
});
