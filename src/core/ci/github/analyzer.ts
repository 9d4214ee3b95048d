/**
 * GitHub Actions analyzer: long-lived cloud and registry credentials where OIDC federation or
 * trusted publishing exists (with the workload-identity rewrite as a fix), over-broad exposure of
 * secrets, personal credentials in automation, and every secret's consumers.
 */
import { isMap, type Pair, type YAMLMap } from 'yaml';
import type { Fix, TextEdit } from '../../types';
import type { CiAnalyzer, CiInput } from '../analyzers';
import { literalSecretFix } from '../literalFix';
import type { CiCandidate, CiRuleMeta, IdentityUse } from '../types';
import { ensureIdTokenWrite, indentUnit, insertItemBefore, removeEntry, removePair, replacePair } from '../yamlEdits';
import { getMap, getPair, nodeRange, offsetRange, pairRange, scalarString, type YamlFile } from '../yamlFile';
import { actionName, githubKind, isPinnedToSha, parseUses, readWorkflow, secretRefs, type GhJob, type GhStep, type GhWorkflow } from './model';
import * as R from './rules';

/** Tokens GitHub issues per run: not standing identities. */
const EPHEMERAL = new Set(['GITHUB_TOKEN']);
const FIRST_PARTY_OWNERS = new Set(['actions', 'github']);

interface Ctx {
  f: YamlFile;
  wf: GhWorkflow;
  out: CiCandidate[];
}

function candidate(meta: CiRuleMeta, f: YamlFile, node: unknown, extra: Partial<CiCandidate> = {}): CiCandidate {
  return { meta, range: nodeRange(f, node as never), ...extra };
}

/** Fix = edits to the step plus `id-token: write` on the job. */
function oidcFix(ctx: Ctx, job: GhJob, title: string, edits: Array<TextEdit | undefined>, placeholders: string[]): Fix | undefined {
  if (edits.some((e) => !e)) return undefined; // a construct we cannot edit line by line (flow style)
  const all = edits as TextEdit[];
  if (job.id !== '(action)') {
    const jobs = getMap(ctx.wf.root, 'jobs')!;
    const perm = ensureIdTokenWrite(ctx.f, ctx.wf.root, job.map, indentUnit(ctx.f, jobs, job.map));
    if (perm) all.push(perm);
  }
  return { title, edits: all, placeholders };
}

