/**
 * Jenkins pipelines (declarative and scripted) read from Groovy tokens: stages with their branch
 * conditions, `environment {}` entries, `withCredentials` bindings and the variables they define,
 * every credentials id referenced, shell and echo steps, and `withAWS` calls.
 */
import { callArgs, isId, isOp, literal, splitArgs, tokenize, type Arg, type Tokens } from './groovy';

export interface Stage {
  name: string;
  /** Offsets of the stage body `{ … }`. */
  start: number;
  end: number;
  branches: string[];
  parent?: Stage;
}

export interface EnvEntry {
  name: string;
  nameTok: number;
  /** Token range `[from, to)` of the value expression. */
  from: number;
  to: number;
  /** `credentials('id')`: the id and its token. */
  credential?: { id: string; tok: number };
  /** Index of the `environment {}` block, to group entries. */
  block: number;
}

export type VarRole = 'secret' | 'user' | 'path' | 'key-id';

export interface Binding {
  /** `usernamePassword`, `string`, `aws`, or the `$class` name. */
  type: string;
  credential?: { id: string; tok: number };
  vars: Array<{ name: string; role: VarRole; tok?: number }>;
  /** First and last token of the binding. */
  from: number;
  to: number;
}

export interface CredentialRef {
  id: string;
  tok: number;
  step: string;
}

export interface Step {
  name: string;
  /** The call name token and the argument tokens. */
  tok: number;
  args: Arg[];
  parens: boolean;
}

export interface Pipeline {
  text: string;
  tk: Tokens;
  stages: Stage[];
  env: EnvEntry[];
  bindings: Binding[];
  refs: CredentialRef[];
  /** `sh`, `bat`, `powershell`, `pwsh` steps and their script string token. */
  shells: Array<{ step: Step; script: number }>;
  /** `echo` / `println` steps and their message string token. */
  echoes: Array<{ step: Step; message: number }>;
  withAws: Step[];
  /** Names of `password` build parameters. */
  passwordParams: string[];
}

/** Variables each binding defines: named argument → role (and its default name). */
const BINDING_VARS: Record<string, Array<[string, VarRole, string?]>> = {
  usernamePassword: [['usernameVariable', 'user'], ['passwordVariable', 'secret']],
  UsernamePasswordMultiBinding: [['usernameVariable', 'user'], ['passwordVariable', 'secret']],
  usernameColonPassword: [['variable', 'secret']],
  UsernamePasswordBinding: [['variable', 'secret']],
  string: [['variable', 'secret']],
  StringBinding: [['variable', 'secret']],
  file: [['variable', 'path']],
  FileBinding: [['variable', 'path']],
  zip: [['variable', 'path']],
  ZipFileBinding: [['variable', 'path']],
  sshUserPrivateKey: [['keyFileVariable', 'path'], ['passphraseVariable', 'secret'], ['usernameVariable', 'user']],
  SSHUserPrivateKeyBinding: [['keyFileVariable', 'path'], ['passphraseVariable', 'secret'], ['usernameVariable', 'user']],
  certificate: [['keystoreVariable', 'path'], ['passwordVariable', 'secret'], ['aliasVariable', 'user']],
  CertificateMultiBinding: [['keystoreVariable', 'path'], ['passwordVariable', 'secret'], ['aliasVariable', 'user']],
  dockerCert: [['variable', 'path']],
  DockerServerCredentialsBinding: [['variable', 'path']],
  aws: [['accessKeyVariable', 'key-id', 'AWS_ACCESS_KEY_ID'], ['secretKeyVariable', 'secret', 'AWS_SECRET_ACCESS_KEY']],
  AmazonWebServicesCredentialsBinding: [['accessKeyVariable', 'key-id', 'AWS_ACCESS_KEY_ID'], ['secretKeyVariable', 'secret', 'AWS_SECRET_ACCESS_KEY']],
  gitUsernamePassword: [['', 'user', 'GIT_USERNAME'], ['', 'secret', 'GIT_PASSWORD']],
  GitUsernamePasswordBinding: [['', 'user', 'GIT_USERNAME'], ['', 'secret', 'GIT_PASSWORD']],
  azureServicePrincipal: [['clientIdVariable', 'user', 'AZURE_CLIENT_ID'], ['clientSecretVariable', 'secret', 'AZURE_CLIENT_SECRET'], ['tenantIdVariable', 'user', 'AZURE_TENANT_ID'], ['subscriptionIdVariable', 'user', 'AZURE_SUBSCRIPTION_ID']],
  kubeconfigFile: [['variable', 'path']],
  kubeconfigContent: [['variable', 'secret']],
};

