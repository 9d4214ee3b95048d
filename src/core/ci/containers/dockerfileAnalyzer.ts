/**
 * Dockerfile analyzer: credentials that end up in image layers or metadata — build arguments and
 * ENV variables named as credentials, credential files copied in — with the BuildKit secret mount
 * as the fix for build arguments; build-argument and secret-mount identities.
 */
import { LineIndex } from '../../detect/location';
import type { Fix, TextEdit } from '../../types';
import type { CiAnalyzer, CiInput } from '../analyzers';
import type { CiCandidate, IdentityUse } from '../types';
import { isCredentialName, isDummyValue } from './credentialNames';
import { parseDockerfile, supportsSecretEnv, wordsOf, type DfInstruction, type DfStage, type Dockerfile } from './dockerfile';
import * as R from './rules';

/** `Dockerfile`, `Dockerfile.prod`, `api.Dockerfile`, `Containerfile` (not `Dockerfile.dockerignore`). */
export function isDockerfilePath(path: string): boolean {
  const name = (path.split(/[\\/]/).pop() ?? '').toLowerCase();
  if (/\.(?:dockerignore|md|txt|json|ya?ml|sh)$/.test(name)) return false;
  return name === 'dockerfile' || name.startsWith('dockerfile.') || name.endsWith('.dockerfile') || name === 'containerfile' || name.startsWith('containerfile.');
}

interface Ctx {
  input: CiInput;
  df: Dockerfile;
  idx: LineIndex;
  out: CiCandidate[];
  uses: IdentityUse[];
}

function stageLabel(s: DfStage): string {
  return s.name ?? `stage ${s.index}`;
}

function stageNote(ctx: Ctx, s: DfStage): string {
  return s.index === ctx.df.stages.length - 1 ? '' : ` (build stage ${stageLabel(s)}: not in the final image, but in the build cache and any image built with --target)`;
}

const REF = (name: string) => new RegExp(`\\$\\{?${name}\\b`);
const PERSISTS = /\bgit\s+config\b|\bconfig\s+set\b|\btee\b|>|\.netrc|credential/;
const CLEANS = /\brm\s+(?:-\w+\s+)*\S*(?:npmrc|netrc|gitconfig|credentials|pypirc|config\.json|settings\.xml)\b|git\s+config\s+(?:--\w+\s+)*--unset/;

/**
 * `ARG NAME` → a secret mount on every later RUN of the stage (build args reach all of them as
 * environment variables, so every one may depend on it). Only when the value has no default, the ARG
 * is alone on its line, only RUN instructions read it, and at least one visibly does.
 */
function secretMountFix(ctx: Ctx, stage: DfStage, ins: DfInstruction, name: string): Fix | undefined {
  const words = wordsOf(ins, ctx.df.escape);
  if (words.length !== 1 || words[0].text !== name || ins.firstLine !== ins.lastLine) return undefined;
  const support = supportsSecretEnv(ctx.df);
  if (support === 'no') return undefined;
  const later = stage.instructions.filter((i) => i.start > ins.start);
  const runs = later.filter((i) => i.keyword === 'RUN');
  if (later.some((i) => i.keyword !== 'RUN' && REF(name).test(i.args))) return undefined;
  if (later.some((i) => i.keyword === 'ARG' && wordsOf(i, ctx.df.escape).some((w) => w.text.split('=')[0] === name))) return undefined;
  const readers = runs.filter((r) => REF(name).test(r.args));
  if (!readers.length || runs.length > 5) return undefined;
  // A RUN that writes the value into a file (git config, .npmrc…) still leaks it into the layer.
  if (readers.some((r) => PERSISTS.test(r.args) && !CLEANS.test(r.args))) return undefined;
  const id = name;
  const edits: TextEdit[] = [{ range: { startLine: ins.firstLine, startColumn: 0, endLine: ins.firstLine + 1, endColumn: 0 }, newText: '' }];
  for (const r of runs) {
    const at = ctx.idx.position(r.argsStart);
    edits.push({ range: { startLine: at.line, startColumn: at.column, endLine: at.line, endColumn: at.column }, newText: `--mount=type=secret,id=${id},env=${name} ` });
  }
  if (support === 'needs-directive') {
    const nl = ctx.input.text.includes('\r\n') ? '\r\n' : '\n';
    edits.push({ range: { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 }, newText: `# syntax=docker/dockerfile:1${nl}` });
  }
  return {
    title: `Use a BuildKit secret mount for ${name} (build with --secret id=${id},env=${name} instead of --build-arg)`,
    edits,
  };
}

