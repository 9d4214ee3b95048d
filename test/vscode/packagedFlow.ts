/**
 * The packaged extension: `npm run package` builds nhi-lens.vsix, a fresh code-server installs it
 * with `--install-extension` (nothing else loaded, no development host, no payload), and the
 * planted workspace gets its diagnostic. Proves the .vsix installs and works with no other step.
 * Registered last by vscode.e2e.test.ts: packaging rewrites dist/ (put back in `after`).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, Workbench, type BrowserSession } from './harness/browser';
import { startCodeServer, type CodeServer } from './harness/codeServer';
import { EXTENSION_DIR, writeArtifact } from './harness/paths';
import { createScratch, type Scratch } from './harness/scratch';
import type { E2eTools } from './harness/tools';
import { listFiles, packageVsix, rebuildDevelopment } from './harness/vsix';
import { createWorkspace, plantedValues, type CreatedWorkspace } from './harness/workspace';

export function describePackagedExtension(getTools: () => E2eTools): void {
  describe('packaged extension (.vsix) in a fresh code-server', () => {
    let scratch: Scratch | undefined;
    let server: CodeServer | undefined;
    let browser: BrowserSession | undefined;
    let wb: Workbench;
    let ws: CreatedWorkspace;
    let hidden: string[];
    let started: number;
    let packaged = false;

    before(async function () {
      this.timeout(360_000);
      started = Date.now();
      packaged = true; // from here on dist/ may be the production build
      const vsix = packageVsix();
      console.log(`      npm run package: ${(vsix.durationMs / 1000).toFixed(1)} s, ${(fs.statSync(vsix.file).size / 1024).toFixed(0)} KiB`);
      scratch = createScratch('vsix');
      ws = createWorkspace(scratch.dir);
      hidden = plantedValues(ws);
      // No `extensions`, no `env`: only what the .vsix installs.
      server = await startCodeServer({ tools: getTools(), scratch, vsix: vsix.file });
      browser = await launchBrowser(getTools(), scratch);
      wb = new Workbench(browser.page, server);
    });

    afterEach(async function () {
      if (this.currentTest?.state === 'failed' && browser) {
        const name = `vsix-failed-${this.currentTest.title.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}`;
        await wb.screenshot(name, hidden).catch(() => undefined);
        writeArtifact(`${name}.browser.log`, browser.console.join('\n') + '\n');
      }
    });

    after(async function () {
      this.timeout(180_000);
      await browser?.close();
      await server?.stop();
      if (server) writeArtifact('vsix-server.log', server.log());
      scratch?.dispose();
      // Source maps and an unminified bundle again, for whoever runs next.
      if (packaged) rebuildDevelopment();
      if (started) console.log(`      packaged extension: ${((Date.now() - started) / 1000).toFixed(1)} s including packaging, install, server and browser start/stop`);
    });

    it('is installed by code-server --install-extension as a folder holding only what ships', () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
      const installed = fs.readdirSync(server!.extensionsDir).filter((n) => !n.startsWith('.') && n !== 'extensions.json');
      const folder = `${pkg.publisher}.${pkg.name}-${pkg.version}`;
      assert.deepEqual(installed, [folder], 'exactly the packaged extension is installed');
      const dir = path.join(server!.extensionsDir, folder);
      assert.ok(!fs.lstatSync(dir).isSymbolicLink(), 'installed from the .vsix, not linked to the repository');
      const files = listFiles(dir);
      for (const needed of ['package.json', 'dist/extension.js', 'dist/worker/scanWorker.js', 'dist/worker/analyzeWorker.js', 'dist/media/vscode-elements.js', 'media/report.js', 'media/report.css', 'media/nhi-lens.svg']) {
        assert.ok(files.includes(needed), `${needed} is not in the installed extension: ${JSON.stringify(files)}`);
      }
      const unwanted = files.filter((f) => f.endsWith('.map') || /^(src|test|out|node_modules)\//.test(f));
      assert.deepEqual(unwanted, [], 'sources, tests, source maps or node_modules were packaged');
    });

    it('opens the planted workspace and lists the NHI Lens diagnostic for src/app.js in the Problems panel', async () => {
      await wb.openWorkbench(ws.root);
      await wb.openProblems();
      await wb.filterProblems(path.posix.basename(ws.app.path));
      const row = await wb.waitForProblem(ws.app.ruleId, 90_000);
      const rowText = (await row.textContent()) ?? '';
      assert.ok(rowText.includes('NHI Lens'), `row does not name the source: ${rowText}`);
      assert.ok(rowText.includes(`[Ln ${ws.app.range.startLine + 1}, Col ${ws.app.range.startColumn + 1}]`), `row is not at the token: ${rowText}`);
      for (const value of hidden) assert.ok(!rowText.includes(value), 'the Problems panel shows a planted value');
      // The extension came up from the installed folder, not from a development path.
      assert.ok(!(await browser!.page.title()).includes('Extension Development Host'), 'a development host was opened');
      await wb.screenshot('ui-vsix-problems', hidden);
    });
  });
}
