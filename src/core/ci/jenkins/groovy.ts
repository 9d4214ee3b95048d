/**
 * A Groovy tokenizer for Jenkins pipelines: identifiers, operators and strings with offsets, the
 * `$x` / `${…}` interpolations of double-quoted strings, and matching brackets. Comments are
 * skipped, so braces and quotes inside them never count.
 */

export type Quote = "'" | '"' | "'''" | '"""' | '/';

export interface Interpolation {
  /** Offsets of the whole `$name` / `${expr}`. */
  start: number;
  end: number;
  /** `name.prop` for `$name.prop`, the inside of `${…}` otherwise. */
  expr: string;
  braced: boolean;
}

export interface Tok {
  kind: 'id' | 'str' | 'num' | 'op';
  start: number;
  end: number;
  /** Source text for id/num/op; the raw content between the quotes for strings. */
  text: string;
  /** A line break came before this token (outside strings and comments). */
  nl: boolean;
  quote?: Quote;
  contentStart?: number;
  interps?: Interpolation[];
}

export interface Tokens {
  toks: Tok[];
  /** Index of the matching bracket for `(`, `[`, `{` and their closers; -1 when unmatched. */
  match: number[];
}

const OPS = ['==~', '<=>', '===', '=~', '==', '!=', '<=', '>=', '->', '?.', '*.', '?:', '&&', '||', '<<', '>>', '++', '--', '+=', '-=', '..'];

/** Offset of the `}` closing the `{` at `i` (within 2000 characters), skipping quoted strings inside. */
function closeBrace(text: string, i: number): number {
  let depth = 0;
  const stop = Math.min(text.length, i + 2000);
  for (let j = i; j < stop; j++) {
    const c = text[j];
    if (c === '{') depth++;
    else if (c === '}') {
      if (--depth === 0) return j;
    } else if (c === '"' || c === "'") {
      let k = j + 1;
      while (k < text.length && text[k] !== c && text[k] !== '\n') k += text[k] === '\\' ? 2 : 1;
      j = k;
    }
  }
  return -1;
}

/** Scans string content from `i`; returns the end of the content and, for GStrings, its interpolations. */
function scanString(text: string, i: number, quote: Quote): { contentEnd: number; end: number; interps: Interpolation[] } {
  const interps: Interpolation[] = [];
  const triple = quote.length === 3;
  const gstring = quote === '"' || quote === '"""';
  while (i < text.length) {
    const c = text[i];
    if (triple ? text.startsWith(quote, i) : c === quote) return { contentEnd: i, end: i + quote.length, interps };
    if (!triple && c === '\n') return { contentEnd: i, end: i, interps }; // unterminated
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (gstring && c === '$') {
      if (text[i + 1] === '{') {
        const close = closeBrace(text, i + 1);
        if (close !== -1) {
          interps.push({ start: i, end: close + 1, expr: text.slice(i + 2, close), braced: true });
          i = close + 1;
          continue;
        }
      } else {
        const m = /^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*/.exec(text.slice(i + 1, i + 200));
        if (m) {
          interps.push({ start: i, end: i + 1 + m[0].length, expr: m[0], braced: false });
          i += 1 + m[0].length;
          continue;
        }
      }
    }
    i++;
  }
  return { contentEnd: i, end: i, interps };
}

