/** The literal a fix works on: the finding's offsets in the text, and helpers to edit around it. */
import { LineIndex } from '../../detect/location';
import type { Finding, TextEdit } from '../../types';
import type { VaultProvider } from './providers';

export interface Literal {
  text: string;
  finding: Finding;
  provider: VaultProvider;
  /** Secret name the user chose, if any. */
  chosenName?: string;
  /** Offsets of the secret itself, `[start, end)`. */
  start: number;
  end: number;
  idx: LineIndex;
  /** Line break the file uses. */
  nl: string;
}

export function literalOf(text: string, finding: Finding, provider: VaultProvider, chosenName?: string): Literal | undefined {
  const { startLine, startColumn, endLine, endColumn } = finding.range;
  if (startLine !== endLine || endColumn <= startColumn) return undefined;
  const idx = new LineIndex(text);
  if (endColumn > idx.lineText(startLine).length) return undefined;
  const start = idx.offsetOf(startLine, startColumn);
  return { text, finding, provider, chosenName, start, end: start + (endColumn - startColumn), idx, nl: text.includes('\r\n') ? '\r\n' : '\n' };
}

/** Replaces `[start, end)` by `newText`. */
export function replace(lit: Literal, start: number, end: number, newText: string): TextEdit {
  return { range: lit.idx.range(start, end), newText };
}

/** Appends `block` at the end of the file, after a blank line (a line break first if the file lacks one). */
export function appendBlock(lit: Literal, block: string, separator: string): TextEdit {
  const { text, nl } = lit;
  const lead = text.length === 0 ? '' : text.endsWith('\n') ? separator : nl + separator;
  const at = lit.idx.range(text.length, text.length);
  return { range: at, newText: lead + block };
}
