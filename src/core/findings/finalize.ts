import type { Confidence, Finding, Severity } from '../types';
import type { RuleMeta } from '../detect/ruleMeta';
import { LineIndex } from '../detect/location';
import { fingerprint, redact } from '../detect/fingerprint';
import { hasSuppressionMarker, inlineSuppression } from './suppress';
import { compareFindings } from './sort';

/** A match before it becomes a finding: offsets into the scanned text and the secret itself. */
export interface Candidate {
  meta: RuleMeta;
  start: number;
  end: number;
  secret: string;
  confidence: Confidence;
  notes: string[];
  context?: Finding['context'];
}

export interface FinalizeOptions {
  fingerprintKey?: string;
  disabledRules?: Iterable<string>;
  severityOverrides?: Record<string, Severity>;
  includeSuppressed?: boolean;
  testPath: boolean;
}

const LOWER: Record<Confidence, Confidence> = { high: 'medium', medium: 'low', low: 'low' };

/** Intervals sorted by start with the running maximum of their ends: "does anything overlap [s, e)?" in log time. */
class IntervalIndex {
  private readonly starts: number[];
  private readonly maxEnd: number[];
  constructor(intervals: Array<{ start: number; end: number }>) {
    const sorted = [...intervals].sort((a, b) => a.start - b.start);
    this.starts = sorted.map((i) => i.start);
    let m = -Infinity;
    this.maxEnd = sorted.map((i) => (m = Math.max(m, i.end)));
  }
  overlaps(start: number, end: number): boolean {
    let lo = 0;
    let hi = this.starts.length - 1;
    let last = -1; // last interval starting before `end`
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < end) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return last >= 0 && this.maxEnd[last] > start;
  }
}

/**
 * When rules report overlapping text, the most specific wins (provider-specific over shared formats
 * over generic name/value rules); the same rule or an equal one on the same range reports once.
 * Level by level, so a file with tens of thousands of findings stays O(n log n).
 */
function dedupe(candidates: Candidate[]): Candidate[] {
  const kept: Candidate[] = [];
  for (const level of [2, 1, 0] as const) {
    const higher = new IntervalIndex(kept);
    const sameRange = new Set<string>();
    for (const c of candidates) {
      if (c.meta.precedence !== level) continue;
      const key = `${c.start}:${c.end}`;
      if (sameRange.has(key) || higher.overlaps(c.start, c.end)) continue;
      sameRange.add(key);
      kept.push(c);
    }
  }
  return kept;
}

/**
 * Turns candidates into findings, in this order:
 * 1. dedupe (the most specific rule wins on overlapping text),
 * 2. drop disabled rules, apply severity overrides,
 * 3. inline suppression (`nhi-lens-ignore`), kept only with `includeSuppressed`,
 * 4. lower confidence on test and fixture paths,
 * 5. mask: range, redacted preview and keyed fingerprint replace the secret,
 * 6. sort by position, then rule id.
 */
export function finalizeFindings(text: string, path: string, candidates: Candidate[], opts: FinalizeOptions): Finding[] {
  if (candidates.length === 0) return [];
  const disabled = new Set(opts.disabledRules ?? []);
  const lines = new LineIndex(text);
  const checkSuppression = hasSuppressionMarker(text);
  const findings: Finding[] = [];
  for (const c of dedupe(candidates)) {
    if (disabled.has(c.meta.id)) continue;
    const range = lines.range(c.start, c.end);
    let suppressed: Finding['suppressed'];
    if (checkSuppression) {
      const line = lines.lineText(range.startLine);
      const previous = range.startLine > 0 ? lines.lineText(range.startLine - 1) : undefined;
      suppressed = inlineSuppression(line, previous, c.meta.id);
      if (suppressed && !opts.includeSuppressed) continue;
    }
    const notes = [...c.notes];
    let confidence = c.confidence;
    if (opts.testPath) {
      confidence = LOWER[confidence];
      notes.push('test, fixture or documentation path');
    }
    const finding: Finding = {
      ruleId: c.meta.id,
      kind: c.meta.kind,
      provider: c.meta.provider,
      title: c.meta.title,
      severity: opts.severityOverrides?.[c.meta.id] ?? c.meta.severity,
      confidence,
      path,
      range,
      redacted: redact(c.secret),
      fingerprint: fingerprint(c.secret, opts.fingerprintKey),
      owasp: c.meta.owasp,
      remediation: c.meta.remediation,
    };
    if (notes.length) finding.notes = notes;
    if (c.context) finding.context = c.context;
    if (suppressed) finding.suppressed = suppressed;
    findings.push(finding);
  }
  return findings.sort(compareFindings);
}
