/**
 * A pool of scan workers (one per core, by default): the main thread walks the tree and hands out
 * batches of paths; each worker reads, decodes and scans them. Batches in flight are bounded, so
 * memory stays flat whatever the tree size.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileScan } from '../files/scanFile';
import type { WorkerInit, WorkerRequest, WorkerResponse } from './protocol';

/** The worker script beside this module (tsc output) or beside the bundle (dist/worker/). */
export function workerScript(): string | undefined {
  for (const candidate of [nodePath.join(__dirname, 'scanWorker.js'), nodePath.join(__dirname, 'worker', 'scanWorker.js')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

type Entry = { abs: string; display: string };
type Done = (entry: Entry, result: FileScan) => void;

export class ScanPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { files: Entry[]; resolve: () => void; reject: (e: Error) => void }>();
  private readonly busy = new Map<Worker, number>();
  private nextBatch = 0;
  private failure: Error | undefined;

  constructor(script: string, size: number, init: WorkerInit, private readonly onResult: Done) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(script, { workerData: init });
      w.on('message', (res: WorkerResponse) => this.finish(w, res));
      w.on('error', (e) => this.fail(e));
      this.workers.push(w);
      this.busy.set(w, 0);
    }
  }

  private finish(w: Worker, res: WorkerResponse): void {
    this.busy.set(w, (this.busy.get(w) ?? 1) - 1);
    const p = this.pending.get(res.batch);
    if (!p) return;
    this.pending.delete(res.batch);
    res.results.forEach((r, i) => this.onResult(p.files[i], r));
    p.resolve();
  }

  private fail(e: Error): void {
    this.failure = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  /** Sends a batch to the least busy worker; resolves when its results have been handed over. */
  submit(files: Entry[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    let target = this.workers[0];
    for (const w of this.workers) if ((this.busy.get(w) ?? 0) < (this.busy.get(target) ?? 0)) target = w;
    this.busy.set(target, (this.busy.get(target) ?? 0) + 1);
    const batch = this.nextBatch++;
    return new Promise((resolve, reject) => {
      this.pending.set(batch, { files, resolve, reject });
      const req: WorkerRequest = { batch, files };
      target.postMessage(req);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
