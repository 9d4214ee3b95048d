import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../src/core/analyzeFile';
import { Fake } from '../../../src/core/rules/fake';
import { analyze, assertFixResolves, rulesOf } from '../../helpers/ci';

const WF = '.github/workflows/deploy.yml';

/** Joins lines so fixtures read like files and line numbers are easy to count (0-based). */
const y = (...lines: string[]) => lines.join('\n') + '\n';

const awsKeys = y(
  'name: deploy', // 0
  'on:',
  '  push:',
  '    branches: [main]',
  'permissions:',
  '  contents: read', // 5
  'jobs:',
  '  deploy:',
  '    runs-on: ubuntu-latest',
  '    environment: production',
  '    steps:', // 10
  '      - uses: actions/checkout@v4',
  '      - name: Configure AWS',
  '        uses: aws-actions/configure-aws-credentials@v4',
  '        with:',
  '          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}', // 15
  '          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}',
  '          aws-region: eu-west-1',
  '      - run: aws s3 sync ./site s3://bucket',
);

describe('GitHub Actions: long-lived cloud credentials where federation exists', () => {
  it('reports configure-aws-credentials with access keys, at the key input', () => {
    const f = analyze(WF, awsKeys).find((x) => x.ruleId === 'gha-aws-static-keys')!;
    assert.equal(f.range.startLine, 15);
    assert.equal(f.owasp, 'NHI7');
    assert.equal(f.identity, 'AWS_ACCESS_KEY_ID');
  });

  it('rewrites it to role-to-assume with id-token: write on the job, seeded from workflow permissions', () => {
    const after = assertFixResolves(WF, awsKeys, 'gha-aws-static-keys', [15, 16]);
    assert.match(after, /\n {4}permissions:\n {6}contents: read\n {6}id-token: write\n {4}runs-on: ubuntu-latest\n/);
    assert.match(after, /\n {10}role-to-assume: arn:aws:iam::<ACCOUNT_ID>:role\/<ROLE_NAME>\n {10}aws-region: eu-west-1\n/);
  });

  it('adds id-token to an existing job permissions block instead', () => {
    const text = awsKeys.replace('    runs-on: ubuntu-latest\n', '    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n');
    const after = assertFixResolves(WF, text, 'gha-aws-static-keys', [17, 18]);
    assert.match(after, /permissions:\n {6}contents: read\n {6}id-token: write\n {4}environment/);
  });

  it('appends to a permissions map that ends a file without a final line break', () => {
    const text = y('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: azure/login@v2', '        with:', '          creds: ${{ secrets.AZURE_CREDENTIALS }}', '    permissions:', '      contents: read').replace(/\n$/, '');
    const after = assertFixResolves(WF, text, 'gha-azure-client-secret', [7]);
    assert.ok(after.endsWith('      contents: read\n      id-token: write'), after);
  });

  it('is silent on the OIDC form', () => {
    const oidc = y(
      'on: push',
      'permissions:',
      '  id-token: write',
      '  contents: read',
      'jobs:',
      '  deploy:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: aws-actions/configure-aws-credentials@v4',
      '        with:',
      '          role-to-assume: arn:aws:iam::123456789012:role/deploy',
      '          aws-region: eu-west-1',
    );
    assert.deepEqual(rulesOf(WF, oidc), []);
  });

  it('reports AWS keys passed through env', () => {
    const text = y('on: push', 'permissions: { contents: read }', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    env:', '      AWS_ACCESS_KEY_ID: ${{ secrets.AWS_KEY }}', '      AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET }}', '    steps:', '      - run: aws sts get-caller-identity');
    const f = analyze(WF, text).filter((x) => x.ruleId === 'gha-aws-static-keys');
    assert.deepEqual(f.map((x) => [x.range.startLine, x.identity]), [[7, 'AWS_SECRET']]);
  });

  it('azure/login creds → client-id, tenant-id, subscription-id', () => {
    const text = y('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: azure/login@v2', '        with:', '          creds: ${{ secrets.AZURE_CREDENTIALS }}', '      - run: az group list');
    const after = assertFixResolves(WF, text, 'gha-azure-client-secret', [7]);
    assert.match(after, /client-id: \$\{\{ secrets\.AZURE_CLIENT_ID \}\}\n {10}tenant-id: \$\{\{ secrets\.AZURE_TENANT_ID \}\}\n {10}subscription-id: \$\{\{ secrets\.AZURE_SUBSCRIPTION_ID \}\}\n/);
    assert.match(after, /permissions:\n {6}contents: read\n {6}id-token: write\n {4}runs-on/);
  });

  it('google-github-actions/auth credentials_json → workload_identity_provider + service_account', () => {
    const text = y('on: push', 'permissions:', '  contents: read', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', "      - uses: 'google-github-actions/auth@v2'", '        with:', "          credentials_json: '${{ secrets.GCP_SA_KEY }}'", '          create_credentials_file: true');
    const after = assertFixResolves(WF, text, 'gha-gcp-service-account-key', [9]);
    assert.match(after, /workload_identity_provider: projects\/<PROJECT_NUMBER>\/locations\/global\/workloadIdentityPools\/<POOL_ID>\/providers\/<PROVIDER_ID>\n {10}service_account: /);
    assert.deepEqual(rulesOf(WF, after.replace(/<[A-Z_]+>/g, 'x')), []);
  });

  it('hashicorp/vault-action token → method: jwt', () => {
    const text = y('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    permissions:', '      contents: read', '    steps:', '      - uses: hashicorp/vault-action@v3', '        with:', '          url: https://vault.example.com', '          token: ${{ secrets.VAULT_TOKEN }}', '          secrets: secret/data/ci npm_token | NPM_TOKEN');
    const after = assertFixResolves(WF, text, 'gha-vault-token-auth', [10]);
    assert.match(after, /method: jwt\n {10}role: <VAULT_ROLE>\n/);
  });
});

