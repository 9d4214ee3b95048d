/**
 * The detection engine. One pass of a keyword automaton (Aho–Corasick) over the text decides which
 * rules run where: a rule's regex runs only on lines that contain one of its keywords, so adding
 * rules does not multiply the cost of scanning text that has none of their keywords.
 */
import type { Confidence, Finding, Severity } from '../types';
import { PROVIDER_RULES, mergeFlags } from '../rules';
import type { ProviderRule } from '../rules/types';
import { isLockfile, isTestPath, languageOf, type Language } from '../syntax/language';
import { shannonEntropy } from './entropy';
import { isPlaceholder } from './filters/placeholder';
import { isReference } from './filters/reference';
import { isDocumentedExample } from './filters/stopwords';
import { GENERIC_KEYWORDS, analyzeLine, setOwnedPrefixes } from './generic';
import { KeywordMatcher } from './keywordMatcher';
import type { RuleMeta } from './ruleMeta';
import { finalizeFindings, type Candidate } from '../findings/finalize';
import { scanKubernetesSecrets } from '../syntax/kubernetes';
import { scanNotebook } from '../syntax/notebook';

export interface ScanOptions {
  /** Provider rules to run (default: all built-in rules). Custom rules are appended by the caller. */
  rules?: readonly ProviderRule[];
  /** Run the generic name/value rules (default true). */
  generic?: boolean;
  /** Key for the HMAC fingerprint. */
  fingerprintKey?: string;
  /** Rule ids that never report. */
  disabledRules?: Iterable<string>;
  severityOverrides?: Record<string, Severity>;
  /** Keep findings suppressed inline (marked `suppressed`) instead of dropping them. */
  includeSuppressed?: boolean;
  /** Decides whether a path holds tests or fixtures (lower confidence); default: built-in globs. */
  isTestPath?: (path: string) => boolean;
}

interface CompiledRule {
  rule: ProviderRule;
  meta: RuleMeta;
  re: RegExp;
  /** 1-based index into the per-scan "line covered until" table. */
  slot: number;
}

interface CompiledSet {
  matcher: KeywordMatcher | undefined;
  /** Per keyword index: rules to run on its lines, and whether generic rules run there. */
  entries: Array<{ rules: CompiledRule[]; generic: boolean }>;
  ruleCount: number;
}

const compiledCache = new WeakMap<readonly ProviderRule[], { withGeneric?: CompiledSet; without?: CompiledSet }>();

function compile(rules: readonly ProviderRule[], generic: boolean): CompiledSet {
  const byKeyword = new Map<string, { rules: CompiledRule[]; generic: boolean }>();
  const entry = (k: string) => {
    let e = byKeyword.get(k);
    if (!e) byKeyword.set(k, (e = { rules: [], generic: false }));
    return e;
  };
  for (const rule of rules) {
    const c: CompiledRule = {
      rule,
      meta: { id: rule.id, kind: rule.kind, provider: rule.provider, title: rule.title, severity: rule.severity, owasp: rule.owasp, remediation: rule.remediation, precedence: rule.generalFormat ? 1 : 2 },
      re: new RegExp(rule.pattern.source, mergeFlags(rule.pattern.flags, 'gd')),
      slot: 0,
    };
    for (const k of new Set(rule.keywords)) entry(k).rules.push(c);
  }
  if (generic) for (const k of GENERIC_KEYWORDS) entry(k).generic = true;
  const keywords = [...byKeyword.keys()];
  let slot = 0;
  for (const e of byKeyword.values()) for (const c of e.rules) if (c.slot === 0) c.slot = ++slot;
  return {
    matcher: keywords.length ? new KeywordMatcher(keywords) : undefined,
    entries: keywords.map((k) => byKeyword.get(k)!),
    ruleCount: slot,
  };
}

function compiledFor(rules: readonly ProviderRule[], generic: boolean): CompiledSet {
  let slot = compiledCache.get(rules);
  if (!slot) compiledCache.set(rules, (slot = {}));
  if (generic) return (slot.withGeneric ??= compile(rules, true));
  return (slot.without ??= compile(rules, false));
}

const MAX_PLACEHOLDER_CHECKED = 200;
setOwnedPrefixes(PROVIDER_RULES.flatMap((r) => r.keywords));
const CONFIDENCE_DOWN: Record<Confidence, Confidence> = { high: 'medium', medium: 'low', low: 'low' };

/** Checks a provider-rule match; returns the candidate or undefined when a filter rejects it. */
function checkMatch(c: CompiledRule, m: RegExpExecArray, base: number): Candidate | undefined {
  const rule = c.rule;
  const groupIdx = m.indices?.groups?.secret;
  const secret = m.groups?.secret ?? m[0];
  if (secret === undefined || secret.length === 0) return undefined;
  const start = base + (groupIdx ? groupIdx[0] : m.index);
  if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) return undefined;
  // Placeholder markers (`xxxx`, `fake`…) occur by chance inside long key blocks: only short secrets get that check.
  if (isDocumentedExample(secret) || isReference(secret) || (secret.length <= MAX_PLACEHOLDER_CHECKED && isPlaceholder(secret))) return undefined;
  const lower = secret.toLowerCase();
  if (rule.stopwords?.some((w) => lower.includes(w.toLowerCase()))) return undefined;
  if (rule.allow?.some((re) => re.test(secret))) return undefined;
  let confidence: Confidence = rule.confidence ?? 'high';
  const notes: string[] = [];
  if (rule.verify) {
    let ok = false;
    try {
      ok = rule.verify(secret);
    } catch {
      ok = false;
    }
    if (ok) {
      confidence = 'high';
      notes.push('checksum or structure verified');
    } else if (rule.dropUnverified) {
      return undefined;
    } else {
      confidence = CONFIDENCE_DOWN[confidence];
      notes.push('checksum or structure did not verify');
    }
  }
  return { meta: c.meta, start, end: start + secret.length, secret, confidence, notes };
}

