/**
 * Kubernetes analyzer: static cloud keys handed to workloads (container env, Secret manifests)
 * where the cluster's workload identity would serve — IRSA, GKE Workload Identity, Azure Workload
 * Identity — with a fix that annotates the pod's ServiceAccount when it is in the same file, and
 * every Secret reference a workload consumes.
 *
 * Multi-document files are the norm, so the analyzer parses all documents itself (`yaml: false`)
 * with one line counter: every node keeps its offset in the whole file and the shared line-edit
 * helpers work on each document.
 */
import { isScalar, type Scalar, type YAMLMap } from 'yaml';
import type { Finding, Fix, TextEdit } from '../../types';
import type { CiAnalyzer, CiInput } from '../analyzers';
import { isDummyValue, isEmulatorImage, isS3CompatibleEndpointName, type Cloud } from '../containers/credentialNames';
import type { CiCandidate, CiRuleMeta, IdentityUse } from '../types';
import { appendToMap, mapIndent, removePair, replacePair } from '../yamlEdits';
import { getMap, getPair, nodeRange, offsetRange, pairRange, scalarString, type YamlFile } from '../yamlFile';
import { isTemplate, looksLikeManifest, parseManifests, workloadOf, type K8sContainer, type K8sEnv, type K8sResource, type K8sWorkload } from './model';
import * as R from './rules';

const META: Record<Cloud, CiRuleMeta> = { aws: R.K8S_AWS_STATIC_KEYS, gcp: R.K8S_GCP_KEY, azure: R.K8S_AZURE_SECRET };

/** The annotation (and, for Azure, the pod label) that binds a ServiceAccount to a cloud identity. */
const IDENTITY: Record<Cloud, { annotation: string; value: string; placeholders: string[]; name: string }> = {
  aws: { annotation: 'eks.amazonaws.com/role-arn', value: 'arn:aws:iam::<ACCOUNT_ID>:role/<ROLE_NAME>', placeholders: ['<ACCOUNT_ID>', '<ROLE_NAME>'], name: 'IRSA' },
  gcp: { annotation: 'iam.gke.io/gcp-service-account', value: '<GSA_NAME>@<PROJECT_ID>.iam.gserviceaccount.com', placeholders: ['<GSA_NAME>', '<PROJECT_ID>'], name: 'GKE Workload Identity' },
  azure: { annotation: 'azure.workload.identity/client-id', value: '"<CLIENT_ID>"', placeholders: ['<CLIENT_ID>'], name: 'Azure Workload Identity' },
};

const MESSAGE: Record<Cloud, string> = {
  aws: 'use IRSA (annotate the ServiceAccount with eks.amazonaws.com/role-arn) or EKS Pod Identity instead',
  gcp: 'use GKE Workload Identity (annotate the ServiceAccount with iam.gke.io/gcp-service-account) instead',
  azure: 'use Azure Workload Identity (ServiceAccount annotation azure.workload.identity/client-id and pod label azure.workload.identity/use: "true") instead',
};

/** Environment variables the fix removes per cloud (the SDKs prefer them over workload identity). */
const ENV_TO_DROP: Record<Cloud, string[]> = {
  aws: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SECRET_KEY', 'AWS_SESSION_TOKEN'],
  gcp: ['GOOGLE_APPLICATION_CREDENTIALS'],
  azure: ['AZURE_CLIENT_SECRET', 'ARM_CLIENT_SECRET'],
};

const AWS_KEY_ID = /^(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,}$/;

interface Ctx {
  input: CiInput;
  resources: K8sResource[];
  out: CiCandidate[];
  uses: IdentityUse[];
}

function endOf(f: YamlFile, node: { range?: [number, number, number] | null }): number {
  let e = node.range![1];
  while (e > node.range![0] && /\s/.test(f.text[e - 1])) e--;
  return e;
}

