import type { CiRuleMeta } from './types';

/** Reported once, at the error's position, when a pipeline's YAML does not parse. */
export const CI_YAML_PARSE_ERROR: CiRuleMeta = {
  id: 'ci-yaml-parse-error', kind: 'parse-error', provider: 'YAML', title: 'Malformed YAML: the pipeline cannot be analysed',
  severity: 'low', owasp: 'NHI2',
  remediation: 'Fix the YAML syntax so the pipeline (and NHI Lens) can read it.',
};
