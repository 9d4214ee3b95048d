/**
 * Reliability: the inventory service (the built CLI, as a child process, on a SQLite file) is
 * SIGKILLed in the middle of a sync of thousands of findings — once right after a batch was
 * acknowledged, once while the next batch is in flight — and restarted on the same database. Re-running
 * the sync must leave every finding present exactly once (counted through the API and in the
 * database), lose none, duplicate none, and not double any identity's consumers; batches
 * acknowledged before the crash must still be known (a re-send is a replay).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { postgresTarget } from './postgres';
import { syncRepository, SyncFailed } from '../../src/cli/sync';
import { scanPaths } from '../../src/core/scan';
import { fingerprint } from '../../src/core/detect/fingerprint';
import { InventoryClient } from '../../src/inventory/client';
import type { SyncBatch } from '../../src/inventory/model';
import { buildSyncBatches } from '../../src/inventory/syncPayload';
import { Secrets } from '../helpers/text';
import { CLI, createTokenWithCli, startChild, tempDir, type ChildService } from './serviceHarness';

const REPO = 'example.com/acme/big';
const FILES = 60;
const PER_FILE = 50;
const BATCH = 50;
const SHARED_IN = 5;

/** 3,000 random tokens (60 files × 50), one more in 5 files, one CI secret used by 2 workflows. */
function bigTree(s: Secrets): { dir: string; shared: string } {
  const dir = tempDir('nhi-kill-');
  const shared = s.token(36);
  for (let f = 0; f < FILES; f++) {
    const lines = Array.from({ length: PER_FILE }, (_, i) => `API_TOKEN_${i}=${s.token(32)}`);
    if (f < SHARED_IN) lines.push(`SHARED_TOKEN=${shared}`);
    fs.mkdirSync(nodePath.join(dir, `svc${f}`), { recursive: true });
    fs.writeFileSync(nodePath.join(dir, `svc${f}`, 'app.env'), lines.join('\n') + '\n');
  }
  const workflow = (name: string) =>
    `name: ${name}\non: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}\n`;
  fs.mkdirSync(nodePath.join(dir, '.github/workflows'), { recursive: true });
  fs.writeFileSync(nodePath.join(dir, '.github/workflows/release.yml'), workflow('release'));
  fs.writeFileSync(nodePath.join(dir, '.github/workflows/nightly.yml'), workflow('nightly'));
  return { dir, shared };
}

const keyOf = (f: { fingerprint: string; ruleId: string; path: string }) => `${f.ruleId}|${f.path}|${f.fingerprint}`;

/** Counts straight from the database (service stopped): SQLite file or PostgreSQL URL. */
async function counter(db: string): Promise<{ count: (sql: string, ...args: unknown[]) => Promise<number>; close: () => Promise<void> }> {
  if (db.startsWith('postgres')) {
    const client = new pg.Client({ connectionString: db });
    await client.connect();
    return {
      count: async (sql, ...args) => {
        let i = 0;
        const res = await client.query(sql.replace(/\?/g, () => `$${++i}`), args);
        return Number(res.rows[0].n);
      },
      close: () => client.end(),
    };
  }
  const sqlite = new Database(db, { readonly: true });
  return { count: async (sql, ...args) => (sqlite.prepare(sql).get(...args) as { n: number }).n, close: async () => void sqlite.close() };
}