/** Whole lines of a block-sequence item (`- name: X` and its continuation lines). */
function removeSeqItem(f: YamlFile, item: YAMLMap): TextEdit | undefined {
  if (!item.range || item.flow) return undefined;
  const s = f.lines.linePos(item.range[0]);
  const start = f.lines.lineStarts[s.line - 1];
  if (!/^\s*-\s*$/.test(f.text.slice(start, item.range[0]))) return undefined;
  const last = f.lines.linePos(Math.max(item.range[0], endOf(f, item) - 1)).line - 1;
  return { range: { startLine: s.line - 1, startColumn: 0, endLine: last + 1, endColumn: 0 }, newText: '' };
}

/** Adds `key: value` under `metadata.<field>` (creating the map when missing). */
function addToMetadataMap(f: YamlFile, metadata: YAMLMap | undefined, field: 'annotations' | 'labels', key: string, value: string): TextEdit | null | undefined {
  if (!metadata) return undefined;
  const map = getMap(metadata, field);
  if (map) {
    if (getPair(map, key)) return null; // already there
    return appendToMap(f, map, [`${key}: ${value}`]);
  }
  if (getPair(metadata, field)) return undefined; // flow style or null: leave it to the user
  const col = mapIndent(f, metadata);
  if (col === undefined) return undefined;
  return appendToMap(f, metadata, [`${field}:`, `  ${key}: ${value}`]);
}

function serviceAccountDoc(ctx: Ctx, w: K8sWorkload): K8sResource | undefined {
  if (!w.serviceAccount) return undefined;
  return ctx.resources.find((r) => r.kind === 'ServiceAccount' && r.name === w.serviceAccount && (r.namespace ?? w.res.namespace) === (w.res.namespace ?? r.namespace));
}

/**
 * Workload-identity fix: annotate the pod's ServiceAccount (when it is in this file), label the pod
 * for Azure, and drop the key variables from the container.
 */
function workloadIdentityFix(ctx: Ctx, w: K8sWorkload, c: K8sContainer, cloud: Cloud): Fix | undefined {
  const sa = serviceAccountDoc(ctx, w);
  if (!sa) return undefined;
  const id = IDENTITY[cloud];
  const edits: TextEdit[] = [];
  const annotate = addToMetadataMap(sa.file, sa.metadata, 'annotations', id.annotation, id.value);
  if (annotate === undefined) return undefined;
  if (annotate) edits.push(annotate);
  if (cloud === 'azure') {
    const label = addToMetadataMap(w.res.file, w.podMeta, 'labels', 'azure.workload.identity/use', '"true"');
    if (label === undefined) return undefined;
    if (label) edits.push(label);
  }
  const drop = c.env.filter((e) => ENV_TO_DROP[cloud].includes(e.name));
  if (drop.length === c.env.length && c.envPair) {
    const e = removePair(w.res.file, c.envPair);
    if (!e) return undefined;
    edits.push(e);
  } else {
    for (const d of drop) {
      const e = removeSeqItem(w.res.file, d.item);
      if (!e) return undefined;
      edits.push(e);
    }
  }
  return {
    title: `Use ${id.name}: annotate ServiceAccount ${sa.name} with ${id.annotation} and drop the static credentials`,
    edits,
    placeholders: id.placeholders,
  };
}

/** A literal that could be a real credential, or a reference to a Secret. */
function carriesCredential(e: K8sEnv | undefined): boolean {
  if (!e) return false;
  if (e.secretRef) return true;
  const v = scalarString(e.value);
  return v !== undefined && !isDummyValue(v);
}

