/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with (zod's
 * JSON Schema output is draft 2020-12, which OpenAPI 3.1 uses), so the document cannot drift.
 */
import { z } from 'zod';
import { findingStatusUpdateSchema, identityCreateSchema, ownershipUpdateSchema, syncBatchSchema, teamCreateSchema } from '../model';
import { VERSION } from '../../cli/version';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });

const error = { $ref: '#/components/schemas/Error' };
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: ERROR_TEXT[c], content: { 'application/json': { schema: error } } }]));
const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid request (malformed JSON, wrong types, unknown fields, or a credential in the payload)',
  401: 'Missing, unknown or revoked token',
  403: 'The token lacks the scope, or its team may not change this identity',
  404: 'No such resource',
  409: 'Version conflict: the body carries the current identity',
  413: 'Request body too large',
};
const ok = (description: string, schema: object = { type: 'object' }) => ({ '200': { description, content: { 'application/json': { schema } } } });
const page = (description: string, ref: string) => ok(description, { type: 'object', properties: { items: { type: 'array', items: { $ref: ref } }, next: { type: 'string' } }, required: ['items'] });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const pageParams = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } },
  { name: 'cursor', in: 'query', schema: { type: 'string' } },
];
const secured = (scope: string) => ({ security: [{ bearer: [] }], 'x-scope': scope });

