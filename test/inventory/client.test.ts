/**
 * The inventory client and `nhi-lens sync`, against the real service on loopback (SQLite file):
 * what a sync sends and stores, re-syncs without duplicates, resolution by full syncs only, one
 * identity across repositories, retries through a flaky proxy (with a lost acknowledgement), no
 * retry on 4xx, clear errors, and no token or value in any output.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as nodePath from 'node:path';
import { syncCommand, normaliseRemote } from '../../src/cli/sync';
import { scanPaths } from '../../src/core/scan';
import { fingerprint } from '../../src/core/detect/fingerprint';
import { InventoryApiError, InventoryClient, InventoryUnreachable, VersionConflict, retryAfterMs } from '../../src/inventory/client';
import type { StoredFinding, SyncBatch } from '../../src/inventory/model';
import { buildSyncBatches } from '../../src/inventory/syncPayload';
import { newToken } from '../../src/inventory/tokens';
import { HOSTILE_NAME, plantedTree } from '../core/reports/plantedTree';
import { Secrets } from '../helpers/text';
import { createToken, startInProcess, tempDir, type InProcessService } from './serviceHarness';

const s = new Secrets(2024);

/** Every token used and every text the code under test produced: checked at the end. */
const tokens: string[] = [];
const outputs: string[] = [];

async function sync(args: string[], cwd: string, token: string) {
  const progress: string[] = [];
  const r = await syncCommand(args, { cwd, env: { NHI_LENS_TOKEN: token }, progress: (line) => progress.push(line) });
  outputs.push(r.stdout, r.stderr, ...progress);
  return { ...r, progress };
}

/** The identity of a stored finding: what the store upserts by. */
const keyOf = (f: { fingerprint: string; ruleId: string; path: string }) => `${f.ruleId}|${f.path}|${f.fingerprint}`;

/** What a sync of `dir` should store: the payload built from a scan with the service's key. */
async function expectedFindings(dir: string, key: string) {
  const result = await scanPaths([dir], { cwd: dir, fingerprintKey: key, workers: 1 });
  const batches = buildSyncBatches(result, { repository: 'x', mode: 'full' });
  return batches.flatMap((b) => b.findings);
}

function write(dir: string, rel: string, text: string) {
  fs.mkdirSync(nodePath.dirname(nodePath.join(dir, rel)), { recursive: true });
  fs.writeFileSync(nodePath.join(dir, rel), text);
}