describe('GitHub Actions: registry publishing with long-lived tokens where trusted publishing exists', () => {
  it('PyPI password → trusted publishing', () => {
    const text = y('on:', '  release:', '    types: [published]', 'jobs:', '  pypi:', '    runs-on: ubuntu-latest', '    environment: pypi', '    steps:', '      - uses: pypa/gh-action-pypi-publish@release/v1', '        with:', '          user: __token__', '          password: ${{ secrets.PYPI_API_TOKEN }}', '          skip-existing: true');
    const after = assertFixResolves(WF, text, 'gha-pypi-api-token', [10, 11]);
    assert.match(after, /with:\n {10}skip-existing: true/);
  });

  it('npm publish with NODE_AUTH_TOKEN → OIDC', () => {
    const text = y('on: push', 'jobs:', '  publish:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/setup-node@v4', '      - run: npm publish --access public', '        env:', '          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}');
    const after = assertFixResolves(WF, text, 'gha-npm-publish-token', [7, 8]);
    assert.doesNotMatch(after, /NODE_AUTH_TOKEN/);
  });

  it('twine upload with a PyPI token is reported', () => {
    const text = y('on: push', 'permissions: {}', 'jobs:', '  p:', '    runs-on: ubuntu-latest', '    steps:', '      - run: twine upload dist/*', '        env:', '          TWINE_USERNAME: __token__', '          TWINE_PASSWORD: ${{ secrets.PYPI_TOKEN }}');
    assert.deepEqual(analyze(WF, text).filter((f) => f.ruleId === 'gha-pypi-api-token').map((f) => [f.range.startLine, f.identity]), [[9, 'PYPI_TOKEN']]);
  });

  it('cargo publish with a token → a short-lived token from crates-io-auth-action', () => {
    const text = y('on: push', 'permissions:', '  contents: read', 'jobs:', '  crate:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '      - run: cargo publish', '        env:', '          CARGO_REGISTRY_TOKEN: ${{ secrets.CRATES_TOKEN }}');
    const f = analyze(WF, text).find((x) => x.ruleId === 'gha-crates-io-token')!;
    assert.equal(f.identity, 'CRATES_TOKEN');
    const after = assertFixResolves(WF, text, 'gha-crates-io-token', [10]);
    assert.match(after, /\n {6}- name: Authenticate with crates\.io\n {8}id: crates-io-auth\n {8}uses: rust-lang\/crates-io-auth-action@v1\n {6}- run: cargo publish\n {8}env:\n {10}CARGO_REGISTRY_TOKEN: \$\{\{ steps\.crates-io-auth\.outputs\.token \}\}\n/);
    assert.match(after, /permissions:\n {6}contents: read\n {6}id-token: write\n {4}runs-on/);
  });

  it('gem push with GEM_HOST_API_KEY → configure-rubygems-credentials', () => {
    const text = y('on: push', 'permissions: {}', 'jobs:', '  gem:', '    runs-on: ubuntu-latest', '    steps:', '      - run: gem push pkg/*.gem', '        env:', '          GEM_HOST_API_KEY: ${{ secrets.RUBYGEMS_KEY }}');
    const after = assertFixResolves(WF, text, 'gha-rubygems-api-key', [7, 8]);
    assert.match(after, /- name: Configure RubyGems credentials \(trusted publishing\)\n {8}uses: rubygems\/configure-rubygems-credentials@v1\.0\.0\n {6}- run: gem push pkg\/\*\.gem\n$/);
  });
});

describe('GitHub Actions: over-broad exposure', () => {
  it('secrets: inherit', () => {
    const text = y('on: push', 'permissions: {}', 'jobs:', '  call:', '    uses: org/shared/.github/workflows/deploy.yml@main', '    secrets: inherit');
    assert.deepEqual(analyze(WF, text).filter((f) => f.ruleId === 'gha-secrets-inherit').map((f) => f.range.startLine), [5]);
    assert.deepEqual(rulesOf(WF, text.replace('secrets: inherit', 'secrets:\n      token: ${{ secrets.DEPLOY_TOKEN }}')), []);
  });

  it('a secret handed to a third-party action pinned to a tag, not a SHA', () => {
    const text = y('on: push', 'permissions: {}', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: some-vendor/upload-action@v2', '        with:', '          api-key: ${{ secrets.VENDOR_KEY }}');
    const [f] = analyze(WF, text).filter((x) => x.ruleId === 'gha-unpinned-action-with-secrets');
    assert.equal(f.range.startLine, 6);
    assert.equal(f.related?.[0].range.startLine, 8);
    const pinned = text.replace('@v2', '@8f4b7f84864484a7bf31766abe9204da3cbe65b3');
    assert.deepEqual(rulesOf(WF, pinned), []);
    assert.deepEqual(rulesOf(WF, text.replace('some-vendor/upload-action', 'actions/upload-artifact')), []);
  });

  it('pull_request_target that checks out the pull request head', () => {
    const text = y('on: pull_request_target', 'permissions:', '  contents: read', 'jobs:', '  test:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '        with:', '          ref: ${{ github.event.pull_request.head.sha }}', '      - run: npm test', '        env:', '          TOKEN: ${{ secrets.TEST_TOKEN }}');
    const f = analyze(WF, text).find((x) => x.ruleId === 'gha-pull-request-target-checkout')!;
    assert.equal(f.severity, 'critical');
    assert.equal(f.range.startLine, 9);
    assert.deepEqual(rulesOf(WF, text.replace('pull_request_target', 'pull_request')), []);
  });

  it('secrets echoed, written to GITHUB_ENV, or passed on the command line', () => {
    const text = y(
      'on: push', 'permissions: {}', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    env:', '      API_TOKEN: ${{ secrets.API_TOKEN }}', '    steps:', '      - run: |',
      '          echo "token is $API_TOKEN"', // 9
      '          echo "X=${{ secrets.OTHER }}" >> $GITHUB_ENV', // 10
      '          curl -H "Authorization: Bearer ${{ secrets.API_TOKEN }}" https://api.example.com', // 11
      '          ./deploy.sh', // 12
    );
    const found = analyze(WF, text).filter((f) => f.ruleId.startsWith('gha-secret')).map((f) => [f.ruleId, f.range.startLine, f.identity]);
    assert.deepEqual(found, [['gha-secret-echoed', 9, 'API_TOKEN'], ['gha-secret-echoed', 10, 'OTHER'], ['gha-secret-in-command-line', 11, 'API_TOKEN']]);
  });

  it('permissions: write-all, and a workflow with secrets but no permissions block', () => {
    const text = y('on: push', 'permissions: write-all', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - run: ./x', '        env:', '          T: ${{ secrets.T }}');
    assert.ok(rulesOf(WF, text).includes('gha-permissions-write-all'));
    const none = text.replace('permissions: write-all\n', '');
    assert.deepEqual(analyze(WF, none).filter((f) => f.ruleId === 'gha-missing-permissions').map((f) => f.range.startLine), [0]);
    const noSecrets = none.replace('${{ secrets.T }}', 'plain');
    assert.deepEqual(rulesOf(WF, noSecrets), []);
  });
});

describe('GitHub Actions: a person’s credentials used by automation', () => {
  it('personal token names, personal git identity with a push, docker login as a person', () => {
    const text = y(
      'on: push', 'permissions: {}', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:',
      '      - run: |', // 6
      '          git config user.email "ana.silva@acme.com"',
      '          git commit -am bump && git push',
      '          docker login -u anasilva -p "$REG_PASSWORD" registry.acme.com',
      '        env:', // 10
      '          GH_TOKEN: ${{ secrets.ANA_PAT }}',
    );
    const found = analyze(WF, text).filter((f) => f.ruleId === 'gha-personal-credential').map((f) => f.range.startLine).sort((a, b) => a - b);
    assert.deepEqual(found, [7, 9, 11]);
    const bot = text.replace('ana.silva@acme.com', '41898282+github-actions[bot]@users.noreply.github.com').replace('-u anasilva', '-u ci-deployer').replace('ANA_PAT', 'DEPLOY_APP_TOKEN');
    assert.deepEqual(analyze(WF, bot).filter((f) => f.ruleId === 'gha-personal-credential'), []);
  });
});

describe('GitHub Actions: literal credentials and identities', () => {
  it('offers to replace a literal token by ${{ secrets.NAME }} named after its key', () => {
    const token = new Fake(3).crcToken('ghp_');
    const text = y('on: push', 'permissions: {}', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - run: gh release list', '        env:', `          GH_TOKEN: ${token}`);
    const f = analyze(WF, text).find((x) => x.ruleId === 'github-pat')!;
    assert.equal(f.fixes?.[0].edits[0].newText, '${{ secrets.GH_TOKEN }}');
    const after = assertFixResolves(WF, text, 'github-pat', [8]);
    assert.match(after, /GH_TOKEN: \$\{\{ secrets\.GH_TOKEN \}\}\n$/);
  });

  it('malformed YAML gives one parse-error finding at its position, no crash', () => {
    const found = analyze(WF, 'on: push\njobs:\n  a:\n    steps: [unclosed\n');
    assert.deepEqual(found.map((f) => f.ruleId), ['ci-yaml-parse-error']);
    assert.ok(found[0].range.startLine >= 3);
  });

  it('records every secret consumer with workflow, job, step, environment and branches', () => {
    const { uses } = analyzeText(awsKeys, WF);
    assert.deepEqual(
      uses.map((u) => [u.key, u.workflow, u.job, u.step, u.environment, u.branches, u.range.startLine]),
      [
        ['github:ci-secret:AWS_ACCESS_KEY_ID', 'deploy', 'deploy', 'Configure AWS', 'production', ['main'], 15],
        ['github:ci-secret:AWS_SECRET_ACCESS_KEY', 'deploy', 'deploy', 'Configure AWS', 'production', ['main'], 16],
      ],
    );
  });

  it('ignores commented-out secret references', () => {
    const text = y('on: push', 'permissions: {}', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: ossf/scorecard-action@v2', '        with:', '          results_file: results.sarif', '          # repo_token: ${{ secrets.SCORECARD_TOKEN }}');
    assert.deepEqual(analyzeText(text, WF).uses, []);
    assert.deepEqual(rulesOf(WF, text), []);
  });

  it('does not treat GITHUB_TOKEN as a standing identity', () => {
    const text = y('on: push', 'permissions: {}', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/github-script@v7', '        with:', '          github-token: ${{ secrets.GITHUB_TOKEN }}');
    assert.deepEqual(analyzeText(text, WF).uses, []);
  });
});

describe('adversarial YAML', () => {
  it('refuses inputs whose parse time would explode, with a reason, instead of hanging', () => {
    for (const text of ['"'.repeat(300_000), '['.repeat(60_000), `on: push\nx: ${'"" '.repeat(30_000)}\n`]) {
      const found = analyze(WF, text).filter((f) => f.ruleId === 'ci-yaml-parse-error');
      assert.equal(found.length, 1);
      assert.match(found[0].title, /^Pipeline not analysed: too (deeply nested or quoted|many quoted strings)/);
    }
    const big = `on: push\n${'# filler line for size\n'.repeat(30_000)}`;
    assert.match(analyze(WF, big).find((f) => f.ruleId === 'ci-yaml-parse-error')!.title, /larger than 512 KB/);
  });
});
