import type { CiRuleMeta } from '../types';

const CC = 'CircleCI';

export const CC_AWS_STATIC_KEYS: CiRuleMeta = {
  id: 'circleci-aws-static-keys', kind: 'long-lived-cloud-key', provider: CC, severity: 'high', owasp: 'NHI7',
  title: 'Long-lived AWS access keys where CircleCI OIDC federation is available',
  remediation: 'Add an IAM OIDC provider for oidc.circleci.com/org/<ORG_ID>, a role trusting it, use aws-cli/setup with role_arn (or docker aws_auth oidc_role_arn), then delete the keys from the project and contexts.',
};
export const CC_GCP_KEY: CiRuleMeta = {
  id: 'circleci-gcp-service-account-key', kind: 'long-lived-cloud-key', provider: CC, severity: 'high', owasp: 'NHI7',
  title: 'Google service-account key where Workload Identity Federation with CircleCI OIDC is available',
  remediation: 'Create a Workload Identity Pool trusting CircleCI’s OIDC issuer, use gcp-cli/setup with use_oidc: true (orb ≥ 3, pool/provider/service account in a context), and delete the key.',
};
export const CC_SECRET_ECHOED: CiRuleMeta = {
  id: 'circleci-secret-echoed', kind: 'secret-exposure', provider: CC, severity: 'medium', owasp: 'NHI2',
  title: 'Secret environment variable written to the job log',
  remediation: 'Do not print secrets: CircleCI masking is best-effort and misses transformed values. Pass the variable to the tool that needs it.',
};
