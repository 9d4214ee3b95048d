/**
 * Entry point the extension host loads as `extensionTestsPath` (code-server via the harness's
 * URL payload, or desktop VS Code via @vscode/test-electron): runs every `*.inhost.js` file of
 * this folder with mocha. Adding a test is dropping a `*.inhost.ts` file here. The names do not
 * match `*.test.js`, so the plain `npm test` mocha never loads them outside VS Code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { MOCHA_BEGIN, MOCHA_END } from './markers';

export function run(): Promise<void> {
  // NHI_LENS_INHOST_GREP narrows the run while working on one test.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, grep: process.env.NHI_LENS_INHOST_GREP || undefined });
  for (const name of fs.readdirSync(__dirname).filter((n) => n.endsWith('.inhost.js')).sort()) {
    mocha.addFile(path.join(__dirname, name));
  }
  return new Promise((resolve, reject) => {
    try {
      console.log(MOCHA_BEGIN);
      mocha.run((failures) => {
        console.log(MOCHA_END);
        if (failures > 0) reject(new Error(`${failures} in-host test(s) failed`));
        else resolve();
      });
    } catch (e) {
      reject(e);
    }
  });
}
