/**
 * Reviewer commands: Audit Workspace (progress notification with files done / total,
 * cancellable), Show Report, Export (SARIF, JSON, Markdown, HTML), and the tree's grouping.
 */
import * as vscode from 'vscode';
import type { ReportFormat } from '../core/reports';
import { auditReportInput, defaultExportUri, EXTENSIONS, renderAudit } from './auditReport';
import { GROUPINGS, type FindingsTree, type Grouping } from './findingsTree';
import { ReportPanel, type ExportFormat } from './reportPanel';
import type { FindingsStatus } from './statusBar';
import type { AuditRun, WorkspaceScanner } from './workspaceScan';

export class AuditCommands {
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly scanner: WorkspaceScanner,
    private readonly tree: FindingsTree,
    private readonly status: FindingsStatus,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('nhiLens.auditWorkspace', (opts?: { quiet?: boolean }) => this.audit(opts)),
      vscode.commands.registerCommand('nhiLens.showReport', () => this.showReport()),
      vscode.commands.registerCommand('nhiLens.exportReport', (format?: ExportFormat, target?: string | vscode.Uri) => this.export(format, target)),
      vscode.commands.registerCommand('nhiLens.focusFindings', () => vscode.commands.executeCommand('nhiLens.findings.focus')),
      ...GROUPINGS.map((g) => vscode.commands.registerCommand(`nhiLens.groupBy.${g}`, () => this.tree.setGrouping(g as Grouping))),
      this.scanner.onDidFinish((run) => ReportPanel.open?.render(auditReportInput(run))),
    ];
  }

  /** The audit with a progress notification; `quiet` (tests) skips the summary message. */
  async audit(opts: { quiet?: boolean } = {}): Promise<AuditRun> {
    const run = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'NHI Lens: auditing the workspace', cancellable: true },
      async (progress, token) => {
        let shown = 0;
        let last = 0;
        this.status.setScanning('auditing');
        try {
          return await this.scanner.scan(
            {
              report: (done, total, path) => {
                const now = Date.now();
                // The notification needs only a few updates a second.
                if (now - last < 100 && done < total) return;
                last = now;
                const pct = total ? (done / total) * 100 : 0;
                progress.report({ message: `${done} / ${total} files — ${path}`, increment: pct - shown });
                shown = pct;
              },
            },
            token,
          );
        } finally {
          this.status.setScanning('');
        }
      },
    );
    if (!opts.quiet && !run.cancelled) {
      const findings = run.folders.reduce((n, f) => n + f.result.findings.filter((x) => !x.suppressed).length, 0);
      const files = run.folders.reduce((n, f) => n + f.result.stats.files, 0);
      void vscode.window.showInformationMessage(`NHI Lens: ${findings} finding${findings === 1 ? '' : 's'} in ${files} files (${(run.durationMs / 1000).toFixed(1)} s).`, 'Show Report').then((c) => {
        if (c) void this.showReport();
      });
    }
    return run;
  }

  private async lastOrAudit(): Promise<AuditRun | undefined> {
    if (this.scanner.last) return this.scanner.last;
    const run = await this.audit({ quiet: true });
    return run.cancelled ? undefined : run;
  }

  async showReport(): Promise<ReportPanel> {
    const handlers = { export: (f: ExportFormat) => this.export(f), audit: () => this.audit() };
    const panel = ReportPanel.show(this.extensionUri, undefined, handlers);
    const run = await this.lastOrAudit();
    panel.render(run ? auditReportInput(run) : undefined);
    return panel;
  }

  /** Writes the report; asks where unless `target` is given. Returns the file written. */
  async export(format?: ExportFormat, target?: string | vscode.Uri): Promise<vscode.Uri | undefined> {
    const chosen: ReportFormat | undefined =
      format ??
      ((await vscode.window.showQuickPick(
        [
          { label: 'SARIF 2.1.0', format: 'sarif' as const, detail: 'Code scanning, CI dashboards' },
          { label: 'JSON', format: 'json' as const, detail: 'Findings and the identity graph' },
          { label: 'Markdown', format: 'markdown' as const, detail: 'Pull requests and tickets' },
          { label: 'HTML', format: 'html' as const, detail: 'One self-contained file' },
        ],
        { title: 'NHI Lens: export the audit report' },
      ))?.format);
    if (!chosen) return undefined;
    const run = await this.lastOrAudit();
    if (!run) return undefined;
    let uri = typeof target === 'string' ? vscode.Uri.file(target) : target;
    uri ??= await vscode.window.showSaveDialog({ defaultUri: defaultExportUri(chosen), filters: { [chosen.toUpperCase()]: [EXTENSIONS[chosen]] } });
    if (!uri) return undefined;
    if (!vscode.workspace.isTrusted && vscode.workspace.getWorkspaceFolder(uri)) {
      void vscode.window.showWarningMessage('NHI Lens does not write into an untrusted workspace; choose a folder outside it.');
      return undefined;
    }
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(renderAudit(chosen, run)));
    if (!target) {
      void vscode.window.showInformationMessage(`NHI Lens: ${chosen.toUpperCase()} report written to ${vscode.workspace.asRelativePath(uri)}.`, 'Open').then((c) => {
        if (c) void vscode.commands.executeCommand('vscode.open', uri);
      });
    }
    return uri;
  }
}
