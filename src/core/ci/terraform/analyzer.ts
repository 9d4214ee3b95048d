/**
 * Terraform analyzer (text-based, no HCL dependency): long-lived cloud credentials configured on
 * providers and backends (AWS access keys, Google service-account keys, Azure client secrets)
 * where OIDC, role assumption or managed identity serve, resources that mint long-lived keys, and
 * the variables that carry those credentials.
 */
import { LineIndex } from '../../detect/location';
import type { Fix, Range, TextEdit } from '../../types';
import type { CiAnalyzer, CiInput } from '../analyzers';
import { isDummyValue } from '../containers/credentialNames';
import type { CiCandidate, CiRuleMeta, IdentityUse } from '../types';
import { attribute, literalString, parseHcl, variableRef, variablesIn, type HclAttribute, type HclBlock, type HclBody } from './hcl';
import * as R from './rules';
import { terraformLiteralFix } from './literalFix';

interface Target {
  block: HclBlock;
  /** `provider.aws`, `backend.s3`… */
  label: string;
  cloud: 'aws' | 'gcp' | 'azure';
}

/** Provider and backend blocks that accept inline cloud credentials. */
function targets(body: HclBody): Target[] {
  const out: Target[] = [];
  for (const b of body.blocks) {
    const name = b.labels[0] ?? '';
    if (b.type === 'provider') {
      const alias = literalString(attribute(b, 'alias')?.expr ?? '');
      const label = `provider.${name}${alias ? `.${alias}` : ''}`;
      if (name === 'aws') out.push({ block: b, label, cloud: 'aws' });
      else if (name === 'google' || name === 'google-beta') out.push({ block: b, label, cloud: 'gcp' });
      else if (name === 'azurerm' || name === 'azuread' || name === 'azapi') out.push({ block: b, label, cloud: 'azure' });
    } else if (b.type === 'terraform') {
      for (const be of b.blocks) {
        if (be.type !== 'backend') continue;
        const kind = be.labels[0];
        if (kind === 's3') out.push({ block: be, label: 'backend.s3', cloud: 'aws' });
        else if (kind === 'gcs') out.push({ block: be, label: 'backend.gcs', cloud: 'gcp' });
        else if (kind === 'azurerm') out.push({ block: be, label: 'backend.azurerm', cloud: 'azure' });
      }
    }
  }
  return out;
}

type ValueKind = 'literal' | 'variable' | 'file' | 'expression' | 'none';

