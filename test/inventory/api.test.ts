/**
 * The inventory's HTTP API against the real service on loopback, on SQLite and on PostgreSQL:
 * authentication and scopes, every kind of bad input (each with a clear error body and the data
 * unchanged afterwards), the credential guard, optimistic concurrency, OpenAPI, Backstage export,
 * and logs that carry no token and no value.
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { parseAllDocuments } from 'yaml';
import type { Identity, SyncBatch } from '../../src/inventory/model';
import { buildApp } from '../../src/inventory/server/app';
import { openStore } from '../../src/inventory/store/kyselyStore';
import type { InventoryStore } from '../../src/inventory/store/types';
import { hashToken, newToken } from '../../src/inventory/tokens';
import { Fake } from '../../src/core/rules/fake';
import { postgresTarget } from './postgres';

const ADMIN = { id: 'test', scopes: ['admin' as const] };
const fp = (n: number) => n.toString(16).padStart(64, 'a');

interface Service {
  url: string;
  store: InventoryStore;
  app: FastifyInstance;
  logs: string[];
  tokens: Record<'admin' | 'read' | 'payments' | 'search', string>;
}

async function startService(target: string): Promise<Service> {
  const store = await openStore(target);
  await store.migrate();
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app = await buildApp({ store, bodyLimit: 256 * 1024, logger: { level: 'info', stream } });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  await store.createTeam('payments', undefined, ADMIN);
  await store.createTeam('search', undefined, ADMIN);
  const make = async (scopes: Array<'read' | 'sync' | 'admin'>, team?: string) => {
    const t = newToken();
    await store.createToken(hashToken(t), { scopes, team }, ADMIN);
    return t;
  };
  const tokens = { admin: await make(['admin']), read: await make(['read']), payments: await make(['sync'], 'payments'), search: await make(['sync'], 'search') };
  return { url, store, app, logs, tokens };
}

function batch(repository: string, findings: number, extra: Partial<SyncBatch> = {}): SyncBatch {
  return {
    idempotencyKey: randomUUID(),
    repository,
    mode: 'partial',
    scanId: randomUUID(),
    final: true,
    findings: Array.from({ length: findings }, (_, i) => ({ ruleId: 'github-pat', kind: 'github-pat', severity: 'high' as const, owasp: 'NHI2' as const, fingerprint: fp(i + 1), path: `src/f${i}.js`, line: i + 1, redacted: 'ghp_…' })),
    uses: [],
    ...extra,
  };
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`inventory API on ${dialect} (real service on loopback)`, function () {
    this.timeout(60_000);
    let svc: Service;
    let cleanup: () => Promise<void> = async () => undefined;

    before(async function () {
      let target: string;
      if (dialect === 'sqlite') {
        const dir = await fs.mkdtemp(nodePath.join(os.tmpdir(), 'nhi-api-'));
        target = nodePath.join(dir, 'inventory.db');
        cleanup = () => fs.rm(dir, { recursive: true, force: true });
      } else {
        const pg = await postgresTarget();
        if (!pg) return this.skip();
        target = pg.url;
        cleanup = pg.drop;
      }
      svc = await startService(target);
    });
    after(async () => {
      await svc?.app.close();
      await svc?.store.close();
      await cleanup();
    });

    const call = async (method: string, path: string, opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) => {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = headers['content-type'] ?? 'application/json';
      const res = await fetch(svc.url + path, { method, headers, body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) });
      const text = await res.text();
      let json: any;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, json, text, headers: res.headers };
    };
    const identities = async () => (await call('GET', '/v1/identities?limit=500', { token: svc.tokens.admin })).json.items as Identity[];

    it('serves health and an OpenAPI 3.1 document without a token', async () => {
      assert.equal((await call('GET', '/healthz')).status, 200);
      const doc = (await call('GET', '/openapi.json')).json;
      assert.equal(doc.openapi, '3.1.0');
      assert.ok(doc.paths['/v1/sync'].post.requestBody);
      assert.equal(doc.components.schemas.SyncBatch.type, 'object');
      assert.ok(doc.components.schemas.SyncBatch.properties.findings);
    });

    it('401 without a token or with a wrong one; 403 without the scope', async () => {
      const none = await call('GET', '/v1/identities');
      assert.equal(none.status, 401);
      assert.equal(none.json.error, 'unauthorized');
      const wrong = await call('GET', '/v1/identities', { token: newToken() });
      assert.equal(wrong.status, 401);
      const readOnly = await call('POST', '/v1/sync', { token: svc.tokens.read, body: batch('github.com/acme/a', 1) });
      assert.equal(readOnly.status, 403);
      assert.match(readOnly.json.message, /sync scope/);
      assert.equal((await call('GET', '/v1/findings?repository=github.com/acme/a', { token: svc.tokens.admin })).json.items.length, 0, 'nothing stored');
    });

    it('syncs a batch once, however often it is retried', async () => {
      const b = batch('github.com/acme/shop', 3);
      const first = await call('POST', '/v1/sync', { token: svc.tokens.payments, body: b });
      assert.equal(first.status, 200, first.text);
      assert.equal(first.json.replay, false);
      assert.equal(first.json.findings.created, 3);
      const again = await call('POST', '/v1/sync', { token: svc.tokens.payments, body: b, headers: { 'idempotency-key': b.idempotencyKey } });
      assert.equal(again.json.replay, true);
      assert.equal((await call('GET', '/v1/findings?repository=github.com/acme/shop', { token: svc.tokens.read })).json.items.length, 3);
    });

    it('rejects malformed JSON, wrong types, unknown fields and bad queries with clear errors', async () => {
      const before = (await identities()).length;
      const malformed = await call('POST', '/v1/sync', { token: svc.tokens.admin, raw: '{"repository": "x",' });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.json.error, 'invalid_json');
      const types = await call('POST', '/v1/sync', { token: svc.tokens.admin, body: { ...batch('github.com/acme/t', 1), findings: [{ ...batch('x', 1).findings[0], line: 'seven' }] } });
      assert.equal(types.status, 400);
      assert.equal(types.json.error, 'invalid_request');
      assert.deepEqual(types.json.issues.map((i: { path: string }) => i.path), ['findings[0].line']);
      const unknown = await call('POST', '/v1/sync', { token: svc.tokens.admin, body: { ...batch('github.com/acme/t', 1), secretValue: 'x' } });
      assert.equal(unknown.status, 400);
      assert.match(JSON.stringify(unknown.json.issues), /secretValue/);
      const query = await call('GET', '/v1/identities?limit=100000', { token: svc.tokens.read });
      assert.equal(query.status, 400);
      assert.equal((await call('GET', '/v1/identities?nosuch=1', { token: svc.tokens.read })).status, 400);
      assert.equal((await identities()).length, before, 'nothing stored');
    });

    it('accepts what real clients send: random-looking fingerprints and literal:<fingerprint> identity keys', async () => {
      const f = new Fake(31);
      const real = f.hex(64);
      const b = batch('github.com/acme/real', 1, {
        findings: [{ ...batch('x', 1).findings[0], fingerprint: real, identityKey: `literal:${real}` }],
        uses: [{ key: `literal:${real}`, kind: 'literal', name: 'github-pat ghp_…', platform: 'file', path: 'src/f0.js', line: 1, fingerprint: real }],
      });
      const res = await call('POST', '/v1/sync', { token: svc.tokens.admin, body: b });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.findings.created, 1);
    });

    it('413 for an oversized body, with the data unchanged', async () => {
      const big = batch('github.com/acme/big', 2000);
      const res = await call('POST', '/v1/sync', { token: svc.tokens.admin, body: big });
      assert.equal(res.status, 413);
      assert.equal(res.json.error, 'payload_too_large');
      assert.equal((await call('GET', '/v1/findings?repository=github.com/acme/big', { token: svc.tokens.read })).json.items.length, 0);
    });

    it('ids are validated: path traversal and junk get 404 without touching storage', async () => {
      for (const bad of ['..%2F..%2Fetc%2Fpasswd', '%2e%2e', '1%20OR%201%3D1', 'not-a-uuid']) {
        const res = await call('GET', `/v1/identities/${bad}`, { token: svc.tokens.read });
        assert.equal(res.status, 404, bad);
        assert.equal(res.json.error, 'not_found');
      }
      assert.equal((await call('GET', `/v1/identities/${randomUUID()}`, { token: svc.tokens.read })).status, 404);
      assert.equal((await call('PUT', '/v1/identities/..%2F/ownership', { token: svc.tokens.admin, body: { version: 1, team: 'payments' } })).status, 404);
    });

    it('refuses a payload holding a credential, naming the field and never echoing it', async () => {
      const token = new Fake(9).crcToken('ghp_');
      const b = batch('github.com/acme/leak', 1);
      b.findings[0].path = `config/${token}.json`;
      const res = await call('POST', '/v1/sync', { token: svc.tokens.admin, body: b });
      assert.equal(res.status, 400);
      assert.equal(res.json.error, 'credential_in_payload');
      assert.equal(res.json.field, 'findings[0].path');
      assert.ok(!res.text.includes(token) && !res.text.includes(token.slice(4, 16)));
      const id = (await identities())[0].id;
      const version = (await call('GET', `/v1/identities/${id}`, { token: svc.tokens.admin })).json.version;
      const purpose = await call('PUT', `/v1/identities/${id}/ownership`, { token: svc.tokens.admin, body: { version, purpose: `deploys with ${token}` } });
      assert.equal(purpose.status, 400);
      assert.equal(purpose.json.field, 'purpose');
      assert.equal((await call('GET', '/v1/findings?repository=github.com/acme/leak', { token: svc.tokens.read })).json.items.length, 0);
      assert.equal((await call('GET', `/v1/identities/${id}`, { token: svc.tokens.admin })).json.version, version, 'unchanged');
      // Fingerprints, redacted previews, ordinary paths and purposes pass.
      const ok = await call('PUT', `/v1/identities/${id}/ownership`, { token: svc.tokens.admin, body: { version, purpose: 'Deploys the shop to production from GitHub Actions' } });
      assert.equal(ok.status, 200, ok.text);
    });

    it('ownership: a team registers its own or unowned identities; another team gets 403 and nothing changes', async () => {
      await call('POST', '/v1/sync', { token: svc.tokens.admin, body: batch('github.com/acme/own', 2) });
      const [a, b] = (await call('GET', '/v1/findings?repository=github.com/acme/own', { token: svc.tokens.read })).json.items.map((f: { identityId: string }) => f.identityId);
      const ia = (await call('GET', `/v1/identities/${a}`, { token: svc.tokens.read })).json as Identity;
      const claimed = await call('PUT', `/v1/identities/${a}/ownership`, { token: svc.tokens.payments, body: { version: ia.version, team: 'payments', ownerPerson: 'ana@example.com', rotationDays: 90, expiresAt: '2027-03-31' } });
      assert.equal(claimed.status, 200, claimed.text);
      assert.equal(claimed.json.team, 'payments');
      assert.equal(claimed.headers.get('etag'), `"v${claimed.json.version}"`);
      const stolen = await call('PUT', `/v1/identities/${a}/ownership`, { token: svc.tokens.search, body: { version: claimed.json.version, team: 'search' } });
      assert.equal(stolen.status, 403);
      assert.equal(stolen.json.error, 'forbidden');
      const touch = await call('PUT', `/v1/identities/${a}/ownership`, { token: svc.tokens.search, body: { version: claimed.json.version, purpose: 'mine now' } });
      assert.equal(touch.status, 403);
      const after = (await call('GET', `/v1/identities/${a}`, { token: svc.tokens.read })).json as Identity;
      assert.equal(after.version, claimed.json.version);
      assert.equal(after.team, 'payments');
      // Unowned ones are open to any team; the admin may reassign.
      const ib = (await call('GET', `/v1/identities/${b}`, { token: svc.tokens.read })).json as Identity;
      assert.equal((await call('PUT', `/v1/identities/${b}/ownership`, { token: svc.tokens.search, body: { version: ib.version, team: 'search' } })).status, 200);
      const moved = await call('PUT', `/v1/identities/${a}/ownership`, { token: svc.tokens.admin, body: { version: after.version, team: 'search' }, headers: {} });
      assert.equal(moved.status, 200);
      assert.equal((await call('PUT', `/v1/identities/${a}/ownership`, { token: svc.tokens.admin, body: { version: moved.json.version, team: 'nosuchteam' } })).status, 400);
      // If-Match carries the version instead of the body.
      const viaEtag = await call('PUT', `/v1/identities/${a}/ownership`, { token: svc.tokens.admin, body: { purpose: 'etag' }, headers: { 'if-match': moved.headers.get('etag')! } });
      assert.equal(viaEtag.status, 200, viaEtag.text);
    });

    it('two clients register ownership of one identity at once: exactly one wins, the other gets 409 with the current state', async () => {
      await call('POST', '/v1/sync', { token: svc.tokens.admin, body: batch('github.com/acme/race', 1, { findings: [{ ...batch('x', 1).findings[0], fingerprint: fp(4242) }] }) });
      const id = (await call('GET', '/v1/findings?repository=github.com/acme/race', { token: svc.tokens.read })).json.items[0].identityId;
      const { version } = (await call('GET', `/v1/identities/${id}`, { token: svc.tokens.read })).json;
      for (let round = 0; round < 5; round++) {
        const current = (await call('GET', `/v1/identities/${id}`, { token: svc.tokens.read })).json.version;
        const [x, y] = await Promise.all([
          call('PUT', `/v1/identities/${id}/ownership`, { token: svc.tokens.admin, body: { version: current, ownerPerson: 'ana@example.com', purpose: `x${round}` } }),
          call('PUT', `/v1/identities/${id}/ownership`, { token: svc.tokens.admin, body: { version: current, ownerPerson: 'bo@example.com', purpose: `y${round}` } }),
        ]);
        assert.deepEqual([x.status, y.status].sort(), [200, 409], `round ${round}: ${x.status} ${y.status}`);
        const loser = x.status === 409 ? x : y;
        const winner = x.status === 200 ? x : y;
        assert.equal(loser.json.error, 'version_conflict');
        assert.equal(loser.json.current.version, winner.json.version);
        assert.equal(loser.json.current.purpose, winner.json.purpose);
      }
      assert.equal((await call('GET', `/v1/identities/${id}`, { token: svc.tokens.read })).json.version, version + 5);
    });

    it('views and the Backstage export', async () => {
      const shared = batch('github.com/acme/one', 1, { findings: [{ ...batch('x', 1).findings[0], fingerprint: fp(777) }] });
      await call('POST', '/v1/sync', { token: svc.tokens.admin, body: shared });
      await call('POST', '/v1/sync', { token: svc.tokens.admin, body: { ...shared, idempotencyKey: randomUUID(), repository: 'github.com/acme/two' } });
      const view = (await call('GET', '/v1/views/shared', { token: svc.tokens.read })).json.items as Array<Identity & { repositories: number }>;
      assert.ok(view.some((i) => i.fingerprints.includes(fp(777)) && i.repositories === 2));
      assert.ok((await call('GET', '/v1/views/unowned', { token: svc.tokens.read })).json.items.length > 0);
      assert.equal((await call('GET', '/v1/views/expiring?days=-1', { token: svc.tokens.read })).status, 400);
      const summary = (await call('GET', '/v1/views/open-findings', { token: svc.tokens.read })).json;
      assert.ok(summary.byOwasp.some((o: { owasp: string; count: number }) => o.owasp === 'NHI2' && o.count > 0));
      const yaml = await call('GET', '/v1/export/backstage', { token: svc.tokens.read });
      assert.equal(yaml.status, 200);
      const entities = parseAllDocuments(yaml.text).map((d) => d.toJSON());
      assert.equal(entities.length, (await identities()).length);
      for (const e of entities) {
        assert.equal(e.kind, 'Resource');
        assert.equal(e.spec.type, 'machine-identity');
        assert.match(e.spec.owner, /^(group|user):default\//);
        assert.match(e.metadata.name, /^[a-z0-9][a-z0-9._-]{0,62}$/);
      }
      assert.ok(entities.some((e) => e.spec.owner === 'group:default/payments' || e.spec.owner === 'group:default/search'));
    });

    it('logs requests without tokens, bodies or values', () => {
      const all = svc.logs.join('');
      assert.ok(all.includes('"url":"/v1/sync"'), 'requests are logged');
      for (const t of Object.values(svc.tokens)) assert.ok(!all.includes(t) && !all.includes(t.slice(5, 20)), 'a token was logged');
      assert.ok(!all.includes('ghp_') || !/ghp_[A-Za-z0-9]{8}/.test(all), 'a credential was logged');
    });
  });
}
