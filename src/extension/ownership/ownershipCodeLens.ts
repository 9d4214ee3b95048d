/**
 * Above each CI secret reference, variable or credentials id in a pipeline file: who owns it
 * ("payments · rotated 34 days ago", opens the declaration) or "no owner · register" (runs the
 * register command for that identity).
 */
import * as vscode from 'vscode';
import { ownerSummary } from '../../core/identities/ownershipEdit';
import type { Folders } from '../folders';
import { toRange } from '../ranges';
import type { DocumentUses } from './identityUses';
import { subjectOfUse, type OwnershipSource } from './ownershipSource';
import { REGISTER_OWNER } from './registerOwner';

export class OwnershipCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly folders: Folders,
    private readonly uses: DocumentUses,
    private readonly source: OwnershipSource,
  ) {
    this.subscription = source.onDidChange(() => this.changed.fire());
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const where = this.folders.locate(doc.uri);
    if (!where) return [];
    const now = new Date();
    const lenses: vscode.CodeLens[] = [];
    const seen = new Set<string>();
    for (const use of await this.uses.of(doc)) {
      // One lens per identity and line: `${{ secrets.X }}` twice on a line is one question.
      const key = `${use.key}:${use.range.startLine}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const subject = subjectOfUse(use);
      const answer = await this.source.lookup(where.folder, subject);
      const d = answer.declaration;
      const range = toRange(use.range);
      const command: vscode.Command = d
        ? { title: ownerSummary(d, now, answer.expiringWithinDays), command: 'vscode.open', arguments: [answer.file, { selection: toRange(d.range) } satisfies vscode.TextDocumentShowOptions], tooltip: `Open the declaration of ${use.name}` }
        : { title: ownerSummary(undefined, now), command: REGISTER_OWNER, arguments: [{ ...subject, uri: doc.uri.toString() }], tooltip: `Register who owns ${use.name}` };
      lenses.push(new vscode.CodeLens(range, command));
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
