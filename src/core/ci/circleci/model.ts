/**
 * CircleCI config read with positions: orbs (alias → source and version), jobs and reusable
 * commands with their steps (including steps nested in `when`/`unless` and in step-list orb
 * parameters), executors' docker images, and workflows with each job invocation's contexts and
 * branch filters.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { entries, getMap, getPair, keyOf, scalarString, type YamlFile } from '../yamlFile';

export interface CcOrb {
  alias: string;
  /** `circleci/aws-cli` (lower-case), or `inline`. */
  source: string;
  /** Major/minor of the pinned version; undefined for `volatile`, dev or unknown (latest). */
  major?: number;
  minor?: number;
}

/** A step (or a workflow's job invocation) by name: `run`, `checkout`, `aws-cli/setup`, `deploy`… */
export interface CcStep {
  name: string;
  /** The node naming it: a scalar item (`- checkout`) or the key of a one-key map item. */
  nameNode: Scalar;
  /** The sequence item (scalar or map). */
  item: Node;
  /** The `name: {params}` pair when the item is a map. */
  pair?: Pair;
  params?: YAMLMap;
  /** `run` steps: the command scalar and its environment. */
  command?: Scalar;
  env?: YAMLMap;
  owner?: CcJob;
  /** Resolved orb (`aws-cli/setup` → circleci/aws-cli), when the prefix is an orb alias. */
  orb?: CcOrb;
  /** Command/job name within the orb (`setup`). */
  orbCommand?: string;
  /** For a workflow's job invocation and the steps passed to it as parameters. */
  via?: CcInvocation;
}

export interface CcImage {
  map: YAMLMap;
  auth?: YAMLMap;
  awsAuth?: YAMLMap;
  env?: YAMLMap;
}

export interface CcJob {
  id: string;
  kind: 'job' | 'command' | 'executor';
  map: YAMLMap;
  env?: YAMLMap;
  steps: CcStep[];
  images: CcImage[];
}

export interface CcContextRef {
  name: string;
  node: Scalar;
}

export interface CcInvocation {
  workflow: string;
  /** The job invoked (a job id of this config, or `orb/job`). */
  job: string;
  step: CcStep;
  contexts: CcContextRef[];
  branches?: string[];
}

export interface CcConfig {
  file: YamlFile;
  root: YAMLMap;
  orbs: Map<string, CcOrb>;
  jobs: CcJob[];
  invocations: CcInvocation[];
  steps: CcStep[];
}

function parseOrb(alias: string, value: unknown): CcOrb {
  const src = scalarString(value);
  if (!src) return { alias, source: 'inline' };
  const m = /^([\w-]+\/[\w-]+)@(?:(\d+)(?:\.(\d+))?)?/.exec(src.trim());
  if (!m) return { alias, source: src.trim().toLowerCase() };
  return { alias, source: m[1].toLowerCase(), major: m[2] !== undefined ? Number(m[2]) : undefined, minor: m[3] !== undefined ? Number(m[3]) : undefined };
}

function stepFrom(item: unknown, orbs: Map<string, CcOrb>, owner: CcJob | undefined): CcStep | undefined {
  let name: string | undefined;
  let nameNode: Scalar | undefined;
  let pair: Pair | undefined;
  if (isScalar(item)) {
    name = scalarString(item);
    nameNode = item;
  } else if (isMap(item) && item.items.length >= 1) {
    pair = item.items[0];
    name = keyOf(pair);
    nameNode = pair.key as Scalar;
  }
  if (!name || !nameNode) return undefined;
  const step: CcStep = { name, nameNode, item: item as Node, pair, owner };
  const value = pair?.value;
  if (isMap(value)) step.params = value;
  if (name === 'run') {
    step.command = isScalar(value) ? value : isScalar(getPair(value, 'command')?.value) ? (getPair(value, 'command')!.value as Scalar) : undefined;
    step.env = getMap(value, 'environment');
  }
  const slash = name.indexOf('/');
  if (slash > 0) {
    step.orb = orbs.get(name.slice(0, slash));
    step.orbCommand = name.slice(slash + 1);
  }
  return step;
}

