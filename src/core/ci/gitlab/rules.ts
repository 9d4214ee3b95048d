import type { CiRuleMeta } from '../types';

const GL = 'GitLab CI';

export const GL_AWS_STATIC_KEYS: CiRuleMeta = {
  id: 'gitlab-aws-static-keys', kind: 'long-lived-cloud-key', provider: GL, severity: 'high', owasp: 'NHI7',
  title: 'Long-lived AWS access keys where GitLab OIDC (id_tokens) federation is available',
  remediation: 'Add GitLab as an IAM OIDC provider, create a role trusting this project, give the job an `id_tokens:` token and set AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE (or call sts assume-role-with-web-identity), then delete the access keys.',
};
export const GL_GCP_KEY: CiRuleMeta = {
  id: 'gitlab-gcp-service-account-key', kind: 'long-lived-cloud-key', provider: GL, severity: 'high', owasp: 'NHI7',
  title: 'Google service-account key where Workload Identity Federation with GitLab id_tokens is available',
  remediation: 'Create a Workload Identity Pool provider for GitLab, give the job an `id_tokens:` token with the provider as audience, build a credential config with `gcloud iam workload-identity-pools create-cred-config`, and delete the key.',
};
export const GL_AZURE_SECRET: CiRuleMeta = {
  id: 'gitlab-azure-client-secret', kind: 'long-lived-cloud-key', provider: GL, severity: 'high', owasp: 'NHI7',
  title: 'Azure service-principal client secret where workload identity federation is available',
  remediation: 'Add a federated credential for this GitLab project to the app registration, give the job an `id_tokens:` token with audience api://AzureADTokenExchange (ARM_OIDC_TOKEN for Terraform, `az login --federated-token` for the CLI), and delete the client secret.',
};
export const GL_VAULT_TOKEN: CiRuleMeta = {
  id: 'gitlab-vault-token-auth', kind: 'long-lived-token', provider: GL, severity: 'medium', owasp: 'NHI7',
  title: 'HashiCorp Vault token stored in CI/CD variables where JWT auth with id_tokens is available',
  remediation: 'Enable Vault’s JWT auth for your GitLab instance, bind a role to this project, and authenticate with an `id_tokens:` token (`secrets:` with `vault:`, or `vault write auth/jwt/login jwt=$VAULT_ID_TOKEN`).',
};
export const GL_SECRET_ECHOED: CiRuleMeta = {
  id: 'gitlab-secret-echoed', kind: 'secret-exposure', provider: GL, severity: 'high', owasp: 'NHI2',
  title: 'Credential variable written to the job log',
  remediation: 'Do not print credentials; masking only hides exact matches of masked variables. Pass the value to the tool that needs it (stdin, a file, the environment).',
};
export const GL_DEBUG_TRACE: CiRuleMeta = {
  id: 'gitlab-debug-trace', kind: 'secret-exposure', provider: GL, severity: 'medium', owasp: 'NHI2',
  title: 'Debug tracing enabled: every CI/CD variable, credentials included, is written to the job log',
  remediation: 'Remove CI_DEBUG_TRACE / CI_DEBUG_SERVICES from the pipeline; enable it only temporarily on a protected branch and delete the logs afterwards.',
};
export const GL_PERSONAL_CREDENTIAL: CiRuleMeta = {
  id: 'gitlab-personal-credential', kind: 'human-credential-in-automation', provider: GL, severity: 'medium', owasp: 'NHI10',
  title: 'Automation authenticates with a person’s credentials',
  remediation: 'Use CI_JOB_TOKEN (with the job-token allowlist), a project or group access token, or a deploy token instead of a personal access token, so access survives the person leaving and is auditable.',
};
export const GL_REGISTRY_TOKEN: CiRuleMeta = {
  id: 'gitlab-registry-publish-token', kind: 'registry-token', provider: GL, severity: 'medium', owasp: 'NHI7',
  title: 'Long-lived registry token for publishing where trusted publishing from GitLab CI/CD is available',
  remediation: 'Register this project and job as a trusted publisher on PyPI or npm, get a short-lived token through an `id_tokens:` entry at publish time, and revoke the stored token.',
};
