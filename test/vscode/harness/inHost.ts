/**
 * Runs the mocha suite in test/vscode/inhost inside code-server's extension host, with the real
 * `vscode` API. code-server rejects the desktop flags, so this uses the web client's smoke-test
 * driver: the server runs with `enable-smoke-test-driver`, the URL `payload` names the extension
 * and the tests, and the page reports mocha's output through `codeAutomationLog` and the result
 * through `codeAutomationExit` (the server's exit code says nothing about the tests).
 */
import * as fs from 'node:fs';
import { format } from 'node:util';
import { launchBrowser, Workbench } from './browser';
import { startCodeServer } from './codeServer';
import { EXTENSION_DIR, IN_HOST_TESTS, writeArtifact } from './paths';
import { MOCHA_BEGIN, MOCHA_END } from '../inhost/markers';
import { maskSecrets } from './redact';
import { createScratch } from './scratch';
import type { E2eTools } from './tools';
import { createWorkspace } from './workspace';

export interface InHostOptions {
  tools: E2eTools;
  /** Whole-run limit, start-up included (default 180 s). */
  timeoutMs?: number;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Extra environment for the extension host. */
  env?: Record<string, string>;
  /** Open this folder instead of a fresh planted workspace (benchmarks). */
  workspaceDir?: string;
  /** Run this module's `run()` instead of the in-host suite (benchmarks). */
  testsPath?: string;
}

export interface InHostResult {
  /** 0: all passed; 1: mocha failures or the suite could not load; -1: no result in time. */
  exitCode: number;
  /** mocha's spec output (everything the page logged when mocha never started), plus harness notes. */
  log: string;
  /** Everything the page logged, prefixed with the console level. */
  fullLog: string;
  durationMs: number;
}

/** The lines between the markers inhost/index.ts prints, without the level prefix; all lines if mocha never began. */
export function mochaSection(lines: readonly string[]): string[] {
  const text = (l: string) => l.replace(/^\w+: /, '');
  const begin = lines.findIndex((l) => text(l) === MOCHA_BEGIN);
  if (begin < 0) return [...lines];
  const end = lines.findIndex((l, i) => i > begin && text(l) === MOCHA_END);
  return lines.slice(begin + 1, end < 0 ? undefined : end).map(text);
}

export async function runInHost(options: InHostOptions): Promise<InHostResult> {
  const testsPath = options.testsPath ?? IN_HOST_TESTS;
  for (const needed of [testsPath, `${EXTENSION_DIR}/dist/extension.js`]) {
    if (!fs.existsSync(needed)) throw new Error(`${needed} is missing: run \`node esbuild.config.mjs && tsc -p tsconfig.test.json\` first`);
  }
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 180_000;
  const scratch = createScratch('inhost');
  const lines: string[] = [];
  /** What the harness itself has to say (timeouts, browser errors), appended to both logs. */
  const notes: string[] = [];
  let server: Awaited<ReturnType<typeof startCodeServer>> | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  try {
    const ws = options.workspaceDir ? { root: options.workspaceDir, env: {} as Record<string, string> } : createWorkspace(scratch.dir);
    server = await startCodeServer({
      tools: options.tools,
      scratch,
      smokeTestDriver: true,
      settings: options.settings,
      env: { ...ws.env, ...options.env },
    });
    browser = await launchBrowser(options.tools, scratch);
    let finish: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (finish = resolve));
    // Both hooks must exist before the page loads: the workbench looks them up at start.
    await browser.page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      lines.push(`${type}: ${Array.isArray(args) ? format(...(args as unknown[])) : String(args)}`);
    });
    await browser.page.exposeFunction('codeAutomationExit', (code: number) => finish(Number(code)));
    const remote = (p: string) => `vscode-remote://${server!.authority}${p}`;
    const workbench = new Workbench(browser.page, server);
    await workbench.openWorkbench(ws.root, [
      ['extensionDevelopmentPath', remote(EXTENSION_DIR)],
      ['extensionTestsPath', remote(testsPath)],
    ]);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-1), Math.max(0, timeoutMs - (Date.now() - started)))));
    const exitCode = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (exitCode === -1) notes.push(`[harness] no codeAutomationExit within ${timeoutMs} ms`);
    // Page errors only matter when the suite never ran; otherwise they are the usual offline noise.
    const mochaBegan = lines.some((l) => l.endsWith(MOCHA_BEGIN));
    if (!mochaBegan && browser.console.length) notes.push('[harness] mocha never started; browser errors:', ...browser.console);
    const log = maskSecrets([...mochaSection(lines), ...notes].join('\n'));
    return { exitCode, log, fullLog: maskSecrets([...lines, ...notes].join('\n')), durationMs: Date.now() - started };
  } finally {
    await browser?.close();
    await server?.stop();
    writeArtifact('inhost-page.log', [...lines, ...notes].join('\n') + '\n');
    if (server) writeArtifact('inhost-server.log', server.log());
    scratch.dispose();
  }
}
