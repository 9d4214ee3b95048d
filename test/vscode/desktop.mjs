// Runs the in-host suite (test/vscode/inhost) in desktop VS Code with @vscode/test-electron, on
// machines that can download VS Code (update.code.visualstudio.com) and show a window (Linux CI:
// run under xvfb-run). Same tests, same planted workspace as `npm run test:vscode`, which uses
// code-server instead and needs no download. Usage: `npm run test:desktop`
// (NHI_LENS_VSCODE_VERSION=1.90.0 to pin a version; default: stable).
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const compiled = path.join(root, 'out', 'test', 'vscode');
const extensionTestsPath = path.join(compiled, 'inhost', 'index.js');
const extensionDevelopmentPath = path.resolve(process.env.NHI_LENS_E2E_EXTENSION || root);

for (const needed of [extensionTestsPath, path.join(extensionDevelopmentPath, 'dist', 'extension.js')]) {
  if (!fs.existsSync(needed)) {
    console.error(`test:desktop: ${needed} is missing; build first: node esbuild.config.mjs && tsc -p tsconfig.test.json`);
    process.exit(2);
  }
}

const { createScratch } = require(path.join(compiled, 'harness', 'scratch.js'));
const { createWorkspace } = require(path.join(compiled, 'harness', 'workspace.js'));
const { DEFAULT_SETTINGS } = require(path.join(compiled, 'harness', 'codeServer.js'));

const version = process.env.NHI_LENS_VSCODE_VERSION || 'stable';
let vscodeExecutablePath;
try {
  vscodeExecutablePath = await downloadAndUnzipVSCode({ version, cachePath: path.join(root, '.vscode-test') });
} catch (e) {
  console.error(
    [
      `test:desktop: could not download VS Code ${version}: ${e instanceof Error ? e.message : e}`,
      'This runner needs internet access to update.code.visualstudio.com (the download is cached in .vscode-test/).',
      'Offline, run the same in-host suite in code-server instead: npm run test:vscode',
    ].join('\n'),
  );
  process.exit(2);
}

const scratch = createScratch('desktop');
let code = 1;
try {
  const ws = createWorkspace(scratch.dir);
  const userData = scratch.sub('user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(DEFAULT_SETTINGS, null, 2));
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath,
    extensionTestsPath,
    extensionTestsEnv: ws.env,
    launchArgs: [ws.root, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', userData, '--extensions-dir', scratch.sub('extensions')],
  });
  code = 0;
} catch (e) {
  console.error(`test:desktop: ${e instanceof Error ? e.message : e}`);
} finally {
  scratch.dispose();
}
process.exit(code);
