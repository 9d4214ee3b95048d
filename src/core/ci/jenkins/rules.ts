import type { CiRuleMeta } from '../types';

const JK = 'Jenkins';

export const JENKINS_AWS_STATIC_KEYS: CiRuleMeta = {
  id: 'jenkins-aws-static-keys', kind: 'long-lived-cloud-key', provider: JK, severity: 'high', owasp: 'NHI7',
  title: 'Long-lived AWS access keys stored in Jenkins where role assumption or OIDC is available',
  remediation: 'Give agents an IAM role (instance profile, IRSA/EKS Pod Identity) and use `withAWS(role: …)`, or federate Jenkins with the OpenID Connect Provider plugin and AssumeRoleWithWebIdentity; then delete the access keys.',
};
export const JENKINS_SECRET_ECHOED: CiRuleMeta = {
  id: 'jenkins-secret-echoed', kind: 'secret-exposure', provider: JK, severity: 'high', owasp: 'NHI2',
  title: 'Credential written to the build log',
  remediation: 'Do not print credentials: masking only catches the exact value and breaks on any transformation. Pass the value to the tool that needs it (environment, stdin).',
};
export const JENKINS_SECRET_INTERPOLATION: CiRuleMeta = {
  id: 'jenkins-secret-interpolation', kind: 'secret-exposure', provider: JK, severity: 'medium', owasp: 'NHI2',
  title: 'Credential interpolated by Groovy into a shell command (Jenkins: insecure interpolation of sensitive variables)',
  remediation: 'Use a single-quoted string so the shell, not Groovy, expands the variable (`sh \'curl -u "$USER:$PASS" …\'`): the value then stays out of the command line, the build record and injection reach.',
};