describe('sync payload (no service)', () => {
  it('holds no value, nor any 8-character piece of one; suppressed findings are left out', async () => {
    const t = await plantedTree(5);
    const extra = [s.token(40), s.raw.crcToken('ghp_'), s.password()];
    write(t.dir, 'src/more.ts', `export const apiKey = "${extra[0]}";\nconst gh = "${extra[1]}";\n`);
    write(t.dir, 'db.yml', `db:\n  password: "${extra[2]}"\n`);
    const result = await scanPaths([t.dir], { cwd: t.dir, workers: 1, includeSuppressed: true });
    assert.ok(result.findings.some((f) => f.suppressed), 'the planted tree has a suppressed finding');
    const batches = buildSyncBatches(result, { repository: 'example.com/acme/shop', mode: 'full', batchSize: 2 });
    const json = JSON.stringify(batches);
    for (const secret of [...t.secrets, ...extra]) {
      for (let i = 0; i + 8 <= secret.length; i++) assert.ok(!json.includes(secret.slice(i, i + 8)), `a piece of a planted value (at ${i}) is in the payload`);
    }
    const sent = batches.flatMap((b) => b.findings);
    const open = result.findings.filter((f) => !f.suppressed);
    assert.equal(sent.length, open.length);
    // The suppressed token (config/app.yml, 0-based line 3) is not sent.
    assert.ok(!sent.some((f) => f.path === 'config/app.yml' && f.line === 4));
    assert.ok(sent.some((f) => f.path === HOSTILE_NAME), 'paths are sent as they are');
  });

  it('batches: at most N findings, one scan id, keys scanId:index, only the last final, lines 1-based, uses with their findings', async () => {
    const t = await plantedTree(6);
    const result = await scanPaths([t.dir], { cwd: t.dir, workers: 1 });
    const batches = buildSyncBatches(result, { repository: 'example.com/acme/shop', commit: 'abcdef1', mode: 'partial', batchSize: 3 });
    const total = result.findings.length;
    assert.equal(batches.length, Math.ceil(total / 3));
    const scanId = batches[0].scanId;
    assert.match(scanId, /^[0-9a-f-]{36}$/);
    batches.forEach((b, i) => {
      assert.ok(b.findings.length <= 3);
      assert.equal(b.scanId, scanId);
      assert.equal(b.idempotencyKey, `${scanId}:${i}`);
      assert.equal(b.final, i === batches.length - 1);
      assert.equal(b.mode, 'partial');
      assert.equal(b.commit, 'abcdef1');
      // Each identity's uses come in the first batch whose findings name it (or earlier).
      for (const f of b.findings) {
        if (!f.identityKey) continue;
        const usesAt = batches.findIndex((x) => x.uses.some((u) => u.key === f.identityKey));
        if (usesAt >= 0) assert.ok(usesAt <= i, `${f.identityKey} uses come after its finding`);
      }
    });
    const github = result.findings.find((f) => f.ruleId === 'github-pat')!;
    const sent = batches.flatMap((b) => b.findings).find((f) => f.ruleId === 'github-pat')!;
    assert.equal(sent.line, github.range.startLine + 1);
    assert.equal(sent.line, 3);
    assert.equal(sent.identityKey, `literal:${github.fingerprint}`);
    assert.equal(sent.redacted, 'ghp_…');
    // The CI finding names the secret; it is linked to the graph's key of that secret.
    const npm = batches.flatMap((b) => b.findings).find((f) => f.ruleId === 'gha-npm-publish-token')!;
    assert.equal(npm.identityKey, 'github:ci-secret:NPM_TOKEN');
    // A new scan id per build.
    assert.notEqual(buildSyncBatches(result, { repository: 'r', mode: 'full' })[0].scanId, scanId);
  });

  it('an empty result is still one final batch (a full sync of a clean repository resolves everything)', () => {
    const batches = buildSyncBatches({ findings: [], identities: { identities: [] } }, { repository: 'example.com/a/b', mode: 'full' });
    assert.equal(batches.length, 1);
    assert.equal(batches[0].final, true);
    assert.deepEqual(batches[0].findings, []);
  });

  it('repository names from git remotes: https and ssh forms, credentials and ports dropped', () => {
    assert.equal(normaliseRemote('https://github.com/acme/shop.git'), 'github.com/acme/shop');
    assert.equal(normaliseRemote('git@github.com:acme/shop.git'), 'github.com/acme/shop');
    assert.equal(normaliseRemote('ssh://git@gitlab.example.com:2222/group/sub/proj.git'), 'gitlab.example.com/group/sub/proj');
    const secret = s.token(20);
    assert.equal(normaliseRemote(`https://ci:${secret}@GitHub.com/acme/shop/`), 'github.com/acme/shop');
    assert.equal(normaliseRemote('/srv/git/shop.git'), undefined);
    assert.equal(normaliseRemote('C:\\repos\\shop'), undefined);
  });

  it('Retry-After: seconds or an HTTP date', () => {
    assert.equal(retryAfterMs('3'), 3000);
    assert.equal(retryAfterMs(null), undefined);
    assert.equal(retryAfterMs('soon'), undefined);
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(retryAfterMs('Wed, 01 Jan 2025 00:00:05 GMT', now), 5000);
    assert.equal(retryAfterMs('Tue, 31 Dec 2024 00:00:00 GMT', now), 0);
  });
});