/** Named arguments that hold a credentials id, whatever the step (`credentialsId`, `registryCredentialsId`…). */
export const CREDENTIAL_ID_KEY = /^(?:credentialsId|credentialId|\w+CredentialsId|\w+CredentialId|kubeconfigId|sshCredentialsId)$/;

const SHELL_STEPS = new Set(['sh', 'bat', 'powershell', 'pwsh']);
const ECHO_STEPS = new Set(['echo', 'println', 'print']);

function strValue(tk: Tokens, arg: Arg | undefined): { value: string; tok: number } | undefined {
  if (!arg || arg.to - arg.from !== 1) return undefined;
  const v = literal(tk.toks[arg.from]);
  return v === undefined ? undefined : { value: v, tok: arg.from };
}

function named(args: Arg[], key: string): Arg | undefined {
  return args.find((a) => a.key === key);
}

/** Is token `i` a call of a step (not a method on an object, not a definition)? */
function isStepName(tk: Tokens, i: number): boolean {
  const prev = tk.toks[i - 1];
  return !isOp(prev, '.') && !isOp(prev, '?.') && !isId(prev, 'def');
}

function stepAt(tk: Tokens, i: number): Step | undefined {
  const a = callArgs(tk, i);
  if (!a) return undefined;
  return { name: tk.toks[i].text, tok: i, args: splitArgs(tk, a.from, a.to), parens: a.parens };
}

function readStages(p: Pipeline): void {
  const { toks, match } = p.tk;
  for (let i = 0; i < toks.length; i++) {
    if (!isId(toks[i], 'stage') || !isOp(toks[i + 1], '(') || !isStepName(p.tk, i)) continue;
    const close = match[i + 1];
    if (close < 0 || !isOp(toks[close + 1], '{')) continue;
    const args = splitArgs(p.tk, i + 2, close);
    const nameArg = named(args, 'name') ?? args.find((a) => !a.key);
    const t = nameArg ? toks[nameArg.from] : undefined;
    const name = t?.kind === 'str' ? t.text : t ? p.text.slice(t.start, toks[nameArg!.to - 1].end) : 'stage';
    const bodyEnd = match[close + 1];
    if (bodyEnd < 0) continue;
    p.stages.push({ name, start: toks[close + 1].start, end: toks[bodyEnd].end, branches: [] });
  }
  // Parents: the innermost enclosing stage (stages come in source order, so a stack finds it).
  const open: Stage[] = [];
  for (const s of p.stages) {
    while (open.length && open[open.length - 1].end <= s.start) open.pop();
    s.parent = open[open.length - 1];
    open.push(s);
  }
  // `when { branch 'main' }`, `when { anyOf { branch 'a'; branch 'b' } }`, `expression { BRANCH_NAME == 'x' }`.
  for (let i = 0; i < toks.length; i++) {
    if (!isId(toks[i], 'when') || !isOp(toks[i + 1], '{')) continue;
    const end = match[i + 1];
    if (end < 0) continue;
    const stage = innermostStage(p, toks[i].start);
    if (!stage) continue;
    for (let k = i + 2; k < end; k++) {
      if (!isId(toks[k], 'branch')) continue;
      const a = callArgs(p.tk, k);
      const s = a && splitArgs(p.tk, a.from, a.to);
      const v = s && strValue(p.tk, named(s, 'pattern') ?? s.find((x) => !x.key));
      if (v) stage.branches.push(v.value);
    }
    const src = p.text.slice(toks[i].start, toks[end].end);
    for (const m of src.matchAll(/\b(?:env\.)?BRANCH_NAME\s*==\s*['"]([^'"$]+)['"]/g)) stage.branches.push(m[1]);
  }
}

