import * as assert from 'node:assert/strict';
import { isMap, isSeq, parseAllDocuments, type Document } from 'yaml';
import { analyzeText } from '../../../src/core/analyzeFile';
import { applyEdits } from '../../../src/core/fixes/apply';
import { VAULT_PROVIDERS, vaultReferenceFix, type VaultProvider, type VaultReferenceOptions } from '../../../src/core/fixes/vaultReference';
import type { Finding, Fix } from '../../../src/core/types';
import { covered, Secrets } from '../../helpers/text';

const s = new Secrets(47);

/** The one literal credential the engine reports in the file. */
function literal(path: string, text: string): Finding {
  const found = analyzeText(text, path).findings.filter((f) => f.redacted);
  assert.equal(found.length, 1, `${path}: ${JSON.stringify(found.map((f) => f.ruleId))}`);
  return found[0];
}

function fixFor(path: string, text: string, provider: VaultProvider, options?: VaultReferenceOptions): Fix | undefined {
  return vaultReferenceFix(text, literal(path, text), provider, options);
}

function yamlDocs(text: string): Document[] {
  const docs = parseAllDocuments(text) as Document[];
  for (const d of docs) assert.deepEqual(d.errors.map((e) => e.message), [], text);
  return docs;
}

/** Applies the fix and checks what must hold for every fix: the value is gone, nothing is reported, the file still parses. */
function fixed(path: string, text: string, provider: VaultProvider, options?: VaultReferenceOptions): { after: string; fix: Fix } {
  const finding = literal(path, text);
  const secret = covered(text, finding.range);
  const fix = vaultReferenceFix(text, finding, provider, options);
  assert.ok(fix, `${path} × ${provider}: no fix`);
  const after = applyEdits(text, fix.edits);
  assert.ok(!after.includes(secret), `${path} × ${provider}: the secret is still in the file`);
  assert.deepEqual(analyzeText(after, path).findings.map((f) => f.ruleId), [], `${path} × ${provider}: still reported:\n${after}`);
  if (/\.json$/.test(path)) JSON.parse(after);
  if (/\.ya?ml$/.test(path)) yamlDocs(after);
  assert.ok(fix.placeholders?.length, 'lists the names to complete');
  for (const p of fix.placeholders ?? []) assert.ok(after.includes(p), `placeholder ${p} appears in the result`);
  return { after, fix };
}

/** Providers that get a fix for this file. */
function supported(path: string, text: string): VaultProvider[] {
  return VAULT_PROVIDERS.filter((p) => fixFor(path, text, p) !== undefined);
}

