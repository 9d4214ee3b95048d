/**
 * The inventory store, one suite run twice: on SQLite (a temp file) and on a real PostgreSQL server
 * (see ./postgres.ts). Every test gets a fresh, migrated database and a fixed clock.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Migrator, sql } from 'kysely';
import type { Identity, StoredFinding, Team } from '../../src/inventory/model';
import { migrationProvider } from '../../src/inventory/db/migrations';
import { PG_SEARCH_EXPRESSION } from '../../src/inventory/db/migrations/002_counters_and_search';
import { MAX_CANDIDATES, searchCandidates } from '../../src/inventory/store/identitySearch';
import { openStore, type KyselyStore } from '../../src/inventory/store/kyselyStore';
import { ConflictError, ForbiddenError, InvalidError, NotFoundError, type Page } from '../../src/inventory/store/types';
import { ADMIN, batch, finding, fp, seedIdentities, teamActor, use } from './fixtures';
import { postgresTarget } from './postgres';

interface Backend {
  name: 'SQLite' | 'PostgreSQL';
  /** A fresh empty database, or undefined when this engine is unavailable (the run is skipped). */
  fresh(): Promise<{ target: string; dispose(): Promise<void> } | undefined>;
}

const backends: Backend[] = [
  {
    name: 'SQLite',
    async fresh() {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nhi-lens-store-'));
      return { target: path.join(dir, 'inventory.db'), dispose: () => fs.rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    async fresh() {
      const db = await postgresTarget();
      return db && { target: db.url, dispose: db.drop };
    },
  },
];

const A = 'github.com/acme/shop';
const B = 'github.com/acme/billing';
const PAYMENTS = teamActor('payments');
const SEARCH = teamActor('search');

const byId = <T extends { id: string }>(items: T[]) => [...items].sort((x, y) => x.id.localeCompare(y.id));

for (const backend of backends) storeSuite(backend);

function storeSuite(backend: Backend): void {
  describe(`inventory store on ${backend.name}`, function () {
    this.timeout(60_000);
    let env: { target: string; dispose(): Promise<void> } | undefined;
    let store: KyselyStore;
    const clock = { now: new Date('2025-01-01T09:00:00.000Z') };
    const extra: KyselyStore[] = [];

    beforeEach(async function () {
      env = await backend.fresh();
      if (!env) return this.skip();
      clock.now = new Date('2025-01-01T09:00:00.000Z');
      store = await openStore(env.target, { now: () => clock.now });
    });
    afterEach(async () => {
      for (const s of extra.splice(0)) await s.close();
      if (env) {
        await store.close();
        await env.dispose();
        env = undefined;
      }
    });

    /**
     * Another store on the same database for concurrency tests: on PostgreSQL its own pool (other
     * connections, so the transactions really interleave in the server). SQLite has one writer per
     * file and better-sqlite3 blocks the thread while waiting for it, so a process uses one store.
     */
    async function second(): Promise<KyselyStore> {
      if (backend.name === 'SQLite') return store;
      const s = await openStore(env!.target, { now: () => clock.now });
      extra.push(s);
      return s;
    }

    const advanceDays = (days: number) => (clock.now = new Date(clock.now.getTime() + days * 86_400_000));

    /** Every row of every table, in a stable order: to show a rejected operation changed nothing. */
    async function snapshot(): Promise<Record<string, unknown[]>> {
      const out: Record<string, unknown[]> = {};
      for (const t of ['settings', 'teams', 'identities', 'identity_fingerprints', 'consumers', 'findings', 'sync_batches', 'api_tokens', 'audit_log'] as const) {
        const rows = await store.db.selectFrom(t as 'teams').selectAll().execute();
        out[t] = rows.map((r) => JSON.stringify(r)).sort();
      }
      return out;
    }

    async function auditCount(): Promise<number> {
      const r = await store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    }

    async function findingsOf(repository: string): Promise<Map<string, StoredFinding>> {
      const page = await store.listFindings({ repository, limit: 500 });
      return new Map(page.items.map((f) => [`${f.path}`, f]));
    }

    async function identityByKey(key: string): Promise<Identity> {
      const page = await store.listIdentities({ q: key, limit: 500 });
      const found = page.items.filter((i) => i.key === key);
      assert.equal(found.length, 1, `one identity ${key}`);
      return found[0];
    }

    /** All items of a keyset-paginated list, page by page. */
    async function collect<T>(fetch: (cursor?: string) => Promise<Page<T>>, limit: number): Promise<T[]> {
      const all: T[] = [];
      let cursor: string | undefined;
      for (let pages = 0; ; pages++) {
        assert.ok(pages < 1000, 'pagination terminates');
        const page = await fetch(cursor);
        assert.ok(page.items.length <= limit, 'a page holds at most the limit');
        all.push(...page.items);
        if (!page.next) return all;
        assert.equal(page.items.length, limit, 'only the last page is short');
        cursor = page.next;
      }
    }

    describe('migrations', () => {
      it('applies each migration once: a second migrate applies nothing', async () => {
        const fresh = (await backend.fresh())!;
        const s = await openStore(fresh.target, { migrate: false });
        try {
          assert.deepEqual(await s.migrate(), { applied: ['001_initial', '002_counters_and_search'] });
          assert.deepEqual(await s.migrate(), { applied: [] });
          const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(s.db);
          assert.deepEqual(applied.rows.map((r) => r.name), ['001_initial', '002_counters_and_search']);
          // The schema is there and usable.
          assert.deepEqual(await s.listTeams(), []);
        } finally {
          await s.close();
          await fresh.dispose();
        }
        // The suite's store was migrated by openStore: nothing pending either.
        assert.deepEqual(await store.migrate(), { applied: [] });
      });
    });

    describe('sync', () => {
      it('creates findings, identities and consumers, then updates them on the next scan', async () => {
        const deploy = use({ key: 'github:ci-secret:DEPLOY_KEY', path: '.github/workflows/ci.yml', line: 12, pipeline: 'ci', job: 'deploy', environment: 'prod' });
        const b1 = batch(A, { commit: 'abc1234', findings: [finding('a1'), finding('a2', { line: 5 })], uses: [deploy] });
        assert.deepEqual(await store.sync(b1, ADMIN), {
          batch: b1.idempotencyKey,
          replay: false,
          findings: { created: 2, updated: 0, resolved: 0 },
          identities: { created: 3, updated: 0 },
        });
        const named = await identityByKey(`${A}#github:ci-secret:DEPLOY_KEY`);
        assert.equal(named.kind, 'ci-secret');
        assert.equal(named.displayName, 'DEPLOY_KEY');
        assert.deepEqual(named.consumers, [{ repository: A, path: '.github/workflows/ci.yml', line: 12, platform: 'github', pipeline: 'ci', job: 'deploy', environment: 'prod', lastSeen: '2025-01-01T09:00:00.000Z' }]);
        const literal = await identityByKey(`literal:${fp('a1')}`);
        assert.deepEqual(literal.fingerprints, [fp('a1')]);
        assert.equal(literal.kind, 'literal');
        assert.equal(literal.displayName, 'github-token ghp_…');
        assert.deepEqual(literal.consumers.map((c) => [c.repository, c.path, c.platform]), [[A, 'src/a1.ts', 'file']]);

        advanceDays(1);
        const b2 = batch(A, { commit: 'def5678', findings: [finding('a1', { line: 9, severity: 'critical' }), finding('a3')] });
        assert.deepEqual(await store.sync(b2, ADMIN), {
          batch: b2.idempotencyKey,
          replay: false,
          findings: { created: 1, updated: 1, resolved: 0 },
          identities: { created: 1, updated: 1 },
        });
        const fs = await findingsOf(A);
        assert.equal(fs.size, 3);
        const a1 = fs.get('src/a1.ts')!;
        assert.deepEqual(
          { line: a1.line, commit: a1.commit, severity: a1.severity, firstSeen: a1.firstSeen, lastSeen: a1.lastSeen, status: a1.status, identityId: a1.identityId },
          { line: 9, commit: 'def5678', severity: 'critical', firstSeen: '2025-01-01T09:00:00.000Z', lastSeen: '2025-01-02T09:00:00.000Z', status: 'open', identityId: literal.id },
        );
        const a2 = fs.get('src/a2.ts')!;
        assert.deepEqual({ line: a2.line, commit: a2.commit, lastSeen: a2.lastSeen }, { line: 5, commit: 'abc1234', lastSeen: '2025-01-01T09:00:00.000Z' });
        assert.equal((await store.getIdentity(literal.id)).lastSeen, '2025-01-02T09:00:00.000Z');
      });

      it('applies an idempotency key once: a replay returns the stored result and changes nothing', async () => {
        const b1 = batch(A, { mode: 'full', findings: [finding('r1'), finding('r2')] });
        const first = await store.sync(b1, ADMIN);
        const before = await snapshot();
        advanceDays(1);
        // Same key, different content (a client bug or a retried batch): still the first result.
        const again = await store.sync({ ...b1, findings: [finding('other')] }, ADMIN);
        assert.deepEqual(again, { ...first, replay: true });
        assert.deepEqual(await snapshot(), before);
        await assert.rejects(store.sync({ ...b1, repository: B }, ADMIN), (e: unknown) => e instanceof InvalidError && e.field === 'idempotencyKey');
        assert.deepEqual(await snapshot(), before);
      });

      it("a full sync resolves only this repository's missing findings; a partial one resolves nothing", async () => {
        await store.sync(batch(A, { findings: ['f1', 'f2', 'f3'].map((l) => finding(l)) }), ADMIN);
        await store.sync(batch(B, { findings: ['f1', 'f4'].map((l) => finding(l)) }), ADMIN);

        const partial = await store.sync(batch(A, { mode: 'partial', findings: [finding('f1')] }), ADMIN);
        assert.equal(partial.findings.resolved, 0);
        assert.deepEqual([...(await findingsOf(A)).values()].map((f) => f.status), ['open', 'open', 'open']);

        const full = await store.sync(batch(A, { mode: 'full', scanId: 'scan-full-1', findings: [finding('f1'), finding('f2')] }), { id: 'ci-token', scopes: ['sync'] });
        assert.deepEqual(full.findings, { created: 0, updated: 2, resolved: 1 });
        const a = await findingsOf(A);
        assert.deepEqual([a.get('src/f1.ts')!.status, a.get('src/f2.ts')!.status], ['open', 'open']);
        const f3 = a.get('src/f3.ts')!;
        assert.deepEqual([f3.status, f3.statusReason, f3.statusBy], ['resolved', 'not found by full scan scan-full-1', 'ci-token']);
        // The other repository has the same fingerprint f1 and a finding f4 missing from A's scan: untouched.
        assert.deepEqual([...(await findingsOf(B)).values()].map((f) => f.status), ['open', 'open']);
      });

      it('a full sync in several batches resolves only on the final batch, counting every batch of the scan', async () => {
        await store.sync(batch(A, { findings: ['m1', 'm2', 'm3', 'm4'].map((l) => finding(l)) }), ADMIN);
        const scanId = 'scan-multi-1';
        const first = await store.sync(batch(A, { mode: 'full', scanId, final: false, findings: [finding('m1')] }), ADMIN);
        assert.equal(first.findings.resolved, 0);
        assert.deepEqual([...(await findingsOf(A)).values()].filter((f) => f.status === 'open').length, 4);
        const last = await store.sync(batch(A, { mode: 'full', scanId, final: true, findings: [finding('m2')] }), ADMIN);
        assert.equal(last.findings.resolved, 2);
        const a = await findingsOf(A);
        assert.deepEqual(
          ['m1', 'm2', 'm3', 'm4'].map((l) => a.get(`src/${l}.ts`)!.status),
          ['open', 'open', 'resolved', 'resolved'],
        );
      });

      it('a resolved finding seen again reopens; a suppressed one stays suppressed', async () => {
        await store.sync(batch(A, { findings: [finding('s1'), finding('s2')] }), ADMIN);
        await store.sync(batch(A, { mode: 'full', findings: [finding('s1')] }), ADMIN);
        const s1 = (await findingsOf(A)).get('src/s1.ts')!;
        const suppressed = await store.updateFindingStatus(s1.id, { status: 'suppressed', reason: 'test fixture' }, PAYMENTS);
        assert.deepEqual([suppressed.status, suppressed.statusReason, suppressed.statusBy], ['suppressed', 'test fixture', PAYMENTS.id]);

        const seen = await store.sync(batch(A, { findings: [finding('s1'), finding('s2')] }), ADMIN);
        assert.deepEqual(seen.findings, { created: 0, updated: 2, resolved: 0 });
        let a = await findingsOf(A);
        assert.deepEqual([a.get('src/s1.ts')!.status, a.get('src/s1.ts')!.statusReason], ['suppressed', 'test fixture']);
        assert.deepEqual([a.get('src/s2.ts')!.status, a.get('src/s2.ts')!.statusReason, a.get('src/s2.ts')!.statusBy], ['open', undefined, undefined]);

        // A full scan that sees neither resolves the open one only.
        const none = await store.sync(batch(A, { mode: 'full', findings: [] }), ADMIN);
        assert.equal(none.findings.resolved, 1);
        a = await findingsOf(A);
        assert.deepEqual([a.get('src/s1.ts')!.status, a.get('src/s2.ts')!.status], ['suppressed', 'resolved']);
        const s2Audit = (await store.audit({ entityId: a.get('src/s2.ts')!.id })).items.map((e) => e.action).reverse();
        assert.deepEqual(s2Audit, ['create', 'resolve', 'reopen', 'resolve']);
      });

      it('the same fingerprint in two repositories is one identity with consumers in both, listed as shared', async () => {
        const value = finding('shared-token');
        const literalUse = use({ key: `literal:${value.fingerprint}`, kind: 'literal', name: 'ghp_…', platform: 'file', path: 'src/shared-token.ts', line: 3, fingerprint: value.fingerprint });
        const deploy = () => use({ key: 'github:ci-secret:DEPLOY_KEY', path: '.github/workflows/ci.yml', pipeline: 'ci' });
        const r1 = await store.sync(batch(A, { findings: [value], uses: [literalUse, deploy()] }), ADMIN);
        assert.deepEqual(r1.identities, { created: 2, updated: 0 });
        const r2 = await store.sync(batch(B, { findings: [{ ...value, path: 'config/app.ts' }], uses: [deploy()] }), ADMIN);
        assert.deepEqual(r2.identities, { created: 1, updated: 1 }, 'the value is known; the secret name is per repository');

        const literal = await identityByKey(`literal:${value.fingerprint}`);
        assert.deepEqual(literal.consumers.map((c) => `${c.repository} ${c.path}`), [`${B} config/app.ts`, `${A} src/shared-token.ts`]);
        const findings = (await store.listFindings({ identityId: literal.id })).items;
        assert.deepEqual(findings.map((f) => f.repository).sort(), [B, A].sort());
        assert.equal((await identityByKey(`${A}#github:ci-secret:DEPLOY_KEY`)).consumers.length, 1);
        assert.equal((await identityByKey(`${B}#github:ci-secret:DEPLOY_KEY`)).consumers.length, 1);

        // One repository, two pipelines: shared as well.
        await store.sync(
          batch(A, {
            uses: [
              use({ key: 'github:ci-secret:NPM_TOKEN', path: '.github/workflows/release.yml', pipeline: 'release', job: 'publish' }),
              use({ key: 'github:ci-secret:NPM_TOKEN', path: '.github/workflows/ci.yml', pipeline: 'ci', job: 'test' }),
            ],
          }),
          ADMIN,
        );
        const npm = await identityByKey(`${A}#github:ci-secret:NPM_TOKEN`);
        const shared = (await store.shared()).items;
        assert.deepEqual(
          byId(shared).map((i) => [i.key, i.repositories, i.pipelines]),
          byId([
            { id: literal.id, key: literal.key, repositories: 2, pipelines: 0 },
            { id: npm.id, key: npm.key, repositories: 1, pipelines: 2 },
          ]).map((i) => [i.key, i.repositories, i.pipelines]),
        );
      });

      it('links a finding to the identity its key names, or to a known fingerprint; never invents one for a construct', async () => {
        const registered = await store.createIdentity({ key: 'vault:kv:payments-db', kind: 'other', displayName: 'payments db', fingerprints: [fp('db-password')], environments: [] }, ADMIN);
        const r = await store.sync(
          batch(A, {
            findings: [
              // a value the inventory already knows under another key
              finding('db-password', { path: 'deploy/db.env' }),
              // a finding about how a named secret is used
              finding('pr-target', { ruleId: 'gha-pull-request-target-secrets', kind: 'ci-misuse', owasp: 'NHI5', redacted: undefined, identityKey: 'github:ci-secret:DEPLOY_KEY', path: '.github/workflows/pr.yml' }),
              // a construct finding, no value, no identity
              finding('construct', { ruleId: 'gha-permissions-write-all', kind: 'ci-misuse', owasp: 'NHI5', redacted: undefined, path: '.github/workflows/ci.yml' }),
            ],
          }),
          ADMIN,
        );
        assert.deepEqual(r.identities, { created: 1, updated: 1 });
        const a = await findingsOf(A);
        assert.equal(a.get('deploy/db.env')!.identityId, registered.id);
        assert.equal(a.get('.github/workflows/pr.yml')!.identityId, (await identityByKey(`${A}#github:ci-secret:DEPLOY_KEY`)).id);
        assert.equal(a.get('.github/workflows/ci.yml')!.identityId, undefined);
        assert.equal((await store.listIdentities({})).items.length, 2);
      });

      it('two syncs of the same repository at once neither lose nor double anything', async () => {
        const other = await second();
        const common = ['c1', 'c2', 'c3', 'c4'].map((l) => finding(l));
        const batches = [0, 1, 2, 3, 4, 5].map((k) => batch(A, { findings: [...common, finding(`only${k}`)], uses: [use({ key: 'github:ci-secret:SHARED', path: `.github/workflows/w${k}.yml`, pipeline: `w${k}` })] }));
        const results = await Promise.all(batches.map((b, k) => (k % 2 === 0 ? store : other).sync(b, ADMIN)));
        assert.equal(results.reduce((n, r) => n + r.findings.created, 0), 10, 'each finding created once');
        for (const r of results) assert.equal(r.findings.created + r.findings.updated, 5);
        assert.equal(results.reduce((n, r) => n + r.identities.created, 0), 11, '10 values and one secret name, each created once');
        assert.equal((await findingsOf(A)).size, 10);
        const all = await store.listIdentities({ limit: 500 });
        assert.equal(all.items.length, 11);
        const secret = await identityByKey(`${A}#github:ci-secret:SHARED`);
        assert.equal(secret.consumers.length, 6, 'every batch added its consumer');
        const sharedRow = (await store.shared()).items.find((i) => i.id === secret.id);
        assert.equal(sharedRow?.pipelines, 6, 'the pipeline count saw every concurrent consumer');

        // The same batch sent twice at once: applied once.
        const same = batch(A, { findings: [finding('dup')] });
        const twice = await Promise.all([store.sync(same, ADMIN), other.sync(same, ADMIN)]);
        assert.deepEqual(twice.map((r) => r.replay).sort(), [false, true]);
        assert.deepEqual(twice[0].findings, twice[1].findings);
        assert.equal((await findingsOf(A)).size, 11);
      });
    });

    describe('ownership', () => {
      async function registered(key = 'vault:kv:db-password', over: Partial<Parameters<KyselyStore['createIdentity']>[0]> = {}): Promise<Identity> {
        return store.createIdentity({ key, kind: 'other', displayName: key.split(':').pop()!, fingerprints: [], environments: [], ...over }, ADMIN);
      }

      it('a stale version gets ConflictError carrying the current state, and changes nothing', async () => {
        const id = await registered();
        assert.equal(id.version, 1);
        const v2 = await store.updateOwnership(id.id, { version: 1, ownerPerson: 'ana@example.com', environments: ['prod'], rotationDays: 90 }, ADMIN);
        assert.deepEqual([v2.version, v2.ownerPerson, v2.environments, v2.rotationDays], [2, 'ana@example.com', ['prod'], 90]);
        const before = await snapshot();
        await assert.rejects(store.updateOwnership(id.id, { version: 1, purpose: 'stale' }, ADMIN), (e: unknown) => {
          assert.ok(e instanceof ConflictError);
          assert.deepEqual(e.current, v2);
          return true;
        });
        assert.deepEqual(await snapshot(), before);
        // A no-op update at the current version changes nothing, not even the version.
        assert.equal((await store.updateOwnership(id.id, { version: 2, ownerPerson: 'ana@example.com' }, ADMIN)).version, 2);
        assert.deepEqual(await snapshot(), before);
        await assert.rejects(store.updateOwnership('00000000-0000-7000-8000-000000000000', { version: 1 }, ADMIN), NotFoundError);
        await assert.rejects(store.updateOwnership('not-a-uuid', { version: 1 }, ADMIN), NotFoundError);
      });

      it('two concurrent updates from the same version: exactly one wins', async () => {
        const other = await second();
        for (let round = 0; round < 5; round++) {
          const id = await registered(`vault:kv:race-${round}`);
          const outcomes = await Promise.allSettled([
            store.updateOwnership(id.id, { version: 1, purpose: 'first writer' }, ADMIN),
            other.updateOwnership(id.id, { version: 1, purpose: 'second writer' }, ADMIN),
          ]);
          const won = outcomes.filter((o): o is PromiseFulfilledResult<Identity> => o.status === 'fulfilled');
          const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
          assert.equal(won.length, 1, `round ${round}: one winner`);
          assert.equal(lost.length, 1);
          assert.ok(lost[0].reason instanceof ConflictError, String(lost[0].reason));
          assert.deepEqual((lost[0].reason as ConflictError).current, won[0].value);
          const now = await store.getIdentity(id.id);
          assert.deepEqual([now.version, now.purpose], [2, won[0].value.purpose]);
          assert.equal((await store.audit({ entityId: id.id })).items.filter((e) => e.action === 'update').length, 1);
        }
      });

      it("a team changes only its own or unowned identities, moves them only to itself; admin reassigns", async () => {
        await store.createTeam('payments', 'Payments', ADMIN);
        await store.createTeam('search', undefined, ADMIN);
        const u = await registered();
        const claimed = await store.updateOwnership(u.id, { version: 1, team: 'payments', ownerPerson: 'pay@example.com' }, PAYMENTS);
        assert.deepEqual([claimed.team, claimed.version], ['payments', 2]);
        assert.equal((await store.updateOwnership(u.id, { version: 2, purpose: 'checkout database' }, PAYMENTS)).version, 3);

        const v = await registered('vault:kv:unowned');
        const before = await snapshot();
        const rejected: Array<[string, () => Promise<unknown>]> = [
          ["another team's identity", () => store.updateOwnership(u.id, { version: 3, purpose: 'mine now' }, SEARCH)],
          ['move to another team', () => store.updateOwnership(u.id, { version: 3, team: 'search' }, PAYMENTS)],
          ['release from its team', () => store.updateOwnership(u.id, { version: 3, team: null }, PAYMENTS)],
          ['an actor with no team', () => store.updateOwnership(u.id, { version: 3, purpose: 'x' }, { id: 'read-token', scopes: ['read', 'sync'] })],
          ['give an unowned one to another team', () => store.updateOwnership(v.id, { version: 1, team: 'payments' }, SEARCH)],
          ['register for another team', () => store.createIdentity({ key: 'k:x:y', kind: 'other', displayName: 'y', fingerprints: [], environments: [], team: 'payments' }, SEARCH)],
        ];
        for (const [what, run] of rejected) await assert.rejects(run(), ForbiddenError, what);
        assert.deepEqual(await snapshot(), before);

        const moved = await store.updateOwnership(u.id, { version: 3, team: 'search' }, ADMIN);
        assert.deepEqual([moved.team, moved.version, moved.ownerPerson], ['search', 4, 'pay@example.com']);
        await assert.rejects(store.updateOwnership(u.id, { version: 4, purpose: 'x' }, PAYMENTS), ForbiddenError);
        assert.equal((await store.updateOwnership(u.id, { version: 4, purpose: 'search index' }, SEARCH)).version, 5);
        const released = await store.updateOwnership(u.id, { version: 5, team: null, ownerPerson: null }, ADMIN);
        assert.deepEqual([released.team, released.ownerPerson], [undefined, undefined]);
      });

      it('an unknown team is InvalidError and changes nothing', async () => {
        const u = await registered();
        const before = await snapshot();
        await assert.rejects(store.updateOwnership(u.id, { version: 1, team: 'nope', purpose: 'x' }, ADMIN), (e: unknown) => e instanceof InvalidError && e.field === 'team');
        await assert.rejects(store.createIdentity({ key: 'k:other', kind: 'other', displayName: 'x', fingerprints: [], environments: [], team: 'nope' }, ADMIN), (e: unknown) => e instanceof InvalidError && e.field === 'team');
        await assert.rejects(store.createToken(fp('t'), { team: 'nope', scopes: ['sync'] }, ADMIN), (e: unknown) => e instanceof InvalidError && e.field === 'team');
        assert.deepEqual(await snapshot(), before);
      });

      it('registering: an existing key is a ConflictError with that identity; a fingerprint held elsewhere is invalid', async () => {
        const first = await registered('vault:kv:one', { fingerprints: [fp('one')], rotationDays: 30, expiresAt: '2026-01-01' });
        assert.deepEqual([first.fingerprints, first.rotationDays, first.expiresAt, first.status], [[fp('one')], 30, '2026-01-01', 'active']);
        const before = await snapshot();
        await assert.rejects(registered('vault:kv:one'), (e: unknown) => e instanceof ConflictError && e.current.id === first.id);
        await assert.rejects(registered('vault:kv:two', { fingerprints: [fp('two'), fp('one')] }), (e: unknown) => e instanceof InvalidError && e.field === 'fingerprints');
        assert.deepEqual(await snapshot(), before);
      });
    });

    describe('audit log', () => {
      it('records every change with who, when, before and after', async () => {
        await store.createTeam('payments', undefined, ADMIN);
        const id = await store.createIdentity({ key: 'vault:kv:audited', kind: 'other', displayName: 'audited', fingerprints: [], environments: [] }, ADMIN);
        advanceDays(1);
        await store.updateOwnership(id.id, { version: 1, team: 'payments', ownerPerson: 'ana@example.com' }, PAYMENTS);
        await store.updateOwnership(id.id, { version: 2, status: 'retired', reason: 'replaced by workload identity' }, PAYMENTS);
        const token = await store.createToken(fp('token-a'), { team: 'payments', scopes: ['sync'], label: 'ci' }, ADMIN);
        await store.revokeToken(token.id, ADMIN);
        await store.sync(batch(A, { findings: [finding('audited-value')] }), { id: 'ci-token', scopes: ['sync'] });

        const entries = (await store.audit({ limit: 500 })).items;
        const about = (entityId: string) => entries.filter((e) => e.entityId === entityId).reverse();
        assert.deepEqual(about('payments').map((e) => [e.action, e.entity, e.actor]), [['create', 'team', ADMIN.id]]);
        const idEntries = about(id.id);
        assert.deepEqual(idEntries.map((e) => [e.action, e.actor, e.at]), [
          ['create', ADMIN.id, '2025-01-01T09:00:00.000Z'],
          ['update', PAYMENTS.id, '2025-01-02T09:00:00.000Z'],
          ['status', PAYMENTS.id, '2025-01-02T09:00:00.000Z'],
        ]);
        assert.deepEqual([idEntries[1].before, idEntries[1].after], [
          { ownerPerson: null, team: null, version: 1 },
          { ownerPerson: 'ana@example.com', team: 'payments', version: 2 },
        ]);
        assert.deepEqual([idEntries[2].before, idEntries[2].after], [
          { status: 'active', version: 2 },
          { status: 'retired', reason: 'replaced by workload identity', version: 3 },
        ]);
        assert.deepEqual(about(token.id).map((e) => e.action), ['create', 'revoke']);
        assert.ok(!JSON.stringify(entries).includes(fp('token-a')), 'the token hash is not in the audit log');
        const value = (await findingsOf(A)).get('src/audited-value.ts')!;
        assert.deepEqual(about(value.id).map((e) => [e.action, e.actor]), [['create', 'ci-token']]);
        assert.deepEqual(about(value.identityId!).map((e) => e.action), ['create']);
        assert.deepEqual(entries.map((e) => e.id), [...entries.map((e) => e.id)].sort((x, y) => y - x), 'newest first');
      });

      it('cannot be updated or deleted: the database rejects it', async () => {
        await store.createTeam('payments', undefined, ADMIN);
        const before = await snapshot();
        await assert.rejects(store.db.updateTable('audit_log').set({ actor: 'someone-else' }).execute(), /append-only/);
        await assert.rejects(store.db.deleteFrom('audit_log').execute(), /append-only/);
        if (backend.name === 'PostgreSQL') await assert.rejects(sql`truncate audit_log`.execute(store.db), /append-only/);
        assert.deepEqual(await snapshot(), before);
        assert.equal(await auditCount(), 1);
      });
    });

    describe('views', () => {
      it('unowned, rotation overdue, expiring and open findings on fixed dates', async () => {
        await store.createTeam('payments', undefined, ADMIN);
        const reg = (key: string, over: Partial<Parameters<KyselyStore['createIdentity']>[0]> = {}) =>
          store.createIdentity({ key, kind: 'other', displayName: key, fingerprints: [], environments: [], ...over }, ADMIN);
        // Registered on 2025-01-01.
        const never = await reg('rot-never', { rotationDays: 30 }); // due 2025-01-31
        const recent = await reg('rot-recent', { rotationDays: 90, lastRotated: '2025-03-01', ownerPerson: 'ana@example.com' }); // due 2025-05-30
        const old = await reg('rot-old', { rotationDays: 30, lastRotated: '2024-12-01', team: 'payments' }); // due 2024-12-31
        const retired = await reg('retired-overdue', { rotationDays: 1, expiresAt: '2025-02-01' });
        await store.updateOwnership(retired.id, { version: 1, status: 'retired' }, ADMIN);
        const past = await reg('exp-past', { expiresAt: '2025-03-01' });
        const soon = await reg('exp-soon', { expiresAt: '2025-03-20', team: 'payments' });
        const later = await reg('exp-later', { expiresAt: '2025-06-01' });
        const payDb = await reg('pay-db', { team: 'payments', fingerprints: [fp('pay-secret')] });

        const now = new Date('2025-03-15T12:00:00.000Z');
        const overdue = (await store.rotationOverdue(now)).items;
        assert.deepEqual(overdue.map((i) => [i.key, i.overdueDays]), [['rot-old', 74], ['rot-never', 43]]);
        // Rotating clears it; the due date moves with the rotation.
        await store.updateOwnership(never.id, { version: 1, lastRotated: '2025-03-10' }, ADMIN);
        assert.deepEqual((await store.rotationOverdue(now)).items.map((i) => i.key), ['rot-old']);
        assert.deepEqual((await store.rotationOverdue(new Date('2025-04-10T00:00:00Z'))).items.map((i) => [i.key, i.overdueDays]), [['rot-old', 100], ['rot-never', 1]]);
        assert.ok(!(await store.rotationOverdue(new Date('2025-05-30T23:00:00Z'))).items.some((i) => i.id === recent.id), 'due today is not overdue');
        assert.ok((await store.rotationOverdue(new Date('2025-05-31T00:00:00Z'))).items.some((i) => i.id === recent.id));

        assert.deepEqual((await store.expiring(now, 30)).items.map((i) => [i.key, i.expiresInDays]), [['exp-past', -14], ['exp-soon', 5]]);
        assert.deepEqual((await store.expiring(now, 90)).items.map((i) => [i.key, i.expiresInDays]), [['exp-past', -14], ['exp-soon', 5], ['exp-later', 78]]);
        assert.deepEqual((await store.expiring(now, 0)).items.map((i) => i.key), ['exp-past']);

        const unowned = (await store.unowned()).items.map((i) => i.key);
        assert.deepEqual(unowned.sort(), ['exp-later', 'exp-past', 'rot-never'].sort());
        assert.ok(![old, soon, recent, payDb, retired].some((i) => unowned.includes(i.key)));
        void past;
        void later;

        await store.sync(
          batch(A, {
            findings: [
              finding('pay-secret', { path: 'a.env' }),
              finding('pay-secret', { path: 'b.env' }),
              finding('loose-value', { owasp: 'NHI5' }),
              finding('construct', { owasp: 'NHI7', redacted: undefined, ruleId: 'gha-permissions-write-all', kind: 'ci-misuse' }),
              finding('gone', { owasp: 'NHI9' }),
            ],
          }),
          ADMIN,
        );
        const gone = (await findingsOf(A)).get('src/gone.ts')!;
        await store.updateFindingStatus(gone.id, { status: 'resolved', reason: 'rotated' }, ADMIN);
        assert.deepEqual(await store.openFindingsSummary(), {
          byTeam: [
            { team: null, count: 2 },
            { team: 'payments', count: 2 },
          ],
          byOwasp: [
            { owasp: 'NHI2', count: 2 },
            { owasp: 'NHI5', count: 1 },
            { owasp: 'NHI7', count: 1 },
          ],
        });
        // Ownership changes move the identity's open findings between teams.
        const loose = (await findingsOf(A)).get('src/loose-value.ts')!;
        await store.updateOwnership(payDb.id, { version: 1, team: null }, ADMIN);
        await store.updateOwnership(loose.identityId!, { version: 1, team: 'payments' }, PAYMENTS);
        assert.deepEqual((await store.openFindingsSummary()).byTeam, [
          { team: null, count: 3 },
          { team: 'payments', count: 1 },
        ]);
        // A later scan keeps the finding with its identity's current team.
        await store.sync(batch(A, { findings: [finding('loose-value', { owasp: 'NHI5', line: 40 }), finding('pay-secret', { path: 'c.env' })] }), ADMIN);
        assert.deepEqual((await store.openFindingsSummary()).byTeam, [
          { team: null, count: 4 },
          { team: 'payments', count: 1 },
        ]);
      });

      it('every list pages with an opaque cursor and returns every row exactly once', async () => {
        await store.createTeam('payments', undefined, ADMIN);
        // Shared dates on purpose: the keyset must break ties by id.
        for (let i = 0; i < 23; i++) {
          await store.createIdentity(
            {
              key: `vault:kv:p${i}`,
              kind: i % 2 ? 'other' : 'token',
              displayName: `P${i}`,
              fingerprints: [],
              environments: [],
              rotationDays: 10 + (i % 3),
              expiresAt: `2025-02-0${1 + (i % 4)}`,
              team: i % 5 === 0 ? 'payments' : undefined,
            },
            ADMIN,
          );
        }
        const values = Array.from({ length: 13 }, (_, i) => finding(`pg${i}`));
        await store.sync(batch(A, { findings: values }), ADMIN);
        await store.sync(batch(B, { findings: values.map((f) => ({ ...f, path: `lib/${f.path}` })) }), ADMIN);
        const now = new Date('2025-06-01T00:00:00Z');

        const lists: Array<[string, (limit: number, cursor?: string) => Promise<Page<{ id: string }>>, number]> = [
          ['identities', (limit, cursor) => store.listIdentities({ limit, cursor }), 36],
          ['identities of a team', (limit, cursor) => store.listIdentities({ team: 'payments', limit, cursor }), 5],
          ['unowned', (limit, cursor) => store.unowned(limit, cursor), 31],
          ['rotation overdue', (limit, cursor) => store.rotationOverdue(now, limit, cursor), 23],
          ['expiring', (limit, cursor) => store.expiring(now, 30, limit, cursor), 23],
          ['shared', (limit, cursor) => store.shared(limit, cursor), 13],
          ['findings', (limit, cursor) => store.listFindings({ limit, cursor }), 26],
          ['findings of a repository', (limit, cursor) => store.listFindings({ repository: B, limit, cursor }), 13],
        ];
        for (const [name, list, expected] of lists) {
          const whole = (await list(500)).items.map((i) => i.id);
          assert.equal(whole.length, expected, `${name}: all rows`);
          for (const limit of [1, 5, 7]) {
            const paged = (await collect((c) => list(limit, c), limit)).map((i) => i.id);
            assert.deepEqual(paged, whole, `${name} by ${limit}: every row once, in order`);
          }
        }
        const auditAll = (await store.audit({ limit: 500 })).items.map((e) => e.id);
        assert.deepEqual((await collect((c) => store.audit({ limit: 4, cursor: c }), 4)).map((e) => e.id), auditAll);
        assert.ok(auditAll.length > 50);

        assert.equal((await store.listIdentities({})).items.length, 36, 'default limit 50 holds all 36');
        assert.equal((await store.audit({})).items.length, 50, 'default limit 50');
        assert.ok((await store.audit({ limit: 100_000 })).items.length <= 500, 'limit capped at 500');

        const unownedCursor = (await store.unowned(2)).next!;
        await assert.rejects(store.shared(2, unownedCursor), (e: unknown) => e instanceof InvalidError && e.field === 'cursor');
        await assert.rejects(store.listIdentities({ cursor: 'not-a-cursor' }), (e: unknown) => e instanceof InvalidError && e.field === 'cursor');
      });
    });

    describe('open-findings counters and identity search (migration 002)', () => {
      type Summary = Awaited<ReturnType<KyselyStore['openFindingsSummary']>>;

      /** The summary computed from the findings themselves, as the view did before the counters. */
      async function countedFromFindings(): Promise<Summary> {
        const rows = await store.db
          .selectFrom('findings')
          .select((eb) => ['owner_team', 'owasp', eb.fn.countAll<number>().as('n')])
          .where('status', '=', 'open')
          .groupBy(['owner_team', 'owasp'])
          .execute();
        const byTeam = new Map<string | null, number>();
        const byOwasp = new Map<string, number>();
        for (const r of rows) {
          byTeam.set(r.owner_team, (byTeam.get(r.owner_team) ?? 0) + Number(r.n));
          byOwasp.set(r.owasp, (byOwasp.get(r.owasp) ?? 0) + Number(r.n));
        }
        return {
          byTeam: [...byTeam].map(([team, count]) => ({ team, count })).sort((a, b) => b.count - a.count || (a.team ?? '').localeCompare(b.team ?? '')),
          byOwasp: [...byOwasp].map(([owasp, count]) => ({ owasp, count })).sort((a, b) => Number(a.owasp.slice(3)) - Number(b.owasp.slice(3))),
        };
      }

      async function countersAreRight(when: string): Promise<Summary> {
        const summary = await store.openFindingsSummary();
        assert.deepEqual(summary, await countedFromFindings(), when);
        return summary;
      }

      /** Every id `listIdentities` returns for a query, page by page. */
      async function searched(query: Omit<Parameters<KyselyStore['listIdentities']>[0], 'cursor' | 'limit'>, limit = 500): Promise<string[]> {
        return (await collect((cursor) => store.listIdentities({ ...query, limit, cursor }), limit)).map((i) => i.id);
      }

      /** The matches by definition, computed here: lower-case substring of name, key, owner or purpose (ASCII test data). */
      async function matching(q: string, team?: string): Promise<string[]> {
        const rows = await store.db.selectFrom('identities').select(['id', 'display_name', 'key', 'owner_person', 'purpose', 'team']).execute();
        const needle = q.toLowerCase();
        return rows
          .filter((r) => (team === undefined || r.team === team) && [r.display_name, r.key, r.owner_person, r.purpose].some((v) => v !== null && v.toLowerCase().includes(needle)))
          .map((r) => r.id)
          .sort();
      }

      it('the counters match a count of the open findings after syncs, status and ownership changes, and concurrent syncs', async () => {
        await store.createTeam('payments', undefined, ADMIN);
        await store.createTeam('search', undefined, ADMIN);
        const owned = await store.createIdentity({ key: 'vault:kv:pay-db', kind: 'other', displayName: 'pay db', fingerprints: [fp('pay-db')], environments: [], team: 'payments' }, ADMIN);
        assert.deepEqual(await countersAreRight('empty'), { byTeam: [], byOwasp: [] });

        await store.sync(
          batch(A, {
            findings: [
              finding('pay-db', { path: 'a.env' }),
              finding('pay-db', { path: 'b.env' }),
              finding('k1', { owasp: 'NHI5' }),
              finding('k2', { owasp: 'NHI7' }),
              finding('construct', { owasp: 'NHI9', redacted: undefined, ruleId: 'gha-permissions-write-all', kind: 'ci-misuse' }),
            ],
          }),
          ADMIN,
        );
        await store.sync(batch(B, { findings: [finding('k1', { owasp: 'NHI5' }), finding('k3')] }), ADMIN);
        assert.deepEqual(await countersAreRight('after two syncs'), {
          byTeam: [
            { team: null, count: 5 },
            { team: 'payments', count: 2 },
          ],
          byOwasp: [
            { owasp: 'NHI2', count: 3 },
            { owasp: 'NHI5', count: 2 },
            { owasp: 'NHI7', count: 1 },
            { owasp: 'NHI9', count: 1 },
          ],
        });

        // Status changes one by one: resolve, suppress, reopen, and a no-op.
        const a = await findingsOf(A);
        await store.updateFindingStatus(a.get('src/k1.ts')!.id, { status: 'resolved', reason: 'rotated' }, ADMIN);
        await store.updateFindingStatus(a.get('src/k2.ts')!.id, { status: 'suppressed', reason: 'test fixture' }, ADMIN);
        await countersAreRight('after resolve and suppress');
        await store.updateFindingStatus(a.get('src/k2.ts')!.id, { status: 'suppressed', reason: 'test fixture' }, ADMIN);
        await store.updateFindingStatus(a.get('src/k2.ts')!.id, { status: 'open' }, ADMIN);
        await countersAreRight('after reopening by hand');

        // A rescan: a resolved finding seen again reopens, an OWASP item changes, a new one appears.
        await store.sync(batch(A, { findings: [finding('k1', { owasp: 'NHI5' }), finding('k2', { owasp: 'NHI3' }), finding('k4', { owasp: 'NHI1' })] }), ADMIN);
        await countersAreRight('after a rescan');
        // A full scan resolves what it did not see.
        const full = await store.sync(batch(A, { mode: 'full', findings: [finding('pay-db', { path: 'a.env' }), finding('k4', { owasp: 'NHI1' })] }), ADMIN);
        assert.equal(full.findings.resolved, 4);
        await countersAreRight('after a full scan');

        // Ownership moves the identity's open findings between teams.
        await store.updateOwnership(owned.id, { version: 1, team: 'search' }, ADMIN);
        assert.deepEqual((await countersAreRight('moved to search')).byTeam, [
          { team: null, count: 3 },
          { team: 'search', count: 1 },
        ]);
        await store.updateOwnership(owned.id, { version: 2, team: null }, ADMIN);
        assert.deepEqual((await countersAreRight('released')).byTeam, [{ team: null, count: 4 }]);
        const k4 = (await findingsOf(A)).get('src/k4.ts')!;
        await store.updateOwnership(k4.identityId!, { version: 1, team: 'payments' }, PAYMENTS);
        await countersAreRight('a value claimed by a team');

        // Concurrent syncs (on PostgreSQL from two pools, so on different counter slots).
        const other = await second();
        const batches = [0, 1, 2, 3, 4, 5].map((k) =>
          batch(k % 2 ? A : B, { findings: [finding('k1', { owasp: 'NHI5' }), finding(`c${k}`, { owasp: k % 3 ? 'NHI2' : 'NHI8' }), finding('k4', { owasp: 'NHI1' })] }),
        );
        await Promise.all(batches.map((b, k) => (k % 2 === 0 ? store : other).sync(b, ADMIN)));
        await countersAreRight('after concurrent syncs');
        // Deleting findings (nothing in the service does; the database keeps the counters right anyway).
        await store.db.deleteFrom('findings').where('repository', '=', B).execute();
        await countersAreRight('after deleting a repository\'s findings');
      });

      it('q= returns exactly the matching identities, whether the index narrows the search or not', async () => {
        await store.createTeam('payments', undefined, ADMIN);
        await seedIdentities(store.db, 2500, '2025-06-01'); // keys seed:ci-secret:S<i>, names S<i>
        const special = [
          await store.createIdentity({ key: 'vault:kv:percent', kind: 'other', displayName: 'db_password 100%', fingerprints: [], environments: [], purpose: 'Deploys "shop" to prod' }, ADMIN),
          await store.createIdentity({ key: 'vault:kv:under', kind: 'other', displayName: 'dbXpassword', fingerprints: [], environments: [], ownerPerson: 'Ana.Lopez@example.com' }, ADMIN),
          await store.createIdentity({ key: 'vault:kv:slash', kind: 'other', displayName: 'back\\slash', fingerprints: [], environments: [], team: 'payments' }, ADMIN),
        ];
        const terms = ['s1234', 'S12', 's1', 'seed:ci', '100%', 'b_p', '"shop"', 'ana.lopez@', 'ANA', 'k\\s', 'vault:kv:', 'no identity is called this', '100%\nvault:kv'];
        for (const q of terms) {
          const expected = await matching(q);
          assert.deepEqual(await searched({ q }), expected, `q=${q}`);
          assert.deepEqual(await searched({ q }, 7), expected, `q=${q}, pages of 7`);
        }
        assert.equal((await matching('seed:ci')).length > MAX_CANDIDATES[store.dialect], true, 'a common term is tested');
        assert.deepEqual(await searched({ q: 's12', team: 'payments' }), await matching('s12', 'payments'));
        assert.deepEqual(await searched({ q: '100%' }), [special[0].id]);
        assert.deepEqual(await searched({ q: 'b_p' }), [special[0].id], 'LIKE wildcards in q are literal');
        assert.deepEqual(await searched({ q: '100%\nvault:kv' }), [], 'a match is within one column, never across two');

        // The index narrows rare terms and gives up on common or short ones.
        const rare = await searchCandidates(store.db, store.dialect, 's1234');
        assert.ok(rare !== undefined && rare.length >= 1 && rare.length < 20, `rare term: ${rare?.length} candidates`);
        assert.equal(await searchCandidates(store.db, store.dialect, 'seed:ci'), undefined);
        assert.equal(await searchCandidates(store.db, store.dialect, 's1'), undefined);
        if (backend.name === 'PostgreSQL') {
          // The trigram index can serve the joined text the candidates are looked up by.
          const plan = await store.db.transaction().execute(async (trx) => {
            await sql`set local enable_seqscan = off`.execute(trx);
            return (await sql<{ 'QUERY PLAN': string }>`explain select id from identities where ${sql.raw(PG_SEARCH_EXPRESSION)} like '%s1234%'`.execute(trx)).rows;
          });
          assert.match(plan.map((r) => r['QUERY PLAN']).join('\n'), /identities_search_idx/);
        }

        // The index follows renames and ownership changes.
        const s1234 = (await searched({ q: 's1234' }))[0];
        await store.updateOwnership(s1234, { version: 1, displayName: 'zebra crossing', ownerPerson: 'new.owner@example.com', purpose: 'pays the zebras' }, ADMIN);
        for (const q of ['zebra cross', 'new.owner@', 'the zebras']) assert.deepEqual(await searched({ q }), [s1234], `q=${q} after the change`);
        await store.updateOwnership(special[1].id, { version: 1, ownerPerson: null }, ADMIN);
        assert.deepEqual(await searched({ q: 'ana.lopez' }), [], 'an owner removed is no longer found');
        // A deleted identity (the sync removes one it created in vain) leaves the index too.
        await store.db.deleteFrom('identities').where('id', '=', special[2].id).execute();
        assert.deepEqual(await searched({ q: 'back\\sl' }), []);
        if (backend.name === 'SQLite') {
          const left = await sql<{ n: number }>`select count(*) as n from identity_search_rows where identity_id = ${special[2].id}`.execute(store.db);
          assert.equal(Number(left.rows[0].n), 0);
        }
      });

      it('migrating a database that has data fills the counters and the search index from it', async () => {
        const fresh = (await backend.fresh())!;
        const s = await openStore(fresh.target, { migrate: false, now: () => clock.now });
        try {
          const to001 = await new Migrator({ db: s.db, provider: migrationProvider(s.dialect) }).migrateTo('001_initial');
          assert.equal(to001.error, undefined);
          await s.createTeam('payments', undefined, ADMIN);
          const owned = await s.createIdentity({ key: 'vault:kv:legacy-db', kind: 'other', displayName: 'legacy billing db', fingerprints: [fp('legacy')], environments: [], team: 'payments' }, ADMIN);
          await s.sync(batch(A, { findings: [finding('legacy'), finding('l2', { owasp: 'NHI5' }), finding('l3', { owasp: 'NHI5' })] }), ADMIN);
          const l3 = (await s.listFindings({ repository: A })).items.find((f) => f.path === 'src/l3.ts')!;
          await s.updateFindingStatus(l3.id, { status: 'resolved', reason: 'rotated' }, ADMIN);

          assert.deepEqual(await s.migrate(), { applied: ['002_counters_and_search'] });
          assert.deepEqual(await s.openFindingsSummary(), {
            byTeam: [
              { team: null, count: 1 },
              { team: 'payments', count: 1 },
            ],
            byOwasp: [
              { owasp: 'NHI2', count: 1 },
              { owasp: 'NHI5', count: 1 },
            ],
          });
          assert.deepEqual((await s.listIdentities({ q: 'BILLING' })).items.map((i) => i.id), [owned.id]);
          assert.deepEqual((await searchCandidates(s.db, s.dialect, 'billing'))?.includes(owned.id), true, 'found through the index');
          // And they follow changes from then on.
          await s.sync(batch(A, { findings: [finding('legacy'), finding('l3', { owasp: 'NHI5' })] }), ADMIN);
          assert.deepEqual((await s.openFindingsSummary()).byOwasp, [
            { owasp: 'NHI2', count: 1 },
            { owasp: 'NHI5', count: 2 },
          ]);
        } finally {
          await s.close();
          await fresh.dispose();
        }
      });
    });

    describe('connections', () => {
      it('reads do not wait for an open write transaction, and see its changes once it commits', async () => {
        await store.createTeam('payments', undefined, ADMIN);
        let commit!: () => void;
        const gate = new Promise<void>((resolve) => (commit = resolve));
        let inserted!: () => void;
        const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
        const writing = store.db.transaction().execute(async (trx) => {
          await trx.insertInto('teams').values({ name: 'search', display_name: null, created_at: '2025-01-01T09:00:00.000Z' }).execute();
          inserted();
          await gate;
        });
        await insertedYet;
        const during = await Promise.race([store.listTeams(), new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 3000))]);
        commit();
        await writing;
        assert.notEqual(during, 'blocked', 'a read waited for the write transaction');
        assert.deepEqual((during as Team[]).map((t) => t.name), ['payments'], 'the last commit, without the open transaction');
        assert.deepEqual((await store.listTeams()).map((t) => t.name), ['payments', 'search']);
      });

      it('SQLite: the WAL is copied into the database in the background, and the files go with the store', async function () {
        if (backend.name !== 'SQLite') return this.skip();
        const file = env!.target;
        const before = (await fs.stat(file)).size;
        // About 3 MB of rows: far below the writer's own checkpoint (BACKSTOP_PAGES, 40 MB), so
        // only the background checkpointer moves them from the WAL into the database file.
        for (let i = 0; i < 30; i++) await store.sync(batch(A, { findings: Array.from({ length: 100 }, (_, k) => finding(`wal-${i}-${k}`)) }), ADMIN);
        let grown = 0;
        for (let wait = 0; wait < 50 && grown < 2_000_000; wait++) {
          await new Promise((r) => setTimeout(r, 100));
          grown = (await fs.stat(file)).size - before;
        }
        assert.ok(grown >= 2_000_000, `the database file grew by ${grown} bytes`);
        await store.close();
        assert.deepEqual(await fs.readdir(path.dirname(file)), ['inventory.db'], 'no -wal or -shm left behind');
        store = await openStore(file, { now: () => clock.now }); // for afterEach
        assert.equal((await store.listFindings({ repository: A, limit: 500 })).items.length, 500);
      });
    });

    describe('tokens and settings', () => {
      it('stores only the hash; lookup ignores revoked tokens', async () => {
        await store.createTeam('payments', undefined, ADMIN);
        const hash = createHash('sha256').update('a token made up for this test').digest('hex');
        const token = await store.createToken(hash, { team: 'payments', scopes: ['read', 'sync'], label: 'ci' }, ADMIN);
        assert.deepEqual(token, { id: token.id, team: 'payments', scopes: ['read', 'sync'], label: 'ci', createdAt: '2025-01-01T09:00:00.000Z' });
        assert.deepEqual(await store.tokenByHash(hash), token);
        assert.equal(await store.tokenByHash(fp('another')), undefined);
        const adminToken = await store.createToken(fp('admin'), { scopes: ['admin'] }, ADMIN);
        assert.deepEqual(await store.tokenByHash(fp('admin')), adminToken);
        await assert.rejects(store.createToken(hash, { scopes: ['read'] }, ADMIN), InvalidError);

        await store.revokeToken(token.id, ADMIN);
        assert.equal(await store.tokenByHash(hash), undefined);
        const audits = await auditCount();
        await store.revokeToken(token.id, ADMIN); // already revoked: no change
        assert.equal(await auditCount(), audits);
        await assert.rejects(store.revokeToken('00000000-0000-7000-8000-000000000000', ADMIN), NotFoundError);
        assert.deepEqual(await store.tokenByHash(fp('admin')), adminToken);
      });

      it('creates the fingerprint key once, race-safe, and keeps it', async () => {
        const other = await second();
        const [k1, k2] = await Promise.all([store.fingerprintKey(), other.fingerprintKey()]);
        assert.match(k1, /^[0-9a-f]{64}$/);
        assert.equal(k1, k2);
        const reopened = await openStore(env!.target);
        try {
          assert.equal(await reopened.fingerprintKey(), k1);
        } finally {
          await reopened.close();
        }
      });
    });

    describe('size check (not a benchmark)', () => {
      it('first page of each view with 100,000 identities', async function () {
        this.timeout(600_000);
        const today = '2025-06-01';
        const t0 = Date.now();
        const seeded = await seedIdentities(store.db, 100_000, today);
        const seedMs = Date.now() - t0;
        if (backend.name === 'PostgreSQL') await sql`analyze`.execute(store.db);
        const now = new Date(`${today}T12:00:00.000Z`);
        const timings: string[] = [];
        const time = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
          await run(); // warm: statement and plan caches, pages in memory
          const start = process.hrtime.bigint();
          const out = await run();
          timings.push(`${name} ${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(1)} ms`);
          return out;
        };
        const unowned = await time('unowned', () => store.unowned());
        const overdue = await time('rotationOverdue', () => store.rotationOverdue(now));
        const expiring = await time('expiring(30)', () => store.expiring(now, 30));
        const shared = await time('shared', () => store.shared());
        const summary = await time('openFindingsSummary', () => store.openFindingsSummary());
        await time('listIdentities(team)', () => store.listIdentities({ team: 'payments' }));
        await time('listIdentities(q)', () => store.listIdentities({ q: 's9999' }));
        const page2 = await time('unowned page 2', () => store.unowned(50, unowned.next));
        console.log(`      ${backend.name}, 100,000 identities (seeded in ${seedMs} ms): ${timings.join(', ')}`);
        assert.equal(unowned.items.length, 50);
        assert.ok(unowned.items.every((i) => !i.team && !i.ownerPerson && i.status === 'active'));
        assert.equal(page2.items.length, 50);
        assert.equal(overdue.items.length, 50);
        assert.equal(expiring.items.length, 50);
        assert.equal(shared.items.length, 50);
        assert.ok(seeded.unowned > 100 && seeded.shared > 100);
        assert.equal(summary.byOwasp.reduce((n, r) => n + r.count, 0), 100_000 - Math.ceil(100_000 / 7));
      });
    });
  });
}