function containerKeys(ctx: Ctx, w: K8sWorkload, c: K8sContainer): void {
  const f = w.res.file;
  const byName = new Map(c.env.map((e) => [e.name.toUpperCase(), e]));
  const report = (cloud: Cloud, e: K8sEnv, detail: string) => {
    const fix = workloadIdentityFix(ctx, w, c, cloud);
    ctx.out.push({
      meta: META[cloud],
      range: pairRange(f, e.namePair),
      message: `${detail} in container ${c.name} of ${w.res.kind} ${w.res.name ?? ''}: ${MESSAGE[cloud]}`.replace(/ {2,}/g, ' '),
      identity: scalarString(e.secretRef?.name) ?? e.name,
      fingerprintSource: `${w.res.kind}/${w.res.name}/${c.name}:${e.name}`,
      fixes: fix ? [fix] : undefined,
    });
  };
  // AWS keys, unless the container talks to S3-compatible storage (MinIO, LocalStack…).
  const emulated = isEmulatorImage(c.image) || c.env.some((e) => isS3CompatibleEndpointName(e.name));
  const id = byName.get('AWS_ACCESS_KEY_ID');
  const secret = byName.get('AWS_SECRET_ACCESS_KEY') ?? byName.get('AWS_SECRET_KEY');
  // A literal key id of another shape (or a dummy) belongs to S3-compatible storage or a test.
  const idLiteral = scalarString(id?.value);
  const notAws = idLiteral !== undefined && !AWS_KEY_ID.test(idLiteral.trim());
  const awsAt = carriesCredential(secret) ? secret : carriesCredential(id) && !secret ? id : undefined;
  if (awsAt && !emulated && !notAws) report('aws', awsAt, 'Long-lived AWS access keys');
  for (const name of ['AZURE_CLIENT_SECRET', 'ARM_CLIENT_SECRET']) {
    const e = byName.get(name);
    if (carriesCredential(e)) report('azure', e!, 'Azure client secret');
  }
  // GOOGLE_APPLICATION_CREDENTIALS pointing into a Secret volume: a service-account key file.
  const gac = byName.get('GOOGLE_APPLICATION_CREDENTIALS');
  const path = scalarString(gac?.value);
  if (gac && path) {
    const mount = c.mounts.find((m) => m.path && (path === m.path || path.startsWith(m.path.replace(/\/?$/, '/'))));
    if (mount && w.secretVolumes.has(mount.volume)) report('gcp', gac, 'Google service-account key file');
  }
}

function decode(field: 'data' | 'stringData', raw: string): string | undefined {
  if (field === 'stringData') return raw;
  const compact = raw.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return undefined;
  return Buffer.from(compact, 'base64').toString('utf8');
}

const norm = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Static cloud keys stored in a Secret manifest. */
function secretKeys(ctx: Ctx, res: K8sResource): void {
  const f = res.file;
  const items: Array<{ key: string; keyNode: Scalar; value: string }> = [];
  for (const field of ['data', 'stringData'] as const) {
    const map = getMap(res.map, field);
    for (const p of map?.items ?? []) {
      if (!isScalar(p.key) || !isScalar(p.value)) continue;
      const value = decode(field, String(p.value.value ?? ''));
      if (value !== undefined) items.push({ key: String(p.key.value), keyNode: p.key, value });
    }
  }
  const has = (names: string[]) => items.find((i) => names.includes(norm(i.key)) && !isDummyValue(i.value));
  const push = (cloud: Cloud, at: Scalar, detail: string) =>
    ctx.out.push({
      meta: META[cloud],
      range: nodeRange(f, at),
      message: `${detail} stored in Secret ${res.name ?? ''}: ${MESSAGE[cloud]}`.replace(/ {2,}/g, ' '),
      identity: res.name,
      fingerprintSource: `Secret/${res.name}:${cloud}`,
    });
  const endpoint = items.some((i) => /endpoint|minio|s3url|s3host/.test(norm(i.key)));
  const awsSecret = has(['awssecretaccesskey', 'secretaccesskey', 'awssecretkey']);
  const awsId = items.find((i) => ['awsaccesskeyid', 'accesskeyid', 'awsaccesskey'].includes(norm(i.key)));
  const foreign = awsId && !isDummyValue(awsId.value) && !AWS_KEY_ID.test(awsId.value.trim());
  // An AWS shared-credentials file (`aws_secret_access_key = …`) stored whole.
  const awsFile = items.find((i) => [...i.value.matchAll(/aws_secret_access_key\s*=\s*(\S+)/g)].some((m) => !isDummyValue(m[1])));
  if (!endpoint && !foreign && (awsSecret || awsFile)) push('aws', (awsSecret ?? awsFile)!.keyNode, 'Long-lived AWS access keys');
  const gcp = items.find((i) => /"type"\s*:\s*"service_account"/.test(i.value) && /"private_key"/.test(i.value));
  if (gcp) push('gcp', gcp.keyNode, 'Google service-account key');
  const azure = has(['azureclientsecret', 'armclientsecret']) ?? (items.some((i) => /tenantid$/.test(norm(i.key))) ? has(['clientsecret']) : undefined);
  if (azure) push('azure', azure.keyNode, 'Azure client secret');
}

