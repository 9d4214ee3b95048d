/**
 * Identity uses of a GitLab pipeline: every credential-like CI/CD variable referenced in scripts
 * and `variables:` values, and every `secrets:` entry, with job, environment and branch filters.
 * A template's references count for each job that extends it.
 */
import type { Range } from '../../types';
import type { IdentityUse } from '../types';
import { keyOf, nodeRange, offsetRange } from '../yamlFile';
import { EPHEMERAL, idTokenNames, jobLines, type Ctx } from './context';
import { runnableJobs, type GlJob } from './model';
import { assignedNames, isCredentialName, pureRef, rangeIn, varRefs } from './shell';

/** Names the pipeline itself defines (a value other than a reference to itself): not CI/CD settings. */
function definedNames(ctx: Ctx): Set<string> {
  const out = new Set<string>();
  for (const v of [...ctx.pl.variables, ...ctx.pl.jobs.flatMap((j) => j.variables)]) {
    if (v.value.trim() && !varRefs(v.value).some((r) => r.name === v.name)) out.add(v.name);
  }
  return out;
}

/** Jobs that run a template's definitions (through `extends:`), or the job itself. */
function consumers(ctx: Ctx, job: GlJob | undefined): Array<GlJob | undefined> {
  if (!job?.hidden) return [job];
  const extendsJob = (j: GlJob, seen: Set<GlJob>): boolean => {
    if (seen.has(j)) return false;
    seen.add(j);
    return j.extends.some((e) => e === job.id || (ctx.pl.byId.has(e) && extendsJob(ctx.pl.byId.get(e)!, seen)));
  };
  const users = runnableJobs(ctx.pl).filter((j) => extendsJob(j, new Set()));
  return users.length ? users : [job];
}

export function identityUses(ctx: Ctx): IdentityUse[] {
  const { f, pl } = ctx;
  const defined = definedNames(ctx);
  const uses: IdentityUse[] = [];
  const seen = new Set<string>();
  const consumersOf = memo((job: GlJob | undefined) => consumers(ctx, job));
  const tokensOf = memo((job: GlJob | undefined) => idTokenNames(ctx, job));
  const assignedIn = memo((job: GlJob | undefined) => assignedNames(jobLines(ctx, job)));
  const push = (kind: 'ci-variable' | 'ci-secret', name: string, range: Range, job: GlJob | undefined, step: string) => {
    for (const j of consumersOf(job)) {
      const id = `${kind}:${name}:${range.startLine}:${range.startColumn}:${j?.id ?? ''}`;
      if (seen.has(id)) continue;
      seen.add(id);
      uses.push({
        key: `gitlab:${kind}:${name}`, kind, name, platform: 'gitlab', path: f.path, range, workflow: pl.name,
        job: j?.id, step, environment: j?.environment, branches: j?.branches ?? pl.branches,
      });
    }
  };
  const wanted = (name: string, job: GlJob | undefined) => isCredentialName(name) && !EPHEMERAL.has(name) && !defined.has(name) && !tokensOf(job).has(name);

  const scopes: Array<{ job?: GlJob }> = [{}, ...pl.jobs.map((job) => ({ job }))];
  for (const { job } of scopes) {
    for (const v of job ? job.variables : pl.variables) {
      const r = v.valueNode?.range;
      if (!r) continue;
      const keyed = isCredentialName(v.name) && pureRef(v.value) !== undefined;
      for (const ref of varRefs(f.text.slice(r[0], r[1]))) {
        const ok = ref.name === v.name || keyed ? !EPHEMERAL.has(ref.name) && !tokensOf(job).has(ref.name) && (keyed || isCredentialName(ref.name)) : wanted(ref.name, job);
        if (ok) {
          push('ci-variable', ref.name, offsetRange(f, r[0] + ref.index, r[0] + ref.index + ref.length), job, 'variables');
        }
      }
    }
    for (const p of job?.secrets?.items ?? []) push('ci-secret', keyOf(p), nodeRange(f, p.key as never), job, 'secrets');
  }
  for (const b of ctx.scripts) {
    const assigned = assignedIn(b.job);
    const secrets = new Set((b.job?.secrets?.items ?? []).map(keyOf));
    for (const line of b.lines) {
      for (const r of varRefs(line.text)) {
        if (!wanted(r.name, b.job) || assigned.has(r.name) || secrets.has(r.name)) continue;
        push('ci-variable', r.name, rangeIn(f, line, r.index, r.length), b.job, b.section);
      }
    }
  }
  return uses;
}

function memo<K, V>(fn: (k: K) => V): (k: K) => V {
  const cache = new Map<K, V>();
  return (k) => {
    if (!cache.has(k)) cache.set(k, fn(k));
    return cache.get(k)!;
  };
}
