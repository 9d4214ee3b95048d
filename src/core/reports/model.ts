import type { Finding } from '../types';
import type { SkippedFile } from '../scan';
import type { IdentityGraph } from '../identities/graph';

/** Everything a report renders. Findings are already masked (no secret values anywhere). */
export interface ReportInput {
  findings: Finding[];
  identities?: IdentityGraph;
  skipped?: SkippedFile[];
  stats?: { files: number; bytes: number; skipped: number; durationMs: number };
  tool: { name: string; version: string; informationUri: string };
  /** Absolute directory that finding paths are relative to (SARIF's %SRCROOT%). */
  root?: string;
}

export const RULE_DOCS_BASE = 'https://github.com/nhi-lens/nhi-lens/blob/main/docs/rules.md';

export function ruleHelpUri(ruleId: string): string {
  return `${RULE_DOCS_BASE}#${ruleId}`;
}

export const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'] as const;

export function countBy<T extends string>(items: Finding[], key: (f: Finding) => T): Map<T, number> {
  const m = new Map<T, number>();
  for (const f of items) m.set(key(f), (m.get(key(f)) ?? 0) + 1);
  return m;
}

/** What a finding is about, for one-line output: the redacted value, or the identity's name. */
export function subject(f: Finding): string {
  if (f.redacted) return `[${f.redacted}]`;
  return f.identity ? `(${f.identity})` : '';
}

/** 1-based `path:line:col` as editors and terminals link it. */
export function location(f: Finding): string {
  return `${f.path}:${f.range.startLine + 1}:${f.range.startColumn + 1}`;
}
