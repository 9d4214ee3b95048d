import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../src/core/analyzeFile';
import { applyEdits } from '../../../src/core/fixes/apply';
import { analyzer, isAzurePipelines } from '../../../src/core/ci/azure/analyzer';
import { looksLikeCredential, looksPersonal } from '../../../src/core/ci/azure/credentialNames';
import { Fake } from '../../../src/core/rules/fake';
import { analyze, assertFixResolves, changedLines, rulesOf } from '../../helpers/ci';

const P = 'azure-pipelines.yml';

/** Joins lines so fixtures read like files and line numbers are easy to count (0-based). */
const y = (...lines: string[]) => lines.join('\n') + '\n';

const of = (path: string, text: string, rule: string) => analyze(path, text).filter((f) => f.ruleId === rule);

const spLogin = y(
  'trigger:', // 0
  '  - main',
  'pool:',
  '  vmImage: ubuntu-latest',
  'steps:',
  '  - script: |', // 5
  '      az login --service-principal -u $(clientId) -p $(clientSecret) --tenant $(tenantId)',
  '      az group list -o table',
  '    displayName: List groups',
  '  - script: echo done',
);

describe('Azure Pipelines: service-principal secrets where workload identity federation exists', () => {
  it('reports az login --service-principal with a secret, naming the secret variable', () => {
    const [f] = of(P, spLogin, 'azure-pipelines-client-secret');
    assert.equal(f.range.startLine, 6);
    assert.equal(f.identity, 'clientSecret');
    assert.equal(f.owasp, 'NHI7');
    assert.equal(f.severity, 'high');
  });

  it('rewrites the script step into an AzureCLI@2 task on a service connection placeholder', () => {
    const after = assertFixResolves(P, spLogin, 'azure-pipelines-client-secret', [5, 6, 7]);
    assert.match(after, /\n {2}- task: AzureCLI@2\n {4}inputs:\n {6}azureSubscription: <WORKLOAD_IDENTITY_SERVICE_CONNECTION>\n {6}scriptType: bash\n {6}scriptLocation: inlineScript\n {6}inlineScript: \|\n {8}az group list -o table\n {4}displayName: List groups\n/);
    const fix = analyze(P, spLogin).find((f) => f.ruleId === 'azure-pipelines-client-secret')!.fixes![0];
    assert.deepEqual(fix.placeholders, ['<WORKLOAD_IDENTITY_SERVICE_CONNECTION>']);
  });

  it('moves workingDirectory into the inputs and drops the env entry only the login used', () => {
    const text = y(
      'steps:', // 0
      '  - bash: |',
      '      az login --service-principal \\',
      '        --username "$(clientId)" \\',
      '        --password "$SP_SECRET" --tenant "$(tenantId)"',
      '      az webapp deploy --name app --src-path app.zip', // 5
      '    workingDirectory: $(Build.SourcesDirectory)',
      '    env:',
      '      SP_SECRET: $(spSecret)',
      '      APP_NAME: web',
    );
    const after = assertFixResolves(P, text, 'azure-pipelines-client-secret', [1, 2, 3, 4, 5, 6, 8]);
    assert.match(after, /scriptType: bash\n {6}scriptLocation: inlineScript\n {6}workingDirectory: \$\(Build\.SourcesDirectory\)\n {6}inlineScript: \|\n {8}az webapp deploy/);
    assert.match(after, /env:\n {6}APP_NAME: web\n$/);
  });

  it('gives no fix when later steps rely on the global login, or when the step only logs in', () => {
    const later = spLogin.replace('  - script: echo done', '  - script: az webapp list');
    assert.equal(of(P, later, 'azure-pipelines-client-secret')[0].fixes, undefined);
    const only = y('steps:', '  - script: |', '      az login --service-principal -u $(id) -p $(secret) --tenant $(tenant)', '  - script: az group list');
    const [f] = of(P, only, 'azure-pipelines-client-secret');
    assert.equal(f.fixes, undefined);
    assert.match(f.title, /no automatic fix/);
    const nested = y('steps:', '  - bash: |', '      if [ -n "$(secret)" ]; then', '        az login --service-principal -u $(id) -p $(secret) --tenant $(tenant)', '      fi', '      az group list');
    assert.equal(of(P, nested, 'azure-pipelines-client-secret')[0].fixes, undefined);
    const chained = y('steps:', '  - bash: |', '      az login --service-principal -u $(id) -p $(secret) --tenant $(tenant) && az group list', '      az vm list');
    assert.equal(of(P, chained, 'azure-pipelines-client-secret')[0].fixes, undefined);
  });

  it('gives no fix for a plain script on a self-hosted pool of unknown OS', () => {
    const text = spLogin.replace('pool:\n  vmImage: ubuntu-latest', 'pool: my-agents');
    assert.equal(of(P, text, 'azure-pipelines-client-secret')[0].fixes, undefined);
  });

  it('uses batch on Windows images and pscore for pwsh steps', () => {
    const win = spLogin.replace('ubuntu-latest', 'windows-2022');
    assert.match(assertFixResolves(P, win, 'azure-pipelines-client-secret', [5, 6, 7]), /scriptType: batch/);
    const pwsh = spLogin.replace('  - script: |', '  - pwsh: |');
    assert.match(assertFixResolves(P, pwsh, 'azure-pipelines-client-secret', [5, 6, 7]), /scriptType: pscore/);
  });

  it('reports ARM_CLIENT_SECRET / AZURE_CLIENT_SECRET mapped from a secret variable', () => {
    const text = y('steps:', '  - script: terraform apply -auto-approve', '    env:', '      ARM_CLIENT_ID: $(armClientId)', '      ARM_CLIENT_SECRET: $(armClientSecret)');
    const f = of(P, text, 'azure-pipelines-client-secret');
    assert.deepEqual(f.map((x) => [x.range.startLine, x.identity]), [[4, 'armClientSecret']]);
  });

  it('reports Connect-AzAccount with a service-principal credential', () => {
    const text = y('steps:', '  - powershell: |', '      $cred = New-Object PSCredential($(appId), (ConvertTo-SecureString $(appSecret) -AsPlainText -Force))', '      Connect-AzAccount -ServicePrincipal -Credential $cred -Tenant $(tenant)');
    assert.deepEqual(of(P, text, 'azure-pipelines-client-secret').map((f) => f.range.startLine), [3]);
  });

  it('is silent on federated forms: AzureCLI@2 service connections, federated tokens, connection-provided secrets', () => {
    const text = y(
      'steps:',
      '  - task: AzureCLI@2',
      '    inputs:',
      '      azureSubscription: wif-connection',
      '      scriptType: bash',
      '      scriptLocation: inlineScript',
      '      addSpnToEnvironment: true',
      '      inlineScript: |',
      '        az login --service-principal -u $servicePrincipalId --federated-token "$idToken" --tenant $tenantId',
      '        export ARM_CLIENT_SECRET=$servicePrincipalKey',
      '        az login --service-principal -u $servicePrincipalId -p $servicePrincipalKey --tenant $tenantId',
      '        terraform apply',
      '  - script: az login --identity',
    );
    assert.deepEqual(rulesOf(P, text), []);
  });
});

