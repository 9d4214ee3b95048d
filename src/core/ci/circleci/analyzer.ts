import type { CiAnalyzer } from '../analyzers';

/** CircleCI: not analysed yet. */
export const analyzer: CiAnalyzer = {
  platform: 'circleci',
  name: 'CircleCI',
  yaml: false,
  matches: () => false,
  analyze: () => ({ candidates: [], uses: [] }),
};
