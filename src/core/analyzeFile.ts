/**
 * Everything NHI Lens says about one file: literal credentials (the detection engine), how
 * pipelines and infrastructure use credentials (the CI analyzers), and the identity uses the
 * workspace graph is built from. The CLI, the workers and the extension call this.
 */
import { analyzeCi } from './ci/analyze';
import type { IdentityUse } from './ci/types';
import { scanText, type ScanOptions } from './detect/engine';
import { compareFindings } from './findings/sort';
import type { Finding } from './types';

export interface FileAnalysis {
  findings: Finding[];
  uses: IdentityUse[];
}

/** Literal credentials are identities too: the same value in two files is one credential reused. */
export function literalUses(findings: readonly Finding[]): IdentityUse[] {
  return findings
    .filter((f) => f.redacted && !f.suppressed)
    .map((f) => ({ key: `literal:${f.fingerprint}`, kind: 'literal' as const, name: `${f.kind} ${f.redacted}`, platform: 'file' as const, path: f.path, range: f.range, fingerprint: f.fingerprint }));
}

export function analyzeText(text: string, path: string, options: ScanOptions = {}, bytes?: Uint8Array): FileAnalysis {
  const secrets = scanText(text, path, options, bytes);
  const ci = analyzeCi(text, path, secrets, {
    fingerprintKey: options.fingerprintKey,
    disabledRules: options.disabledRules,
    severityOverrides: options.severityOverrides,
    includeSuppressed: options.includeSuppressed,
  });
  if (!ci) return { findings: secrets, uses: literalUses(secrets) };
  const withFixes = secrets.map((f, i) => {
    const fixes = ci.secretFixes.get(i);
    return fixes?.length ? { ...f, fixes: [...(f.fixes ?? []), ...fixes] } : f;
  });
  return { findings: [...withFixes, ...ci.findings].sort(compareFindings), uses: [...ci.uses, ...literalUses(secrets)] };
}
