/**
 * The inventory's web dashboard in real Chromium (playwright-core, Debian's chromium) against the
 * real service on loopback over a SQLite file: security headers, sign-in and its cookie, CSRF,
 * filtering, editing ownership, a two-page conflict, retiring, exports; axe-core on every page;
 * screenshots at 1280 and 390 px in test-artifacts/dashboard/. Without playwright-core or Chromium
 * the browser tests skip with a notice, unless NHI_LENS_REQUIRE_E2E=1.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildApp } from '../../src/inventory/server/app';
import { DASHBOARD_CSP } from '../../src/inventory/server/dashboardRoutes';
import Fastify from 'fastify';
import { registerSessions, SESSION_COOKIE } from '../../src/inventory/server/session';
import { CHROMIUM_ARGS } from '../vscode/harness/browser';
import { REPO_ROOT } from '../vscode/harness/paths';
import { ADMIN, batch, finding, use } from './fixtures';
import { createToken, startInProcess, tempDir, type InProcessService } from './serviceHarness';

/* The slice of playwright-core this test drives (it is not a project dependency: loaded by path). */
interface Locator {
  first(): Locator;
  waitFor(o?: { state?: 'visible' | 'hidden' | 'attached' | 'detached'; timeout?: number }): Promise<void>;
  click(): Promise<void>;
  fill(v: string): Promise<void>;
  focus(): Promise<void>;
  selectOption(v: string): Promise<unknown>;
  textContent(): Promise<string | null>;
  inputValue(): Promise<string>;
  getAttribute(n: string): Promise<string | null>;
  count(): Promise<number>;
}
interface Page {
  goto(url: string): Promise<unknown>;
  locator(sel: string): Locator;
  keyboard: { press(k: string): Promise<void>; type(t: string): Promise<void> };
  setViewportSize(s: { width: number; height: number }): Promise<void>;
  screenshot(o: { path: string; fullPage?: boolean }): Promise<unknown>;
  evaluate<R, A = undefined>(fn: string | ((arg: A) => R | Promise<R>), arg?: A): Promise<R>;
  on(event: 'console', l: (m: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', l: (e: Error) => void): void;
  waitForEvent(event: 'download', o?: { timeout?: number }): Promise<{ path(): Promise<string | null>; suggestedFilename(): string }>;
  close(): Promise<void>;
}
interface Context {
  newPage(): Promise<Page>;
  pages(): Page[];
  cookies(): Promise<Array<{ name: string; value: string; httpOnly: boolean; sameSite: string; secure: boolean; path: string }>>;
  close(): Promise<void>;
}
interface Chromium {
  launchPersistentContext(dir: string, o: Record<string, unknown>): Promise<Context>;
}

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'dashboard');
const PLAYWRIGHT = path.join(process.env.NHI_LENS_E2E_TOOLS || path.join(REPO_ROOT, '.e2e-tools'), 'playwright', 'node_modules', 'playwright-core');
const CHROMIUM = process.env.NHI_LENS_E2E_CHROMIUM || '/usr/bin/chromium';
const REPO = 'github.com/acme/shop';

function missingTools(): string[] {
  const missing: string[] = [];
  if (!fs.existsSync(path.join(PLAYWRIGHT, 'package.json'))) missing.push(`playwright-core at ${PLAYWRIGHT} (bash scripts/install-e2e-tools.sh)`);
  try {
    fs.accessSync(CHROMIUM, fs.constants.X_OK);
  } catch {
    missing.push(`Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  }
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'dashboard', 'app.js'))) missing.push('the dashboard bundle dist/dashboard/app.js (node esbuild.config.mjs)');
  return missing;
}

describe('inventory web dashboard', function () {
  this.timeout(120_000);
  let svc: InProcessService;
  let admin: string;
  let readOnly: string;

  before(async () => {
    svc = await startInProcess();
    admin = await createToken(svc.store, ['admin']);
    readOnly = await createToken(svc.store, ['read']);
    await svc.store.createTeam('payments', 'Payments', ADMIN);
    await svc.store.createTeam('search', undefined, ADMIN);
    // Two named identities from a scan: DEPLOY_KEY (a finding, two pipelines) and NPM_TOKEN.
    await svc.store.sync(
      batch(REPO, {
        findings: [finding('deploy', { identityKey: 'github:ci-secret:DEPLOY_KEY', path: '.github/workflows/deploy.yml', line: 12 })],
        uses: [
          use({ key: 'github:ci-secret:DEPLOY_KEY', path: '.github/workflows/deploy.yml', line: 12, pipeline: 'deploy', job: 'ship' }),
          use({ key: 'github:ci-secret:DEPLOY_KEY', path: '.github/workflows/nightly.yml', line: 4, pipeline: 'nightly', job: 'smoke' }),
          use({ key: 'github:ci-secret:NPM_TOKEN', path: '.github/workflows/release.yml', line: 20, pipeline: 'release', job: 'publish' }),
        ],
      }),
      ADMIN,
    );
    const npm = (await svc.store.listIdentities({ q: 'NPM_TOKEN' })).items[0];
    await svc.store.updateOwnership(npm.id, { version: npm.version, team: 'search', ownerPerson: 'sam@example.com' }, ADMIN);
    // Registered by hand, never scanned; with a formula-looking purpose for the CSV check.
    await svc.store.createIdentity({ key: 'aws:cloud-key:billing-reader', kind: 'cloud-key', displayName: 'billing-reader', team: 'payments', purpose: '=cost reports', environments: [], fingerprints: [] }, ADMIN);
  });
  after(async () => svc?.close());

  const fetchWith = (url: string, init: RequestInit = {}) => fetch(svc.url + url, { redirect: 'manual', ...init });

  describe('over HTTP', () => {
    it('serves the shell with a strict CSP, nosniff and no referrer; assets from the bundle', async () => {
      const res = await fetchWith('/');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-security-policy'), DASHBOARD_CSP);
      assert.match(DASHBOARD_CSP, /default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
      const html = await res.text();
      assert.match(html, /<script src="\/assets\/app.js" defer><\/script>/);
      assert.doesNotMatch(html, /https?:\/\//, 'no remote resource in the shell');
      assert.doesNotMatch(html, /<script>|style=/, 'no inline script or style (the CSP would refuse them)');
      const js = await fetchWith('/assets/app.js');
      assert.equal(js.status, 200);
      assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
      assert.doesNotMatch(await js.text(), /innerHTML|https?:\/\/(?!www\.w3\.org)/, 'the bundle builds the DOM without innerHTML and loads nothing remote');
      assert.equal((await fetchWith('/assets/..%2Fcli.js')).status, 404);
      assert.equal((await fetchWith('/assets/app.js.map')).status, 404);
    });

    it('turns a token into an HttpOnly SameSite=Strict cookie; writes need the CSRF token; bearer access is unchanged', async () => {
      assert.equal((await fetchWith('/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 'nhil_' + 'x'.repeat(40) }) })).status, 401);
      const res = await fetchWith('/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: admin }) });
      assert.equal(res.status, 200);
      const setCookie = res.headers.get('set-cookie') ?? '';
      assert.match(setCookie, new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict; Max-Age=\\d+$`));
      assert.doesNotMatch(setCookie, /Secure/, 'Secure only when configured');
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      assert.ok(!JSON.stringify(setCookie).includes(admin.slice(5)), 'the cookie is a session id, not the token');
      const cookie = setCookie.split(';')[0];
      const id = (await svc.store.listIdentities({ q: 'billing-reader' })).items[0];
      const put = (headers: Record<string, string>, version: number) =>
        fetchWith(`/v1/identities/${id.id}/ownership`, { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ version, purpose: 'cost reports' }) });
      assert.equal((await fetchWith('/v1/identities', { headers: { cookie } })).status, 200, 'reads with the cookie alone');
      const noCsrf = await put({ cookie }, id.version);
      assert.equal(noCsrf.status, 403);
      assert.equal(((await noCsrf.json()) as { error: string }).error, 'csrf');
      assert.equal((await put({ cookie, 'x-csrf-token': csrfToken.slice(0, -1) + (csrfToken.endsWith('A') ? 'B' : 'A') }, id.version)).status, 403, 'a wrong CSRF token');
      assert.equal((await put({ cookie, 'x-csrf-token': csrfToken, origin: 'http://evil.example' }, id.version)).status, 403, 'a cross-origin request');
      const ok = await put({ cookie, 'x-csrf-token': csrfToken }, id.version);
      assert.equal(ok.status, 200);
      assert.equal(((await ok.json()) as { purpose: string }).purpose, 'cost reports');
      // A bearer token needs no CSRF token, and the scopes still apply.
      const current = await svc.store.getIdentity(id.id);
      assert.equal((await put({ authorization: `Bearer ${readOnly}` }, current.version)).status, 403, 'a read token may not write');
      assert.equal((await put({ authorization: `Bearer ${admin}` }, current.version)).status, 200);
      // Sign-out needs the CSRF token too, and ends the session.
      assert.equal((await fetchWith('/session', { method: 'DELETE', headers: { cookie } })).status, 403);
      const out = await fetchWith('/session', { method: 'DELETE', headers: { cookie, 'x-csrf-token': csrfToken } });
      assert.equal(out.status, 204);
      assert.match(out.headers.get('set-cookie') ?? '', /Max-Age=0/);
      assert.equal((await fetchWith('/v1/identities', { headers: { cookie } })).status, 401);
      // Put the purpose back as the browser tests expect it.
      const back = await svc.store.getIdentity(id.id);
      await svc.store.updateOwnership(id.id, { version: back.version, purpose: '=cost reports' }, ADMIN);
    });

    it('accepts a form sign-in (redirect to the dashboard) and refuses a cross-origin one', async () => {
      const form = await fetchWith('/session', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: readOnly }).toString() });
      assert.equal(form.status, 303);
      assert.equal(form.headers.get('location'), '/#/identities');
      assert.match(form.headers.get('set-cookie') ?? '', /HttpOnly; SameSite=Strict/);
      const cross = await fetchWith('/session', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://evil.example' }, body: JSON.stringify({ token: readOnly }) });
      assert.equal(cross.status, 403);
      assert.equal((await fetchWith('/v1/identities', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'key=x' })).status, 415, 'the form parser is for sign-in only');
    });

    it('marks the cookie Secure when configured (behind https)', async () => {
      const app = await buildApp({ store: svc.store, logger: false, secureCookie: true });
      try {
        const res = await app.inject({ method: 'POST', url: '/session', payload: { token: readOnly } });
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['set-cookie']), /; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
      } finally {
        await app.close();
      }
    });

    it('ends a session at its expiry', async () => {
      let clock = Date.parse('2026-01-01T00:00:00Z');
      const app = Fastify({ logger: false });
      registerSessions(app, { store: svc.store, ttlMs: 60_000, now: () => clock });
      try {
        const res = await app.inject({ method: 'POST', url: '/session', payload: { token: readOnly } });
        const cookie = String(res.headers['set-cookie']).split(';')[0];
        assert.match(String(res.headers['set-cookie']), /Max-Age=60;?/);
        clock += 59_000;
        assert.equal((await app.inject({ method: 'GET', url: '/session', headers: { cookie } })).statusCode, 200);
        clock += 2_000;
        assert.equal((await app.inject({ method: 'GET', url: '/session', headers: { cookie } })).statusCode, 401);
      } finally {
        await app.close();
      }
    });

    it('exports the CSV of a filter with defused formulas', async () => {
      const res = await fetchWith('/v1/export/identities.csv?view=all&team=payments', { headers: { authorization: `Bearer ${readOnly}` } });
      assert.equal(res.status, 200);
      const csv = await res.text();
      const lines = csv.trim().split('\r\n');
      assert.equal(lines[0].split(',')[1], 'displayName');
      assert.equal(lines.length, 2, csv);
      assert.match(lines[1], /,billing-reader,aws:cloud-key:billing-reader,cloud-key,,active,payments,,'=cost reports,/);
      assert.equal((await fetchWith('/v1/export/identities.csv')).status, 401);
    });
  });

  describe('in Chromium', () => {
    let chromium: Chromium;
    let context: Context;
    let page: Page;
    const problems: string[] = [];
    let axeSource: string;

    before(async function () {
      const missing = missingTools();
      if (missing.length) {
        const why = `Dashboard browser tools missing:\n  - ${missing.join('\n  - ')}`;
        if (process.env.NHI_LENS_REQUIRE_E2E === '1') throw new Error(`${why}\n(NHI_LENS_REQUIRE_E2E=1: the browser tests may not be skipped)`);
        console.warn(`\n  ⚠ Skipping the dashboard browser tests. ${why}\n`);
        this.skip();
      }
      axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      chromium = (require(PLAYWRIGHT) as { chromium: Chromium }).chromium;
      const dir = tempDir('nhi-dash-browser-');
      context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
        executablePath: CHROMIUM,
        args: CHROMIUM_ARGS,
        headless: true,
        viewport: { width: 1280, height: 900 },
        acceptDownloads: true,
        env: { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'config'), XDG_CACHE_HOME: path.join(dir, 'cache'), TMPDIR: dir },
        timeout: 60_000,
      });
      page = context.pages()[0] ?? (await context.newPage());
      watch(page);
    });
    after(async () => context?.close());

    /** Console errors (a CSP refusal shows up there) and page errors fail the test that caused them. */
    function watch(p: Page): void {
      p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      p.on('console', (m) => {
        if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (401|403|409)/.test(m.text())) problems.push(`console.error: ${m.text()}`);
      });
    }
    afterEach(() => {
      const seen = problems.splice(0);
      assert.deepEqual(seen, [], 'the page logged errors');
    });

    /** axe-core in the page (through the debugger protocol, which the CSP does not govern): no serious or critical violation. */
    async function assertAccessible(p: Page, name: string): Promise<void> {
      if (!(await p.evaluate<boolean>('typeof window.axe === "object"'))) await p.evaluate<unknown>(`${axeSource};0`);
      const violations = await p.evaluate<Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }>>(
        `axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({ target: n.target })) })))`,
      );
      const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(bad.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `axe on ${name}`);
    }

    /** Full-page PNGs at 1280 and 390 px; axe runs at both widths. */
    async function shoot(p: Page, name: string): Promise<void> {
      for (const width of [1280, 390]) {
        await p.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        await assertAccessible(p, `${name} at ${width} px`);
        const overflow = await p.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        assert.ok(overflow <= 0, `${name} at ${width} px scrolls sideways by ${overflow} px`);
        await p.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
      }
      await p.setViewportSize({ width: 1280, height: 900 });
    }

    const identityId = async (name: string) => (await svc.store.listIdentities({ q: name })).items.find((i) => i.displayName === name)!.id;

    it('signs in with the keyboard; the session cookie is HttpOnly and SameSite=Strict', async () => {
      await page.goto(svc.url + '/');
      await page.locator('#token').waitFor();
      assert.equal(await page.evaluate<string>('document.activeElement.id'), 'token', 'the token field has focus');
      assert.equal(await page.locator('label[for="token"]').textContent(), 'API token');
      await shoot(page, 'signin');
      await page.keyboard.type('nhil_' + 'y'.repeat(40));
      await page.keyboard.press('Enter');
      await page.locator('#signin-error:has-text("unknown or revoked")').waitFor();
      await page.locator('#token').fill(admin);
      await page.keyboard.press('Enter');
      await page.locator('table.grid').waitFor();
      assert.equal(await page.locator('#token').count(), 0);
      const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
      assert.ok(cookie, 'a session cookie is set');
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Strict');
      assert.equal(cookie.path, '/');
      assert.equal(await page.evaluate<string>('document.cookie'), '', 'script cannot read the session cookie');
      await shoot(page, 'identities');
    });

    it('refuses a write from the page without the CSRF header (403) and accepts it with', async () => {
      const id = await identityId('billing-reader');
      const result = await page.evaluate<{ without: number; withToken: number }, string>(async (identity) => {
        const { version } = (await (await fetch(`/v1/identities/${identity}`)).json()) as { version: number };
        const send = (headers: Record<string, string>) => fetch(`/v1/identities/${identity}/ownership`, { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ version, environments: ['prod'] }) });
        const without = (await send({})).status;
        const { csrfToken } = (await (await fetch('/session')).json()) as { csrfToken: string };
        return { without, withToken: (await send({ 'x-csrf-token': csrfToken })).status };
      }, id);
      assert.deepEqual(result, { without: 403, withToken: 200 });
      assert.deepEqual((await svc.store.getIdentity(id)).environments, ['prod']);
    });

    it('filters unowned on the server', async () => {
      await page.locator('#f-view').selectOption('unowned');
      await page.locator('caption:has-text("unowned")').waitFor();
      const names = await page.evaluate<string[]>('[...document.querySelectorAll("table.grid tbody tr td:first-child")].map(td => td.textContent)');
      assert.deepEqual(names, ['DEPLOY_KEY']);
      assert.match((await page.evaluate<string>('location.hash')) ?? '', /view=unowned/);
      // The CSV link carries the same filter, and its rows are the table's.
      const href = (await page.locator('#export-csv').getAttribute('href')) ?? '';
      assert.match(href, /^\/v1\/export\/identities\.csv\?view=unowned/);
      const download = page.waitForEvent('download', { timeout: 30_000 });
      await page.locator('#export-csv').click();
      const file = await (await download).path();
      const csv = fs.readFileSync(file!, 'utf8').trim().split('\r\n');
      assert.equal(csv.length, 2);
      assert.match(csv[1], /,DEPLOY_KEY,/);
      await shoot(page, 'identities-unowned');
    });

    it('assigns an owner on the identity page (the API then shows it)', async () => {
      await page.locator('a:has-text("DEPLOY_KEY")').focus();
      await page.keyboard.press('Enter');
      await page.locator('h1:has-text("DEPLOY_KEY")').waitFor();
      assert.match((await page.locator('table.grid').first().textContent()) ?? '', /nightly/);
      assert.match((await page.locator('section[aria-labelledby="findings-title"]').textContent()) ?? '', /github-pat.*open/);
      await shoot(page, 'identity');
      await page.locator('#owner').fill('alice@example.com');
      await page.locator('#team').selectOption('payments');
      await page.locator('#rotation-days').fill('90');
      await page.locator('button:has-text("Save ownership")').click();
      await page.locator('#identity-version:has-text("2")').waitFor();
      const res = await fetchWith(`/v1/identities/${await identityId('DEPLOY_KEY')}`, { headers: { authorization: `Bearer ${readOnly}` } });
      const body = (await res.json()) as { ownerPerson: string; team: string; rotationDays: number; version: number };
      assert.deepEqual([body.ownerPerson, body.team, body.rotationDays, body.version], ['alice@example.com', 'payments', 90, 2]);
      assert.match((await page.locator('section[aria-labelledby="audit-title"]').textContent()) ?? '', /ownerPerson: alice@example\.com/);
    });

    it('shows a second page that saves a stale version the conflict, plainly, with a reload button', async () => {
      const second = await context.newPage();
      watch(second);
      const url = svc.url + `/#/identity/${await identityId('DEPLOY_KEY')}`;
      await second.goto(url);
      await second.locator('#purpose').waitFor();
      // The first page saves; the second still holds version 2.
      await page.locator('#purpose').fill('deploys the shop');
      await page.locator('button:has-text("Save ownership")').click();
      await page.locator('#identity-version:has-text("3")').waitFor();
      await second.locator('#purpose').fill('something else');
      await second.locator('button:has-text("Save ownership")').click();
      const conflict = second.locator('#conflict');
      await conflict.waitFor({ state: 'visible' });
      const text = (await conflict.textContent()) ?? '';
      assert.match(text, /changed by someone else/);
      assert.match(text, /Current values: .*purpose deploys the shop.*version 3/);
      assert.equal(await second.evaluate<string>('document.activeElement.textContent'), 'Reload', 'focus moves to the reload button');
      await shoot(second, 'identity-conflict');
      await second.keyboard.press('Enter');
      await second.locator('#identity-version:has-text("3")').waitFor();
      assert.equal(await second.locator('#purpose').inputValue(), 'deploys the shop', 'the reloaded form shows the current values');
      assert.equal((await svc.store.getIdentity(await identityId('DEPLOY_KEY'))).purpose, 'deploys the shop', 'the stale save changed nothing');
      await second.close();
    });

    it('records a rotation and retires with a reason', async () => {
      const id = await identityId('DEPLOY_KEY');
      await page.locator('#record-rotation').click();
      await page.locator('#identity-version:has-text("4")').waitFor();
      assert.equal((await svc.store.getIdentity(id)).lastRotated, new Date().toISOString().slice(0, 10));
      await page.locator('#action').selectOption('retired');
      await page.locator('#reason').fill('replaced by OIDC');
      await page.locator('button:has-text("Apply status")').click();
      await page.locator('#identity-status:has-text("retired")').waitFor();
      assert.equal((await svc.store.getIdentity(id)).status, 'retired');
      const audit = await svc.store.audit({ entityId: id });
      assert.ok(
        audit.items.some((e) => JSON.stringify(e.after).includes('replaced by OIDC') && JSON.stringify(e.after).includes('retired')),
        'the audit log keeps the reason',
      );
      assert.match((await page.locator('section[aria-labelledby="audit-title"]').textContent()) ?? '', /reason: replaced by OIDC/);
      await shoot(page, 'identity-retired');
    });

    it('offers the exports: CSV of everything and the Backstage YAML', async () => {
      await page.locator('nav a:has-text("Exports")').click();
      await page.locator('h1:has-text("Exports")').waitFor();
      const got = await page.evaluate<{ csv: string; yaml: string; type: string | null }>(async () => {
        const links = Array.from(document.querySelectorAll('ul.exports a'), (a) => a.getAttribute('href')!);
        const csv = await (await fetch(links[0])).text();
        const y = await fetch(links[1]);
        return { csv, yaml: await y.text(), type: y.headers.get('content-type') };
      });
      const rows = got.csv.trim().split('\r\n');
      assert.equal(rows.length, 4, 'header and three identities');
      assert.ok(['DEPLOY_KEY', 'NPM_TOKEN', 'billing-reader'].every((n) => rows.some((r) => r.includes(`,${n},`))));
      assert.match(got.type ?? '', /yaml/);
      assert.match(got.yaml, /kind: Resource/);
      assert.match(got.yaml, /machine-identity/);
      await shoot(page, 'exports');
    });

    it('signs out (the cookie no longer works)', async () => {
      await page.locator('button:has-text("Sign out")').click();
      await page.locator('#token').waitFor();
      assert.equal(await page.evaluate<number>('fetch("/v1/identities").then(r => r.status)'), 401);
    });
  });
});
