/**
 * The .vsix users install, built the way a release is (`npm run package`: a production bundle,
 * minified and without source maps, then vsce). That rewrites dist/, so the development build
 * (with source maps, which the other e2e tests and stack traces rely on) is put back afterwards.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXTENSION_DIR } from './paths';

export interface BuiltVsix {
  file: string;
  durationMs: number;
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: timeoutMs });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`\`${command} ${args.join(' ')}\` in ${cwd} failed (exit ${r.status ?? r.signal ?? r.error?.message}):\n${out}`);
  return out;
}

/** `npm run package` in the extension's folder; returns the fresh `nhi-lens.vsix`. */
export function packageVsix(dir = EXTENSION_DIR): BuiltVsix {
  const started = Date.now();
  const file = path.join(dir, 'nhi-lens.vsix');
  run('npm', ['run', 'package'], dir, 300_000);
  // An old file would pass the checks below with yesterday's code.
  if (!fs.existsSync(file) || fs.statSync(file).mtimeMs < started - 1000) throw new Error(`npm run package did not write ${file}`);
  return { file, durationMs: Date.now() - started };
}

/** `node esbuild.config.mjs`: the development build of dist/ again. */
export function rebuildDevelopment(dir = EXTENSION_DIR): void {
  run(process.execPath, ['esbuild.config.mjs'], dir, 120_000);
}

/** Every file under `dir`, relative and `/`-separated (symlinks are not followed). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk('');
  return out.sort();
}
