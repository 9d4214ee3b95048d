import type { CiAnalyzer } from '../analyzers';

/** Kubernetes: not analysed yet. */
export const analyzer: CiAnalyzer = {
  platform: 'kubernetes',
  name: 'Kubernetes',
  yaml: false,
  matches: () => false,
  analyze: () => ({ candidates: [], uses: [] }),
};
