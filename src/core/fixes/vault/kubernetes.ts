/**
 * Kubernetes container `env` entries with a literal `value:`, for every store, through the External
 * Secrets Operator: the entry reads a Secret (`valueFrom.secretKeyRef`) that an `ExternalSecret`,
 * appended as a new document, keeps in sync with the store.
 *
 * `external-secrets.io/v1` is the served API since ESO v0.17.0 (v1beta1 is no longer served). The
 * `remoteRef` per provider follows ESO's provider guides: AWS Secrets Manager, Azure Key Vault and
 * Google Secret Manager take the secret name as `key`; HashiCorp Vault (KV v2 store, `path` = the
 * mount) takes the secret path as `key` and the field as `property`; 1Password (the `onepasswordSDK`
 * provider, service-account based) takes `<item>/<field>` as `key`.
 */
import type { Pair, Scalar, YAMLMap } from 'yaml';
import type { Fix, TextEdit } from '../../types';
import { looksLikeManifest, isTemplate, parseManifests, workloadOf } from '../../ci/kubernetes/model';
import { lineText, pairLines } from '../../ci/yamlEdits';
import type { YamlFile } from '../../ci/yamlFile';
import { appendBlock, replace, type Literal } from './literal';
import { secretName, VAULT_PROVIDER_LABELS, type VaultProvider } from './providers';
import { OP_FIELD, VAULT_FIELD } from './references';

export const EXTERNAL_SECRETS_API = 'external-secrets.io/v1';

/** Name of the SecretStore the ExternalSecret reads through, one per store kind (the user may rename it). */
export const SECRET_STORES: Record<VaultProvider, string> = {
  'aws-secrets-manager': 'aws-secrets-manager',
  'hashicorp-vault': 'vault-backend',
  'azure-key-vault': 'azure-key-vault',
  'gcp-secret-manager': 'gcp-secret-manager',
  '1password': 'onepassword',
};

function remoteRef(provider: VaultProvider, name: string): string[] {
  if (provider === 'hashicorp-vault') return [`key: ${name}`, `property: ${VAULT_FIELD}`];
  if (provider === '1password') return [`key: ${name}/${OP_FIELD}`];
  return [`key: ${name}`];
}

/** A DNS-1123 subdomain, as Kubernetes object names must be. */
function objectName(...parts: string[]): string {
  return (
    parts
      .join('-')
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 253)
      .replace(/[-.]+$/, '') || 'secret'
  );
}

interface EnvLiteral {
  file: YamlFile;
  item: YAMLMap;
  pair: Pair;
  value: Scalar;
  envName: string;
  workload: string;
  namespace?: string;
}

function findEnv(lit: Literal): EnvLiteral | undefined {
  const parsed = parseManifests(lit.text, lit.finding.path);
  for (const res of parsed.resources) {
    const w = workloadOf(res);
    for (const c of w?.containers ?? []) {
      for (const e of c.env) {
        const r = e.value?.range;
        if (!e.valuePair || !e.value || !r || r[0] > lit.start || r[1] < lit.end) continue;
        return { file: res.file, item: e.item, pair: e.valuePair, value: e.value, envName: e.name, workload: res.name ?? res.kind.toLowerCase(), namespace: res.namespace };
      }
    }
  }
  return undefined;
}

/** `value: …` → `valueFrom.secretKeyRef`, block or flow style as the entry is written. */
function valueFromEdit(lit: Literal, env: EnvLiteral, secret: string, key: string): TextEdit | undefined {
  if (env.item.flow) {
    const k = (env.pair.key as Scalar).range!;
    return replace(lit, k[0], env.value.range![1], `valueFrom: { secretKeyRef: { name: ${secret}, key: ${key} } }`);
  }
  const lines = pairLines(env.file, env.pair);
  if (!lines || lines.first !== lines.last) return undefined;
  const lead = /^[ \t]*(?:-[ \t]+)?/.exec(lineText(env.file, lines.first))![0];
  const pad = ' '.repeat(lead.length);
  const nl = lit.nl;
  return {
    range: { startLine: lines.first, startColumn: 0, endLine: lines.first, endColumn: lineText(env.file, lines.first).length },
    newText: [`${lead}valueFrom:`, `${pad}  secretKeyRef:`, `${pad}    name: ${secret}`, `${pad}    key: ${key}`].join(nl),
  };
}

export function kubernetesFix(lit: Literal): Fix | undefined {
  if (!looksLikeManifest(lit.finding.path, lit.text) || isTemplate(lit.text)) return undefined;
  const env = findEnv(lit);
  if (!env || env.value.type === 'BLOCK_LITERAL' || env.value.type === 'BLOCK_FOLDED') return undefined;
  if (String(env.value.value ?? '') !== lit.text.slice(lit.start, lit.end)) return undefined; // part of a longer value
  const name = secretName(lit.provider, env.envName, lit.finding.kind, lit.chosenName);
  const secret = objectName(env.workload, name);
  const key = env.envName.replace(/[^-._a-zA-Z0-9]+/g, '_');
  const replaceValue = valueFromEdit(lit, env, secret, key);
  if (!replaceValue) return undefined;
  const store = SECRET_STORES[lit.provider];
  const doc = [
    '---',
    `apiVersion: ${EXTERNAL_SECRETS_API}`,
    'kind: ExternalSecret',
    'metadata:',
    `  name: ${secret}`,
    ...(env.namespace ? [`  namespace: ${env.namespace}`] : []),
    'spec:',
    '  refreshInterval: 1h',
    '  secretStoreRef:',
    '    kind: SecretStore',
    `    name: ${store}`,
    '  target:',
    `    name: ${secret}`,
    '  data:',
    `    - secretKey: ${key}`,
    '      remoteRef:',
    ...remoteRef(lit.provider, name).map((l) => `        ${l}`),
  ];
  return {
    title: `Read it from a Secret that External Secrets syncs from ${VAULT_PROVIDER_LABELS[lit.provider]} (ExternalSecret ${secret}, store ${store})`,
    edits: [replaceValue, appendBlock(lit, doc.join(lit.nl) + lit.nl, '')],
    placeholders: [store, name],
  };
}
