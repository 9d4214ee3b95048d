/**
 * How Azure Pipelines expose secrets: printed to the log, republished by `##vso[task.setvariable]`
 * without `issecret=true`, copied into ordinary variables that every step's environment gets, and
 * personal access tokens used by automation.
 */
import type { CiCandidate } from '../types';
import { keyOf, offsetRange, type YamlFile } from '../yamlFile';
import { isPredefined, looksLikeCredential, looksPersonal } from './credentialNames';
import { setSecretFix } from './fixes';
import { macroRefs, nodeSpan, type AzPipeline, type AzStep } from './model';
import * as R from './rules';
import { envRefPattern, printsToLog, scriptLines } from './scriptLines';

/** Step env names that carry a secret: mapped from a credential-looking macro, or named like one. */
function secretEnvNames(f: YamlFile, step: AzStep): string[] {
  const out: string[] = [];
  for (const pair of step.env?.items ?? []) {
    const span = nodeSpan(pair.value);
    if (!span) continue;
    const refs = macroRefs(f, span[0], span[1]);
    const name = keyOf(pair);
    if (refs.some((r) => looksLikeCredential(r.name)) || (refs.length && looksLikeCredential(name))) out.push(name);
  }
  return out;
}

const SETVARIABLE = /##vso\[task\.setvariable\s+([^\]]*)\]([^\n"'`]*)/gi;

export function scriptExposure(f: YamlFile, step: AzStep, out: CiCandidate[]): void {
  const secretEnv = secretEnvNames(f, step);
  for (const node of step.scripts) {
    for (const { text, start } of scriptLines(f, node)) {
      if (/^\s*(?:#|rem\b|::)/i.test(text)) continue;
      SETVARIABLE.lastIndex = 0;
      for (let m = SETVARIABLE.exec(text); m; m = SETVARIABLE.exec(text)) {
        const props = m[1];
        if (/issecret\s*=\s*true/i.test(props)) continue;
        const name = /variable\s*=\s*([^;\s]+)/i.exec(props)?.[1] ?? '';
        const value = m[2];
        const valueSecret = /\$\(([\w.-]+)\)/.exec(value)?.[1] ?? secretEnv.find((e) => envRefPattern(e).test(value));
        const credentialValue = (valueSecret && looksLikeCredential(valueSecret)) || (valueSecret && secretEnv.includes(valueSecret));
        if (!looksLikeCredential(name) && !credentialValue) continue;
        if (!value.trim()) continue;
        const propsStart = start + m.index + m[0].indexOf(props, '##vso[task.setvariable'.length);
        out.push({
          meta: R.AZ_SETVARIABLE_NOT_SECRET,
          range: offsetRange(f, start + m.index, start + m.index + m[0].length),
          identity: name || valueSecret,
          message: `##vso[task.setvariable] publishes ${name || 'a variable'} from a credential without issecret=true: it is not masked and later steps get it in their environment`,
          fixes: [setSecretFix(f, propsStart, props)],
        });
      }
      if (!printsToLog(text)) continue;
      for (const ref of macroRefs(f, start, start + text.length)) {
        if (looksLikeCredential(ref.name)) out.push({ meta: R.AZ_SECRET_ECHOED, range: ref.range, identity: ref.name, message: `Secret $(${ref.name}) written to the log` });
      }
      for (const name of secretEnv) {
        const m = envRefPattern(name).exec(text);
        if (m) out.push({ meta: R.AZ_SECRET_ECHOED, range: offsetRange(f, start + m.index, start + m.index + m[0].length), identity: name, message: `Secret ${name} written to the log` });
      }
    }
  }
}

/** Pipeline/stage/job variables whose value is a secret: ordinary variables reach every step's environment. */
export function variableCopies(f: YamlFile, p: AzPipeline, skip: Set<unknown>, out: CiCandidate[]): void {
  for (const v of p.variables) {
    const span = nodeSpan(v.value);
    if (!span || skip.has(v.pair) || skip.has(v.item)) continue;
    const refs = macroRefs(f, span[0], span[1]).filter((r) => !isPredefined(r.name));
    const secret = refs.find((r) => looksLikeCredential(r.name)) ?? (looksLikeCredential(v.name) ? refs[0] : undefined);
    if (!secret) continue;
    out.push({
      meta: R.AZ_SECRET_IN_VARIABLES,
      range: offsetRange(f, span[0], span[1]),
      identity: secret.name,
      confidence: 'medium',
      message: `${v.level === 'pipeline' ? 'Pipeline' : v.level === 'stage' ? 'Stage' : 'Job'} variable ${v.name} copies $(${secret.name}): unlike a secret variable, it is mapped into the environment of every step and task in scope`,
    });
  }
}

/** Container `env:` of a job or container resource carrying a secret: every step of the job gets it. */
export function containerEnvCopies(f: YamlFile, p: AzPipeline, out: CiCandidate[]): void {
  for (const env of p.containerEnvs) {
    for (const pair of env.items) {
      const span = nodeSpan(pair.value);
      if (!span) continue;
      const refs = macroRefs(f, span[0], span[1]).filter((r) => !isPredefined(r.name));
      const secret = refs.find((r) => looksLikeCredential(r.name)) ?? (looksLikeCredential(keyOf(pair)) ? refs[0] : undefined);
      if (!secret) continue;
      out.push({
        meta: R.AZ_SECRET_IN_VARIABLES,
        range: offsetRange(f, span[0], span[1]),
        identity: secret.name,
        confidence: 'medium',
        message: `Container env ${keyOf(pair)} carries $(${secret.name}) into every step of the job`,
      });
    }
  }
}

/** `$(PAT)`, `$(ADO_PAT)`, `$(personalAccessToken)`: a person’s token used by the pipeline. */
export function personalTokens(f: YamlFile, out: CiCandidate[]): void {
  const seen = new Set<number>();
  for (const ref of macroRefs(f, 0, f.text.length)) {
    if (!looksPersonal(ref.name) || seen.has(ref.start) || inComment(f, ref.start)) continue;
    seen.add(ref.start);
    out.push({ meta: R.AZ_PERSONAL_TOKEN, range: ref.range, identity: ref.name, confidence: 'medium', message: `Pipeline uses $(${ref.name}), named as a personal access token` });
  }
}

function inComment(f: YamlFile, offset: number): boolean {
  const line = f.lines.linePos(offset).line - 1;
  const start = f.lines.lineStarts[line] ?? 0;
  const before = f.text.slice(start, offset);
  return /(^|\s)#/.test(before.replace(/"[^"]*"|'[^']*'/g, ''));
}
