/**
 * Identity uses of a CircleCI config: credential-looking environment variables (project or
 * context variables) wherever they are referenced, the keys orb steps read by default, and every
 * context a workflow hands to a job; with workflow, job, step and branch filters.
 */
import { isPair, visit, type Pair } from 'yaml';
import type { Range } from '../../types';
import type { IdentityKind, IdentityUse } from '../types';
import { keyOf, nodeRange, offsetRange, scalarString, type YamlFile } from '../yamlFile';
import { looksLikeCredential } from '../azure/credentialNames';
import { invocationsOf, orbSource, type CcConfig, type CcInvocation, type CcJob, type CcStep } from './model';

const ENV_REF = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;
/** Parameters typed env_var_name that hold a credential variable's name (no `$`). */
const NAME_PARAM = /^(?:aws[-_]access[-_]key[-_]id|aws[-_]secret[-_]access[-_]key|gcloud[-_]service[-_]key|[\w-]*(?:token|password|secret)[\w-]*)$/i;

/** Built-in and per-job variables: not standing identities. */
function builtin(name: string): boolean {
  return /^CIRCLE_/.test(name) || name === 'BASH_ENV' || name === 'HOME' || name === 'PATH';
}

/** A shell variable the script sets itself (`TOKEN=$(…)`, `read -r TOKEN`): not a stored identity. */
function assignedIn(script: string, name: string): boolean {
  return new RegExp(`(?:^|[\\s;&|(])(?:export\\s+|local\\s+)?${name}=(?!["']?\\$\\{?${name}\\b)|\\bread\\b[^\\n]*\\b${name}\\b|\\bfor\\s+${name}\\s+in\\b`).test(script);
}

function stepLabel(step: CcStep | undefined): string | undefined {
  if (!step) return undefined;
  return scalarString((step.params?.items.find((p) => keyOf(p) === 'name') as Pair | undefined)?.value) ?? step.name;
}

export function identityUses(f: YamlFile, cfg: CcConfig): IdentityUse[] {
  const uses: IdentityUse[] = [];
  const within = (node: { range?: [number, number, number] | null } | undefined, o: number) => !!node?.range && o >= node.range[0] && o < node.range[1];
  const jobOf = (o: number) => cfg.jobs.find((j) => within(j.map, o));
  const allSteps = [...cfg.steps, ...cfg.invocations.map((i) => i.step)];
  const stepOf = (o: number) => allSteps.filter((s) => within(s.item as never, o)).pop();
  const runsOf = (job: CcJob | undefined): CcInvocation[] => {
    if (!job) return [];
    if (job.kind === 'job') return invocationsOf(cfg, job.id);
    // Reusable commands run in the jobs that call them.
    return cfg.jobs.filter((j) => j.kind === 'job' && j.steps.some((s) => s.name === job.id)).flatMap((j) => invocationsOf(cfg, j.id));
  };
  const push = (kind: IdentityKind, name: string, range: Range, offset: number, inv?: CcInvocation) => {
    const job = jobOf(offset);
    const step = stepOf(offset);
    const runs = inv ? [inv] : step?.via ? [step.via] : runsOf(job);
    const base = { key: `circleci:${kind}:${name}`, kind, name, platform: 'circleci' as const, path: f.path, range, step: stepLabel(step) };
    if (!runs.length) uses.push({ ...base, job: job?.id });
    for (const r of runs) uses.push({ ...base, workflow: r.workflow, job: job?.id ?? r.job, branches: r.branches });
  };

  visit(f.doc, {
    Scalar(key, node, path) {
      if (key === 'key' || !node.range) return;
      const parent = path[path.length - 1];
      const holder = isPair(parent) ? keyOf(parent as Pair) : '';
      const src = f.text.slice(node.range[0], node.range[1]);
      ENV_REF.lastIndex = 0;
      const seen = new Set<string>();
      for (let m = ENV_REF.exec(src); m; m = ENV_REF.exec(src)) {
        const name = m[1];
        if (builtin(name) || seen.has(`${name}:${m.index}`) || assignedIn(src, name)) continue;
        if (!looksLikeCredential(name) && !(looksLikeCredential(holder) && src.trim().startsWith('$'))) continue;
        seen.add(`${name}:${m.index}`);
        const s = node.range[0] + m.index;
        push('ci-secret', name, offsetRange(f, s, s + m[0].length), s);
      }
      // env_var_name parameters hold a bare variable name.
      const bare = scalarString(node);
      if (holder && NAME_PARAM.test(holder) && bare && /^[A-Z_][A-Z0-9_]*$/.test(bare) && !builtin(bare) && path.some((n) => isPair(n) && /\//.test(keyOf(n as Pair)))) {
        push('ci-secret', bare, nodeRange(f, node), node.range[0]);
      }
    },
  });

  // Keys the orbs read by default when no parameter names them.
  for (const step of cfg.steps) {
    const source = orbSource(step);
    const cmd = (step.orbCommand ?? '').replace(/-/g, '_');
    const params = step.params?.items.map(keyOf) ?? [];
    const r = step.nameNode.range!;
    if (source === 'circleci/aws-cli' && (cmd === 'setup' || cmd === 'configure') && !params.some((k) => /role[-_]arn/.test(k))) {
      if (!params.some((k) => /access[-_]key[-_]id/.test(k))) push('ci-secret', 'AWS_ACCESS_KEY_ID', nodeRange(f, step.nameNode), r[0]);
      if (!params.some((k) => /secret[-_]access[-_]key/.test(k))) push('ci-secret', 'AWS_SECRET_ACCESS_KEY', nodeRange(f, step.nameNode), r[0]);
    }
    if (source === 'circleci/gcp-cli' && ['setup', 'initialize'].includes(cmd) && !params.some((k) => /gcloud[-_]service[-_]key|use_oidc|workload/.test(k))) {
      push('ci-secret', 'GCLOUD_SERVICE_KEY', nodeRange(f, step.nameNode), r[0]);
    }
  }

  for (const inv of cfg.invocations) {
    for (const c of inv.contexts) {
      if (/[<$]/.test(c.name)) continue; // parameterised
      uses.push({ key: `circleci:ci-variable:context:${c.name}`, kind: 'ci-variable', name: `context:${c.name}`, platform: 'circleci', path: f.path, range: nodeRange(f, c.node), workflow: inv.workflow, job: inv.job, branches: inv.branches });
    }
  }
  return uses;
}
