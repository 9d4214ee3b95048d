import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../src/core/analyzeFile';
import { applyEdits } from '../../../src/core/fixes/apply';
import { parseYaml } from '../../../src/core/ci/yamlFile';
import { Fake } from '../../../src/core/rules/fake';
import { analyze, assertFixResolves, changedLines, rulesOf } from '../../helpers/ci';

const f = new Fake(0x4b85);
const keyId = () => 'AKIA' + f.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16);
const b64 = (s: string) => Buffer.from(s).toString('base64');
const k8s = (text: string, path = 'deploy/app.yaml') => rulesOf(path, text).filter((r) => r.startsWith('k8s-') || r === 'ci-yaml-parse-error');

/** Every document of a multi-document result parses. */
function parsesAll(text: string): void {
  for (const doc of text.split(/^---$/m)) assert.ok(parseYaml(doc, 'x.yaml').ok, doc);
}

const SERVICE_ACCOUNT = ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: uploader', '  namespace: media', '---'];

function deployment(env: string[], extra: string[] = []): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: uploader',
    '  namespace: media',
    'spec:',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: uploader',
    '    spec:',
    '      serviceAccountName: uploader',
    '      containers:',
    '        - name: app',
    '          image: registry.example.com/uploader:1.4',
    '          env:',
    ...env.map((l) => '            ' + l),
    ...extra,
  ].join('\n') + '\n';
}

const AWS_REFS = [
  '- name: AWS_ACCESS_KEY_ID',
  '  valueFrom:',
  '    secretKeyRef:',
  '      name: aws-creds',
  '      key: access-key-id',
  '- name: AWS_SECRET_ACCESS_KEY',
  '  valueFrom:',
  '    secretKeyRef:',
  '      name: aws-creds',
  '      key: secret-access-key',
];

