/**
 * Fixes for CircleCI: switch aws-cli/setup (or install) to OIDC with `role_arn`, gcp-cli/setup to
 * `use_oidc: true`, docker `aws_auth` to `oidc_role_arn`; move a literal out of `environment:`.
 * Version-aware: an orb version without the OIDC parameters gets no fix.
 */
import { isMap, isScalar, type Pair, type YAMLMap } from 'yaml';
import type { Fix, TextEdit } from '../../types';
import { appendToMap, eol, removePair, replacePair } from '../yamlEdits';
import { getPair, keyOf, offsetRange, type YamlFile } from '../yamlFile';
import type { CcOrb, CcStep } from './model';

export const ROLE_PLACEHOLDER = '<ROLE_ARN>';

/** Parameter naming of the aws-cli orb: snake_case from 4.0, kebab-case before. */
export function awsCliStyle(orb: CcOrb | undefined, params: YAMLMap | undefined): 'snake' | 'kebab' | undefined {
  const keys = params?.items.map(keyOf) ?? [];
  const major = orb?.major;
  if (major === undefined) return keys.some((k) => k.includes('-')) && !keys.some((k) => k.includes('_')) ? 'kebab' : 'snake';
  if (major >= 4) return 'snake';
  if (major === 3 && (orb!.minor ?? 0) >= 1) return 'kebab'; // 3.1 added web identity to setup
  return undefined;
}

function sessionName(step: CcStep): string {
  const base = step.owner?.id ?? step.via?.workflow ?? 'circleci';
  return base.replace(/[^\w=,.@-]/g, '-').slice(0, 64);
}

/** Param lines that make aws-cli/setup assume a role with CircleCI's OIDC token. */
function roleParams(style: 'snake' | 'kebab', step: CcStep): Array<[string, string]> {
  if (style === 'kebab') return [['role-arn', ROLE_PLACEHOLDER], ['role-session-name', sessionName(step)]];
  const out: Array<[string, string]> = [['role_arn', ROLE_PLACEHOLDER]];
  if (step.orb?.major === 4 && (step.orb.minor ?? 0) === 0) out.push(['role_session_name', sessionName(step)]);
  return out;
}

/** A step written as a bare name (`- aws-cli/setup`) or with an empty value gets a params block. */
function addParamsToBare(f: YamlFile, step: CcStep, name: string, params: Array<[string, string]>): TextEdit | undefined {
  const nl = eol(f);
  const keyNode = step.nameNode;
  const r = keyNode.range;
  if (!r) return undefined;
  const col = f.lines.linePos(r[0]).col - 1;
  const pad = ' '.repeat(col + 2);
  const body = params.map(([k, v]) => `${nl}${pad}${k}: ${v}`).join('');
  if (isScalar(step.item)) return { range: offsetRange(f, r[0], r[1]), newText: `${name}:${body}` };
  if (step.pair && (step.pair.value === null || (isScalar(step.pair.value) && step.pair.value.value === null))) {
    const colon = f.text.indexOf(':', r[1]);
    if (colon < 0 || f.text.slice(r[1], colon).trim() !== '') return undefined;
    return { range: offsetRange(f, r[0], colon + 1), newText: `${name}:${body}` };
  }
  return undefined;
}

/** Replaces key parameters by role parameters (or adds them) on a step's params map. */
function swapParams(f: YamlFile, params: YAMLMap, remove: Pair[], add: Array<[string, string]>): TextEdit[] | undefined {
  const edits: Array<TextEdit | undefined> = [];
  const [first, ...rest] = remove;
  if (first) {
    edits.push(replacePair(f, first, add));
    for (const p of rest) edits.push(removePair(f, p));
  } else {
    edits.push(appendToMap(f, params, add.map(([k, v]) => `${k}: ${v}`)));
  }
  return edits.every(Boolean) ? (edits as TextEdit[]) : undefined;
}

const KEY_PARAM = /^aws[-_](?:access[-_]key[-_]id|secret[-_]access[-_]key)$/;

