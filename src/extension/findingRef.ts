/**
 * A finding named in a command's arguments (code actions pass these; tests and keybindings can
 * too): the document, the rule, the fingerprint and where it started. Resolved against the
 * document's current analysis, so a stale reference finds nothing rather than the wrong place.
 */
import * as vscode from 'vscode';
import type { Finding } from '../core/types';

export interface FindingRef {
  uri: string;
  ruleId: string;
  fingerprint: string;
  line: number;
  column: number;
}

export function refOf(uri: vscode.Uri, f: Finding): FindingRef {
  return { uri: uri.toString(), ruleId: f.ruleId, fingerprint: f.fingerprint, line: f.range.startLine, column: f.range.startColumn };
}

export function resolveRef(findings: readonly Finding[], ref: FindingRef): Finding | undefined {
  const same = findings.filter((f) => f.ruleId === ref.ruleId && f.fingerprint === ref.fingerprint);
  return same.find((f) => f.range.startLine === ref.line && f.range.startColumn === ref.column) ?? (same.length === 1 ? same[0] : undefined);
}
