/**
 * Just enough HCL to find blocks and their attributes with exact offsets, without an HCL parser:
 * strings (with `${…}` / `%{…}` templates), heredocs and comments are skipped as units, so braces
 * inside them never count. Attribute expressions are kept as source spans.
 */

export interface HclAttribute {
  name: string;
  nameStart: number;
  /** Offsets of the expression after `=`. */
  exprStart: number;
  exprEnd: number;
  expr: string;
}

export interface HclBlock {
  type: string;
  labels: string[];
  typeStart: number;
  /** Offset of the closing `}` (exclusive end is `end + 1`). */
  end: number;
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

type TokKind = 'ident' | 'string' | 'punct' | 'other';
interface Tok {
  kind: TokKind;
  start: number;
  end: number;
  /** Starts a new line (a newline outside strings and comments came before it). */
  nl: boolean;
}

function skipTemplate(text: string, i: number): number {
  // i is just after `${` or `%{`
  let depth = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') i = skipString(text, i);
    else if (c === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      if (--depth === 0) return i + 1;
      i++;
    } else i++;
  }
  return i;
}

/** `i` at the opening quote; returns the offset after the closing quote (or the end of the line). */
function skipString(text: string, i: number): number {
  i++;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') i += 3; // `$${` escape
    else if ((c === '$' || c === '%') && text[i + 1] === '{') i = skipTemplate(text, i + 2);
    else if (c === '\n') return i;
    else i++;
  }
  return i;
}

function lex(text: string): Tok[] {
  const toks: Tok[] = [];
  let nl = true;
  let i = 0;
  const push = (kind: TokKind, start: number, end: number) => {
    toks.push({ kind, start, end, nl });
    nl = false;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      nl = true;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      const stop = e === -1 ? text.length : e + 2;
      if (text.slice(i, stop).includes('\n')) nl = true;
      i = stop;
    } else if (c === '"') {
      const e = skipString(text, i);
      push('string', i, e);
      i = e;
    } else if (c === '<' && text[i + 1] === '<' && /^<<-?[A-Za-z_]\w*[ \t]*\r?\n/.test(text.slice(i, i + 80))) {
      const m = /^<<-?([A-Za-z_]\w*)[ \t]*\r?\n/.exec(text.slice(i))!;
      const bodyStart = i + m[0].length;
      const re = new RegExp(`^[ \\t]*${m[1]}[ \\t]*\\r?$`, 'm');
      const rest = text.slice(bodyStart);
      const t = re.exec(rest);
      const e = t ? bodyStart + t.index + t[0].replace(/\r$/, '').length : text.length;
      push('string', i, e);
      i = e;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[\w-]/.test(text[j])) j++;
      push('ident', i, j);
      i = j;
    } else if ('{}()[]=,'.includes(c)) {
      // `==`, `=>` are operators, not assignment
      if (c === '=' && (text[i + 1] === '=' || text[i + 1] === '>')) {
        push('other', i, i + 2);
        i += 2;
      } else {
        push('punct', i, i + 1);
        i++;
      }
    } else {
      let j = i + 1;
      while (j < text.length && !/[\s"{}()[\]=,#A-Za-z_]/.test(text[j]) && !(text[j] === '/' && (text[j + 1] === '/' || text[j + 1] === '*'))) j++;
      if (/[!<>]/.test(c) && text[j] === '=') j++; // `!=`, `<=`, `>=`
      push('other', i, j);
      i = j;
    }
  }
  return toks;
}

const OPEN: Record<string, string> = { '{': '}', '(': ')', '[': ']' };

class Parser {
  private i = 0;
  constructor(private readonly text: string, private readonly toks: Tok[]) {}

  done(): boolean {
    return this.i >= this.toks.length;
  }

  skip(): void {
    this.i++;
  }

  private t(k = 0): Tok | undefined {
    return this.toks[this.i + k];
  }

  private is(tok: Tok | undefined, s: string): boolean {
    return !!tok && tok.kind === 'punct' && this.text[tok.start] === s;
  }

