/**
 * HTTP client of the inventory service, for the CLI (`nhi-lens sync`) and the VS Code extension.
 * It uses only the platform's `fetch`, `AbortSignal` and timers (no Node modules), so it runs in the
 * extension host as it is. Transient failures (network errors, timeouts, 429, 500, 502, 503, 504)
 * are retried with exponential backoff and jitter, honouring `Retry-After`; other 4xx never are.
 * Errors carry the API's error body and never the token.
 */
import type { FindingQuery, IdentityQuery, Page } from './store/types';
import type { Identity, OwnershipUpdate, StoredFinding, SyncBatch, SyncResult } from './model';

export interface RetryOptions {
  /** Tries in all, the first included (default 5). */
  attempts: number;
  /** Delay before the first retry, doubled at each further one (default 250 ms). */
  baseDelayMs: number;
  /** Cap of the backoff delay (default 10 s). */
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the error is thrown (default 60 s). */
  maxRetryAfterMs: number;
}

export interface InventoryClientOptions {
  /** e.g. `https://inventory.example.com` (a path prefix is kept). */
  baseUrl: string;
  /** Bearer token (`nhil_…`). */
  token: string;
  /** Per attempt (default 30 s). */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** Called after the service acknowledged a sync batch (progress; tests use it to crash the server). */
  onBatchSent?: (batch: SyncBatch, result: SyncResult) => void | Promise<void>;
  /** Called before waiting to retry. */
  onRetry?: (info: { method: string; path: string; attempt: number; delayMs: number; reason: string }) => void;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 5, baseDelayMs: 250, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };

const RETRIED_STATUSES = new Set([429, 500, 502, 503, 504]);

/** The service answered with an error status. `body` is its JSON error (`{ error, message, … }`). */
export class InventoryApiError extends Error {
  readonly code: string;
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    const code = typeof body.error === 'string' ? body.error : 'http_error';
    const detail = typeof body.message === 'string' ? `: ${body.message}` : '';
    super(`${method} ${path}: HTTP ${status} ${code}${detail}`);
    this.code = code;
  }
}

/** 409 on an ownership change: someone changed the identity first. `current` is its state now. */
export class VersionConflict extends InventoryApiError {
  readonly current: Identity;
  constructor(method: string, path: string, body: Record<string, unknown>) {
    super(method, path, 409, body);
    this.current = body.current as Identity;
  }
}

/** The service could not be reached (or did not answer in time) on any attempt. */
export class InventoryUnreachable extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly attempts: number,
    readonly reason: string,
  ) {
    super(`${method} ${path}: the inventory did not answer after ${attempts} attempt${attempts === 1 ? '' : 's'} (${reason})`);
  }
}

type Query = Record<string, string | number | boolean | undefined>;

export class InventoryClient {
  private readonly base: URL;
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;

