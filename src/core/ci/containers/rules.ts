import type { CiRuleMeta } from '../types';

const DF = 'Dockerfile';
const DC = 'Docker Compose';

export const DOCKERFILE_SECRET_ARG: CiRuleMeta = {
  id: 'dockerfile-secret-build-arg', kind: 'secret-in-image', provider: DF, severity: 'medium', owasp: 'NHI2',
  title: 'Credential passed as a build argument: its value is recorded in the image history',
  remediation: 'Use a BuildKit secret mount (`RUN --mount=type=secret,id=NAME,env=NAME …`, built with `--secret id=NAME,env=NAME`) instead of ARG, and rotate the credential if images were pushed.',
};
export const DOCKERFILE_SECRET_ENV: CiRuleMeta = {
  id: 'dockerfile-secret-env', kind: 'secret-in-image', provider: DF, severity: 'high', owasp: 'NHI2',
  title: 'Credential set with ENV: it is stored in the image configuration for anyone who pulls the image',
  remediation: 'Do not bake credentials into the image: use a BuildKit secret mount at build time and inject the value at run time (orchestrator secret, mounted file).',
};
export const DOCKERFILE_CREDENTIAL_FILE: CiRuleMeta = {
  id: 'dockerfile-credential-file-copied', kind: 'secret-in-image', provider: DF, severity: 'high', owasp: 'NHI2',
  title: 'Credential file copied into an image layer (deleting it later does not remove it from the layer)',
  remediation: 'Mount the file only where it is needed with `RUN --mount=type=secret,id=…,target=…` (or `--mount=type=ssh` for SSH keys), exclude it in .dockerignore, and rotate it if images were pushed.',
};
export const COMPOSE_CLOUD_KEYS: CiRuleMeta = {
  id: 'compose-cloud-static-keys', kind: 'long-lived-cloud-key', provider: DC, severity: 'high', owasp: 'NHI7',
  title: 'Long-lived cloud keys written into a Compose file',
  remediation: 'Pass short-lived credentials from the host instead (`${AWS_ACCESS_KEY_ID}` from `aws sso login`/`aws configure export-credentials`, or a read-only mount of ~/.aws), use workload identity where the service is deployed, and rotate the keys.',
};
