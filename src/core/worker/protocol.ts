import type { NhiLensConfig } from '../config/schema';
import type { FileScan } from '../files/scanFile';

/** Sent once when a worker starts (as workerData). */
export interface WorkerInit {
  config: NhiLensConfig;
  fingerprintKey?: string;
  includeSuppressed?: boolean;
}

export interface WorkerRequest {
  batch: number;
  files: Array<{ abs: string; display: string }>;
}

export interface WorkerResponse {
  batch: number;
  results: FileScan[];
}
