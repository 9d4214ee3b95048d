/**
 * Line-based edits of block-style YAML that keep every unrelated line byte-identical: replace or
 * remove key/value pairs, insert entries into a map at its own indentation.
 */
import { isMap, type Pair, type YAMLMap } from 'yaml';
import type { Range, TextEdit } from '../types';
import { getPair, keyOf, type YamlFile } from './yamlFile';

export function lineOf(f: YamlFile, offset: number): number {
  return f.lines.linePos(offset).line - 1;
}

export function lineText(f: YamlFile, line: number): string {
  const start = f.lines.lineStarts[line] ?? f.text.length;
  const next = f.lines.lineStarts[line + 1];
  return f.text.slice(start, next === undefined ? f.text.length : next).replace(/\r?\n$/, '');
}

export function indentOf(f: YamlFile, line: number): string {
  return /^[ \t]*/.exec(lineText(f, line))![0];
}

/** Line break used by the file. */
export function eol(f: YamlFile): string {
  return f.text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * The whole lines a block pair occupies: from its key's line to the last line of its value.
 * Undefined when the pair shares its first line with something else (flow style, `- key:` items).
 */
export function pairLines(f: YamlFile, pair: Pair): { first: number; last: number } | undefined {
  const k = (pair.key as { range?: number[] } | null)?.range;
  if (!k) return undefined;
  const first = lineOf(f, k[0]);
  const before = lineText(f, first).slice(0, f.lines.linePos(k[0]).col - 1);
  if (before.trim() !== '' && before.trim() !== '-') return undefined;
  const v = (pair.value as { range?: number[] } | null)?.range;
  let endOffset = v ? v[1] : k[1];
  // A block value's range ends at the start of the next line; step back into the value.
  while (endOffset > k[0] && (f.text[endOffset - 1] === '\n' || f.text[endOffset - 1] === '\r')) endOffset--;
  return { first, last: lineOf(f, Math.max(k[0], endOffset - 1)) };
}

function wholeLines(first: number, last: number): Range {
  return { startLine: first, startColumn: 0, endLine: last + 1, endColumn: 0 };
}

/** Deletes a block pair's lines. */
export function removePair(f: YamlFile, pair: Pair): TextEdit | undefined {
  const lines = pairLines(f, pair);
  if (!lines) return undefined;
  if (/^\s*-\s/.test(lineText(f, lines.first))) return undefined; // first key of a sequence item: keep the dash
  return { range: wholeLines(lines.first, lines.last), newText: '' };
}

/** Replaces a block pair's lines by `key: value` lines at the pair's indentation. */
export function replacePair(f: YamlFile, pair: Pair, entries: Array<[string, string]>): TextEdit | undefined {
  const lines = pairLines(f, pair);
  if (!lines) return undefined;
  const first = lineText(f, lines.first);
  const lead = /^[ \t]*(?:-[ \t]+)?/.exec(first)![0];
  const indent = ' '.repeat(lead.length);
  const nl = eol(f);
  const text = entries.map(([k, v], i) => `${i === 0 ? lead : indent}${k}: ${v}${nl}`).join('');
  return { range: wholeLines(lines.first, lines.last), newText: text };
}

/** Column of the keys of a block map (undefined for flow or empty maps). */
export function mapIndent(f: YamlFile, map: YAMLMap): number | undefined {
  const first = map.items[0];
  const k = (first?.key as { range?: number[] } | null)?.range;
  if (!k || map.flow) return undefined;
  return f.lines.linePos(k[0]).col - 1;
}

/** Inserts `key: value` lines (nested lines allowed) after the last entry of a block map. */
export function appendToMap(f: YamlFile, map: YAMLMap, lines: string[]): TextEdit | undefined {
  const col = mapIndent(f, map);
  const last = map.items[map.items.length - 1];
  const span = last && pairLines(f, last);
  if (col === undefined || !span) return undefined;
  const nl = eol(f);
  const pad = ' '.repeat(col);
  const body = lines.map((l) => pad + l + nl).join('');
  // At the end of a file without a final line break, start a new line instead of joining the last one.
  if (span.last + 1 >= f.lines.lineStarts.length && !f.text.endsWith('\n')) {
    return { range: { startLine: span.last + 1, startColumn: 0, endLine: span.last + 1, endColumn: 0 }, newText: nl + body.slice(0, -nl.length) };
  }
  return { range: { startLine: span.last + 1, startColumn: 0, endLine: span.last + 1, endColumn: 0 }, newText: body };
}

/** Inserts lines before the first entry of a block map, at its indentation. */
export function prependToMap(f: YamlFile, map: YAMLMap, lines: string[]): TextEdit | undefined {
  const col = mapIndent(f, map);
  const first = map.items[0];
  const span = first && pairLines(f, first);
  if (col === undefined || !span) return undefined;
  if (/^\s*-\s/.test(lineText(f, span.first))) return undefined;
  const nl = eol(f);
  const pad = ' '.repeat(col);
  return { range: { startLine: span.first, startColumn: 0, endLine: span.first, endColumn: 0 }, newText: lines.map((l) => pad + l + nl).join('') };
}

/** The indentation step the file uses (difference between a map and its children), default 2. */
export function indentUnit(f: YamlFile, parent: YAMLMap, child: YAMLMap): number {
  const a = mapIndent(f, parent);
  const b = mapIndent(f, child);
  return a !== undefined && b !== undefined && b > a ? b - a : 2;
}

/**
 * Makes sure a GitHub Actions job may request an OIDC token: adds `id-token: write` to the job's
 * `permissions:` (creating the block, seeded with the workflow-level permissions so nothing else
 * changes for the job). Returns no edit when the job already has it.
 */
export function ensureIdTokenWrite(f: YamlFile, workflow: YAMLMap, job: YAMLMap, unit: number): TextEdit | undefined {
  const perms = getPair(job, 'permissions');
  if (perms) {
    const v = perms.value;
    if (isMap(v)) {
      const existing = getPair(v, 'id-token');
      if (existing) return String((existing.value as { value?: unknown })?.value) === 'write' ? undefined : replacePair(f, existing, [['id-token', 'write']]);
      return appendToMap(f, v, ['id-token: write']);
    }
    const scalar = String((v as { value?: unknown })?.value ?? '');
    if (scalar === 'write-all') return undefined;
    return replacePair(f, perms, [['permissions', `{ contents: read, id-token: write }`]]);
  }
  const inherited = getPair(workflow, 'permissions');
  const seed: string[] = [];
  if (inherited && isMap(inherited.value)) {
    for (const p of inherited.value.items) if (keyOf(p) !== 'id-token') seed.push(`${keyOf(p)}: ${String((p.value as { value?: unknown })?.value)}`);
  } else if (inherited && String((inherited.value as { value?: unknown })?.value) === 'write-all') {
    return undefined;
  } else {
    seed.push('contents: read');
  }
  const pad = ' '.repeat(unit);
  return prependToMap(f, job, ['permissions:', ...[...seed, 'id-token: write'].map((l) => pad + l)]);
}

/**
 * Inserts a new block-sequence item before `item` (a map that is itself an item of a `- ` list),
 * at the same dash indentation: `lines[0]` follows the dash, the rest align with it.
 */
export function insertItemBefore(f: YamlFile, item: YAMLMap, lines: string[]): TextEdit | undefined {
  const first = item.items[0];
  const k = (first?.key as { range?: number[] } | null)?.range;
  if (!k || item.flow) return undefined;
  const line = lineOf(f, k[0]);
  const m = /^([ \t]*)-([ \t]+)/.exec(lineText(f, line));
  if (!m) return undefined;
  const nl = eol(f);
  const inner = ' '.repeat(m[1].length + 1 + m[2].length);
  const text = lines.map((l, i) => (i === 0 ? `${m[1]}-${m[2]}${l}` : `${inner}${l}`) + nl).join('');
  return { range: { startLine: line, startColumn: 0, endLine: line, endColumn: 0 }, newText: text };
}

/** Removes a block pair; when it is the only entry of its map, removes the map's own pair instead. */
export function removeEntry(f: YamlFile, owner: YAMLMap | undefined, ownerKey: string, map: YAMLMap, pair: Pair): TextEdit | undefined {
  if (map.items.length > 1) return removePair(f, pair);
  const own = owner && getPair(owner, ownerKey);
  return own && own.value === map ? removePair(f, own) : undefined;
}
