import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../src/core/analyzeFile';
import { applyEdits } from '../../../src/core/fixes/apply';
import { Fake } from '../../../src/core/rules/fake';
import { analyze, assertFixResolves, rulesOf } from '../../helpers/ci';

const P = '.gitlab-ci.yml';

function findings(text: string, rule: string, path = P) {
  return analyze(path, text).filter((f) => f.ruleId === rule);
}

function usesOf(text: string, path = P) {
  return analyzeText(text, path).uses;
}

describe('GitLab CI analyzer', () => {
  describe('files it owns', () => {
    const text = 'job:\n  script:\n    - echo "$API_TOKEN"\n';
    it('analyses .gitlab-ci.yml, *.gitlab-ci.yml and local includes under .gitlab/ci/', () => {
      for (const p of ['.gitlab-ci.yml', 'sub/.gitlab-ci.yaml', 'ci/deploy.gitlab-ci.yml', '.gitlab/ci/build.yml']) {
        assert.ok(rulesOf(p, text).includes('gitlab-secret-echoed'), p);
      }
    });
    it('leaves other YAML alone', () => {
      assert.deepEqual(rulesOf('ci/build.yml', text), []);
    });
  });

  describe('gitlab-aws-static-keys', () => {
    const jobKeys = `stages: [deploy]
deploy:
  stage: deploy
  image: amazon/aws-cli
  variables:
    AWS_ACCESS_KEY_ID: $PROD_AWS_KEY_ID
    AWS_SECRET_ACCESS_KEY: $PROD_AWS_SECRET
    AWS_DEFAULT_REGION: eu-west-1
  script:
    - aws s3 sync dist s3://bucket
`;
    it('flags job-level access keys and rewrites them to AWS_ROLE_ARN + web identity with an id_tokens token', () => {
      const [f] = findings(jobKeys, 'gitlab-aws-static-keys');
      assert.equal(f.identity, 'PROD_AWS_SECRET');
      assert.equal(f.owasp, 'NHI7');
      const after = assertFixResolves(P, jobKeys, 'gitlab-aws-static-keys', [5, 6]);
      assert.match(after, /^ {4}AWS_ROLE_ARN: <ROLE_ARN>$/m);
      assert.match(after, /^ {4}AWS_WEB_IDENTITY_TOKEN_FILE: /m);
      assert.match(after, /^ {4}- echo "\$GITLAB_OIDC_TOKEN" > "\$AWS_WEB_IDENTITY_TOKEN_FILE"\n {4}- aws s3 sync/m);
      assert.match(after, /^ {2}id_tokens:\n {4}GITLAB_OIDC_TOKEN:\n {6}aud: \$CI_SERVER_URL\n/m);
      assert.deepEqual(f.fixes![0].placeholders, ['<ROLE_ARN>']);
    });

    it('fixes pipeline-wide keys in every job that runs a script (templates through extends)', () => {
      const text = `variables:
  AWS_ACCESS_KEY_ID: $AWS_KEY_ID
  AWS_SECRET_ACCESS_KEY: $AWS_SECRET
.deploy:
  before_script:
    - terraform init
  script:
    - terraform apply -auto-approve
plan:
  extends: .deploy
apply:
  extends: .deploy
lint:
  script:
    - tflint
`;
      const after = assertFixResolves(P, text, 'gitlab-aws-static-keys', [1, 2]);
      assert.equal(after.match(/GITLAB_OIDC_TOKEN:/g)?.length, 2); // .deploy and lint
      assert.match(after, /before_script:\n {4}- echo "\$GITLAB_OIDC_TOKEN"/);
    });

    it('flags keys exported by the script (no fix: the script is the user’s)', () => {
      const text = 'deploy:\n  script:\n    - export AWS_ACCESS_KEY_ID=$KEY_ID\n    - export AWS_SECRET_ACCESS_KEY=$KEY_SECRET\n    - aws configure set region eu-west-1\n';
      const fs = findings(text, 'gitlab-aws-static-keys');
      assert.equal(fs.length, 1);
      assert.equal(fs[0].range.startLine, 3);
      assert.equal(fs[0].identity, 'KEY_SECRET');
      assert.equal(fs[0].fixes, undefined);
    });

    it('does not flag the federated forms', () => {
      const oidc = `assume:
  image: amazon/aws-cli
  id_tokens:
    GITLAB_OIDC_TOKEN:
      aud: https://gitlab.com
  variables:
    ROLE_ARN: arn:aws:iam::123456789012:role/deploy
  script:
    - >
      export $(printf "AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_SESSION_TOKEN=%s"
      $(aws sts assume-role-with-web-identity --role-arn $ROLE_ARN --role-session-name gl
      --web-identity-token $GITLAB_OIDC_TOKEN --duration-seconds 3600
      --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text))
    - aws sts get-caller-identity
`;
      assert.deepEqual(findings(oidc, 'gitlab-aws-static-keys'), []);
      const tempCreds = 'deploy:\n  script:\n    - CREDS=$(aws sts assume-role --role-arn $ROLE --role-session-name ci)\n    - SECRET=$(echo $CREDS | jq -r .Credentials.SecretAccessKey)\n    - export AWS_SECRET_ACCESS_KEY=$SECRET\n';
      assert.deepEqual(findings(tempCreds, 'gitlab-aws-static-keys'), []);
      const fixed = 'deploy:\n  id_tokens:\n    GITLAB_OIDC_TOKEN:\n      aud: $CI_SERVER_URL\n  variables:\n    AWS_ROLE_ARN: arn:aws:iam::123456789012:role/deploy\n    AWS_WEB_IDENTITY_TOKEN_FILE: /tmp/token\n  script:\n    - echo "$GITLAB_OIDC_TOKEN" > "$AWS_WEB_IDENTITY_TOKEN_FILE"\n';
      assert.deepEqual(rulesOf(P, fixed), []);
    });

    it('does not flag S3-compatible stores and local emulators that reuse the AWS names', () => {
      const minio = 'test:\n  services:\n    - name: minio/minio\n  variables:\n    AWS_ACCESS_KEY_ID: $MINIO_ACCESS_KEY\n    AWS_SECRET_ACCESS_KEY: $MINIO_SECRET_KEY\n  script:\n    - pytest\n';
      const localstack = 'test:\n  variables:\n    AWS_ACCESS_KEY_ID: test\n    AWS_SECRET_ACCESS_KEY: test\n  script:\n    - pytest\n';
      const endpoint = 'test:\n  variables:\n    AWS_ENDPOINT_URL: https://r2.example.net\n    AWS_ACCESS_KEY_ID: $R2_KEY\n    AWS_SECRET_ACCESS_KEY: $R2_SECRET\n  script:\n    - aws s3 ls\n';
      for (const t of [minio, localstack, endpoint]) assert.deepEqual(findings(t, 'gitlab-aws-static-keys'), [], t);
    });
  });

  describe('gitlab-gcp-service-account-key', () => {
    const text = `deploy:
  image: google/cloud-sdk
  script:
    - gcloud auth activate-service-account --key-file $GCP_SA_KEY_FILE
    - gcloud run deploy app
`;
    it('flags key-file auth and rewrites it to Workload Identity Federation with an id_tokens token', () => {
      const [f] = findings(text, 'gitlab-gcp-service-account-key');
      assert.equal(f.identity, 'GCP_SA_KEY_FILE');
      const after = assertFixResolves(P, text, 'gitlab-gcp-service-account-key', [3]);
      assert.match(after, /create-cred-config projects\/<PROJECT_NUMBER>\/locations\/global\/workloadIdentityPools\/<POOL_ID>\/providers\/<PROVIDER_ID>/);
      assert.match(after, /gcloud auth login --cred-file=/);
      assert.match(after, /GCP_ID_TOKEN:\n {6}aud: https:\/\/iam\.googleapis\.com\/projects\//);
    });
    it('flags a key handed over in GOOGLE_APPLICATION_CREDENTIALS', () => {
      const t = 'tf:\n  variables:\n    GOOGLE_APPLICATION_CREDENTIALS: $GCP_KEY_FILE\n  script:\n    - terraform apply\n';
      assert.equal(findings(t, 'gitlab-gcp-service-account-key').length, 1);
    });
    it('flags a registry login with a service-account key', () => {
      const t = 'push:\n  script:\n    - docker login -u _json_key -p "$GCR_KEY" https://gcr.io\n';
      const [f] = findings(t, 'gitlab-gcp-service-account-key');
      assert.equal(f.identity, 'GCR_KEY');
    });
    it('does not flag a credentials path', () => {
      const t = 'tf:\n  variables:\n    GOOGLE_APPLICATION_CREDENTIALS: ${CI_PROJECT_DIR}/.gcp_cred_config.json\n  script:\n    - terraform apply\n';
      assert.deepEqual(findings(t, 'gitlab-gcp-service-account-key'), []);
    });
    it('does not flag the federated form', () => {
      const wif = `deploy:
  id_tokens:
    GCP_ID_TOKEN:
      aud: https://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/gl
  variables:
    GOOGLE_APPLICATION_CREDENTIALS: .gcp_cred_config.json
  script:
    - echo "$GCP_ID_TOKEN" > .gcp_id_token
    - gcloud iam workload-identity-pools create-cred-config projects/1/locations/global/workloadIdentityPools/p/providers/gl --service-account=sa@p.iam.gserviceaccount.com --credential-source-file=.gcp_id_token --output-file=.gcp_cred_config.json
    - gcloud auth login --cred-file=.gcp_cred_config.json
`;
      assert.deepEqual(rulesOf(P, wif), []);
    });
  });

  describe('gitlab-azure-client-secret', () => {
    it('rewrites ARM_CLIENT_SECRET to ARM_USE_OIDC with an ARM_OIDC_TOKEN id token', () => {
      const text = 'plan:\n  variables:\n    ARM_CLIENT_ID: $AZ_CLIENT_ID\n    ARM_CLIENT_SECRET: $AZ_CLIENT_SECRET\n  script:\n    - terraform plan\n';
      const after = assertFixResolves(P, text, 'gitlab-azure-client-secret', [3]);
      assert.match(after, /ARM_USE_OIDC: "true"/);
      assert.match(after, /ARM_OIDC_TOKEN:\n {6}aud: api:\/\/AzureADTokenExchange/);
    });
    it('puts a pipeline-wide ID token under default:', () => {
      const text = 'variables:\n  ARM_CLIENT_SECRET: $AZ_CLIENT_SECRET\nplan:\n  script:\n    - terraform plan\n';
      const after = assertFixResolves(P, text, 'gitlab-azure-client-secret', [1]);
      assert.match(after, /^default:\n {2}id_tokens:\n {4}ARM_OIDC_TOKEN:/);
    });
    it('rewrites az login with a password to --federated-token', () => {
      const text = 'deploy:\n  script:\n    - az login --service-principal -u $AZ_ID -p $AZ_PASSWORD --tenant $AZ_TENANT\n';
      const [f] = findings(text, 'gitlab-azure-client-secret');
      assert.equal(f.identity, 'AZ_PASSWORD');
      const after = assertFixResolves(P, text, 'gitlab-azure-client-secret', [2]);
      assert.match(after, /az login --service-principal -u \$AZ_ID --federated-token \$AZURE_ID_TOKEN --tenant \$AZ_TENANT/);
    });
    it('does not flag federated logins', () => {
      const text = 'deploy:\n  id_tokens:\n    AZURE_ID_TOKEN:\n      aud: api://AzureADTokenExchange\n  script:\n    - az login --service-principal -u $AZ_ID --tenant $AZ_TENANT --federated-token $AZURE_ID_TOKEN\n';
      assert.deepEqual(rulesOf(P, text), []);
      const tf = 'plan:\n  variables:\n    ARM_USE_OIDC: "true"\n  id_tokens:\n    ARM_OIDC_TOKEN:\n      aud: api://AzureADTokenExchange\n  script:\n    - terraform plan\n';
      assert.deepEqual(rulesOf(P, tf), []);
    });
  });

  describe('gitlab-vault-token-auth', () => {
    it('replaces a stored VAULT_TOKEN by JWT login with a VAULT_ID_TOKEN id token', () => {
      const text = 'read:\n  variables:\n    VAULT_ADDR: https://vault.example.com\n    VAULT_TOKEN: $VAULT_STATIC_TOKEN\n  script:\n    - vault kv get secret/app\n';
      const [f] = findings(text, 'gitlab-vault-token-auth');
      assert.equal(f.identity, 'VAULT_STATIC_TOKEN');
      const after = assertFixResolves(P, text, 'gitlab-vault-token-auth', [3]);
      assert.match(after, /- export VAULT_TOKEN="\$\(vault write -field=token auth\/jwt\/login role=<VAULT_ROLE> jwt=\$VAULT_ID_TOKEN\)"\n {4}- vault kv get/);
      assert.match(after, /VAULT_ID_TOKEN:\n {6}aud: \$VAULT_ADDR/);
    });
    it('replaces `vault login $TOKEN` in the script', () => {
      const text = 'read:\n  script:\n    - vault login $ROOT_TOKEN\n    - vault kv get secret/app\n';
      assertFixResolves(P, text, 'gitlab-vault-token-auth', [2]);
    });
    it('flags a stored Vault token handed to a tool, once per job', () => {
      const text = 'apply:\n  script:\n    - export TF_VAR_vault_token=$CICD_VAULT_TOKEN\n    - ./configure.py -v $CICD_VAULT_TOKEN\n';
      const fs = findings(text, 'gitlab-vault-token-auth');
      assert.deepEqual(fs.map((f) => [f.range.startLine, f.identity]), [[2, 'CICD_VAULT_TOKEN']]);
      assert.equal(fs[0].fixes, undefined);
    });
    it('does not flag JWT auth or the secrets: keyword', () => {
      const jwt = 'read:\n  id_tokens:\n    VAULT_ID_TOKEN:\n      aud: https://vault.example.com\n  script:\n    - export VAULT_TOKEN="$(vault write -field=token auth/jwt/login role=app jwt=$VAULT_ID_TOKEN)"\n    - vault kv get secret/app\n';
      const secrets = 'read:\n  id_tokens:\n    VAULT_ID_TOKEN:\n      aud: https://vault.example.com\n  secrets:\n    DATABASE_PASSWORD:\n      vault: production/db/password@ops\n      token: $VAULT_ID_TOKEN\n  script:\n    - ./migrate.sh\n';
      assert.deepEqual(rulesOf(P, jwt), []);
      assert.deepEqual(rulesOf(P, secrets), []);
      const dev = 'test:\n  services:\n    - vault:1.13\n  variables:\n    VAULT_TOKEN: root\n  script:\n    - make test\n';
      assert.deepEqual(rulesOf(P, dev), []);
    });
  });

  describe('gitlab-secret-echoed', () => {
    it('flags a credential variable printed to the log', () => {
      const text = 'job:\n  script:\n    - echo "deploying with $DEPLOY_TOKEN"\n    - printf "%s\\n" "${API_KEY}" && make\n';
      const fs = findings(text, 'gitlab-secret-echoed');
      assert.deepEqual(fs.map((f) => f.identity), ['DEPLOY_TOKEN', 'API_KEY']);
      assert.equal(fs[0].range.startLine, 2);
      assert.equal(text.split('\n')[2].slice(fs[0].range.startColumn, fs[0].range.endColumn), '$DEPLOY_TOKEN');
    });
    it('does not flag piping, redirecting, tests or non-credential names', () => {
      const text = `job:
  script:
    - echo "$REGISTRY_PASSWORD" | docker login -u "$REGISTRY_USER" --password-stdin registry.example.com
    - echo "$SSH_PRIVATE_KEY" | tr -d '\\r' | ssh-add -
    - echo "$KUBE_CONFIG" > kubeconfig
    - echo \${DEPLOY_TOKEN:+set}
    - echo "$AWS_ACCESS_KEY_ID"
    - echo "$CI_JOB_TOKEN"
    - echo 'literal $NOT_EXPANDED_TOKEN'
    - echo "$CACHE_KEY"
`;
      assert.deepEqual(findings(text, 'gitlab-secret-echoed'), []);
    });
  });

  describe('gitlab-debug-trace', () => {
    it('flags CI_DEBUG_TRACE enabled, not disabled', () => {
      assert.equal(findings('variables:\n  CI_DEBUG_TRACE: "true"\njob:\n  script: [make]\n', 'gitlab-debug-trace').length, 1);
      assert.deepEqual(findings('variables:\n  CI_DEBUG_TRACE: "false"\njob:\n  script: [make]\n', 'gitlab-debug-trace'), []);
    });
  });

  describe('gitlab-personal-credential', () => {
    it('flags personal tokens and OAuth2 URLs, not the job token', () => {
      const text = `release:
  script:
    - 'curl --header "PRIVATE-TOKEN: $MY_PAT" "$CI_API_V4_URL/projects"'
    - git push https://oauth2:$GITLAB_TOKEN@gitlab.com/group/other.git
    - git push "https://\${GITLAB_USER_LOGIN}:\${PUSH_SECRET}@gitlab.com/group/other.git"
    - git clone https://gitlab-ci-token:$CI_JOB_TOKEN@gitlab.com/group/other.git
    - git push https://project_bot:$PROJECT_ACCESS_TOKEN@gitlab.com/group/other.git
`;
      const fs = findings(text, 'gitlab-personal-credential');
      assert.deepEqual(fs.map((f) => [f.range.startLine, f.identity, f.confidence]), [
        [2, 'MY_PAT', 'medium'],
        [3, 'GITLAB_TOKEN', 'medium'],
        [4, 'PUSH_SECRET', 'high'],
      ]);
      assert.equal(fs[0].owasp, 'NHI10');
    });
  });

  describe('literal credentials', () => {
    const fake = new Fake(41);
    const pat = fake.crcToken('ghp_');
    it('moves a literal in variables: to $NAME', () => {
      const text = `variables:\n  GH_TOKEN: ${pat}\njob:\n  script:\n    - gh release create v1\n`;
      const f = analyze(P, text).find((x) => x.ruleId === 'github-pat');
      assert.ok(f?.fixes?.length);
      const fix = f.fixes[f.fixes.length - 1];
      assert.equal(applyEdits(text, fix.edits), 'variables:\n  GH_TOKEN: $GH_TOKEN\njob:\n  script:\n    - gh release create v1\n');
      assert.match(fix.title, /masked and protected CI\/CD variable/);
    });
    it('names the variable after NAME= in a script and after the expanded variables form', () => {
      const text = `job:\n  variables:\n    RELEASE:\n      value: "${pat}"\n      description: token\n  script:\n    - export RELEASE_TOKEN=${pat}\n`;
      const fs = analyze(P, text).filter((x) => x.ruleId === 'github-pat');
      assert.equal(fs.length, 2);
      const after = fs.map((f) => applyEdits(text, f.fixes![f.fixes!.length - 1].edits));
      assert.match(after[0], /value: \$RELEASE\n/);
      assert.match(after[1], /export RELEASE_TOKEN=\$RELEASE_TOKEN\n/);
    });

    it('keeps the reference expandable inside shell single quotes', () => {
      const token = new Fake(5).crcToken('ghp_');
      const text = `job:\n  script:\n    - "curl -H 'Authorization: token ${token}' https://api.github.com/user"\n    - |\n      curl -H 'X-Token: ${token}' https://api.github.com/user\n`;
      const fs = analyze(P, text).filter((x) => x.ruleId === 'github-pat');
      assert.equal(fs.length, 2);
      const after = fs.map((f) => applyEdits(text, f.fixes![f.fixes!.length - 1].edits).split('\n'));
      assert.equal(after[0][2], `    - "curl -H 'Authorization: token '\\"$GITHUB_PAT\\"'' https://api.github.com/user"`);
      assert.equal(after[1][4], `      curl -H 'X-Token: '"$GITHUB_PAT"'' https://api.github.com/user`);
    });
  });

  it('reports malformed YAML once, without crashing', () => {
    const fs = analyze(P, 'job:\n  script:\n    - echo "unterminated\n  stage: [\n');
    assert.deepEqual(fs.map((f) => f.ruleId), ['ci-yaml-parse-error']);
  });

  it('reads !reference tags, anchors and merge keys', () => {
    const text = `.vars: &aws
  AWS_ACCESS_KEY_ID: $KEY_ID
  AWS_SECRET_ACCESS_KEY: $KEY_SECRET
.setup:
  script:
    - echo "$SETUP_TOKEN"
deploy:
  variables:
    <<: *aws
  script:
    - !reference [.setup, script]
    - aws s3 ls
`;
    const rules = rulesOf(P, text);
    assert.ok(rules.includes('gitlab-aws-static-keys'));
    assert.ok(rules.includes('gitlab-secret-echoed'));
  });

  describe('identity uses', () => {
    const text = `workflow:
  name: Release pipeline
variables:
  SONAR_TOKEN: $SONAR_TOKEN
  LOCAL_PASSWORD: not-a-setting
.deploy:
  environment:
    name: $DEPLOY_ENV
  script:
    - ./deploy.sh --token "$DEPLOY_TOKEN" --key-id "$AWS_ACCESS_KEY_ID"
deploy-prod:
  extends: .deploy
  variables:
    DEPLOY_ENV: production
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
    - if: $CI_COMMIT_BRANCH =~ /^release\\/.*/
      when: manual
review:
  environment: review/$CI_COMMIT_REF_SLUG
  only:
    - branches
  id_tokens:
    SIGSTORE_ID_TOKEN:
      aud: sigstore
  secrets:
    DATABASE_PASSWORD:
      vault: production/db/password@ops
  script:
    - cosign sign --identity-token $SIGSTORE_ID_TOKEN img
    - git push https://gitlab-ci-token:$CI_JOB_TOKEN@gitlab.com/g/p.git
    - LOCAL_SECRET=$(cat /run/secret); use "$LOCAL_SECRET" "$LOCAL_PASSWORD" "$DATABASE_PASSWORD"
    - ./review.sh $REVIEW_APP_SECRET
`;
    it('records credential variables with job, environment and branch filters', () => {
      const uses = usesOf(text).filter((u) => u.platform === 'gitlab');
      const simple = uses.map((u) => `${u.key}|${u.job ?? ''}|${u.step}|${u.environment ?? ''}|${(u.branches ?? []).join(',')}`);
      assert.deepEqual(simple, [
        'gitlab:ci-variable:SONAR_TOKEN||variables||',
        'gitlab:ci-secret:DATABASE_PASSWORD|review|secrets|review/$CI_COMMIT_REF_SLUG|',
        'gitlab:ci-variable:DEPLOY_TOKEN|deploy-prod|script|production|main,/^release\\/.*/',
        'gitlab:ci-variable:REVIEW_APP_SECRET|review|script|review/$CI_COMMIT_REF_SLUG|',
      ]);
      for (const u of uses) {
        assert.equal(u.workflow, 'Release pipeline');
        assert.equal(u.kind, u.key.includes(':ci-secret:') ? 'ci-secret' : 'ci-variable');
      }
      const token = uses.find((u) => u.name === 'DEPLOY_TOKEN')!;
      assert.equal(text.split('\n')[token.range.startLine].slice(token.range.startColumn, token.range.endColumn), '$DEPLOY_TOKEN');
    });
  });
});

describe('GitLab CI/CD component files (spec header, then the pipeline)', () => {
  it('analyses the pipeline document after a spec: header', async () => {
    const { analyze: analyzeFile } = await import('../../helpers/ci');
    const text = ['spec:', '  inputs:', '    stage:', '      default: deploy', '---', 'deploy:', '  stage: $[[ inputs.stage ]]', '  variables:', '    AWS_ACCESS_KEY_ID: $AWS_KEY', '    AWS_SECRET_ACCESS_KEY: $AWS_SECRET', '  script:', '    - aws s3 ls', ''].join('\n');
    const ids = analyzeFile('templates/deploy.gitlab-ci.yml', text).map((f) => f.ruleId);
    if (ids.includes('ci-yaml-parse-error')) throw new Error('component file was not parsed');
    if (!ids.includes('gitlab-aws-static-keys')) throw new Error(`expected gitlab-aws-static-keys, got ${ids.join(', ')}`);
  });
});

describe('GitLab CI files included with include: local (any name)', () => {
  it('reads a YAML file with job scripts and GitLab keywords as GitLab CI, and leaves other YAML alone', async () => {
    const { analyze: analyzeFile } = await import('../../helpers/ci');
    const included = ['deploy:aws:', '  stage: deploy', '  variables:', '    AWS_ACCESS_KEY_ID: $AWS_KEY', '    AWS_SECRET_ACCESS_KEY: $AWS_SECRET', '  script:', '    - aws s3 sync public s3://site', ''].join('\n');
    if (!analyzeFile('ci/jobs/deploy.yml', included).some((f) => f.ruleId === 'gitlab-aws-static-keys')) throw new Error('included job file not analysed as GitLab CI');
    const azure = ['steps:', '  - script: echo hi', '  - task: AzureCLI@2', '    inputs:', '      script: |', '        az group list', ''].join('\n');
    const helm = ['apiVersion: v1', 'kind: ConfigMap', 'data:', '  script: |', '    echo', '  stage: x', ''].join('\n');
    const config = ['server:', '  port: 8080', '  stage: beta', ''].join('\n');
    for (const [p, t] of [['pipelines/build.yml', azure], ['k8s/cm.yaml', helm], ['config/app.yml', config]]) {
      if (analyzeFile(p, t).some((f) => f.ruleId.startsWith('gitlab-') || f.ruleId === 'ci-yaml-parse-error')) throw new Error(`${p} wrongly read as GitLab CI`);
    }
  });
});

describe('GitLab CI: registry publishing with stored tokens', () => {
  it('reports PyPI and npm tokens used to publish, and is silent on jobs that do not publish', async () => {
    const { analyze: analyzeFile } = await import('../../helpers/ci');
    const text = [
      'pypi:', // 0
      '  variables:',
      '    TWINE_USERNAME: __token__',
      '    TWINE_PASSWORD: $PYPI_TOKEN', // 3
      '  script:',
      '    - twine upload dist/*',
      'npm:', // 6
      '  script:',
      '    - echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc', // 8
      '    - npm publish',
      'test:', // 10
      '  variables:',
      '    TWINE_PASSWORD: $PYPI_TOKEN',
      '  script:',
      '    - pytest',
      '',
    ].join('\n');
    const got = analyzeFile('.gitlab-ci.yml', text).filter((f) => f.ruleId === 'gitlab-registry-publish-token').map((f) => [f.range.startLine, f.identity]);
    if (JSON.stringify(got) !== JSON.stringify([[3, 'TWINE_PASSWORD'], [8, 'NPM_TOKEN']])) throw new Error(JSON.stringify(got));
  });
});
