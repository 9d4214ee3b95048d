import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../src/core/analyzeFile';
import { applyEdits } from '../../../src/core/fixes/apply';
import { isCircleCi } from '../../../src/core/ci/circleci/analyzer';
import { Fake } from '../../../src/core/rules/fake';
import { analyze, assertFixResolves, changedLines, rulesOf } from '../../helpers/ci';

const C = '.circleci/config.yml';

/** Joins lines so fixtures read like files and line numbers are easy to count (0-based). */
const y = (...lines: string[]) => lines.join('\n') + '\n';

const of = (text: string, rule: string) => analyze(C, text).filter((f) => f.ruleId === rule);

const awsKeys = y(
  'version: 2.1', // 0
  'orbs:',
  '  aws-cli: circleci/aws-cli@4.1.3',
  'jobs:',
  '  deploy:',
  '    docker:', // 5
  '      - image: cimg/aws:2024.03',
  '    steps:',
  '      - checkout',
  '      - aws-cli/setup:',
  '          aws_access_key_id: $PROD_AWS_KEY_ID', // 10
  '          aws_secret_access_key: $PROD_AWS_SECRET',
  '          region: eu-west-1',
  '      - run: aws s3 sync build s3://site',
  'workflows:',
  '  release:', // 15
  '    jobs:',
  '      - deploy:',
  '          context: aws-prod',
  '          filters:',
  '            branches:', // 20
  '              only: main',
);

