/**
 * "NHI Lens: Register Owner…": who owns a machine identity, asked in a few short steps (team,
 * owner, purpose, environments, rotation period, expiry) and written to
 * `.nhi-lens/identities.yaml` with a minimal diff (src/core/identities/ownershipEdit). Arguments
 * name the identity and may carry the answers, so tests and other commands run it without prompts.
 * In Restricted Mode nothing is written.
 */
import { execFile } from 'node:child_process';
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { toPosix } from '../../core/files/walk';
import { suggestTeams, upsertDeclaration, type DeclarationInput } from '../../core/identities/ownershipEdit';
import type { Folders } from '../folders';
import { readWorkspaceFile, writeWorkspaceFile } from '../workspaceFiles';
import type { DocumentUses } from './identityUses';
import type { Finding } from '../../core/types';
import { subjectOfFinding, subjectOfUse, type FileOwnershipSource, type OwnershipSubject } from './ownershipSource';

export const REGISTER_OWNER = 'nhiLens.registerOwner';

export interface RegisterAnswers {
  team: string;
  owner: string;
  purpose: string;
  /** A list, or the comma-separated text the prompt takes. */
  environments?: string[] | string;
  rotationDays?: number;
  /** YYYY-MM-DD, or empty for none. */
  expires?: string;
}

export interface RegisterArgs extends OwnershipSubject {
  /** The document the identity was seen in (its folder, CODEOWNERS path). */
  uri?: string;
  answers?: RegisterAnswers;
}

const STEPS = 6;
const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

export function validRotationDays(v: string): string | undefined {
  return /^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 3650 ? undefined : 'A whole number of days from 1 to 3650';
}

/** A real calendar date (2027-02-30 is not), or empty. */
export function validExpiry(v: string): string | undefined {
  const s = v.trim();
  if (!s) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : undefined;
  return d && d.getUTCFullYear() === +m![1] && d.getUTCMonth() === +m![2] - 1 && d.getUTCDate() === +m![3] ? undefined : 'A date as YYYY-MM-DD, or empty for no expiry';
}

export const splitEnvironments = (v: string[] | string | undefined): string[] =>
  (Array.isArray(v) ? v : (v ?? '').split(',')).map((s) => s.trim()).filter(Boolean);

function gitUserEmail(cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.email'], { cwd, timeout: 3000 }, (err, stdout) => resolve(err ? undefined : stdout.trim() || undefined));
  });
}

export class RegisterOwner {
  constructor(
    private readonly folders: Folders,
    private readonly uses: DocumentUses,
    private readonly source: FileOwnershipSource,
  ) {}

  register(): vscode.Disposable[] {
    return [vscode.commands.registerCommand(REGISTER_OWNER, (args?: unknown) => this.run(isArgs(args) ? args : fromTreeGroup(args) ?? {}))];
  }

