/**
 * SQLite WAL checkpoints off the event loop. SQLite checkpoints automatically inside the commit
 * that takes the WAL past 1,000 pages: it copies them into the database file and syncs it, tens of
 * milliseconds in which a single-threaded service answers nothing (a sync of 50 findings writes
 * about 150 pages, so that is every few syncs). Here a worker thread with its own connection runs a
 * PASSIVE checkpoint every `everyMs` — it never blocks the writer or the readers — and the writer's
 * automatic checkpoint stays as a backstop, at a larger WAL.
 */
import { Worker } from 'node:worker_threads';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // busy or closing: the next round (or the writer's backstop) does it
  }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** Pages in the WAL at which the writer checkpoints itself (the backstop; SQLite's default is 1,000). */
export const BACKSTOP_PAGES = 10_000;

export interface WalCheckpointer {
  /** Stops the worker; resolves once its connection is closed (so the database files can go). */
  stop(): Promise<void>;
}

/** Starts checkpointing the WAL of the database file at `path` on a worker thread. */
export function startWalCheckpointer(path: string, everyMs = 200): WalCheckpointer {
  const worker = new Worker(WORKER, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), path, everyMs } });
  worker.unref(); // never what keeps the process alive
  // A checkpointer that fails leaves the backstop to do the work; it is not worth a crash.
  worker.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      // Held until it has exited: an unreferenced worker would let the process end mid-close.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