describe('CircleCI: AWS keys where CircleCI OIDC exists', () => {
  it('reports aws-cli/setup with access keys, at the secret parameter', () => {
    const [f] = of(awsKeys, 'circleci-aws-static-keys');
    assert.deepEqual([f.range.startLine, f.identity, f.confidence, f.owasp, f.severity], [11, 'PROD_AWS_SECRET', 'high', 'NHI7', 'high']);
  });

  it('replaces the key parameters by role_arn', () => {
    const after = assertFixResolves(C, awsKeys, 'circleci-aws-static-keys', [10, 11]);
    assert.match(after, /- aws-cli\/setup:\n {10}role_arn: <ROLE_ARN>\n {10}region: eu-west-1\n/);
  });

  it('reports a bare aws-cli/setup (default AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and gives it role_arn', () => {
    const text = awsKeys.replace('      - aws-cli/setup:\n          aws_access_key_id: $PROD_AWS_KEY_ID\n          aws_secret_access_key: $PROD_AWS_SECRET\n          region: eu-west-1\n', '      - aws-cli/setup\n');
    const [f] = of(text, 'circleci-aws-static-keys');
    assert.deepEqual([f.range.startLine, f.confidence, f.identity], [9, 'medium', 'AWS_SECRET_ACCESS_KEY']);
    const after = assertFixResolves(C, text, 'circleci-aws-static-keys', [9]);
    assert.match(after, /\n {6}- aws-cli\/setup:\n {10}role_arn: <ROLE_ARN>\n {6}- run:/);
  });

  it('uses kebab-case role-arn and role-session-name on aws-cli 3.1, and gives no fix before OIDC support', () => {
    const v3 = awsKeys.replace('@4.1.3', '@3.1').replace('aws_access_key_id', 'aws-access-key-id').replace('aws_secret_access_key', 'aws-secret-access-key').replace('region:', 'aws-region:');
    const after = assertFixResolves(C, v3, 'circleci-aws-static-keys', [10, 11]);
    assert.match(after, /role-arn: <ROLE_ARN>\n {10}role-session-name: deploy\n {10}aws-region: eu-west-1/);
    const v2 = v3.replace('@3.1', '@2.0.3');
    const [f] = of(v2, 'circleci-aws-static-keys');
    assert.equal(f.fixes, undefined);
    assert.match(f.title, /no OIDC support/);
  });

  it('is silent on the OIDC forms', () => {
    const oidc = awsKeys.replace('          aws_access_key_id: $PROD_AWS_KEY_ID\n          aws_secret_access_key: $PROD_AWS_SECRET\n', '          role_arn: arn:aws:iam::123456789012:role/circleci-deploy\n');
    assert.deepEqual(rulesOf(C, oidc), []);
    const manual = y('version: 2.1', 'jobs:', '  deploy:', '    docker: [{ image: cimg/aws:2024.03 }]', '    steps:', '      - run: |', '          read -r AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN <<< $(aws sts assume-role-with-web-identity --role-arn $ROLE --web-identity-token $CIRCLE_OIDC_TOKEN_V2 --role-session-name ci --query "Credentials.[AccessKeyId,SecretAccessKey,SessionToken]" --output text)', '          aws s3 ls');
    assert.deepEqual(rulesOf(C, manual), []);
  });

  it('reports aws-cli/install when the job then runs the CLI without federation, fixing it to setup with role_arn', () => {
    const text = y('version: 2.1', 'orbs:', '  aws-cli: circleci/aws-cli@5.1.0', 'jobs:', '  publish:', '    executor: aws-cli/default', '    steps:', '      - aws-cli/install', '      - run: aws s3 cp dist s3://bucket --recursive');
    const [f] = of(text, 'circleci-aws-static-keys');
    assert.deepEqual([f.range.startLine, f.confidence], [7, 'medium']);
    const after = assertFixResolves(C, text, 'circleci-aws-static-keys', [7]);
    assert.match(after, /- aws-cli\/setup:\n {10}role_arn: <ROLE_ARN>\n/);
    assert.deepEqual(rulesOf(C, text.replace('aws s3 cp dist s3://bucket --recursive', 'aws --version')), []);
  });

  it('reports AWS key parameters of other orbs, not when they take a role', () => {
    const text = y('version: 2.1', 'orbs:', '  aws-ecr: circleci/aws-ecr@7.3.0', 'workflows:', '  build:', '    jobs:', '      - aws-ecr/build-and-push-image:', '          aws-access-key-id: ECR_KEY_ID', '          aws-secret-access-key: ECR_SECRET', '          repo: app');
    assert.deepEqual(of(text, 'circleci-aws-static-keys').map((f) => [f.range.startLine, f.identity]), [[8, 'ECR_SECRET']]);
    const role = y('version: 2.1', 'orbs:', '  aws-ecr: circleci/aws-ecr@9.3.0', '  aws-cli: circleci/aws-cli@5.1.0', 'workflows:', '  build:', '    jobs:', '      - aws-ecr/build_and_push_image:', '          auth:', '            - aws-cli/setup:', '                role_arn: arn:aws:iam::123456789012:role/ecr', '          repo: app');
    assert.deepEqual(rulesOf(C, role), []);
  });

  it('reports AWS_SECRET_ACCESS_KEY set from another variable in environment:', () => {
    const text = y('version: 2.1', 'jobs:', '  a:', '    docker: [{ image: cimg/base:stable }]', '    environment:', '      AWS_SECRET_ACCESS_KEY: $PROD_SECRET', '    steps: [checkout]');
    assert.deepEqual(of(text, 'circleci-aws-static-keys').map((f) => [f.range.startLine, f.identity]), [[5, 'PROD_SECRET']]);
  });

  it('reports docker aws_auth keys and fixes them to oidc_role_arn', () => {
    const text = y('version: 2.1', 'jobs:', '  test:', '    docker:', '      - image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/ci:latest', '        aws_auth:', '          aws_access_key_id: $ECR_KEY_ID', '          aws_secret_access_key: $ECR_SECRET', '    steps: [checkout]');
    const after = assertFixResolves(C, text, 'circleci-aws-static-keys', [6, 7]);
    assert.match(after, /aws_auth:\n {10}oidc_role_arn: <ROLE_ARN>\n/);
  });

  it('reports aws configure set with a secret in a run command', () => {
    const text = y('version: 2.1', 'jobs:', '  a:', '    docker: [{ image: cimg/base:stable }]', '    steps:', '      - run: aws configure set aws_secret_access_key $AWS_SECRET_PROD');
    assert.deepEqual(of(text, 'circleci-aws-static-keys').map((f) => [f.range.startLine, f.identity]), [[5, 'AWS_SECRET_PROD']]);
  });
});

