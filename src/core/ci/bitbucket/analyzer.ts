/**
 * Bitbucket Pipelines analyzer: long-lived AWS keys where the step could use OIDC (`oidc: true`
 * with AWS_OIDC_ROLE_ARN for the atlassian/aws-* pipes, `oidc-role` for ECR images), credentials
 * printed to the log, a person's app password or token in automation, and every credential
 * variable's consumers with the deployment environment and branch pattern.
 */
import { isMap, type Pair, type YAMLMap } from 'yaml';
import type { Fix, Range, TextEdit } from '../../types';
import type { CiAnalyzer, CiInput } from '../analyzers';
import type { CiCandidate, IdentityUse } from '../types';
import { appendToMap, removePair, replacePair } from '../yamlEdits';
import { getPair, keyOf, nodeRange, offsetRange, pairRange, scalarString, type YamlFile } from '../yamlFile';
import { awsKeyAssignments, NON_AWS_HINT, S3_COMPATIBLE } from '../gitlab/cloudKeys';
import { literalFix } from '../gitlab/literal';
import { deref } from '../gitlab/model';
import { assignedNames, commands, inSingleQuotes, isCredentialName, PERSONAL_NAME, printsToLog, pureRef, rangeIn, scriptLines, varRefs, type LogicalLine } from '../gitlab/shell';
import { isBitbucketPath, pipeId, readPipeline, type BbPipe, type BbPipeline, type BbStep } from './model';
import * as R from './rules';

/** Issued per step: not a standing identity. */
const EPHEMERAL = new Set(['BITBUCKET_STEP_OIDC_TOKEN']);
const AWS_PIPE = /^(?:atlassian|bitbucketpipelines)\/aws-/;

interface Ctx {
  f: YamlFile;
  pl: BbPipeline;
  out: CiCandidate[];
}

function value(map: YAMLMap | undefined, key: string): { pair: Pair; text: string } | undefined {
  const pair = map && getPair(map, key);
  if (!pair) return undefined;
  return { pair, text: scalarString(pair.value) ?? '' };
}

/** A key variable holds something: a reference or a non-empty literal. */
function holdsKey(v: { text: string } | undefined): boolean {
  if (!v || !v.text.trim()) return false;
  const refs = varRefs(v.text).map((r) => r.name);
  return refs.length ? !refs.every((n) => S3_COMPATIBLE.test(n)) : true;
}

/**
 * `oidc: true` on the step map that holds the edited node: for a step merged from an anchor
 * (`<<: *deploy`) that is the anchor, so every step sharing it gets both changes.
 */
function oidcEdit(ctx: Ctx, step: BbStep, at: unknown): { ok: boolean; edit?: TextEdit } {
  if (step.oidc) return { ok: true };
  const r = (at as { range?: number[] } | null)?.range;
  const size = (m: YAMLMap) => m.range![2] - m.range![0];
  const holders = [step.map, ...step.merged].filter((m) => r && m.range && m.range[0] <= r[0] && r[1] <= m.range[2]);
  const target = holders.sort((a, b) => size(a) - size(b))[0] ?? step.map;
  const own = getPair(target, 'oidc');
  const e = own ? replacePair(ctx.f, own, [['oidc', 'true']]) : appendToMap(ctx.f, target, ['oidc: true']);
  return e ? { ok: true, edit: e } : { ok: false };
}

function fixOf(ctx: Ctx, step: BbStep, at: unknown, title: string, edits: Array<TextEdit | undefined>): Fix[] | undefined {
  const o = oidcEdit(ctx, step, at);
  if (!o.ok || edits.some((e) => !e)) return undefined;
  return [{ title, edits: [...(edits as TextEdit[]), ...(o.edit ? [o.edit] : [])], placeholders: ['<ROLE_ARN>'] }];
}

