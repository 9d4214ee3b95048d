/**
 * The inventory's HTTP API (Fastify). `buildApp` returns the app without listening, so tests and
 * `nhi-lens inventory serve` start it the same way. Every body, query and path parameter is
 * validated with the zod schemas of `../model`; every write needs a bearer token with the right
 * scope; every error has one JSON shape; logs (pino) carry no bodies and no tokens.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { stringify as yamlStringify } from 'yaml';
import {
  findingStatusUpdateSchema,
  identityCreateSchema,
  idSchema,
  ownershipUpdateSchema,
  syncBatchSchema,
  teamCreateSchema,
  type Scope,
} from '../model';
import { ConflictError, ForbiddenError, InvalidError, NotFoundError, type Actor, type InventoryStore } from '../store/types';
import { backstageEntities } from '../backstage';
import { hashToken, looksLikeToken } from '../tokens';
import { ApiError, issuesOf, send } from './errors';
import { openApiDocument } from './openapi';
import { fieldWithCredential } from './secretGuard';
import { registerSessions } from './session';
import { registerDashboard } from './dashboardRoutes';

export interface AppOptions {
  store: InventoryStore;
  /** Request body limit in bytes (default 5 MB: a batch of 5,000 findings fits). */
  bodyLimit?: number;
  /** pino logger options, or false (tests). */
  logger?: boolean | Record<string, unknown>;
  /** "Now" for the views (tests pin it). */
  now?: () => Date;
  /** Marks the dashboard's session cookie `Secure` (serve behind https). */
  secureCookie?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

const pageQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).optional(), cursor: z.string().max(512).optional() }).strict();
const identityQuery = pageQuery
  .extend({
    team: z.string().max(64).optional(),
    kind: z.string().max(64).optional(),
    status: z.enum(['active', 'retired', 'revoked']).optional(),
    unowned: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    q: z.string().max(200).optional(),
  })
  .strict();
const findingQuery = pageQuery
  .extend({
    repository: z.string().max(300).optional(),
    status: z.enum(['open', 'resolved', 'suppressed']).optional(),
    identity: idSchema.optional(),
  })
  .strict();
const expiringQuery = pageQuery.extend({ days: z.coerce.number().int().min(0).max(3650).default(30) }).strict();
const auditQuery = pageQuery.extend({ entity: z.string().max(64).optional() }).strict();
const idParams = z.object({ id: idSchema }).strict();

function parse<T>(schema: z.ZodType<T>, value: unknown, where: 'body' | 'query' | 'params'): T {
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success) {
    const status = where === 'params' ? 404 : 400;
    throw new ApiError(status, where === 'params' ? 'not_found' : 'invalid_request', where === 'params' ? 'no such resource' : `invalid ${where}`, { issues: issuesOf(r.error) });
  }
  return r.data;
}

