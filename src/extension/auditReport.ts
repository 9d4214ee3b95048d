/**
 * One report input from an audit of one or several workspace folders. With several folders, paths
 * are prefixed with the folder's name so they stay distinct; `folderOf` maps them back.
 */
import * as vscode from 'vscode';
import { render, type ReportFormat, type ReportInput } from '../core/reports';
import { buildIdentityGraph } from '../core/identities/graph';
import { VERSION } from '../cli/version';
import type { AuditRun } from './workspaceScan';

export const TOOL = { name: 'NHI Lens', version: VERSION, informationUri: 'https://github.com/nhi-lens/nhi-lens' };

export type AuditReportInput = ReportInput & { folderOf: (path: string) => string };

export function auditReportInput(run: AuditRun, includeSuppressed = true): AuditReportInput {
  const multi = run.folders.length > 1;
  const prefix = (name: string, p: string) => (multi ? `${name}/${p}` : p);
  const findings = run.folders.flatMap(({ folder, result }) =>
    result.findings.filter((f) => includeSuppressed || !f.suppressed).map((f) => ({ ...f, path: prefix(folder.name, f.path) })),
  );
  const uses = run.folders.flatMap(({ folder, result }) => result.identities.identities.flatMap((i) => i.uses.map((u) => ({ ...u, path: prefix(folder.name, u.path) }))));
  const stats = run.folders.reduce((s, { result }) => ({ files: s.files + result.stats.files, bytes: s.bytes + result.stats.bytes, skipped: s.skipped + result.stats.skipped, durationMs: s.durationMs + result.stats.durationMs }), { files: 0, bytes: 0, skipped: 0, durationMs: 0 });
  const byName = new Map(run.folders.map(({ folder }) => [folder.name, folder.uri.toString()]));
  const single = run.folders[0]?.folder.uri.toString() ?? '';
  return {
    findings,
    identities: multi ? buildIdentityGraph(uses) : run.folders[0]?.result.identities,
    skipped: run.folders.flatMap(({ folder, result }) => result.skipped.map((s) => ({ ...s, path: prefix(folder.name, s.path) }))),
    stats,
    tool: TOOL,
    root: multi ? undefined : run.folders[0]?.folder.uri.fsPath,
    folderOf: (path) => (multi ? (byName.get(path.split('/')[0]) ?? '') : single),
  };
}

export const EXTENSIONS: Record<ReportFormat, string> = { text: 'txt', json: 'json', sarif: 'sarif', markdown: 'md', html: 'html' };

export function renderAudit(format: ReportFormat, run: AuditRun): string {
  // SARIF keeps suppressed results (marked) so reviewers see what was waived.
  return render(format, auditReportInput(run, format === 'sarif'));
}

export function defaultExportUri(format: ReportFormat): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, `nhi-lens-report.${EXTENSIONS[format]}`) : undefined;
}
