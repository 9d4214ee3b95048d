/** Wires the extension up; each provider lives in its own module. */
import * as vscode from 'vscode';
import { DocumentDiagnostics } from './diagnostics';

export function activate(context: vscode.ExtensionContext): void {
  const collection = vscode.languages.createDiagnosticCollection('nhi-lens');
  context.subscriptions.push(collection, new DocumentDiagnostics(collection));
}

export function deactivate(): void {}
