/**
 * `nhi-lens sync [paths…] --inventory URL`: scans the repository with the organisation's fingerprint
 * key (fetched from the inventory, so the same secret has the same fingerprint in every repository)
 * and sends the findings and identity uses in batches. Values never leave the machine: only
 * fingerprints, redacted previews, rule ids, paths and lines. The token comes from NHI_LENS_TOKEN
 * only: on a command line it would sit in shell history and the process list.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../core/config/load';
import { Baseline } from '../core/findings/baseline';
import { scanPaths } from '../core/scan';
import { InventoryApiError, InventoryClient, InventoryUnreachable, type InventoryClientOptions } from '../inventory/client';
import { DEFAULT_BATCH_SIZE, buildSyncBatches } from '../inventory/syncPayload';
import { MAX_BATCH_FINDINGS } from '../inventory/model';
import type { RunEnv, RunResult } from './run';

export const SYNC_HELP = `Sync options (the token is read from NHI_LENS_TOKEN, never from the command line):
      --inventory URL                     the inventory service (default: $NHI_LENS_INVENTORY_URL)
      --repository NAME                   host/owner/name (default: git remote origin, else the directory name)
      --commit SHA                        the commit scanned (default: git rev-parse HEAD)
      --partial                           the paths are a subset: resolve nothing (implied for a subset)
      --batch-size N                      findings per request (default ${DEFAULT_BATCH_SIZE})
  -c, --config FILE                       configuration, as for scan
`;

export interface SyncRunOptions {
  /** Absolute paths to scan; the repository root is found from the first. */
  paths: string[];
  cwd: string;
  inventory: string;
  token: string;
  repository?: string;
  commit?: string;
  partial?: boolean;
  batchSize?: number;
  /** Absolute path of the configuration file (default: the nearest .nhi-lens.yaml). */
  configFile?: string;
  /** Scan worker threads (default as for scan). */
  workers?: number;
  /** Client tuning and hooks (retries, timeouts, `onBatchSent`). */
  client?: Omit<InventoryClientOptions, 'baseUrl' | 'token'>;
  progress?: (line: string) => void;
}

export interface SyncSummary {
  url: string;
  repository: string;
  commit?: string;
  mode: 'full' | 'partial';
  /** Why a sync without --partial is partial. */
  note?: string;
  scanId: string;
  batches: number;
  findings: number;
  uses: number;
  created: number;
  updated: number;
  resolved: number;
  identitiesCreated: number;
  identitiesUpdated: number;
  /** Batches the service had applied before (a re-sent run). */
  replays: number;
}

/** The sync stopped: `sent` batches of `total` were acknowledged before `error`. */
export class SyncFailed extends Error {
  constructor(
    readonly error: Error,
    readonly sent: number,
    readonly total: number,
  ) {
    super(error.message);
  }
}

export async function syncCommand(args: string[], env: RunEnv): Promise<RunResult> {
  const usage = (message: string): RunResult => ({ exitCode: 2, stdout: '', stderr: `nhi-lens: ${message}\nRun "nhi-lens sync --help" for usage.\n` });
  // A token pasted as an argument is refused without being echoed.
  if (args.some((a) => /^--token(=|$)/.test(a) || /nhil_[A-Za-z0-9_-]{20,}/.test(a))) {
    return usage('a token on the command line is refused (it would stay in shell history and the process list); set NHI_LENS_TOKEN instead');
  }
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        inventory: { type: 'string' },
        repository: { type: 'string' },
        commit: { type: 'string' },
        partial: { type: 'boolean', default: false },
        'batch-size': { type: 'string' },
        config: { type: 'string', short: 'c' },
        'no-progress': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    return usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { exitCode: 0, stdout: `Usage: nhi-lens sync [paths…] --inventory URL [options]\n\n${SYNC_HELP}`, stderr: '' };
  const vars = env.env ?? process.env;
  const inventory = values.inventory ?? vars.NHI_LENS_INVENTORY_URL;
  if (!inventory) return usage('sync needs --inventory URL (or NHI_LENS_INVENTORY_URL)');
  const token = vars.NHI_LENS_TOKEN?.trim();
  if (!token) return usage('set NHI_LENS_TOKEN to an inventory token with the sync scope (nhi-lens inventory token create --scope sync)');
  const batchSize = values['batch-size'] === undefined ? DEFAULT_BATCH_SIZE : Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_FINDINGS) return usage(`--batch-size must be a whole number from 1 to ${MAX_BATCH_FINDINGS}`);
  if (values.commit !== undefined && !/^[0-9a-f]{7,64}$/.test(values.commit)) return usage('--commit must be a hexadecimal commit id (7 to 64 characters)');
  if (values.repository !== undefined && !REPOSITORY.test(values.repository)) return usage('--repository must look like host/owner/name (letters, digits and . _ / : @ -)');
  const cwd = env.cwd ?? process.cwd();
  const progress = env.progress && !values['no-progress'] ? env.progress : undefined;
  const notices: string[] = [];
  if (/^http:\/\//i.test(inventory) && !/^http:\/\/(localhost|127\.[0-9.]+|\[::1\])(:\d+)?(\/|$)/i.test(inventory)) {
    notices.push('warning: the inventory URL is plain http: the token and the findings travel unencrypted');
  }
  try {
    const summary = await syncRepository({
      paths: (positionals.length ? positionals : ['.']).map((p) => nodePath.resolve(cwd, p)),
      cwd,
      inventory,
      token,
      repository: values.repository,
      commit: values.commit,
      partial: values.partial,
      batchSize,
      configFile: values.config && nodePath.resolve(cwd, values.config),
      client: { onRetry: (r) => notices.push(`retrying ${r.method} ${r.path} in ${Math.round(r.delayMs)} ms (${r.reason})`) },
      progress,
    });
    const stderr = [...(summary.note ? [`note: ${summary.note}`] : []), ...notices];
    return { exitCode: 0, stdout: formatSummary(summary), stderr: stderr.length ? stderr.join('\n') + '\n' : '' };
  } catch (e) {
    const before = notices.length ? notices.join('\n') + '\n' : '';
    return { exitCode: 2, stdout: '', stderr: before + `nhi-lens: ${failureMessage(e as Error, inventory)}\n` };
  }
}