  constructor(private readonly options: InventoryClientOptions) {
    let base: URL;
    try {
      base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    } catch {
      throw new Error('the inventory URL is not a valid URL');
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error('the inventory URL must be http:// or https://');
    if (base.username || base.password) throw new Error('the inventory URL must not hold credentials; the token goes in NHI_LENS_TOKEN');
    base.search = '';
    base.hash = '';
    this.base = base;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Where requests go, for messages (no credentials by construction). */
  get url(): string {
    return this.base.href.replace(/\/$/, '');
  }

  async fingerprintKey(): Promise<string> {
    const r = await this.request<{ key: string }>('GET', 'v1/fingerprint-key');
    return r.key;
  }

  /** Sends one batch; the idempotency key makes a retried or re-sent batch apply once. */
  async sync(batch: SyncBatch): Promise<SyncResult> {
    const result = await this.request<SyncResult>('POST', 'v1/sync', { body: batch, headers: { 'idempotency-key': batch.idempotencyKey } });
    await this.options.onBatchSent?.(batch, result);
    return result;
  }

  getIdentity(id: string): Promise<Identity> {
    return this.request<Identity>('GET', `v1/identities/${encodeURIComponent(id)}`);
  }

  listIdentities(query: IdentityQuery = {}): Promise<Page<Identity>> {
    return this.request('GET', 'v1/identities', { query: { ...query } });
  }

  /** Throws `VersionConflict` (with the current identity) when `update.version` is stale. */
  updateOwnership(id: string, update: OwnershipUpdate): Promise<Identity> {
    return this.request<Identity>('PUT', `v1/identities/${encodeURIComponent(id)}/ownership`, { body: update });
  }

  listFindings(query: FindingQuery = {}): Promise<Page<StoredFinding>> {
    const { identityId, ...rest } = query;
    return this.request('GET', 'v1/findings', { query: { ...rest, identity: identityId } });
  }

  unowned(page: { limit?: number; cursor?: string } = {}): Promise<Page<Identity>> {
    return this.request('GET', 'v1/views/unowned', { query: page });
  }

  rotationOverdue(page: { limit?: number; cursor?: string } = {}): Promise<Page<Identity & { overdueDays: number }>> {
    return this.request('GET', 'v1/views/rotation-overdue', { query: page });
  }

  expiring(days?: number, page: { limit?: number; cursor?: string } = {}): Promise<Page<Identity & { expiresInDays: number }>> {
    return this.request('GET', 'v1/views/expiring', { query: { ...page, days } });
  }

  shared(page: { limit?: number; cursor?: string } = {}): Promise<Page<Identity & { repositories: number; pipelines: number }>> {
    return this.request('GET', 'v1/views/shared', { query: page });
  }

  openFindings(): Promise<{ byTeam: Array<{ team: string | null; count: number }>; byOwasp: Array<{ owasp: string; count: number }> }> {
    return this.request('GET', 'v1/views/open-findings');
  }

  /** Every page of a listing, following cursors. */
  async all<T>(list: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(cursor);
      out.push(...page.items);
      cursor = page.next;
    } while (cursor);
    return out;
  }

  private async request<T>(method: string, path: string, init: { body?: unknown; query?: Query; headers?: Record<string, string> } = {}): Promise<T> {
    const url = new URL(path, this.base);
    for (const [k, v] of Object.entries(init.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const shown = `/${path}`;
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${this.options.token}`, ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
    const { attempts } = this.retry;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers,
          body: payload,
          // A redirect could carry the token elsewhere; the API never redirects.
          redirect: 'error',
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (e) {
        const reason = networkReason(e, this.timeoutMs);
        if (attempt >= attempts) throw new InventoryUnreachable(method, shown, attempt, reason);
        await this.wait(method, shown, attempt, this.backoff(attempt), reason);
        continue;
      }
      if (response.ok) {
        const text = await response.text();
        return (text ? JSON.parse(text) : undefined) as T;
      }
      const body = await errorBody(response);
      if (RETRIED_STATUSES.has(response.status) && attempt < attempts) {
        const after = retryAfterMs(response.headers.get('retry-after'));
        if (after === undefined || after <= this.retry.maxRetryAfterMs) {
          await this.wait(method, shown, attempt, after ?? this.backoff(attempt), `HTTP ${response.status}`);
          continue;
        }
      }
      if (response.status === 409 && body.error === 'version_conflict') throw new VersionConflict(method, shown, body);
      throw new InventoryApiError(method, shown, response.status, body);
    }
  }

  /** Exponential backoff with "equal jitter": half the step fixed, half random, so clients spread out. */
  private backoff(attempt: number): number {
    const step = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return step / 2 + Math.random() * (step / 2);
  }

  private async wait(method: string, path: string, attempt: number, delayMs: number, reason: string): Promise<void> {
    this.options.onRetry?.({ method, path, attempt, delayMs, reason });
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function errorBody(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text().catch(() => '');
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return {};
}

/** Why a fetch failed, without the URL's query or anything sent. */
function networkReason(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  return err?.cause?.code ?? err?.cause?.message ?? err?.message ?? 'network error';
}
