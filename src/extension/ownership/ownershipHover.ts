/**
 * Hover on a finding about an identity, or on a CI secret reference / credentials id: owner, team,
 * purpose, last rotation (age), expiry, status, how many places use it, and a link to the
 * declaration in identities.yaml (or to register an owner).
 */
import * as vscode from 'vscode';
import { ownershipState } from '../../core/identities/ownershipEdit';
import type { Folders } from '../folders';
import { toRange } from '../ranges';
import type { FindingsStore } from '../store';
import type { DocumentUses } from './identityUses';
import { subjectOfFinding, subjectOfUse, type OwnershipSource, type OwnershipSubject } from './ownershipSource';
import { REGISTER_OWNER } from './registerOwner';

const STATUS_TEXT = { ok: 'ok', overdue: 'rotation overdue', expiring: 'expiring soon', expired: 'expired', unowned: 'no owner' } as const;

/** `[text](command:id?args)` with the arguments encoded as VS Code expects. */
function commandLink(text: string, command: string, args: unknown[]): string {
  return `[${text}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}

/** Markdown-safe text from a YAML value people typed. */
const md = (s: string) => s.replace(/[\\`*_{}[\]<>|]/g, '\\$&');

export class OwnershipHover implements vscode.HoverProvider {
  constructor(
    private readonly folders: Folders,
    private readonly uses: DocumentUses,
    private readonly source: OwnershipSource,
    private readonly store: FindingsStore,
  ) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const where = this.folders.locate(doc.uri);
    if (!where) return undefined;
    const use = (await this.uses.of(doc)).find((u) => toRange(u.range).contains(pos));
    const finding = use ? undefined : this.store.findings(doc.uri).find((f) => !f.suppressed && subjectOfFinding(f) && toRange(f.range).contains(pos));
    const subject = use ? subjectOfUse(use) : finding && subjectOfFinding(finding);
    if (!subject) return undefined;
    const range = toRange((use ?? finding)!.range);
    const label = subject.name ?? `${finding?.kind ?? 'credential'} ${finding?.redacted ?? ''}`.trim();
    const answer = await this.source.lookup(where.folder, subject);
    const d = answer.declaration;
    const now = new Date();
    const state = ownershipState(d, now, answer.expiringWithinDays);
    const places = await this.places(doc, subject);
    const lines: string[] = [`**NHI Lens · ${md(label)}**${subject.platform ? ` (${md(subject.platform)})` : ''}`, ''];
    if (answer.problem) lines.push(`${md(vscode.workspace.asRelativePath(answer.file))} has a problem: ${md(answer.problem)}`, '');
    if (d) {
      lines.push(`- Owner: ${md(d.owner)}`, `- Team: ${md(d.team)}`, `- Purpose: ${md(d.purpose)}`);
      if (d.environments.length) lines.push(`- Environments: ${d.environments.map(md).join(', ')}`);
      lines.push(
        d.lastRotated ? `- Last rotated: ${d.lastRotated} (${state.rotatedDaysAgo} days ago; every ${d.rotationDays} days)` : `- Last rotated: not recorded (every ${d.rotationDays} days)`,
        `- Expires: ${d.expires ?? 'never'}`,
      );
    }
    lines.push(`- Status: ${STATUS_TEXT[state.status]}${state.overdueDays !== undefined ? ` (${state.overdueDays} days)` : ''}`, `- Used in ${places.count} ${places.count === 1 ? 'place' : 'places'}${places.files > 1 ? ` in ${places.files} files` : ''}`, '');
    // A file link with a `#L<line>` fragment: the editor opens it at the declaration, no command needed.
    const open = `[Open identities.yaml](${answer.file.with({ fragment: d ? `L${d.range.startLine + 1}` : '' }).toString()})`;
    const register = commandLink(d ? 'Update owner…' : 'Register owner…', REGISTER_OWNER, [{ ...subject, uri: doc.uri.toString() }]);
    lines.push(d || answer.problem ? `${open} · ${register}` : register);
    const text = new vscode.MarkdownString(lines.join('\n'));
    text.isTrusted = { enabledCommands: [REGISTER_OWNER] };
    return new vscode.Hover(text, range);
  }

  /** Distinct places (file and line) that use the identity: the store's findings and this document's uses. */
  private async places(doc: vscode.TextDocument, s: OwnershipSubject): Promise<{ count: number; files: number }> {
    const at = new Set<string>();
    const files = new Set<string>();
    const add = (uri: vscode.Uri, line: number) => {
      at.add(`${uri.toString()}#${line}`);
      files.add(uri.toString());
    };
    if (s.fingerprint) for (const p of this.store.placesOf(s.fingerprint)) add(p.uri, p.finding.range.startLine);
    if (s.name) {
      for (const { uri, findings } of this.store.all()) {
        for (const f of findings) {
          if (f.identity !== s.name || f.suppressed) continue;
          add(uri, f.range.startLine);
          for (const r of f.related ?? []) if (r.message === 'also used here') add(vscode.Uri.joinPath(this.folders.locate(uri)?.folder.uri ?? uri, r.path), r.range.startLine);
        }
      }
    }
    for (const u of await this.uses.of(doc)) if ((s.name && u.name === s.name) || (s.fingerprint && u.fingerprint === s.fingerprint)) add(doc.uri, u.range.startLine);
    return { count: at.size, files: files.size };
  }
}
