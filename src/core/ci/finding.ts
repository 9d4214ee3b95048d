import { fingerprint } from '../detect/fingerprint';
import type { Finding } from '../types';
import type { CiCandidate } from './types';

/** Masks and shapes a CI candidate as a Finding (no secret value is involved). */
export function ciFinding(c: CiCandidate, path: string, lines: readonly string[], key?: string): Finding {
  const snippet = c.range.startLine === c.range.endLine ? (lines[c.range.startLine] ?? '').slice(c.range.startColumn, c.range.endColumn) : (lines[c.range.startLine] ?? '').trim();
  const source = c.fingerprintSource ?? c.identity ?? snippet;
  const f: Finding = {
    ruleId: c.meta.id,
    kind: c.meta.kind,
    provider: c.meta.provider,
    title: c.message ?? c.meta.title,
    severity: c.meta.severity,
    confidence: c.confidence ?? 'high',
    path,
    range: c.range,
    redacted: '',
    fingerprint: fingerprint(`${c.meta.id}|${source}`, key),
    owasp: c.meta.owasp,
    remediation: c.meta.remediation,
  };
  if (c.identity) f.identity = c.identity;
  if (c.related?.length) f.related = c.related;
  if (c.fixes?.length) f.fixes = c.fixes;
  return f;
}
