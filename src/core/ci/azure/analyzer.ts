import type { CiAnalyzer } from '../analyzers';

/** Azure Pipelines: not analysed yet. */
export const analyzer: CiAnalyzer = {
  platform: 'azure',
  name: 'Azure Pipelines',
  yaml: false,
  matches: () => false,
  analyze: () => ({ candidates: [], uses: [] }),
};