function awsPipe(ctx: Ctx, step: BbStep, pipe: BbPipe): void {
  if (!AWS_PIPE.test(pipeId(pipe.name))) return;
  const f = ctx.f;
  const vars = pipe.variables;
  const id = value(vars, 'AWS_ACCESS_KEY_ID');
  const secret = value(vars, 'AWS_SECRET_ACCESS_KEY');
  const role = value(vars, 'AWS_OIDC_ROLE_ARN');
  if (role?.text.trim() && step.oidc) return; // already federated
  const keyed = [secret, id].filter(holdsKey);
  if (keyed.length) {
    const first = (id ?? secret)!;
    const edits: Array<TextEdit | undefined> = [role ? removePair(f, first.pair) : replacePair(f, first.pair, [['AWS_OIDC_ROLE_ARN', '<ROLE_ARN>']])];
    if (secret && secret !== first) edits.push(removePair(f, secret.pair));
    const session = value(vars, 'AWS_SESSION_TOKEN');
    if (session) edits.push(removePair(f, session.pair));
    const at = keyed[0]!;
    ctx.out.push({
      meta: R.BB_AWS_STATIC_KEYS,
      range: pairRange(f, at.pair),
      identity: varRefs(at.text)[0]?.name,
      message: `${pipeId(pipe.name)} authenticates with long-lived AWS access keys where OIDC (oidc: true + AWS_OIDC_ROLE_ARN) is available`,
      fixes: fixOf(ctx, step, pipe.item, 'Use Bitbucket OIDC: oidc: true on the step and AWS_OIDC_ROLE_ARN instead of access keys', edits),
      fingerprintSource: `${step.label}:${pipeId(pipe.name)}`,
    });
  } else if (!id && !secret && !role) {
    // The pipe falls back to AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY repository or deployment variables.
    const fixes = vars && fixOf(ctx, step, pipe.item, 'Use Bitbucket OIDC: oidc: true on the step and AWS_OIDC_ROLE_ARN for the pipe', [appendToMap(f, vars, ['AWS_OIDC_ROLE_ARN: <ROLE_ARN>'])]);
    ctx.out.push({
      meta: R.BB_AWS_STATIC_KEYS,
      range: nodeRange(f, pipe.nameNode),
      confidence: 'medium',
      message: `${pipeId(pipe.name)} takes long-lived AWS access keys from repository or deployment variables where OIDC (oidc: true + AWS_OIDC_ROLE_ARN) is available`,
      fixes,
      fingerprintSource: `${step.label}:${pipeId(pipe.name)}`,
    });
  }
}

/** `image: { aws: { access-key, secret-key } }` (ECR pulls) where `oidc-role` exists. */
function awsImage(ctx: Ctx, image: YAMLMap | undefined, step: BbStep | undefined): void {
  const aws = deref(ctx.f.doc, image && getPair(image, 'aws')?.value);
  if (!isMap(aws) || getPair(aws, 'oidc-role')) return;
  const access = value(aws, 'access-key');
  const secret = value(aws, 'secret-key');
  if (!holdsKey(access) && !holdsKey(secret)) return;
  const first = (access ?? secret)!;
  let fixes: Fix[] | undefined;
  if (step) {
    const edits: Array<TextEdit | undefined> = [replacePair(ctx.f, first.pair, [['oidc-role', '<ROLE_ARN>']])];
    if (secret && secret !== first) edits.push(removePair(ctx.f, secret.pair));
    fixes = fixOf(ctx, step, image, 'Pull the ECR image with OIDC: oidc-role and oidc: true instead of access keys', edits);
  }
  ctx.out.push({ meta: R.BB_AWS_STATIC_KEYS, range: pairRange(ctx.f, first.pair), identity: varRefs(first.text)[0]?.name, message: 'ECR image pulled with long-lived AWS access keys where OIDC (oidc-role) is available', fixes });
}

function awsScript(ctx: Ctx, lines: LogicalLine[]): void {
  const all = lines.map((l) => l.text).join('\n');
  if (/assume-role-with-web-identity|BITBUCKET_STEP_OIDC_TOKEN|AWS_WEB_IDENTITY_TOKEN_FILE/.test(all) || NON_AWS_HINT.test(all)) return;
  const assigned = assignedNames(lines);
  for (const x of awsKeyAssignments(lines, (n) => !assigned.has(n) && !EPHEMERAL.has(n) && !S3_COMPATIBLE.test(n))) {
    ctx.out.push({ meta: R.BB_AWS_STATIC_KEYS, range: rangeIn(ctx.f, x.line, x.index, x.length), identity: x.name, message: 'Long-lived AWS access keys set up by the script where Bitbucket OIDC (oidc: true) is available' });
  }
}

function echoed(ctx: Ctx, lines: LogicalLine[]): void {
  for (const line of lines) {
    for (const c of commands(line.text)) {
      if (!printsToLog(c.text)) continue;
      for (const r of varRefs(c.text)) {
        if (!r.value || !isCredentialName(r.name) || EPHEMERAL.has(r.name) || inSingleQuotes(c.text, r.index)) continue;
        ctx.out.push({ meta: R.BB_SECRET_ECHOED, range: rangeIn(ctx.f, line, c.index + r.index, r.length), identity: r.name, message: `${R.BB_SECRET_ECHOED.title}: ${r.name}` });
      }
    }
  }
}

