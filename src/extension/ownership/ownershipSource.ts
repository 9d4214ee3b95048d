/**
 * Where the editor reads ownership from. Today: each workspace folder's
 * `.nhi-lens/identities.yaml` (cached, reloaded when it changes). The inventory service can be added
 * later as another OwnershipSource; CodeLens, hover and the register command only see the interface.
 */
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import type { IdentityUse } from '../../core/ci/types';
import { OWNERSHIP_FILE, parseOwnership, type LocatedDeclaration, type Ownership } from '../../core/identities/ownership';
import type { Finding } from '../../core/types';
import { readWorkspaceFile } from '../workspaceFiles';

/** What a declaration is looked up by: a name (optionally on a platform) or a literal's fingerprint. */
export interface OwnershipSubject {
  name?: string;
  platform?: string;
  fingerprint?: string;
}

export interface OwnershipAnswer {
  /** The file (or, later, the inventory record) the declaration lives in. */
  file: vscode.Uri;
  declaration?: LocatedDeclaration;
  /** Every declaration of the folder (teams to suggest…). */
  all: readonly LocatedDeclaration[];
  expiringWithinDays: number;
  /** The file could not be read as ownership: shown instead of guessing. */
  problem?: string;
}

export interface OwnershipSource {
  readonly onDidChange: vscode.Event<void>;
  lookup(folder: vscode.WorkspaceFolder, subject: OwnershipSubject): Promise<OwnershipAnswer>;
}

export function subjectOfUse(use: IdentityUse): OwnershipSubject {
  return use.fingerprint ? { fingerprint: use.fingerprint } : { name: use.name, platform: use.platform === 'file' ? undefined : use.platform };
}

/** A finding concerns an identity when it names one, or when it is a literal credential (its fingerprint). */
export function subjectOfFinding(f: Finding): OwnershipSubject | undefined {
  if (f.identity) return { name: f.identity };
  if (f.redacted) return { fingerprint: f.fingerprint };
  return undefined;
}

/** As the ownership rules match: fingerprint, or name with the declaration's platform (when it has one) agreeing. */
export function matches(d: LocatedDeclaration, s: OwnershipSubject): boolean {
  if (s.fingerprint && d.fingerprint === s.fingerprint) return true;
  return s.name !== undefined && d.name === s.name && (!d.platform || !s.platform || d.platform === s.platform);
}

export function ownershipUri(folder: vscode.WorkspaceFolder): vscode.Uri {
  return vscode.Uri.file(nodePath.join(folder.uri.fsPath, OWNERSHIP_FILE));
}

type Loaded = { ownership?: Ownership; problem?: string };

export class FileOwnershipSource implements OwnershipSource, vscode.Disposable {
  private readonly cache = new Map<string, Promise<Loaded>>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${OWNERSHIP_FILE}`);
    const reload = (uri: vscode.Uri) => {
      if (uri.path.endsWith(`/${OWNERSHIP_FILE}`)) this.invalidate();
    };
    this.subscriptions.push(
      watcher,
      watcher.onDidChange(reload),
      watcher.onDidCreate(reload),
      watcher.onDidDelete(reload),
      // Typing in identities.yaml updates the lenses too (the open text wins over the disk).
      vscode.workspace.onDidChangeTextDocument((e) => reload(e.document.uri)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidate()),
    );
  }

  invalidate(): void {
    this.cache.clear();
    this.changed.fire();
  }

  private load(folder: vscode.WorkspaceFolder): Promise<Loaded> {
    const key = folder.uri.toString();
    let p = this.cache.get(key);
    if (!p) {
      const uri = ownershipUri(folder);
      p = readWorkspaceFile(uri).then((text): Loaded => {
        if (text === undefined || text.trim() === '') return {};
        try {
          return { ownership: parseOwnership(text, vscode.workspace.asRelativePath(uri)) };
        } catch (e) {
          return { problem: (e as Error).message };
        }
      });
      this.cache.set(key, p);
    }
    return p;
  }

  async lookup(folder: vscode.WorkspaceFolder, subject: OwnershipSubject): Promise<OwnershipAnswer> {
    const { ownership, problem } = await this.load(folder);
    const all = ownership?.declarations ?? [];
    return { file: ownershipUri(folder), declaration: all.find((d) => matches(d, subject)), all, expiringWithinDays: ownership?.expiringWithinDays ?? 30, problem };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
