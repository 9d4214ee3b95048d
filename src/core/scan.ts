/**
 * Scans files and directory trees: walks lazily, reads with bounded concurrency, decodes, skips
 * what should not be scanned (with a reason), runs the engine and applies the baseline.
 */
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import type { Finding } from './types';
import { scanText, type ScanOptions } from './detect/engine';
import { PROVIDER_RULES } from './rules';
import type { ProviderRule } from './rules/types';
import { customRules, DEFAULT_CONFIG } from './config/load';
import type { NhiLensConfig } from './config/schema';
import { decodeFile, minifiedReason } from './files/decode';
import { makeGlobMatcher, walk } from './files/walk';
import { isTestPath } from './syntax/language';
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
  skipped: SkippedFile[];
  stats: { files: number; bytes: number; skipped: number; durationMs: number };
}

function toPosix(p: string): string {
  return p.split(nodePath.sep).join('/');
}

/** Engine options derived from a configuration (shared by the CLI and the extension). */
export function engineOptions(config: NhiLensConfig, fingerprintKey?: string): ScanOptions {
  const rules: readonly ProviderRule[] = config.rules.length ? [...PROVIDER_RULES, ...customRules(config)] : PROVIDER_RULES;
  const extraTest = config.testPaths.length ? makeGlobMatcher(config.testPaths) : undefined;
  return {
    rules,
    generic: config.generic,
    fingerprintKey,
    disabledRules: config.disabledRules,
    severityOverrides: config.severity,
    isTestPath: (p) => isTestPath(p) || (extraTest?.(p, false) ?? false),
  };
}

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

  async function scanFile(abs: string): Promise<void> {
    const display = toPosix(nodePath.relative(cwd, abs)) || nodePath.basename(abs);
    try {
      const st = await fs.stat(abs);
      if (st.size > maxBytes) return skip(display, `larger than ${config.maxFileSizeKb} KB (${Math.round(st.size / 1024)} KB)`);
      const buf = await fs.readFile(abs);
      const decoded = decodeFile(buf);
      if ('skip' in decoded) return skip(display, decoded.skip);
      const minified = minifiedReason(display, decoded.text);
      if (minified) return skip(display, minified);
      files++;
      bytes += buf.length;
      for (const f of scanText(decoded.text, display, engine)) {
        if (options.baseline?.has(f)) {
          if (options.includeSuppressed) findings.push({ ...f, suppressed: { kind: 'baseline' } });
          continue;
        }
        findings.push(f);
      }
      options.onProgress?.(files, display);
    } catch (e) {
      skip(display, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }

  const limit = Math.max(1, options.concurrency ?? 16);
  const running = new Set<Promise<void>>();
  for (const root of paths) {
    try {
      await fs.stat(root);
    } catch {
      throw new Error(`no such file or directory: ${root}`);
    }
    for await (const entry of walk(root, { ignoreGlobs: config.ignore, gitignore: config.gitignore, onSkip: (rel, reason) => skip(rel, reason) })) {
      if (options.signal?.aborted) break;
      const p = scanFile(entry.abs).finally(() => running.delete(p));
      running.add(p);
      if (running.size >= limit) await Promise.race(running);
    }
  }
  await Promise.all(running);
  findings.sort(compareFindings);
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { findings, skipped, stats: { files, bytes, skipped: skipped.length, durationMs: Date.now() - started } };
}
