import type { CiAnalyzer } from '../analyzers';

/** GitLab CI: not analysed yet. */
export const analyzer: CiAnalyzer = {
  platform: 'gitlab',
  name: 'GitLab CI',
  yaml: false,
  matches: () => false,
  analyze: () => ({ candidates: [], uses: [] }),
};