for (const dialect of ['sqlite', 'postgres'] as const)
describe(`sync survives a SIGKILL of the inventory mid-sync (${dialect})`, function () {
  this.timeout(240_000);
  let db: string;
  let dropDb: () => Promise<void> = async () => undefined;
  const running: ChildService[] = [];

  before(async function () {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run node esbuild.config.mjs (npm test does)`);
    if (dialect === 'sqlite') db = nodePath.join(tempDir('nhi-kill-db-'), 'inventory.db');
    else {
      const target = await postgresTarget();
      if (!target) return this.skip();
      db = target.url;
      dropDb = target.drop;
    }
  });
  after(async () => {
    for (const svc of running) await svc.stop();
    await dropDb();
  });

  async function start(db: string): Promise<ChildService> {
    const svc = await startChild(db);
    running.push(svc);
    return svc;
  }

  it('every finding exactly once after crashes and a re-run; consumers not doubled', async () => {
    const { dir, shared } = bigTree(new Secrets(777));
    const token = createTokenWithCli(db, ['read', 'sync']);
    const fast = { attempts: 2, baseDelayMs: 20, maxDelayMs: 50 };

    let svc = await start(db);
    const key = await new InventoryClient({ baseUrl: svc.url, token }).fingerprintKey();
    // What a complete sync stores: the payload of a scan with the service's key.
    const local = await scanPaths([dir], { cwd: dir, fingerprintKey: key, workers: 1 });
    const expected = buildSyncBatches(local, { repository: REPO, mode: 'full', batchSize: BATCH }).flatMap((b) => b.findings);
    const expectedKeys = new Set(expected.map(keyOf));
    assert.equal(expectedKeys.size, expected.length, 'the tree has no two findings with the same key');
    assert.ok(expected.length >= FILES * PER_FILE, `only ${expected.length} findings planted`);
    const totalBatches = Math.ceil(expected.length / BATCH);

    // Crash 1: SIGKILL as soon as the 5th batch is acknowledged, before the 6th is sent.
    const acked: SyncBatch[] = [];
    const first = await syncRepository({
      paths: [dir],
      cwd: dir,
      inventory: svc.url,
      token,
      repository: REPO,
      batchSize: BATCH,
      client: {
        retry: fast,
        onBatchSent: (batch) => {
          acked.push(batch);
          if (acked.length === 5) svc.child.kill('SIGKILL');
        },
      },
    }).then(
      () => assert.fail('the sync finished although the service was killed'),
      (e: unknown) => e,
    );
    assert.ok(first instanceof SyncFailed, String(first));
    assert.equal(first.sent, 5);
    assert.equal(first.total, totalBatches);
    assert.equal((await svc.exited).signal, 'SIGKILL');

    // Restarted on the same database: the acknowledged batches were durable (a re-send is a replay).
    svc = await start(db);
    const client = new InventoryClient({ baseUrl: svc.url, token });
    for (const batch of acked) assert.equal((await client.sync(batch)).replay, true, `batch ${batch.idempotencyKey} was lost`);
    const afterCrash = await client.all((cursor) => client.listFindings({ repository: REPO, cursor, limit: 500 }));
    assert.equal(afterCrash.length, 5 * BATCH);

    // Crash 2: a fresh run, killed while the batch after the 20th acknowledgement is on the wire.
    let sent = 0;
    const killed = svc;
    const second = await syncRepository({
      paths: [dir],
      cwd: dir,
      inventory: svc.url,
      token,
      repository: REPO,
      batchSize: BATCH,
      client: {
        retry: fast,
        onBatchSent: () => {
          if (++sent === 20) setTimeout(() => killed.child.kill('SIGKILL'), 3);
        },
      },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.equal((await killed.exited).signal, 'SIGKILL');
    // The kill may land before the service answered the batch in flight, or (rarely) after the last.
    if (second !== undefined) assert.ok(second instanceof SyncFailed && second.sent >= 20, String(second));

    // Restart and re-run the whole sync: it completes.
    svc = await start(db);
    const progress: string[] = [];
    const summary = await syncRepository({ paths: [dir], cwd: dir, inventory: svc.url, token, repository: REPO, batchSize: BATCH, progress: (l) => progress.push(l) });
    assert.equal(summary.batches, totalBatches);
    assert.equal(summary.findings, expected.length);
    assert.equal(summary.resolved, 0);
    assert.equal(summary.created + summary.updated, expected.length);
    assert.ok(summary.updated >= 20 * BATCH, `only ${summary.updated} findings were already stored`);
    assert.equal(progress.filter((l) => l.startsWith('synced batch ')).length, totalBatches);

    // Through the API: every expected finding, once, open.
    const c = new InventoryClient({ baseUrl: svc.url, token });
    const stored = await c.all((cursor) => c.listFindings({ repository: REPO, cursor, limit: 500 }));
    assert.equal(stored.length, expected.length);
    assert.deepEqual(new Set(stored.map(keyOf)), expectedKeys);
    assert.ok(stored.every((f) => f.status === 'open'));

    // Consumers: the shared value in 5 files, the CI secret in 2 workflows — not 10, not 4.
    const identities = await c.all((cursor) => c.listIdentities({ cursor, limit: 500 }));
    const sharedIdentity = identities.filter((i) => i.fingerprints.includes(fingerprint(shared, key)));
    assert.equal(sharedIdentity.length, 1);
    assert.deepEqual(sharedIdentity[0].consumers.map((x) => x.path).sort(), Array.from({ length: SHARED_IN }, (_, f) => `svc${f}/app.env`).sort());
    const npm = identities.filter((i) => i.displayName === 'NPM_TOKEN');
    assert.equal(npm.length, 1, identities.map((i) => i.displayName).filter((n) => !n.includes('…')).join(', '));
    assert.deepEqual(npm[0].consumers.map((x) => x.path).sort(), ['.github/workflows/nightly.yml', '.github/workflows/release.yml']);
    // One identity per distinct value (the generic rules skip a few random tokens as too regular).
    const values = new Set(expected.filter((f) => f.redacted).map((f) => f.fingerprint));
    assert.ok(values.size > FILES * PER_FILE * 0.99);
    assert.equal(identities.filter((i) => i.kind === 'literal').length, values.size);

    // In the database itself (service stopped): no duplicate row, no doubled consumer.
    await svc.stop();
    const { count, close } = await counter(db);
    try {
      assert.equal(await count('SELECT COUNT(*) AS n FROM findings WHERE repository = ?', REPO), expected.length);
      assert.equal(await count('SELECT COUNT(*) AS n FROM (SELECT DISTINCT fingerprint, rule_id, path FROM findings WHERE repository = ?) AS d', REPO), expected.length);
      assert.equal(await count("SELECT COUNT(*) AS n FROM findings WHERE repository = ? AND status = 'open'", REPO), expected.length);
      assert.equal(await count('SELECT COUNT(*) AS n FROM (SELECT identity_id, repository, path, job FROM consumers GROUP BY identity_id, repository, path, job HAVING COUNT(*) > 1) AS d'), 0);
      assert.equal(await count('SELECT COUNT(*) AS n FROM consumers WHERE identity_id = ?', sharedIdentity[0].id), SHARED_IN);
      assert.equal(await count('SELECT COUNT(*) AS n FROM identity_fingerprints WHERE fingerprint = ?', fingerprint(shared, key)), 1);
    } finally {
      await close();
    }
  });
});
