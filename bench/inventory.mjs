// `npm run bench:inventory`: the inventory service under load, on SQLite and on PostgreSQL.
// For each database: seed 100,000 identities (consumers, 150,000 findings over 500 repositories,
// 15% unowned, some shared, rotation and expiry dates spread) with bulk inserts, start
// `node dist/cli.js inventory serve` as a separate process, then drive it with autocannon at a fixed
// rate (default 500 requests/s) through three scenarios: reads of the lists and views, sustained
// syncs of 50-finding batches, and a 80/20 mix. Prints requests/s, p50 / p99 / max latency and
// errors per scenario (and per route). It exits non-zero only on errors (a failed connection, a
// non-2xx answer), never on a missed target; a request unanswered after 10 s is a timeout, counted
// as 10 s in the latency figures.
//
// Pacing: autocannon's `overallRate` caps each connection at rate/connections requests per wall
// second, and a connection sends its quota back to back as soon as the second starts — every
// connection at once. That is a burst of `connections` requests each second, not 500 requests/s. So
// each connection is also paced (autocannon's `setupClient` hook): one request every
// connections/rate seconds, the connections staggered, which spreads the same rate evenly.
// Latency is autocannon's response time of each request, uncorrected: with a rate set, autocannon's
// coordinated-omission correction assumes one request per millisecond per connection and adds
// invented samples below every slow one.
//
// Usage: node bench/inventory.mjs [--duration 20] [--rate 500] [--connections 100]
//          [--identities 100000] [--db sqlite,postgres] [--scenarios reads,sync,mixed] [--warmup 5]
//          [--timeline]   (per-second figures; per-route figures come with every scenario of several routes)
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
const showTimeline = process.argv.includes('--timeline');

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
const NAME_SUFFIXES = ['', '', '', '_LEGACY', '_EU', '_US', '_APAC', '_INTERNAL', '_EXTERNAL', '_READONLY'];
// Names of words, not of letters and digits: the service's payload guard (server/secretGuard.ts)
// takes some of those (`src/m12/app.ts`, `github.com/acme/svc-12`) for a high-entropy value.
const AREAS = ['checkout', 'billing', 'search', 'catalog', 'payments', 'ledger', 'identity', 'gateway', 'orders', 'shipping', 'inventory', 'pricing', 'reports', 'mobile', 'web', 'auth', 'notify', 'media', 'profile', 'fraud', 'analytics', 'support', 'partner', 'loyalty', 'routing'];
const PARTS = ['api', 'service', 'worker', 'frontend', 'backend', 'jobs', 'infra', 'sdk', 'cli', 'portal', 'admin', 'sync', 'etl', 'proxy', 'cron', 'events', 'store', 'bot', 'hub', 'lambda'];
const DIRS = ['src', 'config', 'deploy', 'scripts', 'lib', 'app'];
const FILES = ['settings.py', 'app.ts', '.env', 'values.yaml', 'config.json', 'docker-compose.yml', 'main.tf', 'application.properties'];
const REPO_NAMES = AREAS.flatMap((a) => PARTS.map((b) => `${a}-${b}`));
const REPOSITORIES = REPO_NAMES.map((name, i) => `github.com/${ORGS[i % ORGS.length]}/${name}`);
const FINDINGS_TARGET = Math.round(identityCount * 1.5);

/**
 * The data set, as table rows, plus what the load needs: each repository's findings (as a client
 * sends them) and uses, the identity ids, and search terms. `today` anchors every date.
 */
