import type { OwaspNhiId, Severity } from '../types';

/** What a finding says about the rule that produced it. */
export interface RuleMeta {
  id: string;
  kind: string;
  provider: string;
  title: string;
  severity: Severity;
  owasp: OwaspNhiId;
  remediation: string;
  /**
   * Which rule wins when two report the same text: 2 provider-specific, 1 a format shared by many
   * providers (JWT, PEM keys, connection URLs), 0 generic name/value rules.
   */
  precedence: 0 | 1 | 2;
}