export function awsSetupFix(f: YamlFile, step: CcStep): Fix | undefined {
  const style = awsCliStyle(step.orb, step.params);
  if (!style) return undefined;
  const add = roleParams(style, step);
  const title = `Use CircleCI OIDC: aws-cli/setup with ${style === 'snake' ? 'role_arn' : 'role-arn'} instead of access keys`;
  if (!step.params) {
    const edit = addParamsToBare(f, step, step.name, add);
    return edit ? { title, edits: [edit], placeholders: [ROLE_PLACEHOLDER] } : undefined;
  }
  const keys = step.params.items.filter((p) => KEY_PARAM.test(keyOf(p)));
  const edits = swapParams(f, step.params, keys, add);
  return edits ? { title, edits, placeholders: [ROLE_PLACEHOLDER] } : undefined;
}

/** aws-cli/install → aws-cli/setup with role_arn (setup installs too); snake_case orb versions only. */
export function awsInstallFix(f: YamlFile, step: CcStep): Fix | undefined {
  if (awsCliStyle(step.orb, step.params) !== 'snake') return undefined;
  const setup = step.name.replace(/install$/, 'setup');
  const add = roleParams('snake', step);
  const title = 'Use CircleCI OIDC: aws-cli/setup with role_arn (installs the CLI and assumes the role)';
  if (!step.params) {
    const edit = addParamsToBare(f, step, setup, add);
    return edit ? { title, edits: [edit], placeholders: [ROLE_PLACEHOLDER] } : undefined;
  }
  const r = step.nameNode.range!;
  const append = appendToMap(f, step.params, add.map(([k, v]) => `${k}: ${v}`));
  return append ? { title, edits: [{ range: offsetRange(f, r[0], r[1]), newText: setup }, append], placeholders: [ROLE_PLACEHOLDER] } : undefined;
}

export function gcpSetupFix(f: YamlFile, step: CcStep): Fix | undefined {
  const major = step.orb?.major;
  if (major !== undefined && major < 3) return undefined; // use_oidc arrived with gcp-cli 3
  const title = 'Use CircleCI OIDC with Workload Identity Federation: gcp-cli/setup with use_oidc: true';
  const placeholders = ['GOOGLE_PROJECT_NUMBER', 'OIDC_WIP_ID', 'OIDC_WIP_PROVIDER_ID', 'OIDC_SERVICE_ACCOUNT_EMAIL'];
  if (!step.params) {
    const edit = addParamsToBare(f, step, step.name, [['use_oidc', 'true']]);
    return edit ? { title, edits: [edit], placeholders } : undefined;
  }
  const key = getPair(step.params, 'gcloud_service_key');
  const existing = getPair(step.params, 'use_oidc');
  const edits: Array<TextEdit | undefined> = [];
  if (existing) {
    edits.push(replacePair(f, existing, [['use_oidc', 'true']]));
    if (key) edits.push(removePair(f, key));
  } else if (key) edits.push(replacePair(f, key, [['use_oidc', 'true']]));
  else edits.push(appendToMap(f, step.params, ['use_oidc: true']));
  return edits.every(Boolean) ? { title, edits: edits as TextEdit[], placeholders } : undefined;
}

/** docker `aws_auth:` with keys → `oidc_role_arn:`. */
export function awsAuthFix(f: YamlFile, awsAuth: YAMLMap): Fix | undefined {
  const keys = awsAuth.items.filter((p) => KEY_PARAM.test(keyOf(p)));
  if (!keys.length) return undefined;
  const edits = swapParams(f, awsAuth, keys, [['oidc_role_arn', ROLE_PLACEHOLDER]]);
  return edits ? { title: 'Pull the image with CircleCI OIDC: aws_auth oidc_role_arn instead of access keys', edits, placeholders: [ROLE_PLACEHOLDER] } : undefined;
}

/**
 * A literal in `environment:` cannot become `${NAME}` (CircleCI does not interpolate environment
 * values): remove it so the project variable or context variable of the same name applies.
 */
export function environmentLiteralFix(f: YamlFile, envPair: Pair, entry: Pair): Fix | undefined {
  const env = envPair.value;
  const edit = isMap(env) && env.items.length === 1 ? removePair(f, envPair) : removePair(f, entry);
  if (!edit) return undefined;
  const name = keyOf(entry);
  return {
    title: `Remove the literal and store ${name} as a project environment variable or in a context (CircleCI does not interpolate environment: values)`,
    edits: [edit],
    placeholders: [name],
  };
}