function stepCloudKeys(ctx: Ctx, job: GhJob, step: GhStep): void {
  const name = actionName(step);
  const w = step.with;
  if (!name || !w) return;
  const f = ctx.f;
  if (name === 'aws-actions/configure-aws-credentials') {
    const id = getPair(w, 'aws-access-key-id');
    const secret = getPair(w, 'aws-secret-access-key');
    if (!id && !secret) return;
    const session = getPair(w, 'aws-session-token');
    const role = getPair(w, 'role-to-assume');
    const first = (id ?? secret)!;
    const edits: Array<TextEdit | undefined> = [];
    if (role) {
      for (const p of [id, secret, session]) if (p) edits.push(removePair(f, p));
    } else {
      edits.push(replacePair(f, first, [['role-to-assume', 'arn:aws:iam::<ACCOUNT_ID>:role/<ROLE_NAME>']]));
      for (const p of [first === id ? secret : undefined, session]) if (p) edits.push(removePair(f, p));
    }
    const fix = oidcFix(ctx, job, 'Use OIDC: role-to-assume with id-token: write instead of access keys', edits, role ? [] : ['<ACCOUNT_ID>', '<ROLE_NAME>']);
    ctx.out.push({ meta: R.GHA_AWS_STATIC_KEYS, range: pairRange(f, first), fixes: fix ? [fix] : undefined, identity: identityIn(f, first) });
  } else if (name === 'azure/login') {
    const creds = getPair(w, 'creds');
    if (!creds) return;
    const fix = oidcFix(ctx, job, 'Use workload identity federation: client-id, tenant-id, subscription-id with id-token: write', [
      replacePair(f, creds, [['client-id', '${{ secrets.AZURE_CLIENT_ID }}'], ['tenant-id', '${{ secrets.AZURE_TENANT_ID }}'], ['subscription-id', '${{ secrets.AZURE_SUBSCRIPTION_ID }}']]),
    ], ['AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_SUBSCRIPTION_ID']);
    ctx.out.push({ meta: R.GHA_AZURE_CREDS, range: pairRange(f, creds), fixes: fix ? [fix] : undefined, identity: identityIn(f, creds) });
  } else if (name === 'google-github-actions/auth') {
    const key = getPair(w, 'credentials_json');
    if (!key) return;
    const fix = oidcFix(ctx, job, 'Use Workload Identity Federation: workload_identity_provider and service_account with id-token: write', [
      replacePair(f, key, [
        ['workload_identity_provider', 'projects/<PROJECT_NUMBER>/locations/global/workloadIdentityPools/<POOL_ID>/providers/<PROVIDER_ID>'],
        ['service_account', '<SERVICE_ACCOUNT>@<PROJECT_ID>.iam.gserviceaccount.com'],
      ]),
    ], ['<PROJECT_NUMBER>', '<POOL_ID>', '<PROVIDER_ID>', '<SERVICE_ACCOUNT>', '<PROJECT_ID>']);
    ctx.out.push({ meta: R.GHA_GCP_KEY, range: pairRange(f, key), fixes: fix ? [fix] : undefined, identity: identityIn(f, key) });
  } else if (name === 'hashicorp/vault-action') {
    const token = getPair(w, 'token');
    const method = getPair(w, 'method');
    const methodValue = scalarString(method?.value);
    if (!token && methodValue !== 'token') return;
    const at = token ?? method!;
    const edits = method
      ? [replacePair(f, method, [['method', 'jwt'], ['role', '<VAULT_ROLE>']]), ...(token ? [removePair(f, token)] : [])]
      : [replacePair(f, token!, [['method', 'jwt'], ['role', '<VAULT_ROLE>']])];
    const fix = oidcFix(ctx, job, 'Use Vault JWT auth with GitHub’s OIDC token (method: jwt) instead of a Vault token', edits, ['<VAULT_ROLE>']);
    ctx.out.push({ meta: R.GHA_VAULT_TOKEN, range: pairRange(f, at), fixes: fix ? [fix] : undefined, identity: identityIn(f, at) });
  } else if (name === 'pypa/gh-action-pypi-publish') {
    const password = getPair(w, 'password');
    if (!password) return;
    const user = getPair(w, 'user');
    const fix = oidcFix(ctx, job, 'Use PyPI trusted publishing: drop the token, grant id-token: write', [removePair(f, password), ...(user ? [removePair(f, user)] : [])], []);
    ctx.out.push({ meta: R.GHA_PYPI_TOKEN, range: pairRange(f, password), fixes: fix ? [fix] : undefined, identity: identityIn(f, password) });
  }
}

/** The secret a pair's value refers to, if it is `${{ secrets.X }}`. */
function identityIn(f: YamlFile, pair: Pair): string | undefined {
  return secretRefs(f, pair.value)[0]?.name;
}

/** Env pairs visible to a step (workflow, job, step), innermost last. */
function envPairs(ctx: Ctx, job: GhJob, step?: GhStep): Array<{ pair: Pair; map: YAMLMap; level: 'workflow' | 'job' | 'step' }> {
  const out: Array<{ pair: Pair; map: YAMLMap; level: 'workflow' | 'job' | 'step' }> = [];
  for (const [map, level] of [[ctx.wf.env, 'workflow'], [job.env, 'job'], [step?.env, 'step']] as const) {
    if (map) for (const p of map.items) out.push({ pair: p, map, level });
  }
  return out;
}

function keyName(pair: Pair): string {
  return String((pair.key as { value?: unknown })?.value ?? '');
}

type PublishFix = 'drop-token' | 'crates-auth-action' | 'rubygems-credentials-action' | undefined;

const PUBLISHERS: Array<{ meta: CiRuleMeta; run: RegExp; env: RegExp; fix: PublishFix }> = [
  { meta: R.GHA_NPM_TOKEN, run: /\b(?:npm|pnpm)\s+publish\b|\byarn\s+(?:npm\s+)?publish\b/, env: /^(?:NODE_AUTH_TOKEN|NPM_TOKEN|NPM_AUTH_TOKEN)$/, fix: 'drop-token' },
  { meta: R.GHA_PYPI_TOKEN, run: /\btwine\s+upload\b/, env: /^TWINE_PASSWORD$/, fix: undefined },
  { meta: R.GHA_CRATES_TOKEN, run: /\bcargo\s+publish\b/, env: /^CARGO_REGISTRY_TOKEN$/, fix: 'crates-auth-action' },
  { meta: R.GHA_RUBYGEMS_TOKEN, run: /\bgem\s+push\b|\brake\s+release\b/, env: /^(?:GEM_HOST_API_KEY|RUBYGEMS_API_KEY)$/, fix: 'rubygems-credentials-action' },
];

