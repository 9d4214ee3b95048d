/**
 * Shell scripts embedded in CI YAML (GitLab `script:`, Bitbucket step scripts), read with file
 * offsets: logical lines (folded scalars and `\` continuations joined), variable references,
 * credential-like names, and commands that print a value to the job log.
 */
import { isScalar, isSeq, type Scalar } from 'yaml';
import type { Range } from '../../types';
import { offsetRange, type YamlFile } from '../yamlFile';

/** One command line as the shell sees it, with a map back to file offsets. */
export interface LogicalLine {
  text: string;
  /** Pieces of `text` and where they start in the file. */
  pieces: Array<{ at: number; start: number; length: number }>;
  /** The scalar it comes from. */
  scalar: Scalar;
}

export interface VarRef {
  name: string;
  /** Index in the logical line's text. */
  index: number;
  length: number;
  /** False for expansions that do not yield the value (`${X:+set}`, `${X//?/*}`). */
  value: boolean;
}

/** File offset of an index in a logical line. */
export function offsetIn(line: LogicalLine, index: number): number {
  let best = line.pieces[0];
  for (const p of line.pieces) if (p.at <= index) best = p;
  return best.start + Math.min(index - best.at, best.length);
}

export function rangeIn(f: YamlFile, line: LogicalLine, index: number, length: number): Range {
  const s = offsetIn(line, index);
  return offsetRange(f, s, offsetIn(line, index + length - 1) + 1);
}

/** Script entries of a `script:`-like value: a scalar or a (nested) sequence; `!reference` entries are skipped. */
export function scriptScalars(node: unknown): Scalar[] {
  if (isScalar(node)) return typeof node.value === 'string' ? [node] : [];
  if (!isSeq(node) || node.tag === '!reference') return [];
  return node.items.flatMap((i) => scriptScalars(i));
}

/** Physical lines of a scalar's source: [text, offset]. */
function physical(f: YamlFile, s: Scalar): Array<[string, number]> {
  const r = s.range!;
  let start = r[0];
  let src = f.text.slice(r[0], r[1]);
  if (s.type === 'BLOCK_LITERAL' || s.type === 'BLOCK_FOLDED') {
    const nl = src.indexOf('\n');
    if (nl < 0) return [];
    start += nl + 1;
    src = src.slice(nl + 1);
  } else if (s.type === 'QUOTE_DOUBLE' || s.type === 'QUOTE_SINGLE') {
    start += 1;
    src = src.slice(1, src.length - 1);
  }
  const out: Array<[string, number]> = [];
  let at = start;
  for (const raw of src.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const lead = /^[ \t]*/.exec(line)![0].length;
    out.push([line.slice(lead), at + lead]);
    at += raw.length + 1;
  }
  return out;
}

/** The shell command lines of one script scalar. */
export function logicalLines(f: YamlFile, s: Scalar): LogicalLine[] {
  if (!s.range) return [];
  const lines = physical(f, s);
  const out: LogicalLine[] = [];
  let cur: LogicalLine | undefined;
  const joinAll = s.type !== 'BLOCK_LITERAL'; // folded, plain and quoted scalars fold line breaks into spaces
  for (const [text, start] of lines) {
    if (text.startsWith('#')) continue; // a shell comment inside a block scalar
    if (text.trim() === '') {
      if (cur) out.push(cur);
      cur = undefined;
      continue;
    }
    if (!cur) cur = { text: '', pieces: [], scalar: s };
    else cur.text += ' ';
    cur.pieces.push({ at: cur.text.length, start, length: text.length });
    cur.text += text;
    if (!joinAll && !/\\$/.test(text)) {
      out.push(cur);
      cur = undefined;
    }
  }
  if (cur) out.push(cur);
  return out;
}

export function scriptLines(f: YamlFile, node: unknown): LogicalLine[] {
  return scriptScalars(node).flatMap((s) => logicalLines(f, s));
}

const REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}|\$env:([A-Za-z_][A-Za-z0-9_]*)|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** `$X`, `${X}`, `$env:X` in a text (escaped `$$X` and `\$X` excluded). */
export function varRefs(text: string): VarRef[] {
  const out: VarRef[] = [];
  REF.lastIndex = 0;
  for (let m = REF.exec(text); m; m = REF.exec(text)) {
    const prev = text[m.index - 1];
    if (prev === '$' || prev === '\\') continue;
    const name = m[1] ?? m[3] ?? m[4];
    const op = m[2] ?? '';
    out.push({ name, index: m.index, length: m[0].length, value: !/^(?::?\+|\/|:\?)/.test(op) && !/^:-?\d/.test(op) });
  }
  return out;
}

