/**
 * Runs the CI / infrastructure analyzer that owns a file: parse (a malformed YAML file gives one
 * parse-error finding at its position), analyze, attach fixes to literal credentials, honour inline
 * suppression, and return findings plus the identity uses the workspace graph is built from.
 */
import { fingerprint } from '../detect/fingerprint';
import { inlineSuppression } from '../findings/suppress';
import type { Finding, Severity } from '../types';
import { ciFinding } from './finding';
import { analyzerFor } from './registry';
import type { CiCandidate, IdentityUse } from './types';
import { CI_YAML_PARSE_ERROR } from './commonRules';
import { parseYaml } from './yamlFile';

export { CI_YAML_PARSE_ERROR };

export interface CiResult {
  findings: Finding[];
  uses: IdentityUse[];
  /** Fixes for the engine's literal-credential findings, by index in `secrets`. */
  secretFixes: Map<number, NonNullable<Finding['fixes']>>;
}

export interface CiOptions {
  fingerprintKey?: string;
  disabledRules?: Iterable<string>;
  severityOverrides?: Record<string, Severity>;
  includeSuppressed?: boolean;
}

/** Templates, anchors and shared sections are read once per user: one finding per rule and place. */
function dedupe(cs: CiCandidate[]): CiCandidate[] {
  const seen = new Set<string>();
  return cs.filter((c) => {
    const k = `${c.meta.id}:${c.range.startLine}:${c.range.startColumn}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function analyzeCi(text: string, path: string, secrets: readonly Finding[], options: CiOptions = {}): CiResult | undefined {
  const analyzer = analyzerFor(path, text);
  if (!analyzer) return undefined;
  const lines = text.split('\n');
  let yaml;
  if (analyzer.yaml) {
    const parsed = parseYaml(text, path);
    if (!parsed.ok) {
      const f = ciFinding({ meta: CI_YAML_PARSE_ERROR, range: parsed.range, message: parsed.refused ? `Pipeline not analysed: ${parsed.message}` : `Malformed YAML: ${parsed.message}`, fingerprintSource: path }, path, lines, options.fingerprintKey);
      return { findings: [f], uses: [], secretFixes: new Map() };
    }
    yaml = parsed.file;
  }
  const result = analyzer.analyze({ path, text, yaml, secrets, fingerprint: (v) => fingerprint(v, options.fingerprintKey) });
  const disabled = new Set(options.disabledRules ?? []);
  const findings: Finding[] = [];
  for (const c of dedupe(result.candidates)) {
    if (disabled.has(c.meta.id)) continue;
    const f = ciFinding(c, path, lines, options.fingerprintKey);
    const severity = options.severityOverrides?.[c.meta.id];
    if (severity) f.severity = severity;
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
