/**
 * Bitbucket Pipelines read with positions: every step reached from `pipelines:` (default,
 * branches, tags, pull-requests, custom; inside `parallel:` and `stage:`), with the branch
 * pattern and deployment environment it runs under, its scripts and its pipes. Anchors
 * (`- step: *build`) and `<<:` merge keys are followed; unreferenced `definitions:` steps count too.
 */
import { isMap, isScalar, isSeq, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { keyOf, scalarString, type YamlFile } from '../yamlFile';
import { deref, field } from '../gitlab/model';

export interface BbPipe {
  /** The `- pipe: …` item (a map in the script list). */
  item: YAMLMap;
  name: string;
  nameNode: Scalar;
  variables?: YAMLMap;
}

export interface BbStep {
  map: YAMLMap;
  /** Anchors merged into the step (`<<: *build`). */
  merged: YAMLMap[];
  label: string;
  /** `branches/main`, `default`, `custom/deploy`, `definitions`… */
  pipeline: string;
  deployment?: string;
  branches?: string[];
  oidc: boolean;
  oidcPair?: Pair;
  /** `script:` and `after-script:` lists. */
  scripts: Array<{ name: string; node: unknown }>;
  pipes: BbPipe[];
  /** `image:` of the step (a map with credentials, when declared so). */
  image?: YAMLMap;
}

export interface BbPipeline {
  file: YamlFile;
  root: YAMLMap;
  name: string;
  steps: BbStep[];
  /** Global `image:` map. */
  image?: YAMLMap;
}

export function isBitbucketPath(path: string): boolean {
  return /(?:^|\/)bitbucket-pipelines\.ya?ml$/i.test(path.replace(/\\/g, '/'));
}

interface Where {
  pipeline: string;
  branches?: string[];
  deployment?: string;
}

function pipesOf(f: YamlFile, script: unknown): BbPipe[] {
  const seq = deref(f.doc, script);
  if (!isSeq(seq)) return [];
  const out: BbPipe[] = [];
  for (const i of seq.items) {
    const item = deref(f.doc, i);
    if (!isMap(item)) continue;
    const p = field(f.doc, item, 'pipe');
    if (!p || !isScalar(p.value)) continue;
    const vars = deref(f.doc, field(f.doc, item, 'variables')?.value);
    out.push({ item, name: String(p.value.value), nameNode: p.value as Scalar, variables: isMap(vars) ? vars : undefined });
  }
  return out;
}

function readStep(f: YamlFile, map: YAMLMap, where: Where, index: number): BbStep {
  const doc = f.doc;
  const oidcPair = field(doc, map, 'oidc');
  const scripts: BbStep['scripts'] = [];
  for (const name of ['script', 'after-script']) {
    const p = field(doc, map, name);
    if (p) scripts.push({ name, node: deref(doc, p.value) });
  }
  const image = deref(doc, field(doc, map, 'image')?.value);
  const merged = map.items.filter((p) => keyOf(p) === '<<').flatMap((p) => {
    const v = deref(doc, p.value);
    return (isSeq(v) ? v.items.map((i) => deref(doc, i)) : [v]).filter((m): m is YAMLMap => isMap(m));
  });
  return {
    map,
    merged,
    label: scalarString(deref(doc, field(doc, map, 'name')?.value)) ?? `step ${index + 1}`,
    pipeline: where.pipeline,
    deployment: scalarString(deref(doc, field(doc, map, 'deployment')?.value)) ?? where.deployment,
    branches: where.branches,
    oidc: /^true$/i.test(scalarString(deref(doc, oidcPair?.value)) ?? ''),
    oidcPair,
    scripts,
    pipes: scripts.flatMap((s) => pipesOf(f, s.node)),
    image: isMap(image) ? image : undefined,
  };
}

export function readPipeline(f: YamlFile): BbPipeline | undefined {
  const doc = f.doc;
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const steps: BbStep[] = [];
  const seen = new Set<YAMLMap>();
  let counter = 0;

  const walkItems = (node: unknown, where: Where): void => {
    const seq = deref(doc, node);
    if (!isSeq(seq)) return;
    for (const raw of seq.items) {
      const item = deref(doc, raw);
      if (!isMap(item)) continue;
      const step = deref(doc, field(doc, item, 'step')?.value);
      if (isMap(step)) {
        seen.add(step);
        const read = readStep(f, step, where, counter++);
        // A step merged into others (`<<: *build`) is read through them.
        for (const m of read.merged) seen.add(m);
        steps.push(read);
        continue;
      }
      const parallel = deref(doc, field(doc, item, 'parallel')?.value);
      if (parallel) walkItems(isMap(parallel) ? field(doc, parallel, 'steps')?.value : parallel, where);
      const stage = deref(doc, field(doc, item, 'stage')?.value);
      if (isMap(stage)) {
        const deployment = scalarString(deref(doc, field(doc, stage, 'deployment')?.value)) ?? where.deployment;
        walkItems(field(doc, stage, 'steps')?.value, { ...where, deployment });
      }
    }
  };

  const pipelines = deref(doc, field(doc, root, 'pipelines')?.value);
  if (isMap(pipelines)) {
    for (const pair of pipelines.items) {
      const kind = keyOf(pair);
      const v = deref(doc, pair.value);
      if (kind === 'default') walkItems(v, { pipeline: 'default' });
      else if (isMap(v)) {
        for (const sub of v.items) {
          const pattern = keyOf(sub);
          walkItems(sub.value, { pipeline: `${kind}/${pattern}`, branches: kind === 'branches' ? [pattern] : undefined });
        }
      }
    }
  }
  // Steps defined under `definitions:` that no pipeline reaches (still run when referenced elsewhere).
  const defs = deref(doc, field(doc, root, 'definitions')?.value);
  const defSteps = deref(doc, field(doc, defs, 'steps')?.value);
  if (isSeq(defSteps)) {
    for (const raw of defSteps.items) {
      const step = deref(doc, field(doc, deref(doc, raw), 'step')?.value);
      if (isMap(step) && !seen.has(step)) steps.push(readStep(f, step, { pipeline: 'definitions' }, counter++));
    }
  }
  const image = deref(doc, field(doc, root, 'image')?.value);
  return { file: f, root, name: f.path.replace(/\\/g, '/').split('/').pop()!, steps, image: isMap(image) ? image : undefined };
}

/** `atlassian/aws-s3-deploy:1.6.0` → `atlassian/aws-s3-deploy`. */
export function pipeId(name: string): string {
  return name.replace(/^docker:\/\//, '').replace(/:[^/:]*$/, '').toLowerCase();
}