/** Scans and sends. Throws `SyncFailed` once batches started going out, other errors before. */
export async function syncRepository(options: SyncRunOptions): Promise<SyncSummary> {
  const client = new InventoryClient({ ...options.client, baseUrl: options.inventory, token: options.token });
  // Real paths throughout: git prints real paths, and temporary directories are often symlinked.
  const paths = await Promise.all(
    options.paths.map((p) =>
      fs.realpath(p).catch(() => {
        throw new Error(`no such file or directory: ${p}`);
      }),
    ),
  );
  const root = await repositoryRoot(paths, options.cwd);
  const relative = paths.map((p) => nodePath.relative(root, p));
  const outside = relative.findIndex((r) => r === '..' || r.startsWith(`..${nodePath.sep}`) || nodePath.isAbsolute(r));
  if (outside >= 0) throw new Error(`${options.paths[outside]} is outside the repository root ${root}`);
  const wholeRepository = relative.some((r) => r === '');
  const mode = options.partial || !wholeRepository ? 'partial' : 'full';
  const note = mode === 'partial' && !options.partial ? 'the paths are a subset of the repository: partial sync, nothing is resolved' : undefined;
  const repository = options.repository ?? (await repositoryName(root));
  const commit = options.commit ?? (await git(root, ['rev-parse', 'HEAD']));

  // The organisation's key first: fingerprints must match those of every other repository.
  const fingerprintKey = await client.fingerprintKey();
  const first = paths[0];
  const firstIsDir = await fs.stat(first).then((s) => s.isDirectory(), () => false);
  const { config, file: configFile } = await loadConfig(firstIsDir ? first : nodePath.dirname(first), options.configFile);
  const workspaceRoot = configFile ? nodePath.dirname(configFile) : undefined;
  const baselinePath = config.baseline && configFile ? nodePath.resolve(nodePath.dirname(configFile), config.baseline) : undefined;
  const baseline = baselinePath ? await Baseline.load(baselinePath) : undefined;
  const result = await scanPaths(paths, {
    config,
    cwd: root,
    root: workspaceRoot,
    baseline,
    fingerprintKey,
    workers: options.workers,
    onProgress: options.progress ? (n, p) => options.progress!(`scanned ${n} files  ${p.slice(-60)}`) : undefined,
  });
  const batches = buildSyncBatches(result, { repository, commit, mode, batchSize: options.batchSize });
  const summary: SyncSummary = {
    url: client.url,
    repository,
    ...(commit ? { commit } : {}),
    mode,
    ...(note ? { note } : {}),
    scanId: batches[0].scanId,
    batches: batches.length,
    findings: batches.reduce((n, b) => n + b.findings.length, 0),
    uses: batches.reduce((n, b) => n + b.uses.length, 0),
    created: 0,
    updated: 0,
    resolved: 0,
    identitiesCreated: 0,
    identitiesUpdated: 0,
    replays: 0,
  };
  // In order: the final batch (which resolves, for a full sync) goes last.
  for (const [index, batch] of batches.entries()) {
    let r;
    try {
      r = await client.sync(batch);
    } catch (e) {
      throw new SyncFailed(e as Error, index, batches.length);
    }
    summary.created += r.findings.created;
    summary.updated += r.findings.updated;
    summary.resolved += r.findings.resolved;
    summary.identitiesCreated += r.identities.created;
    summary.identitiesUpdated += r.identities.updated;
    if (r.replay) summary.replays++;
    options.progress?.(`synced batch ${index + 1}/${batches.length} (${batch.findings.length} findings)${r.replay ? ', already applied' : ''}`);
  }
  return summary;
}

