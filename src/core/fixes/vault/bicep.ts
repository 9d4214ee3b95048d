/**
 * Bicep: App Service / Functions settings take Key Vault references like their ARM equivalents —
 * `appSettings: [ { name: 'X', value: '…' } ]` (and `connectionStrings` entries) in `siteConfig`, and
 * the `properties` of a `Microsoft.Web/sites/config` resource named `appsettings`.
 * Only a tokenizer is needed: strings (with `${…}` interpolation), comments and brackets.
 */
import type { Fix } from '../../types';
import { replace, type Literal } from './literal';
import { secretName } from './providers';
import { appServiceReference, KEY_VAULT_NAME } from './references';

interface Tok {
  kind: 'open' | 'close' | 'string' | 'other';
  start: number;
  end: number;
}

function skipInterpolation(text: string, i: number): number {
  let depth = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === "'") i = skipString(text, i);
    else if (c === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      i++;
      if (--depth === 0) return i;
    } else i++;
  }
  return i;
}

/** `i` at the opening quote; offset after the closing one. */
function skipString(text: string, i: number): number {
  if (text.startsWith("'''", i)) {
    const e = text.indexOf("'''", i + 3);
    return e === -1 ? text.length : e + 3;
  }
  i++;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === "'") return i + 1;
    else if (c === '$' && text[i + 1] === '{') i = skipInterpolation(text, i + 2);
    else if (c === '\n') return i;
    else i++;
  }
  return i;
}

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e === -1 ? text.length : e + 2;
    } else if (c === "'") {
      const e = skipString(text, i);
      out.push({ kind: 'string', start: i, end: e });
      i = e;
    } else if ('{[('.includes(c)) out.push({ kind: 'open', start: i, end: ++i });
    else if ('}])'.includes(c)) out.push({ kind: 'close', start: i, end: ++i });
    else i++;
  }
  return out;
}

/** The property key written just before `at` on its line (`name:`, `'quoted':`). */
function keyBefore(text: string, at: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const m = /(?:^|[\s{,])([A-Za-z_]\w*|'[^'\\]*')\s*:\s*$/.exec(text.slice(lineStart, at));
  return m ? m[1].replace(/^'|'$/g, '') : undefined;
}

/** String-valued properties directly inside the object opened by token `open`. */
function directStrings(text: string, toks: Tok[], open: number): Map<string, string> {
  const props = new Map<string, string>();
  let depth = 0;
  for (let j = open + 1; j < toks.length; j++) {
    const t = toks[j];
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close' && depth-- === 0) break;
    else if (t.kind === 'string' && depth === 0) {
      const key = keyBefore(text, t.start);
      const raw = text.slice(t.start, t.end);
      if (key && /^'[^'\\$]*'$/.test(raw)) props.set(key, raw.slice(1, -1));
    }
  }
  return props;
}

/** What encloses the literal: the open brackets (token indexes) and the string token holding it. */
function enclosing(toks: Tok[], start: number, end: number): { stack: number[]; str: Tok } | undefined {
  const stack: number[] = [];
  for (let j = 0; j < toks.length; j++) {
    const t = toks[j];
    if (t.start >= end) break;
    if (t.kind === 'open') stack.push(j);
    else if (t.kind === 'close') stack.pop();
    else if (t.kind === 'string' && t.start < start && t.end > end) return { stack, str: t };
  }
  return undefined;
}

/** The setting name a literal belongs to, when it is an App Service setting value. */
function settingOf(text: string, lit: Literal): string | undefined {
  const toks = tokenize(text);
  const found = enclosing(toks, lit.start, lit.end);
  if (!found) return undefined;
  const { stack, str } = found;
  // The whole string is the secret (`'…'`, not part of a longer string or interpolation).
  if (str.start + 1 !== lit.start || str.end - 1 !== lit.end || text[str.start + 1] === "'") return undefined;
  const key = keyBefore(text, str.start);
  const obj = stack[stack.length - 1];
  const outer = stack[stack.length - 2];
  if (obj === undefined || outer === undefined || text[toks[obj].start] !== '{') return undefined;
  const outerKey = keyBefore(text, toks[outer].start);
  if (text[toks[outer].start] === '[' && ((key === 'value' && outerKey === 'appSettings') || (key === 'connectionString' && outerKey === 'connectionStrings'))) {
    return directStrings(text, toks, obj).get('name');
  }
  if (text[toks[outer].start] === '{' && keyBefore(text, toks[obj].start) === 'properties' && key) {
    const head = text.slice(text.lastIndexOf('\n', toks[outer].start - 1) + 1, toks[outer].start);
    if (/\bresource\b.*'Microsoft\.Web\/sites\/config@/i.test(head) && directStrings(text, toks, outer).get('name')?.toLowerCase() === 'appsettings') return key;
  }
  return undefined;
}

export function bicepFix(lit: Literal): Fix | undefined {
  if (lit.provider !== 'azure-key-vault') return undefined;
  const setting = settingOf(lit.text, lit);
  if (!setting) return undefined;
  const name = secretName('azure-key-vault', setting, lit.finding.kind, lit.chosenName);
  const ref = appServiceReference(name);
  return { title: `Replace with an Azure Key Vault reference (${ref})`, edits: [replace(lit, lit.start, lit.end, ref)], placeholders: [KEY_VAULT_NAME, name] };
}
