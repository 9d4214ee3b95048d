/**
 * Edits of `.nhi-lens/identities.yaml` that the editor makes when a team registers an owner: add or
 * update one declaration with a minimal diff (the `yaml` Document API keeps comments, key order,
 * quoting and blank lines elsewhere), team suggestions from CODEOWNERS, and the one-line summary
 * CodeLens and hover show.
 */
import ignore from 'ignore';
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, YAMLSeq, type YAMLMap } from 'yaml';
import type { z } from 'zod';
import { OWNERSHIP_FILE, parseOwnership, type Declaration, type declarationSchema } from './ownership';

/** A declaration as written: defaults (environments, rotationDays) may be left out. */
export type DeclarationInput = z.input<typeof declarationSchema>;

/** Field order of a new declaration (how people write them in the docs). */
const FIELD_ORDER = ['name', 'platform', 'fingerprint', 'owner', 'team', 'purpose', 'environments', 'rotationDays', 'lastRotated', 'expires'] as const;

const DAY = 86_400_000;

/** Whether `d` is the declaration `decl` stands for: same fingerprint, or same name on the same platform. */
export function sameIdentity(d: Pick<DeclarationInput, 'name' | 'platform' | 'fingerprint'>, decl: Pick<DeclarationInput, 'name' | 'platform' | 'fingerprint'>): boolean {
  if (decl.fingerprint && d.fingerprint === decl.fingerprint) return true;
  return decl.name !== undefined && d.name === decl.name && (d.platform ?? undefined) === (decl.platform ?? undefined);
}

/** The fields worth writing for a new item, in order: no undefined, no empty environment list. */
function plain(decl: DeclarationInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of FIELD_ORDER) {
    const v = decl[k];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out;
}

function sameValue(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b;
}

/**
 * The new `identities.yaml` text with `decl` registered: the matching declaration (same name and
 * platform, or same fingerprint) updated field by field, else a new item appended; a new file gets
 * `version: 1` and an `identities:` list. Only the changed lines are rewritten (text splices at the
 * nodes' offsets), so comments, quoting and spacing elsewhere stay byte-identical. Throws
 * ConfigError when the current text is invalid (a broken file is never rewritten) or when the
 * result would be.
 */
export function upsertDeclaration(text: string | undefined, decl: DeclarationInput, file = OWNERSHIP_FILE): string {
  const current = text ?? '';
  let next: string;
  if (current.trim() === '') {
    next = `version: 1\nidentities:\n${itemText(decl, '  ')}\n`;
  } else {
    const ownership = parseOwnership(current, file);
    const doc = parseDocument(current);
    const index = ownership.declarations.findIndex((d) => sameIdentity(d, decl));
    next = index >= 0 ? updateItem(current, doc, index, ownership.declarations[index], decl) : appendItem(current, doc, decl);
    if (next === current) return current;
  }
  parseOwnership(next, file);
  return next;
}

interface Splice {
  from: number;
  to: number;
  text: string;
}

function applySplices(text: string, splices: Splice[]): string {
  let out = text;
  for (const s of [...splices].sort((a, b) => b.from - a.from)) out = out.slice(0, s.from) + s.text + out.slice(s.to);
  return out;
}

/** End of the line holding the character before `off` (block collections' ranges end after their newline). */
function lineEnd(text: string, off: number): number {
  const p = off > 0 && text[off - 1] === '\n' ? off - 1 : off;
  const i = text.indexOf('\n', p);
  return i < 0 ? text.length : i;
}

function lineStart(text: string, off: number): number {
  return text.lastIndexOf('\n', off - 1) + 1;
}

const indentAt = (text: string, off: number) => ' '.repeat(off - lineStart(text, off));

/** One scalar as YAML, in the style it had (`type`) when the value allows it. */
function renderScalar(v: unknown, type?: Scalar.Type): string {
  const s = new Scalar(v);
  if (type) s.type = type;
  return new Document(s).toString({ lineWidth: 0 }).replace(/\n$/, '');
}

const flowList = (values: readonly unknown[]) => `[${values.map((v) => renderScalar(v)).join(', ')}]`;