function formatSummary(s: SyncSummary): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [
    `synced ${s.repository}${s.commit ? ` at ${s.commit.slice(0, 12)}` : ''} to ${s.url} (${s.mode}): ${plural(s.findings, 'finding')}, ${plural(s.uses, 'identity use')} in ${plural(s.batches, 'batch')}`.replace('batchs', 'batches'),
    `findings: ${s.created} created, ${s.updated} updated, ${s.resolved} resolved; identities: ${s.identitiesCreated} created, ${s.identitiesUpdated} updated; ${s.replays} ${s.replays === 1 ? 'batch was' : 'batches were'} already applied`,
    '',
  ].join('\n');
}

/** One line that says what failed: the HTTP status and the API's error code, or the network reason. */
function failureMessage(e: Error, inventory: string): string {
  const failed = e instanceof SyncFailed ? e : undefined;
  const cause = failed?.error ?? e;
  const where = failed ? ` after ${failed.sent} of ${failed.total} batches (re-running the sync is safe)` : '';
  if (cause instanceof InventoryApiError) {
    const hint = cause.status === 401 ? ' — check NHI_LENS_TOKEN' : cause.status === 403 ? ' — the token needs the sync scope' : '';
    return `sync failed${where}: the inventory answered HTTP ${cause.status} ${cause.code} to ${cause.method} ${cause.path}${typeof cause.body.message === 'string' ? `: ${cause.body.message}` : ''}${hint}`;
  }
  if (cause instanceof InventoryUnreachable) return `sync failed${where}: cannot reach the inventory at ${safeUrl(inventory)}: ${cause.message}`;
  if (cause instanceof ConfigError) return `configuration error: ${cause.message}`;
  return `sync failed${where}: ${cause.message}`;
}

/** The URL as shown in messages: without credentials, query or fragment. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`.replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}

const REPOSITORY = /^[A-Za-z0-9._/:@-]{1,300}$/;

/** `git -C dir …` output, trimmed; undefined when git is missing or fails (not a repository, no commit). */
export function git(dir: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['-C', dir, ...args], { timeout: 10_000, windowsHide: true }, (error, stdout) => resolve(error ? undefined : stdout.trim() || undefined));
  });
}

/** The git work tree holding the first path, else the first path when it is a directory, else cwd. Real paths. */
async function repositoryRoot(paths: string[], cwd: string): Promise<string> {
  const first = paths[0];
  const isDir = await fs.stat(first).then((s) => s.isDirectory());
  const top = await git(isDir ? first : nodePath.dirname(first), ['rev-parse', '--show-toplevel']);
  if (top) return fs.realpath(top);
  return paths.length === 1 && isDir ? first : fs.realpath(cwd);
}

/** From `remote.origin.url` (https or ssh), else the directory name. */
async function repositoryName(root: string): Promise<string> {
  const remote = await git(root, ['config', '--get', 'remote.origin.url']);
  const fromRemote = remote ? normaliseRemote(remote) : undefined;
  if (fromRemote) return fromRemote;
  const name = nodePath.basename(root).replace(/[^A-Za-z0-9._-]/g, '-') || 'repository';
  return name.slice(0, 300);
}

/**
 * `https://github.com/acme/shop.git`, `git@github.com:acme/shop.git`, `ssh://git@host:22/acme/shop`
 * → `github.com/acme/shop`. User names, passwords (a token in an https remote) and ports are dropped.
 */
export function normaliseRemote(remote: string): string | undefined {
  const url = remote.trim();
  let host: string;
  let path: string;
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/)(.+)$/.exec(url);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:', 'ssh+git:'].includes(parsed.protocol)) return undefined;
    host = parsed.hostname;
    path = decodeURIComponent(parsed.pathname);
  } else if (scp && !/^[A-Za-z]$/.test(scp[1])) {
    host = scp[1];
    path = scp[2];
  } else {
    return undefined;
  }
  path = path.replace(/^\/+/, '').replace(/\/+$/, '').replace(/\.git$/, '').replace(/^~[^/]*\//, '');
  const name = `${host.toLowerCase()}/${path}`;
  return path && REPOSITORY.test(name) ? name : undefined;
}
