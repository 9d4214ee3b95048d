/**
 * Throw-away folders for one run (server state, browser profile, workspace), and a last-resort
 * cleanup when the test process exits without reaching its `after` hooks.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Scratch {
  /** Absolute path of the run's folder. */
  dir: string;
  /** A sub-folder, created. */
  sub(...parts: string[]): string;
  /** Removes everything (unless NHI_LENS_E2E_KEEP=1, for debugging). */
  dispose(): void;
}

const atExit = new Set<() => void>();
let hooked = false;

/**
 * Registers a synchronous cleanup that runs if the process exits before it is unregistered
 * (the returned function). Process groups left running would otherwise outlive mocha.
 */
export function onProcessExit(cleanup: () => void): () => void {
  if (!hooked) {
    hooked = true;
    const runAll = () => {
      for (const c of [...atExit].reverse()) { // newest first: processes before their folders
        try {
          c();
        } catch {
          /* best effort while exiting */
        }
      }
      atExit.clear();
    };
    process.once('exit', runAll);
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(sig, () => {
        runAll();
        process.exit(128 + os.constants.signals[sig]);
      });
    }
  }
  atExit.add(cleanup);
  return () => atExit.delete(cleanup);
}

/** Creates a run folder under NHI_LENS_E2E_SCRATCH (default: the system temp dir). */
export function createScratch(label: string): Scratch {
  const parent = process.env.NHI_LENS_E2E_SCRATCH || os.tmpdir();
  fs.mkdirSync(parent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(parent, `nhi-lens-e2e-${label}-`));
  const remove = () => {
    if (process.env.NHI_LENS_E2E_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  };
  const unregister = onProcessExit(remove);
  return {
    dir,
    sub(...parts) {
      const p = path.join(dir, ...parts);
      fs.mkdirSync(p, { recursive: true });
      return p;
    },
    dispose() {
      unregister();
      remove();
    },
  };
}
