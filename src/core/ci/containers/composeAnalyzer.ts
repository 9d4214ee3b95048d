/**
 * Docker Compose analyzer: long-lived cloud keys written into service environments, fixes that turn
 * literal credentials into `${NAME}` interpolation (value kept in an .env file out of Git), and the
 * variables and Compose secrets services consume.
 */
import { isMap, isScalar, isSeq, type Scalar, type YAMLMap } from 'yaml';
import type { Finding, Fix, Range, TextEdit } from '../../types';
import type { CiAnalyzer, CiInput } from '../analyzers';
import type { CiCandidate, IdentityUse } from '../types';
import { entries, getMap, getPair, offsetRange, scalarString, type YamlFile } from '../yamlFile';
import { cloudKeyOfEnv, isCredentialName, isDummyValue, isEmulatorImage, isS3CompatibleEndpointName } from './credentialNames';
import * as R from './rules';

export function isComposePath(path: string): boolean {
  const name = (path.split(/[\\/]/).pop() ?? '').toLowerCase();
  return /^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/.test(name);
}

/** One `environment:` (or `build.args:`) entry, in map form (`KEY: value`) or list form (`- KEY=value`). */
interface EnvEntry {
  name: string;
  /** The value as Compose reads it (undefined for `- KEY` / `KEY:` pass-through). */
  value?: string;
  /** Source offsets of the value alone (inside quotes for list items). */
  valueStart: number;
  valueEnd: number;
  /** Offsets of the whole entry (key to value). */
  start: number;
  end: number;
}

interface Service {
  name: string;
  map: YAMLMap;
  image?: string;
  env: EnvEntry[];
}

function trimEnd(f: YamlFile, start: number, end: number): number {
  while (end > start && /\s/.test(f.text[end - 1])) end--;
  return end;
}

function entriesOf(f: YamlFile, node: unknown): EnvEntry[] {
  const out: EnvEntry[] = [];
  if (isMap(node)) {
    for (const p of node.items) {
      const k = p.key as Scalar | null;
      if (!isScalar(k) || !k.range) continue;
      const v = p.value as Scalar | null;
      if (isScalar(v) && v.range && v.type !== 'BLOCK_LITERAL' && v.type !== 'BLOCK_FOLDED') {
        const end = trimEnd(f, v.range[0], v.range[1]);
        out.push({ name: String(k.value), value: v.value === null ? undefined : String(v.value), valueStart: v.range[0], valueEnd: end, start: k.range[0], end });
      } else if (!v) {
        out.push({ name: String(k.value), valueStart: k.range[1], valueEnd: k.range[1], start: k.range[0], end: k.range[1] });
      }
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      if (!isScalar(item) || !item.range || typeof item.value !== 'string') continue;
      const src = f.text.slice(item.range[0], trimEnd(f, item.range[0], item.range[1]));
      const quoted = src[0] === '"' || src[0] === "'" ? 1 : 0;
      const eq = src.indexOf('=');
      const name = (eq === -1 ? item.value : item.value.slice(0, item.value.indexOf('='))).trim();
      const start = item.range[0];
      const end = start + src.length;
      if (eq === -1) out.push({ name, valueStart: end - quoted, valueEnd: end - quoted, start, end });
      else out.push({ name, value: item.value.slice(item.value.indexOf('=') + 1), valueStart: start + eq + 1, valueEnd: end - quoted, start, end });
    }
  }
  return out;
}

function servicesOf(f: YamlFile): Service[] {
  const root = f.doc.contents;
  const out: Service[] = [];
  for (const [name, pair] of entries(getMap(root, 'services'))) {
    if (!isMap(pair.value)) continue;
    const map = pair.value;
    out.push({ name, map, image: scalarString(getPair(map, 'image')?.value), env: entriesOf(f, getPair(map, 'environment')?.value) });
  }
  return out;
}

/** Build args are environment-like too (and end up in the image history). */
function buildArgs(f: YamlFile, s: Service): EnvEntry[] {
  return entriesOf(f, getPair(getMap(s.map, 'build'), 'args')?.value);
}