export function openApiDocument(): object {
  return {
    openapi: '3.1.0',
    info: { title: 'NHI Lens inventory', version: VERSION, description: 'Machine identities, their owners and findings. Values never: fingerprints and metadata only.' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API token (`nhi-lens inventory token create`), scopes read, sync, admin' } },
      schemas: {
        Error: { type: 'object', properties: { error: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' }, issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } }, current: { $ref: '#/components/schemas/Identity' } }, required: ['error', 'message'] },
        SyncBatch: json(syncBatchSchema),
        OwnershipUpdate: json(ownershipUpdateSchema),
        IdentityCreate: json(identityCreateSchema),
        FindingStatusUpdate: json(findingStatusUpdateSchema),
        TeamCreate: json(teamCreateSchema),
        Identity: {
          type: 'object',
          required: ['id', 'key', 'kind', 'displayName', 'fingerprints', 'environments', 'consumers', 'createdAt', 'status', 'version'],
          properties: {
            id: { type: 'string', format: 'uuid' }, key: { type: 'string' }, kind: { type: 'string' }, provider: { type: 'string' }, displayName: { type: 'string' },
            fingerprints: { type: 'array', items: { type: 'string', pattern: '^[0-9a-f]{64}$' } }, ownerPerson: { type: 'string' }, team: { type: 'string' }, purpose: { type: 'string' },
            environments: { type: 'array', items: { type: 'string' } },
            consumers: { type: 'array', items: { type: 'object', properties: { repository: { type: 'string' }, path: { type: 'string' }, line: { type: 'integer' }, platform: { type: 'string' }, pipeline: { type: 'string' }, job: { type: 'string' }, environment: { type: 'string' }, lastSeen: { type: 'string' } } } },
            createdAt: { type: 'string' }, lastSeen: { type: 'string' }, lastRotated: { type: 'string', format: 'date' }, rotationDays: { type: 'integer' }, expiresAt: { type: 'string', format: 'date' },
            status: { enum: ['active', 'retired', 'revoked'] }, version: { type: 'integer' },
          },
        },
        Finding: {
          type: 'object',
          properties: {
            id: { type: 'string', format: 'uuid' }, ruleId: { type: 'string' }, kind: { type: 'string' }, severity: { type: 'string' }, owasp: { type: 'string' }, fingerprint: { type: 'string' },
            repository: { type: 'string' }, path: { type: 'string' }, line: { type: 'integer' }, commit: { type: 'string' }, redacted: { type: 'string' }, identityId: { type: 'string' },
            firstSeen: { type: 'string' }, lastSeen: { type: 'string' }, status: { enum: ['open', 'resolved', 'suppressed'] }, statusReason: { type: 'string' }, statusBy: { type: 'string' },
          },
        },
      },
    },
    paths: {
      '/healthz': { get: { summary: 'Liveness', responses: ok('Up') } },
      '/v1/fingerprint-key': { get: { summary: "The organisation's fingerprint key, so every client's fingerprints correlate", ...secured('read'), responses: { ...ok('The key', { type: 'object', properties: { key: { type: 'string' } } }), ...errors(401, 403) } } },
      '/v1/sync': {
        post: {
          summary: 'One batch of findings and identity uses from a scan (idempotent by idempotencyKey)',
          ...secured('sync'),
          parameters: [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/SyncBatch' } } } },
          responses: { ...ok('Applied (or replayed)'), ...errors(400, 401, 403, 413) },
        },
      },
      '/v1/identities': {
        get: { summary: 'Identities, filtered', ...secured('read'), parameters: [...pageParams, ...['team', 'kind', 'status', 'unowned', 'q'].map((n) => ({ name: n, in: 'query', schema: { type: 'string' } }))], responses: { ...page('A page of identities', '#/components/schemas/Identity'), ...errors(400, 401, 403) } },
        post: { summary: 'Register an identity no scan has seen yet', ...secured('sync'), requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/IdentityCreate' } } } }, responses: { '201': { description: 'Created' }, ...errors(400, 401, 403) } },
      },
      '/v1/identities/{id}': { get: { summary: 'One identity with its consumers (ETag = version)', ...secured('read'), parameters: [idParam], responses: { ...ok('The identity', { $ref: '#/components/schemas/Identity' }), ...errors(401, 403, 404) } } },
      '/v1/identities/{id}/ownership': {
        put: {
          summary: 'Register or change ownership (optimistic concurrency: version in the body or If-Match)',
          ...secured('sync'),
          parameters: [idParam, { name: 'If-Match', in: 'header', schema: { type: 'string' } }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/OwnershipUpdate' } } } },
          responses: { ...ok('Updated', { $ref: '#/components/schemas/Identity' }), ...errors(400, 401, 403, 404, 409) },
        },
      },
      '/v1/findings': { get: { summary: 'Findings', ...secured('read'), parameters: [...pageParams, ...['repository', 'status', 'identity'].map((n) => ({ name: n, in: 'query', schema: { type: 'string' } }))], responses: { ...page('A page of findings', '#/components/schemas/Finding'), ...errors(400, 401, 403) } } },
      '/v1/findings/{id}': { patch: { summary: 'Suppress (with a reason), resolve or reopen a finding', ...secured('sync'), parameters: [idParam], requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/FindingStatusUpdate' } } } }, responses: { ...ok('Updated', { $ref: '#/components/schemas/Finding' }), ...errors(400, 401, 403, 404) } } },
      '/v1/teams': {
        get: { summary: 'Teams', ...secured('read'), responses: { ...ok('Teams'), ...errors(401, 403) } },
        post: { summary: 'Create a team', ...secured('admin'), requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/TeamCreate' } } } }, responses: { '201': { description: 'Created' }, ...errors(400, 401, 403) } },
      },
      '/v1/audit': { get: { summary: 'The append-only audit log', ...secured('read'), parameters: [...pageParams, { name: 'entity', in: 'query', schema: { type: 'string' } }], responses: { ...ok('A page of audit entries'), ...errors(400, 401, 403) } } },
      '/v1/views/unowned': { get: { summary: 'Active identities with no owner and no team', ...secured('read'), parameters: pageParams, responses: { ...page('Identities', '#/components/schemas/Identity'), ...errors(401, 403) } } },
      '/v1/views/rotation-overdue': { get: { summary: 'Identities past their rotation period', ...secured('read'), parameters: pageParams, responses: { ...page('Identities', '#/components/schemas/Identity'), ...errors(401, 403) } } },
      '/v1/views/expiring': { get: { summary: 'Identities expiring within `days` (default 30), expired included', ...secured('read'), parameters: [...pageParams, { name: 'days', in: 'query', schema: { type: 'integer' } }], responses: { ...page('Identities', '#/components/schemas/Identity'), ...errors(400, 401, 403) } } },
      '/v1/views/shared': { get: { summary: 'Identities used in more than one repository or pipeline', ...secured('read'), parameters: pageParams, responses: { ...page('Identities', '#/components/schemas/Identity'), ...errors(401, 403) } } },
      '/v1/views/open-findings': { get: { summary: 'Open findings by owning team and by OWASP NHI item', ...secured('read'), responses: { ...ok('Counts'), ...errors(401, 403) } } },
      '/v1/export/backstage': { get: { summary: 'Identities as Backstage catalog entities (kind Resource, spec.type machine-identity), YAML', ...secured('read'), responses: { '200': { description: 'YAML documents', content: { 'application/yaml': { schema: { type: 'string' } } } }, ...errors(401, 403) } } },
    },
  };
}
