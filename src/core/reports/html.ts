/**
 * One self-contained HTML file to hand to people who do not run the tool: inline CSS, inline SVG,
 * no script and no remote resource (a Content-Security-Policy forbids both), light and dark, and
 * printable. Every string from the scan is escaped: file names can hold markup.
 */
import { owaspLabel } from '../owasp';
import { SEVERITIES, type Finding } from '../types';
import { escapeHtml as e } from './escape';
import { ruleHelpUri, type ReportInput } from './model';
import { barChartSvg } from './svgChart';
import { summarize, type IdentitySummary, type ReportSummary } from './summary';

export interface HtmlOptions {
  /** The report's date (default: now); tests pin it. */
  now?: Date;
}

export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const CSS = `
:root { color-scheme: light dark; --fg: #1d2230; --muted: #5b6275; --bg: #ffffff; --panel: #f4f6fa; --line: #d9dee8; --link: #1f5fbf; --bar: #4f7fd9;
  --critical: #a4161a; --high: #d9480f; --medium: #b08900; --low: #2f7d32; --info: #5b6275; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e4e7ee; --muted: #a3aabb; --bg: #15181f; --panel: #1f2430; --line: #343b4c; --link: #8ab4f8; --bar: #6d9cf0;
    --critical: #ff6b6b; --high: #ff922b; --medium: #ffd43b; --low: #69db7c; --info: #a3aabb; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 22px; margin: 0 0 8px; } h2 { font-size: 17px; margin: 28px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
a { color: var(--link); }
td.path { min-width: 16ch; }
code, .path { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; overflow-wrap: anywhere; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; color: var(--muted); } dl.meta dd { margin: 0; color: var(--fg); }
ul.counts { display: flex; flex-wrap: wrap; gap: 10px; list-style: none; padding: 0; margin: 0; }
ul.counts li { background: var(--panel); border: 1px solid var(--line); border-left: 5px solid var(--sev, var(--line)); border-radius: 6px; padding: 8px 14px; min-width: 110px; }
ul.counts .n { display: block; font-size: 22px; font-weight: 600; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--panel); font-weight: 600; } td.num, th.num { text-align: right; }
.sev { font-weight: 600; color: var(--sev); text-transform: uppercase; font-size: 12px; }
.critical { --sev: var(--critical); } .high { --sev: var(--high); } .medium { --sev: var(--medium); } .low { --sev: var(--low); } .info { --sev: var(--info); }
.muted { color: var(--muted); } .title { display: block; color: var(--muted); }
ul.places { margin: 0; padding-left: 18px; }
figure { margin: 0; color: var(--fg); } svg .bar { fill: var(--bar); }
@media print {
  :root { --fg: #000; --muted: #333; --bg: #fff; --panel: #eee; --line: #bbb; --link: #000; }
  body { max-width: none; padding: 0; font-size: 11px; }
  tr, li, figure { break-inside: avoid; } h2 { break-after: avoid; }
  a { text-decoration: none; }
}
`;

function severityCell(severity: string | undefined): string {
  return severity ? `<span class="sev ${e(severity)}">${e(severity)}</span>` : '<span class="muted">—</span>';
}

