/**
 * Identity uses of an Azure Pipelines file: secret variables by `$(NAME)` (credential-looking name,
 * or mapped into a credential-looking env var or input), service connections, variable groups;
 * each with the job, step, environment and branch gate that consume it.
 */
import { isPair, visit, type Pair } from 'yaml';
import type { Range } from '../../types';
import type { IdentityKind, IdentityUse } from '../types';
import { keyOf, nodeRange, type YamlFile } from '../yamlFile';
import { isPredefined, looksLikeCredential } from './credentialNames';
import { macroRefs, resolveValue, type AzJob, type AzPipeline, type AzStep } from './model';

/** Inputs whose value names a service connection (task reference docs; case-insensitive). */
const SERVICE_CONNECTION_KEY = /^(?:azureSubscription|connectedServiceName(?:ARM)?|azureServiceConnection|serviceConnections?|awsCredentials|kubernetesServiceConnection|kubernetesServiceEndpoint|dockerRegistryServiceConnection|dockerRegistryEndpoint|containerRegistry|externalFeedCredentials|externalEndpoints?|nuGetServiceConnections|publishFeedCredentials|gitHubConnection|gitHubServiceConnection|sshEndpoint|backendServiceArm|environmentServiceNameAzureRM|environmentServiceName|azureResourceManagerConnection|serviceEndpoint|SonarQube|SonarCloud|gcpServiceConnection)$/i;
/** Inputs that list several connections, comma-separated. */
const MULTI = /^(?:externalFeedCredentials|externalEndpoints?|nuGetServiceConnections|serviceConnections)$/i;

export function identityUses(f: YamlFile, p: AzPipeline): IdentityUse[] {
  const uses: IdentityUse[] = [];
  const where = contextFinder(p);
  const push = (kind: IdentityKind, name: string, range: Range, offset: number) => {
    const { job, step } = where(offset);
    const branches = job?.branches ?? (p.branches.length ? p.branches : undefined);
    uses.push({ key: `azure:${kind}:${name}`, kind, name, platform: 'azure', path: f.path, range, workflow: p.name, job: job?.id, step: step?.label, environment: job?.environment, branches });
  };

  visit(f.doc, {
    Scalar(key, node, path) {
      if (key === 'key' || !node.range) return;
      const parent = path[path.length - 1];
      const holder = isPair(parent) ? keyOf(parent as Pair) : '';
      for (const ref of macroRefs(f, node.range[0], node.range[1])) {
        if (looksLikeCredential(ref.name) || (holder && looksLikeCredential(holder) && !isPredefined(ref.name))) push('ci-secret', ref.name, ref.range, ref.start);
      }
      if (holder && SERVICE_CONNECTION_KEY.test(holder) && isServiceConnectionSite(holder, path)) {
        const raw = String(node.value ?? '');
        for (const part of MULTI.test(holder) ? raw.split(',') : [raw]) {
          const name = resolveValue(p, part);
          if (name && !/^(?:true|false)$/i.test(name)) push('service-connection', name, nodeRange(f, node), node.range[0]);
        }
      }
    },
  });
  for (const g of p.groups) push('ci-variable', `group:${g.name}`, nodeRange(f, g.node), g.node.range![0]);
  return uses;
}

/** `endpoint:` is a connection only under `resources:`; the named inputs are connections anywhere. */
function isServiceConnectionSite(holder: string, path: readonly unknown[]): boolean {
  if (!/^endpoint$/i.test(holder)) return true;
  return path.some((n) => isPair(n) && keyOf(n as Pair) === 'resources');
}

/** The job and step whose source span holds an offset. */
export function contextFinder(p: AzPipeline): (offset: number) => { job?: AzJob; step?: AzStep } {
  const within = (node: { range?: [number, number, number] | null }, o: number) => !!node.range && o >= node.range[0] && o < node.range[1];
  return (offset) => {
    const step = p.steps.find((s) => within(s.map, offset));
    const job = step?.job ?? p.jobs.find((j) => within(j.map, offset));
    return { job, step };
  };
}