describe('CircleCI: Google service-account keys where federation exists', () => {
  const gcp = y('version: 2.1', 'orbs:', '  gcp-cli: circleci/gcp-cli@3.1.1', 'jobs:', '  deploy:', '    executor: gcp-cli/default', '    steps:', '      - gcp-cli/setup:', '          gcloud_service_key: GCP_DEPLOY_KEY', '          google_project_id: GOOGLE_PROJECT_ID');

  it('reports gcp-cli/setup without use_oidc and switches it to use_oidc: true', () => {
    const [f] = of(gcp, 'circleci-gcp-service-account-key');
    assert.deepEqual([f.range.startLine, f.identity], [8, 'GCP_DEPLOY_KEY']);
    const after = assertFixResolves(C, gcp, 'circleci-gcp-service-account-key', [8]);
    assert.match(after, /- gcp-cli\/setup:\n {10}use_oidc: true\n {10}google_project_id: GOOGLE_PROJECT_ID\n/);
  });

  it('fixes a bare gcp-cli/setup, is silent with use_oidc: true', () => {
    const bare = y('version: 2.1', 'orbs:', '  gcp-cli: circleci/gcp-cli@3.3.0', 'jobs:', '  deploy:', '    executor: gcp-cli/default', '    steps:', '      - gcp-cli/setup', '      - run: gcloud run deploy app');
    assertFixResolves(C, bare, 'circleci-gcp-service-account-key', [7]);
    assert.deepEqual(rulesOf(C, bare.replace('      - gcp-cli/setup\n', '      - gcp-cli/setup:\n          use_oidc: true\n')), []);
  });

  it('reports gcp-cli 2.x initialize without a workload identity pool, with no fix (orb too old)', () => {
    const v2 = y('version: 2.1', 'orbs:', '  gcp-cli: circleci/gcp-cli@2.4.1', 'jobs:', '  a:', '    executor: gcp-cli/google', '    steps:', '      - gcp-cli/initialize');
    const [f] = of(v2, 'circleci-gcp-service-account-key');
    assert.equal(f.fixes, undefined);
    const pool = v2.replace('      - gcp-cli/initialize\n', '      - gcp-cli/initialize:\n          workload-identity-pool: projects/1/locations/global/workloadIdentityPools/p/providers/c\n          workload-identity-service-account: ci@proj.iam.gserviceaccount.com\n');
    assert.deepEqual(rulesOf(C, pool), []);
  });

  it('reports gcloud auth activate-service-account with a key file in a run command', () => {
    const text = y('version: 2.1', 'jobs:', '  a:', '    docker: [{ image: google/cloud-sdk }]', '    steps:', '      - run: |', '          echo $GCLOUD_SERVICE_KEY > key.json', '          gcloud auth activate-service-account --key-file=key.json');
    assert.deepEqual(of(text, 'circleci-gcp-service-account-key').map((f) => f.range.startLine), [7]);
  });
});

describe('CircleCI: secrets printed to the log', () => {
  it('reports echo of a credential variable, not redirects, pipes or built-ins', () => {
    const text = y(
      'version: 2.1',
      'jobs:',
      '  a:',
      '    docker: [{ image: cimg/node:20.11 }]',
      '    steps:',
      '      - run: |',
      '          echo "publishing with $NPM_TOKEN"',
      '          echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" >> ~/.npmrc',
      '          echo $DOCKER_PASSWORD | docker login -u bot --password-stdin',
      '          echo "$CIRCLE_BRANCH $IMAGE_TAG"',
    );
    assert.deepEqual(of(text, 'circleci-secret-echoed').map((f) => [f.range.startLine, f.identity, f.owasp]), [[6, 'NPM_TOKEN', 'NHI2']]);
  });
});

