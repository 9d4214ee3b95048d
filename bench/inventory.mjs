// `npm run bench:inventory`: the inventory service under load, on SQLite and on PostgreSQL.
// For each database: seed 100,000 identities (consumers, 150,000 findings over 500 repositories,
// 15% unowned, some shared, rotation and expiry dates spread) with bulk inserts, start
// `node dist/cli.js inventory serve` as a separate process, then drive it with autocannon at a fixed
// rate (default 500 requests/s) through three scenarios: reads of the lists and views, sustained
// syncs of 50-finding batches, and a 80/20 mix. Prints requests/s, p50 / p99 / max latency and
// errors per scenario (and per route); it exits non-zero only on errors, never on a missed target.
//
// Pacing: autocannon's `overallRate` caps each connection at rate/connections requests per wall
// second, and a connection sends its quota back to back as soon as the second starts — every
// connection at once. That is a burst of `connections` requests each second, not 500 requests/s. So
// each connection is also paced (autocannon's `setupClient` hook): one request every
// connections/rate seconds, the connections staggered, which spreads the same rate evenly.
// Latency is autocannon's response time of each request (no coordinated-omission "correction",
// which with a per-connection rate under 1/ms only adds made-up samples).
//
// Usage: node bench/inventory.mjs [--duration 20] [--rate 500] [--connections 100]
//          [--identities 100000] [--db sqlite,postgres] [--scenarios reads,sync,mixed] [--warmup 5]
// Needs the bundle and the compiled tests (`node esbuild.config.mjs && tsc -p tsconfig.test.json`).
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? dflt : process.argv[i + 1];
};
const duration = Number(arg('--duration', 20));
const rate = Number(arg('--rate', 500));
const connections = Number(arg('--connections', 100));
const identityCount = Number(arg('--identities', 100_000));
const warmup = Number(arg('--warmup', 5));
const databases = arg('--db', 'sqlite,postgres').split(',');
const scenarioNames = arg('--scenarios', 'reads,sync,mixed').split(',');

const out = (p) => path.join(root, 'out', p);
for (const f of ['src/inventory/store/kyselyStore.js', 'test/inventory/postgres.js', 'test/inventory/serviceHarness.js']) {
  if (!fs.existsSync(out(f))) {
    console.error(`missing out/${f}: run \`node esbuild.config.mjs && tsc -p tsconfig.test.json\` first (npm run bench:inventory does)`);
    process.exit(2);
  }
}
if (!fs.existsSync(path.join(root, 'dist/cli.js'))) {
  console.error('missing dist/cli.js: run `node esbuild.config.mjs` first');
  process.exit(2);
}
const { sql } = require('kysely');
const { openStore } = require(out('src/inventory/store/kyselyStore.js'));
const { rotationDue, addDays } = require(out('src/inventory/store/dates.js'));
const { newId } = require(out('src/inventory/db/ids.js'));
const { postgresTarget } = require(out('test/inventory/postgres.js'));
const { startChild, createToken } = require(out('test/inventory/serviceHarness.js'));

// Data ------------------------------------------------------------------------------------------

/** Deterministic PRNG (mulberry32): the same data set every run. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (xs) => xs[Math.floor(next() * xs.length)] };
}

/** Keyed-fingerprint-shaped (64 hex) and no credential: a hash of a label. */
const fp = (label) => createHash('sha256').update(label).digest('hex');

