/** What the GitLab rules share: the pipeline, its scripts as shell lines, and the candidates found. */
import { isMap, isSeq, type Pair } from 'yaml';
import type { TextEdit } from '../../types';
import type { CiCandidate } from '../types';
import { keyOf, type YamlFile } from '../yamlFile';
import { ensureIdToken, prependToRoot, prependToSeq } from './edits';
import { deref, runnableJobs, scriptOwner, type GlJob, type GlPipeline } from './model';
import { scriptLines, type LogicalLine } from './shell';

/** Tokens GitLab issues per job: not standing identities. */
export const EPHEMERAL = new Set(['CI_JOB_TOKEN', 'CI_JOB_JWT', 'CI_JOB_JWT_V1', 'CI_JOB_JWT_V2', 'CI_BUILD_TOKEN', 'CI_REGISTRY_PASSWORD', 'CI_DEPENDENCY_PROXY_PASSWORD']);

export interface ScriptBlock {
  /** Undefined for top-level and `default:` scripts. */
  job?: GlJob;
  section: string;
  pair: Pair;
  lines: LogicalLine[];
}

export interface Ctx {
  f: YamlFile;
  pl: GlPipeline;
  out: CiCandidate[];
  scripts: ScriptBlock[];
}

export function makeCtx(f: YamlFile, pl: GlPipeline): Ctx {
  const scripts: ScriptBlock[] = pl.globalSections.map((s) => ({ section: s.name, pair: s.pair, lines: scriptLines(f, deref(f.doc, s.pair.value)) }));
  for (const job of pl.jobs) {
    for (const s of job.sections) scripts.push({ job, section: s.name, pair: s.pair, lines: scriptLines(f, deref(f.doc, s.pair.value)) });
  }
  return { f, pl, out: [], scripts };
}

export function jobLines(ctx: Ctx, job: GlJob | undefined): LogicalLine[] {
  return ctx.scripts.filter((s) => s.job === job).flatMap((s) => s.lines);
}

/** ID tokens a job can read: its own and inherited through `extends:`, else those of `default:` (job-level `id_tokens:` replaces them). */
export function idTokenNames(ctx: Ctx, job: GlJob | undefined): Set<string> {
  const own = job ? declaredIdTokens(ctx, job, new Set()) : new Set<string>();
  return own.size ? own : new Set(ctx.pl.defaultIdTokenNames);
}

function declaredIdTokens(ctx: Ctx, job: GlJob, seen: Set<GlJob>): Set<string> {
  const out = new Set<string>();
  if (seen.has(job)) return out;
  seen.add(job);
  for (const n of job.idTokenNames) out.add(n);
  for (const e of job.extends) {
    const base = ctx.pl.byId.get(e);
    if (base) for (const n of declaredIdTokens(ctx, base, seen)) out.add(n);
  }
  return out;
}

/** Jobs whose scripts a fix must touch: the job itself, or for pipeline-wide variables every job's script owner. */
export function tokenTargets(ctx: Ctx, job: GlJob | undefined): GlJob[] | undefined {
  if (job) return [job];
  const owners = new Set<GlJob>();
  for (const j of runnableJobs(ctx.pl)) {
    const o = scriptOwner(ctx.pl, j);
    if (!o) return undefined;
    owners.add(o);
  }
  return owners.size ? [...owners] : undefined;
}

/** Inserts lines at the start of the job's own scripts (before_script first, as it runs first). */
export function prependToJobScript(ctx: Ctx, job: GlJob, lines: string[]): TextEdit | undefined {
  const first = job.sections.find((s) => s.name === 'before_script') ?? job.sections.find((s) => s.name === 'script');
  if (!first?.own || !isSeq(first.pair.value)) return undefined;
  return prependToSeq(ctx.f, first.pair.value, lines);
}

/** Edits giving each job an ID token (undefined when one cannot be edited). */
export function idTokenEdits(ctx: Ctx, jobs: GlJob[], name: string, aud: string): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  for (const j of jobs) {
    if (idTokenNames(ctx, j).has(name)) continue;
    const r = ensureIdToken(ctx.f, ctx.pl.root, j.map, name, aud);
    if (!r.ok) return undefined;
    if (r.edit) edits.push(r.edit);
  }
  return edits;
}

/** Pipeline-wide ID token: in `default:` (created when missing) and in jobs that override `id_tokens:`. */
export function defaultIdTokenEdits(ctx: Ctx, name: string, aud: string): TextEdit[] | undefined {
  const { f, pl } = ctx;
  const edits: TextEdit[] = [];
  if (!pl.defaultIdTokenNames.has(name)) {
    const own = pl.root.items.find((p) => keyOf(p) === 'default');
    if (own) {
      if (!isMap(own.value) || own.value !== pl.defaultMap) return undefined;
      const r = ensureIdToken(f, pl.root, own.value, name, aud);
      if (!r.ok) return undefined;
      if (r.edit) edits.push(r.edit);
    } else {
      const e = prependToRoot(f, pl.root, ['default:', '  id_tokens:', `    ${name}:`, `      aud: ${aud}`]);
      if (!e) return undefined;
      edits.push(e);
    }
  }
  const overriding = pl.jobs.filter((j) => j.idTokens && !j.idTokenNames.has(name));
  const more = idTokenEdits(ctx, overriding, name, aud);
  if (!more) return undefined;
  return [...edits, ...more];
}
