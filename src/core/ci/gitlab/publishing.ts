/**
 * Publishing to PyPI or npm with a stored token from GitLab CI/CD, where both registries accept
 * trusted publishing (an ID token exchanged for a short-lived upload token).
 */
import { pairRange } from '../yamlFile';
import type { Ctx } from './context';
import { jobLines } from './context';
import { rangeIn, varRefs } from './shell';
import * as R from './rules';

const PUBLISHERS = [
  { registry: 'PyPI', command: /\btwine\s+upload\b|\buv\s+publish\b|\bpoetry\s+publish\b|\bflit\s+publish\b/, token: /^(?:TWINE_PASSWORD|UV_PUBLISH_TOKEN|POETRY_PYPI_TOKEN_PYPI|FLIT_PASSWORD|PYPI_(?:API_)?TOKEN)$/ },
  { registry: 'npm', command: /\b(?:npm|pnpm)\s+publish\b|\byarn\s+(?:npm\s+)?publish\b/, token: /^(?:NPM_TOKEN|NODE_AUTH_TOKEN|NPM_AUTH_TOKEN|NPM_(?:PUBLISH|API)_TOKEN)$/ },
];

export function registryTokens(ctx: Ctx): void {
  for (const job of ctx.pl.jobs) {
    const lines = jobLines(ctx, job);
    for (const p of PUBLISHERS) {
      if (!lines.some((l) => p.command.test(l.text))) continue;
      const message = `${p.registry} publishing with a stored token where GitLab trusted publishing is available`;
      for (const v of [...job.variables, ...ctx.pl.variables]) {
        if (p.token.test(v.name) && v.value.includes('$')) ctx.out.push({ meta: R.GL_REGISTRY_TOKEN, range: pairRange(ctx.f, v.pair), identity: v.name, message });
      }
      for (const line of lines) {
        for (const r of varRefs(line.text)) {
          if (p.token.test(r.name)) ctx.out.push({ meta: R.GL_REGISTRY_TOKEN, range: rangeIn(ctx.f, line, r.index, r.length), identity: r.name, message });
        }
      }
    }
  }
}
