/** Worker thread: scans batches of files with the engine and posts masked findings back. */
import { parentPort, workerData } from 'node:worker_threads';
import { engineOptions } from '../engineOptions';
import { scanFileSync } from '../files/scanFile';
import type { WorkerInit, WorkerRequest, WorkerResponse } from './protocol';

const init = workerData as WorkerInit;
const engine = { ...engineOptions(init.config, init.fingerprintKey), includeSuppressed: init.includeSuppressed };
const maxBytes = init.config.maxFileSizeKb * 1024;

parentPort!.on('message', (req: WorkerRequest) => {
  const results = req.files.map((f) => scanFileSync(f.abs, f.display, engine, maxBytes));
  const res: WorkerResponse = { batch: req.batch, results };
  parentPort!.postMessage(res);
});
