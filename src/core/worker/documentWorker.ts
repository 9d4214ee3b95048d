/**
 * One background thread that analyses whole documents for an editor, so a slow full analysis
 * never blocks the thread that handles typing. Started on first use; requests are answered in
 * order; a crashed worker is replaced on the next request.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileAnalysis } from '../analyzeFile';
import type { NhiLensConfig } from '../config/schema';
import type { AnalyzeRequest, AnalyzeResponse } from './documentProtocol';

export function analyzeWorkerScript(): string | undefined {
  for (const candidate of [nodePath.join(__dirname, 'analyzeWorker.js'), nodePath.join(__dirname, 'worker', 'analyzeWorker.js')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

export class DocumentWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (a: FileAnalysis) => void; reject: (e: Error) => void }>();

  constructor(private readonly script: string) {}

  analyze(text: string, path: string, config: NhiLensConfig, fingerprintKey?: string): Promise<FileAnalysis> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, text, path, config, fingerprintKey } satisfies AnalyzeRequest);
    });
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.unref();
    worker.on('message', (res: AnalyzeResponse) => {
      const p = this.pending.get(res.id);
      if (!p) return;
      this.pending.delete(res.id);
      if ('error' in res) p.reject(new Error(res.error));
      else p.resolve({ findings: res.findings, uses: res.uses });
    });
    const fail = (e: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`analysis worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  async dispose(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }
}