describe('Azure Pipelines: AWS and Google keys where federation exists', () => {
  it('reports AWS_SECRET_ACCESS_KEY mapped from a secret variable, no fix, pointing to the AWS Toolkit', () => {
    const text = y('steps:', '  - script: aws s3 sync site s3://bucket', '    env:', '      AWS_ACCESS_KEY_ID: $(awsKeyId)', '      AWS_SECRET_ACCESS_KEY: $(awsSecret)');
    const [f] = of(P, text, 'azure-pipelines-aws-static-keys');
    assert.equal(f.range.startLine, 4);
    assert.equal(f.identity, 'awsSecret');
    assert.equal(f.fixes, undefined);
    assert.match(f.remediation, /AWS Toolkit for Azure DevOps.*OIDC/);
  });

  it('reports AWS keys in pipeline variables and aws configure in scripts', () => {
    const text = y('variables:', '  AWS_SECRET_ACCESS_KEY: $(prodAwsSecret)', 'steps:', '  - bash: aws configure set aws_secret_access_key $(awsSecret)');
    assert.deepEqual(of(P, text, 'azure-pipelines-aws-static-keys').map((f) => [f.range.startLine, f.identity]), [[1, 'prodAwsSecret'], [3, 'awsSecret']]);
    // Reported once, as a cloud key, not again as a variable copied to every step.
    assert.equal(of(P, text, 'azure-pipelines-secret-exposed-to-all-steps').length, 0);
  });

  it('is silent on AWS Toolkit tasks with a service connection', () => {
    const text = y('steps:', '  - task: AWSShellScript@1', '    inputs:', '      awsCredentials: aws-oidc-connection', '      regionName: eu-west-1', '      scriptType: inline', '      inlineScript: aws s3 ls');
    assert.deepEqual(rulesOf(P, text), []);
  });

  it('reports gcloud service-account key files, not credential-configuration (federated) logins', () => {
    const key = y('steps:', '  - task: DownloadSecureFile@1', '    name: gcpKey', '    inputs:', '      secureFile: gcp-sa.json', '  - script: gcloud auth activate-service-account --key-file=$(gcpKey.secureFilePath)');
    assert.deepEqual(of(P, key, 'azure-pipelines-gcp-service-account-key').map((f) => f.range.startLine), [5]);
    const env = y('steps:', '  - script: terraform apply', '    env:', '      GOOGLE_APPLICATION_CREDENTIALS: $(gcpKey.secureFilePath)');
    assert.equal(of(P, env, 'azure-pipelines-gcp-service-account-key').length, 1);
    const wif = y('steps:', '  - script: gcloud auth login --cred-file=$(Agent.TempDirectory)/wif-config.json');
    assert.deepEqual(rulesOf(P, wif), []);
  });
});

