/**
 * Runs the CI / infrastructure analyzer that owns a file: parse (a malformed YAML file gives one
 * parse-error finding at its position), analyze, attach fixes to literal credentials, honour inline
 * suppression, and return findings plus the identity uses the workspace graph is built from.
 */
import { fingerprint } from '../detect/fingerprint';
import { inlineSuppression } from '../findings/suppress';
import type { Finding } from '../types';
import { ciFinding } from './finding';
import { analyzerFor } from './registry';
import type { CiRuleMeta, IdentityUse } from './types';
import { parseYaml } from './yamlFile';

export const CI_YAML_PARSE_ERROR: CiRuleMeta = {
  id: 'ci-yaml-parse-error', kind: 'parse-error', provider: 'YAML', title: 'Malformed YAML: the pipeline cannot be analysed',
  severity: 'low', owasp: 'NHI2',
  remediation: 'Fix the YAML syntax so the pipeline (and NHI Lens) can read it.',
};

export interface CiResult {
  findings: Finding[];
  uses: IdentityUse[];
  /** Fixes for the engine's literal-credential findings, by index in `secrets`. */
  secretFixes: Map<number, NonNullable<Finding['fixes']>>;
}

export interface CiOptions {
  fingerprintKey?: string;
  disabledRules?: Iterable<string>;
  includeSuppressed?: boolean;
}

export function analyzeCi(text: string, path: string, secrets: readonly Finding[], options: CiOptions = {}): CiResult | undefined {
  const analyzer = analyzerFor(path, text);
  if (!analyzer) return undefined;
  const lines = text.split('\n');
  let yaml;
  if (analyzer.yaml) {
    const parsed = parseYaml(text, path);
    if (!parsed.ok) {
      const f = ciFinding({ meta: CI_YAML_PARSE_ERROR, range: parsed.range, message: `Malformed YAML: ${parsed.message}`, fingerprintSource: path }, path, text, options.fingerprintKey);
      return { findings: [f], uses: [], secretFixes: new Map() };
    }
    yaml = parsed.file;
  }
  const result = analyzer.analyze({ path, text, yaml, secrets, fingerprint: (v) => fingerprint(v, options.fingerprintKey) });
  const disabled = new Set(options.disabledRules ?? []);
  const findings: Finding[] = [];
  for (const c of result.candidates) {
    if (disabled.has(c.meta.id)) continue;
    const f = ciFinding(c, path, text, options.fingerprintKey);
    const line = lines[c.range.startLine]?.replace(/\r$/, '') ?? '';
    const prev = c.range.startLine > 0 ? lines[c.range.startLine - 1]?.replace(/\r$/, '') : undefined;
    const suppressed = inlineSuppression(line, prev, c.meta.id);
    if (suppressed) {
      if (!options.includeSuppressed) continue;
      f.suppressed = suppressed;
    }
    findings.push(f);
  }
  return { findings, uses: result.uses, secretFixes: result.secretFixes ?? new Map() };
}
