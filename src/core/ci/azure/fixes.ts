/**
 * Fixes for Azure Pipelines: a script that logs in with a service-principal secret becomes an
 * AzureCLI@2 task on a workload-identity service connection; a literal in `variables:` moves to a
 * secret variable; `##vso[task.setvariable]` gains `issecret=true`. Edits are line-based and keep
 * every unrelated line byte-identical; when a construct cannot be rewritten safely, no fix.
 */
import { isMap, isSeq, type Pair, type YAMLMap } from 'yaml';
import type { Fix, TextEdit } from '../../types';
import { eol, pairLines, removePair } from '../yamlEdits';
import { keyOf, offsetRange, scalarString, type YamlFile } from '../yamlFile';
import type { AzPipeline, AzStep, AzVariable } from './model';
import { continues, envRefPattern, scriptLines } from './scriptLines';

export const SERVICE_CONNECTION_PLACEHOLDER = '<WORKLOAD_IDENTITY_SERVICE_CONNECTION>';

function lineStart(f: YamlFile, line: number): number {
  return f.lines.lineStarts[line] ?? f.text.length;
}

function lineText(f: YamlFile, line: number): string {
  const next = f.lines.lineStarts[line + 1];
  return f.text.slice(lineStart(f, line), next === undefined ? f.text.length : next).replace(/\r?\n$/, '');
}

function lineOf(f: YamlFile, offset: number): number {
  return f.lines.linePos(offset).line - 1;
}

/** Step keys an AzureCLI@2 task step accepts as they are. */
const TASK_STEP_KEYS = new Set(['displayName', 'name', 'condition', 'continueOnError', 'enabled', 'timeoutInMinutes', 'retryCountOnTaskFailure', 'target', 'env']);
/** Script-step keys that become task inputs. */
const TO_INPUTS: Record<string, string> = { workingDirectory: 'workingDirectory', failOnStderr: 'failOnStandardError' };

export interface LoginLines {
  /** First and last script line (indexes into the script's lines) of the login command. */
  first: number;
  last: number;
}

/**
 * Rewrites a script step that runs `az login --service-principal … -p <secret>` into an AzureCLI@2
 * task on a service connection. Only when it is safe: a block-literal script with other work left
 * once the login is gone, no later script in the job relying on the global login, step keys a task
 * accepts, and a known script type.
 */
