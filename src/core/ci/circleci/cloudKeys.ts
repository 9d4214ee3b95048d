/**
 * Long-lived cloud keys in CircleCI where its OIDC tokens can be federated: the aws-cli orb
 * without `role_arn`, AWS key parameters of other orbs, AWS keys in `environment:`, docker
 * `aws_auth` keys, the gcp-cli orb without `use_oidc`, and key-file logins in `run` commands.
 */
import { isScalar, type YAMLMap } from 'yaml';
import type { CiCandidate } from '../types';
import { getPair, keyOf, nodeRange, offsetRange, pairRange, scalarString, type YamlFile } from '../yamlFile';
import { scriptLines } from '../azure/scriptLines';
import { awsAuthFix, awsInstallFix, awsSetupFix, gcpSetupFix } from './fixes';
import { orbSource, type CcConfig, type CcJob, type CcStep } from './model';
import * as R from './rules';

const AWS_KEY_PARAM = /^aws[-_](?:access[-_]key[-_]id|secret[-_]access[-_]key)$/;
const AWS_SECRET_PARAM = /^aws[-_]secret[-_]access[-_]key$/;
const ROLE_PARAM = /^(?:role[-_]arn|oidc[-_]role[-_]arn|aws[-_]role[-_]arn|role[-_]to[-_]assume)$/;
const GCP_KEY_PARAM = /^gcloud[-_]service[-_]key$/;
const WEB_IDENTITY = /assume[-_]role[-_]with[-_]web[-_]identity|CIRCLE_OIDC_TOKEN|AWS_ROLE_ARN|AWS_WEB_IDENTITY_TOKEN_FILE/;

