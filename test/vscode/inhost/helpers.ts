/** Small helpers for tests running inside the extension host with the real `vscode` API. */
import * as vscode from 'vscode';
import { readPlanted, type Planted, type PlantedWorkspace } from '../planted';

export const EXTENSION_ID = 'nhi-lens.nhi-lens';
export const SOURCE = 'NHI Lens';

/** The planted workspace, checked to be the folder this window has open. */
export function plantedWorkspace(): PlantedWorkspace {
  const planted = readPlanted();
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.path !== planted.root) {
    throw new Error(`the window has ${folder?.uri.path ?? 'no folder'} open, not the planted workspace ${planted.root}`);
  }
  return planted;
}

export function fileUri(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, rel);
}

export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded in this window`);
  await ext.activate();
  return ext;
}

/** The rule id a diagnostic carries (`code` or `code.value`). */
export function ruleOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : c === undefined ? undefined : String(c);
}

export function nhiDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** Waits until NHI Lens publishes a diagnostic of `ruleId` for `uri`. */
export function waitForDiagnostic(uri: vscode.Uri, ruleId: string, timeoutMs = 20_000): Promise<vscode.Diagnostic> {
  const pick = () => nhiDiagnostics(uri).find((d) => ruleOf(d) === ruleId);
  return waitFor(pick, `no ${ruleId} diagnostic for ${vscode.workspace.asRelativePath(uri)} within ${timeoutMs} ms`, timeoutMs);
}

/** Waits until `uri` has no NHI Lens diagnostic of `ruleId`. */
export async function waitForNoDiagnostic(uri: vscode.Uri, ruleId: string, timeoutMs = 20_000): Promise<void> {
  await waitFor(() => !nhiDiagnostics(uri).some((d) => ruleOf(d) === ruleId) || undefined, `${ruleId} still reported for ${vscode.workspace.asRelativePath(uri)} after ${timeoutMs} ms`, timeoutMs);
}

/** Resolves with the first truthy `probe()`, re-checked on every diagnostics change and every 250 ms. */
export function waitFor<T>(probe: () => T | undefined | false, failure: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const v = probe();
      if (v) {
        done();
        resolve(v);
      }
    };
    const sub = vscode.languages.onDidChangeDiagnostics(check);
    const tick = setInterval(check, 250);
    const timer = setTimeout(() => {
      done();
      reject(new Error(failure));
    }, timeoutMs);
    const done = () => {
      sub.dispose();
      clearInterval(tick);
      clearTimeout(timer);
    };
    check();
  });
}

export function toRange(p: Planted): vscode.Range {
  return new vscode.Range(p.range.startLine, p.range.startColumn, p.range.endLine, p.range.endColumn);
}

/** `l:c-l:c`, 0-based: ranges compared in messages without any text from the file. */
export function showRange(r: vscode.Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/**
 * True if `text` contains the secret or any 8-character piece of it beyond the 4-character
 * preview the house rules allow. Assertion messages must not print either string.
 */
export function leaksSecret(text: string, secret: string): boolean {
  if (text.includes(secret)) return true;
  for (let i = 1; i + 8 <= secret.length; i++) if (text.includes(secret.slice(i, i + 8))) return true;
  return false;
}

export async function commandRegistered(id: string): Promise<boolean> {
  return (await vscode.commands.getCommands(true)).includes(id);
}
