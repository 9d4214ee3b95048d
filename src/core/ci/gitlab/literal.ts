/**
 * Fix for a literal credential in a GitLab or Bitbucket pipeline: replace it by `$NAME` (the value
 * moves to a masked/secured CI variable). Names the variable after the pipeline's own variable
 * where the generic fix cannot see it: GitLab's `NAME: { value: … }` form and `NAME=…` in scripts.
 */
import { isPair, isScalar, visit, type Pair, type Scalar } from 'yaml';
import type { Finding, Fix } from '../../types';
import { envName, literalSecretFix, pairHolding } from '../literalFix';
import type { YamlFile } from '../yamlFile';
import { inSingleQuotes } from './shell';

function offsetOf(f: YamlFile, line: number, column: number): number {
  return (f.lines.lineStarts[line] ?? f.text.length) + column;
}

/** `NAME: { value: <literal> }`: the variable's name. */
function expandedVariableName(f: YamlFile, start: number, end: number): string | undefined {
  let name: string | undefined;
  visit(f.doc, {
    Pair(_k, pair, path) {
      if (!isScalar(pair.key) || pair.key.value !== 'value' || !isScalar(pair.value)) return;
      const r = pair.value.range;
      if (!r || r[0] > start || r[1] < end) return;
      const parent = path[path.length - 2];
      if (isPair(parent) && isScalar((parent as Pair).key)) name = String(((parent as Pair).key as Scalar).value);
    },
  });
  return name;
}

/** `NAME=<literal>` (shell assignment) just before the literal on its line. */
function assignedName(f: YamlFile, start: number): string | undefined {
  const lineStart = f.text.lastIndexOf('\n', start - 1) + 1;
  const m = /(?:^|[\s;&(-])([A-Za-z_][A-Za-z0-9_]*)=["']?$/.exec(f.text.slice(lineStart, start));
  return m ? m[1] : undefined;
}

/**
 * In a script line, a literal inside shell single quotes would not expand `$NAME`: close the
 * quotes around a double-quoted reference, written the way the YAML scalar style needs.
 */
function shellQuoted(f: YamlFile, start: number, ref: string): string | undefined {
  const held = pairHolding(f, start, start);
  if (!held || (held.pair && !/^(?:script|before_script|after_script|after-script)$/.test(String((held.pair.key as Scalar | null)?.value)))) return undefined;
  const s = held.scalar;
  const from = s.range![0] + (s.type === 'QUOTE_DOUBLE' || s.type === 'QUOTE_SINGLE' ? 1 : 0);
  let before = f.text.slice(from, start);
  before = before.slice(before.lastIndexOf('\n') + 1);
  if (s.type === 'QUOTE_DOUBLE') before = before.replace(/\\"/g, '"');
  if (s.type === 'QUOTE_SINGLE') before = before.replace(/''/g, "'");
  if (!inSingleQuotes(before, before.length)) return undefined;
  if (s.type === 'QUOTE_DOUBLE') return `'\\"${ref}\\"'`;
  if (s.type === 'QUOTE_SINGLE') return `''"${ref}"''`;
  return `'"${ref}"'`;
}

export function literalFix(f: YamlFile, finding: Finding, where: string): Fix | undefined {
  const fix = literalSecretFix(f, finding, (n) => `$${n}`, where);
  if (!fix) return undefined;
  const start = offsetOf(f, finding.range.startLine, finding.range.startColumn);
  const end = offsetOf(f, finding.range.endLine, finding.range.endColumn);
  const better = expandedVariableName(f, start, end) ?? assignedName(f, start);
  const name = better ? envName(better) : fix.placeholders?.[0];
  if (!name) return fix;
  const ref = `$${name}`;
  const quoted = shellQuoted(f, start, ref);
  if (!better && !quoted) return fix;
  return {
    title: `Replace the literal with ${ref} (store the value in ${where})`,
    edits: fix.edits.map((e) => ({ ...e, newText: e.newText.replace(/\$[A-Za-z0-9_]+/, () => quoted ?? ref) })),
    placeholders: [name],
  };
}
