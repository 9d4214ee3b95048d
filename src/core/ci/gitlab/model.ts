/**
 * GitLab CI pipelines read with positions: global and job `variables:`, `default:`, jobs with
 * their scripts, `id_tokens:`, `secrets:`, `extends:`, environment and the branch filters of
 * `rules:` / `only:` / `workflow:rules`. Anchors and `<<:` merge keys are followed.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { keyOf, scalarString, type YamlFile } from '../yamlFile';

export type SectionName = 'before_script' | 'script' | 'after_script';
export const SECTIONS: readonly SectionName[] = ['before_script', 'script', 'after_script'];

export interface GlVariable {
  name: string;
  pair: Pair;
  /** The map that holds the pair. */
  map: YAMLMap;
  /** The scalar holding the value (`KEY: v` or `KEY: { value: v }`). */
  valueNode?: Scalar;
  value: string;
}

export interface GlJob {
  id: string;
  keyNode: Node;
  map: YAMLMap;
  hidden: boolean;
  trigger: boolean;
  variables: GlVariable[];
  /** The job's own `variables:` map (not merged from anchors), for edits. */
  variablesMap?: YAMLMap;
  sections: Array<{ name: SectionName; pair: Pair; own: boolean }>;
  environment?: string;
  branches?: string[];
  idTokens?: YAMLMap;
  idTokenNames: Set<string>;
  secrets?: YAMLMap;
  extends: string[];
}

export interface GlPipeline {
  file: YamlFile;
  root: YAMLMap;
  name: string;
  variables: GlVariable[];
  variablesMap?: YAMLMap;
  defaultMap?: YAMLMap;
  /** Top-level and `default:` before_script / after_script. */
  globalSections: Array<{ name: string; pair: Pair }>;
  defaultIdTokenNames: Set<string>;
  /** Branch filters of `workflow: rules:`. */
  branches?: string[];
  jobs: GlJob[];
  byId: Map<string, GlJob>;
}

const RESERVED = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'types', 'spec']);

/** Path is a GitLab CI file: `.gitlab-ci.yml`, `*.gitlab-ci.yml`, or a local include under `.gitlab/ci/`. */
export function isGitlabPath(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  return /(?:^|\/|\.)gitlab-ci\.ya?ml$/i.test(p) || /(?:^|\/)\.?gitlab(?:-ci)?\/ci\/.+\.ya?ml$/i.test(p) || /(?:^|\/)\.gitlab-ci\/.+\.ya?ml$/i.test(p);
}

