/**
 * The inventory's data model and API payloads, as zod schemas: the service validates every request
 * with them, the OpenAPI document is generated from them, and the client builds its payloads from
 * their types. Values never appear: credentials are known by keyed fingerprint and redacted preview.
 */
import { z } from 'zod';

export const SCOPES = ['read', 'sync', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

const severity = z.enum(['info', 'low', 'medium', 'high', 'critical']);
const owasp = z.enum(['NHI1', 'NHI2', 'NHI3', 'NHI4', 'NHI5', 'NHI6', 'NHI7', 'NHI8', 'NHI9', 'NHI10']);
/** Short free text: names, paths, purposes. Bounded so one payload cannot hold a file. */
const text = (max = 512) => z.string().min(1).max(max);
/** Repository-relative path: `/`-separated, no `..`, no leading `/`. */
const relPath = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..') && !p.includes('\0'), 'must be a repository-relative path without ..');
export const fingerprintSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a 64-character hex fingerprint');
/** At most 4 characters and an ellipsis: never a value. */
const redacted = z.string().max(8).regex(/^[^\s]{0,4}…?$/, 'must be a redacted preview (at most 4 characters and …)');
export const idSchema = z.uuid();
export const teamNameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be a lower-case team slug');
const isoDate = z.iso.date();

export const identityKinds = ['literal', 'ci-secret', 'ci-variable', 'jenkins-credential', 'cloud-key', 'service-account', 'token', 'certificate', 'other'] as const;
export const statuses = ['active', 'retired', 'revoked'] as const;

/** One finding as a client sends it (a scan result, masked). */
export const findingInputSchema = z
  .object({
    ruleId: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    kind: text(128),
    severity,
    owasp,
    fingerprint: fingerprintSchema,
    path: relPath,
    line: z.int().min(1),
    redacted: redacted.optional(),
    /** The identity it concerns, by the client's identity key (see `identityUseSchema.key`). */
    identityKey: text(300).optional(),
    title: text(200).optional(),
  })
  .strict();
export type FindingInput = z.infer<typeof findingInputSchema>;

/** Where an identity is used (a consumer), as a client sends it. */
export const identityUseSchema = z
  .object({
    /** `<platform>:<kind>:<name>` for named identities, `literal:<fingerprint>` for values. */
    key: text(300),
    kind: text(64),
    /** Display name: secret or variable name, credentials id, or the redacted preview. */
    name: text(200),
    platform: text(32),
    path: relPath,
    line: z.int().min(1).optional(),
    fingerprint: fingerprintSchema.optional(),
    pipeline: text(200).optional(),
    job: text(200).optional(),
    environment: text(200).optional(),
  })
  .strict();
export type IdentityUseInput = z.infer<typeof identityUseSchema>;

export const MAX_BATCH_FINDINGS = 5000;

export const syncBatchSchema = z
  .object({
    /** The same key sent twice is applied once (a retried batch). */
    idempotencyKey: z.string().regex(/^[A-Za-z0-9._:-]{8,128}$/),
    /** e.g. `github.com/acme/shop`. */
    repository: z.string().regex(/^[A-Za-z0-9._/:@-]{1,300}$/, 'must be a repository name (host/owner/name)'),
    commit: z.string().regex(/^[0-9a-f]{7,64}$/).optional(),
    /**
     * A full sync describes the whole repository: its open findings not in it are resolved. Sent in
     * several batches, only the last (`final: true`) of a full sync resolves, by `scanId`.
     */
    mode: z.enum(['full', 'partial']),
    scanId: z.string().regex(/^[A-Za-z0-9._:-]{8,128}$/),
    final: z.boolean().default(true),
    findings: z.array(findingInputSchema).max(MAX_BATCH_FINDINGS),
    uses: z.array(identityUseSchema).max(MAX_BATCH_FINDINGS * 4).default([]),
  })
  .strict();
export type SyncBatch = z.infer<typeof syncBatchSchema>;

export interface SyncResult {
  batch: string;
  /** True when this idempotency key was applied before: nothing changed now. */
  replay: boolean;
  findings: { created: number; updated: number; resolved: number };
  identities: { created: number; updated: number };
}

/** Ownership fields a team registers or changes. `version` is the identity's current version. */
export const ownershipUpdateSchema = z
  .object({
    version: z.int().min(1),
    ownerPerson: z.email().max(254).nullable().optional(),
    team: teamNameSchema.nullable().optional(),
    purpose: text(500).nullable().optional(),
    environments: z.array(text(64)).max(50).optional(),
    rotationDays: z.int().min(1).max(3650).nullable().optional(),
    lastRotated: isoDate.nullable().optional(),
    expiresAt: isoDate.nullable().optional(),
    displayName: text(200).optional(),
    status: z.enum(statuses).optional(),
    /** Recorded in the audit log with a status change. */
    reason: text(500).optional(),
  })
  .strict();
export type OwnershipUpdate = z.infer<typeof ownershipUpdateSchema>;

/** Registering an identity not seen by any scan yet (from an ownership file or the editor). */
export const identityCreateSchema = z
  .object({
    key: text(300),
    kind: z.enum(identityKinds),
    provider: text(64).optional(),
    displayName: text(200),
    fingerprints: z.array(fingerprintSchema).max(20).default([]),
    ownerPerson: z.email().max(254).optional(),
    team: teamNameSchema.optional(),
    purpose: text(500).optional(),
    environments: z.array(text(64)).max(50).default([]),
    rotationDays: z.int().min(1).max(3650).optional(),
    lastRotated: isoDate.optional(),
    expiresAt: isoDate.optional(),
  })
  .strict();
export type IdentityCreate = z.infer<typeof identityCreateSchema>;

export const findingStatusUpdateSchema = z
  .object({
    status: z.enum(['open', 'resolved', 'suppressed']),
    reason: text(500).optional(),
  })
  .strict()
  .refine((v) => v.status !== 'suppressed' || v.reason, { message: 'a suppression needs a reason', path: ['reason'] });
export type FindingStatusUpdate = z.infer<typeof findingStatusUpdateSchema>;

export const teamCreateSchema = z.object({ name: teamNameSchema, displayName: text(200).optional() }).strict();

export interface Consumer {
  repository: string;
  path: string;
  line?: number;
  platform: string;
  pipeline?: string;
  job?: string;
  environment?: string;
  lastSeen: string;
}

export interface Identity {
  id: string;
  key: string;
  kind: string;
  provider?: string;
  displayName: string;
  fingerprints: string[];
  ownerPerson?: string;
  team?: string;
  purpose?: string;
  environments: string[];
  consumers: Consumer[];
  createdAt: string;
  lastSeen?: string;
  lastRotated?: string;
  rotationDays?: number;
  expiresAt?: string;
  status: (typeof statuses)[number];
  version: number;
}

export interface StoredFinding {
  id: string;
  ruleId: string;
  kind: string;
  severity: z.infer<typeof severity>;
  owasp: z.infer<typeof owasp>;
  fingerprint: string;
  repository: string;
  path: string;
  line: number;
  commit?: string;
  redacted?: string;
  identityId?: string;
  firstSeen: string;
  lastSeen: string;
  status: 'open' | 'resolved' | 'suppressed';
  statusReason?: string;
  statusBy?: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: 'identity' | 'finding' | 'team' | 'token';
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export interface Team {
  name: string;
  displayName?: string;
  createdAt: string;
}

export interface ApiToken {
  id: string;
  team?: string;
  scopes: Scope[];
  label?: string;
  createdAt: string;
}