/** Validated body, refused when any field holds a credential. */
function body<T>(schema: z.ZodType<T>, req: FastifyRequest): T {
  const field = fieldWithCredential(req.body);
  if (field) throw new ApiError(400, 'credential_in_payload', `field ${field} holds a credential; send fingerprints and metadata only`, { field });
  return parse(schema, req.body, 'body');
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? 5 * 1024 * 1024,
    logger:
      options.logger === false
        ? false
        : { level: 'info', redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' }, ...(typeof options.logger === 'object' ? options.logger : {}) },
    // Ids are validated by the routes; nothing else is read from the URL path.
    routerOptions: { maxParamLength: 200 },
  });

  // Authentication: bearer token → actor. Routes declare the scope they need.
  const requireScope = (scope: Scope) => async (req: FastifyRequest) => {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw new ApiError(401, 'unauthorized', 'a bearer token is required');
    const record = looksLikeToken(token) ? await store.tokenByHash(hashToken(token)) : undefined;
    if (!record) throw new ApiError(401, 'unauthorized', 'unknown or revoked token');
    const granted = record.scopes.includes('admin') || record.scopes.includes(scope) || (scope === 'read' && record.scopes.includes('sync'));
    if (!granted) throw new ApiError(403, 'forbidden', `this token lacks the ${scope} scope`);
    req.actor = { id: record.id, team: record.team, scopes: record.scopes };
  };

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (error instanceof ApiError) return send(reply, error);
    if (error instanceof NotFoundError) return send(reply, new ApiError(404, 'not_found', error.message));
    if (error instanceof ConflictError) return send(reply, new ApiError(409, 'version_conflict', error.message, { current: error.current }));
    if (error instanceof ForbiddenError) return send(reply, new ApiError(403, 'forbidden', error.message));
    if (error instanceof InvalidError) return send(reply, new ApiError(400, 'invalid_request', error.message, { issues: [{ path: error.field, message: error.message }] }));
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, new ApiError(413, 'payload_too_large', `request body over ${app.initialConfig.bodyLimit} bytes`));
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return send(reply, new ApiError(415, 'unsupported_media_type', 'send application/json'));
    if (error.statusCode === 400) return send(reply, new ApiError(400, 'invalid_json', 'the request body is not valid JSON'));
    req.log.error({ err: { message: error.message, code: error.code } }, 'request failed');
    return send(reply, new ApiError(500, 'internal', 'internal error'));
  });
  app.setNotFoundHandler((_req, reply) => send(reply, new ApiError(404, 'not_found', 'no such route')));

  const read = { preHandler: requireScope('read') };
  const sync = { preHandler: requireScope('sync') };
  const admin = { preHandler: requireScope('admin') };
  const actor = (req: FastifyRequest) => req.actor!;

  // The web dashboard: cookie sessions with CSRF tokens (before the routes, so its hook sees them all), the page and its assets.
  registerSessions(app, { store, secureCookie: options.secureCookie });
  registerDashboard(app, { store, read: requireScope('read'), now });

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/openapi.json', async () => openApiDocument());

  app.get('/v1/fingerprint-key', read, async () => ({ key: await store.fingerprintKey() }));

  app.post('/v1/sync', sync, async (req) => {
    const batch = body(syncBatchSchema, req);
    const header = req.headers['idempotency-key'];
    if (typeof header === 'string' && header !== batch.idempotencyKey) throw new ApiError(400, 'invalid_request', 'Idempotency-Key header and body idempotencyKey differ');
    return store.sync(batch, actor(req));
  });

  app.get('/v1/identities', read, async (req) => store.listIdentities(parse(identityQuery, req.query, 'query')));
  app.post('/v1/identities', sync, async (req, reply) => {
    const created = await store.createIdentity(body(identityCreateSchema, req), actor(req));
    return reply.code(201).header('etag', etag(created.version)).send(created);
  });
  app.get('/v1/identities/:id', read, async (req, reply) => {
    const identity = await store.getIdentity(parse(idParams, req.params, 'params').id);
    return reply.header('etag', etag(identity.version)).send(identity);
  });
  app.put('/v1/identities/:id/ownership', sync, async (req, reply) => {
    const { id } = parse(idParams, req.params, 'params');
    const raw = (req.body ?? {}) as Record<string, unknown>;
    // The version may come as If-Match (an ETag from GET) instead of in the body.
    const ifMatch = versionOf(req.headers['if-match']);
    const withVersion = raw && typeof raw === 'object' && raw.version === undefined && ifMatch !== undefined ? { ...raw, version: ifMatch } : raw;
    req.body = withVersion;
    const updated = await store.updateOwnership(id, body(ownershipUpdateSchema, req), actor(req));
    return reply.header('etag', etag(updated.version)).send(updated);
  });

  app.get('/v1/findings', read, async (req) => {
    const q = parse(findingQuery, req.query, 'query');
    return store.listFindings({ repository: q.repository, status: q.status, identityId: q.identity, limit: q.limit, cursor: q.cursor });
  });
  app.patch('/v1/findings/:id', sync, async (req) => store.updateFindingStatus(parse(idParams, req.params, 'params').id, body(findingStatusUpdateSchema, req), actor(req)));

  app.get('/v1/teams', read, async () => ({ items: await store.listTeams() }));
  app.post('/v1/teams', admin, async (req, reply) => {
    const t = body(teamCreateSchema, req);
    return reply.code(201).send(await store.createTeam(t.name, t.displayName, actor(req)));
  });

  app.get('/v1/audit', read, async (req) => {
    const q = parse(auditQuery, req.query, 'query');
    return store.audit({ entityId: q.entity, limit: q.limit, cursor: q.cursor });
  });

  app.get('/v1/views/unowned', read, async (req) => {
    const q = parse(pageQuery, req.query, 'query');
    return store.unowned(q.limit, q.cursor);
  });
  app.get('/v1/views/rotation-overdue', read, async (req) => {
    const q = parse(pageQuery, req.query, 'query');
    return store.rotationOverdue(now(), q.limit, q.cursor);
  });
  app.get('/v1/views/expiring', read, async (req) => {
    const q = parse(expiringQuery, req.query, 'query');
    return store.expiring(now(), q.days, q.limit, q.cursor);
  });
  app.get('/v1/views/shared', read, async (req) => {
    const q = parse(pageQuery, req.query, 'query');
    return store.shared(q.limit, q.cursor);
  });
  app.get('/v1/views/open-findings', read, async () => store.openFindingsSummary());

  app.get('/v1/export/backstage', read, async (_req, reply: FastifyReply) => {
    const entities = await backstageEntities(store);
    return reply.type('application/yaml').send(entities.map((e) => yamlStringify(e)).join('---\n'));
  });

  return app;
}

function etag(version: number): string {
  return `"v${version}"`;
}

function versionOf(header: string | string[] | undefined): number | undefined {
  const m = typeof header === 'string' ? /^(?:W\/)?"v(\d+)"$/.exec(header.trim()) : null;
  return m ? Number(m[1]) : undefined;
}
