/**
 * Inline diagnostics for open documents, refreshed as people type (debounced). All detection is
 * done by src/core; this module only converts findings to VS Code diagnostics.
 */
import * as vscode from 'vscode';
import { analyzeText } from '../core/analyzeFile';
import { owaspLabel } from '../core/owasp';
import { ruleHelpUri, subject } from '../core/reports/model';
import type { Finding, Severity } from '../core/types';

const DEBOUNCE_MS = 150;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  critical: vscode.DiagnosticSeverity.Error,
  high: vscode.DiagnosticSeverity.Error,
  medium: vscode.DiagnosticSeverity.Warning,
  low: vscode.DiagnosticSeverity.Information,
  info: vscode.DiagnosticSeverity.Hint,
};

export function toDiagnostic(f: Finding): vscode.Diagnostic {
  const range = new vscode.Range(f.range.startLine, f.range.startColumn, f.range.endLine, f.range.endColumn);
  const what = subject(f);
  const d = new vscode.Diagnostic(range, `${f.title}${what ? ' ' + what : ''} — ${owaspLabel(f.owasp)}. ${f.remediation}`, SEVERITY[f.severity]);
  d.source = 'NHI Lens';
  d.code = { value: f.ruleId, target: vscode.Uri.parse(ruleHelpUri(f.ruleId)) };
  return d;
}

export class DocumentDiagnostics implements vscode.Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly collection: vscode.DiagnosticCollection) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.refresh(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.collection.delete(doc.uri)),
    );
    for (const doc of vscode.workspace.textDocuments) this.refresh(doc);
  }

  private enabled(): boolean {
    return vscode.workspace.getConfiguration('nhiLens').get<boolean>('enable', true);
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => this.refresh(doc), DEBOUNCE_MS));
  }

  private refresh(doc: vscode.TextDocument): void {
    if (!this.enabled() || doc.uri.scheme === 'output' || doc.uri.scheme === 'vscode-scm') return;
    const path = vscode.workspace.asRelativePath(doc.uri, false);
    this.collection.set(doc.uri, analyzeText(doc.getText(), path).findings.map(toDiagnostic));
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.subscriptions.forEach((s) => s.dispose());
  }
}
