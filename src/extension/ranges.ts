/** Core ranges and edits (0-based, end-exclusive) ↔ VS Code's. */
import * as vscode from 'vscode';
import type { Range, TextEdit } from '../core/types';

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.startLine, r.startColumn, r.endLine, r.endColumn);
}

export function toWorkspaceEdit(uri: vscode.Uri, edits: readonly TextEdit[], edit = new vscode.WorkspaceEdit()): vscode.WorkspaceEdit {
  for (const e of edits) edit.replace(uri, toRange(e.range), e.newText);
  return edit;
}