// ---- credential-like names ------------------------------------------------------------------

/** Does a variable name look like it holds a credential? One answer for every analyzer. */
export { isCredentialName } from '../credentialNames';

/** A name that says the credential belongs to a person (PAT, PERSONAL, MY_…). */
export const PERSONAL_NAME = /(?:^|_)(?:PERSONAL|MY|PAT)(?:_|$)/i;

// ---- commands -------------------------------------------------------------------------------

export interface Command {
  text: string;
  /** Index of the command in its logical line. */
  index: number;
}

/** Commands of a logical line, split on `;`, `&&`, `||` (outside quotes, roughly). */
export function commands(text: string): Command[] {
  const out: Command[] = [];
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === ';' || (c === '&' && text[i + 1] === '&') || (c === '|' && text[i + 1] === '|')) {
      out.push({ text: text.slice(start, i), index: start });
      if (c !== ';') i++;
      start = i + 1;
    }
  }
  out.push({ text: text.slice(start), index: start });
  return out;
}

const PRINTER = /^[\s"'({]*(?:echo|printf|cat|Write-Host|Write-Output)\b/;
/** Redirect of stdout to something other than the log. */
const TO_FILE = /(?:^|[^<>&\d])>{1,2}\s*(?!&[12]\b|\/dev\/(?:stdout|stderr|tty)\b)[^\s>]/;

/** Does this command print its arguments to the job log (not piped to a program, not redirected to a file)? */
export function printsToLog(cmd: string): boolean {
  if (!PRINTER.test(cmd)) return false;
  if (/^[\s"'({]*cat\s+<</.test(cmd)) return false; // heredoc body is on other lines
  const pipe = /(?<!\|)\|(?!\|)/.exec(cmd);
  if (pipe) return /^\s*tee\b/.test(cmd.slice(pipe.index + 1)) && !TO_FILE.test(cmd.slice(0, pipe.index));
  return !TO_FILE.test(cmd);
}

/** Inside a single-quoted shell string at this index (no expansion)? */
export function inSingleQuotes(text: string, index: number): boolean {
  let inside = false;
  let dq = false;
  for (let i = 0; i < index; i++) {
    const c = text[i];
    if (c === '"' && !inside) dq = !dq;
    else if (c === "'" && !dq) inside = !inside;
  }
  return inside;
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)\+?=("(?:\\.|[^"\\])*"|'[^']*'|\S*)\s*/;

/** Names a script assigns itself (`X=…`, `export X=…`, `read X`, `for X in`): script-local, not CI/CD variables. */
export function assignedNames(lines: readonly LogicalLine[]): Set<string> {
  const out = new Set<string>();
  for (const l of lines) {
    for (const c of commands(l.text)) {
      // Assignments lead a command: `X=1`, `export X=1 Y=2`, `X=1 cmd`.
      let rest = c.text.replace(/^[\s"'({]*(?:(?:then|do|else|if|!)\s+)*/, '').replace(/^(?:export|local|readonly|declare(?:\s+-\w+)*|typeset)\s+/, '');
      for (let m = ASSIGNMENT.exec(rest); m; m = ASSIGNMENT.exec(rest)) {
        out.add(m[1]);
        rest = rest.slice(m[0].length);
      }
    }
    for (const m of l.text.matchAll(/\bread\s+(?:-\w+\s+(?:\S+\s+)?)*([A-Za-z_][A-Za-z0-9_ ]*)/g)) for (const n of m[1].split(/\s+/)) if (n) out.add(n);
    for (const m of l.text.matchAll(/\bfor\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b/g)) out.add(m[1]);
    for (const m of l.text.matchAll(/\$env:([A-Za-z_][A-Za-z0-9_]*)\s*=/g)) out.add(m[1]);
  }
  return out;
}

/** A value that is only a variable reference: `$X`, `${X}`, `"$X"`. */
export function pureRef(value: string): string | undefined {
  const m = /^\s*(["']?)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))\1\s*$/.exec(value);
  return m ? m[2] ?? m[3] : undefined;
}
