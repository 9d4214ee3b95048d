/**
 * Long-lived cloud and Vault credentials in GitLab pipelines where federation with the job's
 * `id_tokens:` exists: AWS access keys, Google service-account keys, Azure client secrets and
 * Vault tokens, in `variables:` or set up by the script. Fixes give the job an ID token and switch
 * to the federated form, leaving the rest of the job as it is.
 */
import type { Fix, TextEdit } from '../../types';
import { removePair, replacePair } from '../yamlEdits';
import { pairRange } from '../yamlFile';
import { defaultIdTokenEdits, EPHEMERAL, idTokenEdits, idTokenNames, jobLines, prependToJobScript, tokenTargets, type Ctx, type ScriptBlock } from './context';
import { removeEntry, replaceSeqItem } from './edits';
import type { GlJob, GlVariable } from './model';
import { assignedNames, commands, offsetIn, pureRef, rangeIn, varRefs, type LogicalLine } from './shell';
import * as R from './rules';

interface Scope {
  job?: GlJob;
  vars: GlVariable[];
}

/** Names of S3-compatible stores and local emulators that reuse the AWS variable names (no OIDC there). */
export const S3_COMPATIBLE = /(?:^|_)(?:MINIO|LOCALSTACK|R2|CLOUDFLARE|SPACES|DO|DIGITALOCEAN|WASABI|B2|BACKBLAZE|SCALEWAY|SCW|OVH|LINODE|HETZNER|CEPH|GARAGE|STORJ|OSS|ALIYUN|YANDEX|EXOSCALE|IONOS|OBS|COS|GCS|HMAC|RGW)(?:_|$)/i;
export const NON_AWS_HINT = /localstack|minio|--endpoint-url|--endpoint\b|wasabisys|backblazeb2|digitaloceanspaces|linodeobjects|scw\.cloud|r2\.cloudflarestorage|storage\.yandexcloud/i;
const WEB_IDENTITY = /assume-role-with-web-identity|AWS_WEB_IDENTITY_TOKEN_FILE/;
const TOKEN_FILE = '/tmp/web_identity_token_$CI_JOB_ID';
const AZURE_AUDIENCE = 'api://AzureADTokenExchange';
const GCP_PROVIDER = 'projects/<PROJECT_NUMBER>/locations/global/workloadIdentityPools/<POOL_ID>/providers/<PROVIDER_ID>';
const VAULT_LOGIN = 'export VAULT_TOKEN="$(vault write -field=token auth/jwt/login role=<VAULT_ROLE> jwt=$VAULT_ID_TOKEN)"';

function scopes(ctx: Ctx): Scope[] {
  return [{ vars: ctx.pl.variables }, ...ctx.pl.jobs.map((job) => ({ job, vars: job.variables }))];
}

function find(scope: Scope, name: string): GlVariable | undefined {
  return scope.vars.find((v) => v.name === name);
}

function refNames(value: string): string[] {
  return varRefs(value).map((r) => r.name);
}

/** Source text of a job (or the whole file for pipeline-wide scope). */
function scopeText(ctx: Ctx, job: GlJob | undefined): string {
  const r = job?.map.range;
  return r ? ctx.f.text.slice(r[0], r[1]) : ctx.f.text;
}

function valueIsCredential(v: GlVariable, literal: RegExp, ctx: Ctx, job: GlJob | undefined): boolean {
  const value = v.value.trim();
  if (!value) return false;
  if (value.includes('$')) {
    const names = refNames(value);
    const tokens = idTokenNames(ctx, job);
    // Predefined CI_* / GITLAB_* variables are paths and names, not stored keys.
    return names.some((n) => !EPHEMERAL.has(n) && !tokens.has(n) && !S3_COMPATIBLE.test(n) && !/^(?:CI|GITLAB)_/.test(n));
  }
  return literal.test(value);
}

