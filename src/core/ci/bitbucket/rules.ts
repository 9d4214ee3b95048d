import type { CiRuleMeta } from '../types';

const BB = 'Bitbucket Pipelines';

export const BB_AWS_STATIC_KEYS: CiRuleMeta = {
  id: 'bitbucket-aws-static-keys', kind: 'long-lived-cloud-key', provider: BB, severity: 'high', owasp: 'NHI7',
  title: 'Long-lived AWS access keys where Bitbucket OIDC (oidc: true) federation is available',
  remediation: 'Add Bitbucket Pipelines as an IAM OIDC provider, create a role trusting this repository, set `oidc: true` on the step and pass AWS_OIDC_ROLE_ARN to the pipe (or `oidc-role` for ECR images), then delete the access keys.',
};
export const BB_SECRET_ECHOED: CiRuleMeta = {
  id: 'bitbucket-secret-echoed', kind: 'secret-exposure', provider: BB, severity: 'high', owasp: 'NHI2',
  title: 'Credential variable written to the build log',
  remediation: 'Do not print credentials; secured-variable masking only hides exact matches. Pass the value to the tool that needs it (stdin, a file, the environment).',
};
export const BB_PERSONAL_CREDENTIAL: CiRuleMeta = {
  id: 'bitbucket-personal-credential', kind: 'human-credential-in-automation', provider: BB, severity: 'medium', owasp: 'NHI10',
  title: 'Automation authenticates with a person’s credentials',
  remediation: 'Use a repository, project or workspace access token (x-token-auth) or OIDC instead of a user’s app password or personal token, so access survives the person leaving and is auditable.',
};