/**
 * Runs the keyword-anchored provider rules and the generic rules over `text`, returning raw
 * candidates with offsets into `text`. Used directly by container formats (notebooks, k8s).
 * `asciiBytes`, when given, must be the text's characters one for one (ASCII): a faster prefilter.
 */
export function collectCandidates(text: string, lang: Language, set: CompiledSet, runGeneric: boolean, asciiBytes?: Uint8Array): Candidate[] {
  const out: Candidate[] = [];
  const matcher = set.matcher;
  if (!matcher) return out;
  const coveredUntil = new Int32Array(set.ruleCount + 1).fill(-1);
  let genericUntil = -1;
  const len = text.length;
  let lineStart = 0;
  let lineEnd = -1; // bounds of the line of the current hit, reused while hits stay on it

  const onHit = (keyword: number, at: number) => {
    const entry = set.entries[keyword];
    if (at >= lineEnd) {
      lineStart = text.lastIndexOf('\n', at - 1) + 1;
      lineEnd = text.indexOf('\n', at);
      if (lineEnd === -1) lineEnd = len;
    }
    for (const c of entry.rules) {
      if (coveredUntil[c.slot] >= lineEnd) continue;
      coveredUntil[c.slot] = lineEnd;
      const windowEnd = c.rule.multiline ? Math.min(len, lineEnd + c.rule.multiline) : lineEnd;
      const window = text.slice(lineStart, windowEnd);
      if (c.rule.requires && !c.rule.requires.every((r) => window.includes(r))) continue;
      const lineLength = lineEnd - lineStart;
      c.re.lastIndex = 0;
      for (let m = c.re.exec(window); m; m = c.re.exec(window)) {
        if (m.index >= lineLength) break; // matches must start on the keyword's line
        if (m[0].length === 0) {
          c.re.lastIndex++;
          continue;
        }
        const cand = checkMatch(c, m, lineStart);
        if (cand) out.push(cand);
      }
    }
    if (runGeneric && entry.generic && genericUntil < lineEnd) {
      genericUntil = lineEnd;
      const lineEndNoCr = lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
      const line = text.slice(lineStart, lineEndNoCr);
      if (line.length > 4000) return; // minified or data line: generic rules would only guess
      let next: string | undefined;
      let nextStart = -1;
      if (lineEnd < len && /\b(?:name|key)\b/i.test(line)) {
        nextStart = lineEnd + 1;
        let nextEnd = text.indexOf('\n', nextStart);
        if (nextEnd === -1) nextEnd = len;
        next = text.slice(nextStart, nextEnd).replace(/\r$/, '');
      }
      for (const g of analyzeLine(line, lang, next)) {
        const base = g.onNext ? nextStart : lineStart;
        out.push({ meta: g.meta, start: base + g.start, end: base + g.end, secret: g.secret, confidence: g.confidence, notes: [] });
      }
    }
  };
  if (asciiBytes) matcher.scanAscii(asciiBytes, onHit);
  else matcher.scan(text, onHit);
  return out;
}

export interface EngineContext {
  set: CompiledSet;
  runGeneric: boolean;
}

export function engineContext(path: string, options: ScanOptions): EngineContext {
  const rules = options.rules ?? PROVIDER_RULES;
  const runGeneric = (options.generic ?? true) && !isLockfile(path);
  return { set: compiledFor(rules, options.generic ?? true), runGeneric };
}

/**
 * Scans one text. `path` decides the syntax (and test-path confidence); findings come back sorted,
 * with exact ranges, redacted previews and keyed fingerprints — never the secret itself. `bytes`,
 * optional, are the file's UTF-8 bytes the text was decoded from.
 */
export function scanText(text: string, path: string, options: ScanOptions = {}, bytes?: Uint8Array): Finding[] {
  const lang = languageOf(path);
  const ctx = engineContext(path, options);
  let candidates: Candidate[];
  if (lang === 'notebook') {
    candidates = scanNotebook(text, (decoded) => collectCandidates(decoded, 'python', ctx.set, ctx.runGeneric));
  } else {
    // Bytes speed up the prefilter only when they are the characters one for one (ASCII).
    candidates = collectCandidates(text, lang, ctx.set, ctx.runGeneric, bytes && bytes.length === text.length ? bytes : undefined);
    if (lang === 'yaml' && text.includes('Secret')) {
      candidates.push(...scanKubernetesSecrets(text, (decoded) => collectCandidates(decoded, 'text', ctx.set, ctx.runGeneric)));
    }
  }
  const testPath = (options.isTestPath ?? isTestPath)(path);
  return finalizeFindings(text, path, candidates, { ...options, testPath });
}
