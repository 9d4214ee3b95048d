/**
 * The named identities a pipeline file uses (CI secrets and variables, Jenkins credentials ids,
 * service connections), from the core analysis of the document's current text, cached per version:
 * CodeLens and hover ask for the same document many times.
 */
import * as vscode from 'vscode';
import { analyzeText } from '../../core/analyzeFile';
import { analyzerFor } from '../../core/ci/registry';
import type { IdentityUse } from '../../core/ci/types';
import type { Folders } from '../folders';

/** Identities that only make sense with an owner (as the identity-unowned rule counts them). */
const NAMED = new Set<IdentityUse['kind']>(['ci-secret', 'ci-variable', 'jenkins-credential', 'service-connection']);

export class DocumentUses implements vscode.Disposable {
  private readonly cache = new Map<string, { version: number; uses: IdentityUse[] }>();
  private readonly closed: vscode.Disposable;

  constructor(private readonly folders: Folders) {
    this.closed = vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri));
  }

  /** Named identity uses of `doc`; none for files no pipeline analyzer owns. */
  async of(doc: vscode.TextDocument): Promise<IdentityUse[]> {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit.uses;
    const where = this.folders.locate(doc.uri);
    const text = doc.getText();
    let uses: IdentityUse[] = [];
    // Cheap gate first: only files a CI analyzer owns get the full analysis.
    if (where && analyzerFor(where.rel, text)) {
      const ctx = await this.folders.get(where.folder);
      uses = analyzeText(text, where.rel, ctx.engine).uses.filter((u) => NAMED.has(u.kind));
    }
    this.cache.set(key, { version: doc.version, uses });
    return uses;
  }

  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
  }

  dispose(): void {
    this.closed.dispose();
    this.cache.clear();
  }
}
