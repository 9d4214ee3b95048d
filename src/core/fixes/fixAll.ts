/**
 * "Fix all in the file": every finding's first fix, ordered by position, dropping any edit that
 * overlaps one already taken, so the result applies cleanly in one go.
 */
import type { Fix, TextEdit } from '../types';
import { overlaps } from './apply';

function before(a: TextEdit, b: TextEdit): number {
  return a.range.startLine - b.range.startLine || a.range.startColumn - b.range.startColumn || a.range.endLine - b.range.endLine || a.range.endColumn - b.range.endColumn;
}

/** Edits of whole fixes (a fix is taken entirely or not at all), non-overlapping, in order. */
export function combineFixes(fixes: readonly Fix[]): TextEdit[] {
  const taken: TextEdit[] = [];
  for (const fix of fixes) {
    if (fix.edits.some((e) => taken.some((t) => overlaps(e.range, t.range) || sameInsertionPoint(e, t)))) continue;
    taken.push(...fix.edits);
  }
  return taken.sort(before);
}

/** Two insertions at one point would interleave unpredictably: treat them as overlapping. */
function sameInsertionPoint(a: TextEdit, b: TextEdit): boolean {
  const empty = (e: TextEdit) => e.range.startLine === e.range.endLine && e.range.startColumn === e.range.endColumn;
  return empty(a) && empty(b) && a.range.startLine === b.range.startLine && a.range.startColumn === b.range.startColumn;
}
