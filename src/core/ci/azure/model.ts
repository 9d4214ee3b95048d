/**
 * Azure Pipelines files (pipelines and templates) read with positions: stages, jobs and deployment
 * jobs with their pool, environment and branch gate; every step wherever it sits (strategies,
 * `${{ if }}` blocks, step-list template parameters); `variables:` in map and list form.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { entries, getMap, getPair, keyOf, offsetRange, scalarString, type YamlFile } from '../yamlFile';
import type { Range } from '../../types';

export type AzStepKind = 'script' | 'bash' | 'pwsh' | 'powershell' | 'task';
/** Operating system the steps run on, when the file tells. */
export type AzOs = 'windows' | 'unix' | 'unknown';

export interface AzJob {
  id: string;
  map: YAMLMap;
  stage?: string;
  environment?: string;
  branches?: string[];
  os: AzOs;
  steps: AzStep[];
}

export interface AzStep {
  map: YAMLMap;
  kind: AzStepKind;
  /** The pair that makes the step: `script:`, `bash:`, `task:`… */
  head: Pair;
  task?: string;
  inputs?: YAMLMap;
  env?: YAMLMap;
  /** Script bodies: the step's own script, or a task's inline-script inputs. */
  scripts: Scalar[];
  label: string;
  job?: AzJob;
  os: AzOs;
}

export type AzLevel = 'pipeline' | 'stage' | 'job';

export interface AzVariable {
  name: string;
  value?: Node;
  /** Map form (`NAME: value`): the pair. */
  pair?: Pair;
  /** List form (`- name: NAME` / `value:`): the item. */
  item?: YAMLMap;
  /** The `variables:` pair that declares it, and the map that holds that pair. */
  block: Pair;
  owner: YAMLMap;
  level: AzLevel;
  job?: AzJob;
  stage?: string;
}

export interface AzGroupRef {
  name: string;
  node: Scalar;
  job?: AzJob;
  stage?: string;
}

export interface AzPipeline {
  file: YamlFile;
  root: YAMLMap;
  /** Display name: the file path (the root `name:` is a run-number format). */
  name: string;
  branches: string[];
  jobs: AzJob[];
  steps: AzStep[];
  variables: AzVariable[];
  groups: AzGroupRef[];
  /** Template parameter defaults (scalars), for resolving `${{ parameters.x }}`. */
  parameters: Map<string, string>;
  /** `env:` of job containers and container resources: every step of the job gets it. */
  containerEnvs: YAMLMap[];
}

export interface MacroRef {
  name: string;
  start: number;
  end: number;
  range: Range;
}

const MACRO = /\$\(([A-Za-z_][\w.-]*)\)/g;

/** Every `$(NAME)` macro in a source span. */
export function macroRefs(f: YamlFile, start: number, end: number): MacroRef[] {
  const src = f.text.slice(start, end);
  const out: MacroRef[] = [];
  MACRO.lastIndex = 0;
  for (let m = MACRO.exec(src); m; m = MACRO.exec(src)) {
    const s = start + m.index;
    out.push({ name: m[1], start: s, end: s + m[0].length, range: offsetRange(f, s, s + m[0].length) });
  }
  return out;
}

export function nodeSpan(node: unknown): [number, number] | undefined {
  const r = (node as { range?: number[] } | null)?.range;
  return r ? [r[0], r[1]] : undefined;
}

const STEP_KEYS: Record<string, AzStepKind> = { script: 'script', bash: 'bash', pwsh: 'pwsh', powershell: 'powershell', task: 'task' };
/** Task inputs that hold an inline script (AzureCLI, Bash, PowerShell, CmdLine, AzurePowerShell). */
const INLINE_SCRIPT_INPUTS = /^(?:inlineScript|script|inline)$/i;

function stepOf(map: YAMLMap, job: AzJob | undefined, os: AzOs): AzStep | undefined {
  for (const p of map.items) {
    const kind = STEP_KEYS[keyOf(p)];
    if (!kind || !isScalar(p.value)) continue;
    const inputs = getMap(map, 'inputs');
    const scripts: Scalar[] = [];
    if (kind !== 'task') scripts.push(p.value as Scalar);
    else for (const [k, ip] of entries(inputs)) if (INLINE_SCRIPT_INPUTS.test(k) && isScalar(ip.value)) scripts.push(ip.value as Scalar);
    const task = kind === 'task' ? scalarString(p.value) : undefined;
    const label = scalarString(getPair(map, 'displayName')?.value) ?? scalarString(getPair(map, 'name')?.value) ?? task ?? kind;
    return { map, kind, head: p, task, inputs, env: getMap(map, 'env'), scripts, label, job, os };
  }
  return undefined;
}