/** Edits that move one publish step to trusted publishing; undefined when it cannot be done line by line. */
function publishFix(ctx: Ctx, job: GhJob, step: GhStep, e: { pair: Pair; map: YAMLMap; level: 'workflow' | 'job' | 'step' }, kind: PublishFix): Fix | undefined {
  const f = ctx.f;
  // The token is only replaced where the step defines it; shared env would need every consumer changed.
  const owner = e.level === 'step' ? step.map : e.level === 'job' ? job.map : ctx.wf.root;
  const dropToken = () => removeEntry(f, owner, 'env', e.map, e.pair);
  switch (kind) {
    case 'drop-token':
      return oidcFix(ctx, job, 'Use npm trusted publishing (OIDC): drop the token, grant id-token: write', [dropToken()], []);
    case 'crates-auth-action':
      if (e.level !== 'step') return undefined;
      return oidcFix(ctx, job, 'Use crates.io trusted publishing: a short-lived token from rust-lang/crates-io-auth-action', [
        insertItemBefore(f, step.map, ['name: Authenticate with crates.io', 'id: crates-io-auth', 'uses: rust-lang/crates-io-auth-action@v1']),
        replacePair(f, e.pair, [[keyName(e.pair), '${{ steps.crates-io-auth.outputs.token }}']]),
      ], []);
    case 'rubygems-credentials-action':
      // The action sets GEM_HOST_API_KEY for `gem push`; other names feed scripts we cannot rewrite.
      if (e.level !== 'step' || keyName(e.pair) !== 'GEM_HOST_API_KEY') return undefined;
      return oidcFix(ctx, job, 'Use RubyGems trusted publishing: rubygems/configure-rubygems-credentials, no stored API key', [
        insertItemBefore(f, step.map, ['name: Configure RubyGems credentials (trusted publishing)', 'uses: rubygems/configure-rubygems-credentials@v1.0.0']),
        dropToken(),
      ], []);
    default:
      return undefined;
  }
}

function stepPublishTokens(ctx: Ctx, job: GhJob, step: GhStep): void {
  if (!step.run) return;
  for (const p of PUBLISHERS) {
    if (!p.run.test(step.run)) continue;
    const env = envPairs(ctx, job, step).filter((e) => p.env.test(keyName(e.pair)) && secretRefs(ctx.f, e.pair.value).length);
    for (const e of env) {
      const fix = publishFix(ctx, job, step, e, p.fix);
      const fixes = fix ? [fix] : undefined;
      ctx.out.push({ meta: p.meta, range: pairRange(ctx.f, e.pair), fixes, identity: identityIn(ctx.f, e.pair), related: [{ path: ctx.f.path, range: nodeRange(ctx.f, step.runNode), message: 'the publish command' }] });
    }
  }
}

function stepAwsEnv(ctx: Ctx, job: GhJob): void {
  const seen = new Set<Pair>();
  const pairs = [...envPairs(ctx, job), ...job.steps.flatMap((s) => (s.env ? s.env.items.map((p) => ({ pair: p })) : []))];
  for (const { pair } of pairs) {
    if (seen.has(pair) || keyName(pair) !== 'AWS_SECRET_ACCESS_KEY') continue;
    seen.add(pair);
    if (!secretRefs(ctx.f, pair.value).length) continue;
    ctx.out.push({
      meta: R.GHA_AWS_STATIC_KEYS,
      range: pairRange(ctx.f, pair),
      message: 'Long-lived AWS access keys in the environment where GitHub OIDC federation is available',
      identity: identityIn(ctx.f, pair),
    });
  }
}

