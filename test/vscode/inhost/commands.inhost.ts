/**
 * The commands and views the extension contributes, driven through the real command service.
 * Each test is pending (skipped) until its command or view is registered, and runs from then on.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PlantedWorkspace } from '../planted';
import { activateExtension, commandRegistered, fileUri, leaksSecret, nhiDiagnostics, plantedWorkspace, ruleOf, toRange, waitForDiagnostic } from './helpers';

describe('NHI Lens in the extension host: commands and views', () => {
  let planted: PlantedWorkspace;
  /** The planted GitHub token, read from the file: reports must not contain it. */
  let appToken: string;

  before(async () => {
    planted = plantedWorkspace();
    await activateExtension();
    const doc = await vscode.workspace.openTextDocument(fileUri(planted.app.path));
    appToken = doc.getText(toRange(planted.app));
  });

  async function requireCommand(ctx: Mocha.Context, id: string): Promise<void> {
    if (!(await commandRegistered(id))) ctx.skip();
  }

  it('nhiLens.auditWorkspace reports the unopened file and not the git-ignored one', async function () {
    await requireCommand(this, 'nhiLens.auditWorkspace');
    await vscode.commands.executeCommand('nhiLens.auditWorkspace');
    const unopened = await waitForDiagnostic(fileUri(planted.unopened.path), planted.unopened.ruleId, 60_000);
    assert.equal(unopened.range.start.line, planted.unopened.range.startLine);
    assert.deepEqual(nhiDiagnostics(fileUri(planted.ignored.path)).map(ruleOf), [], `${planted.ignored.path} is git-ignored`);
  });

  for (const format of ['sarif', 'json', 'markdown', 'html'] as const) {
    it(`nhiLens.exportReport writes ${format} to the given path without asking, and masks the token`, async function () {
      await requireCommand(this, 'nhiLens.exportReport');
      const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-lens-export-')), `report.${format}`);
      await vscode.commands.executeCommand('nhiLens.exportReport', format, target);
      assert.ok(fs.existsSync(target), `no ${format} report at the target path`);
      const text = fs.readFileSync(target, 'utf8');
      assert.ok(!leaksSecret(text, appToken), `the ${format} report contains the planted token`);
      if (format === 'sarif') {
        const log = JSON.parse(text) as { version: string; runs: { results: { ruleId: string }[] }[] };
        assert.equal(log.version, '2.1.0');
        assert.ok(log.runs[0].results.some((r) => r.ruleId === planted.app.ruleId), 'SARIF has no github-pat result');
      } else if (format === 'json') {
        const report = JSON.parse(text) as { findings: { ruleId: string; path: string }[] };
        assert.ok(report.findings.some((f) => f.ruleId === planted.app.ruleId && f.path.endsWith(planted.app.path)), 'JSON has no github-pat finding for src/app.js');
      } else if (format === 'html') {
        assert.match(text, /<html[\s>]/i);
        assert.ok(text.includes(planted.app.ruleId) || text.includes(planted.app.title), 'HTML does not mention the finding');
      } else {
        assert.ok(text.includes(planted.app.ruleId) || text.includes(planted.app.title), 'Markdown does not mention the finding');
      }
    });
  }

  it('nhiLens.showReport opens the report in a webview', async function () {
    await requireCommand(this, 'nhiLens.showReport');
    await vscode.commands.executeCommand('nhiLens.showReport');
    const webviews = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);
    const end = Date.now() + 10_000;
    while (!webviews().length && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    assert.ok(webviews().length > 0, 'no webview tab after nhiLens.showReport');
  });

  it('contributes the nhiLens.findings view in the nhiLens activity-bar container', async function () {
    const ext = await activateExtension();
    const views = (ext.packageJSON as { contributes?: { views?: Record<string, { id: string }[]> } }).contributes?.views;
    if (!views?.nhiLens) this.skip(); // pending until package.json contributes the container
    assert.ok(views.nhiLens.some((v) => v.id === 'nhiLens.findings'), 'container nhiLens has no nhiLens.findings view');
    // VS Code registers `<viewId>.focus` for every contributed view; running it opens the container.
    await vscode.commands.executeCommand('nhiLens.findings.focus');
  });
});
