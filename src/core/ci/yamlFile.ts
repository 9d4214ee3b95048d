/**
 * YAML with source positions: every node maps to an exact 0-based range, so findings and edits
 * point at the node. Parse errors come back as one located error, never a throw.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Range } from '../types';

export interface YamlFile {
  path: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

export type ParsedYaml = { ok: true; file: YamlFile } | { ok: false; message: string; range: Range; refused?: boolean };

/** Pipelines are small; beyond this a YAML file is not read as one. */
export const MAX_YAML_BYTES = 512 * 1024;

/**
 * Why a text is not safe to hand to the YAML parser, if it is not: the parser's time grows with the
 * square of some adversarial inputs (runs of quotes, deep flow nesting), so they are refused up front.
 */
export function yamlParseRefusal(text: string): string | undefined {
  if (text.length > MAX_YAML_BYTES) return `larger than ${MAX_YAML_BYTES / 1024} KB: not analysed as a pipeline or manifest`;
  let quotes = 0;
  let run = 0;
  let prev = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quotes++;
    run = (c === '[' || c === '{' || c === '"') && c === prev ? run + 1 : 0;
    if (run > 500) return 'too deeply nested or quoted to analyse safely';
    prev = c;
  }
  return quotes > 20000 ? 'too many quoted strings to analyse safely' : undefined;
}

/**
 * Parses the file; with several documents (a GitLab CI/CD component's `spec:` header, then `---`,
 * then the pipeline), the last non-empty one is the pipeline.
 */
export function parseYaml(text: string, path: string): ParsedYaml {
  const refused = yamlParseRefusal(text);
  if (refused) return { ok: false, message: refused, refused: true, range: { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 } };
  const lines = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter: lines, keepSourceTokens: false, uniqueKeys: false }) as Document.Parsed[];
  } catch (e) {
    return { ok: false, message: (e as Error).message, range: { startLine: 0, startColumn: 0, endLine: 0, endColumn: 1 } };
  }
  if (!Array.isArray(docs)) docs = [];
  const broken = docs.find((d) => d.errors.length);
  const doc = broken ?? [...docs].reverse().find((d) => d.contents !== null) ?? docs[0] ?? (parseDocument('', { lineCounter: new LineCounter() }) as Document.Parsed);
  if (doc.errors.length) {
    const e = doc.errors[0];
    const s = lines.linePos(e.pos[0]);
    const t = lines.linePos(Math.max(e.pos[1], e.pos[0] + 1));
    return {
      ok: false,
      message: e.message.split('\n')[0],
      range: { startLine: s.line - 1, startColumn: s.col - 1, endLine: t.line - 1, endColumn: t.col - 1 },
    };
  }
  return { ok: true, file: { path, text, doc, lines } };
}

/** Range of `[start, end)` offsets. */
export function offsetRange(f: YamlFile, start: number, end: number): Range {
  const s = f.lines.linePos(start);
  const e = f.lines.linePos(end);
  return { startLine: s.line - 1, startColumn: s.col - 1, endLine: e.line - 1, endColumn: e.col - 1 };
}

/** Range of a node's value (without trailing comment or line break). */
export function nodeRange(f: YamlFile, node: Node | null | undefined): Range {
  const r = node?.range;
  if (!r) return { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 };
  return offsetRange(f, r[0], r[1]);
}

/** Range of a key/value pair from the key's start to the value's end. */
export function pairRange(f: YamlFile, pair: Pair): Range {
  const k = (pair.key as Node | null)?.range;
  const v = (pair.value as Node | null)?.range;
  if (!k) return nodeRange(f, pair.value as Node);
  return offsetRange(f, k[0], v ? v[1] : k[1]);
}

export function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : '';
}

/** The pair with this key in a map, if any. */
export function getPair(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((p) => keyOf(p) === key);
}

export function getMap(map: unknown, key: string): YAMLMap | undefined {
  const v = getPair(map, key)?.value;
  return isMap(v) ? v : undefined;
}

export function scalarString(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}

/** Entries of a map as [key, pair]. */
export function entries(map: unknown): Array<[string, Pair]> {
  return isMap(map) ? map.items.map((p) => [keyOf(p), p]) : [];
}

export { isMap, isPair, isScalar, isSeq };