function header(input: ReportInput, summary: ReportSummary, now: Date): string {
  const rows: Array<[string, string]> = [['Version', input.tool.version]];
  if (input.root) rows.push(['Root', input.root]);
  rows.push(['Date', now.toISOString()]);
  if (summary.totals.filesScanned !== undefined) rows.push(['Files scanned', String(summary.totals.filesScanned)]);
  rows.push(['Files skipped', String(summary.totals.skipped)], ['Open findings', String(summary.totals.open)], ['Suppressed', String(summary.totals.suppressed)]);
  return `<header><h1>${e(input.tool.name)} report</h1><dl class="meta">${rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${k === 'Root' ? `<span class="path">${e(v)}</span>` : e(v)}</dd>`).join('')}</dl></header>`;
}

function counts(summary: ReportSummary): string {
  const severities = summary.bySeverity.map((s) => `<li class="${e(s.severity)}"><span class="n">${s.count}</span><span class="sev">${e(s.severity)}</span></li>`).join('');
  const owasp = summary.byOwasp.filter((o) => o.count > 0);
  const owaspTable = owasp.length
    ? `<table><thead><tr><th>OWASP NHI Top 10 (2025)</th><th class="num">Findings</th></tr></thead><tbody>${owasp.map((o) => `<tr><td>${e(o.label)}</td><td class="num">${o.count}</td></tr>`).join('')}</tbody></table>`
    : '<p class="muted">No open findings.</p>';
  return `<section id="severity"><h2>Findings by severity</h2><ul class="counts">${severities}</ul></section><section id="owasp"><h2>Findings by OWASP NHI item</h2>${owaspTable}</section>`;
}

function chart(summary: ReportSummary): string {
  const rows = summary.byKind.map((k) => ({ label: k.kind, value: k.count }));
  return `<section id="kinds"><h2>Findings by kind</h2><figure>${barChartSvg(rows, { title: 'Open findings by credential kind', id: 'by-kind' })}</figure></section>`;
}

function findingRow(f: Finding): string {
  const what = f.redacted ? `<code>${e(f.redacted)}</code>` : f.identity ? `<span class="muted">(${e(f.identity)})</span>` : '';
  return (
    '<tr>' +
    `<td>${severityCell(f.severity)}</td>` +
    `<td><a href="${e(ruleHelpUri(f.ruleId))}">${e(f.ruleId)}</a><span class="title">${e(f.title)}</span></td>` +
    `<td>${e(f.kind)}</td>` +
    `<td class="path">${e(`${f.path}:${f.range.startLine + 1}`)}</td>` +
    `<td>${what}</td>` +
    `<td>${e(owaspLabel(f.owasp))}</td>` +
    `<td>${e(f.remediation)}</td>` +
    '</tr>'
  );
}

function findings(input: ReportInput): string {
  // Most severe first; the sort is stable, so the engine's path order holds within a severity.
  const open = input.findings.filter((f) => !f.suppressed).sort((a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity));
  const body = open.length
    ? `<table><thead><tr><th>Severity</th><th>Rule</th><th>Kind</th><th>Location</th><th>Secret or identity</th><th>OWASP NHI</th><th>Remediation</th></tr></thead><tbody>${open.map(findingRow).join('')}</tbody></table>`
    : '<p>No findings.</p>';
  return `<section id="findings"><h2>Findings (${open.length})</h2>${body}</section>`;
}

function identityRow(i: IdentitySummary): string {
  const name = i.preview ? `<code>${e(i.preview)}</code>` : `<code>${e(i.name)}</code>`;
  const places = i.places.map((p) => `<li class="path">${e(`${p.path}:${p.line}`)}</li>`).join('');
  return (
    '<tr>' +
    `<td>${name}</td><td>${e(i.kind)}<span class="title">${e(i.platform)}</span></td><td>${severityCell(i.severity)}</td>` +
    `<td class="num">${i.placeCount}</td><td><ul class="places">${places}</ul></td>` +
    '</tr>'
  );
}

function identities(summary: ReportSummary): string {
  const body = summary.identities.length
    ? `<table><thead><tr><th>Identity</th><th>Kind</th><th>Highest severity</th><th class="num">Places</th><th>Where it is used</th></tr></thead><tbody>${summary.identities.map(identityRow).join('')}</tbody></table>`
    : '<p class="muted">No machine identities found.</p>';
  return `<section id="identities"><h2>Machine identities (${summary.identities.length})</h2>${body}</section>`;
}

function skipped(input: ReportInput): string {
  const list = input.skipped ?? [];
  const body = list.length
    ? `<table><thead><tr><th>Path</th><th>Reason</th></tr></thead><tbody>${list.map((s) => `<tr><td class="path">${e(s.path)}</td><td>${e(s.reason)}</td></tr>`).join('')}</tbody></table>`
    : '<p class="muted">No file was skipped.</p>';
  return `<section id="skipped"><h2>Skipped files (${list.length})</h2>${body}</section>`;
}

export function renderHtml(input: ReportInput, options: HtmlOptions = {}): string {
  const summary = summarize(input);
  const now = options.now ?? new Date();
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // A constant without `"` or `&`: written as is, so the policy reads literally in the file.
    `<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${e(input.tool.name)} report</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    header(input, summary, now),
    '<main>',
    counts(summary),
    chart(summary),
    findings(input),
    identities(summary),
    skipped(input),
    '</main>',
    `<footer><p class="muted">Secret values are never included: previews show at most 4 characters.</p></footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