function stepExposure(ctx: Ctx, job: GhJob, step: GhStep): void {
  const f = ctx.f;
  // Third-party action, not pinned to a commit, receiving secrets.
  const u = step.uses && parseUses(step.uses);
  if (u && !FIRST_PARTY_OWNERS.has(u.owner.toLowerCase()) && !isPinnedToSha(u.ref)) {
    const refs = [...secretRefs(f, step.with), ...secretRefs(f, step.env)];
    if (refs.length) {
      ctx.out.push({
        meta: R.GHA_UNPINNED_ACTION_SECRETS,
        range: nodeRange(f, step.usesNode),
        message: `${u.owner}/${u.repo}@${u.ref} receives ${[...new Set(refs.map((r) => r.name))].join(', ')} but is not pinned to a commit SHA`,
        identity: refs[0].name,
        related: refs.map((r) => ({ path: f.path, range: r.range, message: `secret ${r.name}` })),
      });
    }
  }
  if (!step.runNode || !step.run) return;
  const run = step.runNode;
  // Secrets interpolated into the script, and env vars carrying secrets that get printed.
  const secretEnv = new Set(envPairs(ctx, job, step).filter((e) => secretRefs(f, e.pair.value).length).map((e) => keyName(e.pair)));
  const src = f.text.slice(run.range![0], run.range![1]);
  let offset = run.range![0];
  for (const line of src.split('\n')) {
    const printing = /^\s*(?:echo|printf|cat\b.*<<|tee|Write-(?:Host|Output))\b/.test(line) || /\|\s*tee\b/.test(line);
    const toEnvFile = />>?\s*"?\$\{?GITHUB_(?:ENV|OUTPUT|STEP_SUMMARY)/.test(line);
    for (const ref of secretRefs(f, { range: [offset, offset + line.length] })) {
      const meta = printing || toEnvFile ? R.GHA_SECRET_ECHOED : R.GHA_SECRET_ARGUMENT;
      ctx.out.push({ meta, range: ref.range, identity: ref.name, message: `${meta.title}: ${ref.name}` });
    }
    if (printing && !toEnvFile) {
      for (const name of secretEnv) {
        const m = new RegExp(`\\$\\{?${name}\\b|%${name}%|\\$env:${name}\\b`).exec(line);
        if (m) ctx.out.push({ meta: R.GHA_SECRET_ECHOED, range: offsetRange(f, offset + m.index, offset + m.index + m[0].length), identity: name, message: `${R.GHA_SECRET_ECHOED.title}: ${name}` });
      }
    }
    offset += line.length + 1;
  }
}