export function azureCliFix(f: YamlFile, p: AzPipeline, step: AzStep, login: LoginLines): Fix | undefined {
  if (step.kind === 'task' || step.map.flow) return undefined;
  const scriptType = step.kind === 'bash' ? 'bash' : step.kind === 'pwsh' ? 'pscore' : step.kind === 'powershell' ? 'ps' : step.os === 'unix' ? 'bash' : step.os === 'windows' ? 'batch' : undefined;
  if (!scriptType) return undefined;
  const node = step.scripts[0];
  if (node.type !== 'BLOCK_LITERAL') return undefined;
  const header = /^\|([+-]?)\s*(?:#.*)?$/.exec(lineText(f, lineOf(f, node.range![0])).slice(f.lines.linePos(node.range![0]).col - 1));
  if (!header) return undefined; // explicit indentation indicators: leave alone
  if (step.map.items[0] !== step.head) return undefined;
  for (const pair of step.map.items) {
    const k = keyOf(pair);
    if (pair !== step.head && !TASK_STEP_KEYS.has(k) && !(k in TO_INPUTS)) return undefined;
  }
  // Later scripts in the same job that run `az` rely on this step's global login.
  const steps = step.job ? step.job.steps : p.steps.filter((s) => !s.job);
  const after = steps.slice(steps.indexOf(step) + 1);
  if (after.some((s) => s.kind !== 'task' && s.scripts.some((sc) => /(?:^|[\s;&|(])az\s+\w/m.test(String(sc.value ?? ''))))) return undefined;

  const lines = scriptLines(f, node);
  while (lines.length && lines[lines.length - 1].text.trim() === '') lines.pop();
  if (!removableCommand(lines, login)) return undefined;
  const kept = lines.filter((_, i) => i < login.first || i > login.last);
  if (!kept.some((l) => l.text.trim() !== '' && !/^\s*(?:#|rem\b|::)/i.test(l.text))) return undefined;
  const removed = lines.slice(login.first, login.last + 1).map((l) => l.text).join('\n');
  const keptText = kept.map((l) => l.text).join('\n');

  const span = pairLines(f, step.head);
  if (!span) return undefined;
  const first = lineText(f, span.first);
  const lead = /^[ \t]*(?:-[ \t]+)?/.exec(first)![0];
  const pad = ' '.repeat(lead.length);
  const nl = eol(f);
  const contentIndent = Math.min(...kept.filter((l) => l.text.trim() !== '').map((l) => /^[ \t]*/.exec(l.text)![0].length));
  const out: string[] = [`${lead}task: AzureCLI@2`, `${pad}inputs:`, `${pad}  azureSubscription: ${SERVICE_CONNECTION_PLACEHOLDER}`, `${pad}  scriptType: ${scriptType}`, `${pad}  scriptLocation: inlineScript`];
  const edits: TextEdit[] = [];
  for (const pair of step.map.items) {
    const input = TO_INPUTS[keyOf(pair)];
    if (!input) continue;
    const v = scalarString(pair.value);
    const del = removePair(f, pair);
    if (v === undefined || !del) return undefined;
    const vr = (pair.value as { range: number[] }).range;
    out.push(`${pad}  ${input}: ${f.text.slice(vr[0], vr[1]).trim()}`);
    edits.push(del);
  }
  out.push(`${pad}  inlineScript: |${header[1]}`);
  for (const l of kept) out.push(l.text.trim() === '' ? '' : `${pad}    ${l.text.slice(contentIndent)}`);
  edits.push({ range: { startLine: span.first, startColumn: 0, endLine: lineOf(f, lines[lines.length - 1].start) + 1, endColumn: 0 }, newText: out.map((l) => l + nl).join('') });

  // Env entries only the removed login used (the secret it passed) go with it.
  const env = step.env;
  const envPair = step.map.items.find((x) => keyOf(x) === 'env');
  if (env && envPair && isMap(env)) {
    const unused = env.items.filter((e) => envRefPattern(keyOf(e)).test(removed) && !envRefPattern(keyOf(e)).test(keptText));
    if (unused.length === env.items.length) {
      const del = removePair(f, envPair);
      if (!del) return undefined;
      edits.push(del);
    } else {
      for (const e of unused) {
        const del = removePair(f, e);
        if (!del) return undefined;
        edits.push(del);
      }
    }
  }
  // The trailing lines of the old script that were blank stay blank lines after the task: fine.
  return { title: 'Use an AzureCLI@2 task on a workload identity federation service connection instead of az login with a client secret', edits, placeholders: [SERVICE_CONNECTION_PLACEHOLDER] };
}

const indent = (t: string) => /^[ \t]*/.exec(t)![0].length;

/**
 * Can the login lines go without breaking the script? They must be a command of their own at the
 * script's top level: not inside an `if`/loop body, not chained (`&&`, `;`, `|`) to other commands.
 */
function removableCommand(lines: Array<{ text: string }>, login: LoginLines): boolean {
  const body = lines.filter((l) => l.text.trim() !== '');
  const base = Math.min(...body.map((l) => indent(l.text)));
  if (indent(lines[login.first].text) !== base) return false;
  const cmd = lines.slice(login.first, login.last + 1).map((l) => l.text).join(' ').replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '""');
  if (/&&|\|\||;|\|/.test(cmd)) return false;
  const prev = lines.slice(0, login.first).filter((l) => l.text.trim() !== '' && !/^\s*#/.test(l.text)).pop();
  if (prev && /(?:\\|&&|\|\||\||\bthen|\bdo|\belse|[{(])\s*$/.test(prev.text)) return false;
  return true;
}

/** Which lines of a script make up an `az login` starting at `index` (continuations included). */
export function loginSpan(lines: Array<{ text: string }>, index: number): LoginLines {
  let last = index;
  while (last < lines.length - 1 && continues(lines[last].text)) last++;
  return { first: index, last };
}

/** Whole lines of a block sequence item (its dash line to its last line), if it owns them alone. */
function itemLines(f: YamlFile, item: YAMLMap): { first: number; last: number } | undefined {
  const r = item.range;
  if (!r || item.flow) return undefined;
  const first = lineOf(f, r[0]);
  if (!/^\s*-\s+$/.test(lineText(f, first).slice(0, f.lines.linePos(r[0]).col - 1))) return undefined;
  let end = r[1];
  while (end > r[0] && /\s/.test(f.text[end - 1])) end--;
  return { first, last: lineOf(f, end - 1) };
}

/**
 * Moves a literal out of `variables:`: the entry is deleted so the secret variable of the same
 * name (pipeline settings, variable group, Key Vault-linked group) supplies the value. Replacing
 * it by `$(NAME)` would make the variable refer to itself.
 */
export function variableLiteralFix(f: YamlFile, v: AzVariable): Fix | undefined {
  const block = v.block.value;
  const only = (isMap(block) || isSeq(block)) && block.items.length === 1;
  let edit: TextEdit | undefined;
  if (only) edit = removePair(f, v.block);
  else if (v.pair) edit = removePair(f, v.pair);
  else if (v.item) {
    const lines = itemLines(f, v.item);
    if (lines) edit = { range: { startLine: lines.first, startColumn: 0, endLine: lines.last + 1, endColumn: 0 }, newText: '' };
  }
  if (!edit) return undefined;
  return {
    title: `Remove the literal and define ${v.name} as a secret variable (pipeline settings, a variable group or a Key Vault-linked group), referenced as $(${v.name})`,
    edits: [edit],
    placeholders: [v.name],
  };
}

/** `##vso[task.setvariable variable=X;issecret=false]` → `issecret=true` (or adds it). */
export function setSecretFix(f: YamlFile, propsStart: number, props: string): Fix {
  const m = /issecret\s*=\s*\w+/i.exec(props);
  const edit: TextEdit = m
    ? { range: offsetRange(f, propsStart + m.index, propsStart + m.index + m[0].length), newText: 'issecret=true' }
    : { range: offsetRange(f, propsStart + props.length, propsStart + props.length), newText: ';issecret=true' };
  return { title: 'Mark the variable secret (issecret=true)', edits: [edit] };
}

export type { Pair };