function fixOf(title: string, edits: Array<TextEdit | undefined>, more: TextEdit[] | undefined, placeholders: string[]): Fix[] | undefined {
  if (!more || edits.some((e) => !e)) return undefined;
  return [{ title, edits: [...(edits as TextEdit[]), ...more], placeholders }];
}

// ---- AWS ------------------------------------------------------------------------------------

const AWS_ID_LITERAL = /^(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}$/;
const AWS_SECRET_LITERAL = /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[A-Za-z0-9/+]{40}$/;

function nonAws(ctx: Ctx, scope: Scope): boolean {
  const vars = [...scope.vars, ...(scope.job ? ctx.pl.variables : [])];
  if (vars.some((v) => /ENDPOINT/i.test(v.name) && v.value.trim() && !/amazonaws\.com/.test(v.value))) return true;
  return NON_AWS_HINT.test(scopeText(ctx, scope.job));
}

function awsVariables(ctx: Ctx, scope: Scope): boolean {
  const id = find(scope, 'AWS_ACCESS_KEY_ID');
  const secret = find(scope, 'AWS_SECRET_ACCESS_KEY');
  const live = [secret, id].filter((v): v is GlVariable => !!v && valueIsCredential(v, v === id ? AWS_ID_LITERAL : AWS_SECRET_LITERAL, ctx, scope.job));
  if (!live.length || nonAws(ctx, scope)) return false;
  const at = live[0];
  ctx.out.push({
    meta: R.GL_AWS_STATIC_KEYS,
    range: pairRange(ctx.f, at.pair),
    identity: refNames(at.value)[0],
    fixes: awsFix(ctx, scope, id, secret),
    fingerprintSource: `${scope.job?.id ?? '(pipeline)'}:${at.name}`,
  });
  return true;
}

/** AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE (read by the AWS CLI and SDKs), the file written from an ID token. */
function awsFix(ctx: Ctx, scope: Scope, id: GlVariable | undefined, secret: GlVariable | undefined): Fix[] | undefined {
  const targets = tokenTargets(ctx, scope.job);
  if (!targets) return undefined;
  // Scripts that read the keys themselves (`--secret $AWS_SECRET_ACCESS_KEY`) need a rewrite by hand.
  const lines = scope.job ? jobLines(ctx, scope.job) : ctx.scripts.flatMap((b) => b.lines);
  if (lines.some((l) => varRefs(l.text).some((r) => r.name === 'AWS_ACCESS_KEY_ID' || r.name === 'AWS_SECRET_ACCESS_KEY'))) return undefined;
  const f = ctx.f;
  const first = (id ?? secret)!;
  const entries: Array<[string, string]> = [];
  if (!find(scope, 'AWS_ROLE_ARN')) entries.push(['AWS_ROLE_ARN', '<ROLE_ARN>']);
  if (!find(scope, 'AWS_WEB_IDENTITY_TOKEN_FILE')) entries.push(['AWS_WEB_IDENTITY_TOKEN_FILE', TOKEN_FILE]);
  if (!entries.length) return undefined;
  const edits: Array<TextEdit | undefined> = [replacePair(f, first.pair, entries)];
  if (secret && secret !== first) edits.push(removePair(f, secret.pair));
  const session = find(scope, 'AWS_SESSION_TOKEN');
  if (session) edits.push(removePair(f, session.pair));
  for (const t of targets) edits.push(prependToJobScript(ctx, t, ['echo "$GITLAB_OIDC_TOKEN" > "$AWS_WEB_IDENTITY_TOKEN_FILE"']));
  return fixOf(
    'Use GitLab OIDC: an id_tokens token and AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE instead of access keys',
    edits,
    idTokenEdits(ctx, targets, 'GITLAB_OIDC_TOKEN', '$CI_SERVER_URL'),
    entries.some(([k]) => k === 'AWS_ROLE_ARN') ? ['<ROLE_ARN>'] : [],
  );
}