/** The env var a parameter value names: `$X`, `${X}`, or a bare `X` (env_var_name parameters). */
export function envVarIn(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /\$\{?([A-Za-z_]\w*)/.exec(value) ?? /^([A-Za-z_][A-Za-z0-9_]*)$/.exec(value.trim());
  return m?.[1];
}

function isReference(value: string | undefined): boolean {
  return !!value && /^\s*["']?\$\{?[A-Za-z_]\w*\}?["']?\s*$/.test(value);
}

function jobText(f: YamlFile, job: CcJob | undefined): string {
  const r = job?.map.range;
  return r ? f.text.slice(r[0], r[1]) : '';
}

function normalized(cmd: string | undefined): string {
  return (cmd ?? '').replace(/-/g, '_');
}

function awsCliStep(f: YamlFile, step: CcStep, out: CiCandidate[]): void {
  const cmd = normalized(step.orbCommand);
  const params = step.params;
  const job = jobText(f, step.owner);
  if (cmd === 'setup' || cmd === 'configure') {
    const role = params?.items.find((p) => ROLE_PARAM.test(keyOf(p)) && scalarString(p.value));
    if (role && (step.orb?.major === undefined || step.orb.major >= 3)) return;
    if (WEB_IDENTITY.test(job)) return;
    const keys = params?.items.filter((p) => AWS_KEY_PARAM.test(keyOf(p))) ?? [];
    const secret = keys.find((p) => AWS_SECRET_PARAM.test(keyOf(p))) ?? keys[0];
    const fix = awsSetupFix(f, step);
    const why = fix ? '' : ' (this aws-cli orb version has no OIDC support in setup: upgrade to ≥ 4 and set role_arn)';
    out.push({
      meta: R.CC_AWS_STATIC_KEYS,
      range: secret ? pairRange(f, secret) : nodeRange(f, step.nameNode),
      confidence: secret ? 'high' : 'medium',
      identity: secret ? envVarIn(scalarString(secret.value)) : 'AWS_SECRET_ACCESS_KEY',
      message: secret
        ? `${step.name} configures long-lived AWS access keys where CircleCI OIDC (role_arn) is available${why}`
        : `${step.name} without role_arn configures the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY keys from project or context variables where CircleCI OIDC (role_arn) is available${why}`,
      fixes: fix ? [fix] : undefined,
      fingerprintSource: `${step.owner?.id ?? step.via?.workflow ?? ''}:${step.name}`,
    });
  } else if (cmd === 'install' && step.owner) {
    // Only an install: the CLI then reads static keys from the environment, unless the job federates.
    const usesAws = step.owner.steps.some((s) => s.command && /(?:^|[\s;&|(])aws\s+[a-z]/m.test(String(s.command.value ?? '')));
    const configures = step.owner.steps.some((s) => orbSource(s) === 'circleci/aws-cli' && normalized(s.orbCommand) !== 'install');
    if (!usesAws || configures || WEB_IDENTITY.test(job)) return;
    const fix = awsInstallFix(f, step);
    out.push({
      meta: R.CC_AWS_STATIC_KEYS,
      range: nodeRange(f, step.nameNode),
      confidence: 'medium',
      identity: 'AWS_SECRET_ACCESS_KEY',
      message: 'The AWS CLI runs with static keys from project or context variables where CircleCI OIDC (aws-cli/setup role_arn) is available',
      fixes: fix ? [fix] : undefined,
      fingerprintSource: `${step.owner.id}:${step.name}`,
    });
  }
}

function gcpCliStep(f: YamlFile, step: CcStep, out: CiCandidate[]): void {
  const cmd = normalized(step.orbCommand);
  const params = step.params;
  if (!['setup', 'initialize', 'install_and_initialize_cli'].includes(cmd)) return;
  if (scalarString(getPair(params, 'use_oidc')?.value) === 'true') return;
  if (params?.items.some((p) => /^workload[-_]identity/.test(keyOf(p)))) return; // 2.x initialize with a pool
  const key = params?.items.find((p) => GCP_KEY_PARAM.test(keyOf(p)));
  const fix = cmd === 'setup' ? gcpSetupFix(f, step) : undefined;
  out.push({
    meta: R.CC_GCP_KEY,
    range: key ? pairRange(f, key) : nodeRange(f, step.nameNode),
    identity: key ? envVarIn(scalarString(key.value)) : 'GCLOUD_SERVICE_KEY',
    message: `${step.name} authenticates with a service-account key (${envVarIn(scalarString(key?.value)) ?? 'GCLOUD_SERVICE_KEY'}) where CircleCI OIDC with Workload Identity Federation is available${fix ? '' : ' (no automatic fix: needs gcp-cli orb ≥ 3 and its setup command with use_oidc: true)'}`,
    fixes: fix ? [fix] : undefined,
    fingerprintSource: `${step.owner?.id ?? step.via?.workflow ?? ''}:${step.name}`,
  });
}

/** Any other orb step or job that takes AWS key or GCP key parameters. */
function otherOrbStep(f: YamlFile, step: CcStep, out: CiCandidate[]): void {
  const params = step.params;
  if (!params || !step.name.includes('/')) return;
  if (params.items.some((p) => ROLE_PARAM.test(keyOf(p)) && scalarString(p.value))) return;
  const aws = params.items.find((p) => AWS_SECRET_PARAM.test(keyOf(p))) ?? params.items.find((p) => AWS_KEY_PARAM.test(keyOf(p)));
  if (aws) out.push({ meta: R.CC_AWS_STATIC_KEYS, range: pairRange(f, aws), identity: envVarIn(scalarString(aws.value)), message: `${step.name} is given long-lived AWS access keys where CircleCI OIDC federation is available` });
  const gcp = params.items.find((p) => GCP_KEY_PARAM.test(keyOf(p)));
  if (gcp && scalarString(getPair(params, 'use_oidc')?.value) !== 'true') out.push({ meta: R.CC_GCP_KEY, range: pairRange(f, gcp), identity: envVarIn(scalarString(gcp.value)), message: `${step.name} is given a Google service-account key where CircleCI OIDC with Workload Identity Federation is available` });
}

export function stepCloudKeys(f: YamlFile, step: CcStep, out: CiCandidate[]): void {
  const source = orbSource(step);
  if (source === 'circleci/aws-cli') awsCliStep(f, step, out);
  else if (source === 'circleci/gcp-cli') gcpCliStep(f, step, out);
  else otherOrbStep(f, step, out);
}

/** Environment maps (job, run step, docker image) that set AWS_SECRET_ACCESS_KEY from another variable. */
export function environmentKeys(f: YamlFile, maps: YAMLMap[], out: CiCandidate[]): void {
  for (const map of maps) {
    for (const pair of map.items) {
      if (!/^AWS_SECRET_ACCESS_KEY$/i.test(keyOf(pair))) continue;
      const v = scalarString(pair.value);
      if (!isReference(v)) continue; // literals: the detection engine reports the value
      out.push({ meta: R.CC_AWS_STATIC_KEYS, range: pairRange(f, pair), identity: envVarIn(v), message: `Long-lived AWS secret access key (${envVarIn(v)}) in environment: where CircleCI OIDC federation is available` });
    }
  }
}

export function dockerAwsAuth(f: YamlFile, cfg: CcConfig, out: CiCandidate[]): void {
  for (const job of cfg.jobs) {
    for (const image of job.images) {
      const auth = image.awsAuth;
      if (!auth || getPair(auth, 'oidc_role_arn')) continue;
      const key = auth.items.find((p) => AWS_SECRET_PARAM.test(keyOf(p))) ?? auth.items.find((p) => AWS_KEY_PARAM.test(keyOf(p)));
      if (!key) continue;
      const fix = awsAuthFix(f, auth);
      out.push({ meta: R.CC_AWS_STATIC_KEYS, range: pairRange(f, key), identity: envVarIn(scalarString(key.value)), message: 'Docker image pulled from ECR with long-lived AWS access keys where aws_auth oidc_role_arn (CircleCI OIDC) is available', fixes: fix ? [fix] : undefined });
    }
  }
}

export function commandCloudKeys(f: YamlFile, step: CcStep, out: CiCandidate[]): void {
  if (!step.command || !isScalar(step.command)) return;
  const all = String(step.command.value ?? '');
  for (const { text, start } of scriptLines(f, step.command)) {
    if (/^\s*#/.test(text)) continue;
    const aws = /\baws\s+configure\s+set\s+(?:[\w.]+\.)?aws_secret_access_key\s+(\S+)/i.exec(text);
    if (aws && !WEB_IDENTITY.test(all)) {
      out.push({ meta: R.CC_AWS_STATIC_KEYS, range: offsetRange(f, start + aws.index, start + aws.index + aws[0].length), identity: envVarIn(aws[1]), message: `aws configure stores a long-lived AWS secret access key${envVarIn(aws[1]) ? ` (${envVarIn(aws[1])})` : ''} where CircleCI OIDC federation is available` });
    }
    const gcloud = /\bgcloud\s+auth\s+activate-service-account\b[^\n]*--key-file/i.exec(text);
    if (gcloud) out.push({ meta: R.CC_GCP_KEY, range: offsetRange(f, start + gcloud.index, start + gcloud.index + gcloud[0].length), message: 'gcloud authenticates with a service-account key file where CircleCI OIDC with Workload Identity Federation is available', fingerprintSource: `${step.owner?.id ?? ''}:${text.trim()}` });
  }
}

