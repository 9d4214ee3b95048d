/**
 * Over-broad exposure in GitLab pipelines: credential variables printed to the job log, debug
 * tracing that prints every variable, and a person's credentials used by automation.
 */
import type { Range } from '../../types';
import { offsetRange, pairRange } from '../yamlFile';
import { EPHEMERAL, idTokenNames, type Ctx } from './context';
import type { GlJob, GlVariable } from './model';
import { commands, inSingleQuotes, isCredentialName, PERSONAL_NAME, printsToLog, rangeIn, varRefs } from './shell';
import * as R from './rules';

export function echoedSecrets(ctx: Ctx): void {
  for (const b of ctx.scripts) {
    const tokens = idTokenNames(ctx, b.job);
    for (const line of b.lines) {
      for (const c of commands(line.text)) {
        if (!printsToLog(c.text)) continue;
        for (const r of varRefs(c.text)) {
          if (!r.value || !isCredentialName(r.name) || EPHEMERAL.has(r.name) || tokens.has(r.name) || inSingleQuotes(c.text, r.index)) continue;
          ctx.out.push({ meta: R.GL_SECRET_ECHOED, range: rangeIn(ctx.f, line, c.index + r.index, r.length), identity: r.name, message: `${R.GL_SECRET_ECHOED.title}: ${r.name}` });
        }
      }
    }
  }
}

export function debugTrace(ctx: Ctx): void {
  const all: Array<{ job?: GlJob; v: GlVariable }> = [...ctx.pl.variables.map((v) => ({ v })), ...ctx.pl.jobs.flatMap((job) => job.variables.map((v) => ({ job, v })))];
  for (const { job, v } of all) {
    if ((v.name === 'CI_DEBUG_TRACE' || v.name === 'CI_DEBUG_SERVICES') && /^(?:true|1|yes)$/i.test(v.value.trim())) {
      ctx.out.push({ meta: R.GL_DEBUG_TRACE, range: pairRange(ctx.f, v.pair), fingerprintSource: `${job?.id ?? '(pipeline)'}:${v.name}` });
    }
  }
}

const URL_CREDENTIAL = /\bhttps?:\/\/([^\s:/@'"]+):\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?@/g;
const TRIGGERING_USER = /^\$\{?GITLAB_USER_(?:LOGIN|NAME|EMAIL|ID)\}?$/;
const MACHINE_USER = /bot|ci|svc|service|deploy|robot|automation|machine|token|project|group|release|^git$|^x-|^__|^(?:root|admin|gitlab|user|username|oauth|api|runner)$/i;
const NOT_PERSONAL_TOKEN = /PROJECT|GROUP|BOT|DEPLOY|SERVICE|SVC|ROBOT|CI_|CICD|RELEASE|SEMANTIC/;

/** Why a `https://user:$TOKEN@` URL authenticates as a person, if it does. */
function personalUrl(user: string, token: string): { why: string; confidence: 'high' | 'medium' } | undefined {
  if (EPHEMERAL.has(token)) return undefined;
  if (TRIGGERING_USER.test(user)) return { why: `authenticates as the user who triggered the pipeline (${user})`, confidence: 'high' };
  if (user === 'oauth2') return NOT_PERSONAL_TOKEN.test(token) ? undefined : { why: `uses ${token} as an OAuth2 / personal access token`, confidence: 'medium' };
  if (user.startsWith('$')) return PERSONAL_NAME.test(user) || PERSONAL_NAME.test(token) ? { why: `authenticates with ${token}, named as a person’s credential`, confidence: 'medium' } : undefined;
  return MACHINE_USER.test(user) ? undefined : { why: `authenticates as ${user}, a person’s account`, confidence: 'medium' };
}

export function personalCredentials(ctx: Ctx): void {
  const flagged = new Set<string>();
  for (const b of ctx.scripts) {
    for (const line of b.lines) {
      for (const m of line.text.matchAll(URL_CREDENTIAL)) {
        const p = personalUrl(m[1], m[2]);
        if (!p) continue;
        flagged.add(`${b.job?.id}:${m[2]}`);
        ctx.out.push({ meta: R.GL_PERSONAL_CREDENTIAL, range: rangeIn(ctx.f, line, m.index!, m[0].length), identity: m[2], confidence: p.confidence, message: `Automation ${p.why}` });
      }
    }
  }
  // Credential variables named for a person, once per job.
  const refs: Array<{ job?: GlJob; name: string; range: Range }> = [];
  for (const b of ctx.scripts) for (const line of b.lines) for (const r of varRefs(line.text)) refs.push({ job: b.job, name: r.name, range: rangeIn(ctx.f, line, r.index, r.length) });
  const vars: Array<{ job?: GlJob; v: GlVariable }> = [...ctx.pl.variables.map((v) => ({ v })), ...ctx.pl.jobs.flatMap((job) => job.variables.map((v) => ({ job, v })))];
  for (const { job, v } of vars) {
    const r = v.valueNode?.range;
    if (!r) continue;
    for (const ref of varRefs(ctx.f.text.slice(r[0], r[1]))) refs.push({ job, name: ref.name, range: offsetRange(ctx.f, r[0] + ref.index, r[0] + ref.index + ref.length) });
  }
  for (const ref of refs) {
    const k = `${ref.job?.id}:${ref.name}`;
    if (flagged.has(k) || !PERSONAL_NAME.test(ref.name) || !isCredentialName(ref.name) || EPHEMERAL.has(ref.name)) continue;
    flagged.add(k);
    ctx.out.push({ meta: R.GL_PERSONAL_CREDENTIAL, range: ref.range, identity: ref.name, confidence: 'medium', message: `Automation uses ${ref.name}, named as a person’s token` });
  }
}
