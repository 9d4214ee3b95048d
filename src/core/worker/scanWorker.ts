/** Worker thread: scans batches of files with the engine and posts masked findings back. */
import { parentPort, workerData } from 'node:worker_threads';
import { engineOptions } from '../engineOptions';
import { scanFile } from '../files/scanFile';
import type { WorkerInit, WorkerRequest, WorkerResponse } from './protocol';

const init = workerData as WorkerInit;
const engine = { ...engineOptions(init.config, init.fingerprintKey), includeSuppressed: init.includeSuppressed };
const maxBytes = init.config.maxFileSizeKb * 1024;

parentPort!.on('message', async (req: WorkerRequest) => {
  const results = [];
  for (const f of req.files) results.push(await scanFile(f.abs, f.display, engine, maxBytes));
  const res: WorkerResponse = { batch: req.batch, results };
  parentPort!.postMessage(res);
});