function generate(today) {
  const r = prng(20250601);
  const todayMs = Date.parse(`${today}T00:00:00.000Z`);
  const DAY = 86_400_000;
  // The inventory grows as repositories are onboarded (between two years and two months ago): a
  // repository's first full scan brings most of its identities and findings at once, later scans
  // the rest. Rows are inserted in time order, as the service would have written them.
  const onboarded = REPOSITORIES.map(() => todayMs - (60 + r.int(670)) * DAY);
  const firstSeen = (repoIndex, notBefore = 0) => {
    const start = Math.max(onboarded[repoIndex], notBefore);
    return new Date(r.next() < 0.7 ? start + r.int(3_600_000) : start + r.int(Math.max(1, todayMs - start))).toISOString();
  };
  const identities = [];
  const fingerprints = [];
  const consumers = [];
  const findings = [];
  const repoFindings = new Map(REPOSITORIES.map((x) => [x, []]));
  const repoUses = new Map(REPOSITORIES.map((x) => [x, []]));
  const findingKeys = new Set();
  // Secret names are unique per repository (the identity key of a named secret is repository#name).
  const namesIn = new Map();
  const secretName = (repo) => {
    const taken = namesIn.get(repo) ?? namesIn.set(repo, new Set()).get(repo);
    for (;;) {
      const name = `${r.pick(SECRET_NAMES)}_${r.pick(AREAS).toUpperCase()}_${r.pick(ENVS).toUpperCase()}${r.pick(NAME_SUFFIXES)}`;
      if (!taken.has(name)) return taken.add(name), name;
    }
  };
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
    const createdAt = firstSeen(repoIndex);
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
    const name = secretName(repo);
    const valueKind = r.pick(VALUE_KINDS);
    const fingerprint = kind === 'literal' || (kind === 'cloud-key' && r.next() < 0.5) ? fp(`bench-value-${i}`) : null;
    const key =
      kind === 'literal'
        ? `literal:${fingerprint}`
        : kind === 'ci-secret' || kind === 'ci-variable'
          ? `${repo}#github:${kind}:${name}`
          : `vault:kv:${REPO_NAMES[repoIndex]}/${name.toLowerCase()}`;
    const identity = {
      id: newId(Date.parse(createdAt)),
      key,
      kind,
      provider: kind === 'cloud-key' || kind === 'service-account' ? r.pick(['aws', 'gcp', 'azure']) : null,
      display_name: kind === 'literal' ? `${valueKind[1]} ${valueKind[2]}…` : name,
      owner_person: ownerPerson,
      team,
      purpose: r.next() < 0.3 ? `deploys ${REPO_NAMES[repoIndex]} to ${env}` : null,
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
      const repos = [repoIndex, ...Array.from({ length: sharedIn }, () => r.int(REPOSITORIES.length))];
      for (const [k, whereIndex] of repos.entries()) {
        const where = REPOSITORIES[whereIndex];
        const seenAt = k === 0 ? createdAt : firstSeen(whereIndex, Date.parse(createdAt));
        for (let f = 0; f < (k === 0 ? files : 1); f++) {
          const p = `${r.pick(DIRS)}/${r.pick(AREAS)}/${r.pick(FILES)}`;
          uses.push({ repository: where, path: p, job: '', pipeline: null, at: seenAt });
          const input = { ruleId: vk[0], kind: vk[1], severity: r.pick(SEVERITIES), owasp: 'NHI2', fingerprint, path: p, line: 1 + r.int(400), redacted: `${vk[2]}…` };
          addFinding(findingRow({ rule_id: input.ruleId, kind: input.kind, severity: input.severity, owasp: input.owasp, fingerprint, repository: where, path: p, line: input.line, redacted: input.redacted }, identity, seenAt), input);
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
      consumers.push({ identity_id: identity.id, repository: c.repository, path: c.path, job: c.job, line: null, platform: c.job ? 'github' : 'file', pipeline: c.pipeline, environment: c.environment ?? null, last_seen: c.at ?? createdAt });
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
    const repoIndex = r.int(REPOSITORIES.length);
    const repo = REPOSITORIES[repoIndex];
    const rule = r.pick(CONSTRUCT_RULES);
    const createdAt = firstSeen(repoIndex);
    const input = { ruleId: rule[0], kind: rule[1], severity: r.pick(SEVERITIES), owasp: rule[2], fingerprint: fp(`bench-construct-${i}`), path: `.github/workflows/${r.pick(AREAS)}-${r.pick(['deploy', 'release', 'publish', 'nightly'])}.yml`, line: 1 + r.int(300) };
    addFinding(findingRow({ rule_id: input.ruleId, kind: input.kind, severity: input.severity, owasp: input.owasp, fingerprint: input.fingerprint, repository: repo, path: input.path, line: input.line, redacted: null }, null, createdAt), input);
  }

  // Search terms a person types: a secret name, a part of one, a person, a repository, a purpose.
  const terms = [];
  for (let k = 0; k < 200; k++) {
    const i = r.int(identityCount);
    const x = identities[i];
    const u = r.next();
    terms.push(
      u < 0.3 ? x.display_name.toLowerCase() : u < 0.5 ? r.pick(SECRET_NAMES).toLowerCase().slice(0, 6) : u < 0.7 ? `dev${r.int(400)}@` : u < 0.85 ? r.pick(REPO_NAMES) : r.pick(['stripe', 'deploy_key', 'prod', 'github-token', 'AKIA']),
    );
  }
  identities.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
  findings.sort((a, b) => (a.first_seen < b.first_seen ? -1 : a.first_seen > b.first_seen ? 1 : 0));
  consumers.sort((a, b) => (a.last_seen < b.last_seen ? -1 : a.last_seen > b.last_seen ? 1 : 0));
  return { identities, fingerprints, consumers, findings, repoFindings, repoUses, terms };
}

/**
 * Bulk insert. SQLite: multi-row INSERTs (its statements run in-process). PostgreSQL: one JSON
 * parameter per 5,000 rows expanded by the server (json_populate_recordset), instead of
 * hundreds of thousands of bound parameters.
 */
async function insertAll(trx, dialect, table, rows) {
  if (dialect === 'sqlite') {
    for (let i = 0; i < rows.length; i += 500) await trx.insertInto(table).values(rows.slice(i, i + 500)).execute();
    return;
  }
  // JSON columns hold JSON text on both engines; here they go in as JSON values.
  const asJson = (r) => (r.environments === undefined ? r : { ...r, environments: JSON.parse(r.environments) });
  for (let i = 0; i < rows.length; i += 5000) {
    const part = JSON.stringify(rows.slice(i, i + 5000).map(asJson));
    await sql`insert into ${sql.table(table)} select * from json_populate_recordset(null::${sql.table(table)}, ${part}::json)`.execute(trx);
  }
}

/** Seeds a migrated, empty store; returns the data the load needs. */
async function seed(store) {
  const today = new Date().toISOString().slice(0, 10);
  const t0 = performance.now();
  const data = generate(today);
  const generated = performance.now();
  await store.db.transaction().execute(async (trx) => {
    await trx.insertInto('teams').values(TEAMS.map((name) => ({ name, display_name: null, created_at: `${today}T00:00:00.000Z` }))).execute();
    for (const [table, rows] of [['identities', data.identities], ['identity_fingerprints', data.fingerprints], ['consumers', data.consumers], ['findings', data.findings]]) {
      await insertAll(trx, store.dialect, table, rows);
    }
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
  // Only what the requests need: the rows themselves would keep the load generator's heap large,
  // and its garbage collections would show up as the service's latency.
  return { ids: data.identities.map((x) => x.id), terms: data.terms, repoFindings: data.repoFindings, repoUses: data.repoUses };
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
      batchFindings.push({ ruleId: 'github-pat', kind: 'github-token', severity: 'high', owasp: 'NHI2', fingerprint: fp(`bench-new-${runId}-${n}`), path: `${r.pick(DIRS)}/${r.pick(AREAS)}/${r.pick(FILES)}`, line: 7, redacted: 'ghp_…' });
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

/** One autocannon run at `atRate` requests/s, each connection paced (see the header). */
async function load(url, make, seconds, atRate = rate) {
  const target = new URL(url);
  const conns = Math.min(connections, atRate); // autocannon's own rule: no more connections than requests/s
  const slotMs = (1000 * conns) / atRate;
  const t0 = performance.now() + 50;
  let next = 0;
  const byRoute = new Map();
  const firstRefusal = new Map();
  const instance = autocannon({
    url: url,
    connections: conns,
    overallRate: atRate,
    duration: seconds,
    timeout: TIMEOUT_MS / 1000,
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
      let due = t0 + (next++ + 0.5) * (1000 / atRate);
      client._doRequest = function paced(...args) {
        const wait = due - performance.now();
        due += slotMs;
        if (wait > 0) setTimeout(() => send.apply(client, args), wait);
        else send.apply(client, args);
      };
    },
  });
  const perSecond = [];
  instance.on('response', (client, statusCode, _bytes, responseTime) => {
    const second = Math.max(0, Math.floor((performance.now() - t0) / 1000));
    (perSecond[second] ??= []).push(responseTime);
    const route = client.requestIterator.context.route ?? '?';
    let s = byRoute.get(route);
    if (!s) byRoute.set(route, (s = { times: [], bad: 0 }));
    s.times.push(responseTime);
    if (statusCode < 200 || statusCode >= 300) s.bad++;
  });
  const result = await instance;
  const answered = [...byRoute.values()].flatMap((s) => s.times);
  // A request unanswered after autocannon's timeout (10 s) counts as that long: left out, an
  // overloaded run would look fast.
  const all = [...answered, ...Array.from({ length: result.timeouts }, () => TIMEOUT_MS)];
  return {
    achieved: answered.length / result.duration,
    seconds: result.duration,
    ...quantiles(all),
    errors: result.errors - result.timeouts, // autocannon counts timeouts among its errors
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    routes: [...byRoute.entries()].map(([route, s]) => ({ route, ...quantiles(s.times), bad: s.bad, refusal: firstRefusal.get(route) })).sort((a, b) => b.p99 - a.p99),
    timeline: perSecond.map((times) => quantiles(times ?? [])),
  };
}

/** Waits until the service answers at once again (an overloaded run leaves a queue behind). */
async function settle(url, timeoutMs = 120_000) {
  const end = Date.now() + timeoutMs;
  for (let quick = 0; quick < 3 && Date.now() < end; ) {
    const t = performance.now();
    await (await fetch(`${url}/healthz`)).arrayBuffer();
    quick = performance.now() - t < 20 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const TIMEOUT_MS = 10_000;
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
    if (warmup > 0) {
      // Compile the hot paths (JIT, statement caches) on both kinds of request, gently.
      await load(server.url, makers.read, warmup, Math.min(rate, 200));
      await load(server.url, makers.sync, warmup, Math.min(rate, 20));
    }
    for (const scenario of scenarioNames) {
      const make = scenario === 'reads' ? makers.read : scenario === 'sync' ? makers.sync : makers.mixed;
      await settle(server.url);
      const load1 = os.loadavg()[0];
      const r = await load(server.url, make, duration);
      rows.push({ scenario, load1, ...r });
      console.log(
        `  ${pad(scenario, 6)} ${lpad(r.achieved.toFixed(0), 5)} req/s   p50 ${lpad(ms(r.p50), 9)}   p99 ${lpad(ms(r.p99), 9)}   max ${lpad(ms(r.max), 9)}   errors ${r.errors}   non-2xx ${r.non2xx}   timeouts ${r.timeouts}   (load ${load1.toFixed(2)} at start, ${r.seconds.toFixed(1)} s)`,
      );
      if (r.routes.length > 1) {
        for (const x of r.routes) console.log(`      ${pad(x.route, 18)} ${lpad(x.n, 6)} req   p50 ${lpad(ms(x.p50), 9)}   p99 ${lpad(ms(x.p99), 9)}   max ${lpad(ms(x.max), 9)}${x.bad ? `   non-2xx ${x.bad}` : ''}`);
      }
      for (const x of r.routes) if (x.refusal) console.log(`      first non-2xx of ${x.route}: ${x.refusal}`);
      if (showTimeline) console.log(`      per second (responses/p50/max ms): ${r.timeline.map((x, i) => `${i}s ${x.n}/${x.p50.toFixed(0)}/${x.max.toFixed(0)}`).join('  ')}`);
    }
  } finally {
    await server.stop();
    await dispose();
  }
  return rows;
}

async function main() {
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

  console.log(`\n${pad('database', 11)} ${pad('scenario', 9)} ${lpad('req/s', 6)} ${lpad('p50', 10)} ${lpad('p99', 10)} ${lpad('max', 10)} ${lpad('errors', 7)} ${lpad('non-2xx', 8)} ${lpad('timeouts', 9)}`);
  for (const [db, rows] of summary) {
    for (const r of rows) {
      console.log(`${pad(db, 11)} ${pad(r.scenario, 9)} ${lpad(r.achieved.toFixed(0), 6)} ${lpad(ms(r.p50), 10)} ${lpad(ms(r.p99), 10)} ${lpad(ms(r.max), 10)} ${lpad(r.errors, 7)} ${lpad(r.non2xx, 8)} ${lpad(r.timeouts, 9)}`);
      // Errors fail the run; timeouts are an overloaded service's latency, already in the figures.
      if (r.errors > 0 || r.non2xx > 0) failed = true;
    }
  }
  console.log(`target: p99 under 50 ms at ${rate} requests/s (printed, not asserted)`);
  process.exit(failed ? 1 : 0);
}

export { generate, seed, requestMakers, REPOSITORIES, TEAMS };
// Run when executed; a profiling script may import the pieces instead.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
