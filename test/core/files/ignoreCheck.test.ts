import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { IgnoreChecker } from '../../../src/core/files/ignoreCheck';
import { walk } from '../../../src/core/files/walk';

describe('one-path ignore check agrees with the workspace walk', () => {
  let root: string;
  before(async () => {
    root = await fs.mkdtemp(nodePath.join(os.tmpdir(), 'nhi-ignore-'));
    const files: Record<string, string> = {
      '.gitignore': 'build/\n*.local\n!keep.local\n',
      'src/a.ts': '', 'src/b.local': '', 'src/keep.local': '', 'build/out.js': '',
      'pkg/.gitignore': 'secret.txt\n/generated\n', 'pkg/secret.txt': '', 'pkg/sub/secret.txt': '', 'pkg/generated/x.js': '', 'pkg/sub/generated/y.js': '',
      'node_modules/m/index.js': '', 'fixtures/data.env': '', 'docs/readme.md': '',
    };
    for (const [rel, text] of Object.entries(files)) {
      await fs.mkdir(nodePath.dirname(nodePath.join(root, rel)), { recursive: true });
      await fs.writeFile(nodePath.join(root, rel), text);
    }
  });
  after(() => fs.rm(root, { recursive: true, force: true }));

  it('skips exactly the files the walker skips', async () => {
    const globs = ['fixtures/**'];
    const walked = new Set<string>();
    for await (const e of walk(root, { ignoreGlobs: globs })) walked.add(e.rel);
    const checker = new IgnoreChecker(root, { ignoreGlobs: globs });
    const all = ['.gitignore', 'src/a.ts', 'src/b.local', 'src/keep.local', 'build/out.js', 'pkg/.gitignore', 'pkg/secret.txt', 'pkg/sub/secret.txt', 'pkg/generated/x.js', 'pkg/sub/generated/y.js', 'node_modules/m/index.js', 'fixtures/data.env', 'docs/readme.md'];
    for (const rel of all) {
      const reason = await checker.reason(rel);
      assert.equal(reason === undefined, walked.has(rel), `${rel}: checker says ${reason ?? 'scanned'}, walker ${walked.has(rel) ? 'scanned' : 'skipped'}`);
    }
    assert.ok(walked.has('src/keep.local') && walked.has('pkg/sub/generated/y.js'));
  });

  it('gives the reason, and honours gitignore: false', async () => {
    assert.equal(await new IgnoreChecker(root).reason('build/out.js'), 'ignored by .gitignore');
    assert.equal(await new IgnoreChecker(root, { gitignore: false }).reason('build/out.js'), undefined);
    assert.equal(await new IgnoreChecker(root).reason('node_modules/m/index.js'), 'inside node_modules');
    assert.equal(await new IgnoreChecker(root).reason('../elsewhere.ts'), 'outside the workspace folder');
  });
});