describe('Azure Pipelines: secret exposure', () => {
  it('reports secrets echoed to the log, by macro and through a mapped env var', () => {
    const text = y('steps:', '  - bash: |', '      echo "token is $(apiToken)"', '      echo $DB_PASS', '    env:', '      DB_PASS: $(dbPassword)');
    assert.deepEqual(of(P, text, 'azure-pipelines-secret-echoed').map((f) => [f.range.startLine, f.identity]), [[2, 'apiToken'], [3, 'DB_PASS']]);
  });

  it('does not report pipes into a command, redirects, setsecret, or non-secret variables', () => {
    const text = y(
      'steps:',
      '  - bash: |',
      '      echo $(registryPassword) | docker login -u ci --password-stdin myregistry.azurecr.io',
      '      echo "$(npmToken)" > .npmrc',
      '      echo "##vso[task.setsecret]$(derivedToken)"',
      '      echo $(Build.BuildId) $(imageTag)',
    );
    assert.deepEqual(of(P, text, 'azure-pipelines-secret-echoed'), []);
  });

  it('reports ##vso[task.setvariable] of a credential without issecret=true, and fixes it', () => {
    const text = y('steps:', '  - pwsh: |', '      $t = az account get-access-token --query accessToken -o tsv', '      Write-Host "##vso[task.setvariable variable=accessToken]$t"', '  - bash: echo "##vso[task.setvariable variable=dbPwd;isOutput=true;issecret=false]$(dbPassword)"');
    const f = of(P, text, 'azure-pipelines-setvariable-not-secret');
    assert.deepEqual(f.map((x) => x.range.startLine), [3, 4]);
    const a = assertFixResolves(P, text.split('  - bash:')[0], 'azure-pipelines-setvariable-not-secret', [3]);
    assert.match(a, /variable=accessToken;issecret=true\]\$t/);
    const second = applyEdits(text, f[1].fixes![0].edits);
    assert.match(second, /variable=dbPwd;isOutput=true;issecret=true\]/);
    assert.deepEqual(changedLines(text, second), [4]);
  });

  it('is silent on setvariable with issecret=true or of a non-credential', () => {
    const text = y('steps:', '  - bash: |', '      echo "##vso[task.setvariable variable=token;issecret=true]$(tok)"', '      echo "##vso[task.setvariable variable=imageTag]$(Build.BuildId)"');
    assert.deepEqual(rulesOf(P, text), []);
  });

  it('reports a secret copied into a pipeline variable (every step gets it), not a step env mapping', () => {
    const text = y('variables:', '  - name: DEPLOY_TOKEN', '    value: $(deployTokenSecret)', '  - name: tag', '    value: $(Build.BuildId)', 'steps:', '  - script: ./deploy.sh', '    env:', '      DEPLOY_TOKEN: $(deployTokenSecret)');
    const f = of(P, text, 'azure-pipelines-secret-exposed-to-all-steps');
    assert.deepEqual(f.map((x) => [x.range.startLine, x.identity, x.owasp]), [[2, 'deployTokenSecret', 'NHI5']]);
  });

  it('reports a secret in a job container env, which every step of the job gets', () => {
    const text = y('jobs:', '  - job: test', '    container:', '      image: node:20', '      env:', '        NPM_TOKEN: $(npmToken)', '        CI: true', '    steps:', '      - script: npm test');
    assert.deepEqual(of(P, text, 'azure-pipelines-secret-exposed-to-all-steps').map((f) => [f.range.startLine, f.identity]), [[5, 'npmToken']]);
  });

  it('reports personal access tokens, not the job token', () => {
    const text = y('steps:', '  - script: az devops configure --defaults organization=$(org)', '    env:', '      AZURE_DEVOPS_EXT_PAT: $(MY_PAT)', '  - script: git push', '    env:', '      SYSTEM_ACCESSTOKEN: $(System.AccessToken)');
    assert.deepEqual(of(P, text, 'azure-pipelines-personal-access-token').map((f) => [f.range.startLine, f.identity, f.owasp]), [[3, 'MY_PAT', 'NHI10']]);
  });
});

