/**
 * Kubernetes manifests read with positions: every document of a multi-document file (and the
 * items of a `List`), workloads with their pod template, containers, env, volumes and service
 * account, Secrets and ServiceAccounts.
 */
import { LineCounter, parseAllDocuments, isMap, isScalar, isSeq, type Document, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Range } from '../../types';
import { getMap, getPair, scalarString, type YamlFile } from '../yamlFile';
import { yamlParseRefusal } from '../yamlFile';

export interface K8sResource {
  file: YamlFile;
  map: YAMLMap;
  kind: string;
  name?: string;
  namespace?: string;
  metadata?: YAMLMap;
}

export interface K8sEnv {
  name: string;
  item: YAMLMap;
  /** The `name:` pair, where findings point. */
  namePair: Pair;
  valuePair?: Pair;
  value?: Scalar;
  /** `valueFrom.secretKeyRef`. */
  secretRef?: { name?: Scalar; key?: Scalar };
}

export interface K8sContainer {
  name: string;
  map: YAMLMap;
  image?: string;
  envPair?: Pair;
  env: K8sEnv[];
  envFromSecrets: Scalar[];
  mounts: Array<{ volume: string; path: string }>;
}

export interface K8sWorkload {
  res: K8sResource;
  podSpec: YAMLMap;
  /** Metadata of the pod template (of the Pod itself for `kind: Pod`). */
  podMeta?: YAMLMap;
  containers: K8sContainer[];
  serviceAccount?: string;
  /** Volume name → Secret name, for `secret:` volumes. */
  secretVolumes: Map<string, Scalar | undefined>;
  /** Secret names referenced by volumes (secret and projected) and imagePullSecrets. */
  secretNames: Scalar[];
}

export type ParsedManifests =
  | { ok: true; resources: K8sResource[]; errors: [] }
  | { ok: false; resources: K8sResource[]; errors: Array<{ message: string; range: Range }> };

export function parseManifests(text: string, path: string): ParsedManifests {
  const refused = yamlParseRefusal(text);
  if (refused) return { ok: false, resources: [], errors: [{ message: refused, range: { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 } }] };
  const lines = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = [...parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false })] as Document.Parsed[];
  } catch (e) {
    return { ok: false, resources: [], errors: [{ message: (e as Error).message, range: { startLine: 0, startColumn: 0, endLine: 0, endColumn: 1 } }] };
  }
  const resources: K8sResource[] = [];
  const errors: Array<{ message: string; range: Range }> = [];
  for (const doc of docs) {
    if (doc.errors.length) {
      const e = doc.errors[0];
      const s = lines.linePos(e.pos[0]);
      const t = lines.linePos(Math.max(e.pos[1], e.pos[0] + 1));
      errors.push({ message: e.message.split('\n')[0], range: { startLine: s.line - 1, startColumn: s.col - 1, endLine: t.line - 1, endColumn: t.col - 1 } });
      continue;
    }
    const file: YamlFile = { path, text, doc, lines };
    const root = doc.contents;
    if (!isMap(root)) continue;
    const items = scalarString(getPair(root, 'kind')?.value)?.endsWith('List') ? getPair(root, 'items')?.value : undefined;
    for (const map of isSeq(items) ? items.items : [root]) {
      if (!isMap(map)) continue;
      const metadata = getMap(map, 'metadata');
      resources.push({
        file,
        map,
        kind: scalarString(getPair(map, 'kind')?.value) ?? '',
        name: scalarString(getPair(metadata, 'name')?.value),
        namespace: scalarString(getPair(metadata, 'namespace')?.value),
        metadata,
      });
    }
  }
  return errors.length ? { ok: false, resources, errors } : { ok: true, resources, errors: [] };
}

function seqMaps(node: unknown): YAMLMap[] {
  return isSeq(node) ? (node as YAMLSeq).items.filter((i): i is YAMLMap => isMap(i)) : [];
}

