import type { CiRuleMeta } from '../types';

const TF = 'Terraform';

export const TF_AWS_STATIC_KEYS: CiRuleMeta = {
  id: 'tf-aws-static-keys', kind: 'long-lived-cloud-key', provider: TF, severity: 'high', owasp: 'NHI7',
  title: 'Long-lived AWS access keys configured in Terraform where role assumption or OIDC is available',
  remediation: 'Drop access_key/secret_key: let the provider read short-lived credentials from the environment (CI OIDC with assume_role_with_web_identity, an instance/pod role, or an SSO profile) and delete the IAM user keys.',
};
export const TF_GCP_KEY: CiRuleMeta = {
  id: 'tf-gcp-service-account-key', kind: 'long-lived-cloud-key', provider: TF, severity: 'high', owasp: 'NHI7',
  title: 'Google service-account key file given to Terraform where Workload Identity Federation is available',
  remediation: 'Remove `credentials`: use Application Default Credentials from Workload Identity Federation (CI OIDC) or `impersonate_service_account`, then delete the service-account key.',
};
export const TF_AZURE_SECRET: CiRuleMeta = {
  id: 'tf-azure-client-secret', kind: 'long-lived-cloud-key', provider: TF, severity: 'high', owasp: 'NHI7',
  title: 'Azure service-principal client secret given to Terraform where OIDC or managed identity is available',
  remediation: 'Replace client_secret by `use_oidc = true` (a federated credential on the app registration) or `use_msi = true` on Azure-hosted runners, then delete the client secret.',
};
export const TF_KEY_RESOURCE: CiRuleMeta = {
  id: 'tf-long-lived-key-resource', kind: 'long-lived-key-issuance', provider: TF, severity: 'medium', owasp: 'NHI7',
  title: 'Terraform creates a long-lived cloud credential (and stores it in the state)',
  remediation: 'Prefer roles with workload identity federation over user access keys, service-account keys or client secrets; if a key is unavoidable, give it an expiry and rotate it, and keep the state encrypted.',
};
