/**
 * Keeps the store true to the files: deleting a file clears its findings, a rename moves them,
 * and a file changed on disk while not open (git checkout, a generator) is re-read. Changes to
 * `.nhi-lens.yaml`, the baseline, `.gitignore` or the settings reload the folder configuration
 * and rescan the workspace.
 */
import * as vscode from 'vscode';
import { scanFile } from '../core/files/scanFile';
import type { Folders } from './folders';
import { readSettings } from './settings';
import type { FindingsStore } from './store';
import type { WorkspaceScanner } from './workspaceScan';

const RESCAN_DELAY_MS = 300;
const CONFIG_FILES = /(^|\/)(\.nhi-lens\.yaml|\.gitignore|\.nhi-lens\/identities\.yaml)$|baseline[^/]*\.json$/;

export class FileEvents implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private configTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: FindingsStore,
    private readonly folders: Folders,
    private readonly scanner: WorkspaceScanner,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.subscriptions.push(
      watcher,
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((uri) => store.delete(uri))),
      vscode.workspace.onDidRenameFiles((e) => {
        for (const { oldUri, newUri } of e.files) store.rename(oldUri, newUri, (uri) => folders.locate(uri)?.rel);
      }),
      watcher.onDidDelete((uri) => store.delete(uri)),
      watcher.onDidCreate((uri) => this.changedOnDisk(uri)),
      watcher.onDidChange((uri) => this.changedOnDisk(uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('nhiLens') || e.affectsConfiguration('files.exclude')) this.configChanged();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.configChanged()),
    );
  }

  private changedOnDisk(uri: vscode.Uri): void {
    if (CONFIG_FILES.test(uri.path)) return this.configChanged();
    // Open documents are analysed from the editor's text, not the disk.
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
    const key = uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        void this.rescan(uri);
      }, RESCAN_DELAY_MS),
    );
  }

  private async rescan(uri: vscode.Uri): Promise<void> {
    const where = this.folders.locate(uri);
    if (!where || !readSettings(uri).enable) return;
    const ctx = await this.folders.get(where.folder);
    if (await ctx.ignore.reason(where.rel)) return;
    const stat = await vscode.workspace.fs.stat(uri).then((s) => s, () => undefined);
    if (!stat || stat.type !== vscode.FileType.File) return;
    const result = await scanFile(uri.fsPath, where.rel, ctx.engine, ctx.config.maxFileSizeKb * 1024);
    const findings = 'skip' in result ? [] : result.findings.filter((f) => !ctx.baseline?.has(f));
    this.store.setFromDisk(uri, findings);
  }

  private configChanged(): void {
    clearTimeout(this.configTimer);
    this.configTimer = setTimeout(() => {
      this.folders.invalidate();
      if (readSettings().enable) void this.scanner.scan();
    }, RESCAN_DELAY_MS);
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    clearTimeout(this.configTimer);
    this.subscriptions.forEach((s) => s.dispose());
  }
}
