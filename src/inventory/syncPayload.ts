/**
 * A scan result → the sync batches the inventory accepts: findings as fingerprints, redacted
 * previews, rule ids, paths and lines (never a value), with the identity uses they concern. The
 * batches of one run share a scan id; only the last is `final` (for a full sync, it resolves what
 * the run did not see). Pure: no I/O, so the extension can build the same payload.
 */
import type { Finding } from '../core/types';
import type { ScanResult } from '../core/scan';
import type { IdentityUse } from '../core/ci/types';
import { MAX_BATCH_FINDINGS, syncBatchSchema, type FindingInput, type IdentityUseInput, type SyncBatch } from './model';

export const DEFAULT_BATCH_SIZE = 500;

export interface SyncPayloadOptions {
  /** `host/owner/name`. */
  repository: string;
  commit?: string;
  /** `full`: the result covers the whole repository (the final batch resolves the rest); `partial`: a subset. */
  mode: 'full' | 'partial';
  /** Findings per batch (default 500). */
  batchSize?: number;
  /** Default: a random UUID (one per run). */
  scanId?: string;
}

/**
 * Builds the batches. The result's paths must be relative to the repository root (scan with the
 * root as `cwd`). Suppressed findings are left out: the inventory holds what is open.
 */
export function buildSyncBatches(result: Pick<ScanResult, 'findings' | 'identities'>, options: SyncPayloadOptions): SyncBatch[] {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_FINDINGS) throw new Error(`the batch size must be a whole number from 1 to ${MAX_BATCH_FINDINGS}`);
  const scanId = options.scanId ?? globalThis.crypto.randomUUID();
  const graph = result.identities.identities;

  const open = result.findings.filter((f) => !f.suppressed);
  const keyOf = identityKeyResolver(graph, open);
  const findings = open.map((f) => findingInput(f, keyOf(f)));
  // A literal's use is sent only with its open finding (a baselined value is not reported).
  const openValues = new Set(open.filter((f) => f.redacted).map((f) => `${f.fingerprint}\0${repoPath(f.path)}`));
  const uses = graph
    .flatMap((i) => i.uses)
    .filter((u) => u.kind !== 'literal' || (u.fingerprint !== undefined && openValues.has(`${u.fingerprint}\0${repoPath(u.path)}`)))
    .map(useInput);

  // Findings in chunks; each identity's uses travel with the first chunk that names it.
  const chunks: FindingInput[][] = [];
  for (let i = 0; i < findings.length; i += batchSize) chunks.push(findings.slice(i, i + batchSize));
  if (chunks.length === 0) chunks.push([]);
  const firstChunkOf = new Map<string, number>();
  chunks.forEach((chunk, index) => {
    for (const f of chunk) if (f.identityKey && !firstChunkOf.has(f.identityKey)) firstChunkOf.set(f.identityKey, index);
  });
  const usesCap = Math.min(batchSize * 4, MAX_BATCH_FINDINGS * 4);
  const wanted: IdentityUseInput[][] = chunks.map(() => []);
  for (const u of uses) wanted[firstChunkOf.get(u.key) ?? 0].push(u);
  const useChunks: IdentityUseInput[][] = [];
  let carry: IdentityUseInput[] = [];
  for (let i = 0; i < chunks.length || carry.length; i++) {
    const pending = [...carry, ...(wanted[i] ?? [])];
    useChunks.push(pending.slice(0, usesCap));
    carry = pending.slice(usesCap);
  }
  // More uses than fit beside the findings: extra batches with uses only.
  while (chunks.length < useChunks.length) chunks.push([]);

  return chunks.map((chunk, index) => {
    const batch: SyncBatch = {
      idempotencyKey: `${scanId}:${index}`,
      repository: options.repository,
      ...(options.commit ? { commit: options.commit } : {}),
      mode: options.mode,
      scanId,
      final: index === chunks.length - 1,
      findings: chunk,
      uses: useChunks[index],
    };
    const checked = syncBatchSchema.safeParse(batch);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new Error(`cannot build the sync payload: ${issue.path.join('.')}: ${issue.message}`);
    }
    return batch;
  });
}

/**
 * The identity a finding concerns: its value's (`literal:<fingerprint>`); for a workspace finding
 * about a value (it names no value and no identity, and sits on the value's exact range), that
 * value's; else the graph's key of the identity it names — by name, the one used in the finding's
 * file when two platforms share it.
 */
function identityKeyResolver(graph: ScanResult['identities']['identities'], open: readonly Finding[]): (f: Finding) => string | undefined {
  const byName = new Map<string, typeof graph>();
  for (const i of graph) if (i.kind !== 'literal') byName.set(i.name, [...(byName.get(i.name) ?? []), i]);
  const rangeKey = (f: Finding) => `${f.range.startLine}:${f.range.startColumn}:${f.range.endLine}:${f.range.endColumn}:${f.path}`;
  const valueAt = new Map(open.filter((f) => f.redacted).map((f) => [rangeKey(f), f.fingerprint]));
  return (f) => {
    if (f.redacted) return `literal:${f.fingerprint}`;
    if (!f.identity) {
      const value = valueAt.get(rangeKey(f));
      return value ? `literal:${value}` : undefined;
    }
    const candidates = byName.get(f.identity) ?? [];
    const target = candidates.length === 1 ? candidates[0] : candidates.find((i) => i.uses.some((u) => u.path === f.path));
    return target?.key;
  };
}

function findingInput(f: Finding, identityKey: string | undefined): FindingInput {
  const input: FindingInput = {
    ruleId: f.ruleId,
    kind: clip(f.kind, 128),
    severity: f.severity,
    owasp: f.owasp,
    fingerprint: f.fingerprint,
    path: repoPath(f.path),
    line: f.range.startLine + 1,
  };
  if (f.redacted) input.redacted = f.redacted;
  if (identityKey) input.identityKey = clip(identityKey, 300);
  if (f.title) input.title = clip(f.title, 200);
  return input;
}

function useInput(u: IdentityUse): IdentityUseInput {
  const input: IdentityUseInput = {
    key: clip(u.key, 300),
    kind: clip(u.kind, 64),
    name: clip(u.name, 200),
    platform: clip(u.platform, 32),
    path: repoPath(u.path),
    line: u.range.startLine + 1,
  };
  if (u.fingerprint) input.fingerprint = u.fingerprint;
  if (u.workflow) input.pipeline = clip(u.workflow, 200);
  if (u.job) input.job = clip(u.job, 200);
  if (u.environment) input.environment = clip(u.environment, 200);
  return input;
}

/** `/`-separated, repository-relative; a path outside the repository is a caller's error. */
export function repoPath(path: string): string {
  const p = path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  if (!p || p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.split('/').includes('..')) throw new Error(`path outside the repository: ${p || '(empty)'}`);
  return p;
}

/** Bounded text fields (names, titles) cut to the schema's limit rather than rejected. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}