const fieldText = (key: string, v: unknown) => `${key}: ${Array.isArray(v) ? flowList(v) : renderScalar(v)}`;

/** A new list item at `indent`, fields in the usual order, no trailing newline. */
function itemText(decl: DeclarationInput, indent: string): string {
  return Object.entries(plain(decl))
    .map(([k, v], i) => `${indent}${i === 0 ? '- ' : '  '}${fieldText(k, v)}`)
    .join('\n');
}

function updateItem(text: string, doc: Document.Parsed, index: number, existing: Declaration, decl: DeclarationInput): string {
  const item = doc.getIn(['identities', index], true);
  if (!isMap(item) || item.flow || !item.range) return viaDocument(text, doc, index, existing, decl);
  const splices: Splice[] = [];
  const added: string[] = [];
  const indent = indentAt(text, item.range[0]);
  for (const k of FIELD_ORDER) {
    const v = decl[k];
    if (v === undefined) continue;
    const pair = item.items.find((p) => isScalar(p.key) && p.key.value === k);
    const key = pair?.key as Scalar | undefined;
    const node = pair?.value;
    if (Array.isArray(v) && v.length === 0) {
      // An empty environment list is the default: drop the key rather than write `[]`.
      if (key?.range) {
        const end = (node as { range?: number[] } | null)?.range?.[1] ?? key.range[1];
        splices.push({ from: lineStart(text, key.range[0]), to: Math.min(text.length, lineEnd(text, end) + 1), text: '' });
      }
      continue;
    }
    if (!pair) {
      added.push(`\n${indent}${fieldText(k, v)}`);
      continue;
    }
    if (sameValue(existing[k as keyof Declaration], v)) continue;
    if (isScalar(node) && node.range && !Array.isArray(v)) {
      splices.push({ from: node.range[0], to: node.range[1], text: renderScalar(v, node.type) });
    } else if (isSeq(node) && node.range && Array.isArray(v)) {
      const old = text.slice(node.range[0], node.range[1]);
      const seqIndent = indentAt(text, node.range[0]);
      const block = v.map((x, i) => `${i ? seqIndent : ''}- ${renderScalar(x)}`).join('\n') + (old.endsWith('\n') ? '\n' : '');
      splices.push({ from: node.range[0], to: node.range[1], text: node.flow ? flowList(v) : block });
    } else {
      return viaDocument(text, doc, index, existing, decl);
    }
  }
  if (added.length) {
    const at = lineEnd(text, item.range[1]);
    splices.push({ from: at, to: at, text: added.join('') });
  }
  return applySplices(text, splices);
}

function appendItem(text: string, doc: Document.Parsed, decl: DeclarationInput): string {
  const list = doc.get('identities', true);
  if (isSeq(list) && !list.flow && list.items.length && list.range) {
    const last = list.items[list.items.length - 1] as { range?: number[] } | null;
    const at = lineEnd(text, last?.range?.[1] ?? list.range[1]);
    // Items separated by blank lines get one before the new item too.
    const prev = list.items[list.items.length - 2] as { range?: number[] } | undefined;
    const gap = prev?.range && last?.range && /\n[ \t]*\n/.test(text.slice(lineEnd(text, prev.range[1]), last.range[0])) ? '\n' : '';
    return applySplices(text, [{ from: at, to: at, text: `\n${gap}${itemText(decl, indentAt(text, list.range[0]))}` }]);
  }
  if (!doc.has('identities')) return `${text}${text.endsWith('\n') ? '' : '\n'}identities:\n${itemText(decl, '  ')}\n`;
  // `identities:` empty, null or a flow list: rare enough to let the Document API lay it out.
  const seq = isSeq(list) ? list : new YAMLSeq();
  seq.flow = false;
  seq.add(doc.createNode(plain(decl)));
  doc.set('identities', seq);
  return doc.toString({ lineWidth: 0 });
}

