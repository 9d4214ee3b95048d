import type { Suppression } from '../types';

const MARKER = 'nhi-lens-ignore';
// nhi-lens-ignore [rule-id[, rule-id]] [: reason | -- reason]
const DIRECTIVE = /nhi-lens-ignore(?:\s+([a-z0-9][\w-]*(?:\s*,\s*[a-z0-9][\w-]*)*))?(?:\s*(?::|--)\s*(.*?))?\s*(?:\*\/|-->|#\}|%>|\}\}|"\s*,?)?\s*$/;
const COMMENT_ONLY = /^\s*(?:\/\/+|#+|--|;+|\/\*+|<!--|\*|%|'|rem\b|REM\b|\{#|<%#|"|)\s*$/;

export function hasSuppressionMarker(text: string): boolean {
  return text.includes(MARKER);
}

function parse(line: string, ruleId: string): Suppression | undefined {
  const at = line.indexOf(MARKER);
  if (at === -1) return undefined;
  const m = DIRECTIVE.exec(line.slice(at));
  if (!m) return { kind: 'inline' };
  if (m[1]) {
    const ids = m[1].split(/\s*,\s*/);
    if (!ids.includes(ruleId)) return undefined;
  }
  const reason = m[2]?.trim();
  return reason ? { kind: 'inline', reason } : { kind: 'inline' };
}

/**
 * An inline `nhi-lens-ignore` on the finding's own line, or alone in a comment on the line above,
 * suppresses it; a rule id list limits it to those rules.
 */
export function inlineSuppression(line: string, previous: string | undefined, ruleId: string): Suppression | undefined {
  const own = parse(line, ruleId);
  if (own) return own;
  if (previous === undefined) return undefined;
  const at = previous.indexOf(MARKER);
  if (at === -1 || !COMMENT_ONLY.test(previous.slice(0, at))) return undefined;
  return parse(previous, ruleId);
}
