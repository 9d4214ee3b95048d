/**
 * Starts code-server (VS Code in a browser) for one test run: loopback only, no auth, a fresh
 * user-data/extensions/XDG/TMPDIR under the run's scratch folder so nothing lands in HOME or the
 * system temp dir, and its own process group so stop() also ends the extension host and the
 * language servers it spawned.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { onProcessExit, type Scratch } from './scratch';
import type { E2eTools } from './tools';

/** Keeps AI/Chat, tips, updates and network lookups out of the way (see docs/testing-in-vscode.md). */
export const DEFAULT_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'files.autoSave': 'off',
  'git.enabled': false,
};

export interface CodeServerOptions {
  tools: E2eTools;
  /** The run's scratch folder; the server's state goes in `<scratch>/server`. */
  scratch: Scratch;
  /** Folder opened when the URL names none. */
  folder?: string;
  /** Merged over DEFAULT_SETTINGS into the user settings.json. */
  settings?: Record<string, unknown>;
  /**
   * `--vscode-option enable-smoke-test-driver`: the web client then honours the URL `payload`
   * (extensionDevelopmentPath / extensionTestsPath) and reports through codeAutomationExit.
   * It also hides notification toasts (read the notification center instead).
   */
  smokeTestDriver?: boolean;
  /** Extra environment for the server, inherited by the extension host (and so by the tests in it). */
  env?: Record<string, string>;
  /**
   * Extension folders to install by symlink into the fresh extensions dir (as `publisher.name-version`).
   * None by default: the server then loads no extension under development.
   */
  extensions?: string[];
  /**
   * A packaged extension to install first, as users do: `code-server --install-extension <vsix>`
   * into the fresh extensions dir.
   */
  vsix?: string;
  /** Milliseconds to wait for /healthz (default 30 s). */
  startTimeoutMs?: number;
}

export interface CodeServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `127.0.0.1:PORT`, the authority of `vscode-remote://` URIs. */
  authority: string;
  /** Process group id (the launcher's pid). */
  pid: number;
  /** The run's own extensions dir (what `extensions` and `vsix` installed). */
  extensionsDir: string;
  logFile: string;
  /** The server's output so far. */
  log(): string;
  /** Ends the whole process group: SIGTERM, then SIGKILL after 5 s. Safe to call twice. */
  stop(): Promise<void>;
}

const LISTENING = /HTTP server listening on (http:\/\/127\.0\.0\.1:(\d+))\//;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** True while any process of the group is alive (signal 0 only checks). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* already gone */
  }
}

async function waitGroupGone(pgid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!groupAlive(pgid)) return true;
    await sleep(100);
  }
  return !groupAlive(pgid);
}

/** Symlinks an unpacked extension into an extensions dir under the folder name VS Code expects. */
function linkExtension(extensionsDir: string, extensionPath: string): void {
  const pkg = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  fs.symlinkSync(extensionPath, path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`), 'dir');
}

/** The environment the server (and the extension host) runs with: Node 24 first, state in scratch. */
function serverEnv(tools: E2eTools, stateDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // A parent VS Code or Electron (tests started from a VS Code terminal) must not leak into this one.
    if (/^(VSCODE_|ELECTRON_)/.test(k) || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  const dir = (...p: string[]) => {
    const d = path.join(stateDir, ...p);
    fs.mkdirSync(d, { recursive: true });
    return d;
  };
  return {
    ...env,
    PATH: `${path.dirname(tools.node24)}${path.delimiter}${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: dir('xdg', 'config'),
    XDG_DATA_HOME: dir('xdg', 'data'),
    XDG_CACHE_HOME: dir('xdg', 'cache'),
    TMPDIR: dir('tmp'),
    ...extra,
  };
}

/** `code-server --install-extension`, with the server's own dirs and environment; throws with its output on failure. */
function installVsix(tools: E2eTools, vsix: string, userDataDir: string, extensionsDir: string, env: NodeJS.ProcessEnv): void {
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} does not exist`);
  const args = [tools.codeServer, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix];
  const r = spawnSync(tools.node24, args, { env, encoding: 'utf8', timeout: 120_000 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status ?? r.signal ?? r.error?.message}):\n${out}`);
  }
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const { tools, scratch } = options;
  const stateDir = scratch.sub('server');
  const userDataDir = path.join(stateDir, 'user-data');
  const extensionsDir = path.join(stateDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }, null, 2));
  for (const ext of options.extensions ?? []) linkExtension(extensionsDir, ext);
  const env = serverEnv(tools, stateDir, options.env ?? {});
  if (options.vsix) installVsix(tools, options.vsix, userDataDir, extensionsDir, env);

  const args = [
    tools.codeServer,
    // Port 0: the kernel picks a free port (no race with a probe), read back from the log.
    '--bind-addr', '127.0.0.1:0',
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  if (options.folder) args.push(options.folder);

  const logFile = path.join(stateDir, 'server.log');
  const out = fs.openSync(logFile, 'w');
  // detached: the child calls setsid(), so its pid is the group id of everything it starts.
  const child = spawn(tools.node24, args, { detached: true, stdio: ['ignore', out, out], env });
  fs.closeSync(out);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error(`code-server did not start (spawn ${tools.node24} failed)`);

  let exited: number | null | undefined;
  child.once('exit', (code, signal) => (exited = code ?? (signal ? -1 : null)));
  const unregister = onProcessExit(() => signalGroup(pid, 'SIGKILL'));
  const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      signalGroup(pid, 'SIGTERM');
      if (!(await waitGroupGone(pid, 5000))) {
        signalGroup(pid, 'SIGKILL');
        await waitGroupGone(pid, 3000);
      }
      unregister();
    })());

  try {
    const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
    let url: string | undefined;
    while (Date.now() < deadline) {
      if (exited !== undefined) throw new Error(`code-server exited with ${exited} before listening`);
      url ??= LISTENING.exec(log())?.[1];
      if (url) {
        const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
        if (ok) return { url, authority: url.replace(/^http:\/\//, ''), pid, extensionsDir, logFile, log, stop };
      }
      await sleep(100);
    }
    throw new Error(`code-server not healthy within ${options.startTimeoutMs ?? 30_000} ms`);
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n--- server log ---\n${log()}`);
  }
}
