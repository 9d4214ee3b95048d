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
}