function argRule(ctx: Ctx, stage: DfStage, ins: DfInstruction): void {
  const words = wordsOf(ins, ctx.df.escape);
  const declared = new Set(stage.instructions.filter((i) => i.keyword === 'ARG').flatMap((i) => wordsOf(i, ctx.df.escape).map((w) => w.text.split('=')[0])));
  for (const w of words) {
    const name = w.text.split('=')[0];
    if (!/^[A-Za-z_]\w*$/.test(name) || !isCredentialName(name)) continue;
    // `ARG SECRET_KEY_BASE=dummy`: a stand-in so the build runs without the real value.
    const dflt = w.text.includes('=') ? w.text.slice(w.text.indexOf('=') + 1) : undefined;
    if (dflt !== undefined && dflt !== '' && !/\$/.test(dflt) && isDummyValue(dflt)) continue;
    // One finding per key pair: the secret half speaks for the id.
    if (name === 'AWS_ACCESS_KEY_ID' && declared.has('AWS_SECRET_ACCESS_KEY')) continue;
    const range = ctx.idx.range(w.start, w.start + name.length);
    ctx.uses.push({ key: `dockerfile:ci-variable:${name}`, kind: 'ci-variable', name, platform: 'dockerfile', path: ctx.input.path, range, workflow: ctx.input.path, job: stageLabel(stage) });
    const fix = secretMountFix(ctx, stage, ins, name);
    ctx.out.push({
      meta: R.DOCKERFILE_SECRET_ARG,
      range,
      identity: name,
      confidence: stage.index === ctx.df.stages.length - 1 ? 'high' : 'medium',
      message: `ARG ${name}: a credential passed as a build argument is recorded in the image history${stageNote(ctx, stage)}`,
      fingerprintSource: `${stageLabel(stage)}:ARG:${name}`,
      fixes: fix ? [fix] : undefined,
    });
  }
}

/** `ENV A=1 B=2` or the legacy `ENV NAME value with spaces`. */
function envPairs(ctx: Ctx, ins: DfInstruction): Array<{ name: string; value: string; start: number }> {
  const words = wordsOf(ins, ctx.df.escape);
  if (!words.length) return [];
  if (!words[0].text.includes('=')) {
    const value = words.slice(1).map((w) => w.text).join(' ');
    return [{ name: words[0].text, value, start: words[0].start }];
  }
  return words.filter((w) => w.text.includes('=')).map((w) => ({ name: w.text.split('=')[0], value: w.text.slice(w.text.indexOf('=') + 1), start: w.start }));
}

function envRule(ctx: Ctx, stage: DfStage, ins: DfInstruction): void {
  for (const p of envPairs(ctx, ins)) {
    if (!/^[A-Za-z_]\w*$/.test(p.name) || !isCredentialName(p.name)) continue;
    const v = p.value.trim();
    const fromArg = /^\$\{?[A-Za-z_]\w*(?::?[-=][^}]*)?\}?$/.test(v);
    // Empty and dummy defaults are overridden at run time; paths point at mounted secrets.
    if (!fromArg && (v.startsWith('/') || isDummyValue(v))) continue;
    if (p.name === 'AWS_ACCESS_KEY_ID' && envPairs(ctx, ins).some((q) => q.name === 'AWS_SECRET_ACCESS_KEY')) continue;
    ctx.out.push({
      meta: R.DOCKERFILE_SECRET_ENV,
      range: ctx.idx.range(p.start, p.start + p.name.length),
      identity: p.name,
      confidence: stage.index === ctx.df.stages.length - 1 ? 'high' : 'medium',
      message: fromArg
        ? `ENV ${p.name} copies a build-time credential into the image configuration${stageNote(ctx, stage)}`
        : `ENV ${p.name}: a credential stored in the image configuration${stageNote(ctx, stage)}`,
      fingerprintSource: `${stageLabel(stage)}:ENV:${p.name}`,
    });
  }
}

/** Credential files by name: [pattern, confidence]. */
const CREDENTIAL_FILES: Array<[RegExp, 'high' | 'medium']> = [
  [/^(?:id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?|\.ssh)$/, 'high'],
  [/^(?:\.netrc|_netrc|\.git-credentials|\.pypirc|\.dockercfg|\.aws|credentials\.json|client_secrets?(?:[\w.-]*)?\.json|(?:gcp|gcloud|google)[\w-]*(?:key|credentials?)\.json|service[-_]?account[\w.-]*\.json|[\w.-]*-sa-key\.json)$/, 'high'],
  [/^[\w.-]*\.(?:key|p12|pfx)$/, 'high'],
  [/^(?:\.npmrc|\.yarnrc\.yml|\.env|\.env\.[\w.-]+|[\w-]+\.env|\.kube|kubeconfig|[\w.-]*\.pem)$/, 'medium'],
];
/** Names that hold no secret despite the pattern: public halves, certificates, templates. */
const NOT_CREDENTIAL_FILE = /\.pub$|(?:^|[._-])(?:pub|public|cert|certs|certificate|ca|cacert|chain|fullchain|bundle|root|intermediate|trust|truststore)(?:[._-]|$)|\.(?:example|sample|template|tmpl|dist|defaults?|schema)$|^\.env\.(?:example|sample|template|dist|defaults?|test|ci|local\.example)$/i;