const TEAMS = ['payments', 'search', 'platform', 'identity', 'data', 'mobile', 'web', 'infra', 'security', 'ml', 'growth', 'billing'];
const ORGS = ['acme', 'acme-data', 'acme-infra', 'acme-labs'];
const SECRET_NAMES = ['STRIPE_API_KEY', 'DEPLOY_KEY', 'NPM_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'SLACK_WEBHOOK_URL', 'DATABASE_URL', 'SENTRY_AUTH_TOKEN', 'DOCKERHUB_TOKEN', 'GCP_SA_KEY', 'DATADOG_API_KEY', 'TWILIO_AUTH_TOKEN', 'SENDGRID_API_KEY', 'GH_APP_PRIVATE_KEY', 'PAGERDUTY_TOKEN', 'OPENAI_API_KEY', 'AZURE_CLIENT_SECRET'];
const VALUE_KINDS = [
  ['github-pat', 'github-token', 'ghp_'],
  ['aws-access-key', 'aws-access-key', 'AKIA'],
  ['slack-token', 'slack-token', 'xoxb'],
  ['stripe-secret-key', 'stripe-key', 'sk_l'],
  ['private-key', 'private-key', '----'],
  ['generic-password', 'password', 'pa**'],
];
const CONSTRUCT_RULES = [
  ['gha-permissions-write-all', 'ci-misuse', 'NHI5'],
  ['gha-pull-request-target-secrets', 'ci-misuse', 'NHI5'],
  ['long-lived-cloud-key', 'cloud-key', 'NHI7'],
  ['secret-in-build-arg', 'ci-misuse', 'NHI2'],
  ['overprivileged-service-account', 'service-account', 'NHI4'],
  ['shared-deploy-key', 'ci-misuse', 'NHI9'],
  ['unverified-action-with-secrets', 'ci-misuse', 'NHI3'],
  ['plaintext-env-secret', 'ci-misuse', 'NHI10'],
  ['static-token-in-k8s', 'token', 'NHI1'],
  ['human-credential-in-ci', 'ci-misuse', 'NHI8'],
];
const SEVERITIES = ['low', 'medium', 'medium', 'high', 'high', 'high', 'critical'];
const ENVS = ['prod', 'staging', 'dev'];
const REPOSITORIES = Array.from({ length: 500 }, (_, i) => `github.com/${ORGS[i % ORGS.length]}/svc-${i}`);
const FINDINGS_TARGET = Math.round(identityCount * 1.5);

/**
 * The data set, as table rows, plus what the load needs: each repository's findings (as a client
 * sends them) and uses, the identity ids, and search terms. `today` anchors every date.
 */
function generate(today) {
  const r = prng(20250601);
  const todayMs = Date.parse(`${today}T00:00:00.000Z`);
  const identities = [];
  const fingerprints = [];
  const consumers = [];
  const findings = [];
  const repoFindings = new Map(REPOSITORIES.map((x) => [x, []]));
  const repoUses = new Map(REPOSITORIES.map((x) => [x, []]));
  const findingKeys = new Set();
  const addFinding = (row, input, use) => {
    const key = `${row.repository}\0${row.fingerprint}\0${row.rule_id}\0${row.path}`;
    if (findingKeys.has(key)) return;
    findingKeys.add(key);
    findings.push(row);
    repoFindings.get(row.repository).push(input);
    if (use) repoUses.get(row.repository).push(use);
  };
  const findingRow = (fields, identity, createdAt) => {
    const u = r.next();
    const status = u < 0.72 ? 'open' : u < 0.95 ? 'resolved' : 'suppressed';
    return {
      id: newId(Date.parse(createdAt)),
      commit: null,
      identity_id: identity ? identity.id : null,
      owner_team: identity ? identity.team : null,
      first_seen: createdAt,
      last_seen: createdAt,
      last_scan_id: 'seed',
      status,
      status_reason: status === 'suppressed' ? 'test fixture' : status === 'resolved' ? 'rotated' : null,
      status_by: status === 'open' ? null : 'seed',
      ...fields,
    };
  };

  for (let i = 0; i < identityCount; i++) {
    const repoIndex = r.int(REPOSITORIES.length);
    const repo = REPOSITORIES[repoIndex];
    const createdAt = new Date(todayMs - (730 - (i * 730) / identityCount) * 86_400_000 + r.int(86_400_000)).toISOString();
    const u = r.next();
    const kind = u < 0.45 ? 'literal' : u < 0.8 ? 'ci-secret' : u < 0.85 ? 'ci-variable' : u < 0.9 ? 'cloud-key' : u < 0.95 ? 'service-account' : u < 0.98 ? 'token' : 'certificate';
    const owned = r.next() >= 0.15;
    const team = owned ? (r.next() < 0.9 ? TEAMS[repoIndex % TEAMS.length] : r.pick(TEAMS)) : null;
    const ownerPerson = owned && r.next() < 0.6 ? `dev${r.int(400)}@acme.example` : null;
    const rotationDays = r.next() < 0.6 ? r.pick([30, 90, 90, 180, 365]) : null;
    const lastRotated = rotationDays !== null && r.next() < 0.7 ? addDays(today, -r.int(400)) : null;
    const expiresAt = r.next() < 0.25 ? addDays(today, r.int(425) - 60) : null;
    const s = r.next();
    const status = s < 0.95 ? 'active' : s < 0.99 ? 'retired' : 'revoked';
    const env = r.pick(ENVS);
    const name = `${r.pick(SECRET_NAMES)}_${i.toString(36).toUpperCase()}`;
    const valueKind = r.pick(VALUE_KINDS);
    const fingerprint = kind === 'literal' || (kind === 'cloud-key' && r.next() < 0.5) ? fp(`bench-value-${i}`) : null;
    const key =
      kind === 'literal'
        ? `literal:${fingerprint}`
        : kind === 'ci-secret' || kind === 'ci-variable'
          ? `${repo}#github:${kind}:${name}`
          : `vault:kv:${team ?? 'shared'}/${name.toLowerCase()}`;
    const identity = {
      id: newId(Date.parse(createdAt)),
      key,
      kind,
      provider: kind === 'cloud-key' || kind === 'service-account' ? r.pick(['aws', 'gcp', 'azure']) : null,
      display_name: kind === 'literal' ? `${valueKind[1]} ${valueKind[2]}…` : name,
      owner_person: ownerPerson,
      team,
      purpose: r.next() < 0.3 ? `deploys svc-${repoIndex} to ${env}` : null,
      environments: JSON.stringify(r.next() < 0.5 ? [env] : []),
      created_at: createdAt,
      last_seen: createdAt,
      last_rotated: lastRotated,
      rotation_days: rotationDays,
      rotation_due: rotationDue(createdAt, lastRotated, rotationDays),
      expires_at: expiresAt,
      status,
      version: 1,
      consumer_repositories: 0,
      consumer_pipelines: 0,
      shared: 0,
    };
    identities.push(identity);
    if (fingerprint) fingerprints.push({ fingerprint, identity_id: identity.id });

    // Where it is used: its home repository, and for some (8%) more repositories or pipelines.
    const sharedIn = r.next() < 0.08 ? 1 + r.int(3) : 0;
    const uses = [];
    if (kind === 'literal') {
      const vk = valueKind;
      const files = 1 + r.int(3); // a value is often in more than one file
      const repos = [repo, ...Array.from({ length: sharedIn }, () => r.pick(REPOSITORIES))];
      for (const [k, where] of repos.entries()) {
        for (let f = 0; f < (k === 0 ? files : 1); f++) {
          const p = `${r.pick(['src', 'config', 'deploy', 'scripts'])}/m${i}/${r.pick(['settings.py', 'app.ts', '.env', 'values.yaml'])}${f ? `.${f}` : ''}`;
          uses.push({ repository: where, path: p, job: '', pipeline: null });
          const input = { ruleId: vk[0], kind: vk[1], severity: r.pick(SEVERITIES), owasp: 'NHI2', fingerprint, path: p, line: 1 + r.int(400), redacted: `${vk[2]}…` };
          addFinding(findingRow({ rule_id: input.ruleId, kind: input.kind, severity: input.severity, owasp: input.owasp, fingerprint, repository: where, path: p, line: input.line, redacted: input.redacted }, identity, createdAt), input);
        }
      }
    } else if (kind === 'ci-secret' || kind === 'ci-variable') {
      const pipelines = ['deploy', ...Array.from({ length: sharedIn }, (_, k) => `release-${k}`)];
      for (const pipeline of pipelines) uses.push({ repository: repo, path: `.github/workflows/${pipeline}.yml`, job: 'publish', pipeline, environment: env });
      if (r.next() < 0.4) {
        const rule = r.pick(CONSTRUCT_RULES.slice(0, 2));
        const p = `.github/workflows/${pipelines[0]}.yml`;
        const input = { ruleId: rule[0], kind: rule[1], severity: r.pick(SEVERITIES), owasp: rule[2], fingerprint: fp(`bench-use-${i}`), path: p, line: 1 + r.int(200), identityKey: `github:${kind}:${name}` };
        const use = { key: `github:${kind}:${name}`, kind, name, platform: 'github', path: p, line: input.line, pipeline: pipelines[0], job: 'publish', environment: env };
        addFinding(findingRow({ rule_id: input.ruleId, kind: input.kind, severity: input.severity, owasp: input.owasp, fingerprint: input.fingerprint, repository: repo, path: p, line: input.line, redacted: null }, identity, createdAt), input, use);
      }
    } else {
      for (const where of [repo, ...Array.from({ length: sharedIn }, () => r.pick(REPOSITORIES))]) uses.push({ repository: where, path: 'deploy/terraform/main.tf', job: '', pipeline: null });
    }
    const seen = new Set();
    for (const c of uses) {
      const k = `${c.repository}\0${c.path}\0${c.job}`;
      if (seen.has(k)) continue;
      seen.add(k);
      consumers.push({ identity_id: identity.id, repository: c.repository, path: c.path, job: c.job, line: null, platform: c.job ? 'github' : 'file', pipeline: c.pipeline, environment: c.environment ?? null, last_seen: createdAt });
    }
    // The derived columns, as `recountConsumers` computes them.
    const repos = new Set(uses.map((c) => c.repository));
    const pipelines = new Set(uses.filter((c) => c.pipeline).map((c) => `${c.repository}/${c.pipeline}`));
    identity.consumer_repositories = repos.size;
    identity.consumer_pipelines = pipelines.size;
    identity.shared = repos.size > 1 || pipelines.size > 1 ? 1 : 0;
  }

  // Construct findings (about how CI is set up; no value, no identity) up to the total.
  for (let i = 0; findings.length < FINDINGS_TARGET; i++) {
    const repo = r.pick(REPOSITORIES);
    const rule = r.pick(CONSTRUCT_RULES);
    const createdAt = new Date(todayMs - r.int(700) * 86_400_000).toISOString();
    const input = { ruleId: rule[0], kind: rule[1], severity: r.pick(SEVERITIES), owasp: rule[2], fingerprint: fp(`bench-construct-${i}`), path: `.github/workflows/c${i}.yml`, line: 1 + r.int(300) };
    addFinding(findingRow({ rule_id: input.ruleId, kind: input.kind, severity: input.severity, owasp: input.owasp, fingerprint: input.fingerprint, repository: repo, path: input.path, line: input.line, redacted: null }, null, createdAt), input);
  }

  // Search terms a person types: a secret name, a part of one, a person, a repository, a purpose.
  const terms = [];
  for (let k = 0; k < 200; k++) {
    const i = r.int(identityCount);
    const x = identities[i];
    const u = r.next();
    terms.push(
      u < 0.3 ? x.display_name.toLowerCase() : u < 0.5 ? r.pick(SECRET_NAMES).toLowerCase().slice(0, 6) : u < 0.7 ? `dev${r.int(400)}@` : u < 0.85 ? `svc-${r.int(500)}` : r.pick(['stripe', 'deploy_key', 'prod', 'github-token', 'AKIA']),
    );
  }
  return { identities, fingerprints, consumers, findings, repoFindings, repoUses, terms };
}

async function insertAll(trx, table, rows, size = 500) {
  for (let i = 0; i < rows.length; i += size) await trx.insertInto(table).values(rows.slice(i, i + size)).execute();
}

/** Seeds a migrated, empty store; returns the data the load needs. */
async function seed(store) {
  const today = new Date().toISOString().slice(0, 10);
  const t0 = performance.now();
  const data = generate(today);
  const generated = performance.now();
  await store.db.transaction().execute(async (trx) => {
    await trx.insertInto('teams').values(TEAMS.map((name) => ({ name, display_name: null, created_at: `${today}T00:00:00.000Z` }))).execute();
    await insertAll(trx, 'identities', data.identities);
    await insertAll(trx, 'identity_fingerprints', data.fingerprints);
    await insertAll(trx, 'consumers', data.consumers);
    await insertAll(trx, 'findings', data.findings);
  });
  // What PostgreSQL's autovacuum would do soon after a load this size (SQLite keeps no statistics
  // unless asked, and the service does not ask).
  if (store.dialect === 'postgres') await sql`analyze`.execute(store.db);
  const done = performance.now();
  const open = data.findings.filter((f) => f.status === 'open').length;
  console.log(
    `  seeded ${data.identities.length.toLocaleString('en')} identities (${data.identities.filter((x) => !x.team && !x.owner_person).length.toLocaleString('en')} unowned, ${data.identities.filter((x) => x.shared).length.toLocaleString('en')} shared), ` +
      `${data.consumers.length.toLocaleString('en')} consumers, ${data.findings.length.toLocaleString('en')} findings (${open.toLocaleString('en')} open) over ${REPOSITORIES.length} repositories ` +
      `in ${((done - generated) / 1000).toFixed(1)} s (+${((generated - t0) / 1000).toFixed(1)} s generating)`,
  );
  return { ...data, ids: data.identities.map((x) => x.id) };
}

// Load ------------------------------------------------------------------------------------------

function requestMakers(data, tokens) {
  const r = prng(7);
  const auth = (t) => ({ authorization: `Bearer ${t}`, 'content-type': 'application/json' });
  const get = (route, p) => ({ route, method: 'GET', path: p, headers: auth(tokens.read) });
  let fresh = 0;
  const runId = randomUUID().slice(0, 8);
  const reads = [
    [0.3, () => get('identity by id', `/v1/identities/${r.pick(data.ids)}`)],
    [0.1, () => get('identities', '/v1/identities?limit=50')],
    [0.1, () => get('identities q=', `/v1/identities?limit=50&q=${encodeURIComponent(r.pick(data.terms))}`)],
    [0.1, () => get('identities team=', `/v1/identities?limit=50&team=${r.pick(TEAMS)}`)],
    [0.08, () => get('unowned', '/v1/views/unowned')],
    [0.08, () => get('rotation-overdue', '/v1/views/rotation-overdue')],
    [0.08, () => get('expiring', '/v1/views/expiring?days=30')],
    [0.08, () => get('shared', '/v1/views/shared')],
    [0.08, () => get('open-findings', '/v1/views/open-findings')],
  ];
  const read = () => {
    let u = r.next();
    for (const [w, make] of reads) if ((u -= w) < 0) return make();
    return reads[0][1]();
  };
  /** A partial sync of 50 findings of one repository: 48 seen again, 2 new values. */
  const sync = () => {
    const repo = r.pick(REPOSITORIES);
    const known = data.repoFindings.get(repo);
    const picked = new Map();
    for (let tries = 0; picked.size < Math.min(48, known.length) && tries < 500; tries++) {
      const f = known[r.int(known.length)];
      picked.set(`${f.fingerprint}\0${f.ruleId}\0${f.path}`, { ...f, line: f.line + (r.next() < 0.1 ? 1 : 0) });
    }
    const batchFindings = [...picked.values()];
    while (batchFindings.length < 50) {
      const n = fresh++;
      batchFindings.push({ ruleId: 'github-pat', kind: 'github-token', severity: 'high', owasp: 'NHI2', fingerprint: fp(`bench-new-${runId}-${n}`), path: `src/new/${runId}/f${n}.ts`, line: 7, redacted: 'ghp_…' });
    }
    const keys = new Set(batchFindings.map((f) => f.identityKey).filter(Boolean));
    const uses = data.repoUses.get(repo).filter((u) => keys.has(u.key));
    const body = JSON.stringify({ idempotencyKey: randomUUID(), repository: repo, commit: createHash('sha1').update(String(r.next())).digest('hex'), mode: 'partial', scanId: randomUUID(), final: true, findings: batchFindings, uses });
    return { route: 'sync', method: 'POST', path: '/v1/sync', headers: auth(tokens.sync), body };
  };
  return { read, sync, mixed: () => (r.next() < 0.8 ? read() : sync()) };
}

function quantiles(values) {
  const v = Float64Array.from(values).sort();
  const at = (p) => (v.length ? v[Math.min(v.length - 1, Math.floor(p * v.length))] : NaN);
  return { n: v.length, p50: at(0.5), p99: at(0.99), max: v.length ? v[v.length - 1] : NaN };
}

/** One autocannon run at `rate` requests/s, each connection paced (see the header). */
async function load(url, make, seconds) {
  const target = new URL(url);
  const slotMs = (1000 * connections) / rate;
  const t0 = performance.now() + 50;
  let next = 0;
  const byRoute = new Map();
  const firstRefusal = new Map();
  const instance = autocannon({
    url: url,
    connections,
    overallRate: rate,
    duration: seconds,
    ignoreCoordinatedOmission: true,
    requests: [
      {
        setupRequest(req, context) {
          const made = make();
          context.route = made.route;
          return { ...req, method: made.method, path: made.path, headers: made.headers, body: made.body ?? Buffer.alloc(0), host: target.host };
        },
        onResponse(status, body, context) {
          // The first refusal per route, to say why (error bodies name fields, never values).
          if ((status < 200 || status >= 300) && !firstRefusal.has(context.route)) firstRefusal.set(context.route, `${status} ${String(body).slice(0, 300)}`);
        },
      },
    ],
    setupClient(client) {
      // Connection k sends at t0 + (k + ½)·1000/rate ms, then every connections·1000/rate ms.
      const send = client._doRequest;
      let due = t0 + (next++ + 0.5) * (1000 / rate);
      client._doRequest = function paced(...args) {
        const wait = due - performance.now();
        due += slotMs;
        if (wait > 0) setTimeout(() => send.apply(client, args), wait);
        else send.apply(client, args);
      };
    },
  });
  instance.on('response', (client, statusCode, _bytes, responseTime) => {
    const route = client.requestIterator.context.route ?? '?';
    let s = byRoute.get(route);
    if (!s) byRoute.set(route, (s = { times: [], bad: 0 }));
    s.times.push(responseTime);
    if (statusCode < 200 || statusCode >= 300) s.bad++;
  });
  const result = await instance;
  const all = [...byRoute.values()].flatMap((s) => s.times);
  return {
    achieved: all.length / seconds,
    ...quantiles(all),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    routes: [...byRoute.entries()].map(([route, s]) => ({ route, ...quantiles(s.times), bad: s.bad, refusal: firstRefusal.get(route) })).sort((a, b) => b.p99 - a.p99),
  };
}

const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : '—');
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