describe('nhi-lens sync against the real inventory service', function () {
  this.timeout(60_000);
  let svc: InProcessService;
  let token: string;
  let key: string;

  before(async () => {
    svc = await startInProcess();
    token = await createToken(svc.store, ['read', 'sync']);
    tokens.push(token);
    key = await new InventoryClient({ baseUrl: svc.url, token }).fingerprintKey();
  });
  after(async () => {
    await svc?.close();
  });

  const client = () => new InventoryClient({ baseUrl: svc.url, token });
  const findingsOf = (repository: string): Promise<StoredFinding[]> => {
    const c = client();
    return c.all((cursor) => c.listFindings({ repository, cursor, limit: 100 }));
  };

  describe('one repository, synced again and again', () => {
    const repo = 'example.com/acme/planted';
    let dir: string;
    let expected: Awaited<ReturnType<typeof expectedFindings>>;

    before(async () => {
      dir = (await plantedTree(21)).dir;
      expected = await expectedFindings(dir, key);
    });

    it('sends every open finding once; the service lists them with the org fingerprints', async () => {
      const r = await sync(['--inventory', svc.url, '--repository', repo], dir, token);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^synced ${repo} to ${svc.url} \\(full\\): ${expected.length} findings, \\d+ identity uses in 1 batch$`, 'm'));
      assert.match(r.stdout, new RegExp(`findings: ${expected.length} created, 0 updated, 0 resolved`));
      assert.ok(r.progress.some((l) => l === `synced batch 1/1 (${expected.length} findings)`), r.progress.join('\n'));
      const stored = await findingsOf(repo);
      assert.equal(stored.length, expected.length);
      assert.deepEqual(stored.map(keyOf).sort(), expected.map(keyOf).sort());
      assert.ok(stored.every((f) => f.status === 'open'));
      const github = stored.find((f) => f.ruleId === 'github-pat')!;
      assert.equal(github.path, 'config/app.yml');
      assert.equal(github.line, 3);
      assert.equal(github.redacted, 'ghp_…');
      assert.ok(github.identityId, 'a value finding is linked to its identity');
    });

    it('re-running creates no duplicates', async () => {
      const r = await sync(['--inventory', svc.url, '--repository', repo], dir, token);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`findings: 0 created, ${expected.length} updated, 0 resolved`));
      const stored = await findingsOf(repo);
      assert.equal(stored.length, expected.length);
      assert.equal(new Set(stored.map(keyOf)).size, stored.length);
    });

    it('a full sync after deleting a credential resolves exactly that finding', async () => {
      fs.rmSync(nodePath.join(dir, HOSTILE_NAME));
      const r = await sync(['--inventory', svc.url, '--repository', repo], dir, token);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.match(r.stdout, / 1 resolved/);
      const stored = await findingsOf(repo);
      assert.equal(stored.length, expected.length, 'a resolved finding stays, marked');
      const resolved = stored.filter((f) => f.status === 'resolved');
      assert.deepEqual(resolved.map((f) => `${f.ruleId} ${f.path}`), [`generic-password ${HOSTILE_NAME}`]);
    });

    it('--partial resolves nothing, even for a credential removed from the tree; the next full sync does', async () => {
      const app = fs.readFileSync(nodePath.join(dir, 'config/app.yml'), 'utf8');
      write(dir, 'config/app.yml', app.replace(/github: \S+/, 'github: ""'));
      const r = await sync(['--inventory', svc.url, '--repository', repo, '--partial'], dir, token);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.match(r.stdout, /\(partial\)/);
      assert.match(r.stdout, / 0 resolved/);
      const stored = await findingsOf(repo);
      assert.equal(stored.find((f) => f.ruleId === 'github-pat')!.status, 'open');
      assert.equal(stored.filter((f) => f.status === 'resolved').length, 1);

      const full = await sync(['--inventory', svc.url, '--repository', repo], dir, token);
      assert.equal(full.exitCode, 0, full.stderr);
      assert.match(full.stdout, / 1 resolved/);
      const after = await findingsOf(repo);
      assert.equal(after.find((f) => f.ruleId === 'github-pat')!.status, 'resolved');
      assert.equal(after.length, expected.length);
    });

    it('a new value where the old one was is a new finding; the old one stays resolved', async () => {
      const secret = s.raw.crcToken('ghp_');
      const app = fs.readFileSync(nodePath.join(dir, 'config/app.yml'), 'utf8');
      write(dir, 'config/app.yml', app.replace('github: ""', `github: ${secret}`));
      const r = await sync(['--inventory', svc.url, '--repository', repo], dir, token);
      assert.equal(r.exitCode, 0, r.stderr);
      const stored = await findingsOf(repo);
      // A different value is a different credential: a new finding; the old one stays resolved.
      const github = stored.filter((f) => f.ruleId === 'github-pat');
      assert.equal(github.length, 2);
      assert.deepEqual(github.map((f) => f.status).sort(), ['open', 'resolved']);
      assert.equal(github.find((f) => f.status === 'open')!.fingerprint, fingerprint(secret, key));
    });
  });

  it('the same credential in two repositories is one identity, listed as shared', async () => {
    const value = s.raw.crcToken('ghp_');
    const a = tempDir('nhi-sync-a-');
    const b = tempDir('nhi-sync-b-');
    write(a, 'deploy.env', `GH_TOKEN=${value}\n`);
    write(b, 'ci/settings.yml', `token: ${value}\n`);
    for (const [dir, repo] of [[a, 'example.com/acme/a'], [b, 'example.com/acme/b']]) {
      const r = await sync(['--inventory', svc.url, '--repository', repo], dir, token);
      assert.equal(r.exitCode, 0, r.stderr);
    }
    const fp = fingerprint(value, key);
    const c = client();
    const shared = await c.all((cursor) => c.shared({ cursor }));
    const mine = shared.filter((i) => i.fingerprints.includes(fp));
    assert.equal(mine.length, 1, 'one identity for the value');
    assert.equal(mine[0].repositories, 2);
    assert.deepEqual(mine[0].consumers.map((x) => `${x.repository}:${x.path}`).sort(), ['example.com/acme/a:deploy.env', 'example.com/acme/b:ci/settings.yml']);
    const [fa] = await findingsOf('example.com/acme/a');
    const [fb] = await findingsOf('example.com/acme/b');
    assert.equal(fa.identityId, mine[0].id);
    assert.equal(fb.identityId, mine[0].id);
    // The client reads the identity back by id.
    assert.equal((await c.getIdentity(mine[0].id)).id, mine[0].id);
  });

  it('repository and commit from git (ssh remote), root found from a subdirectory, which syncs as partial', async () => {
    const dir = tempDir('nhi-sync-git-');
    write(dir, 'app/config.env', `API_TOKEN=${s.token(32)}\n`);
    write(dir, 'lib/keys.env', `SECRET_KEY=${s.token(32)}\n`);
    const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { encoding: 'utf8' }).trim();
    git('init', '-q');
    git('remote', 'add', 'origin', 'git@github.com:acme/git-shop.git');
    git('add', '.');
    git('commit', '-q', '-m', 'init');
    const head = git('rev-parse', 'HEAD');
    const r = await sync(['--inventory', svc.url], dir, token);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^synced github\\.com/acme/git-shop at ${head.slice(0, 12)} to .* \\(full\\): 2 findings`, 'm'));
    const stored = await findingsOf('github.com/acme/git-shop');
    assert.deepEqual(stored.map((f) => `${f.path} ${f.commit}`).sort(), [`app/config.env ${head}`, `lib/keys.env ${head}`]);

    // From a subdirectory: paths stay repository-relative, and the subset cannot resolve the rest.
    fs.rmSync(nodePath.join(dir, 'lib'), { recursive: true });
    const sub = await sync(['--inventory', svc.url, '.'], nodePath.join(dir, 'app'), token);
    assert.equal(sub.exitCode, 0, sub.stderr);
    assert.match(sub.stderr, /partial sync, nothing is resolved/);
    assert.match(sub.stdout, /\(partial\): 1 finding,/);
    const after = await findingsOf('github.com/acme/git-shop');
    assert.ok(after.every((f) => f.status === 'open'), 'a subset resolved findings outside it');
    assert.deepEqual(after.map((f) => f.path).sort(), ['app/config.env', 'lib/keys.env']);
  });

  describe('retries, through a flaky proxy', () => {
    let proxy: FlakyProxy;
    before(async () => {
      proxy = await startProxy(svc.url);
    });
    after(() => proxy.close());

    it('503 on the first two sync requests (the second after applying: a lost acknowledgement): the sync succeeds, each finding stored once', async () => {
      const dir = (await plantedTree(31)).dir;
      const expected = await expectedFindings(dir, key);
      proxy.reset([
        { status: 503, retryAfter: '0', path: '/v1/sync' },
        { status: 503, afterForwarding: true, path: '/v1/sync' },
      ]);
      const r = await sync(['--inventory', proxy.url, '--repository', 'example.com/acme/flaky', '--batch-size', '4'], dir, token);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.equal((r.stderr.match(/retrying POST \/v1\/sync/g) ?? []).length, 2, r.stderr);
      assert.match(r.stdout, /1 batch was already applied/);
      const syncs = proxy.requests.filter((x) => x.path === '/v1/sync');
      // The first batch three times (same idempotency key each time), then the others once each.
      assert.equal(syncs.length, Math.ceil(expected.length / 4) + 2);
      assert.equal(new Set(syncs.slice(0, 3).map((x) => x.idempotencyKey)).size, 1);
      const stored = await findingsOf('example.com/acme/flaky');
      assert.equal(stored.length, expected.length);
      assert.deepEqual(stored.map(keyOf).sort(), expected.map(keyOf).sort());
    });

    it('a 400 is not retried; the error carries the API body', async () => {
      proxy.reset([]);
      const bad: SyncBatch = {
        idempotencyKey: 'bad-batch:0',
        repository: 'example.com/acme/bad',
        mode: 'full',
        scanId: 'bad-batch',
        final: true,
        findings: [{ ruleId: 'generic-secret', kind: 'generic-secret', severity: 'high', owasp: 'NHI2', fingerprint: 'a'.repeat(64), path: '../outside.env', line: 1 }],
        uses: [],
      };
      const c = new InventoryClient({ baseUrl: proxy.url, token, retry: { baseDelayMs: 1 } });
      const e = await c.sync(bad).then(() => undefined, (x: unknown) => x);
      assert.ok(e instanceof InventoryApiError, String(e));
      assert.equal(e.status, 400);
      assert.equal(e.code, 'invalid_request');
      assert.ok(Array.isArray(e.body.issues) && (e.body.issues as Array<{ path: string }>).some((i) => i.path === 'findings[0].path'));
      assert.equal(proxy.requests.length, 1);
      outputs.push(e.message);
    });

    it('500 is retried up to the attempts, then thrown; a Retry-After beyond the limit is not waited for', async () => {
      proxy.reset([{ status: 500 }, { status: 500 }, { status: 500 }]);
      const c = new InventoryClient({ baseUrl: proxy.url, token, retry: { attempts: 3, baseDelayMs: 1 } });
      const e = await c.fingerprintKey().then(() => undefined, (x: unknown) => x);
      assert.ok(e instanceof InventoryApiError && e.status === 500, String(e));
      assert.equal(proxy.requests.length, 3);

      proxy.reset([{ status: 429, retryAfter: '3600' }]);
      const started = Date.now();
      const late = await c.fingerprintKey().then(() => undefined, (x: unknown) => x);
      assert.ok(late instanceof InventoryApiError && late.status === 429, String(late));
      assert.ok(Date.now() - started < 5000);
      assert.equal(proxy.requests.length, 1);

      // Retry-After honoured: a 429 asking for 1 s is retried after about that long.
      proxy.reset([{ status: 429, retryAfter: '1' }]);
      const t0 = Date.now();
      assert.equal(await c.fingerprintKey(), key);
      assert.ok(Date.now() - t0 >= 950, `retried after ${Date.now() - t0} ms`);
      assert.equal(proxy.requests.length, 2);
    });
  });

  it('network errors are retried, then reported as unreachable', async () => {
    // A port that was just free: nothing listens there.
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const retries: number[] = [];
    const c = new InventoryClient({ baseUrl: `http://127.0.0.1:${port}`, token, retry: { attempts: 3, baseDelayMs: 20 }, onRetry: (r) => retries.push(r.attempt) });
    const e = await c.fingerprintKey().then(() => undefined, (x: unknown) => x);
    assert.ok(e instanceof InventoryUnreachable, String(e));
    assert.equal(e.attempts, 3);
    assert.deepEqual(retries, [1, 2]);
    assert.match(e.message, /ECONNREFUSED/);
    outputs.push(e.message);
  });

  it('a 401 exits 2 with the status, the API error code and a hint; a read-only token gets 403', async () => {
    const unknown = newToken();
    tokens.push(unknown);
    const dir = (await plantedTree(41)).dir;
    const r = await sync(['--inventory', svc.url, '--repository', 'example.com/acme/denied'], dir, unknown);
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /^nhi-lens: sync failed: the inventory answered HTTP 401 unauthorized to GET \/v1\/fingerprint-key: unknown or revoked token — check NHI_LENS_TOKEN\n$/);

    const readOnly = await createToken(svc.store, ['read']);
    tokens.push(readOnly);
    const ro = await sync(['--inventory', svc.url, '--repository', 'example.com/acme/denied'], dir, readOnly);
    assert.equal(ro.exitCode, 2);
    assert.match(ro.stderr, /sync failed after 0 of 1 batches \(re-running the sync is safe\): the inventory answered HTTP 403 forbidden to POST \/v1\/sync/);
    assert.deepEqual(await findingsOf('example.com/acme/denied'), []);
  });

  it('refuses a token on the command line (without echoing it) and needs NHI_LENS_TOKEN', async () => {
    const pasted = newToken();
    tokens.push(pasted);
    const dir = tempDir('nhi-sync-cli-');
    for (const args of [['--token', pasted], [`--token=${pasted}`], [pasted]]) {
      const r = await sync(['--inventory', svc.url, ...args], dir, token);
      assert.equal(r.exitCode, 2);
      assert.match(r.stderr, /a token on the command line is refused/);
    }
    const none = await syncCommand(['--inventory', svc.url], { cwd: dir, env: {} });
    outputs.push(none.stdout, none.stderr);
    assert.equal(none.exitCode, 2);
    assert.match(none.stderr, /set NHI_LENS_TOKEN/);
    const noUrl = await sync([], dir, token);
    assert.equal(noUrl.exitCode, 2);
    assert.match(noUrl.stderr, /--inventory URL/);
    const size = await sync(['--inventory', svc.url, '--batch-size', '0'], dir, token);
    assert.equal(size.exitCode, 2);
    assert.match(size.stderr, /--batch-size must be a whole number from 1 to 5000/);
  });

  it('ownership: a stale version is a VersionConflict carrying the current identity', async () => {
    const admin = await createToken(svc.store, ['admin']);
    tokens.push(admin);
    const c = new InventoryClient({ baseUrl: svc.url, token: admin });
    const [identity] = (await c.listIdentities({ limit: 1 })).items;
    assert.ok(identity, 'earlier syncs created identities');
    const updated = await c.updateOwnership(identity.id, { version: identity.version, purpose: 'deploys the shop' });
    assert.equal(updated.version, identity.version + 1);
    assert.equal(updated.purpose, 'deploys the shop');
    const e = await c.updateOwnership(identity.id, { version: identity.version, purpose: 'something else' }).then(() => undefined, (x: unknown) => x);
    assert.ok(e instanceof VersionConflict, String(e));
    assert.equal(e.status, 409);
    assert.equal(e.current.version, updated.version);
    assert.equal(e.current.purpose, 'deploys the shop');
    outputs.push(e.message);
  });

  it('no token appears in any output', () => {
    assert.ok(outputs.length > 20);
    for (const t of tokens) for (const o of outputs) assert.ok(!o.includes(t) && !o.includes(t.slice(5, 25)), 'a token leaked into an output');
  });
});