  /** Skips a bracketed group starting at the current token. */
  private skipGroup(): void {
    const stack: string[] = [];
    do {
      const tok = this.t()!;
      const ch = this.text[tok.start];
      if (tok.kind === 'punct' && OPEN[ch]) stack.push(OPEN[ch]);
      else if (tok.kind === 'punct' && stack[stack.length - 1] === ch) stack.pop();
      this.i++;
    } while (stack.length && this.i < this.toks.length);
  }

  body(): HclBody {
    const out: HclBody = { attributes: [], blocks: [] };
    while (this.i < this.toks.length) {
      const tok = this.t()!;
      if (this.is(tok, '}')) return out;
      if (tok.kind !== 'ident') {
        this.i++;
        continue;
      }
      const name = this.text.slice(tok.start, tok.end);
      if (this.is(this.t(1), '=')) {
        this.i += 2;
        const exprStart = this.t()?.start ?? this.text.length;
        let exprEnd = exprStart;
        while (this.i < this.toks.length) {
          const e = this.t()!;
          if (e.start > exprStart && e.nl) break;
          if (this.is(e, '}') || this.is(e, ',')) break; // end of a one-line block or object
          if (e.kind === 'punct' && OPEN[this.text[e.start]]) {
            const from = this.i;
            this.skipGroup();
            exprEnd = this.toks[this.i - 1]?.end ?? exprEnd;
            if (this.i === from) this.i++;
          } else {
            exprEnd = e.end;
            this.i++;
          }
        }
        out.attributes.push({ name, nameStart: tok.start, exprStart, exprEnd, expr: this.text.slice(exprStart, exprEnd) });
        continue;
      }
      // Block: type, labels, `{`.
      const labels: string[] = [];
      let j = 1;
      while (this.t(j) && (this.t(j)!.kind === 'string' || this.t(j)!.kind === 'ident') && !this.t(j)!.nl) {
        const l = this.t(j)!;
        labels.push(this.text.slice(l.start, l.end).replace(/^"|"$/g, ''));
        j++;
      }
      if (this.is(this.t(j), '{')) {
        this.i += j + 1;
        const inner = this.body();
        const close = this.t();
        const end = close ? close.start : this.text.length;
        if (close) this.i++;
        out.blocks.push({ type: name, labels, typeStart: tok.start, end, attributes: inner.attributes, blocks: inner.blocks });
        continue;
      }
      this.i++;
    }
    return out;
  }
}

export function parseHcl(text: string): HclBody {
  const parser = new Parser(text, lex(text));
  const out: HclBody = { attributes: [], blocks: [] };
  // A stray `}` ends a body early; keep reading after it.
  while (!parser.done()) {
    const b = parser.body();
    out.attributes.push(...b.attributes);
    out.blocks.push(...b.blocks);
    parser.skip();
  }
  return out;
}

/** A string literal without interpolation: its value; otherwise undefined. */
export function literalString(expr: string): string | undefined {
  const m = /^"((?:[^"\\$%]|\\.|\$(?!\{)|%(?!\{)|\$\$\{|%%\{)*)"$/.exec(expr.trim());
  return m ? m[1] : undefined;
}

/** `var.name` alone: the variable name. */
export function variableRef(expr: string): string | undefined {
  return /^var\.([A-Za-z_][\w-]*)$/.exec(expr.trim())?.[1] ?? /^"\$\{var\.([A-Za-z_][\w-]*)\}"$/.exec(expr.trim())?.[1];
}

/** Every `var.name` the expression reads. */
export function variablesIn(expr: string): Array<{ name: string; index: number }> {
  return [...expr.matchAll(/\bvar\.([A-Za-z_][\w-]*)/g)].map((m) => ({ name: m[1], index: m.index! + 4 }));
}

export function attribute(block: { attributes: HclAttribute[] }, name: string): HclAttribute | undefined {
  return block.attributes.find((a) => a.name === name);
}
