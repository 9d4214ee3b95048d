/**
 * A throw-away workspace with FAKE credentials generated at run time by the project's own
 * generator (src/core/rules/fake.ts): nothing credential-shaped is committed. Every planted
 * finding is checked with the engine itself (analyzeText) before any VS Code starts, so a test
 * that fails in VS Code points at the extension, not at the fixture.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../../../src/core/analyzeFile';
import { Fake } from '../../../src/core/rules/fake';
import type { Finding } from '../../../src/core/types';
import { PLANTED_ENV, type Planted, type PlantedWorkspace } from '../planted';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The file contents, keyed by workspace-relative path. */
function plantFiles(fake: Fake): Record<string, string> {
  const githubPat = fake.crcToken('ghp_');
  const stripeKey = `sk_live_51${fake.alnum(97)}`;
  const awsKeyId = `AKIA${fake.chars(BASE32, 16)}`;
  const npmToken = fake.crcToken('npm_');
  const ignoredPat = fake.crcToken('ghp_');
  return {
    'src/app.js': [
      "const { Octokit } = require('@octokit/rest');",
      '',
      `const token = "${githubPat}";`,
      'module.exports = new Octokit({ auth: token });',
      '',
    ].join('\n'),
    'src/clean.js': ["const token = process.env.GITHUB_TOKEN;", 'module.exports = { token };', ''].join('\n'),
    'config/settings.py': [
      'DEBUG = False',
      'ALLOWED_HOSTS = ["shop.example.com"]',
      `STRIPE_SECRET_KEY = "${stripeKey}"`,
      '',
    ].join('\n'),
    '.github/workflows/deploy.yml': [
      'name: deploy',
      'on:',
      '  push:',
      '    branches: [main]',
      'jobs:',
      '  deploy:',
      '    runs-on: ubuntu-latest',
      '    env:',
      `      AWS_ACCESS_KEY_ID: ${awsKeyId}`,
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - uses: aws-actions/configure-aws-credentials@v4',
      '        with:',
      '          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}',
      '          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}',
      '          aws-region: eu-west-1',
      '      - run: aws s3 sync ./site s3://shop-site',
      '',
    ].join('\n'),
    'deep/nested/unopened.env': ['# only a workspace audit reads this file', `NPM_TOKEN=${npmToken}`, ''].join('\n'),
    '.gitignore': ['local/', ''].join('\n'),
    'local/secrets.env': [`GITHUB_TOKEN=${ignoredPat}`, ''].join('\n'),
  };
}

function toPlanted(f: Finding): Planted {
  return { path: f.path, ruleId: f.ruleId, kind: f.kind, title: f.title, owasp: f.owasp, range: f.range, redacted: f.redacted };
}

/** The one finding of `ruleId` the engine reports on the planted file; throws if it is not exactly one. */
function expectFinding(files: Record<string, string>, rel: string, ruleId: string): Planted {
  const found = analyzeText(files[rel], rel).findings.filter((f) => f.ruleId === ruleId);
  if (found.length !== 1) {
    const all = analyzeText(files[rel], rel).findings.map((f) => f.ruleId);
    throw new Error(`e2e workspace: expected one ${ruleId} in ${rel}, the engine reports [${all.join(', ')}]`);
  }
  return toPlanted(found[0]);
}

export interface CreatedWorkspace extends PlantedWorkspace {
  /** The manifest file; pass `env` to the server so the extension host can read it. */
  manifest: string;
  env: Record<string, string>;
}

/**
 * Writes the workspace into `<parent>/workspace` and its manifest beside it (outside the
 * workspace, so an audit never reads it). `seed` varies the fake values.
 */
export function createWorkspace(parent: string, seed = 0x1e25): CreatedWorkspace {
  const root = path.join(parent, 'workspace');
  const files = plantFiles(new Fake(seed));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  const clean = analyzeText(files['src/clean.js'], 'src/clean.js').findings;
  if (clean.length) throw new Error(`e2e workspace: src/clean.js should be clean, the engine reports [${clean.map((f) => f.ruleId).join(', ')}]`);
  const planted: PlantedWorkspace = {
    root,
    app: expectFinding(files, 'src/app.js', 'github-pat'),
    cleanPath: 'src/clean.js',
    settings: expectFinding(files, 'config/settings.py', 'stripe-secret-key'),
    workflowKey: expectFinding(files, '.github/workflows/deploy.yml', 'aws-access-key-id'),
    workflowStaticKeys: expectFinding(files, '.github/workflows/deploy.yml', 'gha-aws-static-keys'),
    unopened: expectFinding(files, 'deep/nested/unopened.env', 'npm-access-token'),
    // Detected when scanned on its own: only .gitignore keeps it out of an audit.
    ignored: expectFinding(files, 'local/secrets.env', 'github-pat'),
  };
  const manifest = path.join(parent, 'planted.json');
  fs.writeFileSync(manifest, JSON.stringify(planted, null, 2));
  return { ...planted, manifest, env: { [PLANTED_ENV]: manifest } };
}

/** A planted value, read back from its file at its range. Kept in memory only. */
export function plantedValue(ws: PlantedWorkspace, p: Planted): string {
  const line = fs.readFileSync(path.join(ws.root, p.path), 'utf8').split('\n')[p.range.startLine];
  return line.slice(p.range.startColumn, p.range.endColumn);
}

/** Every planted value, for masking screenshots and for checks that something does NOT contain them. */
export function plantedValues(ws: PlantedWorkspace): string[] {
  return [ws.app, ws.settings, ws.workflowKey, ws.unopened, ws.ignored].map((p) => plantedValue(ws, p));
}
