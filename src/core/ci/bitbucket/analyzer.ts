import type { CiAnalyzer } from '../analyzers';

/** Bitbucket Pipelines: not analysed yet. */
export const analyzer: CiAnalyzer = {
  platform: 'bitbucket',
  name: 'Bitbucket Pipelines',
  yaml: false,
  matches: () => false,
  analyze: () => ({ candidates: [], uses: [] }),
};