/** Paths other platforms own, or that are never GitLab pipelines. */
const OTHER_PLATFORM = /(^|\/)(?:\.github|\.circleci|\.buildkite|\.drone|\.tekton)\/|bitbucket-pipelines|azure-pipelines|(^|\/)docker-compose[^/]*$|(^|\/)(?:action|mkdocs|pnpm-lock|\.pre-commit-config)\.ya?ml$/i;
const JOB_SCRIPT = /^[ \t]{2,}(?:before_|after_)?script:[ \t]*(?:$|\[|\||>|-)/m;
const GITLAB_KEYS = /^[ \t]{2,}(?:stage|extends|rules|needs|artifacts|only|except|when|environment):[ \t]*\S|^stages:[ \t]*$|^include:[ \t]*$|^default:[ \t]*$/m;

/**
 * Files pulled in with `include: local:` can have any name: a YAML file whose jobs have a
 * `script:` key (not a `- script:` step) and GitLab job keywords is read as GitLab CI.
 */
export function looksLikeGitlabCi(path: string, text: string): boolean {
  const p = path.replace(/\\/g, '/');
  if (!/\.ya?ml$/i.test(p) || OTHER_PLATFORM.test(p)) return false;
  if (!text.includes('script:')) return false;
  if (/^apiVersion\s*:/m.test(text) && /^kind\s*:/m.test(text)) return false; // Kubernetes / Helm
  return JOB_SCRIPT.test(text) && GITLAB_KEYS.test(text);
}

export function deref(doc: Document.Parsed, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** A key of a map, following `<<:` merge keys (own keys win). */
export function field(doc: Document.Parsed, map: unknown, key: string, seen = new Set<unknown>()): Pair | undefined {
  if (!isMap(map) || seen.has(map)) return undefined;
  seen.add(map);
  const own = map.items.find((p) => keyOf(p) === key);
  if (own) return own;
  for (const p of map.items) {
    if (keyOf(p) !== '<<') continue;
    const v = deref(doc, p.value);
    const sources = isSeq(v) ? v.items.map((i) => deref(doc, i)) : [v];
    for (const s of sources) {
      const found = field(doc, s, key, seen);
      if (found) return found;
    }
  }
  return undefined;
}

function fieldValue(doc: Document.Parsed, map: unknown, key: string): unknown {
  return deref(doc, field(doc, map, key)?.value);
}

/** Entries of a `variables:` map (with merge keys). */
export function readVariables(doc: Document.Parsed, node: unknown, seen = new Set<unknown>()): GlVariable[] {
  const map = deref(doc, node);
  if (!isMap(map) || seen.has(map)) return [];
  seen.add(map);
  const out: GlVariable[] = [];
  for (const pair of map.items) {
    const name = keyOf(pair);
    if (name === '<<') {
      const v = deref(doc, pair.value);
      for (const s of isSeq(v) ? v.items : [v]) out.push(...readVariables(doc, s, seen));
      continue;
    }
    let v = deref(doc, pair.value);
    if (isMap(v)) v = deref(doc, v.items.find((p) => keyOf(p) === 'value')?.value);
    const valueNode = isScalar(v) ? (v as Scalar) : undefined;
    out.push({ name, pair, map, valueNode, value: valueNode?.value === null || valueNode?.value === undefined ? '' : String(valueNode.value) });
  }
  // Later entries override earlier ones (merged anchors first).
  const byName = new Map<string, GlVariable>();
  for (const v of out) byName.set(v.name, v);
  return [...byName.values()];
}

// ---- branch filters -------------------------------------------------------------------------

const BRANCH_CMP = /\$\{?(?:CI_COMMIT_BRANCH|CI_COMMIT_REF_NAME)\}?\s*(==|=~)\s*("[^"]*"|'[^']*'|\/(?:\\.|[^/])*\/[a-z]*|\$\{?CI_DEFAULT_BRANCH\}?)|("[^"]*"|'[^']*'|\$\{?CI_DEFAULT_BRANCH\}?)\s*==\s*\$\{?(?:CI_COMMIT_BRANCH|CI_COMMIT_REF_NAME)\}?/;

function unquote(s: string): string {
  return /^["'].*["']$/.test(s) ? s.slice(1, -1) : s.replace(/^\$\{?CI_DEFAULT_BRANCH\}?$/, '$CI_DEFAULT_BRANCH');
}

/** Branches an `if:` expression requires, when every alternative names one. */
export function branchesOfCondition(cond: string): string[] | undefined {
  const out: string[] = [];
  for (const alt of cond.split('||')) {
    const m = BRANCH_CMP.exec(alt);
    if (!m) return undefined;
    out.push(unquote(m[2] ?? m[3]));
  }
  return out;
}

function branchesOfRules(doc: Document.Parsed, rules: unknown): string[] | undefined {
  if (!isSeq(rules)) return undefined;
  const out: string[] = [];
  for (const item of rules.items) {
    const r = deref(doc, item);
    if (!isMap(r)) return undefined;
    if (scalarString(fieldValue(doc, r, 'when')) === 'never') continue;
    const cond = scalarString(fieldValue(doc, r, 'if'));
    const b = cond ? branchesOfCondition(cond) : undefined;
    if (!b) return undefined; // a rule that runs whatever the branch
    out.push(...b);
  }
  return out.length ? [...new Set(out)] : undefined;
}

const ONLY_KEYWORDS = new Set(['branches', 'tags', 'api', 'external', 'pipelines', 'pushes', 'schedules', 'triggers', 'web', 'merge_requests', 'external_pull_requests', 'chat']);

function branchesOfOnly(doc: Document.Parsed, only: unknown): string[] | undefined {
  let refs = only;
  if (isMap(only)) refs = fieldValue(doc, only, 'refs');
  const list = isSeq(refs) ? refs.items.map((i) => scalarString(deref(doc, i))) : [scalarString(refs)];
  const names = list.filter((n): n is string => !!n && !ONLY_KEYWORDS.has(n));
  return names.length ? names : undefined;
}

function stringList(doc: Document.Parsed, node: unknown): string[] {
  const v = deref(doc, node);
  if (isSeq(v)) return v.items.map((i) => scalarString(deref(doc, i))).filter((s): s is string => !!s);
  const s = scalarString(v);
  return s ? [s] : [];
}

function readJob(doc: Document.Parsed, id: string, pair: Pair, map: YAMLMap): GlJob {
  const envNode = fieldValue(doc, map, 'environment');
  const environment = scalarString(envNode) ?? scalarString(fieldValue(doc, envNode, 'name'));
  const rules = fieldValue(doc, map, 'rules');
  const only = fieldValue(doc, map, 'only');
  const branches = rules ? branchesOfRules(doc, rules) : only ? branchesOfOnly(doc, only) : undefined;
  const idTokens = fieldValue(doc, map, 'id_tokens');
  const sections: GlJob['sections'] = [];
  for (const name of SECTIONS) {
    const p = field(doc, map, name);
    if (p) sections.push({ name, pair: p, own: map.items.includes(p) });
  }
  const ownVars = map.items.find((p) => keyOf(p) === 'variables')?.value;
  return {
    id,
    keyNode: pair.key as Node,
    map,
    hidden: id.startsWith('.'),
    trigger: !!field(doc, map, 'trigger'),
    variables: readVariables(doc, field(doc, map, 'variables')?.value),
    variablesMap: isMap(ownVars) ? ownVars : undefined,
    sections,
    environment,
    branches,
    idTokens: isMap(idTokens) ? idTokens : undefined,
    idTokenNames: new Set(isMap(idTokens) ? idTokens.items.map(keyOf) : []),
    secrets: (() => {
      const s = fieldValue(doc, map, 'secrets');
      return isMap(s) ? s : undefined;
    })(),
    extends: stringList(doc, field(doc, map, 'extends')?.value),
  };
}

export function readPipeline(file: YamlFile): GlPipeline | undefined {
  const doc = file.doc;
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const workflow = getRootMap(doc, root, 'workflow');
  const name = scalarString(fieldValue(doc, workflow, 'name')) ?? file.path.replace(/\\/g, '/').split('/').pop()!;
  const defaultMap = getRootMap(doc, root, 'default');
  const globalSections: GlPipeline['globalSections'] = [];
  for (const s of ['before_script', 'after_script']) {
    const top = field(doc, root, s);
    if (top) globalSections.push({ name: s, pair: top });
    const def = field(doc, defaultMap, s);
    if (def) globalSections.push({ name: `default.${s}`, pair: def });
  }
  const defIds = fieldValue(doc, defaultMap, 'id_tokens');
  const jobs: GlJob[] = [];
  for (const pair of root.items) {
    const id = keyOf(pair);
    if (!id || RESERVED.has(id) || id === '<<') continue;
    const v = deref(doc, pair.value);
    if (!isMap(v)) continue;
    jobs.push(readJob(doc, id, pair, v));
  }
  inheritFromTemplates(jobs);
  const rootVars = root.items.find((p) => keyOf(p) === 'variables')?.value;
  const variables = readVariables(doc, field(doc, root, 'variables')?.value);
  const byId = new Map(jobs.map((j) => [j.id, j]));
  for (const j of jobs) {
    // `environment: $ENV_NAME` names the environment through a variable the pipeline sets.
    if (j.environment?.includes('$')) j.environment = j.environment.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, n: string) => jobVariable(byId, variables, j, n)?.value || m);
  }
  return {
    file,
    root,
    name,
    variables,
    variablesMap: isMap(rootVars) ? rootVars : undefined,
    defaultMap,
    globalSections,
    defaultIdTokenNames: new Set(isMap(defIds) ? defIds.items.map(keyOf) : []),
    branches: branchesOfRules(doc, fieldValue(doc, workflow, 'rules')),
    jobs,
    byId,
  };
}

/** A variable as a job sees it: its own, its templates', then the pipeline's. */
function jobVariable(byId: Map<string, GlJob>, global: GlVariable[], job: GlJob, name: string, seen = new Set<GlJob>()): GlVariable | undefined {
  if (seen.has(job)) return undefined;
  seen.add(job);
  const own = job.variables.find((v) => v.name === name);
  if (own) return own;
  for (const e of [...job.extends].reverse()) {
    const base = byId.get(e);
    const found = base && jobVariable(byId, [], base, name, seen);
    if (found) return found;
  }
  return global.find((v) => v.name === name);
}

/** `extends:` merges the template's keys: environment and branch filters come from it when the job has none. */
function inheritFromTemplates(jobs: GlJob[]): void {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const resolve = (job: GlJob, seen: Set<GlJob>): void => {
    if (seen.has(job)) return;
    seen.add(job);
    for (const e of [...job.extends].reverse()) {
      const base = byId.get(e);
      if (!base) continue;
      resolve(base, seen);
      job.environment ??= base.environment;
      job.branches ??= base.branches;
    }
  };
  for (const j of jobs) resolve(j, new Set());
}

function getRootMap(doc: Document.Parsed, root: YAMLMap, key: string): YAMLMap | undefined {
  const v = fieldValue(doc, root, key);
  return isMap(v) ? v : undefined;
}

/** The job whose `script:` a job runs: itself, or the template it extends that defines one. */
export function scriptOwner(pl: GlPipeline, job: GlJob, seen = new Set<GlJob>()): GlJob | undefined {
  if (seen.has(job)) return undefined;
  seen.add(job);
  if (job.sections.some((s) => s.name === 'script')) return job;
  for (const e of [...job.extends].reverse()) {
    const base = pl.byId.get(e);
    const owner = base && scriptOwner(pl, base, seen);
    if (owner) return owner;
  }
  return undefined;
}

/** Jobs that actually run (not hidden templates, not trigger jobs). */
export function runnableJobs(pl: GlPipeline): GlJob[] {
  return pl.jobs.filter((j) => !j.hidden && !j.trigger);
}
