/**
 * The numbers and the identity list a human-facing report shows, computed once from a report's input
 * as plain JSON (no Maps, no class instances) so the HTML report and the VS Code webview render the
 * same thing. Pure: no clock, no I/O. Never carries a secret value, only redacted previews and names.
 */
import { OWASP_NHI, owaspLabel } from '../owasp';
import { SEVERITIES, type Finding, type OwaspNhiId, type Severity } from '../types';
import type { Identity } from '../identities/graph';
import { SEVERITY_ORDER, type ReportInput } from './model';

export interface SummaryPlace {
  path: string;
  /** 1-based. */
  line: number;
}

export interface IdentitySummary {
  /** `literal:<fingerprint>` for a credential value, the identity graph's key otherwise. */
  key: string;
  /** Credential kind for a value (`github-token`), identity kind otherwise (`ci-secret`, `jenkins-credential`…). */
  kind: string;
  /** What to call it: the redacted preview of a value, or the secret / variable / credentials name. */
  name: string;
  /** Redacted preview (at most 4 characters and `…`), for credential values only. */
  preview?: string;
  /** CI platform for named identities, `file` for values. */
  platform: string;
  /** Highest severity among the open findings about it; absent when none concerns it. */
  severity?: Severity;
  /** Open findings about it. */
  findings: number;
  /** Number of distinct places (path and line) where it appears or is used. */
  placeCount: number;
  places: SummaryPlace[];
}

export interface ReportSummary {
  totals: {
    open: number;
    suppressed: number;
    /** Absent when the input has no scan statistics (e.g. a report of one document). */
    filesScanned?: number;
    skipped: number;
  };
  /** Every severity, most severe first, zeros included. */
  bySeverity: Array<{ severity: Severity; count: number }>;
  /** Every OWASP NHI Top 10 (2025) item in order, zeros included. */
  byOwasp: Array<{ id: OwaspNhiId; label: string; title: string; url: string; count: number }>;
  /** Credential / finding kinds with at least one open finding, most frequent first. */
  byKind: Array<{ kind: string; count: number }>;
  /** Most severe first, then most widely used. */
  identities: IdentitySummary[];
}

function rank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

function higher(a: Severity | undefined, b: Severity): Severity {
  return a === undefined || rank(b) > rank(a) ? b : a;
}

function byPlace(a: SummaryPlace, b: SummaryPlace): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line;
}

/** Distinct (path, line) pairs, ordered. */
function distinctPlaces(places: Iterable<SummaryPlace>): SummaryPlace[] {
  const seen = new Map<string, SummaryPlace>();
  for (const p of places) seen.set(`${p.line}\u0000${p.path}`, p);
  return [...seen.values()].sort(byPlace);
}

function rangeKey(f: Finding): string {
  const r = f.range;
  return `${r.startLine}:${r.startColumn}:${r.endLine}:${r.endColumn}:${f.path}`;
}

function placeOf(f: { path: string; range: { startLine: number } }): SummaryPlace {
  return { path: f.path, line: f.range.startLine + 1 };
}

/** Credential values, one per fingerprint however many files hold it. */
function literalIdentities(open: Finding[], graph: Identity[]): IdentitySummary[] {
  const byFingerprint = new Map<string, Finding[]>();
  for (const f of open) {
    if (!f.redacted) continue;
    const list = byFingerprint.get(f.fingerprint);
    if (list) list.push(f);
    else byFingerprint.set(f.fingerprint, [f]);
  }
  const graphUses = new Map(graph.filter((i) => i.kind === 'literal' && i.fingerprint).map((i) => [i.fingerprint!, i.uses]));
  // Workspace findings about a value (it is shared, …) name no value and no identity: they sit on its exact range.
  const atRange = new Map<string, Finding[]>();
  for (const f of open) if (!f.redacted && !f.identity) atRange.set(rangeKey(f), [...(atRange.get(rangeKey(f)) ?? []), f]);
  return [...byFingerprint].map(([fingerprint, values]) => {
    const list = [...values, ...new Set(values.flatMap((f) => atRange.get(rangeKey(f)) ?? []))];
    // The most severe finding on the value itself names the kind: a provider rule outranks the generic one.
    let top = values[0];
    for (const f of values) if (rank(f.severity) > rank(top.severity)) top = f;
    const places = distinctPlaces([...list.map(placeOf), ...(graphUses.get(fingerprint) ?? []).map(placeOf)]);
    let severity = top.severity;
    for (const f of list) severity = higher(severity, f.severity);
    return { key: `literal:${fingerprint}`, kind: top.kind, name: top.redacted, preview: top.redacted, platform: 'file', severity, findings: list.length, placeCount: places.length, places };
  });
}