/** `export AWS_SECRET_ACCESS_KEY=$X` as a command of its own (not `--build-arg X=$X`, which passes on whatever is set). */
const AWS_ASSIGN = /^(\s*(?:export\s+)?)(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY)=(["']?)\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?\3(?=[\s;&)]|$)/;
/** `aws configure set aws_secret_access_key $X`, `serverless config credentials --provider aws --secret $X`. */
const AWS_CONFIGURE = /\baws\s+configure\s+set\s+(?:[\w-]+\.)?(aws_access_key_id|aws_secret_access_key)\s+(["']?)\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?\2|\b(?:serverless|sls)\s+config\s+credentials\b[^;&|]*?(--secret|--key)[ =](["']?)\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?\6/g;

export interface KeyAssignment {
  secret: boolean;
  line: LogicalLine;
  index: number;
  length: number;
  /** The variable the key comes from. */
  name: string;
}

/** Script lines that load AWS keys from a variable: `export AWS_SECRET_ACCESS_KEY=$X`, `aws configure set aws_secret_access_key $X`. */
export function awsKeyAssignments(lines: LogicalLine[], keep: (name: string) => boolean): KeyAssignment[] {
  const found: KeyAssignment[] = [];
  for (const line of lines) {
    for (const c of commands(line.text)) {
      const a = AWS_ASSIGN.exec(c.text);
      if (a && keep(a[4])) {
        const lead = a[1].length - a[1].trimStart().length;
        found.push({ secret: a[2] === 'AWS_SECRET_ACCESS_KEY', line, index: c.index + lead, length: a[0].length - lead, name: a[4] });
      }
    }
    for (const m of line.text.matchAll(AWS_CONFIGURE)) {
      const name = m[3] ?? m[7];
      if (keep(name)) found.push({ secret: /secret/i.test(m[1] ?? m[5]), line, index: m.index!, length: m[0].length, name });
    }
  }
  // One finding per key pair: the secret when there is one.
  return found.some((x) => x.secret) ? found.filter((x) => x.secret) : found;
}

function awsScript(ctx: Ctx, job: GlJob | undefined, blocks: ScriptBlock[]): void {
  const text = scopeText(ctx, job);
  if (NON_AWS_HINT.test(text) || WEB_IDENTITY.test(text)) return;
  const assigned = assignedNames(jobLines(ctx, job));
  const tokens = idTokenNames(ctx, job);
  const keep = (name: string) => !assigned.has(name) && !EPHEMERAL.has(name) && !tokens.has(name) && !S3_COMPATIBLE.test(name);
  for (const x of awsKeyAssignments(blocks.flatMap((b) => b.lines), keep)) {
    ctx.out.push({
      meta: R.GL_AWS_STATIC_KEYS,
      range: rangeIn(ctx.f, x.line, x.index, x.length),
      identity: x.name,
      message: 'Long-lived AWS access keys set up by the script where GitLab OIDC (id_tokens) federation is available',
    });
  }
}

// ---- Google Cloud -----------------------------------------------------------------------------

const GCP_KEY_VARS = new Set(['GOOGLE_APPLICATION_CREDENTIALS', 'GOOGLE_CREDENTIALS', 'GOOGLE_CLOUD_KEYFILE_JSON', 'GCLOUD_KEYFILE_JSON', 'CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE']);
const GCP_FEDERATED = /create-cred-config|external_account|workload.?identity/i;

function gcpVariables(ctx: Ctx, scope: Scope): void {
  if (GCP_FEDERATED.test(scopeText(ctx, scope.job)) || (scope.job && idTokenNames(ctx, scope.job).size)) return;
  for (const v of scope.vars) {
    // A reference to a stored key (file) variable; a path is where a credential file is written, maybe a federated one.
    if (!GCP_KEY_VARS.has(v.name) || pureRef(v.value) === undefined || !valueIsCredential(v, /^$/, ctx, scope.job)) continue;
    ctx.out.push({ meta: R.GL_GCP_KEY, range: pairRange(ctx.f, v.pair), identity: refNames(v.value)[0], confidence: 'medium', fingerprintSource: `${scope.job?.id ?? '(pipeline)'}:${v.name}` });
  }
}

/** `docker login -u _json_key`: a service-account key used as a registry password. */
const JSON_KEY_LOGIN = /\bdocker\s+login\b.*?(?:-u|--username)[ =]["']?(_json_key(?:_base64)?)\b/;

function gcpScript(ctx: Ctx, block: ScriptBlock): void {
  for (const line of block.lines) {
    const cmds = commands(line.text);
    for (const c of cmds) {
      if (JSON_KEY_LOGIN.test(c.text)) {
        const lead = c.text.length - c.text.trimStart().length;
        const key = /(?:-p|--password)[ =]["']?\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(c.text)?.[1];
        ctx.out.push({ meta: R.GL_GCP_KEY, range: rangeIn(ctx.f, line, c.index + lead, c.text.trim().length), identity: key, message: 'Container registry login with a service-account key (_json_key) where Workload Identity Federation is available' });
        continue;
      }
      if (!/\bgcloud\s+auth\s+activate-service-account\b/.test(c.text) || !/--key-file\b/.test(c.text)) continue;
      const lead = c.text.length - c.text.trimStart().length;
      const body = c.text.trim();
      let fixes: Fix[] | undefined;
      if (block.job && cmds.length === 1) {
        fixes = fixOf('Use Workload Identity Federation: an id_tokens token and a credential configuration instead of the key', [
          replaceSeqItem(ctx.f, line.scalar, [
            'echo "$GCP_ID_TOKEN" > .gcp_id_token',
            `gcloud iam workload-identity-pools create-cred-config ${GCP_PROVIDER} --service-account=<SERVICE_ACCOUNT_EMAIL> --credential-source-file=.gcp_id_token --output-file=.gcp_cred_config.json`,
            'gcloud auth login --cred-file=.gcp_cred_config.json',
          ]),
        ], idTokenEdits(ctx, [block.job], 'GCP_ID_TOKEN', `https://iam.googleapis.com/${GCP_PROVIDER}`), ['<PROJECT_NUMBER>', '<POOL_ID>', '<PROVIDER_ID>', '<SERVICE_ACCOUNT_EMAIL>']);
      }
      const key = /--key-file[= ]["']?\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(body)?.[1];
      ctx.out.push({ meta: R.GL_GCP_KEY, range: rangeIn(ctx.f, line, c.index + lead, body.length), identity: key, fixes, message: 'gcloud authenticates with a service-account key file where Workload Identity Federation is available' });
    }
  }
}

// ---- Azure --------------------------------------------------------------------------------------

const AZURE_SECRET_LITERAL = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9~._-]{30,}$/;

function azureVariables(ctx: Ctx, scope: Scope): void {
  const useOidc = [...scope.vars, ...ctx.pl.variables].some((v) => v.name === 'ARM_USE_OIDC' && /^true$/i.test(v.value.trim()));
  if (useOidc || idTokenNames(ctx, scope.job).has('ARM_OIDC_TOKEN')) return;
  for (const v of scope.vars) {
    if (v.name !== 'ARM_CLIENT_SECRET' && v.name !== 'AZURE_CLIENT_SECRET') continue;
    if (!valueIsCredential(v, AZURE_SECRET_LITERAL, ctx, scope.job)) continue;
    let fixes: Fix[] | undefined;
    if (v.name === 'ARM_CLIENT_SECRET') {
      // The azurerm provider reads the federated token from ARM_OIDC_TOKEN: name the ID token so.
      fixes = fixOf('Use workload identity federation: ARM_USE_OIDC with an ARM_OIDC_TOKEN id_tokens token instead of the client secret', [
        replacePair(ctx.f, v.pair, [['ARM_USE_OIDC', '"true"']]),
      ], scope.job ? idTokenEdits(ctx, [scope.job], 'ARM_OIDC_TOKEN', AZURE_AUDIENCE) : defaultIdTokenEdits(ctx, 'ARM_OIDC_TOKEN', AZURE_AUDIENCE), []);
    }
    ctx.out.push({ meta: R.GL_AZURE_SECRET, range: pairRange(ctx.f, v.pair), identity: refNames(v.value)[0], fixes, fingerprintSource: `${scope.job?.id ?? '(pipeline)'}:${v.name}` });
  }
}

const AZ_SECRET_ARG = /(?:^|\s)(?:-p|--password|--client-secret|--secret)(?:\s+|=)("[^"]*"|'[^']*'|\S+)/;

function azureScript(ctx: Ctx, block: ScriptBlock): void {
  for (const line of block.lines) {
    const cmds = commands(line.text);
    for (const c of cmds) {
      if (!/\baz\s+login\b/.test(c.text) || !/--service-principal\b/.test(c.text) || /--federated-token\b/.test(c.text)) continue;
      const m = AZ_SECRET_ARG.exec(c.text);
      if (!m) continue;
      const lead = m[0].length - m[0].trimStart().length;
      const index = c.index + m.index + lead;
      const length = m[0].length - lead;
      let fixes: Fix[] | undefined;
      if (block.job && cmds.length === 1 && samePiece(line, index, length)) {
        const range = rangeIn(ctx.f, line, index, length);
        fixes = fixOf('Use workload identity federation: az login --federated-token with an id_tokens token', [{ range, newText: '--federated-token $AZURE_ID_TOKEN' }], idTokenEdits(ctx, [block.job], 'AZURE_ID_TOKEN', AZURE_AUDIENCE), []);
      }
      const secret = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(m[1])?.[1];
      ctx.out.push({ meta: R.GL_AZURE_SECRET, range: rangeIn(ctx.f, line, index, length), identity: secret, fixes, message: 'az login with a service-principal secret where workload identity federation is available' });
    }
  }
}

/** The span lies on one physical line (so it maps to one file range). */
function samePiece(line: LogicalLine, index: number, length: number): boolean {
  return offsetIn(line, index + length - 1) - offsetIn(line, index) === length - 1;
}

// ---- Vault --------------------------------------------------------------------------------------

const VAULT_TOKEN_LITERAL = /^(?:hvs|hvb|s)\.[A-Za-z0-9_-]{20,}$/;

function vaultVariables(ctx: Ctx, scope: Scope): void {
  const v = find(scope, 'VAULT_TOKEN');
  if (!v || !valueIsCredential(v, VAULT_TOKEN_LITERAL, ctx, scope.job)) return;
  let fixes: Fix[] | undefined;
  const targets = tokenTargets(ctx, scope.job);
  if (targets) {
    const owner = scope.job ? scope.job.map : ctx.pl.root;
    const edits: Array<TextEdit | undefined> = [removeEntry(ctx.f, owner, 'variables', v.map, v.pair)];
    for (const t of targets) edits.push(prependToJobScript(ctx, t, [VAULT_LOGIN]));
    fixes = fixOf('Use Vault JWT auth with an id_tokens token (VAULT_ID_TOKEN) instead of a stored Vault token', edits, idTokenEdits(ctx, targets, 'VAULT_ID_TOKEN', '$VAULT_ADDR'), ['<VAULT_ROLE>']);
  }
  ctx.out.push({ meta: R.GL_VAULT_TOKEN, range: pairRange(ctx.f, v.pair), identity: refNames(v.value)[0], fixes, fingerprintSource: `${scope.job?.id ?? '(pipeline)'}:VAULT_TOKEN` });
}

const VAULT_EXPORT = /^\s*(?:export\s+)?VAULT_TOKEN=(["']?)\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?\1(?=\s|$)/;
/** Names of stored Vault tokens (`VAULT_TOKEN`, `CICD_VAULT_TOKEN`, `VAULT_ROOT_TOKEN`…). */
const VAULT_TOKEN_NAME = /(?:^|_)VAULT(?:_[A-Z0-9]+)*_TOKEN$/;

function vaultScript(ctx: Ctx, job: GlJob | undefined, blocks: ScriptBlock[]): void {
  const assigned = assignedNames(jobLines(ctx, job));
  const tokens = idTokenNames(ctx, job);
  const inVariables = new Set([...(job?.variables ?? []), ...ctx.pl.variables].map((v) => v.name));
  const stored = (n: string | undefined) => !!n && !assigned.has(n) && !EPHEMERAL.has(n) && !tokens.has(n) && !/JWT|ID_TOKEN/.test(n);
  let named = false;
  for (const block of blocks) {
    for (const line of block.lines) {
      const cmds = commands(line.text);
      for (const c of cmds) {
        let name: string | undefined;
        let message: string | undefined;
        let fixable = false;
        const exp = VAULT_EXPORT.exec(c.text);
        if (exp && stored(exp[2])) {
          name = exp[2];
          fixable = true;
        } else if (/\bvault\s+login\b/.test(c.text) && !/-method[= ](?!token\b)\w/.test(c.text)) {
          name = varRefs(c.text.slice(c.text.search(/\bvault\s+login\b/))).find((r) => stored(r.name))?.name;
          fixable = true;
        } else if (/\bvault\s+write\s+\S*auth\/approle\/login\b/.test(c.text) && /\bsecret_id=/.test(c.text)) {
          name = /\bsecret_id=["']?\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(c.text)?.[1];
          message = 'Vault AppRole login with a stored secret_id where JWT auth with id_tokens is available';
        } else if (!named) {
          // A stored Vault token handed to a tool (TF_VAR_…=$CICD_VAULT_TOKEN, a helper script).
          name = varRefs(c.text).find((r) => VAULT_TOKEN_NAME.test(r.name) && stored(r.name) && !inVariables.has(r.name))?.name;
          if (name) {
            named = true;
            message = `A stored Vault token (${name}) is handed to the job where JWT auth with id_tokens is available`;
          }
        }
        if (!name || !stored(name)) continue;
        const lead = c.text.length - c.text.trimStart().length;
        const body = c.text.trim();
        let fixes: Fix[] | undefined;
        if (job && fixable && cmds.length === 1) {
          fixes = fixOf('Use Vault JWT auth with an id_tokens token (VAULT_ID_TOKEN) instead of a stored Vault token', [replaceSeqItem(ctx.f, line.scalar, [VAULT_LOGIN])], idTokenEdits(ctx, [job], 'VAULT_ID_TOKEN', '$VAULT_ADDR'), ['<VAULT_ROLE>']);
        }
        ctx.out.push({ meta: R.GL_VAULT_TOKEN, range: rangeIn(ctx.f, line, c.index + lead, body.length), identity: name, fixes, message: message ?? 'Vault authentication with a stored token where JWT auth with id_tokens is available' });
      }
    }
  }
}

// ---- entry ----------------------------------------------------------------------------------

export function cloudKeyRules(ctx: Ctx): void {
  const awsInVariables = new Set<GlJob | undefined>();
  for (const scope of scopes(ctx)) {
    if (awsVariables(ctx, scope)) awsInVariables.add(scope.job);
    gcpVariables(ctx, scope);
    azureVariables(ctx, scope);
    vaultVariables(ctx, scope);
  }
  const byJob = new Map<GlJob | undefined, ScriptBlock[]>();
  for (const b of ctx.scripts) byJob.set(b.job, [...(byJob.get(b.job) ?? []), b]);
  for (const [job, blocks] of byJob) {
    if (!awsInVariables.has(job) && !awsInVariables.has(undefined)) awsScript(ctx, job, blocks);
    for (const b of blocks) {
      gcpScript(ctx, b);
      azureScript(ctx, b);
    }
    vaultScript(ctx, job, blocks);
  }
}
