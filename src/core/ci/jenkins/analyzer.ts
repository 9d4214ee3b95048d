import type { CiAnalyzer } from '../analyzers';

/** Jenkins: not analysed yet. */
export const analyzer: CiAnalyzer = {
  platform: 'jenkins',
  name: 'Jenkins',
  yaml: false,
  matches: () => false,
  analyze: () => ({ candidates: [], uses: [] }),
};
