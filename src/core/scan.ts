/**
 * Scans files and directory trees: walks lazily, reads with bounded concurrency, decodes, skips
 * what should not be scanned (with a reason), runs the engine and applies the baseline.
 */
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import * as os from 'node:os';
import type { Finding } from './types';
import type { ScanOptions } from './detect/engine';
import { DEFAULT_CONFIG } from './config/load';
import type { IdentityUse } from './ci/types';
import { buildIdentityGraph, type IdentityGraph } from './identities/graph';
import { sharedAccountFindings } from './identities/sharedAccounts';
import { loadOwnership } from './identities/ownership';
import { ownershipFindings } from './identities/ownershipRules';
import type { NhiLensConfig } from './config/schema';
import { toPosix, walk } from './files/walk';
import { scanFile, type FileScan } from './files/scanFile';
import { engineOptions } from './engineOptions';
import { ScanPool, workerScript } from './worker/pool';
import type { Baseline } from './findings/baseline';
import { compareFindings } from './findings/sort';

export interface ScanPathsOptions {
  config?: NhiLensConfig;
  fingerprintKey?: string;
  baseline?: Baseline;
  /** Files read at once (default 16). */
  concurrency?: number;
  /** Keep suppressed findings (inline and baseline), marked, e.g. for SARIF. */
  includeSuppressed?: boolean;
  /** Paths are reported relative to this directory (default: the current directory). */
  cwd?: string;
  /** The workspace root: ignore globs are relative to it (default: each scanned directory). */
  root?: string;
  /** "Today" for rotation and expiry rules (tests pin it). */
  now?: Date;
  /** Worker threads (default: one per core, at most 4; 1 scans in this thread). */
  workers?: number;
  onProgress?: (filesDone: number, path: string) => void;
  onSkip?: (path: string, reason: string) => void;
  signal?: AbortSignal;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface ScanResult {
  findings: Finding[];
  /** Machine identities of the workspace and where each is used (names and fingerprints only). */
  identities: IdentityGraph;
  skipped: SkippedFile[];
  stats: { files: number; bytes: number; skipped: number; durationMs: number };
}

/** Files per batch sent to a worker: enough to amortise messaging, small enough to balance load. */
const BATCH = 8;

function defaultWorkers(): number {
  return Math.min(4, os.availableParallelism());
}

async function isDirectory(p: string): Promise<boolean> {
  return fs.stat(p).then((s) => s.isDirectory(), () => false);
}


export { engineOptions } from './engineOptions';

export async function scanPaths(paths: string[], options: ScanPathsOptions = {}): Promise<ScanResult> {
  const started = Date.now();
  const config = options.config ?? DEFAULT_CONFIG;
  const cwd = options.cwd ?? process.cwd();
  const engine: ScanOptions = { ...engineOptions(config, options.fingerprintKey), includeSuppressed: options.includeSuppressed };
  const maxBytes = config.maxFileSizeKb * 1024;
  const findings: Finding[] = [];
  const skipped: SkippedFile[] = [];
  let files = 0;
  let bytes = 0;
  const skip = (path: string, reason: string) => {
    skipped.push({ path, reason });
    options.onSkip?.(path, reason);
  };

  const uses: IdentityUse[] = [];
  const record = (display: string, result: FileScan) => {
    if ('skip' in result) return skip(display, result.skip);
    files++;
    bytes += result.bytes;
    for (const u of result.uses) uses.push(u);
    for (const f of result.findings) {
      if (options.baseline?.has(f)) {
        if (options.includeSuppressed) findings.push({ ...f, suppressed: { kind: 'baseline' } });
        continue;
      }
      findings.push(f);
    }
    options.onProgress?.(files, display);
  };

  const workers = options.workers ?? defaultWorkers();
  const script = workers > 1 ? workerScript() : undefined;
  const pool = script
    ? new ScanPool(script, workers, { config, fingerprintKey: options.fingerprintKey, includeSuppressed: options.includeSuppressed }, (e, r) => record(e.display, r))
    : undefined;
  const limit = Math.max(1, options.concurrency ?? 16);
  const running = new Set<Promise<void>>();
  const launch = async (p: Promise<void>) => {
    running.add(p);
    p.finally(() => running.delete(p)).catch(() => undefined);
    if (running.size >= limit) await Promise.race(running);
  };
  let batch: Array<{ abs: string; display: string }> = [];
  try {
    for (const root of paths) {
      try {
        await fs.stat(root);
      } catch {
        throw new Error(`no such file or directory: ${root}`);
      }
      for await (const entry of walk(root, { ignoreGlobs: config.ignore, gitignore: config.gitignore, globRoot: options.root, onSkip: (rel, reason) => skip(rel, reason) })) {
        if (options.signal?.aborted) break;
        const display = toPosix(nodePath.relative(cwd, entry.abs)) || nodePath.basename(entry.abs);
        if (pool) {
          batch.push({ abs: entry.abs, display });
          if (batch.length >= BATCH) {
            await launch(pool.submit(batch));
            batch = [];
          }
        } else {
          await launch(scanFile(entry.abs, display, engine, maxBytes).then((r) => record(display, r)));
        }
      }
    }
    if (pool && batch.length) await launch(pool.submit(batch));
    await Promise.all(running);
  } finally {
    await pool?.close();
  }
  const identities = buildIdentityGraph(uses);
  const disabled = new Set(config.disabledRules);
  const workspace = sharedAccountFindings(identities, { ...config.sharedAccounts, fingerprintKey: options.fingerprintKey });
  const rootDir = options.root ?? (paths.length === 1 && (await isDirectory(paths[0])) ? paths[0] : cwd);
  const ownership = await loadOwnership(rootDir);
  if (ownership) {
    const displayPath = toPosix(nodePath.relative(cwd, ownership.file));
    workspace.push(...ownershipFindings(identities, ownership, { now: options.now ?? new Date(), displayPath, fingerprintKey: options.fingerprintKey }));
  }
  for (const f of workspace) {
    if (disabled.has(f.ruleId)) continue;
    if (options.baseline?.has(f)) {
      if (options.includeSuppressed) findings.push({ ...f, suppressed: { kind: 'baseline' } });
    } else findings.push({ ...f, severity: config.severity[f.ruleId] ?? f.severity });
  }
  findings.sort(compareFindings);
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { findings, identities, skipped, stats: { files, bytes, skipped: skipped.length, durationMs: Date.now() - started } };
}