describe('fix: replace a literal with a vault reference', () => {
  describe('CloudFormation → Secrets Manager dynamic reference', () => {
    const yamlTemplate = (pw: string) =>
      [
        'AWSTemplateFormatVersion: "2010-09-09"',
        'Parameters:',
        '  DbName:',
        '    Type: String',
        'Resources:',
        '  Db:',
        '    Type: AWS::RDS::DBInstance',
        '    Properties:',
        '      DBName: !Ref DbName',
        '      MasterUsername: admin',
        `      MasterUserPassword: ${pw}`,
        '',
      ].join('\n');

    it('YAML: the property value becomes a quoted {{resolve:secretsmanager:…}} named after the property', () => {
      const { after, fix } = fixed('infra/template.yaml', yamlTemplate(s.password()), 'aws-secrets-manager');
      assert.equal(after, yamlTemplate("'{{resolve:secretsmanager:master-user-password}}'"));
      assert.equal(fix.title, 'Replace with an AWS Secrets Manager reference ({{resolve:secretsmanager:master-user-password}})');
      assert.deepEqual(fix.placeholders, ['master-user-password']);
    });

    it('JSON: a Lambda environment variable, named after the variable', () => {
      const text = (v: string) => `{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "Fn": {\n      "Type": "AWS::Lambda::Function",\n      "Properties": {\n        "Environment": { "Variables": { "GITHUB_TOKEN": "${v}" } }\n      }\n    }\n  }\n}\n`;
      const { after } = fixed('stack.template.json', text(s.raw.crcToken('ghp_')), 'aws-secrets-manager');
      assert.equal(after, text('{{resolve:secretsmanager:github-token}}'));
    });

    it('an ECS `{ Name, Value }` entry is named after Name; a template without AWSTemplateFormatVersion is still recognised by its AWS:: types', () => {
      const text = `Resources:\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - Name: web\n          Environment:\n            - Name: GITHUB_TOKEN\n              Value: "${s.raw.crcToken('ghp_')}"\n`;
      const { after } = fixed('task.yml', text, 'aws-secrets-manager');
      assert.match(after, /^ {14}Value: "\{\{resolve:secretsmanager:github-token\}\}"$/m);
    });

    it('only AWS has a reference syntax in a CloudFormation template', () => {
      assert.deepEqual(supported('infra/template.yaml', yamlTemplate(s.password())), ['aws-secrets-manager']);
    });

    it('no dynamic reference where AWS does not resolve one: metadata, UserData, custom resources, intrinsic functions', () => {
      const cases = [
        `Resources:\n  Host:\n    Type: AWS::EC2::Instance\n    Metadata:\n      Note:\n        password: "${s.password()}"\n`,
        `Resources:\n  Host:\n    Type: AWS::EC2::Instance\n    Properties:\n      UserData:\n        Fn::Base64: "${s.raw.crcToken('ghp_')}"\n`,
        `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Hook:\n    Type: Custom::Seed\n    Properties:\n      ServiceToken: arn\n      GithubToken: "${s.raw.crcToken('ghp_')}"\n`,
        `Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Description: !Sub "${s.raw.crcToken('ghp_')}"\n      Code: {}\n`,
      ];
      for (const text of cases) assert.equal(fixFor('template.yaml', text, 'aws-secrets-manager'), undefined, text);
    });
  });

  describe('Azure App Service / Functions settings → Key Vault reference', () => {
    it('ARM template appSettings entry, named after the setting', () => {
      const text = (v: string) =>
        `{\n  "resources": [\n    {\n      "type": "Microsoft.Web/sites",\n      "properties": {\n        "siteConfig": {\n          "appSettings": [\n            { "name": "GITHUB_TOKEN", "value": "${v}" }\n          ]\n        }\n      }\n    }\n  ]\n}\n`;
      const { after, fix } = fixed('azuredeploy.json', text(s.raw.crcToken('ghp_')), 'azure-key-vault');
      assert.equal(after, text('@Microsoft.KeyVault(VaultName=<KEY_VAULT_NAME>;SecretName=github-token)'));
      assert.deepEqual(fix.placeholders, ['<KEY_VAULT_NAME>', 'github-token']);
    });

    it('local.settings.json Values, the appsettings config resource and the portal’s advanced-edit list', () => {
      const local = `{\n  "IsEncrypted": false,\n  "Values": {\n    "FUNCTIONS_WORKER_RUNTIME": "node",\n    "SendGridApiKey": "${s.token(40)}"\n  }\n}\n`;
      assert.match(fixed('local.settings.json', local, 'azure-key-vault').after, /"SendGridApiKey": "@Microsoft\.KeyVault\(VaultName=<KEY_VAULT_NAME>;SecretName=send-grid-api-key\)"/);
      const config = `{\n  "resources": [\n    {\n      "type": "Microsoft.Web/sites/config",\n      "name": "[concat(parameters('site'), '/appsettings')]",\n      "properties": {\n        "API_TOKEN": "${s.token(32)}"\n      }\n    }\n  ]\n}\n`;
      assert.match(fixed('main.json', config, 'azure-key-vault').after, /"API_TOKEN": "@Microsoft\.KeyVault\(VaultName=<KEY_VAULT_NAME>;SecretName=api-token\)"/);
      const advanced = `[\n  { "name": "API_TOKEN", "value": "${s.token(32)}", "slotSetting": false }\n]\n`;
      assert.match(fixed('appsettings.portal.json', advanced, 'azure-key-vault').after, /"value": "@Microsoft\.KeyVault\(VaultName=<KEY_VAULT_NAME>;SecretName=api-token\)"/);
    });

    it('Bicep appSettings entry and appsettings config resource', () => {
      const site = (v: string) =>
        `resource site 'Microsoft.Web/sites@2022-09-01' = {\n  name: 'web'\n  properties: {\n    siteConfig: {\n      appSettings: [\n        {\n          name: 'GITHUB_TOKEN'\n          value: '${v}'\n        }\n      ]\n    }\n  }\n}\n`;
      assert.equal(fixed('main.bicep', site(s.raw.crcToken('ghp_')), 'azure-key-vault').after, site('@Microsoft.KeyVault(VaultName=<KEY_VAULT_NAME>;SecretName=github-token)'));
      const config = `resource settings 'Microsoft.Web/sites/config@2022-09-01' = {\n  parent: site\n  name: 'appsettings'\n  properties: {\n    // comment with a brace {\n    DB_PASSWORD: '${s.password()}'\n  }\n}\n`;
      assert.match(fixed('app.bicep', config, 'azure-key-vault').after, /^ {4}DB_PASSWORD: '@Microsoft\.KeyVault\(VaultName=<KEY_VAULT_NAME>;SecretName=db-password\)'$/m);
    });

    it('only Azure applies; JSON that App Service does not read (ASP.NET appsettings.json) gets nothing', () => {
      const arm = `{ "resources": [ { "type": "Microsoft.Web/sites", "properties": { "siteConfig": { "appSettings": [ { "name": "API_TOKEN", "value": "${s.token(32)}" } ] } } } ] }\n`;
      assert.deepEqual(supported('azuredeploy.json', arm), ['azure-key-vault']);
      const aspnet = `{\n  "Stripe": {\n    "ApiKey": "${s.token(32)}"\n  }\n}\n`;
      assert.deepEqual(supported('appsettings.json', aspnet), []);
      const other = `var settings = {\n  apiKey: '${s.token(32)}'\n}\n`;
      assert.deepEqual(supported('main.bicep', other), []);
    });
  });

  describe('.env → 1Password secret reference for op run', () => {
    it('replaces the value, keeping quotes and comments', () => {
      const text = (a: string, b: string) => `# service\nexport GITHUB_TOKEN=${a}\nDB_PASSWORD="${b}" # rotated\n`;
      const gh = s.raw.crcToken('ghp_');
      const pw = s.password();
      const first = fixed('.env', text(gh, pw).replace(pw, 'x'), '1password');
      assert.equal(first.after, text('op://VAULT/github-token/password', 'x'));
      assert.equal(first.fix.title, 'Replace with a 1Password secret reference (op://VAULT/github-token/password), resolved by op run --env-file');
      const second = fixed('.env.local', text('op://VAULT/github-token/password', pw), '1password');
      assert.equal(second.after, text('op://VAULT/github-token/password', 'op://VAULT/db-password/password'));
    });

    it('no other store has a .env convention', () => {
      assert.deepEqual(supported('.env', `API_TOKEN=${s.token(32)}\n`), ['1password']);
    });
  });

  describe('Kubernetes container env → External Secrets Operator', () => {
    const manifest = (envValue: string) =>
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: web',
        '  namespace: shop',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: web',
        '          image: registry.example.com/web:1.4.2',
        '          env:',
        '            - name: LOG_LEVEL',
        '              value: info',
        '            - name: GITHUB_TOKEN',
        envValue,
        '',
      ].join('\n');

    it('AWS: valueFrom.secretKeyRef and an ExternalSecret document, exactly', () => {
      const { after, fix } = fixed('k8s/web.yaml', manifest(`              value: ${s.raw.crcToken('ghp_')}`), 'aws-secrets-manager');
      const expected = [
        manifest(['              valueFrom:', '                secretKeyRef:', '                  name: web-github-token', '                  key: GITHUB_TOKEN'].join('\n')) + '---',
        'apiVersion: external-secrets.io/v1',
        'kind: ExternalSecret',
        'metadata:',
        '  name: web-github-token',
        '  namespace: shop',
        'spec:',
        '  refreshInterval: 1h',
        '  secretStoreRef:',
        '    kind: SecretStore',
        '    name: aws-secrets-manager',
        '  target:',
        '    name: web-github-token',
        '  data:',
        '    - secretKey: GITHUB_TOKEN',
        '      remoteRef:',
        '        key: github-token',
        '',
      ].join('\n');
      assert.equal(after, expected);
      assert.deepEqual(fix.placeholders, ['aws-secrets-manager', 'github-token']);
    });

    it('every store: the pod reads the Secret the ExternalSecret creates, from that store’s secret', () => {
      const remote: Record<VaultProvider, object> = {
        'aws-secrets-manager': { key: 'github-token' },
        'azure-key-vault': { key: 'github-token' },
        'gcp-secret-manager': { key: 'github-token' },
        'hashicorp-vault': { key: 'github-token', property: 'value' },
        '1password': { key: 'github-token/password' },
      };
      const text = manifest(`              value: "${s.raw.crcToken('ghp_')}"`);
      for (const provider of VAULT_PROVIDERS) {
        const docs = yamlDocs(fixed('deploy.yml', text, provider).after).map((d) => d.toJS());
        assert.equal(docs.length, 2);
        const env = docs[0].spec.template.spec.containers[0].env[1];
        assert.deepEqual(env, { name: 'GITHUB_TOKEN', valueFrom: { secretKeyRef: { name: 'web-github-token', key: 'GITHUB_TOKEN' } } });
        const es = docs[1];
        assert.equal(es.kind, 'ExternalSecret');
        assert.equal(es.metadata.namespace, 'shop');
        assert.equal(es.spec.target.name, env.valueFrom.secretKeyRef.name);
        assert.deepEqual(es.spec.data, [{ secretKey: 'GITHUB_TOKEN', remoteRef: remote[provider] }]);
      }
    });

    it('keeps CRLF line breaks and handles flow-style and value-first entries', () => {
      const crlf = manifest(`              value: ${s.raw.crcToken('ghp_')}`).replace(/\n/g, '\r\n');
      const a = fixed('web.yaml', crlf, 'gcp-secret-manager').after;
      assert.ok(!/[^\r]\n/.test(a), 'only CRLF');
      const flow = manifest(`              value: x`).replace('            - name: GITHUB_TOKEN\n              value: x', `            - { name: API_TOKEN, value: ${s.raw.crcToken('ghp_')} }`);
      const b = yamlDocs(fixed('web.yaml', flow, 'hashicorp-vault').after).map((d) => d.toJS());
      assert.deepEqual(b[0].spec.template.spec.containers[0].env[1], { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'web-api-token', key: 'API_TOKEN' } } });
      const first = manifest('              value: x').replace('            - name: GITHUB_TOKEN\n              value: x', `            - value: ${s.raw.crcToken('ghp_')}\n              name: API_TOKEN`);
      const c = yamlDocs(fixed('web.yaml', first, 'azure-key-vault').after).map((d) => d.toJS());
      assert.deepEqual(c[0].spec.template.spec.containers[0].env[1], { valueFrom: { secretKeyRef: { name: 'web-api-token', key: 'API_TOKEN' } }, name: 'API_TOKEN' });
    });

    it('no fix for part of a longer value, or for a Helm template', () => {
      const embedded = manifest(`              value: "https://deploy:${s.raw.crcToken('ghp_')}@github.com/org/repo.git"`);
      assert.deepEqual(supported('web.yaml', embedded), []);
      const helm = manifest(`              value: ${s.raw.crcToken('ghp_')}`).replace('image: registry.example.com/web:1.4.2', 'image: {{ .Values.image }}');
      assert.deepEqual(supported('templates/web.yaml', helm), []);
    });
  });

  describe('Terraform → a data source of the store’s provider', () => {
    const resource = (v: string) => `resource "github_actions_secret" "deploy" {\n  repository  = "shop"\n  secret_name = "DEPLOY"\n  token       = ${v}\n}\n`;

    it('AWS: data.aws_secretsmanager_secret_version, the block added at the end, exactly', () => {
      const { after, fix } = fixed('infra/main.tf', resource(`"${s.raw.crcToken('ghp_')}"`), 'aws-secrets-manager');
      assert.equal(after, resource('data.aws_secretsmanager_secret_version.github_token.secret_string') + '\ndata "aws_secretsmanager_secret_version" "github_token" {\n  secret_id = "github-token"\n}\n');
      assert.equal(fix.title, 'Read it from AWS Secrets Manager (data.aws_secretsmanager_secret_version.github_token.secret_string)');
    });

    it('every store has its data source', () => {
      const expr: Record<VaultProvider, string> = {
        'aws-secrets-manager': 'data.aws_secretsmanager_secret_version.github_token.secret_string',
        'hashicorp-vault': 'data.vault_kv_secret_v2.github_token.data["value"]',
        'azure-key-vault': 'data.azurerm_key_vault_secret.github_token.value',
        'gcp-secret-manager': 'data.google_secret_manager_secret_version.github_token.secret_data',
        '1password': 'data.onepassword_item.github_token.password',
      };
      const block: Record<VaultProvider, RegExp> = {
        'aws-secrets-manager': /data "aws_secretsmanager_secret_version" "github_token" \{\n {2}secret_id = "github-token"\n\}/,
        'hashicorp-vault': /data "vault_kv_secret_v2" "github_token" \{\n {2}mount = "secret"\n {2}name {2}= "github-token"\n\}/,
        'azure-key-vault': /data "azurerm_key_vault_secret" "github_token" \{\n {2}name {9}= "github-token"\n {2}key_vault_id = data\.azurerm_key_vault\.key_vault\.id\n\}\n\ndata "azurerm_key_vault" "key_vault" \{\n {2}name {16}= "<KEY_VAULT_NAME>"\n {2}resource_group_name = "<RESOURCE_GROUP_NAME>"\n\}/,
        'gcp-secret-manager': /data "google_secret_manager_secret_version" "github_token" \{\n {2}secret = "github-token"\n\}/,
        '1password': /data "onepassword_item" "github_token" \{\n {2}vault = data\.onepassword_vault\.vault\.uuid\n {2}title = "github-token"\n\}\n\ndata "onepassword_vault" "vault" \{\n {2}name = "<VAULT_NAME>"\n\}/,
      };
      const text = resource(`"${s.raw.crcToken('ghp_')}"`);
      for (const provider of VAULT_PROVIDERS) {
        const { after } = fixed('main.tf', text, provider);
        assert.ok(after.startsWith(resource(expr[provider])), `${provider}:\n${after}`);
        assert.match(after, block[provider]);
      }
    });

    it('reuses a Key Vault the file already declares; interpolates a literal inside a longer string', () => {
      const text = `data "azurerm_key_vault" "main" {\n  name                = "kv-shop"\n  resource_group_name = "rg-shop"\n}\n\nlocals {\n  repo_url = "https://deploy:${s.raw.crcToken('ghp_')}@github.com/org/repo.git"\n}\n`;
      const { after, fix } = fixed('main.tf', text, 'azure-key-vault');
      assert.match(after, /repo_url = "https:\/\/deploy:\$\{data\.azurerm_key_vault_secret\.repo_url\.value\}@github\.com\/org\/repo\.git"/);
      assert.match(after, /key_vault_id = data\.azurerm_key_vault\.main\.id/);
      assert.equal(after.match(/data "azurerm_key_vault" /g)?.length, 1);
      assert.deepEqual(fix.placeholders, ['repo-url']);
    });

    it('app settings of an Azure web app take a Key Vault reference instead (the value stays out of the state)', () => {
      const text = (v: string) => `resource "azurerm_linux_web_app" "web" {\n  name = "web"\n  app_settings = {\n    "GITHUB_TOKEN" = "${v}"\n  }\n}\n`;
      const { after } = fixed('app.tf', text(s.raw.crcToken('ghp_')), 'azure-key-vault');
      assert.equal(after, text('@Microsoft.KeyVault(VaultName=<KEY_VAULT_NAME>;SecretName=github-token)'));
    });

    it('no reference where Terraform allows none: variable defaults, outputs, .tfvars', () => {
      assert.deepEqual(supported('variables.tf', `variable "github_token" {\n  type    = string\n  default = "${s.raw.crcToken('ghp_')}"\n}\n`), []);
      assert.deepEqual(supported('prod.tfvars', `github_token = "${s.raw.crcToken('ghp_')}"\n`), []);
      assert.deepEqual(supported('outputs.tf', `output "token" {\n  value = "${s.raw.crcToken('ghp_')}"\n}\n`), []);
    });
  });

  describe('templates rendered by the store’s own tool', () => {
    it('op inject template (config.yml.tpl) → {{ op://… }}; Helm partials (_helpers.tpl) are left alone', () => {
      const text = (v: string) => `github:\n  token: ${v}\n  org: shop\n`;
      const { after } = fixed('deploy/config.yml.tpl', text(s.raw.crcToken('ghp_')), '1password');
      assert.equal(after, text('{{ op://VAULT/github-token/password }}'));
      assert.deepEqual(supported('deploy/config.yml.tpl', text(s.raw.crcToken('ghp_'))), ['1password']);
      assert.deepEqual(supported('chart/templates/_helpers.tpl', `{{- define "token" -}}\ntoken: ${s.raw.crcToken('ghp_')}\n{{- end }}\n`), []);
    });

    it('Vault Agent template (.ctmpl) → {{ with secret "secret/data/…" }}', () => {
      const text = (v: string) => `[github]\ntoken = "${v}"\n`;
      const { after } = fixed('agent/app.ini.ctmpl', text(s.raw.crcToken('ghp_')), 'hashicorp-vault');
      assert.equal(after, text('{{ with secret "secret/data/github-token" }}{{ .Data.data.value }}{{ end }}'));
      assert.deepEqual(supported('agent/app.ini.ctmpl', text(s.raw.crcToken('ghp_'))), ['hashicorp-vault']);
    });
  });

  it('source code gets no vault reference (it would take an asynchronous SDK call)', () => {
    for (const [path, line] of [
      ['src/config.ts', `export const githubToken = "${s.raw.crcToken('ghp_')}";`],
      ['app/settings.py', `GITHUB_TOKEN = "${s.raw.crcToken('ghp_')}"`],
      ['main.go', `var githubToken = "${s.raw.crcToken('ghp_')}"`],
      ['src/Main.java', `  static final String GITHUB_TOKEN = "${s.raw.crcToken('ghp_')}";`],
      ['Program.cs', `var githubToken = "${s.raw.crcToken('ghp_')}";`],
    ]) {
      assert.deepEqual(supported(path, `${line}\n`), [], path);
    }
  });

  it('uses the name the user chose, as far as the store allows', () => {
    const text = `API_TOKEN=${s.token(32)}\n`;
    assert.equal(applyEdits(text, fixFor('.env', text, '1password', { name: 'shop/api token' })!.edits), 'API_TOKEN=op://VAULT/shop-api-token/password\n');
    const arm = `{ "resources": [ { "type": "Microsoft.Web/sites", "properties": { "siteConfig": { "appSettings": [ { "name": "API_TOKEN", "value": "${s.token(32)}" } ] } } } ] }\n`;
    assert.match(applyEdits(arm, fixFor('azuredeploy.json', arm, 'azure-key-vault', { name: 'shop/api_token' })!.edits), /SecretName=shop-api-token\)/);
    const cfn = `Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Environment:\n        Variables:\n          API_TOKEN: ${s.token(32)}\n`;
    assert.match(applyEdits(cfn, fixFor('template.yaml', cfn, 'aws-secrets-manager', { name: 'shop/api_token' })!.edits), /'\{\{resolve:secretsmanager:shop\/api_token\}\}'/);
  });

  it('offers nothing for findings without a value in place (base64-decoded Secret data)', () => {
    const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: gh\ndata:\n  token: ${Buffer.from(s.raw.crcToken('ghp_')).toString('base64')}\n`;
    const f = analyzeText(text, 'secret.yaml').findings.find((x) => x.context?.decodedFrom === 'base64');
    assert.ok(f, 'the engine decodes the Secret');
    for (const p of VAULT_PROVIDERS) assert.equal(vaultReferenceFix(text, f, p), undefined);
  });

  it('the ExternalSecret sits in its own document after the workload', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: job\nspec:\n  containers:\n    - name: job\n      image: busybox\n      env:\n        - name: SLACK_BOT_TOKEN\n          value: xoxb-${s.raw.digits(12)}-${s.raw.digits(13)}-${s.token(24)}`;
    const docs = yamlDocs(fixed('pod.yaml', text, 'gcp-secret-manager').after);
    assert.deepEqual(docs.map((d) => (isMap(d.contents) ? d.get('kind') : undefined)), ['Pod', 'ExternalSecret']);
    assert.ok(isSeq(docs[1].getIn(['spec', 'data'], true)));
  });
});