function recordUses(ctx: Ctx, w: K8sWorkload): void {
  const f = w.res.file;
  const base = { kind: 'ci-secret' as const, platform: 'kubernetes' as const, path: ctx.input.path, workflow: ctx.input.path, job: w.res.name, environment: w.res.namespace };
  const push = (name: string, node: Scalar, step?: string) => {
    if (!node.range) return;
    ctx.uses.push({ ...base, key: `kubernetes:ci-secret:${name}`, name, range: offsetRange(f, node.range[0], endOf(f, node)), step });
  };
  for (const c of w.containers) {
    for (const e of c.env) {
      const s = scalarString(e.secretRef?.name);
      const k = scalarString(e.secretRef?.key);
      if (s && k && e.secretRef?.name) push(`${s}/${k}`, e.secretRef.name, c.name);
    }
    for (const n of c.envFromSecrets) push(String(n.value), n, c.name);
  }
  for (const n of w.secretNames) push(String(n.value), n);
}

/** Literal env values become `valueFrom.secretKeyRef` to a Secret kept out of Git. */
function secretFixes(workloads: K8sWorkload[], secrets: readonly Finding[]): Map<number, Fix[]> {
  const out = new Map<number, Fix[]>();
  secrets.forEach((finding, i) => {
    for (const w of workloads) {
      const f = w.res.file;
      const start = (f.lines.lineStarts[finding.range.startLine] ?? 0) + finding.range.startColumn;
      for (const c of w.containers) {
        const e = c.env.find((x) => x.value?.range && x.value.range[0] <= start && start < x.value.range[1]);
        if (!e || !e.valuePair) continue;
        const secretName = `${w.res.name ?? 'app'}-secrets`;
        const edit = replacePair(f, e.valuePair, [['valueFrom', `{ secretKeyRef: { name: ${secretName}, key: ${e.name} } }`]]);
        if (edit) out.set(i, [{ title: `Read ${e.name} from Secret ${secretName} (secretKeyRef) instead of a literal; create the Secret outside Git`, edits: [edit], placeholders: [secretName] }]);
        return;
      }
    }
  });
  return out;
}

export const analyzer: CiAnalyzer = {
  platform: 'kubernetes',
  name: 'Kubernetes',
  yaml: false,
  rules: Object.values(R),
  matches: (path, text) => looksLikeManifest(path, text),
  analyze(input: CiInput) {
    const parsed = parseManifests(input.text, input.path);
    const ctx: Ctx = { input, resources: parsed.resources, out: [], uses: [] };
    if (!parsed.ok) {
      if (isTemplate(input.text)) return { candidates: [], uses: [] };
      const e = parsed.errors[0];
      ctx.out.push({ meta: R.K8S_PARSE_ERROR, range: e.range, message: `Malformed YAML: ${e.message}`, fingerprintSource: input.path });
    }
    const workloads: K8sWorkload[] = [];
    for (const res of parsed.resources) {
      if (res.kind === 'Secret') secretKeys(ctx, res);
      const w = workloadOf(res);
      if (!w) continue;
      workloads.push(w);
      for (const c of w.containers) containerKeys(ctx, w, c);
      recordUses(ctx, w);
    }
    return { candidates: ctx.out, uses: ctx.uses, secretFixes: secretFixes(workloads, input.secrets) };
  },
};

