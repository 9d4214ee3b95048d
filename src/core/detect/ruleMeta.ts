import type { OwaspNhiId, Severity } from '../types';

/** What every rule says about itself: provider formats, generic rules, CI and workspace rules. */
export interface RuleInfo {
  /** Kebab-case unique id, e.g. `github-pat`, `gha-aws-static-keys`. */
  id: string;
  /** What it is about, e.g. `github-token`, `long-lived-cloud-key`; several rules may share one. */
  kind: string;
  /** Provider, platform or family shown to people, e.g. `GitHub`, `GitLab CI`, `Generic`. */
  provider: string;
  /** Short title, e.g. `GitHub personal access token`. */
  title: string;
  severity: Severity;
  /** OWASP NHI Top 10 (2025) item: NHI2 leakage, NHI7 long-lived secrets, NHI9 reuse… */
  owasp: OwaspNhiId;
  /** One-line remediation hint. */
  remediation: string;
}

/** What a finding says about the rule that produced it. */
export interface RuleMeta extends RuleInfo {
  /**
   * Which rule wins when two report the same text: 2 provider-specific, 1 a format shared by many
   * providers (JWT, PEM keys, connection URLs), 0 generic name/value rules.
   */
  precedence: 0 | 1 | 2;
}
