/**
 * Line-preserving edits for CI scripts and job maps that the shared YAML edits do not cover:
 * insert or replace entries of a block sequence (a `script:` list), append to a map at the end
 * of a file without a final line break, and give a GitLab job an `id_tokens:` entry.
 */
import { isMap, isScalar, isSeq, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { TextEdit } from '../../types';
import { appendToMap, eol, indentUnit, mapIndent, prependToMap, removePair } from '../yamlEdits';
import { getPair, keyOf, type YamlFile } from '../yamlFile';

function lineOf(f: YamlFile, offset: number): number {
  return f.lines.linePos(offset).line - 1;
}

function lineText(f: YamlFile, line: number): string {
  const start = f.lines.lineStarts[line] ?? f.text.length;
  const next = f.lines.lineStarts[line + 1];
  return f.text.slice(start, next === undefined ? f.text.length : next).replace(/\r?\n$/, '');
}

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

/** appendToMap, also when the map ends the file without a final line break. */
export function appendLines(f: YamlFile, map: YAMLMap, lines: string[]): TextEdit | undefined {
  const e = appendToMap(f, map, lines);
  if (!e) return undefined;
  // Inserting after a last line that has no line break: start with one.
  if (e.range.startLine >= f.lines.lineStarts.length && !/\n$/.test(f.text)) return { ...e, newText: eol(f) + e.newText };
  return e;
}

/** Removes a block pair; when it is the only entry of its map, removes the map's own pair instead. */
export function removeEntry(f: YamlFile, owner: YAMLMap | undefined, ownerKey: string, map: YAMLMap, pair: Pair): TextEdit | undefined {
  if (map.items.length > 1) return removePair(f, pair);
  const own = owner && getPair(owner, ownerKey);
  return own && own.value === map ? removePair(f, own) : undefined;
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
    const e = mapIndent(f, v) === undefined ? undefined : appendLines(f, v, [`${name}:`, `${pad}aud: ${aud}`]);
    return e ? { ok: true, edit: e } : { ok: false };
  }
  const e = job.items.length ? appendLines(f, job, ['id_tokens:', `${pad}${name}:`, `${pad}${pad}aud: ${aud}`]) : undefined;
  return e ? { ok: true, edit: e } : { ok: false };
}

/** Inserts top-level lines before the first key of the root map. */
export function prependToRoot(f: YamlFile, root: YAMLMap, lines: string[]): TextEdit | undefined {
  return prependToMap(f, root, lines);
}
