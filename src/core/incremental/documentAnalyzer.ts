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

/** Keywords of the rules that read past their line: only lines holding one can start such a match. */
function multilineKeywords(rules = PROVIDER_RULES): string[] {
  return [...new Set(rules.filter((r) => r.multiline).flatMap((r) => r.keywords))];
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

/** Length of the common prefix of `a` and `b`, compared a block at a time (native compares, not a char loop). */
function commonPrefix(a: string, b: string): number {
  const min = Math.min(a.length, b.length);
  let p = 0;
  for (let block = 4096; block >= 1; block >>= 3) {
    while (p + block <= min && a.slice(p, p + block) === b.slice(p, p + block)) p += block;
  }
  while (p < min && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}

function commonSuffix(a: string, b: string, limit: number): number {
  let s = 0;
  for (let block = 4096; block >= 1; block >>= 3) {
    while (s + block <= limit && a.slice(a.length - s - block, a.length - s) === b.slice(b.length - s - block, b.length - s)) s += block;
  }
  while (s < limit && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return s;
}

/** The changed span: common prefix length, and the ends of the differing middles in old and new. */
export function changedSpan(oldText: string, newText: string): { start: number; oldEnd: number; newEnd: number } {
  const p = commonPrefix(oldText, newText);
  const s = commonSuffix(oldText, newText, Math.min(oldText.length, newText.length) - p);
  return { start: p, oldEnd: oldText.length - s, newEnd: newText.length - s };
}

export class DocumentAnalyzer {
  private text: string | undefined;
  /** Whether `text` could take a window update (computed once per accepted text). */
  private textWindowable = false;
  /** The last text `needsFull` looked at, and its answer: callers ask, then update, with one text. */
  private asked: { text: string; full: boolean } | undefined;
  private starts: number[] = [];
  private findings: Finding[] = [];
  private readonly lookahead: number;
  private readonly lookaheadKeywords: string[];
  private readonly minChars: number;

  constructor(
    readonly path: string,
    private readonly options: ScanOptions = {},
    tuning: DocumentAnalyzerOptions = {},
  ) {
    this.lookahead = maxLookahead(options.rules ?? PROVIDER_RULES);
    this.lookaheadKeywords = multilineKeywords(options.rules ?? PROVIDER_RULES);
    this.minChars = tuning.minIncrementalChars ?? DEFAULT_MIN_INCREMENTAL_CHARS;
  }

  /** Whether a window rescan gives the full scan's answer for this path and text. */
  private windowable(text: string): boolean {
    const lang = languageOf(this.path);
    if (lang === 'notebook' || lang === 'yaml') return false; // whole-document structure (cells, Kubernetes Secret data)
    return analyzerFor(this.path, text) === undefined;
  }

  /** Whether `update(text)` would analyse the whole document (callers may do that elsewhere, then `accept`). */
  needsFull(text: string): boolean {
    const previous = this.text;
    if (this.asked?.text === text) return this.asked.full;
    const full = previous === undefined || text.length < this.minChars || !this.textWindowable || !this.windowable(text);
    this.asked = { text, full };
    return full;
  }

  /** Installs a full analysis of `text` computed elsewhere (a worker thread), as if `update` had run it. */
  accept(text: string, analysis: FileAnalysis): DocumentUpdate {
    this.text = text;
    this.textWindowable = text.length >= this.minChars && this.windowable(text);
    this.starts = lineStartsOf(text);
    this.findings = analysis.findings;
    return { ...analysis, mode: 'full', scannedChars: text.length };
  }

  /** Analyses `text`, reusing the previous analysis of this document where sound. */
  update(text: string): DocumentUpdate {
    const previous = this.text;
    if (this.needsFull(text)) return this.full(text);
    if (previous === undefined) return this.full(text);
    if (previous === text) return { findings: this.findings, uses: literalUses(this.findings), mode: 'window', scannedChars: 0 };
    const span = changedSpan(previous, text);
    const oldStarts = this.starts;
    const newStarts = lineStartsOf(text);
    const lineDelta = newStarts.length - oldStarts.length;

    // Window in new-text lines: a few lines around the change, widened back to the first line
    // within reach (`lookahead`) that could start a multi-line match running into the change.
    const reachFrom = Math.max(0, span.start - this.lookahead);
    const reach = this.firstKeyword(text, reachFrom, span.start);
    let first = Math.max(0, lineAt(newStarts, reach ?? span.start) - CONTEXT_LINES);
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
    // A multi-line match that starts inside the window may run past it: read on as far as it can reach.
    const runsOn = this.firstKeyword(text, from, lastLineEnd) !== undefined;
    const to = runsOn ? Math.min(text.length, lastLineEnd + this.lookahead) : lastLineEnd;
    const nextBreak = text.indexOf('\n', to);
    const windowText = text.slice(from, runsOn && nextBreak !== -1 ? nextBreak : to);

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
    this.textWindowable = true; // needsFull(text) said so
    this.starts = newStarts;
    this.findings = findings;
    return { findings, uses: literalUses(findings), mode: 'window', scannedChars: windowText.length };
  }

  /** Offset of the first multi-line rule keyword in text[from, to), case-insensitively. */
  private firstKeyword(text: string, from: number, to: number): number | undefined {
    if (to <= from || this.lookaheadKeywords.length === 0) return undefined;
    const segment = text.slice(from, to).toLowerCase();
    let best: number | undefined;
    for (const k of this.lookaheadKeywords) {
      const i = segment.indexOf(k);
      if (i !== -1 && (best === undefined || i < best)) best = i;
    }
    return best === undefined ? undefined : from + best;
  }

  /** Forget the previous text (the next update analyses the whole document). */
  reset(): void {
    this.text = undefined;
    this.findings = [];
  }

  private full(text: string): DocumentUpdate {
    const analysis = analyzeText(text, this.path, this.options);
    this.text = text;
    this.textWindowable = text.length >= this.minChars && this.windowable(text);
    this.starts = lineStartsOf(text);
    // Only engine findings are reused by a window update; CI findings come with a full analysis.
    this.findings = analysis.findings;
    return { ...analysis, mode: 'full', scannedChars: text.length };
  }
}
