import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../src/core/analyzeFile';
import { applyEdits } from '../../../src/core/fixes/apply';
import { Fake } from '../../../src/core/rules/fake';
import { analyze, assertFixResolves, rulesOf } from '../../helpers/ci';

const P = 'bitbucket-pipelines.yml';

function findings(text: string, rule: string) {
  return analyze(P, text).filter((f) => f.ruleId === rule);
}

describe('Bitbucket Pipelines analyzer', () => {
  it('owns bitbucket-pipelines.yml only', () => {
    const text = 'pipelines:\n  default:\n    - step:\n        script:\n          - echo "$API_TOKEN"\n';
    assert.deepEqual(rulesOf(P, text), ['bitbucket-secret-echoed']);
    assert.deepEqual(rulesOf('sub/bitbucket-pipelines.yaml', text), ['bitbucket-secret-echoed']);
    assert.deepEqual(rulesOf('pipelines.yml', text), []);
  });

  describe('bitbucket-aws-static-keys', () => {
    const keys = `image: node:20
pipelines:
  branches:
    main:
      - step:
          name: Deploy to S3
          deployment: production
          script:
            - npm run build
            - pipe: atlassian/aws-s3-deploy:1.6.0
              variables:
                AWS_ACCESS_KEY_ID: $AWS_ACCESS_KEY_ID
                AWS_SECRET_ACCESS_KEY: $AWS_SECRET_ACCESS_KEY
                AWS_DEFAULT_REGION: us-east-1
                S3_BUCKET: my-bucket
                LOCAL_PATH: dist
`;
    it('flags keys passed to an atlassian/aws-* pipe and switches the step to OIDC', () => {
      const [f] = findings(keys, 'bitbucket-aws-static-keys');
      assert.equal(f.identity, 'AWS_SECRET_ACCESS_KEY');
      assert.equal(f.owasp, 'NHI7');
      const after = assertFixResolves(P, keys, 'bitbucket-aws-static-keys', [11, 12]);
      assert.match(after, /^ {16}AWS_OIDC_ROLE_ARN: <ROLE_ARN>$/m);
      assert.match(after, /^ {10}oidc: true$/m);
    });

    it('flags an AWS pipe that takes the keys from repository variables', () => {
      const text = 'pipelines:\n  default:\n    - step:\n        script:\n          - pipe: atlassian/aws-cloudfront-invalidate:0.6.0\n            variables:\n              DISTRIBUTION_ID: E123\n';
      const [f] = findings(text, 'bitbucket-aws-static-keys');
      assert.equal(f.confidence, 'medium');
      const after = assertFixResolves(P, text, 'bitbucket-aws-static-keys', []);
      assert.match(after, /DISTRIBUTION_ID: E123\n {14}AWS_OIDC_ROLE_ARN: <ROLE_ARN>\n {8}oidc: true\n/);
    });

    it('puts oidc: true on the anchor a step is merged from', () => {
      const text = `definitions:
  steps:
    - step: &deploy
        name: Deploy
        script:
          - pipe: atlassian/aws-ecs-deploy:1.12.0
            variables:
              AWS_ACCESS_KEY_ID: $KEY_ID
              AWS_SECRET_ACCESS_KEY: $KEY_SECRET
              CLUSTER_NAME: app
pipelines:
  branches:
    main:
      - step:
          <<: *deploy
          deployment: production
`;
      const after = assertFixResolves(P, text, 'bitbucket-aws-static-keys', [7, 8]);
      assert.match(after, /CLUSTER_NAME: app\n {8}oidc: true\npipelines:/);
    });

    it('flags ECR images pulled with access keys and switches them to oidc-role', () => {
      const text = 'pipelines:\n  default:\n    - step:\n        image:\n          name: 123456789012.dkr.ecr.us-east-1.amazonaws.com/build:latest\n          aws:\n            access-key: $ECR_ACCESS_KEY\n            secret-key: $ECR_SECRET_KEY\n        script:\n          - make\n';
      const after = assertFixResolves(P, text, 'bitbucket-aws-static-keys', [6, 7]);
      assert.match(after, /aws:\n {12}oidc-role: <ROLE_ARN>\n/);
    });

    it('flags keys exported by the script', () => {
      const text = 'pipelines:\n  default:\n    - step:\n        script:\n          - export AWS_SECRET_ACCESS_KEY=$PROD_SECRET\n          - aws s3 ls\n';
      const [f] = findings(text, 'bitbucket-aws-static-keys');
      assert.equal(f.identity, 'PROD_SECRET');
      assert.equal(f.fixes, undefined);
    });

    it('does not flag the OIDC forms or non-AWS pipes', () => {
      const oidc = `pipelines:
  default:
    - step:
        oidc: true
        image:
          name: 123456789012.dkr.ecr.us-east-1.amazonaws.com/build:latest
          aws:
            oidc-role: arn:aws:iam::123456789012:role/pull
        script:
          - pipe: atlassian/aws-s3-deploy:1.6.0
            variables:
              AWS_DEFAULT_REGION: us-east-1
              AWS_OIDC_ROLE_ARN: $AWS_OIDC_ROLE_ARN
              S3_BUCKET: my-bucket
          - export AWS_ROLE_ARN=arn:aws:iam::123456789012:role/deploy
          - export AWS_WEB_IDENTITY_TOKEN_FILE=$(pwd)/web-identity-token
          - echo $BITBUCKET_STEP_OIDC_TOKEN > $(pwd)/web-identity-token
          - aws sts get-caller-identity
          - pipe: sonarsource/sonarcloud-scan:1.2.1
            variables:
              SONAR_TOKEN: $SONAR_TOKEN
`;
      assert.deepEqual(rulesOf(P, oidc), []);
    });
  });

  describe('bitbucket-secret-echoed', () => {
    it('flags printed credentials, not piped ones', () => {
      const text = 'pipelines:\n  default:\n    - step:\n        script:\n          - echo "token=$NPM_TOKEN"\n          - echo "$DOCKER_PASSWORD" | docker login -u "$DOCKER_USER" --password-stdin\n          - echo "$NPM_TOKEN" > .npmrc\n';
      const fs = findings(text, 'bitbucket-secret-echoed');
      assert.deepEqual(fs.map((f) => [f.range.startLine, f.identity]), [[4, 'NPM_TOKEN']]);
    });
  });

  describe('bitbucket-personal-credential', () => {
    it('flags app passwords (tied to a user), not access tokens', () => {
      const text = `pipelines:
  default:
    - step:
        script:
          - git push https://$BB_USER:$BB_APP_PASSWORD@bitbucket.org/team/repo.git
          - git push https://x-token-auth:$REPOSITORY_ACCESS_TOKEN@bitbucket.org/team/repo.git
          - pipe: atlassian/bitbucket-upload-file:0.7.1
            variables:
              BITBUCKET_USERNAME: $BITBUCKET_USERNAME
              BITBUCKET_APP_PASSWORD: $BITBUCKET_APP_PASSWORD
              FILENAME: dist.zip
`;
      const fs = findings(text, 'bitbucket-personal-credential');
      assert.deepEqual(fs.map((f) => f.identity), ['BB_APP_PASSWORD', 'BITBUCKET_APP_PASSWORD']);
      assert.equal(fs[0].owasp, 'NHI10');
    });
  });

  it('moves a literal credential to a secured variable $NAME', () => {
    const token = new Fake(9).crcToken('ghp_');
    const text = `pipelines:\n  default:\n    - step:\n        script:\n          - pipe: atlassian/github-release:1.0.0\n            variables:\n              GITHUB_TOKEN: '${token}'\n`;
    const f = analyze(P, text).find((x) => x.ruleId === 'github-pat');
    assert.ok(f?.fixes?.length);
    const fix = f.fixes[f.fixes.length - 1];
    assert.match(applyEdits(text, fix.edits), /GITHUB_TOKEN: \$GITHUB_TOKEN\n/);
    assert.match(fix.title, /secured repository or deployment variable/);
  });

  it('reports malformed YAML once, without crashing', () => {
    assert.deepEqual(rulesOf(P, 'pipelines:\n  default:\n    - step:\n      script: [\n'), ['ci-yaml-parse-error']);
  });

  it('records identity uses with the deployment environment and branch pattern', () => {
    const text = `definitions:
  steps:
    - step: &publish
        name: Publish
        script:
          - npm publish --token "$NPM_TOKEN"
pipelines:
  default:
    - step: *publish
  branches:
    'release/*':
      - stage:
          name: Ship
          deployment: staging
          steps:
            - step: *publish
    main:
      - parallel:
          - step:
              name: Deploy
              deployment: production
              script:
                - pipe: atlassian/ssh-run:0.8.0
                  variables:
                    SSH_KEY: $PROD_SSH
                    SERVER: $PROD_HOST
                - ./notify.sh "$BITBUCKET_STEP_OIDC_TOKEN" "$SLACK_WEBHOOK_SECRET"
`;
    const uses = analyzeText(text, P).uses.filter((u) => u.platform === 'bitbucket');
    assert.deepEqual(uses.map((u) => `${u.key}|${u.job}|${u.step}|${u.environment ?? ''}|${(u.branches ?? []).join(',')}`), [
      'bitbucket:ci-variable:NPM_TOKEN|Publish|script||',
      'bitbucket:ci-variable:NPM_TOKEN|Publish|script|staging|release/*',
      'bitbucket:ci-variable:SLACK_WEBHOOK_SECRET|Deploy|script|production|main',
      'bitbucket:ci-variable:PROD_SSH|Deploy|pipe atlassian/ssh-run|production|main',
    ]);
    for (const u of uses) assert.equal(u.workflow, 'bitbucket-pipelines.yml');
  });
});
