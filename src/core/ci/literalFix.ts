/**
 * Fix for a literal credential in a pipeline: replace it by the platform's secret reference
 * (`${{ secrets.NAME }}`, `$NAME`, `$(NAME)`…), the name taken from the key that holds it.
 */
import { isPair, isScalar, visit, type Pair, type Scalar } from 'yaml';
import type { Finding, Fix } from '../types';
import { offsetRange, type YamlFile } from './yamlFile';

function offsetOf(f: YamlFile, line: number, column: number): number {
  return (f.lines.lineStarts[line] ?? f.text.length) + column;
}

/** The innermost key/value pair whose scalar value contains [start, end). */
export function pairHolding(f: YamlFile, start: number, end: number): { pair?: Pair; scalar: Scalar } | undefined {
  let found: { pair?: Pair; scalar: Scalar } | undefined;
  visit(f.doc, {
    Scalar(_key, node, path) {
      const r = node.range;
      if (!r || r[0] > start || r[1] < end) return;
      const parent = path[path.length - 1];
      found = { pair: isPair(parent) ? (parent as Pair) : undefined, scalar: node };
    },
  });
  return found;
}

/** `dbPassword`, `db-password`, `DB_PASSWORD` → `DB_PASSWORD`. */
export function envName(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase() || 'SECRET';
}

export function literalSecretFix(f: YamlFile, finding: Finding, reference: (name: string) => string, where: string): Fix | undefined {
  const start = offsetOf(f, finding.range.startLine, finding.range.startColumn);
  const end = offsetOf(f, finding.range.endLine, finding.range.endColumn);
  const held = pairHolding(f, start, end);
  if (!held) return undefined;
  const key = held.pair && isScalar(held.pair.key) ? String(held.pair.key.value) : finding.kind;
  const name = envName(/^(run|script|command|args?|url|value|with|env)$/i.test(key) ? finding.kind : key);
  const ref = reference(name);
  const r = held.scalar.range!;
  const whole = String(held.scalar.value ?? '') === f.text.slice(start, end);
  const [s, e] = whole ? [r[0], r[1]] : [start, end];
  // A whole plain scalar becomes the reference; quoted scalars keep their quotes only when embedded.
  const newText = whole && /^[$%{*&!|>'"@`]/.test(ref) && !ref.startsWith('$') ? JSON.stringify(ref) : ref;
  return {
    title: `Replace the literal with ${ref} (store the value in ${where})`,
    edits: [{ range: offsetRange(f, s, whole ? (f.text[r[1] - 1] === '\n' ? r[1] - 1 : r[1]) : e), newText }],
    placeholders: [name],
  };
}