/** Steps of a `steps:` list, with `when`/`unless` bodies and step lists passed as orb parameters. */
function readSteps(seq: unknown, orbs: Map<string, CcOrb>, owner: CcJob | undefined, out: CcStep[], via?: CcInvocation): void {
  if (!isSeq(seq)) return;
  for (const item of seq.items) {
    if (isScalar(item) && !/^[\w./-]+$/.test(scalarString(item) ?? '')) continue; // a list of values, not steps
    if (isMap(item) && item.items.length !== 1) continue;
    const step = stepFrom(item, orbs, owner);
    if (!step) continue;
    step.via = via;
    if ((step.name === 'when' || step.name === 'unless') && step.params) {
      readSteps(getPair(step.params, 'steps')?.value, orbs, owner, out, via);
      continue;
    }
    out.push(step);
    if (step.params) for (const p of step.params.items) if (isSeq(p.value) && keyOf(p) !== 'environment') readSteps(p.value, orbs, owner, out, via);
  }
}

function imagesOf(map: YAMLMap): CcImage[] {
  const docker = getPair(map, 'docker')?.value;
  if (!isSeq(docker)) return [];
  return docker.items.filter(isMap).map((m) => ({ map: m, auth: getMap(m, 'auth'), awsAuth: getMap(m, 'aws_auth'), env: getMap(m, 'environment') }));
}

function branchesOf(filters: unknown): string[] | undefined {
  const only = getPair(getPair(filters, 'branches')?.value, 'only')?.value;
  if (isScalar(only)) return scalarString(only) ? [scalarString(only)!] : undefined;
  if (isSeq(only)) return only.items.map((i) => scalarString(i)).filter((s): s is string => !!s);
  return undefined;
}

function contextsOf(value: unknown): CcContextRef[] {
  if (isScalar(value) && scalarString(value)) return [{ name: scalarString(value)!, node: value }];
  if (isSeq(value)) return value.items.filter(isScalar).filter((s) => scalarString(s)).map((s) => ({ name: scalarString(s)!, node: s }));
  return [];
}

export function readConfig(file: YamlFile): CcConfig | undefined {
  const root = file.doc.contents;
  if (!isMap(root)) return undefined;
  const orbs = new Map<string, CcOrb>();
  for (const [alias, pair] of entries(getMap(root, 'orbs'))) orbs.set(alias, parseOrb(alias, pair.value));
  const cfg: CcConfig = { file, root, orbs, jobs: [], invocations: [], steps: [] };
  for (const [section, kind] of [['jobs', 'job'], ['commands', 'command'], ['executors', 'executor']] as const) {
    for (const [id, pair] of entries(getMap(root, section))) {
      if (!isMap(pair.value)) continue;
      const job: CcJob = { id, kind, map: pair.value, env: getMap(pair.value, 'environment'), steps: [], images: imagesOf(pair.value) };
      readSteps(getPair(pair.value, 'steps')?.value, orbs, job, job.steps);
      cfg.jobs.push(job);
      cfg.steps.push(...job.steps);
    }
  }
  for (const [workflow, pair] of entries(getMap(root, 'workflows'))) {
    const list = getPair(pair.value, 'jobs')?.value;
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      const step = stepFrom(item, orbs, undefined);
      if (!step) continue;
      const params = step.params;
      const inv: CcInvocation = { workflow, job: step.name, step, contexts: contextsOf(getPair(params, 'context')?.value), branches: branchesOf(getPair(params, 'filters')?.value) };
      step.via = inv;
      cfg.invocations.push(inv);
      // Orb jobs take step lists as parameters (aws-ecr `auth:`): those are steps too.
      if (params) for (const p of params.items) if (isSeq(p.value) && !['context', 'requires', 'filters', 'matrix'].includes(keyOf(p))) readSteps(p.value, orbs, undefined, cfg.steps, inv);
    }
  }
  return cfg;
}

/** Invocations that run a job of this config (by id). */
export function invocationsOf(cfg: CcConfig, jobId: string): CcInvocation[] {
  return cfg.invocations.filter((i) => i.job === jobId);
}

/** Orb source of a step, e.g. `circleci/aws-cli`; also guesses the official orb from a conventional alias. */
export function orbSource(step: CcStep): string | undefined {
  if (step.orb) return step.orb.source;
  const alias = step.name.split('/')[0];
  const conventional: Record<string, string> = { 'aws-cli': 'circleci/aws-cli', 'gcp-cli': 'circleci/gcp-cli' };
  return step.name.includes('/') ? conventional[alias] : undefined;
}

