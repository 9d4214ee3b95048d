import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Secrets } from '../helpers/text';
import { validateSarif } from '../helpers/sarif';
import { VERSION } from '../../src/cli/version';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const s = new Secrets(99);

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A small tree with known findings, built fresh (secrets generated at run time). */
function makeTree(): { dir: string; secrets: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-cli-'));
  const token = s.token(32);
  const pw = s.password();
  fs.mkdirSync(path.join(dir, 'src'));
  fs.mkdirSync(path.join(dir, 'ignored'));
  fs.writeFileSync(path.join(dir, 'src', 'app.ts'), `export const apiKey = "${token}";\n`);
  fs.writeFileSync(path.join(dir, 'config.yml'), `db:\n  password: "${pw}"\n`);
  fs.writeFileSync(path.join(dir, 'ignored', 'x.env'), `API_TOKEN=${s.token(32)}\n`);
  fs.writeFileSync(path.join(dir, '.gitignore'), 'ignored/\n');
  fs.writeFileSync(path.join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
  return { dir, secrets: [token, pw] };
}

describe('nhi-lens CLI (the built bundle, as a process)', () => {
  it('scan: text output, exit 1 on findings, nothing secret printed, .gitignore honoured', () => {
    const { dir, secrets } = makeTree();
    const r = cli(['scan', '.'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^config\.yml:2:14 {2}HIGH {2}generic-password/m);
    assert.match(r.stdout, /^src\/app\.ts:1:24 {2}HIGH {2}generic-secret/m);
    assert.ok(!r.stdout.includes('ignored/'), 'gitignored file scanned');
    for (const secret of secrets) assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret));
  });

  it('scan --format sarif --output writes a schema-valid SARIF file', () => {
    const { dir } = makeTree();
    const r = cli(['scan', dir, '--format', 'sarif', '--output', 'out.sarif'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    const log = JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8'));
    assert.deepEqual(validateSarif(log), []);
    assert.deepEqual(log.runs[0].results.map((x: { ruleId: string }) => x.ruleId), ['generic-password', 'generic-secret']);
  });

  it('scan -f html -o writes a self-contained HTML report', () => {
    const { dir, secrets } = makeTree();
    const r = cli(['scan', '.', '-f', 'html', '-o', 'report.html'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /html report written to report\.html \(2 findings\)/);
    const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.ok(html.includes(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`));
    assert.ok(html.includes('src/app.ts:1') && html.includes('config.yml:2'));
    assert.ok(!/<script/i.test(html));
    for (const secret of secrets) assert.ok(!html.includes(secret));
  });

  it('--fail-on decides the exit code', () => {
    const { dir } = makeTree();
    assert.equal(cli(['scan', '.', '--fail-on', 'critical'], dir).code, 0);
    assert.equal(cli(['scan', '.', '--fail-on', 'high'], dir).code, 1);
  });

  it('exit 0 and "No findings" on a clean tree; JSON is deterministic', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-cli-'));
    fs.writeFileSync(path.join(dir, 'a.js'), 'const token = process.env.TOKEN;\n');
    const r = cli(['scan', '.'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /No findings in 1 files/);
    const { dir: d2 } = makeTree();
    const a = JSON.parse(cli(['scan', '.', '-f', 'json'], d2).stdout);
    const b = JSON.parse(cli(['scan', '.', '-f', 'json'], d2).stdout);
    delete a.stats;
    delete b.stats;
    assert.deepEqual(a, b);
  });

  it('baseline: recorded findings are hidden, new ones still fail', () => {
    const { dir } = makeTree();
    assert.equal(cli(['baseline', '.', '-o', 'baseline.json'], dir).code, 0);
    const stored = fs.readFileSync(path.join(dir, 'baseline.json'), 'utf8');
    assert.equal(JSON.parse(stored).findings.length, 2);
    assert.equal(cli(['scan', '.', '--baseline', 'baseline.json'], dir).code, 0);
    fs.writeFileSync(path.join(dir, 'new.env'), `SERVICE_TOKEN=${s.token(30)}\n`);
    const r = cli(['scan', '.', '--baseline', 'baseline.json'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^new\.env:1:15/m);
    assert.ok(!r.stdout.includes('config.yml'));
  });

  it('config: ignore globs and disabled rules apply; a bad config exits 2 naming file, line and field', () => {
    const { dir } = makeTree();
    fs.writeFileSync(path.join(dir, '.nhi-lens.yaml'), 'ignore: ["src/**"]\ndisabledRules: [generic-password]\n');
    assert.equal(cli(['scan', '.'], dir).code, 0);
    fs.writeFileSync(path.join(dir, '.nhi-lens.yaml'), 'ignore: []\nseverity:\n  generic-secret: urgent\n');
    const r = cli(['scan', '.'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\.nhi-lens\.yaml:3:\d+: severity\.generic-secret: /);
  });

  it('finds .nhi-lens.yaml in a parent directory; its globs are relative to it', () => {
    const { dir } = makeTree();
    fs.mkdirSync(path.join(dir, '.git'));
    fs.writeFileSync(path.join(dir, '.nhi-lens.yaml'), 'ignore: ["src/app.ts"]\n');
    const r = cli(['scan', 'src'], dir);
    assert.equal(r.code, 0, r.stdout);
    const inside = cli(['scan', '.'], path.join(dir, 'src'));
    assert.equal(inside.code, 0, inside.stdout);
  });

  it('--verbose lists skipped files with a reason', () => {
    const { dir } = makeTree();
    const r = cli(['scan', '.', '--verbose'], dir);
    assert.match(r.stderr, /skipped logo\.png: binary file/);
    assert.match(r.stderr, /skipped ignored: ignored by \.gitignore/);
  });

  it('usage errors exit 2 with a clear message', () => {
    const dir = os.tmpdir();
    const bad = cli(['scan', '--format', 'xml'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format must be one of text, json, sarif, markdown/);
    assert.equal(cli(['scan', '/no/such/path'], dir).code, 2);
    assert.equal(cli(['frobnicate'], dir).code, 2);
    assert.equal(cli(['scan', '--nope'], dir).code, 2);
  });

  it('--help documents the exit codes; --version matches package.json', () => {
    const help = cli(['--help'], os.tmpdir());
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 /);
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
    assert.equal(VERSION, pkg.version);
    assert.equal(cli(['--version'], os.tmpdir()).stdout.trim(), pkg.version);
  });

  it('the fingerprint key comes from NHI_LENS_FINGERPRINT_KEY', () => {
    const { dir } = makeTree();
    const a = JSON.parse(cli(['scan', '.', '-f', 'json'], dir, { NHI_LENS_FINGERPRINT_KEY: 'team-a' }).stdout);
    const b = JSON.parse(cli(['scan', '.', '-f', 'json'], dir, { NHI_LENS_FINGERPRINT_KEY: 'team-b' }).stdout);
    assert.notEqual(a.findings[0].fingerprint, b.findings[0].fingerprint);
  });

  it('rules lists at least 60 credential kinds', () => {
    const r = cli(['rules', '--format', 'json'], os.tmpdir());
    const rules = JSON.parse(r.stdout) as Array<{ kind: string }>;
    assert.ok(new Set(rules.map((x) => x.kind)).size >= 60);
  });
});
