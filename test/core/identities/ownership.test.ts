import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../../src/core/config/validatedYaml';
import { parseOwnership } from '../../../src/core/identities/ownership';
import { scanPaths } from '../../../src/core/scan';
import { run } from '../../../src/cli/run';

const y = (...lines: string[]) => lines.join('\n') + '\n';
const ROOT = path.resolve(__dirname, '../../../..');

const workflow = y('name: release', 'on: push', 'permissions:', '  contents: read', 'jobs:', '  publish:', '    runs-on: ubuntu-latest', '    environment: production', '    steps:', '      - run: ./deploy.sh', '        env:', '          DEPLOY: ${{ secrets.DEPLOY_TOKEN }}', '          NPM: ${{ secrets.NPM_TOKEN }}');

const identities = y(
  'version: 1',
  'expiringWithinDays: 30',
  'identities:',
  '  - name: DEPLOY_TOKEN', // 3
  '    platform: github',
  '    owner: ana@acme.com',
  '    team: payments',
  '    purpose: Deploys the payments API',
  '    environments: [production]',
  '    rotationDays: 90',
  '    lastRotated: 2026-01-01', // 10
  '    expires: 2026-12-01', // 11
);

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-own-'));
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, path.dirname(p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), text);
  }
  return dir;
}

describe('ownership as code (.nhi-lens/identities.yaml)', () => {
  it('parses declarations with the positions of their date fields', () => {
    const o = parseOwnership(identities, '.nhi-lens/identities.yaml');
    assert.equal(o.declarations[0].owner, 'ana@acme.com');
    assert.equal(o.declarations[0].fieldRanges.expires?.startLine, 11);
  });

  it('rejects a bad date and a declaration that matches nothing, naming line and field', () => {
    assert.throws(() => parseOwnership(identities.replace('2026-12-01', '2026-13-45'), 'f.yaml'), (e: ConfigError) => e.line === 12 && e.field === 'identities.0.expires');
    // A date that does not exist (February 30th) is refused, not rolled over to March.
    assert.throws(() => parseOwnership(identities.replace('2026-12-01', '2027-02-30'), 'f.yaml'), (e: ConfigError) => e.field === 'identities.0.expires' && /not a valid date/.test(e.message));
    assert.throws(() => parseOwnership(y('identities:', '  - owner: a', '    team: b', '    purpose: c'), 'f.yaml'), (e: ConfigError) => /needs a name or a fingerprint/.test(e.message));
    assert.throws(() => parseOwnership(y('identities:', '  - name: X', '    owner: a', '    team: b', '    purpose: c', '    ownr: typo'), 'f.yaml'), (e: ConfigError) => e.field === 'identities.0.ownr' && e.line === 6);
  });

  it('reports unowned identities at their use, and rotation overdue and expiring at the declaration', async () => {
    const dir = tree({ '.github/workflows/release.yml': workflow, '.nhi-lens/identities.yaml': identities });
    const r = await scanPaths([dir], { cwd: dir, workers: 1, now: new Date('2026-11-23T12:00:00Z') });
    const got = r.findings.filter((f) => f.ruleId.startsWith('identity-')).map((f) => [f.ruleId, f.path, f.range.startLine, f.identity]);
    assert.deepEqual(got, [
      ['identity-unowned', '.github/workflows/release.yml', 12, 'NPM_TOKEN'],
      ['identity-rotation-overdue', '.nhi-lens/identities.yaml', 10, 'DEPLOY_TOKEN'],
      ['identity-expiring', '.nhi-lens/identities.yaml', 11, 'DEPLOY_TOKEN'],
    ]);
    const overdue = r.findings.find((f) => f.ruleId === 'identity-rotation-overdue')!;
    assert.match(overdue.title, /236 days overdue .*owner ana@acme\.com \(payments\)/);
    assert.match(r.findings.find((f) => f.ruleId === 'identity-expiring')!.title, /expires in 8 days/);
  });

  it('reports an expired identity', async () => {
    const dir = tree({ '.github/workflows/release.yml': workflow, '.nhi-lens/identities.yaml': identities.replace('2026-12-01', '2026-11-01') });
    const r = await scanPaths([dir], { cwd: dir, workers: 1, now: new Date('2026-11-23T12:00:00Z') });
    assert.ok(r.findings.some((f) => f.ruleId === 'identity-expired' && f.severity === 'high'));
  });

  it('without an ownership file, nothing is called unowned', async () => {
    const dir = tree({ '.github/workflows/release.yml': workflow });
    const r = await scanPaths([dir], { cwd: dir, workers: 1 });
    assert.deepEqual(r.findings.filter((f) => f.ruleId.startsWith('identity-')), []);
  });

  it('the CLI exits 2 on an invalid ownership file, naming it', async () => {
    const dir = tree({ '.github/workflows/release.yml': workflow, '.nhi-lens/identities.yaml': 'identities: [ {owner: 1} ]\n' });
    const r = await run(['scan', dir], { cwd: dir });
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /identities\.yaml:1:\d+: identities\.0/);
  });

  it('the JSON Schemas contributed for YAML editors are current', async () => {
    for (const which of ['config', 'identities']) {
      const r = await run(['schema', which]);
      assert.equal(fs.readFileSync(path.join(ROOT, `schemas/${which}.schema.json`), 'utf8'), r.stdout, `regenerate: node dist/cli.js schema ${which} > schemas/${which}.schema.json`);
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.yamlValidation.map((v: { url: string }) => v.url), ['./schemas/config.schema.json', './schemas/identities.schema.json']);
  });
});
