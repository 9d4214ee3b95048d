import * as assert from 'node:assert/strict';
import { render, REPORT_FORMATS } from '../../../src/core/reports';
import { renderHtml } from '../../../src/core/reports/html';
import { RULE_DOCS_BASE, ruleHelpUri } from '../../../src/core/reports/model';
import { barChartSvg } from '../../../src/core/reports/svgChart';
import { summarize } from '../../../src/core/reports/summary';
import type { ReportInput } from '../../../src/core/reports/model';
import { HOSTILE_NAME, plantedTree, type PlantedTree } from './plantedTree';

const tool = { name: 'NHI Lens', version: '0.1.0', informationUri: 'https://github.com/nhi-lens/nhi-lens' };
const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`;

/** The markup of one `<section id=…>`. */
function section(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}">`);
  assert.ok(start >= 0, `no section ${id}`);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('HTML report', () => {
  let tree: PlantedTree;
  let input: ReportInput;
  let html: string;
  before(async () => {
    tree = await plantedTree();
    input = { ...tree.result, tool, root: tree.dir };
    html = render('html', input);
  });

  it('is a registered format and a complete document with the Content-Security-Policy', () => {
    assert.ok(REPORT_FORMATS.includes('html'));
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.ok(html.trimEnd().endsWith('</html>'));
    assert.ok(html.includes(CSP));
    assert.ok(html.indexOf(CSP) < html.indexOf('<style>'), 'policy comes before any content');
    assert.match(html, /@media \(prefers-color-scheme: dark\)/);
    assert.match(html, /@media print/);
  });

  it('has no script and loads nothing: the only URLs are rule-doc links', () => {
    assert.ok(!/<script/i.test(html));
    assert.ok(!/<(link|img|iframe|object|embed|audio|video|source|base|form)\b/i.test(html));
    // Text can only hold escaped `<`, so every `<name …>` is a real tag: check the attribute names of each.
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    assert.ok(tags.length > 50);
    for (const tag of tags) {
      const names = tag.replace(/"[^"]*"/g, '').match(/\s[a-z:-]+(?==)/gi) ?? [];
      for (const name of names) assert.ok(!/^\s(on|src|srcset|action|xlink:href|formaction|poster|data$)/i.test(name), `${name.trim()} in ${tag}`);
    }
    assert.ok(!/url\(|@import/i.test(html), 'CSS resource');
    const urls = html.match(/[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)]*/gi) ?? [];
    assert.ok(urls.length > 0);
    for (const url of urls) assert.ok(url.startsWith(`${RULE_DOCS_BASE}#`), url);
    const hrefs = [...html.matchAll(/<([a-z]+)[^>]*\shref="([^"]*)"/gi)];
    assert.equal(hrefs.length, urls.length, 'every URL is the href of a link');
    for (const [, tag] of hrefs) assert.equal(tag.toLowerCase(), 'a');
  });

  it('escapes every string: a file name that is markup stays text', () => {
    assert.ok(!html.includes(HOSTILE_NAME));
    assert.ok(!/<img/i.test(html));
    const escaped = '&lt;img src=x onerror=alert(1)&gt;.env';
    assert.ok(section(html, 'findings').includes(`${escaped}:1`), 'finding location');
    assert.ok(section(html, 'identities').includes(`${escaped}:1`), 'identity place');
    // And the hostile name in the root, the title of a finding and a skip reason is escaped too.
    const hostile = renderHtml({
      findings: tree.result.findings.map((f) => ({ ...f, title: `${f.title} <b>bold</b>` })),
      skipped: [{ path: '"><svg onload=alert(1)>', reason: '<i>binary</i> & odd' }],
      tool: { ...tool, name: 'NHI <Lens>' },
      root: `/tmp/${HOSTILE_NAME}`,
    });
    assert.ok(!/<(b|i|img)>|<svg onload|<img /i.test(hostile));
    assert.ok(hostile.includes('&quot;&gt;&lt;svg onload=alert(1)&gt;'));
    assert.ok(hostile.includes('&lt;i&gt;binary&lt;/i&gt; &amp; odd'));
    assert.ok(hostile.includes('<h1>NHI &lt;Lens&gt; report</h1>'));
  });

  it('never contains a secret value', () => {
    for (const secret of tree.secrets) assert.ok(!html.includes(secret), 'secret in HTML');
    assert.ok(html.includes(`<code>${tree.secrets[0].slice(0, 4)}…</code>`), 'the redacted preview is shown');
  });

  it('header names the tool, version, root and date', () => {
    const fixed = renderHtml(input, { now: new Date('2025-03-04T05:06:07Z') });
    const header = fixed.slice(fixed.indexOf('<header>'), fixed.indexOf('</header>'));
    assert.ok(header.includes('<h1>NHI Lens report</h1>'));
    assert.ok(header.includes('<dt>Version</dt><dd>0.1.0</dd>'));
    assert.ok(header.includes(tree.dir));
    assert.ok(header.includes('2025-03-04T05:06:07.000Z'));
    assert.ok(header.includes(`<dt>Files scanned</dt><dd>${tree.result.stats.files}</dd>`));
  });

  it('counts by severity and by OWASP NHI item match the summary', () => {
    const summary = summarize(input);
    const severity = section(html, 'severity');
    for (const s of summary.bySeverity) assert.ok(severity.includes(`<li class="${s.severity}"><span class="n">${s.count}</span>`), s.severity);
    const owasp = section(html, 'owasp');
    const rows = summary.byOwasp.filter((o) => o.count > 0);
    assert.ok(rows.length >= 3);
    assert.equal((owasp.match(/<tr><td>/g) ?? []).length, rows.length);
    for (const o of rows) assert.ok(owasp.includes(`<td>${o.label}</td><td class="num">${o.count}</td>`), o.id);
  });

  it('the chart has one bar per kind, each with its count in a title', () => {
    const open = tree.result.findings.filter((f) => !f.suppressed);
    const kinds = new Set(open.map((f) => f.kind));
    const chart = section(html, 'kinds');
    assert.match(chart, /<svg role="img" aria-labelledby="by-kind-title"/);
    assert.match(chart, /<title id="by-kind-title">Open findings by credential kind<\/title>/);
    const bars = [...chart.matchAll(/<rect class="bar"[^>]*><title>([^<]*): (\d+)<\/title><\/rect>/g)];
    assert.equal(bars.length, kinds.size);
    assert.deepEqual(new Set(bars.map((b) => b[1])), kinds);
    for (const [, kind, n] of bars) assert.equal(Number(n), open.filter((f) => f.kind === kind).length, kind);
  });

  it('the findings table has one row per open finding, each linked to its rule documentation', () => {
    const open = tree.result.findings.filter((f) => !f.suppressed);
    const table = section(html, 'findings');
    assert.equal((table.match(/<tr><td><span class="sev /g) ?? []).length, open.length);
    for (const f of open) assert.ok(table.includes(`<a href="${ruleHelpUri(f.ruleId)}">${f.ruleId}</a>`), f.ruleId);
    assert.ok(table.includes('deploy/.env:1'));
    assert.ok(table.includes('NHI2:2025 Secret Leakage'));
    assert.ok(table.includes(open.find((f) => f.ruleId === 'github-pat')!.remediation.replace(/'/g, '&#39;')));
  });

  it('lists identities with where each is used, and skipped files with the reason', () => {
    const identities = section(html, 'identities');
    const row = identities.split('<tr>').find((r) => r.includes(`<code>${tree.secrets[0].slice(0, 4)}…</code>`));
    assert.ok(row, 'shared token listed');
    assert.ok(row.includes('<td class="num">2</td>'));
    assert.ok(row.includes('<li class="path">config/app.yml:2</li><li class="path">deploy/.env:1</li>'));
    assert.ok(identities.includes('<code>NPM_TOKEN</code>'));
    assert.ok(identities.includes('.github/workflows/nightly.yml:9'));
    assert.ok(section(html, 'skipped').includes('<tr><td class="path">logo.png</td><td>binary file</td></tr>'));
  });

  it('a clean scan says so instead of empty tables', () => {
    const clean = renderHtml({ findings: [], tool, stats: { files: 3, bytes: 10, skipped: 0, durationMs: 1 } });
    assert.ok(section(clean, 'findings').includes('<p>No findings.</p>'));
    assert.ok(clean.includes('No data'));
    assert.ok(clean.includes(CSP));
  });
});

describe('SVG bar chart', () => {
  it('draws one titled bar per row, scaled to the largest, labels escaped', () => {
    const svg = barChartSvg([{ label: 'a<b>&"c"', value: 10 }, { label: 'b', value: 5 }, { label: 'zero', value: 0 }], { title: 'T <x>', id: 'k', width: 400, labelWidth: 100 });
    assert.match(svg, /^<svg role="img" aria-labelledby="k-title"[^>]*><title id="k-title">T &lt;x&gt;<\/title>/);
    const widths = [...svg.matchAll(/<rect class="bar"[^>]* width="([\d.]+)"/g)].map((m) => Number(m[1]));
    assert.equal(widths.length, 3);
    assert.ok(Math.abs(widths[0] - 2 * widths[1]) < 0.2, `${widths}`);
    assert.equal(widths[2], 0);
    assert.ok(svg.includes('<title>a&lt;b&gt;&amp;&quot;c&quot;: 10</title>'));
    assert.ok(!svg.includes('<b>'));
    assert.ok(!/https?:/.test(svg));
  });

  it('shortens long labels but keeps the full one in the bar title', () => {
    const label = 'x'.repeat(80);
    const svg = barChartSvg([{ label, value: 1 }], { title: 'T', labelWidth: 100 });
    assert.ok(svg.includes(`<title>${label}: 1</title>`));
    assert.ok(!svg.includes(`>${label}</text>`));
    assert.match(svg, />x+…<\/text>/);
  });
});