function osOfPool(pool: unknown): AzOs | undefined {
  if (pool === undefined || pool === null) return undefined;
  const image = (scalarString(getPair(pool, 'vmImage')?.value) ?? '').toLowerCase();
  if (image) return /win/.test(image) ? 'windows' : /ubuntu|linux|mac|osx/.test(image) ? 'unix' : 'unknown';
  const demands = JSON.stringify((getPair(pool, 'demands')?.value as { toJSON?: () => unknown })?.toJSON?.() ?? '').toLowerCase();
  if (/agent\.os\s*-equals\s*windows/.test(demands)) return 'windows';
  if (/agent\.os\s*-equals\s*(?:linux|darwin)/.test(demands)) return 'unix';
  const name = scalarString(pool) ?? scalarString(getPair(pool, 'name')?.value) ?? '';
  if (/^azure pipelines$/i.test(name)) return 'unix'; // the hosted pool's default image is Ubuntu
  return 'unknown'; // a named (self-hosted) pool
}

/** Branches a `condition:` gates on (`eq(variables['Build.SourceBranch'], 'refs/heads/main')`). */
export function conditionBranches(condition: string | undefined): string[] | undefined {
  if (!condition || !/Build\.SourceBranch/i.test(condition)) return undefined;
  const out: string[] = [];
  const re = /(eq|startsWith)\(\s*variables\[\s*'Build\.SourceBranch(?:Name)?'\s*\]\s*,\s*'(?:refs\/heads\/)?([^']+)'\s*\)/gi;
  for (let m = re.exec(condition); m; m = re.exec(condition)) out.push(m[1].toLowerCase() === 'startswith' ? `${m[2]}*` : m[2]);
  return out.length ? out : undefined;
}

function triggerBranches(root: YAMLMap): string[] {
  const t = getPair(root, 'trigger')?.value;
  const list = (n: unknown) => (isSeq(n) ? n.items.map((i) => scalarString(i)).filter((s): s is string => !!s) : []);
  if (isSeq(t)) return list(t);
  if (isScalar(t)) {
    const v = scalarString(t);
    return v && v !== 'none' ? [v] : [];
  }
  const b = getPair(t, 'branches')?.value;
  return isSeq(b) ? list(b) : list(getPair(b, 'include')?.value);
}

function environmentOf(map: YAMLMap): string | undefined {
  const v = getPair(map, 'environment')?.value;
  return scalarString(v) ?? scalarString(getPair(v, 'name')?.value);
}

interface Ctx {
  stage?: string;
  stageEnv?: string;
  stageBranches?: string[];
  job?: AzJob;
  os: AzOs;
}

export function readPipeline(file: YamlFile, path: string, template: boolean): AzPipeline | undefined {
  const root = file.doc.contents;
  if (!isMap(root)) return undefined;
  const p: AzPipeline = { file, root, name: path, branches: triggerBranches(root), jobs: [], steps: [], variables: [], groups: [], parameters: new Map(), containerEnvs: [] };
  readParameters(root, p.parameters);
  const rootOs = osOfPool(getPair(root, 'pool')?.value) ?? (template ? 'unknown' : 'unix'); // hosted default: ubuntu-latest

  const walk = (node: unknown, ctx: Ctx): void => {
    if (isSeq(node)) {
      for (const item of node.items) walk(item, ctx);
      return;
    }
    if (!isMap(node)) return;
    const map = node as YAMLMap;
    const step = stepOf(map, ctx.job, ctx.job?.os ?? ctx.os);
    if (step) {
      p.steps.push(step);
      step.job?.steps.push(step);
      return;
    }
    let next = ctx;
    const isTemplateRef = !!getPair(map, 'template');
    const stage = scalarString(getPair(map, 'stage')?.value);
    const jobId = scalarString(getPair(map, 'job')?.value) ?? scalarString(getPair(map, 'deployment')?.value);
    const poolOs = osOfPool(getPair(map, 'pool')?.value) ?? (getPair(map, 'container') ? 'unix' : undefined);
    const condition = conditionBranches(scalarString(getPair(map, 'condition')?.value));
    if (stage !== undefined && !isTemplateRef) {
      next = { stage, stageEnv: environmentOf(map), stageBranches: condition, os: poolOs ?? ctx.os };
    } else if (jobId !== undefined && !isTemplateRef) {
      const os = poolOs ?? ctx.os;
      const job: AzJob = { id: jobId, map, stage: ctx.stage, environment: environmentOf(map) ?? ctx.stageEnv, branches: condition ?? ctx.stageBranches, os, steps: [] };
      p.jobs.push(job);
      next = { ...ctx, job, os };
    }
    // A job's `container: {image, env}`, or a `resources.containers` item (`container: name`, `image`, `env`).
    const containerEnv = jobId !== undefined ? getMap(getPair(map, 'container')?.value, 'env') : isScalar(getPair(map, 'container')?.value) && getPair(map, 'image') ? getMap(map, 'env') : undefined;
    if (containerEnv) p.containerEnvs.push(containerEnv);
    for (const pair of map.items) {
      if (keyOf(pair) === 'variables') collectVariables(pair, map, next.job ? 'job' : next.stage ? 'stage' : 'pipeline', next, p);
      else walk(pair.value, next);
    }
  };

  walk(root, { os: rootOs });
  return p;
}