export function innermostStage(p: Pipeline, offset: number): Stage | undefined {
  let best: Stage | undefined;
  for (const s of p.stages) if (s.start <= offset && offset < s.end && (!best || s.start > best.start)) best = s;
  return best;
}

/** Branch filters that gate the stage: its own or the nearest enclosing stage's. */
export function branchesOf(stage: Stage | undefined): string[] | undefined {
  for (let s = stage; s; s = s.parent) if (s.branches.length) return s.branches;
  return undefined;
}

function readEnvironment(p: Pipeline): void {
  const { toks, match } = p.tk;
  let block = 0;
  for (let i = 0; i < toks.length; i++) {
    if (!isId(toks[i], 'environment') || !isOp(toks[i + 1], '{') || !isStepName(p.tk, i)) continue;
    const end = match[i + 1];
    if (end < 0) continue;
    block++;
    let k = i + 2;
    while (k < end) {
      if (isId(toks[k]) && isOp(toks[k + 1], '=')) {
        let j = k + 2;
        while (j < end && !(j > k + 2 && toks[j].nl)) j = toks[j].kind === 'op' && '([{'.includes(toks[j].text) && match[j] > j ? match[j] + 1 : j + 1;
        const entry: EnvEntry = { name: toks[k].text, nameTok: k, from: k + 2, to: j, block };
        if (isId(toks[k + 2], 'credentials') && isOp(toks[k + 3], '(')) {
          const v = literal(toks[k + 4]);
          if (v !== undefined && isOp(toks[k + 5], ')')) entry.credential = { id: v, tok: k + 4 };
        }
        p.env.push(entry);
        k = j;
      } else k++;
    }
    i = end;
  }
}

/**
 * Credential bindings: `type(credentialsId: …, variable: …)` calls and `[$class: 'XBinding', …]`
 * maps — inside `withCredentials([...])` or kept in a variable and passed to it later.
 */
function readBindings(p: Pipeline): void {
  const { toks, match } = p.tk;
  for (let k = 0; k < toks.length; k++) {
    let type: string | undefined;
    let args: Arg[] | undefined;
    let to = k;
    if (isId(toks[k]) && BINDING_VARS[toks[k].text] && isOp(toks[k + 1], '(') && match[k + 1] > 0 && isStepName(p.tk, k)) {
      type = toks[k].text;
      args = splitArgs(p.tk, k + 2, match[k + 1]);
      to = match[k + 1];
    } else if (isOp(toks[k], '[') && isId(toks[k + 1], '$class') && match[k] > 0) {
      args = splitArgs(p.tk, k + 1, match[k]);
      type = strValue(p.tk, named(args, '$class'))?.value;
      to = match[k];
      if (type && !/Binding$/.test(type)) type = undefined;
    }
    // `string(…)` and `file(…)` are bindings only with a credentials id.
    if (!type || !args || !named(args, 'credentialsId')) continue;
    const binding: Binding = { type, vars: [], from: k, to };
    const id = strValue(p.tk, named(args, 'credentialsId'));
    if (id) binding.credential = { id: id.value, tok: id.tok };
    for (const [key, role, fallback] of BINDING_VARS[type] ?? [['variable', 'secret']]) {
      const v = key ? strValue(p.tk, named(args, key)) : undefined;
      if (v) binding.vars.push({ name: v.value, role, tok: v.tok });
      else if (fallback) binding.vars.push({ name: fallback, role });
    }
    p.bindings.push(binding);
    k = to;
  }
}

