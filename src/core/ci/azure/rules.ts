import type { CiRuleMeta } from '../types';

const AZ = 'Azure Pipelines';

export const AZ_AWS_STATIC_KEYS: CiRuleMeta = {
  id: 'azure-pipelines-aws-static-keys', kind: 'long-lived-cloud-key', provider: AZ, severity: 'high', owasp: 'NHI7',
  title: 'Long-lived AWS access keys where OIDC federation is available',
  remediation: 'Use an AWS service connection of the AWS Toolkit for Azure DevOps configured for OIDC (assume a role trusting the Azure DevOps issuer) with AWSShellScript@1 / awsCredentials:, then delete the access keys.',
};
export const AZ_CLIENT_SECRET: CiRuleMeta = {
  id: 'azure-pipelines-client-secret', kind: 'long-lived-cloud-key', provider: AZ, severity: 'high', owasp: 'NHI7',
  title: 'Azure service-principal client secret where workload identity federation is available',
  remediation: 'Create an Azure Resource Manager service connection using workload identity federation, run Azure CLI work in AzureCLI@2 with azureSubscription: (Terraform: ARM_USE_OIDC with the service connection), and delete the client secret.',
};
export const AZ_GCP_KEY: CiRuleMeta = {
  id: 'azure-pipelines-gcp-service-account-key', kind: 'long-lived-cloud-key', provider: AZ, severity: 'high', owasp: 'NHI7',
  title: 'Google service-account key file where Workload Identity Federation is available',
  remediation: 'Trust the Azure DevOps OIDC issuer in a GCP Workload Identity Pool, exchange the pipeline’s ID token (AzureCLI@2 addSpnToEnvironment idToken, or the OIDC token API) for short-lived credentials, and delete the key.',
};
export const AZ_SECRET_ECHOED: CiRuleMeta = {
  id: 'azure-pipelines-secret-echoed', kind: 'secret-exposure', provider: AZ, severity: 'high', owasp: 'NHI2',
  title: 'Secret written to the log',
  remediation: 'Do not print secrets: masking is best-effort and misses transformed values. Map the secret into `env:` of the step that needs it and pass it to the tool.',
};
export const AZ_SETVARIABLE_NOT_SECRET: CiRuleMeta = {
  id: 'azure-pipelines-setvariable-not-secret', kind: 'secret-exposure', provider: AZ, severity: 'high', owasp: 'NHI2',
  title: 'Credential published with ##vso[task.setvariable] without issecret=true',
  remediation: 'Add `issecret=true` so the value is masked and not mapped into the environment of later steps; map it explicitly where needed.',
};
export const AZ_SECRET_IN_VARIABLES: CiRuleMeta = {
  id: 'azure-pipelines-secret-exposed-to-all-steps', kind: 'over-broad-exposure', provider: AZ, severity: 'medium', owasp: 'NHI5',
  title: 'Secret copied into an ordinary pipeline/stage/job variable, which every step receives in its environment',
  remediation: 'Keep the value a secret variable and map it with `env:` only into the steps that need it.',
};
export const AZ_PERSONAL_TOKEN: CiRuleMeta = {
  id: 'azure-pipelines-personal-access-token', kind: 'human-credential-in-automation', provider: AZ, severity: 'medium', owasp: 'NHI10',
  title: 'Pipeline authenticates with a personal access token',
  remediation: 'Use $(System.AccessToken), a service connection, or a service principal / managed identity registered in Azure DevOps instead of a person’s PAT.',
};