  async run(args: RegisterArgs = {}): Promise<boolean> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('NHI Lens does not change files in Restricted Mode. Trust the workspace to register owners.');
      return false;
    }
    const docUri = args.uri ? vscode.Uri.parse(args.uri) : vscode.window.activeTextEditor?.document.uri;
    const folder = (docUri && vscode.workspace.getWorkspaceFolder(docUri)) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      void vscode.window.showWarningMessage('NHI Lens: open a folder to register owners in its .nhi-lens/identities.yaml.');
      return false;
    }
    const subject = args.name || args.fingerprint ? { name: args.name, platform: args.platform, fingerprint: args.fingerprint } : await this.subjectAtCursor();
    if (!subject) return false;
    if (subject.name && !subject.platform && docUri) subject.platform = await this.platformIn(docUri, subject.name);
    const label = subject.name ?? `fingerprint ${subject.fingerprint!.slice(0, 8)}`;
    // Read the file afresh: a watcher event may not have arrived yet after an outside edit.
    this.source.invalidate();
    const answer = await this.source.lookup(folder, subject);
    if (answer.problem) {
      void vscode.window.showErrorMessage(`NHI Lens: fix ${vscode.workspace.asRelativePath(answer.file)} first: ${answer.problem}`);
      return false;
    }
    const existing = answer.declaration;
    const answers = args.answers ?? (await this.ask(label, folder, docUri, answer.all.map((d) => d.team), existing));
    if (!answers) return false;
    const problem = (answers.rotationDays !== undefined && validRotationDays(String(answers.rotationDays))) || (answers.expires && validExpiry(answers.expires));
    if (problem || !answers.team.trim() || !answers.owner.trim() || !answers.purpose.trim()) {
      void vscode.window.showErrorMessage(`NHI Lens: cannot register ${label}: ${problem || 'team, owner and purpose are required'}`);
      return false;
    }
    const decl: DeclarationInput = {
      // An existing declaration keeps how it is matched (with or without platform).
      ...(existing ? { name: existing.name, platform: existing.platform, fingerprint: existing.fingerprint } : subject.fingerprint ? { fingerprint: subject.fingerprint } : { name: subject.name, platform: subject.platform }),
      owner: answers.owner.trim(),
      team: answers.team.trim(),
      purpose: answers.purpose.trim(),
      environments: splitEnvironments(answers.environments),
      rotationDays: answers.rotationDays ?? existing?.rotationDays ?? 90,
      expires: answers.expires?.trim() || undefined,
    };
    const uri = answer.file;
    const before = await readWorkspaceFile(uri);
    let next: string;
    try {
      next = upsertDeclaration(before, decl, vscode.workspace.asRelativePath(uri));
    } catch (e) {
      void vscode.window.showErrorMessage(`NHI Lens: ${(e as Error).message}`);
      return false;
    }
    if (next !== before) {
      await vscode.workspace.fs.createDirectory(vscode.Uri.file(nodePath.dirname(uri.fsPath)));
      await writeWorkspaceFile(uri, next);
    }
    this.source.invalidate();
    return true;
  }

  /** A name from a finding: the platform of the pipeline that uses it, so the declaration matches as the CodeLens' would. */
  private async platformIn(uri: vscode.Uri, name: string): Promise<string | undefined> {
    try {
      const use = (await this.uses.of(await vscode.workspace.openTextDocument(uri))).find((u) => u.name === name);
      return use && use.platform !== 'file' ? use.platform : undefined;
    } catch {
      return undefined;
    }
  }

  /** The identity under the cursor: a named use in a pipeline file. */
  private async subjectAtCursor(): Promise<OwnershipSubject | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      const pos = editor.selection.active;
      const use = (await this.uses.of(editor.document)).find((u) => u.range.startLine <= pos.line && pos.line <= u.range.endLine);
      if (use) return subjectOfUse(use);
    }
    const name = await vscode.window.showInputBox({
      title: 'NHI Lens: Register Owner',
      prompt: 'Name of the CI secret or variable, or the Jenkins credentials id',
      placeHolder: 'e.g. DEPLOY_TOKEN',
      validateInput: (v) => (v.trim() ? undefined : 'A name is required'),
    });
    return name?.trim() ? { name: name.trim() } : undefined;
  }

  private async ask(label: string, folder: vscode.WorkspaceFolder, docUri: vscode.Uri | undefined, known: string[], existing?: DeclarationInput): Promise<RegisterAnswers | undefined> {
    const title = (step: number) => `NHI Lens: Register Owner of ${label} (${step}/${STEPS})`;
    const rel = docUri && this.folders.locate(docUri)?.rel;
    const teams = [...new Set([...(existing ? [existing.team] : []), ...(await this.codeownersTeams(folder, rel)), ...known])];
    const team = await pickOrType(title(1), 'Owning team', teams, existing?.team);
    if (!team) return undefined;
    const owner = await input(title(2), 'Person accountable for it (e-mail or handle)', existing?.owner ?? (await gitUserEmail(folder.uri.fsPath)) ?? '', (v) => (v.trim() ? undefined : 'An owner is required'));
    if (!owner) return undefined;
    const purpose = await input(title(3), 'What it is for', existing?.purpose ?? '', (v) => (v.trim() ? undefined : 'A purpose is required'));
    if (!purpose) return undefined;
    const environments = await input(title(4), 'Environments it may be used in, comma-separated (empty for none)', (existing?.environments ?? []).join(', '), () => undefined);
    if (environments === undefined) return undefined;
    const rotation = await input(title(5), 'Rotation period in days', String(existing?.rotationDays ?? 90), validRotationDays);
    if (!rotation) return undefined;
    const expires = await input(title(6), 'Expiry date, YYYY-MM-DD (empty for none)', existing?.expires ?? '', validExpiry);
    if (expires === undefined) return undefined;
    return { team, owner, purpose, environments, rotationDays: Number(rotation), expires };
  }

  private async codeownersTeams(folder: vscode.WorkspaceFolder, rel: string | undefined): Promise<string[]> {
    if (!rel) return [];
    for (const p of CODEOWNERS_PATHS) {
      const text = await readWorkspaceFile(vscode.Uri.joinPath(folder.uri, p));
      // GitHub uses the first CODEOWNERS it finds, in this order.
      if (text !== undefined) return suggestTeams(text, toPosix(rel));
    }
    return [];
  }
}

function isArgs(v: unknown): v is RegisterArgs {
  return typeof v === 'object' && v !== null && !(v instanceof vscode.Uri) && ('name' in v || 'fingerprint' in v || 'answers' in v || 'uri' in v);
}

/** The identities tree's group node (context menu): its first finding names the identity. */
function fromTreeGroup(v: unknown): RegisterArgs | undefined {
  const leaf = (v as { leaves?: Array<{ uri: vscode.Uri; finding: Finding }> } | undefined)?.leaves?.[0];
  const subject = leaf && subjectOfFinding(leaf.finding);
  return subject ? { ...subject, uri: leaf.uri.toString() } : undefined;
}

function input(title: string, prompt: string, value: string, validateInput: (v: string) => string | undefined): Thenable<string | undefined> {
  return vscode.window.showInputBox({ title, prompt, value, validateInput, ignoreFocusOut: true });
}

/** A QuickPick of suggestions that also takes a typed value. */
function pickOrType(title: string, placeholder: string, suggestions: string[], initial?: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick();
    qp.title = title;
    qp.placeholder = suggestions.length ? `${placeholder}: pick a suggestion or type a team` : `${placeholder}: type a team`;
    qp.items = suggestions.map((label) => ({ label }));
    qp.ignoreFocusOut = true;
    if (initial) qp.value = initial;
    let done = false;
    qp.onDidAccept(() => {
      const v = (qp.activeItems[0]?.label ?? qp.value).trim();
      if (!v) return;
      done = true;
      resolve(v);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}
