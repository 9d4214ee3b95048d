import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../../../src/core/config/load';
import { render } from '../../../src/core/reports';
import { Fake } from '../../../src/core/rules/fake';
import { scanPaths } from '../../../src/core/scan';
import { validateSarif } from '../../helpers/sarif';

const y = (...lines: string[]) => lines.join('\n') + '\n';

function deployWorkflow(env: string, secret = 'DEPLOY_TOKEN'): string {
  return y(`name: deploy-${env}`, 'on: push', 'permissions:', '  contents: read', 'jobs:', '  deploy:', '    runs-on: ubuntu-latest', `    environment: ${env}`, '    steps:', '      - run: ./deploy.sh', '        env:', `          TOKEN: \${{ secrets.${secret} }}`);
}

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-shared-'));
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, path.dirname(p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), text);
  }
  return dir;
}

describe('identity graph and shared automation accounts', () => {
  it('reports a deploy token shared by staging and production on each use, with the other as related', async () => {
    const dir = tree({ '.github/workflows/staging.yml': deployWorkflow('staging'), '.github/workflows/production.yml': deployWorkflow('production') });
    const r = await scanPaths([dir], { cwd: dir, workers: 1 });
    const shared = r.findings.filter((f) => f.ruleId === 'shared-automation-account');
    assert.deepEqual(shared.map((f) => [f.path, f.range.startLine, f.identity, f.severity, f.owasp]), [
      ['.github/workflows/production.yml', 11, 'DEPLOY_TOKEN', 'high', 'NHI9'],
      ['.github/workflows/staging.yml', 11, 'DEPLOY_TOKEN', 'high', 'NHI9'],
    ]);
    assert.match(shared[0].title, /DEPLOY_TOKEN is shared by 2 pipelines .* and 2 environments \(production, staging\)/);
    assert.equal(shared[0].related?.[0].path, '.github/workflows/staging.yml');
    const identity = r.identities.identities.find((i) => i.key === 'github:ci-secret:DEPLOY_TOKEN')!;
    assert.deepEqual(identity.environments, ['production', 'staging']);
    assert.equal(identity.uses.length, 2);
  });

  it('does not report one secret used by two jobs of one workflow in one environment', async () => {
    const wf = y('on: push', 'permissions: {}', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    environment: prod', '    steps:', '      - run: ./a', '        env:', '          T: ${{ secrets.DEPLOY_TOKEN }}', '  b:', '    runs-on: ubuntu-latest', '    environment: prod', '    steps:', '      - run: ./b', '        env:', '          T: ${{ secrets.DEPLOY_TOKEN }}');
    const dir = tree({ '.github/workflows/ci.yml': wf });
    const r = await scanPaths([dir], { cwd: dir, workers: 1 });
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'shared-automation-account'), []);
    assert.equal(r.identities.identities[0].jobs.length, 2);
  });

  it('honours configured thresholds', async () => {
    const dir = tree({ '.github/workflows/a.yml': deployWorkflow('prod'), '.github/workflows/b.yml': deployWorkflow('prod') });
    const strict = await scanPaths([dir], { cwd: dir, workers: 1 });
    assert.equal(strict.findings.filter((f) => f.ruleId === 'shared-automation-account').length, 2);
    const config = parseConfig('sharedAccounts:\n  pipelines: 3\n', 'x');
    const relaxed = await scanPaths([dir], { cwd: dir, workers: 1, config });
    assert.equal(relaxed.findings.filter((f) => f.ruleId === 'shared-automation-account').length, 0);
  });

  it('treats one literal credential in two files as one reused identity', async () => {
    const token = new Fake(9).crcToken('ghp_');
    const dir = tree({ 'a/.env': `GH_TOKEN=${token}\n`, 'b/config.yml': `github:\n  token: ${token}\n` });
    const r = await scanPaths([dir], { cwd: dir, workers: 1 });
    const shared = r.findings.filter((f) => f.ruleId === 'shared-automation-account');
    assert.equal(shared.length, 2);
    assert.ok(!JSON.stringify(r).includes(token), 'a value leaked into the result');
    const literal = r.identities.identities.find((i) => i.kind === 'literal')!;
    assert.equal(literal.pipelines.length, 2);
    assert.match(literal.name, /^github-pat ghp_…$/);
  });

  it('SARIF carries related locations and fixes, and stays schema-valid', async () => {
    const aws = y('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    environment: prod', '    steps:', '      - uses: aws-actions/configure-aws-credentials@v4', '        with:', '          aws-access-key-id: ${{ secrets.AWS_ID }}', '          aws-secret-access-key: ${{ secrets.AWS_SECRET }}');
    const dir = tree({ '.github/workflows/a.yml': aws, '.github/workflows/b.yml': deployWorkflow('staging', 'AWS_SECRET') });
    const r = await scanPaths([dir], { cwd: dir, workers: 1 });
    const log = JSON.parse(render('sarif', { ...r, tool: { name: 'NHI Lens', version: '0', informationUri: 'https://example.invalid' }, root: dir }));
    assert.deepEqual(validateSarif(log), []);
    const results = log.runs[0].results as Array<{ ruleId: string; fixes?: unknown[]; relatedLocations?: unknown[] }>;
    assert.ok(results.some((x) => x.ruleId === 'gha-aws-static-keys' && x.fixes?.length));
    assert.ok(results.some((x) => x.ruleId === 'shared-automation-account' && x.relatedLocations?.length));
  });
});