async function benchDatabase(name, target, dispose) {
  console.log(`\n${name}`);
  const store = await openStore(target);
  let data;
  let tokens;
  try {
    data = await seed(store);
    tokens = { read: await createToken(store, ['read']), sync: await createToken(store, ['sync']) };
  } finally {
    await store.close();
  }
  const server = await startChild(target, 120_000);
  const rows = [];
  try {
    const makers = requestMakers(data, tokens);
    if (warmup > 0) await load(server.url, makers.mixed, warmup);
    for (const scenario of scenarioNames) {
      const make = scenario === 'reads' ? makers.read : scenario === 'sync' ? makers.sync : makers.mixed;
      const load1 = os.loadavg()[0];
      const r = await load(server.url, make, duration);
      rows.push({ scenario, load1, ...r });
      console.log(
        `  ${pad(scenario, 6)} ${lpad(r.achieved.toFixed(0), 5)} req/s   p50 ${lpad(ms(r.p50), 9)}   p99 ${lpad(ms(r.p99), 9)}   max ${lpad(ms(r.max), 9)}   errors ${r.errors}   non-2xx ${r.non2xx}   (load ${load1.toFixed(2)} at start)`,
      );
      if (r.routes.length > 1 || process.argv.includes('--routes')) {
        for (const x of r.routes) console.log(`      ${pad(x.route, 18)} ${lpad(x.n, 6)} req   p50 ${lpad(ms(x.p50), 9)}   p99 ${lpad(ms(x.p99), 9)}   max ${lpad(ms(x.max), 9)}${x.bad ? `   non-2xx ${x.bad}` : ''}`);
      }
      for (const x of r.routes) if (x.refusal) console.log(`      first non-2xx of ${x.route}: ${x.refusal}`);
    }
  } finally {
    await server.stop();
    await dispose();
  }
  return rows;
}