describe('CircleCI: literal credentials', () => {
  const fake = new Fake(0xc1);

  it('removes a literal from environment: (CircleCI does not interpolate it), naming the variable to create', () => {
    const text = y('version: 2.1', 'jobs:', '  a:', '    docker: [{ image: cimg/base:stable }]', '    environment:', '      APP_ENV: production', `      AWS_SECRET_ACCESS_KEY: ${fake.base64(40).replace(/[+/]/g, 'q')}`, '    steps: [checkout]');
    const f = analyze(C, text).find((x) => x.ruleId === 'aws-secret-access-key')!;
    const fix = f.fixes!.find((x) => /context/.test(x.title))!;
    assert.deepEqual(fix.placeholders, ['AWS_SECRET_ACCESS_KEY']);
    const after = applyEdits(text, fix.edits);
    assert.deepEqual(changedLines(text, after), [6]);
    assert.doesNotMatch(after, /AWS_SECRET_ACCESS_KEY/);
  });

  it('replaces a literal in a run command by ${NAME}', () => {
    const token = fake.crcToken('ghp_');
    const text = y('version: 2.1', 'jobs:', '  a:', '    docker: [{ image: cimg/base:stable }]', '    steps:', `      - run: gh release create v1 --token ${token}`);
    const f = analyze(C, text).find((x) => x.redacted)!;
    const fix = f.fixes!.find((x) => /\$\{GITHUB_PAT\}/.test(x.title))!;
    assert.equal(applyEdits(text, fix.edits), text.replace(token, '${GITHUB_PAT}'));
  });
});

describe('CircleCI: identity uses', () => {
  it('emits credential variables with workflow, job, step, branches; default orb keys; contexts', () => {
    const uses = analyzeText(awsKeys, C).uses;
    const secret = uses.find((u) => u.key === 'circleci:ci-secret:PROD_AWS_SECRET')!;
    assert.deepEqual([secret.kind, secret.range.startLine, secret.workflow, secret.job, secret.step, secret.branches, secret.platform], ['ci-secret', 11, 'release', 'deploy', 'aws-cli/setup', ['main'], 'circleci']);
    const ctx = uses.find((u) => u.key === 'circleci:ci-variable:context:aws-prod')!;
    assert.deepEqual([ctx.kind, ctx.name, ctx.range.startLine, ctx.workflow, ctx.job, ctx.branches], ['ci-variable', 'context:aws-prod', 18, 'release', 'deploy', ['main']]);
    const bare = awsKeys.replace('      - aws-cli/setup:\n          aws_access_key_id: $PROD_AWS_KEY_ID\n          aws_secret_access_key: $PROD_AWS_SECRET\n          region: eu-west-1\n', '      - aws-cli/setup\n');
    const keys = analyzeText(bare, C).uses.filter((u) => u.kind === 'ci-secret').map((u) => u.name).sort();
    assert.deepEqual(keys, ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
  });

  it('attributes reusable commands to the jobs that call them, and lists contexts of every invocation', () => {
    const text = y(
      'version: 2.1',
      'commands:',
      '  publish:',
      '    steps:',
      '      - run: npm publish --token $NPM_TOKEN',
      'jobs:',
      '  release:',
      '    docker: [{ image: cimg/node:20.11 }]',
      '    steps: [checkout, publish]',
      'workflows:',
      '  main:',
      '    jobs:',
      '      - release:',
      '          context: [npm, slack]',
    );
    const uses = analyzeText(text, C).uses;
    const npm = uses.find((u) => u.name === 'NPM_TOKEN')!;
    assert.deepEqual([npm.workflow, npm.job], ['main', 'publish']);
    assert.deepEqual(uses.filter((u) => u.kind === 'ci-variable').map((u) => u.name), ['context:npm', 'context:slack']);
  });
});

describe('CircleCI: files and parsing', () => {
  it('owns .circleci configs only', () => {
    assert.equal(isCircleCi('.circleci/config.yml', ''), true);
    assert.equal(isCircleCi('sub/.circleci/continue_config.yml', 'version: 2.1\njobs: {}\n'), true);
    assert.equal(isCircleCi('.circleci/README.yml', 'title: notes\n'), false);
    assert.equal(isCircleCi('circleci.yml', 'version: 2.1\n'), false);
  });

  it('reports malformed YAML once, without crashing', () => {
    assert.deepEqual(rulesOf(C, y('version: 2.1', 'jobs:', '  a:', '    steps: [checkout', '  b: {')), ['ci-yaml-parse-error']);
  });
});