export function tokenize(text: string): Tokens {
  const toks: Tok[] = [];
  let nl = true;
  let i = text.startsWith('#!') ? text.indexOf('\n') : 0;
  if (i < 0) i = text.length;
  const push = (t: Omit<Tok, 'nl'>) => {
    (t as Tok).nl = nl;
    toks.push(t as Tok);
    nl = false;
  };
  const IDENT = /[A-Za-z_$][\w$]*/y;
  const NUMBER = /\d\w*(?:\.\d\w*)?/y;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      nl = true;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f') i++;
    else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      const stop = e === -1 ? text.length : e + 2;
      if (text.slice(i, stop).includes('\n')) nl = true;
      i = stop;
    } else if (c === '"' || c === "'") {
      const quote = (text.startsWith(c.repeat(3), i) ? c.repeat(3) : c) as Quote;
      const s = scanString(text, i + quote.length, quote);
      push({ kind: 'str', start: i, end: s.end, text: text.slice(i + quote.length, s.contentEnd), quote, contentStart: i + quote.length, interps: s.interps });
      i = s.end;
    } else if (c === '/' && toks.length && toks[toks.length - 1].kind === 'op' && /~$/.test(toks[toks.length - 1].text)) {
      // slashy regex after =~ / ==~ / ~
      let j = i + 1;
      while (j < text.length && text[j] !== '/' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      push({ kind: 'str', start: i, end: j + 1, text: text.slice(i + 1, j), quote: '/', contentStart: i + 1, interps: [] });
      i = j + 1;
    } else if (/[A-Za-z_$]/.test(c)) {
      IDENT.lastIndex = i;
      const m = IDENT.exec(text)!;
      push({ kind: 'id', start: i, end: i + m[0].length, text: m[0] });
      i += m[0].length;
    } else if (c >= '0' && c <= '9') {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text)!;
      push({ kind: 'num', start: i, end: i + m[0].length, text: m[0] });
      i += m[0].length;
    } else {
      const op = OPS.find((o) => text.startsWith(o, i)) ?? c;
      push({ kind: 'op', start: i, end: i + op.length, text: op });
      i += op.length;
    }
  }
  const match = new Array<number>(toks.length).fill(-1);
  const stack: number[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  toks.forEach((t, k) => {
    if (t.kind !== 'op') return;
    if (t.text === '(' || t.text === '[' || t.text === '{') stack.push(k);
    else if (pairs[t.text]) {
      // Pop to the nearest matching opener (tolerates stray brackets).
      for (let s = stack.length - 1; s >= 0; s--) {
        if (toks[stack[s]].text === pairs[t.text]) {
          match[stack[s]] = k;
          match[k] = stack[s];
          stack.length = s;
          break;
        }
      }
    }
  });
  return { toks, match };
}

export function isOp(t: Tok | undefined, text: string): boolean {
  return !!t && t.kind === 'op' && t.text === text;
}

export function isId(t: Tok | undefined, text?: string | RegExp): boolean {
  if (!t || t.kind !== 'id') return false;
  if (text === undefined) return true;
  return typeof text === 'string' ? t.text === text : text.test(t.text);
}

/** A plain string literal (no interpolation): its value. */
export function literal(t: Tok | undefined): string | undefined {
  return t && t.kind === 'str' && !t.interps?.length && t.quote !== '/' ? t.text : undefined;
}

export interface Arg {
  /** Named argument key (`credentialsId:`), undefined for positional ones. */
  key?: string;
  keyTok?: number;
  /** Token indexes `[from, to)` of the value. */
  from: number;
  to: number;
}

/**
 * Arguments between token indexes `[from, to)`: split on top-level commas, `key: value` pairs
 * recognised. Brackets are skipped as units.
 */
export function splitArgs(tk: Tokens, from: number, to: number): Arg[] {
  const out: Arg[] = [];
  let start = from;
  const flush = (end: number) => {
    if (end <= start) return;
    const t = tk.toks;
    if ((t[start].kind === 'id' || t[start].kind === 'str') && isOp(t[start + 1], ':') && start + 2 <= end) {
      out.push({ key: t[start].kind === 'str' ? t[start].text : t[start].text, keyTok: start, from: start + 2, to: end });
    } else out.push({ from: start, to: end });
  };
  let k = from;
  while (k < to) {
    const t = tk.toks[k];
    if (t.kind === 'op' && (t.text === '(' || t.text === '[' || t.text === '{') && tk.match[k] > k) {
      k = tk.match[k] + 1;
      continue;
    }
    if (isOp(t, ',')) {
      flush(k);
      start = k + 1;
    }
    k++;
  }
  flush(to);
  return out;
}

/**
 * The argument tokens of a call at token `i` (the name): `name(…)` gives the inside of the
 * parentheses, `name a, b: c` (command syntax) the tokens up to the end of the statement.
 */
export function callArgs(tk: Tokens, i: number): { from: number; to: number; parens: boolean } | undefined {
  const next = tk.toks[i + 1];
  if (!next) return undefined;
  if (isOp(next, '(') && tk.match[i + 1] > i + 1) return { from: i + 2, to: tk.match[i + 1], parens: true };
  if (next.nl || next.kind === 'op') return undefined;
  let k = i + 1;
  while (k < tk.toks.length) {
    const t = tk.toks[k];
    if (k > i + 1 && t.nl) break;
    if (t.kind === 'op' && (t.text === '}' || t.text === ')' || t.text === ']' || t.text === ';')) break;
    if (t.kind === 'op' && (t.text === '(' || t.text === '[' || t.text === '{') && tk.match[k] > k) {
      if (t.text === '{' && k > i + 1) break; // a trailing closure is not an argument
      k = tk.match[k] + 1;
      continue;
    }
    k++;
  }
  return { from: i + 1, to: k, parens: false };
}