console.log(
  `inventory service under load: ${rate} requests/s for ${duration} s per scenario, ${connections} connections (paced), ` +
    `${identityCount.toLocaleString('en')} identities; node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`,
);
let failed = false;
const summary = [];
for (const db of databases) {
  if (db === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-lens-bench-inv-'));
    summary.push(['SQLite', await benchDatabase('SQLite (temp file, WAL)', path.join(dir, 'inventory.db'), async () => fs.rmSync(dir, { recursive: true, force: true }))]);
  } else if (db === 'postgres') {
    const pg = await postgresTarget();
    if (!pg) {
      console.log('\nPostgreSQL: SKIPPED — no server (set NHI_LENS_TEST_PG=postgres://… or install Debian\'s postgresql for a throwaway one)');
      continue;
    }
    summary.push(['PostgreSQL', await benchDatabase('PostgreSQL (throwaway server, fsync off)', pg.url, pg.drop)]);
  } else {
    console.error(`unknown --db ${db} (sqlite, postgres)`);
    process.exit(2);
  }
}

console.log(`\n${pad('database', 11)} ${pad('scenario', 9)} ${lpad('req/s', 6)} ${lpad('p50', 10)} ${lpad('p99', 10)} ${lpad('max', 10)} ${lpad('errors', 7)} ${lpad('non-2xx', 8)}`);
for (const [db, rows] of summary) {
  for (const r of rows) {
    console.log(`${pad(db, 11)} ${pad(r.scenario, 9)} ${lpad(r.achieved.toFixed(0), 6)} ${lpad(ms(r.p50), 10)} ${lpad(ms(r.p99), 10)} ${lpad(ms(r.max), 10)} ${lpad(r.errors, 7)} ${lpad(r.non2xx, 8)}`);
    if (r.errors > 0 || r.non2xx > 0) failed = true;
  }
}
console.log(`target: p99 under 50 ms at ${rate} requests/s (printed, not asserted)`);
process.exit(failed ? 1 : 0);
