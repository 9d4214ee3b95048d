/**
 * Line-preserving edits for CI scripts and job maps that the shared YAML edits do not cover:
 * insert or replace entries of a block sequence (a `script:` list), append to a map at the end
 * of a file without a final line break, and give a GitLab job an `id_tokens:` entry.
 */
import { isMap, isScalar, isSeq, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { TextEdit } from '../../types';
import { appendToMap, eol, indentUnit, lineOf, lineText, mapIndent, prependToMap, removePair } from '../yamlEdits';
export { removeEntry } from '../yamlEdits';
import { getPair, keyOf, type YamlFile } from '../yamlFile';

/** A block-sequence item that is a plain or quoted scalar alone on its line (`  - cmd`): its line and dash prefix. */
function itemLine(f: YamlFile, item: unknown): { line: number; lead: string } | undefined {
  if (!isScalar(item) || !item.range) return undefined;
  if (item.type === 'BLOCK_LITERAL' || item.type === 'BLOCK_FOLDED') return undefined;
  const line = lineOf(f, item.range[0]);
  if (lineOf(f, Math.max(item.range[0], item.range[1] - 1)) !== line) return undefined;
  const text = lineText(f, line);
  const col = f.lines.linePos(item.range[0]).col - 1;
  const lead = text.slice(0, col);
  if (!/^[ \t]*-[ \t]+$/.test(lead)) return undefined;
  const rest = text.slice(f.lines.linePos(item.range[1]).col - 1);
  if (rest.trim() !== '' && !/^\s+#/.test(rest)) return undefined;
  return { line, lead };
}

/** Inserts `- item` lines before the first entry of a block sequence, at its indentation. */
export function prependToSeq(f: YamlFile, seq: unknown, items: string[]): TextEdit | undefined {
  if (!isSeq(seq) || seq.flow || !seq.items.length) return undefined;
  const first = seq.items[0] as { range?: number[] } | null;
  if (!first?.range) return undefined;
  const line = lineOf(f, first.range[0]);
  const text = lineText(f, line);
  const m = /^([ \t]*)-[ \t]+/.exec(text);
  if (!m || f.lines.linePos(first.range[0]).col - 1 !== m[0].length) return undefined;
  const nl = eol(f);
  return { range: { startLine: line, startColumn: 0, endLine: line, endColumn: 0 }, newText: items.map((i) => `${m[1]}- ${i}${nl}`).join('') };
}

/** Replaces one single-line sequence entry by `- item` lines. */
export function replaceSeqItem(f: YamlFile, item: Scalar, items: string[]): TextEdit | undefined {
  const at = itemLine(f, item);
  if (!at) return undefined;
  const nl = eol(f);
  const pad = at.lead.replace(/-[ \t]+$/, '');
  return { range: { startLine: at.line, startColumn: 0, endLine: at.line + 1, endColumn: 0 }, newText: items.map((i) => `${pad}- ${i}${nl}`).join('') };
}


/**
 * Gives a job (or `default:`) an ID token `name` with audience `aud`. `undefined` edit with
 * ok=true when it already has one of that name; ok=false when the map cannot be edited line by line.
 */
export function ensureIdToken(f: YamlFile, parent: YAMLMap, job: YAMLMap, name: string, aud: string): { ok: boolean; edit?: TextEdit } {
  const unit = indentUnit(f, parent, job);
  const pad = ' '.repeat(unit);
  const existing = getPair(job, 'id_tokens');
  if (existing) {
    const v = existing.value;
    if (!isMap(v)) return { ok: false };
    if (v.items.some((p) => keyOf(p) === name)) return { ok: true };
    const e = mapIndent(f, v) === undefined ? undefined : appendToMap(f, v, [`${name}:`, `${pad}aud: ${aud}`]);
    return e ? { ok: true, edit: e } : { ok: false };
  }
  const e = job.items.length ? appendToMap(f, job, ['id_tokens:', `${pad}${name}:`, `${pad}${pad}aud: ${aud}`]) : undefined;
  return e ? { ok: true, edit: e } : { ok: false };
}

/** Inserts top-level lines before the first key of the root map. */
export function prependToRoot(f: YamlFile, root: YAMLMap, lines: string[]): TextEdit | undefined {
  return prependToMap(f, root, lines);
}
