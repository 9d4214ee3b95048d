/**
 * Jenkins analyzer (Groovy, text-based): long-lived AWS keys where role assumption or OIDC exists
 * (with a `withAWS(role: …)` fix), credentials printed to the log or interpolated by Groovy into
 * shell commands (with the single-quote fix), literal credentials in `environment {}` (fixed to
 * `credentials('id')`), and every credentials id with its stage and branch conditions.
 */
import { classifyName } from '../../detect/generic';
import { LineIndex } from '../../detect/location';
import type { Confidence, Finding, Fix, TextEdit } from '../../types';
import type { CiAnalyzer, CiInput } from '../analyzers';
import type { CiCandidate, IdentityUse } from '../types';
import { isOp, literal, type Interpolation, type Tok } from './groovy';
import { branchesOf, innermostStage, readPipeline, type Pipeline, type Step } from './model';
import * as R from './rules';

/** `Jenkinsfile`, `Jenkinsfile.release`, `deploy.jenkinsfile`, pipeline scripts under `vars/` or `jenkins/`. */
export function isJenkinsPath(path: string, text: string): boolean {
  const p = path.replace(/\\/g, '/');
  const name = (p.split('/').pop() ?? '').toLowerCase();
  if (name === 'jenkinsfile' || (name.startsWith('jenkinsfile.') && !/\.(?:md|txt|json|ya?ml)$/.test(name)) || name.endsWith('.jenkinsfile')) return true;
  return /(?:^|\/)(?:vars|jenkins)\/(?:[^/]+\/)*[^/]+\.groovy$/i.test(p) && /\bpipeline\s*\{|\bnode\s*(?:\([^)]*\)\s*)?\{/.test(text);
}

/** Environment variables Jenkins itself sets: safe to leave to the shell. */
const JENKINS_ENV = new Set([
  'BUILD_NUMBER', 'BUILD_ID', 'BUILD_URL', 'BUILD_TAG', 'BUILD_DISPLAY_NAME', 'JOB_NAME', 'JOB_BASE_NAME', 'JOB_URL', 'WORKSPACE', 'BRANCH_NAME',
  'CHANGE_ID', 'CHANGE_BRANCH', 'CHANGE_TARGET', 'TAG_NAME', 'GIT_COMMIT', 'GIT_BRANCH', 'GIT_URL', 'NODE_NAME', 'EXECUTOR_NUMBER',
  'JENKINS_URL', 'JENKINS_HOME', 'HOME', 'PATH', 'USER',
]);

interface SecretVar {
  name: string;
  /** The credentials id it comes from, when known. */
  credential?: string;
  confidence: Confidence;
}

interface Ctx {
  input: CiInput;
  p: Pipeline;
  idx: LineIndex;
  out: CiCandidate[];
  secrets: Map<string, SecretVar>;
  /** Every variable the pipeline puts in the environment (for the single-quote fix). */
  envNames: Set<string>;
}

function toks(ctx: Ctx): Tok[] {
  return ctx.p.tk.toks;
}

function range(ctx: Ctx, start: number, end: number) {
  return ctx.idx.range(start, end);
}

/** Credential variables: `environment { X = credentials() }`, withCredentials bindings, password parameters. */
function collectSecrets(ctx: Ctx): void {
  const add = (name: string, credential?: string) => ctx.secrets.set(name, { name, credential, confidence: 'high' });
  for (const e of ctx.p.env) {
    ctx.envNames.add(e.name);
    if (!e.credential) continue;
    add(e.name, e.credential.id);
    add(`${e.name}_PSW`, e.credential.id);
    ctx.envNames.add(`${e.name}_PSW`).add(`${e.name}_USR`);
  }
  for (const b of ctx.p.bindings) {
    for (const v of b.vars) {
      ctx.envNames.add(v.name);
      if (v.role === 'secret') add(v.name, b.credential?.id);
    }
  }
  for (const name of ctx.p.passwordParams) add(name);
}

/** The credential variable an interpolation reads, if any. */
function secretIn(ctx: Ctx, expr: string): SecretVar | undefined {
  for (const m of expr.matchAll(/(?<![\w.$])(?:(env|params)\.)?([A-Za-z_]\w*)/g)) {
    const v = ctx.secrets.get(m[2]);
    if (v) return v;
    // `env.X` / `params.X` set outside this file, named as a credential.
    if (m[1] && /^[A-Z][A-Z0-9_]*$/.test(m[2]) && classifyName(m[2]) !== undefined) return { name: m[2], confidence: 'medium' };
  }
  return undefined;
}

/** Command segments of a script line that print to the log (no pipe or redirection after them). */
function printingSegments(line: string): Array<{ start: number; text: string }> {
  const out: Array<{ start: number; text: string }> = [];
  let at = 0;
  for (const part of line.split(/(&&|\|\||;)/)) {
    if (part !== '&&' && part !== '||' && part !== ';') {
      const lead = /^\s*(?:@?echo|printf|Write-Host|Write-Output)\b/i.test(part);
      // `echo $X | docker login --password-stdin`, `echo $X > file` do not print.
      if (lead && !/[|>]/.test(part)) out.push({ start: at, text: part });
    }
    at += part.length;
  }
  return out;
}

const SHELL_REF = /\\?\$\{?(?:env\.)?([A-Za-z_]\w*)\}?|%([A-Za-z_]\w*)%|\$env:([A-Za-z_]\w*)/g;

/** Fingerprint text that survives unrelated edits: the stage and the credential, not the line. */
function stableSource(ctx: Ctx, offset: number, name: string): string {
  return `${innermostStage(ctx.p, offset)?.name ?? ''}:${name}`;
}

function identityOf(v: SecretVar): string {
  return v.credential ?? v.name;
}

/** Echo steps, and shell steps whose script prints a credential variable. */
function echoedAndInterpolated(ctx: Ctx): void {
  const t = toks(ctx);
  for (const { message } of ctx.p.echoes) {
    const s = t[message];
    for (const i of s.interps ?? []) {
      const v = secretIn(ctx, i.expr);
      if (v) pushEcho(ctx, i.start, i.end, v);
    }
  }
  for (const { step, script } of ctx.p.shells) {
    const s = t[script];
    const reported = new Set<Interpolation>();
    // Printing commands inside the script.
    let offset = s.contentStart!;
    for (const line of s.text.split('\n')) {
      for (const seg of printingSegments(line)) {
        SHELL_REF.lastIndex = 0;
        for (let m = SHELL_REF.exec(seg.text); m; m = SHELL_REF.exec(seg.text)) {
          const name = m[1] ?? m[2] ?? m[3];
          const start = offset + seg.start + m.index;
          const interp = s.interps?.find((x) => x.start <= start && start < x.end);
          const v = interp ? secretIn(ctx, interp.expr) : ctx.secrets.get(name);
          if (!v) continue;
          if (interp) reported.add(interp);
          pushEcho(ctx, interp?.start ?? start + (m[0].startsWith('\\') ? 1 : 0), interp?.end ?? start + m[0].length, v);
        }
      }
      offset += line.length + 1;
    }
    // Groovy interpolation of a credential into the command.
    const leaks = (s.interps ?? []).filter((i) => !reported.has(i)).map((i) => ({ i, v: secretIn(ctx, i.expr) }));
    if (!leaks.some((x) => x.v)) continue;
    const fix = singleQuoteFix(ctx, step, s);
    for (const { i, v } of leaks) {
      if (!v) continue;
      ctx.out.push({
        meta: R.JENKINS_SECRET_INTERPOLATION,
        range: range(ctx, i.start, i.end),
        identity: identityOf(v),
        confidence: v.confidence,
        message: `${v.name} is interpolated by Groovy into a ${step.name} command: the value is exposed in the command line and open to injection`,
        fingerprintSource: stableSource(ctx, i.start, v.name),
        fixes: fix ? [fix] : undefined,
      });
    }
  }
}

function pushEcho(ctx: Ctx, start: number, end: number, v: SecretVar): void {
  ctx.out.push({
    meta: R.JENKINS_SECRET_ECHOED,
    range: range(ctx, start, end),
    identity: identityOf(v),
    confidence: v.confidence,
    message: `${R.JENKINS_SECRET_ECHOED.title}: ${v.name}`,
    fingerprintSource: stableSource(ctx, start, v.name),
  });
}

/**
 * `sh "… ${TOKEN} …"` → `sh '… ${TOKEN} …'`: the shell expands the variable from the environment.
 * Only for one-line strings without quotes or escapes to translate, and only when every
 * interpolation names an environment variable (so no Groovy value is lost).
 */
function singleQuoteFix(ctx: Ctx, step: Step, s: Tok): Fix | undefined {
  if (step.name !== 'sh' || s.quote !== '"' || /['\\\n]/.test(s.text)) return undefined;
  let out = '';
  let at = s.contentStart!;
  for (const i of s.interps ?? []) {
    const m = /^\s*(env\.)?([A-Za-z_]\w*)\s*$/.exec(i.expr);
    if (!m || (!m[1] && !ctx.envNames.has(m[2]) && !JENKINS_ENV.has(m[2]))) return undefined;
    out += ctx.input.text.slice(at, i.start) + (i.braced ? `\${${m[2]}}` : `$${m[2]}`);
    at = i.end;
  }
  out += ctx.input.text.slice(at, s.end - 1);
  return {
    title: 'Use a single-quoted string so the shell expands the credential (no Groovy interpolation)',
    edits: [{ range: range(ctx, s.start, s.end), newText: `'${out}'` }],
  };
}

function awsKeys(ctx: Ctx): void {
  const t = toks(ctx);
  const push = (start: number, end: number, message: string, identity: string | undefined, fix?: Fix) =>
    ctx.out.push({ meta: R.JENKINS_AWS_STATIC_KEYS, range: range(ctx, start, end), message, identity, fingerprintSource: stableSource(ctx, start, identity ?? ''), fixes: fix ? [fix] : undefined });
  // withAWS(credentials: 'id') — role/profile forms are fine; endpointUrl means S3-compatible storage.
  for (const step of ctx.p.withAws) {
    const cred = step.args.find((a) => a.key === 'credentials');
    if (!cred || step.args.some((a) => a.key === 'endpointUrl')) continue;
    const keyTok = t[cred.keyTok!];
    const last = t[cred.to - 1];
    const id = literal(t[cred.from]);
    const role = step.args.some((a) => a.key === 'role');
    push(keyTok.start, last.end, role
      ? `withAWS uses stored access keys${id ? ` (${id})` : ''} to assume a role: let the agent’s own identity (instance profile, IRSA, OIDC) assume it`
      : `withAWS uses long-lived access keys${id ? ` (${id})` : ''}: assume an IAM role with the agent’s identity or OIDC instead`, id, withAwsFix(ctx, step, cred, role));
  }
  // aws(...) / AmazonWebServicesCredentialsBinding, and AWS_SECRET_ACCESS_KEY bound from a secret.
  for (const b of ctx.p.bindings) {
    const awsBinding = b.type === 'aws' || b.type === 'AmazonWebServicesCredentialsBinding';
    const secretVar = b.vars.find((v) => v.role === 'secret' && v.name === 'AWS_SECRET_ACCESS_KEY');
    if (!awsBinding && !secretVar) continue;
    const at = b.credential ? t[b.credential.tok] : t[b.from];
    push(at.start, at.end, `Long-lived AWS access keys bound from Jenkins credentials${b.credential ? ` (${b.credential.id})` : ''}: assume an IAM role with the agent’s identity or OIDC instead`, b.credential?.id);
  }
  // environment { AWS_SECRET_ACCESS_KEY = credentials('id') } (or TF_VAR_aws_secret_key): one finding per block.
  const blocks = new Map<number, typeof ctx.p.env>();
  for (const e of ctx.p.env) if (e.credential && (AWS_ENV_KEY.test(e.name) || AWS_ENV_SECRET.test(e.name))) blocks.set(e.block, [...(blocks.get(e.block) ?? []), e]);
  for (const entries of blocks.values()) {
    const e = entries.find((x) => AWS_ENV_SECRET.test(x.name)) ?? entries[0];
    push(t[e.nameTok].start, t[e.to - 1].end, `Long-lived AWS access keys in environment (${e.credential!.id}): assume an IAM role with the agent’s identity or OIDC instead`, e.credential!.id);
  }
  // Scripts that hand a bound credential to the AWS CLI/SDK as a secret key.
  for (const { script } of ctx.p.shells) {
    const s = t[script];
    for (const m of s.text.matchAll(AWS_SHELL_SECRET)) {
      const name = m[1] ?? m[2];
      const v = ctx.secrets.get(name);
      if (!v) continue;
      const start = s.contentStart! + m.index!;
      push(start, start + m[0].length, `Long-lived AWS secret key exported from Jenkins credentials${v.credential ? ` (${v.credential})` : ''}: assume an IAM role with the agent’s identity or OIDC instead`, v.credential ?? v.name);
    }
  }
}

const AWS_ENV_SECRET = /^(?:AWS_SECRET_ACCESS_KEY|TF_VAR_aws_secret(?:_access)?_key)$/i;
const AWS_ENV_KEY = /^(?:AWS_ACCESS_KEY_ID|TF_VAR_aws_access_key(?:_id)?)$/i;
/** `export AWS_SECRET_ACCESS_KEY=$X`, `aws configure set aws_secret_access_key $X`. */
const AWS_SHELL_SECRET = /\bAWS_SECRET_ACCESS_KEY\s*=\s*["']?\\?\$\{?(?:env\.)?([A-Za-z_]\w*)|\baws\s+configure\s+set\s+aws_secret_access_key\s+["']?\\?\$\{?(?:env\.)?([A-Za-z_]\w*)/g;

/** `credentials: 'id'` → `role: '<ROLE_NAME>', roleAccount: '<ACCOUNT_ID>'` (or dropped when a role is given). */
function withAwsFix(ctx: Ctx, step: Step, cred: Step['args'][number], role: boolean): Fix | undefined {
  const t = toks(ctx);
  const i = step.args.indexOf(cred);
  const keyStart = t[cred.keyTok!].start;
  const valueEnd = t[cred.to - 1].end;
  if (ctx.idx.position(keyStart).line !== ctx.idx.position(valueEnd).line) return undefined;
  let edit: TextEdit;
  if (!role) {
    edit = { range: range(ctx, keyStart, valueEnd), newText: `role: '<ROLE_NAME>', roleAccount: '<ACCOUNT_ID>'` };
  } else if (step.args.length === 1) {
    return undefined;
  } else if (i < step.args.length - 1) {
    const next = step.args[i + 1];
    edit = { range: range(ctx, keyStart, t[next.keyTok ?? next.from].start), newText: '' };
  } else {
    const prev = step.args[i - 1];
    edit = { range: range(ctx, t[prev.to - 1].end, valueEnd), newText: '' };
  }
  return {
    title: role ? 'Assume the role with the agent’s own identity: drop the stored access keys' : 'Assume an IAM role (withAWS role:) with the agent’s identity instead of stored access keys',
    edits: [edit],
    placeholders: role ? [] : ['<ROLE_NAME>', '<ACCOUNT_ID>'],
  };
}

function identityUses(ctx: Ctx): IdentityUse[] {
  const t = toks(ctx);
  return ctx.p.refs.map((r) => {
    const tok = t[r.tok];
    const stage = innermostStage(ctx.p, tok.start);
    return {
      key: `jenkins:jenkins-credential:${r.id}`,
      kind: 'jenkins-credential' as const,
      name: r.id,
      platform: 'jenkins' as const,
      path: ctx.input.path,
      range: range(ctx, tok.contentStart ?? tok.start, (tok.contentStart ?? tok.start) + tok.text.length),
      workflow: ctx.input.path,
      job: stage?.name,
      step: r.step,
      branches: branchesOf(stage),
    };
  });
}

/** `NAME = 'literal'` in `environment {}` → `NAME = credentials('name')`. */
function secretFixes(ctx: Ctx, secrets: readonly Finding[]): Map<number, Fix[]> {
  const out = new Map<number, Fix[]>();
  const t = toks(ctx);
  secrets.forEach((f, i) => {
    const start = ctx.idx.offsetOf(f.range.startLine, f.range.startColumn);
    const e = ctx.p.env.find((x) => x.to - x.from === 1 && t[x.from].kind === 'str' && t[x.from].start < start && start < t[x.from].end);
    if (!e) return;
    const s = t[e.from];
    if (s.interps?.length || s.quote === '/' || !isOp(t[e.nameTok + 1], '=')) return;
    const id = e.name.toLowerCase().replace(/_/g, '-');
    out.set(i, [{
      title: `Replace the literal with credentials('${id}') (store the value as a Jenkins credential)`,
      edits: [{ range: range(ctx, s.start, s.end), newText: `credentials('${id}')` }],
      placeholders: [id],
    }]);
  });
  return out;
}

export const analyzer: CiAnalyzer = {
  platform: 'jenkins',
  name: 'Jenkins',
  yaml: false,
  rules: Object.values(R),
  matches: (path, text) => isJenkinsPath(path, text),
  analyze(input: CiInput) {
    const p = readPipeline(input.text);
    const ctx: Ctx = { input, p, idx: new LineIndex(input.text), out: [], secrets: new Map(), envNames: new Set() };
    collectSecrets(ctx);
    awsKeys(ctx);
    echoedAndInterpolated(ctx);
    return { candidates: ctx.out, uses: identityUses(ctx), secretFixes: secretFixes(ctx, input.secrets) };
  },
};
