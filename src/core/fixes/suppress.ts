/**
 * The "suppress with a reason" fix: a `nhi-lens-ignore <rule>: <reason>` comment alone on the line
 * above the finding, at its indentation, in the file's own comment syntax. An existing directive
 * there gains the rule id instead of a second comment.
 */
import type { Finding, Fix } from '../types';
import { commentSyntaxFor } from './commentSyntax';
import { escapeRegExp } from '../util/regexp';

function lines(text: string): string[] {
  return text.split('\n').map((l) => l.replace(/\r$/, ''));
}

export function suppressionFix(text: string, finding: Finding, reason: string): Fix | undefined {
  const syntax = commentSyntaxFor(finding.path);
  if (!syntax) return undefined;
  const all = lines(text);
  const line = finding.range.startLine;
  const target = all[line] ?? '';
  const indent = /^[ \t]*/.exec(target)![0];
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const why = reason.replace(/\s+/g, ' ').trim();
  const open = syntax.line ?? syntax.block![0];
  const close = syntax.line ? '' : ` ${syntax.block![1]}`;
  // An existing directive alone on the line above: add this rule to it.
  const above = line > 0 ? all[line - 1] : undefined;
  if (above !== undefined) {
    const m = new RegExp(`^(\\s*${escapeRegExp(open)}\\s*nhi-lens-ignore)((?:\\s+[a-z0-9][\\w-]*(?:\\s*,\\s*[a-z0-9][\\w-]*)*)?)`).exec(above);
    if (m) {
      const ids = m[2].trim();
      if (!ids) return undefined; // already suppresses every rule on the line
      if (ids.split(/\s*,\s*/).includes(finding.ruleId)) return undefined;
      const at = m[0].length;
      return {
        title: `Suppress ${finding.ruleId} here (add to the existing nhi-lens-ignore)`,
        edits: [{ range: { startLine: line - 1, startColumn: at, endLine: line - 1, endColumn: at }, newText: `, ${finding.ruleId}` }],
      };
    }
  }
  const comment = `${indent}${open} nhi-lens-ignore ${finding.ruleId}${why ? `: ${why}` : ''}${close}${nl}`;
  return {
    title: `Suppress ${finding.ruleId} on this line${why ? ` (${why})` : ''}`,
    edits: [{ range: { startLine: line, startColumn: 0, endLine: line, endColumn: 0 }, newText: comment }],
  };
}