describe('Azure Pipelines: literal credentials', () => {
  const fake = new Fake(0xa2);
  const password = fake.alnum(24);
  const awsKey = 'AKIA' + fake.upperAlnum(16);

  it('moves a literal out of a variables map (a $(NAME) self-reference would not resolve)', () => {
    const text = y('variables:', '  buildConfiguration: Release', `  dbPassword: ${password}`, 'steps:', '  - script: ./migrate.sh $(dbPassword)');
    const f = analyze(P, text).find((x) => x.redacted && x.fixes?.length)!;
    assert.ok(f, 'literal reported with a fix');
    const fix = f.fixes!.find((x) => /secret variable/.test(x.title))!;
    assert.deepEqual(fix.placeholders, ['dbPassword']);
    const after = applyEdits(text, fix.edits);
    assert.deepEqual(changedLines(text, after), [2]);
    assert.equal(after, y('variables:', '  buildConfiguration: Release', 'steps:', '  - script: ./migrate.sh $(dbPassword)'));
  });

  it('removes a list-form variable item, and the whole block when it was the only entry', () => {
    const text = y('variables:', '  - name: AWS_ACCESS_KEY_ID', `    value: ${awsKey}`, 'steps:', '  - script: aws s3 ls');
    const f = analyze(P, text).find((x) => x.ruleId === 'aws-access-key-id')!;
    const after = applyEdits(text, f.fixes!.find((x) => /secret variable/.test(x.title))!.edits);
    assert.equal(after, y('steps:', '  - script: aws s3 ls'));
    const two = y('variables:', '  - group: shared', '  - name: AWS_ACCESS_KEY_ID', `    value: ${awsKey}`, 'steps:', '  - script: aws s3 ls');
    const g = analyze(P, two).find((x) => x.ruleId === 'aws-access-key-id')!;
    assert.deepEqual(changedLines(two, applyEdits(two, g.fixes!.find((x) => /secret variable/.test(x.title))!.edits)), [2, 3]);
  });

  it('replaces a literal in a step env by $(NAME)', () => {
    const text = y('steps:', '  - script: ./publish.sh', '    env:', `      API_TOKEN: ${fake.alnum(32)}`);
    const f = analyze(P, text).find((x) => x.redacted)!;
    const fix = f.fixes!.find((x) => /\$\(API_TOKEN\)/.test(x.title))!;
    assert.equal(applyEdits(text, fix.edits), y('steps:', '  - script: ./publish.sh', '    env:', '      API_TOKEN: $(API_TOKEN)'));
  });
});

describe('Azure Pipelines: identity uses', () => {
  const text = y(
    'trigger:', // 0
    '  branches:',
    '    include: [main, release/*]',
    'variables:',
    '  - group: prod-secrets',
    '  - name: armConnection', // 5
    '    value: prod-arm-wif',
    'stages:',
    '  - stage: Deploy',
    '    jobs:',
    '      - deployment: Web', // 10
    '        environment: production',
    '        strategy:',
    '          runOnce:',
    '            deploy:',
    '              steps:', // 15
    '                - task: AzureCLI@2',
    '                  displayName: Deploy web',
    '                  inputs:',
    '                    azureSubscription: $(armConnection)',
    '                    scriptType: bash', // 20
    '                    scriptLocation: inlineScript',
    '                    inlineScript: ./deploy.sh',
    '                  env:',
    '                    SQL_PASSWORD: $(sqlAdminPassword)',
    '      - job: Notify', // 25
    "        condition: eq(variables['Build.SourceBranch'], 'refs/heads/main')",
    '        steps:',
    '          - script: ./notify.sh',
    '            env:',
    '              HOOK: $(teamsWebhook)', // 30
    '          - task: Docker@2',
    '            inputs:',
    '              containerRegistry: acr-connection',
    '              command: push',
  );

  it('emits secret variables, service connections (resolved) and variable groups with their context', () => {
    const uses = analyzeText(text, P).uses;
    const byKey = (k: string) => uses.filter((u) => u.key === k);
    const [sql] = byKey('azure:ci-secret:sqlAdminPassword');
    assert.deepEqual([sql.kind, sql.range.startLine, sql.job, sql.step, sql.environment, sql.branches, sql.workflow, sql.platform], ['ci-secret', 24, 'Web', 'Deploy web', 'production', ['main', 'release/*'], P, 'azure']);
    const [conn] = byKey('azure:service-connection:prod-arm-wif');
    assert.deepEqual([conn.kind, conn.name, conn.range.startLine, conn.job], ['service-connection', 'prod-arm-wif', 19, 'Web']);
    const [group] = byKey('azure:ci-variable:group:prod-secrets');
    assert.deepEqual([group.kind, group.range.startLine, group.job], ['ci-variable', 4, undefined]);
    const [hook] = byKey('azure:ci-secret:teamsWebhook');
    assert.deepEqual([hook.job, hook.branches], ['Notify', ['main']]);
    assert.equal(byKey('azure:service-connection:acr-connection').length, 1);
    assert.equal(uses.some((u) => /Build\.|System\./.test(u.name)), false);
  });

  it('never puts a value in a use', () => {
    const value = new Fake(3).alnum(20);
    const uses = analyzeText(text.replace('$(sqlAdminPassword)', value), P).uses;
    assert.ok(uses.length > 0);
    for (const u of uses) assert.ok(!u.name.includes(value) && !u.key.includes(value), u.key);
  });
});