function readParameters(root: YAMLMap, out: Map<string, string>): void {
  const params = getPair(root, 'parameters')?.value;
  if (isSeq(params)) {
    for (const item of params.items) {
      const name = scalarString(getPair(item, 'name')?.value);
      const def = scalarString(getPair(item, 'default')?.value);
      if (name && def !== undefined) out.set(name, def);
    }
  } else if (isMap(params)) {
    for (const [k, pair] of entries(params)) {
      const v = scalarString(pair.value);
      if (v !== undefined) out.set(k, v);
    }
  }
}

function collectVariables(block: Pair, owner: YAMLMap, level: AzLevel, ctx: Ctx, p: AzPipeline): void {
  const v = block.value;
  const base = { block, owner, level, job: ctx.job, stage: ctx.stage };
  if (isMap(v)) {
    const visitMap = (map: YAMLMap) => {
      for (const pair of map.items) {
        const name = keyOf(pair);
        if (name.startsWith('${{')) {
          if (isMap(pair.value)) visitMap(pair.value); // `${{ if … }}:` blocks
        } else if (name) p.variables.push({ ...base, name, value: pair.value as Node, pair });
      }
    };
    visitMap(v);
    return;
  }
  if (!isSeq(v)) return;
  const visit = (seq: YAMLSeq) => {
    for (const item of seq.items) {
      if (!isMap(item)) continue;
      const name = scalarString(getPair(item, 'name')?.value);
      const group = getPair(item, 'group')?.value;
      if (name !== undefined) p.variables.push({ ...base, name, value: getPair(item, 'value')?.value as Node, item });
      else if (isScalar(group) && scalarString(group)) p.groups.push({ name: scalarString(group)!, node: group, job: ctx.job, stage: ctx.stage });
      else for (const pair of item.items) if (isSeq(pair.value)) visit(pair.value); // `- ${{ if … }}:` blocks
    }
  };
  visit(v);
}

/** Value of a variable declared in this file with a literal (no macro, no expression). */
export function literalVariable(p: AzPipeline, name: string): string | undefined {
  for (const v of p.variables) {
    if (v.name !== name) continue;
    const s = scalarString(v.value);
    if (s !== undefined && !/\$\(|\$\{\{|\$\[/.test(s)) return s;
  }
  return undefined;
}

/** Resolves `$(x)`, `${{ variables.x }}` and `${{ parameters.x }}` to a literal declared in the file. */
export function resolveValue(p: AzPipeline, value: string): string | undefined {
  const v = value.trim();
  if (!/\$\(|\$\{\{|\$\[/.test(v)) return v || undefined;
  let m = /^\$\(([\w.-]+)\)$/.exec(v) ?? /^\$\{\{\s*variables\.([\w.-]+)\s*\}\}$/.exec(v);
  if (m) return literalVariable(p, m[1]);
  m = /^\$\{\{\s*parameters\.([\w-]+)\s*\}\}$/.exec(v);
  if (m) {
    const d = p.parameters.get(m[1]);
    return d && !/\$\(|\$\{\{/.test(d) ? d : undefined;
  }
  return undefined;
}

/** Is the path a pipeline file by name (not a template that inherits its pool)? */
export function pipelineByName(path: string): boolean {
  return /(^|\/)[^/]*azure-pipelines?[^/]*\.ya?ml$/i.test(path.replace(/\\/g, '/')) && !/(^|\/)templates?\//i.test(path.replace(/\\/g, '/'));
}
