/**
 * GitHub Actions workflows and composite actions, read with positions: triggers, permissions, jobs,
 * steps, `uses`/`with`/`env`/`run`, and every `${{ secrets.X }}` reference in place.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Range } from '../../types';
import { entries, getMap, getPair, offsetRange, scalarString, type YamlFile } from '../yamlFile';

export interface GhSecretRef {
  name: string;
  /** Range of the whole `${{ secrets.NAME }}` expression. */
  range: Range;
  /** Offsets of the expression in the file. */
  start: number;
  end: number;
}

export interface GhStep {
  map: YAMLMap;
  index: number;
  label: string;
  uses?: string;
  usesNode?: Scalar;
  with?: YAMLMap;
  env?: YAMLMap;
  run?: string;
  runNode?: Scalar;
}

export interface GhJob {
  id: string;
  keyNode: Node;
  map: YAMLMap;
  environment?: string;
  permissions?: Pair;
  env?: YAMLMap;
  steps: GhStep[];
  /** Reusable workflow called by the job (`jobs.<id>.uses`). */
  uses?: string;
  usesNode?: Scalar;
  secrets?: Pair;
}

export interface GhWorkflow {
  file: YamlFile;
  root: YAMLMap;
  kind: 'workflow' | 'action';
  name: string;
  triggers: Set<string>;
  branches: string[];
  permissions?: Pair;
  env?: YAMLMap;
  jobs: GhJob[];
}

/** Path is a workflow (`.github/workflows/*.yml`) or a composite action (`action.yml`). */
export function githubKind(path: string): 'workflow' | 'action' | undefined {
  const p = path.replace(/\\/g, '/');
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(p)) return 'workflow';
  if (/(^|\/)action\.ya?ml$/i.test(p)) return 'action';
  return undefined;
}

const SECRET_REF = /\$\{\{\s*secrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_-]*)|\[\s*['"]([^'"]+)['"]\s*\])\s*\}\}/g;

/** Every `${{ secrets.X }}` in the source span of a node. */
export function secretRefs(f: YamlFile, node: unknown): GhSecretRef[] {
  const r = (node as { range?: number[] } | null)?.range;
  if (!r) return [];
  const src = f.text.slice(r[0], r[1]);
  const out: GhSecretRef[] = [];
  SECRET_REF.lastIndex = 0;
  for (let m = SECRET_REF.exec(src); m; m = SECRET_REF.exec(src)) {
    const lineStart = src.lastIndexOf('\n', m.index) + 1;
    if (/(?:^|\s)#/.test(src.slice(lineStart, m.index))) continue; // commented out: not a use
    const start = r[0] + m.index;
    const end = start + m[0].length;
    out.push({ name: m[1] ?? m[2], range: offsetRange(f, start, end), start, end });
  }
  return out;
}

function triggersOf(root: YAMLMap): { triggers: Set<string>; branches: string[] } {
  const on = getPair(root, 'on') ?? getPair(root, 'true'); // YAML 1.1 reads a bare `on` as true
  const triggers = new Set<string>();
  const branches: string[] = [];
  const v = on?.value;
  if (isScalar(v)) {
    triggers.add(String(v.value));
  } else if (isSeq(v)) {
    for (const i of v.items) if (isScalar(i)) triggers.add(String(i.value));
  } else if (isMap(v)) {
    for (const [k, p] of entries(v)) {
      triggers.add(k);
      const b = getPair(p.value, 'branches')?.value;
      if (isSeq(b)) for (const i of b.items) if (isScalar(i)) branches.push(String(i.value));
    }
  }
  return { triggers, branches };
}

function stepsOf(job: YAMLMap): GhStep[] {
  const seq = getPair(job, 'steps')?.value;
  if (!isSeq(seq)) return [];
  const steps: GhStep[] = [];
  seq.items.forEach((item, index) => {
    if (!isMap(item)) return;
    const usesPair = getPair(item, 'uses');
    const runPair = getPair(item, 'run');
    const uses = scalarString(usesPair?.value);
    const label = scalarString(getPair(item, 'name')?.value) ?? scalarString(getPair(item, 'id')?.value) ?? uses ?? `step ${index + 1}`;
    steps.push({
      map: item,
      index,
      label,
      uses,
      usesNode: isScalar(usesPair?.value) ? (usesPair!.value as Scalar) : undefined,
      with: getMap(item, 'with'),
      env: getMap(item, 'env'),
      run: scalarString(runPair?.value),
      runNode: isScalar(runPair?.value) ? (runPair!.value as Scalar) : undefined,
    });
  });
  return steps;
}

export function readWorkflow(file: YamlFile, kind: 'workflow' | 'action'): GhWorkflow | undefined {
  const root = file.doc.contents;
  if (!isMap(root)) return undefined;
  const name = scalarString(getPair(root, 'name')?.value) ?? file.path.split('/').pop()!;
  const { triggers, branches } = triggersOf(root);
  const jobs: GhJob[] = [];
  if (kind === 'action') {
    // A composite action's steps live under `runs.steps`; model them as one job.
    const runs = getMap(root, 'runs');
    if (runs) jobs.push({ id: '(action)', keyNode: getPair(root, 'runs')!.key as Node, map: runs, steps: stepsOf(runs) });
  } else {
    for (const [id, pair] of entries(getMap(root, 'jobs'))) {
      const job = pair.value;
      if (!isMap(job)) continue;
      const envNode = getPair(job, 'environment')?.value;
      const environment = scalarString(envNode) ?? scalarString(getPair(envNode, 'name')?.value);
      const usesPair = getPair(job, 'uses');
      jobs.push({
        id,
        keyNode: pair.key as Node,
        map: job,
        environment,
        permissions: getPair(job, 'permissions'),
        env: getMap(job, 'env'),
        steps: stepsOf(job),
        uses: scalarString(usesPair?.value),
        usesNode: isScalar(usesPair?.value) ? (usesPair!.value as Scalar) : undefined,
        secrets: getPair(job, 'secrets'),
      });
    }
  }
  return { file, root, kind, name, triggers, branches, permissions: getPair(root, 'permissions'), env: getMap(root, 'env'), jobs };
}

/** `owner/repo@ref` → parts; local (`./x`) and docker (`docker://`) actions give undefined. */
export function parseUses(uses: string): { owner: string; repo: string; path: string; ref: string } | undefined {
  const m = /^([^/@.\s][^/@\s]*)\/([^/@\s]+)((?:\/[^@\s]+)?)@(\S+)$/.exec(uses.trim());
  if (!m) return undefined;
  return { owner: m[1], repo: m[2], path: m[3], ref: m[4] };
}

export function isPinnedToSha(ref: string): boolean {
  return /^[0-9a-f]{40}$/.test(ref);
}

/** Action `owner/repo` (lower-case) of a step, for matching known actions. */
export function actionName(step: GhStep): string | undefined {
  const u = step.uses && parseUses(step.uses);
  return u ? `${u.owner}/${u.repo}${u.path}`.toLowerCase() : undefined;
}