/**
 * Named identities (CI secrets and variables, credentials ids, service connections) from the graph,
 * with the open findings that name them. A finding names an identity by name; when two platforms
 * use the same name, the one used in the finding's file is meant.
 */
function namedIdentities(open: Finding[], graph: Identity[]): IdentitySummary[] {
  const named = graph.filter((i) => i.kind !== 'literal');
  const byName = new Map<string, Identity[]>();
  for (const i of named) byName.set(i.name, [...(byName.get(i.name) ?? []), i]);
  const about = new Map<Identity, Finding[]>();
  for (const f of open) {
    if (!f.identity) continue;
    const candidates = byName.get(f.identity) ?? [];
    const target = candidates.length === 1 ? candidates[0] : candidates.find((i) => i.uses.some((u) => u.path === f.path));
    if (target) about.set(target, [...(about.get(target) ?? []), f]);
  }
  return named.map((i) => {
    const findings = about.get(i) ?? [];
    let severity: Severity | undefined;
    for (const f of findings) severity = higher(severity, f.severity);
    const places = distinctPlaces(i.uses.map(placeOf));
    const entry: IdentitySummary = { key: i.key, kind: i.kind, name: i.name, platform: i.platform, findings: findings.length, placeCount: places.length, places };
    if (severity) entry.severity = severity;
    return entry;
  });
}

function compareIdentities(a: IdentitySummary, b: IdentitySummary): number {
  const ra = a.severity ? rank(a.severity) : -1;
  const rb = b.severity ? rank(b.severity) : -1;
  return rb - ra || b.placeCount - a.placeCount || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

export function summarize(input: ReportInput): ReportSummary {
  const open = input.findings.filter((f) => !f.suppressed);
  const graph = input.identities?.identities ?? [];

  const severityCounts = new Map<Severity, number>();
  const owaspCounts = new Map<OwaspNhiId, number>();
  const kindCounts = new Map<string, number>();
  for (const f of open) {
    severityCounts.set(f.severity, (severityCounts.get(f.severity) ?? 0) + 1);
    owaspCounts.set(f.owasp, (owaspCounts.get(f.owasp) ?? 0) + 1);
    kindCounts.set(f.kind, (kindCounts.get(f.kind) ?? 0) + 1);
  }

  const totals: ReportSummary['totals'] = {
    open: open.length,
    suppressed: input.findings.length - open.length,
    skipped: input.stats?.skipped ?? input.skipped?.length ?? 0,
  };
  if (input.stats) totals.filesScanned = input.stats.files;

  return {
    totals,
    bySeverity: SEVERITY_ORDER.map((severity) => ({ severity, count: severityCounts.get(severity) ?? 0 })),
    byOwasp: (Object.keys(OWASP_NHI) as OwaspNhiId[]).map((id) => ({ id, label: owaspLabel(id), title: OWASP_NHI[id].title, url: OWASP_NHI[id].url, count: owaspCounts.get(id) ?? 0 })),
    byKind: [...kindCounts].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)),
    identities: [...literalIdentities(open, graph), ...namedIdentities(open, graph)].sort(compareIdentities),
  };
}