/** Bitbucket app passwords belong to a user account; so do tokens named as personal. */
const PERSONAL = /(?:^|_)APP_?PASS(?:WORD)?(?:_|$)/i;

function personal(ctx: Ctx, refs: Array<{ name: string; range: Range }>): void {
  const seen = new Set<string>();
  for (const r of refs) {
    if (seen.has(r.name) || EPHEMERAL.has(r.name)) continue;
    const app = PERSONAL.test(r.name);
    if (!app && !(PERSONAL_NAME.test(r.name) && isCredentialName(r.name))) continue;
    seen.add(r.name);
    ctx.out.push({
      meta: R.BB_PERSONAL_CREDENTIAL, range: r.range, identity: r.name, confidence: 'medium',
      message: app ? `Automation uses ${r.name}, a Bitbucket app password (tied to a user account)` : `Automation uses ${r.name}, named as a person’s token`,
    });
  }
}

interface Ref {
  name: string;
  range: Range;
  where: string;
  /** Taken as a credential by the key that holds it (`PASSWORD: $X`). */
  keyed: boolean;
}

/** References in a step: scripts, pipe variables, image credentials. */
function stepRefs(ctx: Ctx, step: BbStep): Ref[] {
  const f = ctx.f;
  const out: Ref[] = [];
  for (const s of step.scripts) {
    for (const line of scriptLines(f, s.node)) for (const r of varRefs(line.text)) out.push({ name: r.name, range: rangeIn(f, line, r.index, r.length), where: s.name, keyed: false });
  }
  const maps: Array<[YAMLMap | undefined, string]> = [...step.pipes.map((p): [YAMLMap | undefined, string] => [p.variables, `pipe ${pipeId(p.name)}`]), [step.image, 'image']];
  const visit = (map: YAMLMap | undefined, where: string) => {
    for (const pair of map?.items ?? []) {
      const v = deref(f.doc, pair.value);
      if (isMap(v)) {
        visit(v, where);
        continue;
      }
      const r = (v as { range?: number[] } | null)?.range;
      const text = scalarString(v);
      if (!r || !text) continue;
      const keyed = (isCredentialName(keyOf(pair)) || /^(?:password|secret-key)$/i.test(keyOf(pair))) && pureRef(text) !== undefined;
      for (const ref of varRefs(f.text.slice(r[0], r[1]))) out.push({ name: ref.name, range: offsetRange(f, r[0] + ref.index, r[0] + ref.index + ref.length), where, keyed });
    }
  };
  for (const [m, where] of maps) visit(m, where);
  return out;
}

export const analyzer: CiAnalyzer = {
  platform: 'bitbucket',
  name: 'Bitbucket Pipelines',
  yaml: true,
  rules: Object.values(R),
  matches: (path) => isBitbucketPath(path),
  analyze(input: CiInput) {
    const f = input.yaml!;
    const secretFixes = new Map<number, Fix[]>();
    input.secrets.forEach((s, i) => {
      const fix = literalFix(f, s, 'a secured repository or deployment variable');
      if (fix) secretFixes.set(i, [fix]);
    });
    const pl = readPipeline(f);
    if (!pl) return { candidates: [], uses: [], secretFixes };
    const ctx: Ctx = { f, pl, out: [] };
    const uses: IdentityUse[] = [];
    const seenUse = new Set<string>();
    awsImage(ctx, pl.image, undefined);
    for (const step of pl.steps) {
      const lines = step.scripts.flatMap((s) => scriptLines(f, s.node));
      for (const pipe of step.pipes) awsPipe(ctx, step, pipe);
      awsImage(ctx, step.image, step);
      awsScript(ctx, lines);
      echoed(ctx, lines);
      const assigned = assignedNames(lines);
      const refs = stepRefs(ctx, step).filter((r) => !EPHEMERAL.has(r.name) && (r.keyed || (isCredentialName(r.name) && !assigned.has(r.name))));
      personal(ctx, refs);
      for (const r of refs) {
        const k = `${r.name}:${r.range.startLine}:${r.range.startColumn}:${step.pipeline}:${step.label}`;
        if (seenUse.has(k)) continue;
        seenUse.add(k);
        uses.push({
          key: `bitbucket:ci-variable:${r.name}`, kind: 'ci-variable', name: r.name, platform: 'bitbucket', path: f.path, range: r.range,
          workflow: pl.name, job: step.label, step: r.where, environment: step.deployment, branches: step.branches,
        });
      }
    }
    return { candidates: ctx.out, uses, secretFixes };
  },
};

