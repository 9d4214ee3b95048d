import type { IdentityUse } from '../ci/types';
import type { NhiLensConfig } from '../config/schema';
import type { Finding } from '../types';

export interface AnalyzeRequest {
  id: number;
  text: string;
  path: string;
  config: NhiLensConfig;
  fingerprintKey?: string;
}

export type AnalyzeResponse = { id: number; findings: Finding[]; uses: IdentityUse[] } | { id: number; error: string };
