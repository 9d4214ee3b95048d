/**
 * Whole-workspace scans: in the background after start-up, and as the reviewer's "Audit
 * Workspace" with a progress notification (files done / total, cancellable). The core scanner
 * reads and analyses files in worker threads, so the extension host only walks and collects.
 */
import * as vscode from 'vscode';
import { walk } from '../core/files/walk';
import { scanPaths, type ScanResult } from '../core/scan';
import type { Finding } from '../core/types';
import { fingerprintKey, type Folders } from './folders';
import type { FindingsStore } from './store';

export interface FolderAudit {
  folder: vscode.WorkspaceFolder;
  result: ScanResult;
}

export interface AuditRun {
  folders: FolderAudit[];
  startedAt: Date;
  durationMs: number;
  cancelled: boolean;
}

export interface ScanProgress {
  report(done: number, total: number, path: string): void;
}

export class WorkspaceScanner implements vscode.Disposable {
  private current: vscode.CancellationTokenSource | undefined;
  private readonly finished = new vscode.EventEmitter<AuditRun>();
  readonly onDidFinish = this.finished.event;
  last: AuditRun | undefined;

  constructor(
    private readonly store: FindingsStore,
    private readonly folders: Folders,
    private readonly log: vscode.OutputChannel,
  ) {}

  get running(): boolean {
    return this.current !== undefined;
  }

  /** Scans every workspace folder; a new scan cancels one in progress. */
  async scan(progress?: ScanProgress, token?: vscode.CancellationToken): Promise<AuditRun> {
    this.current?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.current = source;
    const sub = token?.onCancellationRequested(() => source.cancel());
    const abort = new AbortController();
    source.token.onCancellationRequested(() => abort.abort());
    const startedAt = new Date();
    const audits: FolderAudit[] = [];
    try {
      const folders = vscode.workspace.workspaceFolders ?? [];
      const contexts = await Promise.all(folders.map((f) => this.folders.get(f)));
      // Count first, so progress can say "n of N"; walking is cheap next to reading and scanning.
      let total = 0;
      for (const ctx of contexts) {
        for await (const _ of walk(ctx.root, { ignoreGlobs: ctx.config.ignore, gitignore: ctx.config.gitignore, globRoot: ctx.root })) {
          if (abort.signal.aborted) break;
          total++;
        }
      }
      let before = 0;
      for (const ctx of contexts) {
        if (abort.signal.aborted) break;
        if (ctx.problem) this.log.appendLine(`${ctx.folder.name}: ${ctx.problem}`);
        const result = await scanPaths([ctx.root], {
          config: ctx.config,
          fingerprintKey: fingerprintKey(),
          baseline: ctx.baseline,
          includeSuppressed: true, // marked, not dropped: every view filters them; SARIF and the report count them
          cwd: ctx.root,
          root: ctx.root,
          signal: abort.signal,
          onProgress: (done, path) => progress?.report(before + done, Math.max(total, before + done), path),
        });
        before += result.stats.files;
        if (abort.signal.aborted) break;
        audits.push({ folder: ctx.folder, result });
        this.store.replaceFolder(ctx.folder.uri, groupByFile(ctx.folder.uri, result.findings));
        for (const s of result.skipped) this.log.appendLine(`skipped ${ctx.folder.name}/${s.path}: ${s.reason}`);
      }
    } finally {
      sub?.dispose();
      if (this.current === source) this.current = undefined;
      source.dispose();
    }
    const run: AuditRun = { folders: audits, startedAt, durationMs: Date.now() - startedAt.getTime(), cancelled: abort.signal.aborted };
    if (!run.cancelled) {
      this.last = run;
      this.finished.fire(run);
    }
    const files = audits.reduce((n, a) => n + a.result.stats.files, 0);
    this.log.appendLine(`workspace scan ${run.cancelled ? 'cancelled' : 'done'}: ${files} files in ${run.durationMs} ms`);
    return run;
  }

  cancel(): void {
    this.current?.cancel();
  }

  dispose(): void {
    this.current?.cancel();
    this.finished.dispose();
  }
}

function groupByFile(folder: vscode.Uri, findings: readonly Finding[]): Map<string, { uri: vscode.Uri; findings: Finding[] }> {
  const byFile = new Map<string, { uri: vscode.Uri; findings: Finding[] }>();
  for (const f of findings) {
    const uri = vscode.Uri.joinPath(folder, ...f.path.split('/'));
    const key = uri.toString();
    const entry = byFile.get(key);
    if (entry) entry.findings.push(f);
    else byFile.set(key, { uri, findings: [f] });
  }
  return byFile;
}