describe('Kubernetes analyzer', () => {
  describe('k8s-aws-static-keys', () => {
    it('flags AWS keys from a Secret in container env, naming IRSA', () => {
      const text = deployment([...AWS_REFS, '- name: AWS_REGION', '  value: eu-west-1']);
      const found = analyze('deploy/app.yaml', text).filter((x) => x.ruleId === 'k8s-aws-static-keys');
      assert.equal(found.length, 1);
      assert.equal(found[0].range.startLine, 21);
      assert.equal(found[0].identity, 'aws-creds');
      assert.equal(found[0].owasp, 'NHI7');
      assert.match(found[0].title, /eks\.amazonaws\.com\/role-arn/);
      assert.equal(found[0].fixes, undefined); // the ServiceAccount is not in this file
    });

    it('annotates the ServiceAccount in the same file and drops the keys', () => {
      const text = [...SERVICE_ACCOUNT, ''].join('\n') + deployment([...AWS_REFS, '- name: AWS_REGION', '  value: eu-west-1']);
      const after = assertFixResolves('deploy/app.yaml', text, 'k8s-aws-static-keys', [22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);
      parsesAll(after);
      assert.match(after, /name: uploader\n {2}namespace: media\n {2}annotations:\n {4}eks\.amazonaws\.com\/role-arn: arn:aws:iam::<ACCOUNT_ID>:role\/<ROLE_NAME>\n---/);
      assert.match(after, /env:\n {12}- name: AWS_REGION\n/);
    });

    it('removes the whole env block when only the keys were in it', () => {
      const text = [...SERVICE_ACCOUNT, ''].join('\n') + deployment(AWS_REFS, ['          ports:', '            - containerPort: 8080']);
      const after = assertFixResolves('deploy/app.yaml', text, 'k8s-aws-static-keys', [21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);
      parsesAll(after);
      assert.match(after, /image: registry\.example\.com\/uploader:1\.4\n {10}ports:/);
    });

    it('flags literal keys and keys stored in a Secret manifest', () => {
      const text = deployment([`- name: AWS_ACCESS_KEY_ID`, `  value: ${keyId()}`, '- name: AWS_SECRET_ACCESS_KEY', `  value: ${f.alnum(40)}`]) +
        `---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: aws-creds\ntype: Opaque\ndata:\n  AWS_ACCESS_KEY_ID: ${b64(keyId())}\n  AWS_SECRET_ACCESS_KEY: ${b64(f.alnum(40))}\n`;
      const found = analyze('deploy/app.yaml', text).filter((x) => x.ruleId === 'k8s-aws-static-keys');
      assert.deepEqual(found.map((x) => [x.range.startLine, x.identity]), [[18, 'AWS_SECRET_ACCESS_KEY'], [28, 'aws-creds']]);
    });

    it('flags an AWS shared-credentials file stored in a Secret, not a template of one', () => {
      const file = (secret: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: external-dns-aws\nstringData:\n  credentials: |\n    [default]\n    aws_access_key_id = ${keyId()}\n    aws_secret_access_key = ${secret}\n`;
      const found = analyze('dns.yaml', file(f.alnum(40))).filter((x) => x.ruleId === 'k8s-aws-static-keys');
      assert.deepEqual(found.map((x) => [x.range.startLine, x.identity]), [[5, 'external-dns-aws']]);
      assert.deepEqual(k8s(file('<AWS_SECRET_ACCESS_KEY>'), 'dns.yaml'), []);
    });

    it('does not flag IRSA, MinIO/LocalStack, or keys of another shape', () => {
      const irsa = [...SERVICE_ACCOUNT.slice(0, 5), '  annotations:', '    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/uploader', '---', ''].join('\n') + deployment(['- name: AWS_REGION', '  value: eu-west-1']);
      assert.deepEqual(k8s(irsa), []);
      const minio = deployment([...AWS_REFS, '- name: AWS_ENDPOINT_URL', '  value: http://minio:9000']);
      assert.deepEqual(k8s(minio), []);
      const foreign = deployment(['- name: AWS_ACCESS_KEY_ID', '  value: uploader', '- name: AWS_SECRET_ACCESS_KEY', '  valueFrom:', '    secretKeyRef: { name: s3, key: secret }']);
      assert.deepEqual(k8s(foreign), []);
      const dummy = deployment(['- name: AWS_ACCESS_KEY_ID', '  value: test', '- name: AWS_SECRET_ACCESS_KEY', '  value: test']);
      assert.deepEqual(k8s(dummy), []);
      const minioSecret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s3\nstringData:\n  accessKeyID: minio-user\n  secretAccessKey: ${f.alnum(30)}\n  endpoint: http://minio:9000\n`;
      assert.deepEqual(k8s(minioSecret), []);
    });
  });

  describe('k8s-gcp-service-account-key', () => {
    const gcp = (extra: string[] = []) => [
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata:',
      '  name: export',
      'spec:',
      '  schedule: "0 3 * * *"',
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        spec:',
      '          serviceAccountName: exporter',
      '          containers:',
      '            - name: export',
      '              image: exporter:2',
      '              env:',
      '                - name: GOOGLE_APPLICATION_CREDENTIALS',
      '                  value: /var/secrets/google/key.json',
      '              volumeMounts:',
      '                - name: google-key',
      '                  mountPath: /var/secrets/google',
      '          volumes:',
      '            - name: google-key',
      ...extra,
    ].join('\n') + '\n';

    it('flags a key file mounted from a Secret, naming GKE Workload Identity, and fixes with the SA in the file', () => {
      const text = gcp(['              secret:', '                secretName: gcp-sa-key']);
      const [finding] = analyze('cron.yaml', text).filter((x) => x.ruleId === 'k8s-gcp-service-account-key');
      assert.equal(finding.range.startLine, 15);
      assert.match(finding.title, /iam\.gke\.io\/gcp-service-account/);
      const withSa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: exporter\n  annotations:\n    team: data\n---\n' + text;
      const after = assertFixResolves('cron.yaml', withSa, 'k8s-gcp-service-account-key', [21, 22, 23]);
      assert.match(after, /annotations:\n {4}team: data\n {4}iam\.gke\.io\/gcp-service-account: <GSA_NAME>@<PROJECT_ID>\.iam\.gserviceaccount\.com\n---/);
    });

    it('flags a service-account key JSON in a Secret, not a federation config from a ConfigMap', () => {
      const key = JSON.stringify({ type: 'service_account', project_id: 'p', private_key_id: f.hex(40), private_key: 'redacted-in-test' });
      const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: gcp-sa-key\ndata:\n  key.json: ${b64(key)}\n`;
      assert.deepEqual(k8s(secret), ['k8s-gcp-service-account-key']);
      const wif = gcp(['              configMap:', '                name: wif-config']);
      assert.deepEqual(k8s(wif), []);
    });
  });

  describe('k8s-azure-client-secret', () => {
    it('flags AZURE_CLIENT_SECRET and fixes with the annotation and the pod label', () => {
      const sa = ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: uploader', '  namespace: media', '---', ''].join('\n');
      const text = sa + deployment(['- name: AZURE_CLIENT_ID', '  value: 00000000-0000-0000-0000-000000000000', '- name: AZURE_CLIENT_SECRET', '  valueFrom:', '    secretKeyRef:', '      name: sp', '      key: secret']);
      const [finding] = analyze('a.yaml', text).filter((x) => x.ruleId === 'k8s-azure-client-secret');
      assert.match(finding.title, /azure\.workload\.identity\/client-id/);
      const after = assertFixResolves('a.yaml', text, 'k8s-azure-client-secret', [24, 25, 26, 27, 28]);
      parsesAll(after);
      assert.match(after, /annotations:\n {4}azure\.workload\.identity\/client-id: "<CLIENT_ID>"\n/);
      assert.match(after, /labels:\n {8}app: uploader\n {8}azure\.workload\.identity\/use: "true"\n/);
    });

    it('flags a client secret in a Secret only next to a tenant id', () => {
      const sp = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: sp\nstringData:\n  tenantId: 00000000-0000-0000-0000-000000000000\n  clientSecret: ${f.alnum(34)}\n`;
      assert.deepEqual(k8s(sp), ['k8s-azure-client-secret']);
      const oauth = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: oauth2-proxy\nstringData:\n  clientSecret: ${f.alnum(34)}\n`;
      assert.deepEqual(k8s(oauth), []);
    });
  });

  it('records secretKeyRef, envFrom, volume and pull-secret references with workload and namespace', () => {
    const text = deployment(['- name: DB_PASSWORD', '  valueFrom:', '    secretKeyRef:', '      name: db', '      key: password'], [
      '          envFrom:',
      '            - secretRef:',
      '                name: app-env',
      '      imagePullSecrets:',
      '        - name: regcred',
      '      volumes:',
      '        - name: tls',
      '          secret:',
      '            secretName: uploader-tls',
    ]);
    const { uses } = analyzeText(text, 'deploy/app.yaml');
    assert.deepEqual(uses.map((u) => [u.key, u.kind, u.job, u.step, u.environment, u.range.startLine]), [
      ['kubernetes:ci-secret:db/password', 'ci-secret', 'uploader', 'app', 'media', 19],
      ['kubernetes:ci-secret:app-env', 'ci-secret', 'uploader', 'app', 'media', 23],
      ['kubernetes:ci-secret:uploader-tls', 'ci-secret', 'uploader', undefined, 'media', 29],
      ['kubernetes:ci-secret:regcred', 'ci-secret', 'uploader', undefined, 'media', 25],
    ]);
  });

  it('moves a literal env value found by the detection engine to a secretKeyRef', () => {
    const text = deployment(['- name: LOG_LEVEL', '  value: info', '- name: DB_PASSWORD', `  value: ${f.alnum(18)}`]);
    const literal = analyze('deploy/app.yaml', text).find((x) => x.ruleId === 'generic-password');
    assert.ok(literal?.fixes?.length);
    const after = applyEdits(text, literal.fixes.at(-1)!.edits);
    assert.deepEqual(changedLines(text, after), [19]);
    assert.match(after, /- name: DB_PASSWORD\n {14}valueFrom: \{ secretKeyRef: \{ name: uploader-secrets, key: DB_PASSWORD \} \}\n/);
    parsesAll(after);
    assert.deepEqual(rulesOf('deploy/app.yaml', after).filter((r) => r === 'generic-password'), []);
  });

  it('reports one parse error for a malformed document and still reads the others', () => {
    const text = deployment(AWS_REFS) + '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken\n';
    assert.deepEqual(k8s(text).sort(), ['ci-yaml-parse-error', 'k8s-aws-static-keys']);
    assert.deepEqual(k8s('apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "unterminated\n'), ['ci-yaml-parse-error']);
  });

  it('owns manifests only: not Helm templates, not other YAML', () => {
    const helm = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}\nstringData:\n  AWS_SECRET_ACCESS_KEY: {{ .Values.key }}\n';
    assert.deepEqual(k8s(helm, 'charts/app/templates/secret.yaml'), []);
    assert.deepEqual(k8s('name: app\nenv:\n  AWS_SECRET_ACCESS_KEY: x\n', 'config/app.yaml'), []);
  });
});