function readRefs(p: Pipeline): void {
  const { toks, match } = p.tk;
  const seen = new Set<number>();
  const add = (tok: number, step?: string) => {
    const id = literal(toks[tok]);
    if (id === undefined || id === '' || seen.has(tok)) return;
    seen.add(tok);
    const binding = p.bindings.find((b) => b.from <= tok && tok <= b.to);
    p.refs.push({ id, tok, step: step ?? binding?.type ?? innerStep(p, tok) ?? statementHead(p, tok) ?? 'pipeline' });
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind !== 'id') continue;
    if (CREDENTIAL_ID_KEY.test(t.text) && (isOp(toks[i + 1], ':') || (toks[i + 1]?.kind === 'str' && !toks[i + 1].nl))) {
      add(isOp(toks[i + 1], ':') ? i + 2 : i + 1);
    } else if (t.text === 'credentials' && isOp(toks[i + 1], '(') && isOp(toks[i + 3], ')')) {
      add(i + 2, 'environment');
    } else if (t.text === 'credentials' && isOp(toks[i + 1], ':') && innerStep(p, i) === 'withAWS') {
      add(i + 2, 'withAWS');
    } else if (t.text === 'withRegistry' && isOp(toks[i - 1], '.') && isOp(toks[i + 1], '(')) {
      const args = splitArgs(p.tk, i + 2, match[i + 1]).filter((a) => !a.key);
      const v = strValue(p.tk, args[1]);
      if (v) add(v.tok, 'docker.withRegistry');
    } else if (t.text === 'sshagent' && isOp(toks[i + 1], '(') && match[i + 1] > 0) {
      for (let k = i + 2; k < match[i + 1]; k++) if (toks[k].kind === 'str' && !isOp(toks[k + 1], ':')) add(k, 'sshagent');
    }
  }
}

/** The call that starts the statement holding token `i` (`git credentialsId: …` → `git`). */
function statementHead(p: Pipeline, i: number): string | undefined {
  let k = i;
  while (k > 0 && !p.tk.toks[k].nl) k--;
  return isId(p.tk.toks[k]) ? p.tk.toks[k].text : undefined;
}

/** Name of the innermost call whose parentheses contain token `i`. */
function innerStep(p: Pipeline, i: number): string | undefined {
  const { toks, match } = p.tk;
  for (let k = i - 1; k >= 0; k--) {
    if (isOp(toks[k], '(') && match[k] > i && isId(toks[k - 1])) return toks[k - 1].text;
  }
  return undefined;
}

function readSteps(p: Pipeline): void {
  const { toks } = p.tk;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind !== 'id' || !isStepName(p.tk, i)) continue;
    const shell = SHELL_STEPS.has(t.text);
    if (!shell && !ECHO_STEPS.has(t.text) && t.text !== 'withAWS') continue;
    const step = stepAt(p.tk, i);
    if (!step) continue;
    if (t.text === 'withAWS') {
      p.withAws.push(step);
      continue;
    }
    const arg = (shell ? named(step.args, 'script') : undefined) ?? step.args.find((a) => !a.key);
    if (!arg || toks[arg.from].kind !== 'str') continue;
    if (shell) p.shells.push({ step, script: arg.from });
    else p.echoes.push({ step, message: arg.from });
  }
}

/** `password(name: 'X', …)` build parameters and `[$class: 'PasswordParameterDefinition', name: 'X']`. */
function readPasswordParams(p: Pipeline): void {
  const { toks } = p.tk;
  for (let i = 0; i < toks.length; i++) {
    if (isId(toks[i], 'password') && isOp(toks[i + 1], '(')) {
      const s = stepAt(p.tk, i);
      const n = s && strValue(p.tk, named(s.args, 'name'));
      if (n) p.passwordParams.push(n.value);
    } else if (literal(toks[i]) === 'PasswordParameterDefinition' && isOp(toks[i - 1], ':')) {
      const m = /^[^\]]*?\bname\s*:\s*['"]([\w.-]+)['"]/.exec(p.text.slice(toks[i].end, toks[i].end + 200));
      if (m) p.passwordParams.push(m[1]);
    }
  }
}

export function readPipeline(text: string): Pipeline {
  const p: Pipeline = { text, tk: tokenize(text), stages: [], env: [], bindings: [], refs: [], shells: [], echoes: [], withAws: [], passwordParams: [] };
  readStages(p);
  readEnvironment(p);
  readBindings(p);
  readRefs(p);
  readSteps(p);
  readPasswordParams(p);
  return p;
}

export function tokText(p: Pipeline, from: number, to: number): string {
  return from < to ? p.text.slice(p.tk.toks[from].start, p.tk.toks[to - 1].end) : '';
}

