/**
 * YAML files validated by a zod schema, with problems located: file, 1-based line and column, and
 * the field path (`.nhi-lens.yaml`, `.nhi-lens/identities.yaml`).
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { yamlParseRefusal } from '../ci/yamlFile';

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${column}: ${field ? `${field}: ` : ''}${problem}`);
    this.name = 'ConfigError';
  }
}

export interface Validated<T> {
  data: T;
  doc: Document.Parsed;
  lines: LineCounter;
}

/** Parses and validates; throws ConfigError at the first problem. */
export function parseValidatedYaml<S extends z.ZodType>(text: string, file: string, schema: S): Validated<z.output<S>> {
  const refused = yamlParseRefusal(text);
  if (refused) throw new ConfigError(file, 1, 1, '', refused);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = lines.linePos(e.pos[0]);
    throw new ConfigError(file, pos.line, pos.col, '', `invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const result = schema.safeParse(doc.toJS() ?? {});
  if (result.success) return { data: result.data, doc, lines };
  const issue = result.error.issues[0];
  // Point at the deepest node that exists on the issue's path.
  let path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  let offset = 0;
  if (issue.code === 'unrecognized_keys') {
    const parent = doc.getIn(path, true) as { items?: Array<{ key: { value: unknown; range?: number[] } }> } | undefined;
    offset = parent?.items?.find((p) => p.key?.value === issue.keys[0])?.key?.range?.[0] ?? 0;
    path = [...path, issue.keys[0]];
  } else {
    let node: unknown;
    for (let n = path.length; n >= 0 && !node; n--) node = doc.getIn(path.slice(0, n), true);
    offset = (node as { range?: number[] } | undefined)?.range?.[0] ?? 0;
  }
  const pos = lines.linePos(offset);
  throw new ConfigError(file, pos.line, pos.col, path.join('.'), issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message);
}