/** Fallback for flow-style items (`- {name: A, …}`): the Document API keeps comments, not every space. */
function viaDocument(text: string, doc: Document.Parsed, index: number, existing: Declaration, decl: DeclarationInput): string {
  const item = doc.getIn(['identities', index], true) as YAMLMap;
  let changed = false;
  for (const k of FIELD_ORDER) {
    const v = decl[k];
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) {
      changed = item.delete(k) || changed;
      continue;
    }
    if (item.has(k) && sameValue(existing[k as keyof Declaration], v)) continue;
    item.set(k, v);
    changed = true;
  }
  return changed ? doc.toString({ lineWidth: 0 }) : text;
}

/**
 * Teams (`@org/team`) owning `path` in a CODEOWNERS file: the owners of the last matching rule, as
 * GitHub resolves it. People (`@user`, e-mails) are not teams and are left out.
 */
export function suggestTeams(codeowners: string | undefined, path: string): string[] {
  if (!codeowners) return [];
  const rel = path.replace(/\\/g, '/').replace(/^\.?\//, '');
  let owners: string[] | undefined;
  for (const raw of codeowners.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const [pattern, ...rest] = line.split(/\s+/);
    if (pattern.startsWith('!')) continue; // not supported by GitHub either
    let matches: boolean;
    try {
      matches = ignore().add(pattern).ignores(rel);
    } catch {
      continue;
    }
    if (matches) owners = rest;
  }
  return [...new Set((owners ?? []).filter((o) => /^@[\w.-]+\/[\w.-]+$/.test(o)))];
}

export type OwnershipStatus = 'ok' | 'overdue' | 'expiring' | 'expired' | 'unowned';

export interface OwnershipState {
  status: OwnershipStatus;
  /** Whole days since the last rotation, when known. */
  rotatedDaysAgo?: number;
  /** Whole days until expiry (negative: days since it expired). */
  expiresInDays?: number;
  /** Days past the rotation due date, when overdue. */
  overdueDays?: number;
}

const dateOf = (s: string) => Date.parse(`${s}T00:00:00Z`);

/** Rotation and expiry of a declaration at `now`, as the ownership rules judge them. */
export function ownershipState(decl: Pick<Declaration, 'rotationDays' | 'lastRotated' | 'expires'> | undefined, now: Date, expiringWithinDays = 30): OwnershipState {
  if (!decl) return { status: 'unowned' };
  const t = now.getTime();
  const state: OwnershipState = { status: 'ok' };
  if (decl.lastRotated) {
    state.rotatedDaysAgo = Math.floor((t - dateOf(decl.lastRotated)) / DAY);
    const due = dateOf(decl.lastRotated) + (decl.rotationDays ?? 90) * DAY;
    if (due < t) {
      state.overdueDays = Math.floor((t - due) / DAY);
      state.status = 'overdue';
    }
  }
  if (decl.expires) {
    const at = dateOf(decl.expires);
    state.expiresInDays = Math.floor((at - t) / DAY);
    if (at <= t) state.status = 'expired';
    else if (at - t <= expiringWithinDays * DAY && state.status === 'ok') state.status = 'expiring';
  }
  return state;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** "payments · rotated 34 days ago", "no owner · register", "payments · expired 3 days ago"… */
export function ownerSummary(decl: Pick<Declaration, 'team' | 'rotationDays' | 'lastRotated' | 'expires'> | undefined, now: Date, expiringWithinDays = 30): string {
  if (!decl) return 'no owner · register';
  const s = ownershipState(decl, now, expiringWithinDays);
  const parts = [decl.team];
  if (s.status === 'expired') parts.push(s.expiresInDays === 0 ? 'expired today' : `expired ${plural(-s.expiresInDays!, 'day')} ago`);
  if (s.rotatedDaysAgo !== undefined) parts.push(s.rotatedDaysAgo <= 0 ? 'rotated today' : `rotated ${plural(s.rotatedDaysAgo, 'day')} ago`);
  else parts.push('rotation not recorded');
  if (s.overdueDays !== undefined) parts.push(`overdue ${plural(s.overdueDays, 'day')}`);
  if (s.status === 'expiring') parts.push(`expires in ${plural(s.expiresInDays!, 'day')}`);
  return parts.join(' · ');
}
