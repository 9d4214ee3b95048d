import type { CiRuleMeta } from '../types';

const GH = 'GitHub Actions';

export const GHA_AWS_STATIC_KEYS: CiRuleMeta = {
  id: 'gha-aws-static-keys', kind: 'long-lived-cloud-key', provider: GH, severity: 'high', owasp: 'NHI7',
  title: 'Long-lived AWS access keys where GitHub OIDC federation is available',
  remediation: 'Create an IAM role trusting token.actions.githubusercontent.com, use role-to-assume with `permissions: id-token: write`, then delete the access keys.',
};
export const GHA_AZURE_CREDS: CiRuleMeta = {
  id: 'gha-azure-client-secret', kind: 'long-lived-cloud-key', provider: GH, severity: 'high', owasp: 'NHI7',
  title: 'azure/login with a client-secret JSON (creds) where workload identity federation is available',
  remediation: 'Add a federated credential for this repository to the app registration, pass client-id/tenant-id/subscription-id with `id-token: write`, and delete the client secret.',
};
export const GHA_GCP_KEY: CiRuleMeta = {
  id: 'gha-gcp-service-account-key', kind: 'long-lived-cloud-key', provider: GH, severity: 'high', owasp: 'NHI7',
  title: 'Google service-account key (credentials_json) where Workload Identity Federation is available',
  remediation: 'Set up a Workload Identity Pool for GitHub, use workload_identity_provider + service_account with `id-token: write`, and delete the key.',
};
export const GHA_VAULT_TOKEN: CiRuleMeta = {
  id: 'gha-vault-token-auth', kind: 'long-lived-token', provider: GH, severity: 'medium', owasp: 'NHI7',
  title: 'HashiCorp Vault token auth where JWT/OIDC auth is available',
  remediation: 'Enable Vault’s JWT auth for GitHub’s OIDC issuer, bind a role to this repository, and use `method: jwt` with `id-token: write`.',
};
export const GHA_PYPI_TOKEN: CiRuleMeta = {
  id: 'gha-pypi-api-token', kind: 'registry-token', provider: GH, severity: 'medium', owasp: 'NHI7',
  title: 'PyPI API token for publishing where trusted publishing is available',
  remediation: 'Register this workflow as a trusted publisher on PyPI, drop the password input, grant `id-token: write`, and revoke the token.',
};
export const GHA_NPM_TOKEN: CiRuleMeta = {
  id: 'gha-npm-publish-token', kind: 'registry-token', provider: GH, severity: 'medium', owasp: 'NHI7',
  title: 'npm automation token for publishing where trusted publishing (OIDC) is available',
  remediation: 'Configure a trusted publisher for the package on npmjs.com, publish with npm ≥ 11.5 and `id-token: write`, and revoke the token.',
};
export const GHA_CRATES_TOKEN: CiRuleMeta = {
  id: 'gha-crates-io-token', kind: 'registry-token', provider: GH, severity: 'medium', owasp: 'NHI7',
  title: 'crates.io API token for publishing where trusted publishing is available',
  remediation: 'Configure trusted publishing on crates.io and get a short-lived token with rust-lang/crates-io-auth-action and `id-token: write`.',
};
export const GHA_RUBYGEMS_TOKEN: CiRuleMeta = {
  id: 'gha-rubygems-api-key', kind: 'registry-token', provider: GH, severity: 'medium', owasp: 'NHI7',
  title: 'RubyGems API key for publishing where trusted publishing is available',
  remediation: 'Configure a trusted publisher on rubygems.org and publish with rubygems/release-gem and `id-token: write`.',
};
export const GHA_SECRETS_INHERIT: CiRuleMeta = {
  id: 'gha-secrets-inherit', kind: 'over-broad-exposure', provider: GH, severity: 'medium', owasp: 'NHI5',
  title: 'Every repository secret handed to a reusable workflow (secrets: inherit)',
  remediation: 'Pass only the secrets the called workflow declares, one by one, under `secrets:`.',
};
export const GHA_UNPINNED_ACTION_SECRETS: CiRuleMeta = {
  id: 'gha-unpinned-action-with-secrets', kind: 'over-broad-exposure', provider: GH, severity: 'high', owasp: 'NHI3',
  title: 'Secret handed to a third-party action that is not pinned to a commit SHA',
  remediation: 'Pin the action to a full commit SHA (keep the tag in a comment) so a moved tag cannot exfiltrate the secret.',
};
export const GHA_PR_TARGET_CHECKOUT: CiRuleMeta = {
  id: 'gha-pull-request-target-checkout', kind: 'over-broad-exposure', provider: GH, severity: 'critical', owasp: 'NHI5',
  title: 'pull_request_target checks out the pull request’s code in a workflow that has secrets',
  remediation: 'Use `pull_request` for untrusted code, or split the workflow: build untrusted code without secrets, then act on its artifacts in a separate trusted run.',
};
export const GHA_SECRET_ECHOED: CiRuleMeta = {
  id: 'gha-secret-echoed', kind: 'secret-exposure', provider: GH, severity: 'high', owasp: 'NHI2',
  title: 'Secret written to the log or to a file',
  remediation: 'Do not print secrets; masking is best-effort and breaks on transformed values. Pass them through env to the tool that needs them.',
};
export const GHA_SECRET_ARGUMENT: CiRuleMeta = {
  id: 'gha-secret-in-command-line', kind: 'secret-exposure', provider: GH, severity: 'medium', owasp: 'NHI2',
  title: 'Secret passed as a command-line argument (visible in process lists, shell traces and script injection)',
  remediation: 'Pass the secret through `env:` and read it from the environment (or stdin) in the command.',
};
export const GHA_WRITE_ALL: CiRuleMeta = {
  id: 'gha-permissions-write-all', kind: 'over-privileged-token', provider: GH, severity: 'medium', owasp: 'NHI5',
  title: 'GITHUB_TOKEN granted write-all permissions',
  remediation: 'Grant only the scopes the jobs need, e.g. `permissions: { contents: read }`, and add writes per job.',
};
export const GHA_NO_PERMISSIONS: CiRuleMeta = {
  id: 'gha-missing-permissions', kind: 'over-privileged-token', provider: GH, severity: 'low', owasp: 'NHI5',
  title: 'Workflow uses secrets but does not restrict GITHUB_TOKEN permissions',
  remediation: 'Add a top-level `permissions:` block (e.g. `contents: read`) so the token has least privilege whatever the repository default.',
};
export const GHA_PERSONAL_CREDENTIAL: CiRuleMeta = {
  id: 'gha-personal-credential', kind: 'human-credential-in-automation', provider: GH, severity: 'medium', owasp: 'NHI10',
  title: 'Automation authenticates with a person’s credentials',
  remediation: 'Use a GitHub App, a bot/service account or OIDC instead of a personal token or account, so access survives the person leaving and is auditable.',
};