function isInterpolated(value: string): boolean {
  return /\$\{?[A-Za-z_]/.test(value);
}

/** The edit that turns an entry's literal into `${NAME}` (undefined for entries we cannot edit in place). */
function interpolateEdit(f: YamlFile, e: EnvEntry): TextEdit | undefined {
  if (e.value === undefined || e.valueEnd <= e.valueStart) return undefined;
  if (/[\r\n]/.test(f.text.slice(e.valueStart, e.valueEnd))) return undefined; // multi-line scalars
  return { range: offsetRange(f, e.valueStart, e.valueEnd), newText: `\${${e.name}}` };
}

function interpolateFix(f: YamlFile, es: EnvEntry[]): Fix | undefined {
  const edits = es.map((e) => interpolateEdit(f, e));
  if (!edits.length || edits.some((e) => !e)) return undefined;
  const names = es.map((e) => e.name);
  return {
    title: `Replace the literal${names.length > 1 ? 's' : ''} with ${names.map((n) => `\${${n}}`).join(', ')} (set in an .env file kept out of Git, or use Compose secrets)`,
    edits: edits as TextEdit[],
    placeholders: names,
  };
}

function literal(e: EnvEntry | undefined): boolean {
  return !!e && e.value !== undefined && !isInterpolated(e.value) && !isDummyValue(e.value);
}

/** AWS access key ids have a fixed shape; another shape means S3-compatible storage, not AWS. */
const AWS_KEY_ID = /^(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,}$/;

function cloudKeys(f: YamlFile, s: Service, out: CiCandidate[]): void {
  if (isEmulatorImage(s.image) || s.env.some((e) => isS3CompatibleEndpointName(e.name))) return;
  const byName = new Map(s.env.map((e) => [e.name.toUpperCase(), e]));
  const id = byName.get('AWS_ACCESS_KEY_ID');
  const secret = byName.get('AWS_SECRET_ACCESS_KEY');
  if (literal(secret) && !(literal(id) && !AWS_KEY_ID.test(id!.value!.trim()))) {
    const fixable = [id, secret, byName.get('AWS_SESSION_TOKEN')].filter((e): e is EnvEntry => literal(e));
    const fix = interpolateFix(f, fixable);
    out.push({
      meta: R.COMPOSE_CLOUD_KEYS, range: offsetRange(f, secret!.start, secret!.end), identity: 'AWS_SECRET_ACCESS_KEY',
      message: `Long-lived AWS access keys written into service ${s.name}: pass short-lived credentials from the host environment instead`,
      fingerprintSource: `${s.name}:aws`, fixes: fix ? [fix] : undefined,
    });
  }
  for (const e of s.env) {
    if (cloudKeyOfEnv(e.name) !== 'azure' || !literal(e)) continue;
    const fix = interpolateFix(f, [e]);
    out.push({
      meta: R.COMPOSE_CLOUD_KEYS, range: offsetRange(f, e.start, e.end), identity: e.name,
      message: `Azure client secret written into service ${s.name}: use a managed or workload identity where it runs, and host credentials locally`,
      fingerprintSource: `${s.name}:${e.name}`, fixes: fix ? [fix] : undefined,
    });
  }
}

function uses(f: YamlFile, s: Service, out: IdentityUse[], path: string): void {
  for (const e of [...s.env, ...buildArgs(f, s)]) {
    if (e.value === undefined) continue;
    const src = f.text.slice(e.valueStart, e.valueEnd);
    for (const m of src.matchAll(/\$\{([A-Za-z_]\w*)[^}]*\}|\$([A-Za-z_]\w*)/g)) {
      const name = m[1] ?? m[2];
      if (!isCredentialName(e.name) && !isCredentialName(name)) continue;
      const at = e.valueStart + m.index! + m[0].indexOf(name);
      out.push({ key: `compose:ci-variable:${name}`, kind: 'ci-variable', name, platform: 'compose', path, range: offsetRange(f, at, at + name.length), workflow: path, job: s.name, step: e.name });
    }
  }
  const secrets = getPair(s.map, 'secrets')?.value;
  if (isSeq(secrets)) {
    for (const item of secrets.items) {
      const node = isScalar(item) ? item : isMap(item) ? (getPair(item, 'source')?.value as Scalar | undefined) : undefined;
      if (!isScalar(node) || !node.range) continue;
      const name = String(node.value);
      out.push({ key: `compose:ci-secret:${name}`, kind: 'ci-secret', name, platform: 'compose', path, range: offsetRange(f, node.range[0], trimEnd(f, node.range[0], node.range[1])), workflow: path, job: s.name });
    }
  }
}

function contains(f: YamlFile, e: EnvEntry, r: Range): boolean {
  const a = offsetRange(f, e.valueStart, e.valueEnd);
  const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 <= c2);
  return before(a.startLine, a.startColumn, r.startLine, r.startColumn) && before(r.endLine, r.endColumn, a.endLine, a.endColumn);
}

function secretFixes(f: YamlFile, services: Service[], secrets: readonly Finding[]): Map<number, Fix[]> {
  const out = new Map<number, Fix[]>();
  const all = services.flatMap((s) => [...s.env, ...buildArgs(f, s)]);
  secrets.forEach((finding, i) => {
    const e = all.find((x) => x.value !== undefined && contains(f, x, finding.range));
    if (!e || !/^[A-Za-z_]\w*$/.test(e.name)) return;
    const fix = interpolateFix(f, [e]);
    if (fix) out.set(i, [fix]);
  });
  return out;
}

export const analyzer: CiAnalyzer = {
  platform: 'compose',
  name: 'Docker Compose',
  yaml: true,
  rules: [R.COMPOSE_CLOUD_KEYS],
  matches: (path) => isComposePath(path),
  analyze(input: CiInput) {
    const f = input.yaml!;
    const services = servicesOf(f);
    const out: CiCandidate[] = [];
    const used: IdentityUse[] = [];
    for (const s of services) {
      cloudKeys(f, s, out);
      uses(f, s, used, input.path);
    }
    return { candidates: out, uses: used, secretFixes: secretFixes(f, services, input.secrets) };
  },
};