describe('Azure Pipelines: files and parsing', () => {
  it('owns pipelines by name and templates by content', () => {
    const steps = y('parameters:', '  - name: env', 'steps:', '  - task: AzureCLI@2', '    inputs:', '      azureSubscription: x');
    assert.equal(isAzurePipelines('azure-pipelines.yml', ''), true);
    assert.equal(isAzurePipelines('ci/azure-pipelines.release.yaml', ''), true);
    assert.equal(isAzurePipelines('build/templates/deploy.yml', steps), true);
    assert.equal(isAzurePipelines('.azuredevops/ci.yml', y('jobs:', '  - job: a', '    pool:', '      vmImage: ubuntu-latest', '    steps:', '      - script: make')), true);
    assert.equal(isAzurePipelines('somewhere/pipeline.yml', steps), true);
    assert.equal(isAzurePipelines('charts/app/templates/deploy.yaml', y('apiVersion: v1', 'kind: Pod', 'spec:', '  containers: []')), false);
    assert.equal(isAzurePipelines('.github/workflows/ci.yml', steps), false);
    assert.equal(isAzurePipelines('config/app.yml', y('steps:', '  - name: a')), false);
    assert.equal(analyzer.platform, 'azure');
  });

  it('reports malformed YAML once, without crashing', () => {
    const bad = y('steps:', '  - script: |', '      echo hi', '   - bash: [unclosed');
    const findings = analyze(P, bad);
    assert.deepEqual(findings.map((f) => f.ruleId), ['ci-yaml-parse-error']);
  });

  it('reads templates with ${{ if }} blocks and step-list parameters', () => {
    const text = y(
      'parameters:',
      '  - name: preSteps',
      '    type: stepList',
      '    default: []',
      'steps:',
      '  - ${{ if eq(parameters.publish, true) }}:',
      '      - script: echo $(publishToken)',
      '  - template: inner.yml',
      '    parameters:',
      '      steps:',
      '        - bash: echo $(innerSecret)',
    );
    assert.deepEqual(of('templates/steps.yml', text, 'azure-pipelines-secret-echoed').map((f) => f.identity), ['publishToken', 'innerSecret']);
  });
});

describe('credential-looking names', () => {
  it('tells secrets from their metadata', () => {
    // The key id names a key pair; the secret half is the credential (one answer for every analyzer).
    for (const n of ['dbPassword', 'AWS_SECRET_ACCESS_KEY', 'apiKey', 'NPM_TOKEN', 'storage-key1', 'SLACK_WEBHOOK_URL', 'sqlConnectionString', 'SSH_PRIVATE_KEY']) assert.ok(looksLikeCredential(n), n);
    for (const n of ['AWS_ACCESS_KEY_ID', 'System.AccessToken', 'Build.BuildId', 'keyVaultName', 'PUBLIC_KEY', 'CACHE_KEY', 'TOKEN_URL', 'PASSWORD_FILE', 'tenantId', 'clientId', 'imageTag']) assert.ok(!looksLikeCredential(n), n);
    assert.ok(looksPersonal('MY_PAT') && looksPersonal('AzureDevOpsPAT') && !looksPersonal('PATH') && !looksPersonal('SERVICE_TOKEN'));
  });
});