function envOf(c: YAMLMap): K8sEnv[] {
  const out: K8sEnv[] = [];
  for (const item of seqMaps(getPair(c, 'env')?.value)) {
    const namePair = getPair(item, 'name');
    const name = scalarString(namePair?.value);
    if (!namePair || !name) continue;
    const valuePair = getPair(item, 'value');
    const ref = getMap(getMap(item, 'valueFrom'), 'secretKeyRef');
    out.push({
      name,
      item,
      namePair,
      valuePair,
      value: isScalar(valuePair?.value) ? (valuePair!.value as Scalar) : undefined,
      secretRef: ref ? { name: getPair(ref, 'name')?.value as Scalar | undefined, key: getPair(ref, 'key')?.value as Scalar | undefined } : undefined,
    });
  }
  return out;
}

function containersOf(spec: YAMLMap): K8sContainer[] {
  const out: K8sContainer[] = [];
  for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const c of seqMaps(getPair(spec, key)?.value)) {
      out.push({
        name: scalarString(getPair(c, 'name')?.value) ?? key,
        map: c,
        image: scalarString(getPair(c, 'image')?.value),
        envPair: getPair(c, 'env'),
        env: envOf(c),
        envFromSecrets: seqMaps(getPair(c, 'envFrom')?.value)
          .map((e) => getPair(getMap(e, 'secretRef'), 'name')?.value)
          .filter((n): n is Scalar => isScalar(n)),
        mounts: seqMaps(getPair(c, 'volumeMounts')?.value).map((m) => ({ volume: scalarString(getPair(m, 'name')?.value) ?? '', path: scalarString(getPair(m, 'mountPath')?.value) ?? '' })),
      });
    }
  }
  return out;
}

/** The pod template of a workload: Pod, CronJob, and anything with `spec.template.spec`. */
export function workloadOf(res: K8sResource): K8sWorkload | undefined {
  let podSpec: YAMLMap | undefined;
  let podMeta: YAMLMap | undefined;
  const spec = getMap(res.map, 'spec');
  if (res.kind === 'Pod') {
    podSpec = spec;
    podMeta = res.metadata;
  } else {
    const template = res.kind === 'CronJob' ? getMap(getMap(getMap(spec, 'jobTemplate'), 'spec'), 'template') : getMap(spec, 'template');
    podSpec = getMap(template, 'spec');
    podMeta = getMap(template, 'metadata');
  }
  if (!podSpec) return undefined;
  const secretVolumes = new Map<string, Scalar | undefined>();
  const secretNames: Scalar[] = [];
  for (const v of seqMaps(getPair(podSpec, 'volumes')?.value)) {
    const secret = getMap(v, 'secret');
    const sn = getPair(secret, 'secretName')?.value;
    if (secret) secretVolumes.set(scalarString(getPair(v, 'name')?.value) ?? '', isScalar(sn) ? sn : undefined);
    if (isScalar(sn)) secretNames.push(sn);
    for (const src of seqMaps(getPair(getMap(v, 'projected'), 'sources')?.value)) {
      const pn = getPair(getMap(src, 'secret'), 'name')?.value;
      if (isScalar(pn)) secretNames.push(pn);
    }
  }
  for (const p of seqMaps(getPair(podSpec, 'imagePullSecrets')?.value)) {
    const n = getPair(p, 'name')?.value;
    if (isScalar(n)) secretNames.push(n);
  }
  return {
    res,
    podSpec,
    podMeta,
    containers: containersOf(podSpec),
    serviceAccount: scalarString(getPair(podSpec, 'serviceAccountName')?.value) ?? scalarString(getPair(podSpec, 'serviceAccount')?.value),
    secretVolumes,
    secretNames,
  };
}

/** Is the text a Kubernetes manifest (by extension and top-level apiVersion/kind)? */
export function looksLikeManifest(path: string, text: string): boolean {
  if (!/\.ya?ml$/i.test(path)) return false;
  return /^apiVersion:[ \t]*\S/m.test(text) && /^kind:[ \t]*\S/m.test(text);
}

/** Helm and other Go templates do not parse as YAML before rendering: not a syntax error. */
export function isTemplate(text: string): boolean {
  return /\{\{-?\s*[.$\w(/]/.test(text);
}
