/**
 * The audit report as a webview: counts by severity and OWASP NHI item, a chart of findings by
 * kind (inline SVG from core), the identity list with where each is used, and export buttons.
 * Markup is rendered here from core's summary (every string escaped); the page script only turns
 * clicks into messages. Strict CSP: nothing remote, scripts only with this render's nonce.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { escapeHtml as esc } from '../core/reports/escape';
import { summarize, type ReportSummary } from '../core/reports/summary';
import { barChartSvg } from '../core/reports/svgChart';
import type { ReportInput } from '../core/reports/model';

export type ExportFormat = 'sarif' | 'json' | 'markdown' | 'html';

interface Message {
  type: 'export' | 'open' | 'audit';
  format?: ExportFormat;
  folder?: string;
  path?: string;
  line?: number;
}

export class ReportPanel implements vscode.Disposable {
  static readonly viewType = 'nhiLens.report';
  private static current: ReportPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The last rendered HTML (tests read it). */
  html = '';

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly handlers: { export(format: ExportFormat): unknown; audit(): unknown },
  ) {
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage((m: Message) => this.onMessage(m), null, this.disposables);
  }

  static get open(): ReportPanel | undefined {
    return ReportPanel.current;
  }

  static show(extensionUri: vscode.Uri, input: ReportInput | undefined, handlers: { export(format: ExportFormat): unknown; audit(): unknown }): ReportPanel {
    if (!ReportPanel.current) {
      const panel = vscode.window.createWebviewPanel(ReportPanel.viewType, 'NHI Lens Report', vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'media')],
      });
      ReportPanel.current = new ReportPanel(panel, extensionUri, handlers);
    }
    ReportPanel.current.render(input);
    ReportPanel.current.panel.reveal();
    return ReportPanel.current;
  }

  render(input: ReportInput | undefined): void {
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...p)).toString();
    const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `img-src ${webview.cspSource} data:`, `font-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
    this.html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${asset('media', 'report.css')}">
<script type="module" nonce="${nonce}" src="${asset('dist', 'media', 'vscode-elements.js')}"></script>
<title>NHI Lens Report</title></head>
<body>${input ? body(summarize(input), input) : empty()}
<script nonce="${nonce}" src="${asset('media', 'report.js')}"></script>
</body></html>`;
    webview.html = this.html;
  }

  private onMessage(m: Message): void {
    if (m.type === 'export' && m.format && ['sarif', 'json', 'markdown', 'html'].includes(m.format)) void this.handlers.export(m.format);
    else if (m.type === 'audit') void this.handlers.audit();
    else if (m.type === 'open' && typeof m.path === 'string' && typeof m.folder === 'string') {
      const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.toString() === m.folder);
      if (!folder || m.path.split('/').includes('..')) return;
      const line = Math.max(0, (Number(m.line) || 1) - 1);
      void vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, ...m.path.split('/')), { selection: new vscode.Range(line, 0, line, 0), viewColumn: vscode.ViewColumn.One });
    }
  }

  dispose(): void {
    ReportPanel.current = undefined;
    this.panel.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}

function empty(): string {
  return `<main><h1>NHI Lens</h1><p>No audit yet.</p><vscode-button id="audit" data-action="audit">Audit Workspace</vscode-button></main>`;
}

/** `input.root` is the folder URI for multi-root reports (paths are relative to their folder). */
function body(s: ReportSummary, input: ReportInput & { folderOf?: (path: string) => string }): string {
  const folderOf = input.folderOf ?? (() => input.root ?? '');
  const sev = s.bySeverity
    .map((x) => `<div class="count sev-${x.severity}"><span class="n">${x.count}</span><span class="l">${esc(x.severity)}</span></div>`)
    .join('');
  const owasp = s.byOwasp
    .filter((o) => o.count > 0)
    .map((o) => `<vscode-table-row><vscode-table-cell>${esc(o.label)}</vscode-table-cell><vscode-table-cell>${o.count}</vscode-table-cell></vscode-table-row>`)
    .join('');
  const chart = s.byKind.length ? barChartSvg(s.byKind.slice(0, 20).map((k) => ({ label: k.kind, value: k.count })), { title: 'Findings by credential kind', id: 'kinds' }) : '<p>No open findings.</p>';
  const identities = s.identities
    .map((i) => {
      const places = i.places
        .map((p) => `<li><a href="#" class="place" data-folder="${esc(folderOf(p.path))}" data-path="${esc(p.path)}" data-line="${p.line}">${esc(p.path)}:${p.line}</a></li>`)
        .join('');
      // The collapsible's title is shown in capitals: it carries the kind; the case-sensitive name goes in the description.
      return `<vscode-collapsible title="${esc(i.kind)}" description="${esc(`${i.name} · ${i.placeCount} place${i.placeCount === 1 ? '' : 's'}${i.severity ? ` · ${i.severity}` : ''}`)}"><ul class="places">${places}</ul></vscode-collapsible>`;
    })
    .join('');
  const files = s.totals.filesScanned !== undefined ? `${s.totals.filesScanned} files scanned · ` : '';
  return `<main>
<header><h1>NHI Lens Report</h1>
<p class="meta">${files}${s.totals.open} open finding${s.totals.open === 1 ? '' : 's'} · ${s.totals.suppressed} suppressed · ${s.totals.skipped} skipped</p>
<div class="actions">
<vscode-button data-action="export" data-format="sarif">Export SARIF</vscode-button>
<vscode-button data-action="export" data-format="json" secondary>JSON</vscode-button>
<vscode-button data-action="export" data-format="markdown" secondary>Markdown</vscode-button>
<vscode-button data-action="export" data-format="html" secondary>HTML</vscode-button>
<vscode-button data-action="audit" secondary>Re-run audit</vscode-button>
</div></header>
<section aria-labelledby="h-sev"><h2 id="h-sev">By severity</h2><div class="counts">${sev}</div></section>
<section aria-labelledby="h-owasp"><h2 id="h-owasp">By OWASP Non-Human Identities Top 10 (2025)</h2>
<vscode-table zebra bordered-rows><vscode-table-header slot="header"><vscode-table-header-cell>Item</vscode-table-header-cell><vscode-table-header-cell>Findings</vscode-table-header-cell></vscode-table-header><vscode-table-body slot="body">${owasp}</vscode-table-body></vscode-table></section>
<section aria-labelledby="h-kind"><h2 id="h-kind">By credential kind</h2><div class="chart">${chart}</div></section>
<section aria-labelledby="h-id"><h2 id="h-id">Identities (${s.identities.length}) and where each is used</h2>${identities || '<p>None.</p>'}</section>
</main>`;
}
