/**
 * The UI flow: what a person sees and does in one code-server window, in order (each step builds
 * on the workspace the previous ones changed). Keyboard, palette and clicks only; the checks read
 * the DOM and the files on disk. Registered by vscode.e2e.test.ts, which finds the tools.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../src/core/config/load';
import { scanPaths } from '../../src/core/scan';
import { validateSarif } from '../helpers/sarif';
import { launchBrowser, Workbench, type BrowserSession } from './harness/browser';
import { startCodeServer, type CodeServer } from './harness/codeServer';
import { EXTENSION_DIR, writeArtifact } from './harness/paths';
import { createScratch, type Scratch } from './harness/scratch';
import type { E2eTools } from './harness/tools';
import { createWorkspace, plantedValue, plantedValues, type CreatedWorkspace } from './harness/workspace';
import type { Planted } from './planted';

/** The status bar item's DOM id: `<publisher>.<name>.<item id>`. */
const STATUS_ITEM = 'nhi-lens.nhi-lens.nhiLens.status';
/** The `viewsContainers` id of the NHI Lens side bar. */
const CONTAINER = 'nhiLens';
const SUPPRESS_REASON = 'test fixture for the e2e suite';

/** Waits until `check` returns a value (polling the disk or the DOM), or throws `what`. */
async function until<T>(wb: Workbench, what: string, check: () => T | undefined | Promise<T | undefined>, timeout = 15_000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${timeout} ms`);
    await wb.page.waitForTimeout(200);
  }
}

/** Runs `fn` without ajv's "unknown format … ignored" warnings (the SARIF schema uses formats ajv-draft-04 does not check). */
function quietly<T>(fn: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!/^unknown format /.test(String(args[0]))) warn(...args);
  };
  try {
    return fn();
  } finally {
    console.warn = warn;
  }
}

/** The tree's group label for a credential value: kind and redacted preview. */
const groupLabel = (p: Planted) => `${p.kind} ${p.redacted}`;

export function describeUiFlow(getTools: () => E2eTools): void {
  describe('UI flow', () => {
    let scratch: Scratch | undefined;
    let server: CodeServer | undefined;
    let browser: BrowserSession | undefined;
    let wb: Workbench;
    let ws: CreatedWorkspace;
    /** The planted values: screenshots paint over them, checks prove the UI never shows them. */
    let hidden: string[];
    let started: number;
    let workbenchOpened: number;
    /** What the audit's summary said: the report and the export must agree with it. */
    let audit: { findings: number; files: number } | undefined;

    before(async () => {
      started = Date.now();
      scratch = createScratch('ui');
      ws = createWorkspace(scratch.dir);
      hidden = plantedValues(ws);
      // Installed the way users get it (by folder in the extensions dir), not as a development host.
      server = await startCodeServer({ tools: getTools(), scratch, extensions: [EXTENSION_DIR], env: ws.env });
      browser = await launchBrowser(getTools(), scratch);
      wb = new Workbench(browser.page, server);
    });

    afterEach(async function () {
      if (this.currentTest?.state === 'failed' && browser) {
        const name = `ui-failed-${this.currentTest.title.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}`;
        await wb.screenshot(name, hidden).catch(() => undefined);
        writeArtifact(`${name}.browser.log`, browser.console.join('\n') + '\n');
      }
    });

    after(async () => {
      await browser?.close();
      await server?.stop();
      if (server) writeArtifact('ui-server.log', server.log());
      scratch?.dispose();
      if (started) console.log(`      UI flow: ${((Date.now() - started) / 1000).toFixed(1)} s including server and browser start/stop`);
    });

    it('lists the unopened file in the Problems panel after start-up, before any command (background scan)', async () => {
      await wb.openWorkbench(ws.root);
      workbenchOpened = Date.now();
      await wb.openProblems();
      // Filtered to the file, so only its own rows count.
      await wb.filterProblems(path.posix.basename(ws.unopened.path));
      const row = await wb.waitForProblem(ws.unopened.ruleId, 90_000);
      console.log(`      unopened.env listed ${((Date.now() - workbenchOpened) / 1000).toFixed(1)} s after the workbench showed`);
      const rowText = (await row.textContent()) ?? '';
      assert.ok(rowText.includes(`[Ln ${ws.unopened.range.startLine + 1}, Col ${ws.unopened.range.startColumn + 1}]`), `row is not at the token: ${rowText}`);
      // The status bar counts open findings once the scan is done ("$(key) N"; a spinner while scanning).
      const label = await until(wb, 'the status bar item shows a count', async () => {
        const l = (await wb.statusBarItem(STATUS_ITEM).getAttribute('aria-label')) ?? '';
        return /^key\s+\d+, NHI Lens: \d+ open findings?/.test(l) ? l : undefined;
      }, 30_000);
      const n = Number(/^key\s+(\d+)/.exec(label)![1]);
      // The five planted findings outside the git-ignored folder, at least.
      assert.ok(n >= 5, `status bar counts ${n} findings: ${label}`);
      await wb.screenshot('ui-background-scan', hidden);
      await wb.filterProblems('');
    });

    it('opens src/app.js and lists the NHI Lens diagnostic in the Problems panel', async () => {
      await wb.quickOpen(ws.app.path);
      await wb.openProblems();
      const row = await wb.waitForProblem(ws.app.title);
      const rowText = (await row.textContent()) ?? '';
      const label = (await row.getAttribute('aria-label')) ?? '';
      await wb.screenshot('ui-problems', hidden);

      assert.ok(rowText.includes('NHI Lens'), `row does not name the source: ${rowText}`);
      assert.ok(rowText.includes(ws.app.ruleId), `row does not show the rule id: ${rowText}`);
      assert.ok(rowText.includes(`[Ln ${ws.app.range.startLine + 1}, Col ${ws.app.range.startColumn + 1}]`), `row is not at the token: ${rowText}`);
      assert.match(label, /^(Error|Warning)/, 'a credential is reported as an error or a warning');
      for (const value of hidden) assert.ok(!rowText.includes(value) && !label.includes(value), 'the Problems panel shows a planted value');

      // Monaco draws squiggles lazily (0 right after the panel opens, 1 a moment later): report, don't fail.
      await wb.page.waitForTimeout(500);
      console.log(`      squiggles drawn in the editor: ${await wb.squiggleCount()} (soft check)`);
    });

    it('replaces the token with an environment variable through the quick fix, saved to disk', async () => {
      const file = path.join(ws.root, ws.app.path);
      const token = plantedValue(ws, ws.app);
      await wb.gotoLine(ws.app.range.startLine + 1, ws.app.range.startColumn + 2);
      await wb.quickFix('Replace with environment variable');
      const name = await wb.inputBox('Replace with environment variable');
      assert.match(await name.inputValue(), /^[A-Z][A-Z0-9_]*$/, 'a variable name is proposed');
      await wb.acceptInput(); // the proposed name
      const after = await until(wb, 'the token leaves src/app.js on disk', () => {
        const t = fs.readFileSync(file, 'utf8');
        return t.includes(token) ? undefined : t;
      });
      assert.match(after, /const token = process\.env\.[A-Z_]+;/);
      await wb.waitForNoProblem(ws.app.ruleId, 15_000);
      // The extension reminds that removing a committed credential is not revoking it.
      const notice = await wb.waitForNotification('rotate', 15_000);
      assert.ok(!hidden.some((v) => notice.includes(v)), 'the rotation notice shows a planted value');
      await wb.screenshot('ui-quick-fix', hidden);
    });

    it('suppresses the Stripe key through the quick fix: asks for a reason, writes the comment above the line, the row goes away', async () => {
      const file = path.join(ws.root, ws.settings.path);
      const line = ws.settings.range.startLine;
      const before = fs.readFileSync(file, 'utf8').split('\n');
      await wb.quickOpen(ws.settings.path);
      await wb.waitForProblem(ws.settings.ruleId);
      await wb.gotoLine(line + 1, ws.settings.range.startColumn + 2);
      await wb.quickFix(`Suppress ${ws.settings.ruleId} on this line with a reason`);
      const reason = await wb.inputBox(`suppress ${ws.settings.ruleId}`);
      // No reason, no suppression: Enter on the empty box keeps it open and says why.
      await wb.page.keyboard.press('Enter');
      await wb.page.waitForTimeout(500);
      assert.ok(await reason.isVisible(), 'Enter on an empty reason closed the box');
      assert.match(await wb.inputMessage(), /reason is required/i);
      await wb.page.keyboard.type(SUPPRESS_REASON);
      assert.equal(await reason.inputValue(), SUPPRESS_REASON);
      await wb.acceptInput();

      const after = await until(wb, 'the suppression comment reaches config/settings.py on disk', () => {
        const lines = fs.readFileSync(file, 'utf8').split('\n');
        return lines.length > before.length ? lines : undefined;
      });
      // Python's comment, the rule and the reason, right above the key; the rest unchanged.
      assert.equal(after[line], `# nhi-lens-ignore ${ws.settings.ruleId}: ${SUPPRESS_REASON}`);
      assert.deepEqual([...after.slice(0, line), ...after.slice(line + 1)], before);
      await wb.waitForNoProblem(ws.settings.ruleId, 15_000);
      await wb.screenshot('ui-suppress', hidden);
    });

    it('runs "NHI Lens: Audit Workspace" from the palette: the unopened file is listed, the git-ignored one is not', async () => {
      await wb.runCommand('NHI Lens: Audit Workspace');
      const summary = await wb.waitForNotification('findings in', 90_000);
      const m = /^NHI Lens: (\d+) findings? in (\d+) files/.exec(summary);
      assert.ok(m, `unexpected audit summary: ${summary}`);
      audit = { findings: Number(m[1]), files: Number(m[2]) };
      await wb.openProblems();
      // Filtered to the file, so the check cannot pass on rows that were there before the filter.
      await wb.filterProblems(path.posix.basename(ws.unopened.path));
      await wb.waitForNoProblem(ws.workflowKey.ruleId);
      await wb.waitForProblem(ws.unopened.ruleId);
      await wb.screenshot('ui-audit', hidden);
      await wb.filterProblems(path.posix.basename(ws.ignored.path));
      await wb.waitForNoProblem(ws.unopened.ruleId);
      await wb.page.waitForTimeout(500);
      const ignoredRows = await wb.problemRows();
      await wb.filterProblems('');
      assert.deepEqual(ignoredRows.map((r) => r.label), [], `${ws.ignored.path} is git-ignored but listed`);
      // The engine itself, on the same files on disk, agrees with the summary: the replaced token
      // is gone, the Stripe key is suppressed (and only it), the git-ignored file is not read.
      const { config } = await loadConfig(ws.root);
      const engine = await scanPaths([ws.root], { config, cwd: ws.root, root: ws.root, includeSuppressed: true, workers: 1 });
      assert.deepEqual(audit, { findings: engine.findings.filter((f) => !f.suppressed).length, files: engine.stats.files }, summary);
      assert.deepEqual(engine.findings.filter((f) => f.suppressed).map((f) => f.ruleId), [ws.settings.ruleId]);
    });

    it('clicking the status bar item opens the NHI Lens view; a group expands and its leaf opens the file at the line', async () => {
      const item = wb.statusBarItem(STATUS_ITEM);
      const counted = Number(/^key\s+(\d+)/.exec((await item.getAttribute('aria-label')) ?? '')?.[1]);
      await item.click();
      const groups = wb.treeRows(CONTAINER, { level: 1 });
      await groups.first().waitFor({ timeout: 30_000 });
      const shown = await until(wb, 'the tree lists the planted credentials', async () => {
        const texts = await groups.allTextContents();
        return texts.some((t) => t.includes(groupLabel(ws.workflowKey))) && texts.some((t) => t.includes(groupLabel(ws.unopened))) ? texts : undefined;
      });
      // Fixed and suppressed findings are gone from the tree; the rest add up to the status bar's count.
      assert.ok(!shown.some((t) => t.includes(groupLabel(ws.settings))), `the suppressed Stripe key is still a group: ${JSON.stringify(shown)}`);
      assert.ok(!shown.some((t) => t.includes(groupLabel(ws.app))), `the replaced token is still a group: ${JSON.stringify(shown)}`);
      const places = shown.map((t) => Number(/(\d+) places?/.exec(t)?.[1] ?? NaN));
      assert.equal(places.reduce((a, b) => a + b, 0), counted, `the groups' places ${JSON.stringify(shown)} do not add up to the status bar's ${counted}`);
      for (const value of hidden) assert.ok(!shown.some((t) => t.includes(value)), 'the tree shows a planted value');

      const key = ws.workflowKey;
      await wb.expandTreeRow(wb.treeRows(CONTAINER, { level: 1, contains: groupLabel(key) }).first());
      const leaf = wb.treeRows(CONTAINER, { level: 2, contains: `${key.path}:${key.range.startLine + 1}` }).first();
      await leaf.waitFor({ timeout: 15_000 });
      await leaf.click();
      await wb.page.locator(`.tab.active[aria-label*=${JSON.stringify(path.posix.basename(key.path))}]`).waitFor({ timeout: 30_000 });
      const cursor = await until(wb, 'the cursor moves to the finding', async () => {
        const c = await wb.cursor();
        return c?.line === key.range.startLine + 1 ? c : undefined;
      });
      // The leaf selects the credential: the cursor sits at its end.
      assert.equal(cursor.column, key.range.endColumn + 1);
      await wb.screenshot('ui-tree', hidden);
    });

    it('"NHI Lens: Show Report" shows the counts, the chart and the identities of the audit', async () => {
      assert.ok(audit, 'needs the audit step');
      await wb.runCommand('NHI Lens: Show Report');
      const view = wb.webview();
      const meta = view.locator('p.meta');
      await meta.waitFor({ timeout: 60_000 });
      const metaText = await meta.innerText();
      const m = /^(\d+) files scanned · (\d+) open findings? · (\d+) suppressed/.exec(metaText);
      assert.ok(m, `unexpected report header: ${metaText}`);
      assert.deepEqual({ files: Number(m[1]), findings: Number(m[2]) }, audit, 'the report disagrees with the audit summary');
      assert.equal(Number(m[3]), 1, 'the Stripe key suppressed with a reason counts as suppressed');

      const bySeverity = (await view.locator('.counts .count .n').allTextContents()).map(Number);
      assert.equal(bySeverity.length, 5, 'one box per severity');
      assert.equal(bySeverity.reduce((a, b) => a + b, 0), audit.findings);

      // The chart: one bar per credential kind, its <title> "kind: n"; the bars add up to the findings.
      assert.equal(await view.locator('.chart svg[role="img"]').count(), 1, 'the SVG chart is missing');
      const bars = await view.locator('.chart svg rect.bar title').allTextContents();
      assert.ok(bars.length > 0, 'the chart has no bars');
      assert.equal(bars.map((b) => Number(/: (\d+)$/.exec(b)?.[1])).reduce((a, b) => a + b, 0), audit.findings, `bars: ${JSON.stringify(bars)}`);

      // Identities by name (the redacted preview for a value), first in the collapsibles' descriptions.
      const collapsibles = view.locator('vscode-collapsible');
      const names: string[] = [];
      for (let i = 0, n = await collapsibles.count(); i < n; i++) names.push(((await collapsibles.nth(i).getAttribute('description')) ?? '').split(' · ')[0]);
      const heading = await view.locator('#h-id').innerText();
      assert.equal(heading, `Identities (${names.length}) and where each is used`);
      for (const p of [ws.workflowKey, ws.unopened]) assert.ok(names.includes(p.redacted), `identity ${p.redacted} missing from ${JSON.stringify(names)}`);
      for (const p of [ws.settings, ws.app]) assert.ok(!names.includes(p.redacted), `${p.path}'s credential is no longer open but listed: ${JSON.stringify(names)}`);

      const body = await view.locator('body').innerText();
      for (const value of hidden) assert.ok(!body.includes(value), 'the report shows a planted value');
      await wb.hidePanel(); // room for the chart and the identities
      await wb.screenshot('ui-report', hidden);
    });

    it('exports SARIF from the palette through the save dialog: valid SARIF 2.1.0, no planted value, the suppression kept', async () => {
      assert.ok(audit && scratch, 'needs the audit step');
      const target = path.join(scratch.sub('exports'), 'audit.sarif');
      await wb.runCommand('NHI Lens: Export Report (SARIF, JSON, Markdown, HTML)');
      await wb.pick('SARIF', 'SARIF 2.1.0');
      const proposed = await wb.saveAs(target, { beforeEnter: () => wb.screenshot('ui-export-dialog', hidden) });
      assert.ok(proposed.endsWith('.sarif'), `the dialog proposed ${proposed}`);
      await wb.waitForNotification('SARIF report written to', 30_000);
      await wb.screenshot('ui-export', hidden);
      const text = await until(wb, `${target} is written`, () => (fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined));

      for (const value of hidden) assert.ok(!text.includes(value), 'the SARIF file holds a planted value');
      const log = JSON.parse(text) as { runs: Array<{ results: Array<{ ruleId: string; suppressions?: Array<{ kind: string; justification?: string }> }> }> };
      assert.deepEqual(quietly(() => validateSarif(log)), [], 'not valid SARIF 2.1.0');
      const results = log.runs.flatMap((r) => r.results);
      const ruleIds = new Set(results.map((r) => r.ruleId));
      for (const p of [ws.workflowKey, ws.workflowStaticKeys, ws.unopened]) assert.ok(ruleIds.has(p.ruleId), `no ${p.ruleId} result`);
      const stripe = results.filter((r) => r.ruleId === ws.settings.ruleId);
      assert.deepEqual(stripe.map((r) => r.suppressions), [[{ kind: 'inSource', justification: SUPPRESS_REASON }]]);
      assert.equal(results.filter((r) => !r.suppressions?.length).length, audit.findings, 'open results differ from the audit summary');
    });
  });
}