interface ProxyStep {
  status: number;
  /** Only a request to this path takes the step (default: any). */
  path?: string;
  retryAfter?: string;
  /** Forward the request first (the service applies it), then answer `status`: a lost acknowledgement. */
  afterForwarding?: boolean;
}

interface FlakyProxy {
  url: string;
  requests: Array<{ method: string; path: string; idempotencyKey?: string }>;
  /** Failures for the next requests (in order, each for the next request its `path` matches); then forward. */
  reset(steps: ProxyStep[]): void;
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of the service that answers the planned failures to the first
 * requests, then forwards.
 */
async function startProxy(target: string): Promise<FlakyProxy> {
  const upstream = new URL(target);
  let steps: ProxyStep[] = [];
  const requests: FlakyProxy['requests'] = [];
  const server = http.createServer((req, res) => {
    const idem = req.headers['idempotency-key'];
    requests.push({ method: req.method!, path: req.url!, idempotencyKey: typeof idem === 'string' ? idem : undefined });
    const planned = steps.length && (!steps[0].path || steps[0].path === req.url) ? steps.shift() : undefined;
    const fail = (step: ProxyStep) => {
      res.writeHead(step.status, { 'content-type': 'text/plain', ...(step.retryAfter ? { 'retry-after': step.retryAfter } : {}) });
      res.end('upstream trouble');
    };
    if (planned && !planned.afterForwarding) {
      req.resume();
      req.on('end', () => fail(planned));
      return;
    }
    const up = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (upRes) => {
      if (planned) {
        upRes.resume();
        upRes.on('end', () => fail(planned));
        return;
      }
      res.writeHead(upRes.statusCode!, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reset(next) {
      steps = [...next];
      requests.length = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
