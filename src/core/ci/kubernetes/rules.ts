import type { CiRuleMeta } from '../types';

const K8S = 'Kubernetes';

export const K8S_AWS_STATIC_KEYS: CiRuleMeta = {
  id: 'k8s-aws-static-keys', kind: 'long-lived-cloud-key', provider: K8S, severity: 'high', owasp: 'NHI7',
  title: 'Long-lived AWS access keys given to a workload where IRSA or EKS Pod Identity would serve',
  remediation: 'Annotate the pod’s ServiceAccount with `eks.amazonaws.com/role-arn` (IRSA) or create an EKS Pod Identity association, drop AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, and delete the IAM user keys.',
};
export const K8S_GCP_KEY: CiRuleMeta = {
  id: 'k8s-gcp-service-account-key', kind: 'long-lived-cloud-key', provider: K8S, severity: 'high', owasp: 'NHI7',
  title: 'Google service-account key mounted into a workload where GKE Workload Identity would serve',
  remediation: 'Enable GKE Workload Identity, annotate the ServiceAccount with `iam.gke.io/gcp-service-account` (or grant the Kubernetes principal directly), drop GOOGLE_APPLICATION_CREDENTIALS and the key Secret, and delete the key.',
};
export const K8S_AZURE_SECRET: CiRuleMeta = {
  id: 'k8s-azure-client-secret', kind: 'long-lived-cloud-key', provider: K8S, severity: 'high', owasp: 'NHI7',
  title: 'Azure client secret given to a workload where Azure Workload Identity would serve',
  remediation: 'Annotate the ServiceAccount with `azure.workload.identity/client-id`, label the pod `azure.workload.identity/use: "true"`, add a federated credential for the service account, drop AZURE_CLIENT_SECRET and delete the secret.',
};
/** Multi-document files are parsed here, not by the dispatcher: same parse-error rule. */
export { CI_YAML_PARSE_ERROR as K8S_PARSE_ERROR } from '../commonRules';
