/**
 * NHI Lens in a real VS Code: code-server 4.139 (VS Code 1.139) driven by Debian's Chromium.
 * (a) the in-host mocha suite (test/vscode/inhost) runs against the real `vscode` API;
 * (b) a UI flow checks what a person sees: the Problems panel lists the planted token, the quick
 * fix takes it out of the file, and the audit lists the unopened file but not the git-ignored one.
 * The tools come from scripts/install-e2e-tools.sh. Without them the tests skip with a notice,
 * unless NHI_LENS_REQUIRE_E2E=1 (CI), where missing tools fail the run.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, Workbench, type BrowserSession } from './harness/browser';
import { startCodeServer, type CodeServer } from './harness/codeServer';
import { runInHost } from './harness/inHost';
import { EXTENSION_DIR, writeArtifact } from './harness/paths';
import { createScratch, type Scratch } from './harness/scratch';
import { describeMissing, findTools, type E2eTools } from './harness/tools';
import { createWorkspace, plantedValue, plantedValues, type CreatedWorkspace } from './harness/workspace';

describe('NHI Lens in a real VS Code (code-server + Chromium)', function () {
  this.timeout(180_000);
  let tools: E2eTools;

  before(function () {
    const found = findTools();
    if (!found.ok) {
      const why = describeMissing(found.missing);
      if (process.env.NHI_LENS_REQUIRE_E2E === '1') throw new Error(`${why}\n(NHI_LENS_REQUIRE_E2E=1: the e2e tests may not be skipped)`);
      console.warn(`\n  ⚠ Skipping the VS Code e2e tests. ${why}\n`);
      this.skip();
    }
    tools = found.tools;
  });

  it('passes the in-host suite (real vscode API)', async function () {
    // The suite grows with every *.inhost.ts file; a busy 2-core machine needs the margin.
    this.timeout(360_000);
    const result = await runInHost({ tools, timeoutMs: 330_000 });
    const log = result.log.replace(/^/gm, '      │ ');
    console.log(`      in-host suite: exit code ${result.exitCode} in ${(result.durationMs / 1000).toFixed(1)} s\n${log}`);
    assert.equal(result.exitCode, 0, 'the in-host mocha suite failed: its output is above; the whole page log is test-artifacts/vscode/inhost-page.log');
  });

  describe('UI flow', () => {
    let scratch: Scratch | undefined;
    let server: CodeServer | undefined;
    let browser: BrowserSession | undefined;
    let wb: Workbench;
    let ws: CreatedWorkspace;
    /** The planted values: screenshots paint over them, checks prove the UI never shows them. */
    let hidden: string[];
    let started: number;

    before(async () => {
      started = Date.now();
      scratch = createScratch('ui');
      ws = createWorkspace(scratch.dir);
      hidden = plantedValues(ws);
      // Installed the way users get it (by folder in the extensions dir), not as a development host.
      server = await startCodeServer({ tools, scratch, extensions: [EXTENSION_DIR], env: ws.env });
      browser = await launchBrowser(tools, scratch);
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

    it('opens src/app.js and lists the NHI Lens diagnostic in the Problems panel', async () => {
      await wb.openWorkbench(ws.root);
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
      await wb.acceptInput(); // the proposed variable name
      const end = Date.now() + 15_000;
      while (fs.readFileSync(file, 'utf8').includes(token) && Date.now() < end) await wb.page.waitForTimeout(200);
      const after = fs.readFileSync(file, 'utf8');
      assert.ok(!after.includes(token), 'the token is still in src/app.js on disk');
      assert.match(after, /const token = process\.env\.[A-Z_]+;/);
      await wb.waitForNoProblem(ws.app.ruleId, 15_000);
      // The extension reminds that removing a committed credential is not revoking it.
      const notice = await wb.waitForNotification('rotate', 15_000);
      assert.ok(!hidden.some((v) => notice.includes(v)), 'the rotation notice shows a planted value');
      await wb.screenshot('ui-quick-fix', hidden);
    });

    it('runs "NHI Lens: Audit Workspace" from the palette: the unopened file is listed, the git-ignored one is not', async () => {
      await wb.runCommand('NHI Lens: Audit Workspace');
      const summary = await wb.waitForNotification('findings in', 90_000);
      await wb.openProblems();
      // Filtered to the file, so the check cannot pass on rows that were there before the filter.
      await wb.filterProblems(ws.unopened.path.split('/').pop()!);
      await wb.waitForNoProblem(ws.workflowKey.ruleId);
      await wb.waitForProblem(ws.unopened.ruleId);
      await wb.screenshot('ui-audit', hidden);
      await wb.filterProblems(ws.ignored.path.split('/').pop()!);
      await wb.waitForNoProblem(ws.unopened.ruleId);
      await wb.page.waitForTimeout(500);
      const ignoredRows = await wb.problemRows();
      await wb.filterProblems('');
      assert.deepEqual(ignoredRows.map((r) => r.label), [], `${ws.ignored.path} is git-ignored but listed`);
      assert.match(summary, /^NHI Lens: \d+ findings? in \d+ files/);
    });
  });
});
