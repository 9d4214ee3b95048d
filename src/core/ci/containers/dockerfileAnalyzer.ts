import type { CiAnalyzer } from '../analyzers';

/** Dockerfile: not analysed yet. */
export const analyzer: CiAnalyzer = {
  platform: 'dockerfile',
  name: 'Dockerfile',
  yaml: false,
  matches: () => false,
  analyze: () => ({ candidates: [], uses: [] }),
};
