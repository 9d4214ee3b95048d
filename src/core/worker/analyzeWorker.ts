/**
 * Worker thread for an editor: analyses one document text at a time (the whole analysis: engine,
 * CI analyzers). Used when a full analysis would hold the editor's thread too long (a large
 * pipeline file: parsing 200 KB of YAML takes hundreds of milliseconds).
 */
import { parentPort } from 'node:worker_threads';
import { analyzeText } from '../analyzeFile';
import type { ScanOptions } from '../detect/engine';
import { engineOptions } from '../engineOptions';
import type { AnalyzeRequest, AnalyzeResponse } from './documentProtocol';

let cachedKey = '';
let cached: ScanOptions = {};

parentPort!.on('message', (req: AnalyzeRequest) => {
  try {
    const key = JSON.stringify([req.config, req.fingerprintKey]);
    if (key !== cachedKey) {
      cached = engineOptions(req.config, req.fingerprintKey);
      cachedKey = key;
    }
    const { findings, uses } = analyzeText(req.text, req.path, cached);
    parentPort!.postMessage({ id: req.id, findings, uses } satisfies AnalyzeResponse);
  } catch (e) {
    parentPort!.postMessage({ id: req.id, error: (e as Error).message } satisfies AnalyzeResponse);
  }
});
