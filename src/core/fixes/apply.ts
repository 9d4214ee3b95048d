import type { Range, TextEdit } from '../types';

function offsetOf(lineStarts: number[], text: string, line: number, column: number): number {
  if (line >= lineStarts.length) return text.length;
  return Math.min(lineStarts[line] + column, text.length);
}

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Ranges overlap (touching ends do not). */
export function overlaps(a: Range, b: Range): boolean {
  const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 <= c2);
  return !(before(a.endLine, a.endColumn, b.startLine, b.startColumn) || before(b.endLine, b.endColumn, a.startLine, a.startColumn));
}

/**
 * Applies non-overlapping edits (any order) and returns the new text. Throws on overlap, which
 * would mean a fix was computed wrongly.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = lineStartsOf(text);
  const resolved = edits
    .map((e) => ({ start: offsetOf(starts, text, e.range.startLine, e.range.startColumn), end: offsetOf(starts, text, e.range.endLine, e.range.endColumn), newText: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < resolved.length; i++) {
    if (resolved[i].start < resolved[i - 1].end) throw new Error('overlapping edits');
  }
  let out = '';
  let at = 0;
  for (const e of resolved) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}
