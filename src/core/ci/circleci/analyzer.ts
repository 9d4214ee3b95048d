/**
 * CircleCI analyzer: long-lived AWS and Google keys where CircleCI OIDC federation exists (with
 * the orb's OIDC form as a fix where the orb version supports it), secrets printed to the log, and
 * every credential variable and context with the workflows, jobs and branches that consume them.
 */
import { isMap, isScalar, type Pair, type YAMLMap } from 'yaml';
import type { Fix } from '../../types';
import type { CiAnalyzer, CiInput } from '../analyzers';
import { literalSecretFix, pairHolding } from '../literalFix';
import type { CiCandidate } from '../types';
import { getPair, keyOf, offsetRange, type YamlFile } from '../yamlFile';
import { looksLikeCredential } from '../azure/credentialNames';
import { printsToLog, scriptLines } from '../azure/scriptLines';
import { commandCloudKeys, dockerAwsAuth, environmentKeys, stepCloudKeys } from './cloudKeys';
import { environmentLiteralFix } from './fixes';
import { readConfig, type CcConfig } from './model';
import * as R from './rules';
import { identityUses } from './uses';

/** `.circleci/config.yml`, and other configs under `.circleci/` (dynamic config, packed sources). */
export function isCircleCi(path: string, text: string): boolean {
  const p = path.replace(/\\/g, '/');
  if (/(^|\/)\.circleci\/config\.ya?ml$/i.test(p)) return true;
  if (!/(^|\/)\.circleci\/.+\.ya?ml$/i.test(p)) return false;
  return /^(?:version|jobs|workflows|orbs|commands|executors|steps)\s*:/m.test(text);
}

/** `environment:` maps with the pair that holds each: job, run step, docker image. */
function environmentPairs(cfg: CcConfig): Array<{ holder: Pair; map: YAMLMap }> {
  const out: Array<{ holder: Pair; map: YAMLMap }> = [];
  const add = (owner: unknown) => {
    const p = getPair(owner, 'environment');
    if (p && isMap(p.value)) out.push({ holder: p, map: p.value });
  };
  for (const job of cfg.jobs) {
    add(job.map);
    for (const image of job.images) add(image.map);
  }
  for (const step of cfg.steps) if (step.name === 'run' && step.pair) add(step.pair.value);
  return out;
}

function echoes(f: YamlFile, cfg: CcConfig, out: CiCandidate[]): void {
  for (const step of cfg.steps) {
    if (!step.command || !isScalar(step.command)) continue;
    for (const { text, start } of scriptLines(f, step.command)) {
      if (/^\s*#/.test(text) || !printsToLog(text)) continue;
      for (const m of text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g)) {
        if (/^CIRCLE_/.test(m[1]) || !looksLikeCredential(m[1])) continue;
        const s = start + m.index!;
        out.push({ meta: R.CC_SECRET_ECHOED, range: offsetRange(f, s, s + m[0].length), identity: m[1], confidence: 'medium', message: `Secret ${m[1]} written to the job log` });
      }
    }
  }
}

function secretFixes(f: YamlFile, cfg: CcConfig | undefined, input: CiInput): Map<number, Fix[]> {
  const fixes = new Map<number, Fix[]>();
  const envs = cfg ? environmentPairs(cfg) : [];
  input.secrets.forEach((s, i) => {
    const start = (f.lines.lineStarts[s.range.startLine] ?? 0) + s.range.startColumn;
    const end = (f.lines.lineStarts[s.range.endLine] ?? 0) + s.range.endColumn;
    const held = pairHolding(f, start, end);
    const env = held?.pair && envs.find((e) => e.map.items.includes(held.pair!));
    let fix: Fix | undefined;
    if (env && held?.pair) fix = environmentLiteralFix(f, env.holder, held.pair);
    else {
      // env_var_name parameters take a bare name; shell-expanded values take ${NAME}.
      const bare = held?.pair && /^(?:aws-access-key-id|aws-secret-access-key|gcloud[-_]service[-_]key)$/.test(keyOf(held.pair));
      fix = literalSecretFix(f, s, (n) => (bare ? n : `\${${n}}`), 'a project environment variable or a context');
    }
    if (fix) fixes.set(i, [fix]);
  });
  return fixes;
}

export const analyzer: CiAnalyzer = {
  platform: 'circleci',
  name: 'CircleCI',
  yaml: true,
  rules: Object.values(R),
  matches: isCircleCi,
  analyze(input: CiInput) {
    const f = input.yaml!;
    const cfg = readConfig(f);
    if (!cfg) return { candidates: [], uses: [], secretFixes: secretFixes(f, undefined, input) };
    const out: CiCandidate[] = [];
    for (const step of [...cfg.steps, ...cfg.invocations.map((i) => i.step)]) {
      stepCloudKeys(f, step, out);
      commandCloudKeys(f, step, out);
    }
    environmentKeys(f, environmentPairs(cfg).map((e) => e.map), out);
    dockerAwsAuth(f, cfg, out);
    echoes(f, cfg, out);
    return { candidates: out, uses: identityUses(f, cfg), secretFixes: secretFixes(f, cfg, input) };
  },
};
