/**
 * Browser sessions for the dashboard. `POST /session` with an API token (JSON or a form post)
 * verifies it and sets an HttpOnly, SameSite=Strict cookie holding a random session id; the
 * session (in memory, with an expiry) keeps the token so every request re-checks it with the store
 * (a revoked token ends its sessions at once). Requests that carry the cookie and no
 * `Authorization` header are authenticated as that token; a state-changing one must also carry
 * the session's CSRF token in `x-csrf-token` (synchronizer token), or it gets 403. Bearer-token
 * API calls are untouched: they carry no ambient credential, so they need no CSRF token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { InventoryStore } from '../store/types';
import { hashToken, looksLikeToken } from '../tokens';
import { ApiError, send } from './errors';

export const SESSION_COOKIE = 'nhi_lens_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface SessionOptions {
  store: InventoryStore;
  /** Adds `Secure` to the cookie (serve behind https). Default: false. */
  secureCookie?: boolean;
  /** Session lifetime in ms, from sign-in (default 8 hours). */
  ttlMs?: number;
  /** Most sessions kept at once; the oldest go first (default 10,000). */
  maxSessions?: number;
  now?: () => number;
}

interface Session {
  /** The API token itself: held in memory only, for the store's per-request check. */
  token: string;
  csrf: string;
  expires: number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const signInSchema = z.object({ token: z.string().min(1).max(200) }).strict();

/** Cookie header → value of `name` (no dependency for one cookie). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  // Hash both so the comparison is constant-time whatever the lengths.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** A cross-site request says so in `Origin`; ours match the Host header (or send none). */
function crossOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return origin === 'null';
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

/** Registers the session routes and the hook that turns a session cookie into the request's token. */
export function registerSessions(app: FastifyInstance, options: SessionOptions): void {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 8 * 3600_000;
  const maxSessions = options.maxSessions ?? 10_000;
  const sessions = new Map<string, Session>();

  const cookie = (value: string, maxAgeSeconds: number) =>
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${options.secureCookie ? '; Secure' : ''}`;

  const current = (req: FastifyRequest): { id: string; session: Session } | undefined => {
    const id = cookieValue(req.headers.cookie, SESSION_COOKIE);
    const session = id ? sessions.get(id) : undefined;
    if (!id || !session) return undefined;
    if (session.expires <= now()) {
      sessions.delete(id);
      return undefined;
    }
    return { id, session };
  };

  app.addHook('onRequest', async (req) => {
    if (req.headers.authorization) return; // bearer API access: unchanged
    const found = current(req);
    if (!found) return;
    const path = req.url.split('?')[0];
    // Signing in again needs no CSRF token (it proves a token); everything else that changes state does.
    const signIn = req.method === 'POST' && path === '/session';
    if (!SAFE_METHODS.has(req.method) && !signIn) {
      const sent = req.headers[CSRF_HEADER];
      if (crossOrigin(req)) throw new ApiError(403, 'csrf', 'cross-origin request refused');
      if (typeof sent !== 'string' || !sameSecret(sent, found.session.csrf)) throw new ApiError(403, 'csrf', `a state-changing request needs the session's ${CSRF_HEADER} header`);
    }
    // The routes' scope check reads the bearer header; the session supplies it (logs redact it).
    req.headers.authorization = `Bearer ${found.session.token}`;
  });

  // Form posts (a sign-in without script) parse only here, not on the JSON API.
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, text, done) => {
      done(null, Object.fromEntries(new URLSearchParams(text as string)));
    });

    scope.post('/session', async (req, reply: FastifyReply) => {
      if (crossOrigin(req)) return send(reply, new ApiError(403, 'csrf', 'cross-origin sign-in refused'));
      const parsed = signInSchema.safeParse(req.body);
      if (!parsed.success) return send(reply, new ApiError(400, 'invalid_request', 'send { "token": "nhil_…" }'));
      const token = parsed.data.token.trim();
      const record = looksLikeToken(token) ? await options.store.tokenByHash(hashToken(token)) : undefined;
      if (!record) return send(reply, new ApiError(401, 'unauthorized', 'unknown or revoked token'));
      const old = current(req);
      if (old) sessions.delete(old.id); // a new id at every sign-in (no session fixation)
      prune(sessions, now(), maxSessions);
      const id = randomBytes(32).toString('base64url');
      const session: Session = { token, csrf: randomBytes(32).toString('base64url'), expires: now() + ttlMs };
      sessions.set(id, session);
      reply.header('set-cookie', cookie(id, Math.floor(ttlMs / 1000))).header('cache-control', 'no-store');
      const body = { csrfToken: session.csrf, expiresAt: new Date(session.expires).toISOString(), team: record.team ?? null, scopes: record.scopes };
      // A form post (no script) lands on the dashboard, which asks GET /session for the CSRF token.
      if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return reply.redirect('/#/identities', 303);
      return reply.send(body);
    });
  });

  // The dashboard asks on load: signed in? and the CSRF token (same-origin script only can read it).
  app.get('/session', async (req, reply) => {
    const found = current(req);
    reply.header('cache-control', 'no-store');
    if (!found) return send(reply, new ApiError(401, 'unauthorized', 'not signed in'));
    const record = await options.store.tokenByHash(hashToken(found.session.token));
    if (!record) {
      sessions.delete(found.id);
      return send(reply, new ApiError(401, 'unauthorized', 'the token was revoked'));
    }
    return { csrfToken: found.session.csrf, expiresAt: new Date(found.session.expires).toISOString(), team: record.team ?? null, scopes: record.scopes };
  });

  app.delete('/session', async (req, reply) => {
    const found = current(req);
    if (found) sessions.delete(found.id);
    return reply.header('set-cookie', cookie('', 0)).code(204).send();
  });
}

/** Drops expired sessions, then the oldest beyond the cap (Map keeps insertion order). */
function prune(sessions: Map<string, Session>, at: number, max: number): void {
  for (const [id, s] of sessions) if (s.expires <= at) sessions.delete(id);
  for (const id of sessions.keys()) {
    if (sessions.size < max) break;
    sessions.delete(id);
  }
}
