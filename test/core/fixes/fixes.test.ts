import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../src/core/analyzeFile';
import { applyEdits } from '../../../src/core/fixes/apply';
import { envReferenceFix } from '../../../src/core/fixes/envReference';
import { combineFixes } from '../../../src/core/fixes/fixAll';
import { suppressionFix } from '../../../src/core/fixes/suppress';
import type { Finding } from '../../../src/core/types';
import { Secrets } from '../../helpers/text';

const s = new Secrets(31);

function only(path: string, text: string): Finding {
  const found = analyzeText(text, path).findings;
  assert.equal(found.length, 1, JSON.stringify(found.map((f) => f.ruleId)));
  return found[0];
}

function envFixed(path: string, text: string): string {
  const fix = envReferenceFix(text, only(path, text));
  assert.ok(fix, 'no fix');
  const after = applyEdits(text, fix.edits);
  assert.deepEqual(analyzeText(after, path).findings.map((f) => f.ruleId), [], `still reported:\n${after}`);
  return after;
}

describe('fix: replace a literal with an environment variable', () => {
  it('JavaScript → process.env.NAME, named after the key', () => {
    assert.equal(envFixed('src/config.ts', `export const stripeSecret = "${s.token(32)}";\n`), 'export const stripeSecret = process.env.STRIPE_SECRET;\n');
  });

  it('Python → os.environ["NAME"], adding import os after the shebang', () => {
    const after = envFixed('app/settings.py', `#!/usr/bin/env python3\nimport sys\n\nAPI_KEY = '${s.token(32)}'\n`);
    assert.equal(after, '#!/usr/bin/env python3\nimport os\nimport sys\n\nAPI_KEY = os.environ["API_KEY"]\n');
  });

  it('Go → os.Getenv, adding "os" to the import block', () => {
    const after = envFixed('main.go', `package main\n\nimport (\n\t"fmt"\n)\n\nvar apiToken = "${s.token(32)}"\n\nfunc main() { fmt.Println(apiToken) }\n`);
    assert.match(after, /import \(\n\t"os"\n\t"fmt"\n\)/);
    assert.match(after, /var apiToken = os\.Getenv\("API_TOKEN"\)/);
  });

  it('Java, C#, Ruby, PHP use their own accessors', () => {
    assert.match(envFixed('Main.java', `  private static final String API_KEY = "${s.token(32)}";\n`), /= System\.getenv\("API_KEY"\);/);
    assert.match(envFixed('Program.cs', `var clientSecret = @"${s.token(32)}";\n`), /= Environment\.GetEnvironmentVariable\("CLIENT_SECRET"\);/);
    assert.match(envFixed('config.rb', `  :auth_token => '${s.token(32)}',\n`), /:auth_token => ENV\["AUTH_TOKEN"\],/);
    assert.match(envFixed('index.php', `$db_password = '${s.password()}';\n`), /= getenv\('DB_PASSWORD'\);/);
  });

  it('shell interpolates ${NAME}; .env leaves the value empty', () => {
    assert.equal(envFixed('deploy.sh', `export SERVICE_TOKEN=${s.token(32)}\n`), 'export SERVICE_TOKEN=${SERVICE_TOKEN}\n');
    assert.equal(envFixed('.env', `DB_PASSWORD=${s.password()}\n`), 'DB_PASSWORD=\n');
  });

  it('offers nothing for a literal embedded in a longer string of code', () => {
    const text = `const note = "use ${s.raw.crcToken('ghp_')} for now";\n`;
    const f = analyzeText(text, 'a.ts').findings[0];
    assert.ok(f);
    assert.equal(envReferenceFix(text, f), undefined);
  });
});

describe('fix: suppress with a recorded reason', () => {
  it('inserts a directive above, in the file’s comment syntax and indentation, which the engine honours', () => {
    for (const [path, line, expected] of [
      ['src/a.ts', `    const apiKey = "${s.token(32)}";`, '    // nhi-lens-ignore generic-secret: rotated test credential'],
      ['config.yml', `  password: "${s.password()}"`, '  # nhi-lens-ignore generic-password: rotated test credential'],
      ['settings.xml', `  <password>${s.password()}</password>`, '  <!-- nhi-lens-ignore generic-password: rotated test credential -->'],
    ] as const) {
      const text = `first\n${line}\n`;
      const fix = suppressionFix(text, only(path, text), 'rotated   test credential')!;
      const after = applyEdits(text, fix.edits);
      assert.equal(after.split('\n')[1], expected, path);
      assert.deepEqual(analyzeText(after, path).findings, [], path);
      const kept = analyzeText(after, path, { includeSuppressed: true }).findings;
      assert.equal(kept[0].suppressed?.reason, 'rotated test credential');
    }
  });

  it('adds the rule to an existing directive rather than a second comment', () => {
    const text = `# nhi-lens-ignore generic-password: fixture\nAPI_TOKEN=${s.token(32)}\n`;
    const fix = suppressionFix(text, only('.env', text), 'fixture')!;
    assert.equal(applyEdits(text, fix.edits).split('\n')[0], '# nhi-lens-ignore generic-password, generic-secret: fixture');
  });

  it('has no comment form for JSON', () => {
    const text = `{ "apiKey": "${s.token(32)}" }\n`;
    assert.equal(suppressionFix(text, only('config.json', text), 'x'), undefined);
  });
});

describe('fix all in a file', () => {
  it('combines whole fixes in order and skips one that overlaps', () => {
    const text = `API_TOKEN=${s.token(32)}\nDEPLOY_TOKEN=${s.token(32)}\n`;
    const findings = analyzeText(text, 'x.sh').findings;
    const fixes = findings.map((f) => envReferenceFix(text, f)!);
    const overlapping = { title: 'overlapping', edits: [{ range: { ...findings[0].range }, newText: 'X' }] };
    const edits = combineFixes([...fixes, overlapping]);
    assert.equal(edits.length, 2);
    assert.equal(applyEdits(text, edits), 'API_TOKEN=${API_TOKEN}\nDEPLOY_TOKEN=${DEPLOY_TOKEN}\n');
  });
});
