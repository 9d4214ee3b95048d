/**
 * Re-analysis of a document being edited. A keystroke changes a few characters of a file that may
 * hold 10,000 lines; rescanning only a window around the change gives the same findings as a full
 * scan, for a fraction of the work, whenever that is sound:
 * - the file is plain text or code (no pipeline/infrastructure analyzer reads it whole, no notebook
 *   or YAML document structure), and
 * - the window is widened so that every rule that looks past its own line (private keys, up to
 *   `MAX_LOOKAHEAD` characters) still sees what it saw, and inline suppressions on the line above
 *   are in view.
 * Otherwise it falls back to the full analysis. A property test checks window == full on random
 * edits.
 */
import { analyzeText, literalUses, type FileAnalysis } from '../analyzeFile';
import { analyzerFor } from '../ci/registry';
import { scanText, type ScanOptions } from '../detect/engine';
import { PROVIDER_RULES } from '../rules';
import { languageOf } from '../syntax/language';
import type { Finding } from '../types';

/** Lines of context rescanned on each side of the change (name/value rules read a line; a suppression reads the line above). */
const CONTEXT_LINES = 2;
/** Below this size a full analysis is cheap enough that the window bookkeeping does not pay. */
const DEFAULT_MIN_INCREMENTAL_CHARS = 32 * 1024;

export interface DocumentUpdate extends FileAnalysis {
  mode: 'full' | 'window';
  /** Characters the engine read for this update. */
  scannedChars: number;
}

export interface DocumentAnalyzerOptions {
  /** Documents smaller than this are always analysed whole. */
  minIncrementalChars?: number;
}

/** How far a rule may read past the end of the line it starts on (the largest `multiline`). */
export function maxLookahead(rules = PROVIDER_RULES): number {
  let max = 0;
  for (const r of rules) if (r.multiline && r.multiline > max) max = r.multiline;
  return max;
}

/** Offsets where lines start. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Index of the line holding `offset`. */
function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The changed span: common prefix length, and the ends of the differing middles in old and new. */
export function changedSpan(oldText: string, newText: string): { start: number; oldEnd: number; newEnd: number } {
  const min = Math.min(oldText.length, newText.length);
  let p = 0;
  while (p < min && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
  let s = 0;
  while (s < min - p && oldText.charCodeAt(oldText.length - 1 - s) === newText.charCodeAt(newText.length - 1 - s)) s++;
  return { start: p, oldEnd: oldText.length - s, newEnd: newText.length - s };
}

export class DocumentAnalyzer {
  private text: string | undefined;
  private starts: number[] = [];
  private findings: Finding[] = [];
  private readonly lookahead: number;
  private readonly minChars: number;

  constructor(
    readonly path: string,
    private readonly options: ScanOptions = {},
    tuning: DocumentAnalyzerOptions = {},
  ) {
    this.lookahead = maxLookahead(options.rules ?? PROVIDER_RULES);
    this.minChars = tuning.minIncrementalChars ?? DEFAULT_MIN_INCREMENTAL_CHARS;
  }

  /** Whether a window rescan gives the full scan's answer for this path and text. */
  private windowable(text: string): boolean {
    const lang = languageOf(this.path);
    if (lang === 'notebook' || lang === 'yaml') return false; // whole-document structure (cells, Kubernetes Secret data)
    return analyzerFor(this.path, text) === undefined;
  }

  /** Analyses `text`, reusing the previous analysis of this document where sound. */
  update(text: string): DocumentUpdate {
    const previous = this.text;
    if (previous === undefined || text.length < this.minChars || !this.windowable(text) || !this.windowable(previous)) {
      return this.full(text);
    }
    if (previous === text) return { findings: this.findings, uses: literalUses(this.findings), mode: 'window', scannedChars: 0 };
    const span = changedSpan(previous, text);
    const oldStarts = this.starts;
    const newStarts = lineStartsOf(text);
    const lineDelta = newStarts.length - oldStarts.length;

    // Window in new-text lines: from far enough back that a multi-line rule starting there is seen
    // whole, to a few lines past the change.
    let first = Math.max(0, lineAt(newStarts, Math.max(0, span.start - this.lookahead)) - CONTEXT_LINES);
    const last = Math.min(newStarts.length - 1, lineAt(newStarts, span.newEnd) + CONTEXT_LINES);
    const oldLast = lineAt(oldStarts, span.oldEnd) + CONTEXT_LINES;
    // A finding that starts before the window and reaches into it is rescanned too, so overlap
    // resolution sees it beside the new candidates.
    for (const f of this.findings) {
      if (f.range.startLine < first && f.range.endLine >= first) first = f.range.startLine;
    }
    first = Math.max(0, first);
    // One extra line above, so a suppression comment on the line above the first line is read.
    const scanFromLine = Math.max(0, first - 1);
    const from = newStarts[scanFromLine];
    const lastLineEnd = last + 1 < newStarts.length ? newStarts[last + 1] : text.length;
    const to = Math.min(text.length, lastLineEnd + this.lookahead);
    const windowText = text.slice(from, text.indexOf('\n', to) === -1 ? text.length : text.indexOf('\n', to));

    const fresh: Finding[] = [];
    for (const f of scanText(windowText, this.path, this.options)) {
      const startLine = f.range.startLine + scanFromLine;
      if (startLine < first || startLine > last) continue;
      fresh.push({ ...f, range: { ...f.range, startLine, endLine: f.range.endLine + scanFromLine } });
    }
    const before = this.findings.filter((f) => f.range.startLine < first);
    const after = this.findings
      .filter((f) => f.range.startLine > oldLast)
      .map((f) => ({ ...f, range: { ...f.range, startLine: f.range.startLine + lineDelta, endLine: f.range.endLine + lineDelta } }));
    const findings = [...before, ...fresh, ...after];
    this.text = text;
    this.starts = newStarts;
    this.findings = findings;
    return { findings, uses: literalUses(findings), mode: 'window', scannedChars: windowText.length };
  }

  /** Forget the previous text (the next update analyses the whole document). */
  reset(): void {
    this.text = undefined;
    this.findings = [];
  }

  private full(text: string): DocumentUpdate {
    const analysis = analyzeText(text, this.path, this.options);
    this.text = text;
    this.starts = lineStartsOf(text);
    // Only engine findings are reused by a window update; CI findings come with a full analysis.
    this.findings = analysis.findings;
    return { ...analysis, mode: 'full', scannedChars: text.length };
  }
}