const PERSONAL_NAME = /(?:^|_)(?:PERSONAL|MY|USER)(?:_|$)|(?:^|_)PAT(?:_|$)/;
const BOT_LIKE = /bot|ci|svc|service|deploy|robot|automation|machine|noreply|no-reply|actions|\$|\{/i;

function personalCredentials(ctx: Ctx, job: GhJob, step: GhStep, refs: Array<{ name: string; range: ReturnType<typeof offsetRange> }>): void {
  for (const r of refs) {
    if (PERSONAL_NAME.test(r.name)) {
      ctx.out.push({ meta: R.GHA_PERSONAL_CREDENTIAL, range: r.range, identity: r.name, confidence: 'medium', message: `Automation uses ${r.name}, named as a person’s token` });
    }
  }
  if (!step.run || !step.runNode) return;
  const f = ctx.f;
  const base = step.runNode.range![0];
  const src = f.text.slice(base, step.runNode.range![1]);
  const email = /git\s+config\s+(?:--global\s+)?user\.email\s+["']?([^\s"']+@[^\s"']+)/.exec(src);
  if (email && !BOT_LIKE.test(email[1]) && /git\s+push\b/.test(src)) {
    const s = base + email.index + email[0].length - email[1].length;
    ctx.out.push({ meta: R.GHA_PERSONAL_CREDENTIAL, range: offsetRange(f, s, s + email[1].length), confidence: 'medium', message: 'Automation commits and pushes as a person (personal git identity)', fingerprintSource: email[1] });
  }
  const login = /docker\s+login\b[^\n]*?(?:-u|--username)[ =]["']?([^\s"']+)/.exec(src);
  if (login && !BOT_LIKE.test(login[1])) {
    const s = base + login.index + login[0].length - login[1].length;
    ctx.out.push({ meta: R.GHA_PERSONAL_CREDENTIAL, range: offsetRange(f, s, s + login[1].length), confidence: 'medium', message: `docker login as ${login[1]}: a person’s registry account used by automation`, fingerprintSource: login[1] });
  }
}

function workflowRules(ctx: Ctx, usesSecrets: boolean): void {
  const { f, wf } = ctx;
  const perms = [wf.permissions, ...wf.jobs.map((j) => j.permissions)];
  for (const p of perms) {
    if (p && scalarString(p.value) === 'write-all') ctx.out.push(candidate(R.GHA_WRITE_ALL, f, p.value));
  }
  if (wf.kind === 'workflow' && usesSecrets && !wf.permissions && wf.jobs.some((j) => !j.permissions && !j.uses)) {
    const on = getPair(wf.root, 'on') ?? wf.root.items[0];
    ctx.out.push({ meta: R.GHA_NO_PERMISSIONS, range: nodeRange(f, on?.key as never), fingerprintSource: f.path });
  }
  if (wf.triggers.has('pull_request_target')) {
    for (const job of wf.jobs) {
      for (const step of job.steps) {
        if (actionName(step) !== 'actions/checkout') continue;
        const ref = getPair(step.with, 'ref');
        const v = scalarString(ref?.value) ?? '';
        if (ref && /github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|refs\/pull\//.test(v)) {
          ctx.out.push({ meta: R.GHA_PR_TARGET_CHECKOUT, range: pairRange(f, ref), fingerprintSource: `${f.path}:${job.id}` });
        }
      }
    }
  }
  for (const job of wf.jobs) {
    if (job.secrets && scalarString(job.secrets.value) === 'inherit') ctx.out.push({ meta: R.GHA_SECRETS_INHERIT, range: pairRange(f, job.secrets), fingerprintSource: `${f.path}:${job.id}` });
  }
}

function identityUses(ctx: Ctx): IdentityUse[] {
  const { f, wf } = ctx;
  const uses: IdentityUse[] = [];
  const push = (name: string, range: IdentityUse['range'], job?: GhJob, step?: GhStep) => {
    if (EPHEMERAL.has(name)) return;
    uses.push({ key: `github:ci-secret:${name}`, kind: 'ci-secret', name, platform: 'github', path: f.path, range, workflow: wf.name, job: job?.id, step: step?.label, environment: job?.environment, branches: wf.branches.length ? wf.branches : undefined });
  };
  for (const r of secretRefs(f, wf.env)) push(r.name, r.range);
  for (const job of wf.jobs) {
    const steps = job.steps.map((s) => ({ s, r: s.map.range! }));
    for (const r of secretRefs(f, job.map)) {
      const step = steps.find((x) => r.start >= x.r[0] && r.end <= x.r[1])?.s;
      push(r.name, r.range, job, step);
    }
  }
  return uses;
}

export const analyzer: CiAnalyzer = {
  platform: 'github',
  name: 'GitHub Actions',
  yaml: true,
  matches: (path) => githubKind(path) !== undefined,
  rules: Object.values(R),
  analyze(input: CiInput) {
    const f = input.yaml!;
    const wf = readWorkflow(f, githubKind(input.path)!);
    if (!wf) return { candidates: [], uses: [] };
    const ctx: Ctx = { f, wf, out: [] };
    const uses = identityUses(ctx);
    for (const job of wf.jobs) {
      for (const step of job.steps) {
        stepCloudKeys(ctx, job, step);
        stepPublishTokens(ctx, job, step);
        stepExposure(ctx, job, step);
        personalCredentials(ctx, job, step, [...secretRefs(f, step.with), ...secretRefs(f, step.env)]);
      }
      stepAwsEnv(ctx, job);
    }
    const allRefs = uses.length > 0 || /\$\{\{\s*secrets\./.test(f.text);
    workflowRules(ctx, allRefs);
    personalEnvNames(ctx);
    const secretFixes = new Map<number, Fix[]>();
    input.secrets.forEach((s, i) => {
      const fix = literalSecretFix(f, s, (n) => `\${{ secrets.${n} }}`, 'a repository or environment secret');
      if (fix) secretFixes.set(i, [fix]);
    });
    return { candidates: ctx.out, uses, secretFixes };
  },
};

/** Workflow- and job-level env secrets named for a person. */
function personalEnvNames(ctx: Ctx): void {
  const maps = [ctx.wf.env, ...ctx.wf.jobs.map((j) => j.env)];
  for (const m of maps) {
    if (!m || !isMap(m)) continue;
    for (const r of secretRefs(ctx.f, m)) {
      if (PERSONAL_NAME.test(r.name)) ctx.out.push({ meta: R.GHA_PERSONAL_CREDENTIAL, range: r.range, identity: r.name, confidence: 'medium', message: `Automation uses ${r.name}, named as a person’s token` });
    }
  }
}

