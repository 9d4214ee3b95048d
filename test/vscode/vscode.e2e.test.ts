/**
 * NHI Lens in a real VS Code: code-server 4.139 (VS Code 1.139) driven by Debian's Chromium.
 * (a) the in-host mocha suite (test/vscode/inhost) runs against the real `vscode` API;
 * (b) the UI flow (uiFlow.ts) does what a person does: Problems panel, quick fixes, audit, the
 * findings tree, the report webview, the SARIF export through the save dialog;
 * (c) the packaged .vsix (packagedFlow.ts) installs into a fresh code-server and works.
 * The tools come from scripts/install-e2e-tools.sh. Without them the tests skip with a notice,
 * unless NHI_LENS_REQUIRE_E2E=1 (CI), where missing tools fail the run.
 */
import * as assert from 'node:assert/strict';
import { runInHost } from './harness/inHost';
import { describeMissing, findTools, type E2eTools } from './harness/tools';
import { describePackagedExtension } from './packagedFlow';
import { describeUiFlow } from './uiFlow';

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

  describeUiFlow(() => tools);
  // Last: packaging rewrites dist/ (its after hook rebuilds it for development).
  describePackagedExtension(() => tools);
});
