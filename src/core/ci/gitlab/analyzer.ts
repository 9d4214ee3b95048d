/**
 * GitLab CI analyzer: long-lived cloud and Vault credentials where federation with `id_tokens:`
 * exists (with the federated rewrite as a fix), credentials printed to the log or exposed by debug
 * tracing, personal credentials in automation, and every credential variable's consumers.
 */
import type { Fix } from '../../types';
import type { CiAnalyzer, CiInput } from '../analyzers';
import type { CiCandidate } from '../types';
import { cloudKeyRules } from './cloudKeys';
import { makeCtx } from './context';
import { debugTrace, echoedSecrets, personalCredentials } from './exposure';
import { literalFix } from './literal';
import { registryTokens } from './publishing';
import { isGitlabPath, looksLikeGitlabCi, readPipeline } from './model';
import { identityUses } from './uses';
import * as R from './rules';

export const analyzer: CiAnalyzer = {
  platform: 'gitlab',
  name: 'GitLab CI',
  yaml: true,
  rules: Object.values(R),
  matches: (path, text) => isGitlabPath(path) || looksLikeGitlabCi(path, text),
  analyze(input: CiInput) {
    const f = input.yaml!;
    const secretFixes = new Map<number, Fix[]>();
    input.secrets.forEach((s, i) => {
      const fix = literalFix(f, s, 'a masked and protected CI/CD variable');
      if (fix) secretFixes.set(i, [fix]);
    });
    const pl = readPipeline(f);
    if (!pl) return { candidates: [], uses: [], secretFixes };
    const ctx = makeCtx(f, pl);
    cloudKeyRules(ctx);
    echoedSecrets(ctx);
    debugTrace(ctx);
    personalCredentials(ctx);
    registryTokens(ctx);
    return { candidates: ctx.out, uses: identityUses(ctx), secretFixes };
  },
};

