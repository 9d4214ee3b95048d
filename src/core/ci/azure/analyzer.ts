/**
 * Azure Pipelines analyzer (pipelines and templates): long-lived cloud credentials where workload
 * identity federation exists (with the AzureCLI@2 service-connection rewrite as a fix where it is
 * safe), secrets printed, republished or spread to every step, personal access tokens, and every
 * secret variable, service connection and variable group with its consumers.
 */
import type { Pair } from 'yaml';
import type { Fix } from '../../types';
import type { CiAnalyzer, CiInput } from '../analyzers';
import { literalSecretFix } from '../literalFix';
import type { CiCandidate } from '../types';
import { getPair, type YamlFile } from '../yamlFile';
import { cloudKeyPairs, pairCandidate, scriptCloudKeys } from './cloudKeys';
import { containerEnvCopies, personalTokens, scriptExposure, variableCopies } from './exposure';
import { variableLiteralFix } from './fixes';
import { nodeSpan, pipelineByName, readPipeline, type AzPipeline } from './model';
import { identityUses } from './uses';
import * as R from './rules';

const NAMED = /(^|\/)(?:[^/]*[.-])?azure-pipelines?(?:[.-][^/]*)?\.ya?ml$|(^|\/)\.vsts-ci\.ya?ml$/i;
const OTHER_PLATFORM = /(^|\/)(?:\.github|\.circleci|\.gitlab|\.buildkite|\.drone|\.tekton)\/|gitlab-ci|bitbucket-pipelines|(^|\/)\.travis\.ya?ml$|(^|\/)docker-compose[^/]*$|(^|\/)action\.ya?ml$/i;
const AZURE_DIRS = /(^|\/)(?:templates?|\.azure-pipelines|azure-pipelines|\.azuredevops|azuredevops|\.pipelines|pipelines|\.ado|ado|\.vsts|eng|build|builds|ci|\.ci|cicd|devops|\.devops|\.azure|azure)\//i;
const STRUCTURE = /^[ \t]*(?:-[ \t]*)?(?:steps|jobs|stages)[ \t]*:|^[ \t]*-[ \t]*(?:stage|job|deployment)[ \t]*:/m;
const TASK = /^\s*(?:-\s*)?task:\s*['"]?[A-Za-z][\w.-]*@\d+/m;
const WEAK = /^\s*(?:-\s*)?task:\s*['"]?[A-Za-z][\w.-]*@\d+|^\s*pool\s*:|^\s*-\s*(?:script|bash|pwsh|powershell)\s*:|vmImage\s*:/m;

/** Does the path (and, for templates and unusual names, the content) make this an Azure Pipelines file? */
export function isAzurePipelines(path: string, text: string): boolean {
  const p = path.replace(/\\/g, '/');
  if (!/\.ya?ml$/i.test(p) || OTHER_PLATFORM.test(p)) return false;
  if (NAMED.test(p)) return true;
  // Cheap native checks first: most YAML files are not pipelines.
  if (!(text.includes('steps') || text.includes('jobs') || text.includes('stage') || text.includes('job:') || text.includes('deployment')) || !STRUCTURE.test(text)) return false;
  if (/^apiVersion\s*:/m.test(text) && /^kind\s*:/m.test(text)) return false; // Kubernetes / Helm manifests
  return TASK.test(text) || (AZURE_DIRS.test(p) && WEAK.test(text));
}

function analyzeFile(f: YamlFile, input: CiInput): { p?: AzPipeline; out: CiCandidate[] } {
  // A template inherits its caller's pool, so its OS is unknown; a pipeline defaults to hosted Ubuntu.
  const pipelineKeys = ['trigger', 'pr', 'pool', 'schedules', 'resources'].some((k) => getPair(f.doc.contents, k));
  const p = readPipeline(f, input.path, !pipelineByName(input.path) && !pipelineKeys);
  if (!p) return { out: [] };
  const out: CiCandidate[] = [];
  const envFixes = new Map<Pair, Fix>();
  for (const step of p.steps) scriptCloudKeys(f, p, step, out, envFixes);
  const keyPairs = cloudKeyPairs(f, p);
  for (const hit of keyPairs) out.push(pairCandidate(f, hit, envFixes.get(hit.pair)));
  for (const step of p.steps) scriptExposure(f, step, out);
  const flagged = new Set<unknown>();
  for (const hit of keyPairs) {
    flagged.add(hit.pair);
    const v = p.variables.find((x) => x.pair === hit.pair || x.item?.items.includes(hit.pair));
    if (v?.item) flagged.add(v.item);
  }
  variableCopies(f, p, flagged, out);
  containerEnvCopies(f, p, out);
  personalTokens(f, out);
  return { p, out };
}

function secretFixes(f: YamlFile, p: AzPipeline | undefined, input: CiInput): Map<number, Fix[]> {
  const fixes = new Map<number, Fix[]>();
  input.secrets.forEach((s, i) => {
    const start = (f.lines.lineStarts[s.range.startLine] ?? 0) + s.range.startColumn;
    const v = p?.variables.find((x) => {
      const span = nodeSpan(x.value);
      return span && start >= span[0] && start < span[1];
    });
    const fix = v ? variableLiteralFix(f, v) : literalSecretFix(f, s, (n) => `$(${n})`, 'a secret variable, variable group or Key Vault-linked group');
    if (fix) fixes.set(i, [fix]);
  });
  return fixes;
}

export const analyzer: CiAnalyzer = {
  platform: 'azure',
  name: 'Azure Pipelines',
  yaml: true,
  rules: Object.values(R),
  matches: isAzurePipelines,
  analyze(input: CiInput) {
    const f = input.yaml!;
    const { p, out } = analyzeFile(f, input);
    return { candidates: out, uses: p ? identityUses(f, p) : [], secretFixes: secretFixes(f, p, input) };
  },
};
