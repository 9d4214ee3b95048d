import type { CiAnalyzer } from '../analyzers';

/** Terraform: not analysed yet. */
export const analyzer: CiAnalyzer = {
  platform: 'terraform',
  name: 'Terraform',
  yaml: false,
  matches: () => false,
  analyze: () => ({ candidates: [], uses: [] }),
};
