import type { CiAnalyzer } from '../analyzers';

/** Docker Compose: not analysed yet. */
export const analyzer: CiAnalyzer = {
  platform: 'compose',
  name: 'Docker Compose',
  yaml: false,
  matches: () => false,
  analyze: () => ({ candidates: [], uses: [] }),
};