function credentialFile(src: string): 'high' | 'medium' | undefined {
  const p = src.replace(/\\/g, '/').replace(/\/+$/, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) return undefined; // ADD https://…
  const base = p.split('/').pop() ?? '';
  // Locations that mark a credential file whatever its name.
  if (/(?:^|\/)\.(?:aws\/credentials|docker\/config\.json)$/.test(p)) return 'high';
  if (/(?:^|\/)\.kube\/config$/.test(p)) return 'medium';
  if (/(?:^|\/)\.ssh\/[^/]+$/.test(p)) return /\.pub$|^(?:known_hosts|authorized_keys|config)$/.test(base) ? undefined : 'high';
  if (NOT_CREDENTIAL_FILE.test(base)) return undefined;
  for (const [re, conf] of CREDENTIAL_FILES) if (re.test(base)) return conf;
  return undefined;
}

function copyRule(ctx: Ctx, stage: DfStage, ins: DfInstruction): void {
  if (/^\s*<</.test(ins.args)) return; // heredoc: inline content, not a file
  let sources: Array<{ text: string; start: number; end: number }>;
  const json = ins.args.trim();
  if (json.startsWith('[')) {
    let arr: unknown;
    try {
      arr = JSON.parse(json);
    } catch {
      return;
    }
    if (!Array.isArray(arr) || arr.length < 2) return;
    sources = arr.slice(0, -1).map((s) => {
      const at = ctx.input.text.indexOf(JSON.stringify(s), ins.argsStart);
      return { text: String(s), start: at, end: at + JSON.stringify(s).length };
    });
  } else {
    const words = wordsOf(ins, ctx.df.escape).filter((w) => !w.text.startsWith('--'));
    sources = words.slice(0, -1);
  }
  for (const s of sources) {
    const conf = credentialFile(s.text);
    if (!conf || s.start < 0) continue;
    ctx.out.push({
      meta: R.DOCKERFILE_CREDENTIAL_FILE,
      range: ctx.idx.range(s.start, s.end),
      confidence: stage.index === ctx.df.stages.length - 1 ? conf : 'medium',
      message: `${ins.keyword} ${s.text}: a credential file copied into an image layer${stageNote(ctx, stage)}`,
      fingerprintSource: `${stageLabel(stage)}:${s.text}`,
    });
  }
}

/** `RUN --mount=type=secret,id=X`: the build secret is an identity the image build consumes. */
function secretMounts(ctx: Ctx, stage: DfStage, ins: DfInstruction): void {
  for (const w of wordsOf(ins, ctx.df.escape)) {
    if (!w.text.startsWith('--mount=')) {
      if (!w.text.startsWith('--')) break;
      continue;
    }
    const opts = new Map(w.text.slice(8).split(',').map((kv) => [kv.split('=')[0], kv.slice(kv.indexOf('=') + 1)] as [string, string]));
    if (opts.get('type') !== 'secret') continue;
    const id = opts.get('id') ?? (opts.get('target') ?? opts.get('dst') ?? opts.get('destination'))?.split('/').pop();
    if (!id) continue;
    const raw = ctx.input.text.slice(w.start, w.end);
    const at = raw.indexOf(`id=${id}`);
    const s = at === -1 ? w.start : w.start + at + 3;
    const e = at === -1 ? w.end : s + id.length;
    ctx.uses.push({ key: `dockerfile:ci-secret:${id}`, kind: 'ci-secret', name: id, platform: 'dockerfile', path: ctx.input.path, range: ctx.idx.range(s, e), workflow: ctx.input.path, job: stageLabel(stage) });
  }
}

export const analyzer: CiAnalyzer = {
  platform: 'dockerfile',
  name: 'Dockerfile',
  yaml: false,
  rules: [R.DOCKERFILE_SECRET_ARG, R.DOCKERFILE_SECRET_ENV, R.DOCKERFILE_CREDENTIAL_FILE],
  matches: (path) => isDockerfilePath(path),
  analyze(input: CiInput) {
    const df = parseDockerfile(input.text);
    const ctx: Ctx = { input, df, idx: new LineIndex(input.text), out: [], uses: [] };
    for (const stage of df.stages) {
      for (const ins of stage.instructions) {
        if (ins.keyword === 'ARG') argRule(ctx, stage, ins);
        else if (ins.keyword === 'ENV') envRule(ctx, stage, ins);
        else if (ins.keyword === 'COPY' || ins.keyword === 'ADD') copyRule(ctx, stage, ins);
        else if (ins.keyword === 'RUN') secretMounts(ctx, stage, ins);
      }
    }
    return { candidates: ctx.out, uses: ctx.uses };
  },
};