function valueKind(attr: HclAttribute): ValueKind {
  const e = attr.expr.trim();
  if (e === 'null' || e === '""') return 'none';
  const lit = literalString(e);
  if (lit !== undefined) return isDummyValue(lit) ? 'none' : 'literal';
  if (variableRef(e)) return 'variable';
  if (/^file\s*\(/.test(e)) return 'file';
  return 'expression';
}

const KEY_RESOURCES: Record<string, string> = {
  aws_iam_access_key: 'an IAM user access key',
  google_service_account_key: 'a Google service-account key',
  azuread_application_password: 'an Entra ID application client secret',
  azuread_service_principal_password: 'an Entra ID service-principal password',
};

interface Ctx {
  input: CiInput;
  text: string;
  idx: LineIndex;
  body: HclBody;
  out: CiCandidate[];
  uses: IdentityUse[];
}

/** Whole lines `[first, last]` the span occupies when nothing else shares them (comments aside). */
function ownLines(ctx: Ctx, start: number, end: number): { first: number; last: number } | undefined {
  const s = ctx.idx.position(start);
  const e = ctx.idx.position(end);
  const before = ctx.idx.lineText(s.line).slice(0, s.column);
  const after = ctx.idx.lineText(e.line).slice(e.column);
  if (before.trim() !== '' || !/^\s*(?:(?:#|\/\/).*)?$/.test(after)) return undefined;
  return { first: s.line, last: e.line };
}

function lineRange(first: number, last: number): Range {
  return { startLine: first, startColumn: 0, endLine: last + 1, endColumn: 0 };
}

function removeAttr(ctx: Ctx, a: HclAttribute): TextEdit | undefined {
  const l = ownLines(ctx, a.nameStart, a.exprEnd);
  return l && { range: lineRange(l.first, l.last), newText: '' };
}

function replaceAttr(ctx: Ctx, a: HclAttribute, line: string): TextEdit | undefined {
  const l = ownLines(ctx, a.nameStart, a.exprEnd);
  if (!l) return undefined;
  const indent = /^[ \t]*/.exec(ctx.idx.lineText(l.first))![0];
  const nl = ctx.text.includes('\r\n') ? '\r\n' : '\n';
  return { range: lineRange(l.first, l.last), newText: `${indent}${line}${nl}` };
}

/**
 * A credential passed in through `var.x` stays a required input after the attribute is removed,
 * so the fix also removes the `variable` block — only when it is in this file and read nowhere else.
 */
function removeVariable(ctx: Ctx, name: string): TextEdit | undefined {
  const uses = [...ctx.text.matchAll(new RegExp(`\\bvar\\.${name.replace(/[-]/g, '\\-')}\\b`, 'g'))].length;
  if (uses !== 1) return undefined;
  const v = ctx.body.blocks.find((b) => b.type === 'variable' && b.labels[0] === name);
  if (!v) return undefined;
  const l = ownLines(ctx, v.typeStart, v.end + 1);
  return l && { range: lineRange(l.first, l.last), newText: '' };
}

/** Edits that drop credential attributes (and their now-unused variables); undefined if one is not editable. */
function dropEdits(ctx: Ctx, attrs: HclAttribute[], replaceFirst?: string): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  for (const [i, a] of attrs.entries()) {
    const kind = valueKind(a);
    if (kind === 'expression') return undefined; // data sources, functions: the user decides
    const e = i === 0 && replaceFirst ? replaceAttr(ctx, a, replaceFirst) : removeAttr(ctx, a);
    if (!e) return undefined;
    edits.push(e);
    const v = variableRef(a.expr);
    if (v) {
      const ve = removeVariable(ctx, v);
      if (!ve) return undefined;
      edits.push(ve);
    }
  }
  return edits;
}

function recordVariables(ctx: Ctx, t: Target, a: HclAttribute): void {
  for (const v of variablesIn(a.expr)) {
    const s = a.exprStart + v.index;
    ctx.uses.push({
      key: `terraform:ci-variable:${v.name}`, kind: 'ci-variable', name: v.name, platform: 'terraform', path: ctx.input.path,
      range: ctx.idx.range(s, s + v.name.length), workflow: ctx.input.path, job: t.label, step: a.name,
    });
  }
}

function push(ctx: Ctx, meta: CiRuleMeta, t: Target, at: HclAttribute, message: string, fix: Fix | undefined, kind: ValueKind): void {
  ctx.out.push({
    meta,
    range: ctx.idx.range(at.nameStart, at.exprEnd),
    message,
    confidence: kind === 'expression' ? 'medium' : 'high',
    identity: variableRef(at.expr),
    fingerprintSource: `${t.label}:${at.name}:${at.expr.trim()}`,
    fixes: fix ? [fix] : undefined,
  });
}

/** Local emulators (LocalStack, MinIO) take fake keys and custom endpoints: not an AWS identity. */
function isEmulatedAws(b: HclBlock): boolean {
  if (b.blocks.some((x) => x.type === 'endpoints')) return true;
  if (/^true$/.test(attribute(b, 'skip_credentials_validation')?.expr.trim() ?? '')) return true;
  return ['endpoint', 'endpoints'].some((n) => attribute(b, n));
}

function awsKeys(ctx: Ctx, t: Target): void {
  const b = t.block;
  const keys = ['access_key', 'secret_key', 'token'].map((n) => attribute(b, n)).filter((a): a is HclAttribute => !!a);
  for (const a of keys) recordVariables(ctx, t, a);
  const live = keys.filter((a) => a.name !== 'token' && valueKind(a) !== 'none');
  if (!live.length || isEmulatedAws(b)) return;
  const at = live.find((a) => a.name === 'secret_key') ?? live[0];
  const edits = dropEdits(ctx, keys);
  const fix: Fix | undefined = edits && {
    title: 'Remove the static keys: the provider then reads short-lived credentials from the environment (OIDC web identity, assumed role, SSO)',
    edits,
  };
  const role = b.blocks.some((x) => x.type === 'assume_role');
  const message = role
    ? `Long-lived AWS access keys in ${t.label} used to assume a role: the base identity can come from OIDC or the runner’s role instead`
    : `Long-lived AWS access keys in ${t.label}: use OIDC (assume_role_with_web_identity), an instance/pod role, or environment credentials`;
  push(ctx, R.TF_AWS_STATIC_KEYS, t, at, message, fix, valueKind(at));
}

function gcpKey(ctx: Ctx, t: Target): void {
  const a = attribute(t.block, 'credentials');
  if (!a) return;
  recordVariables(ctx, t, a);
  const kind = valueKind(a);
  if (kind === 'none') return;
  // An external-account (Workload Identity Federation) config is also passed as `credentials`.
  if (/wif|workload[-_]?identity|federat|external[-_]?account|oidc/i.test(a.expr)) return;
  const edits = dropEdits(ctx, [a]);
  const fix: Fix | undefined = edits && { title: 'Remove the key: use Application Default Credentials (Workload Identity Federation or impersonation)', edits };
  push(ctx, R.TF_GCP_KEY, t, a, `Google service-account key given to ${t.label}: use Workload Identity Federation or impersonate_service_account`, fix, kind);
}

function azureSecret(ctx: Ctx, t: Target): void {
  const a = attribute(t.block, 'client_secret');
  if (!a) return;
  recordVariables(ctx, t, a);
  const kind = valueKind(a);
  if (kind === 'none') return;
  const federated = ['use_oidc', 'use_msi', 'use_aks_workload_identity'].some((n) => /^true$/.test(attribute(t.block, n)?.expr.trim() ?? ''));
  const edits = dropEdits(ctx, [a], federated ? undefined : 'use_oidc = true');
  const fix: Fix | undefined = edits && { title: 'Authenticate with OIDC (use_oidc = true) instead of a client secret', edits };
  push(ctx, R.TF_AZURE_SECRET, t, a, `Azure client secret given to ${t.label}: use OIDC (use_oidc) or a managed identity (use_msi)`, fix, kind);
}

function keyResources(ctx: Ctx): void {
  for (const b of ctx.body.blocks) {
    if (b.type !== 'resource') continue;
    const what = KEY_RESOURCES[b.labels[0] ?? ''];
    if (!what) continue;
    const line = ctx.idx.position(b.typeStart).line;
    const header = ctx.idx.lineText(line);
    const col = ctx.idx.position(b.typeStart).column;
    const brace = header.indexOf('{', col);
    const endCol = brace === -1 ? header.length : header.slice(0, brace).trimEnd().length;
    ctx.out.push({
      meta: R.TF_KEY_RESOURCE,
      range: { startLine: line, startColumn: col, endLine: line, endColumn: endCol },
      message: `Terraform creates ${what} (${b.labels[0]}.${b.labels[1] ?? ''}): a long-lived credential that also lands in the state`,
      fingerprintSource: `${b.labels[0]}.${b.labels[1] ?? ''}`,
    });
  }
}

export const analyzer: CiAnalyzer = {
  platform: 'terraform',
  name: 'Terraform',
  yaml: false,
  rules: Object.values(R),
  matches: (path) => /\.tf$/i.test(path),
  analyze(input: CiInput) {
    const body = parseHcl(input.text);
    const ctx: Ctx = { input, text: input.text, idx: new LineIndex(input.text), body, out: [], uses: [] };
    for (const t of targets(body)) {
      if (t.cloud === 'aws') awsKeys(ctx, t);
      else if (t.cloud === 'gcp') gcpKey(ctx, t);
      else azureSecret(ctx, t);
    }
    keyResources(ctx);
    const secretFixes = new Map<number, Fix[]>();
    input.secrets.forEach((s, i) => {
      const fix = terraformLiteralFix(input.text, s);
      if (fix) secretFixes.set(i, [fix]);
    });
    return { candidates: ctx.out, uses: ctx.uses, secretFixes };
  },
};
