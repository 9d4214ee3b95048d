/**
 * The web dashboard's HTTP side: the HTML shell at `/` (strict CSP, no inline script or style),
 * the bundled assets at `/assets/*` (built by esbuild into dist/dashboard/), and the CSV export of
 * an identities filter at `GET /v1/export/identities.csv` (read scope; the same filters and views
 * the dashboard's table uses).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Identity } from '../model';
import type { InventoryStore, Page } from '../store/types';
import { ApiError } from './errors';

export const DASHBOARD_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export interface DashboardOptions {
  store: InventoryStore;
  /** The route guard that requires the read scope (from `buildApp`). */
  read: (req: FastifyRequest) => Promise<void>;
  now?: () => Date;
  /** Folder with app.js and app.css (default: found beside the bundle or in the repository's dist/). */
  assetsDir?: string;
}

/** dist/dashboard next to dist/cli.js, or the repository's dist/ when run from out/ (tests). */
function findAssets(): string | undefined {
  const candidates = [process.env.NHI_LENS_DASHBOARD_DIR, path.join(__dirname, 'dashboard'), path.resolve(__dirname, '../../../../dist/dashboard'), path.resolve(__dirname, '../../../dist/dashboard')];
  return candidates.find((d): d is string => !!d && fs.existsSync(path.join(d, 'app.js')));
}

const ASSETS: Record<string, string> = { 'app.js': 'text/javascript; charset=utf-8', 'app.css': 'text/css; charset=utf-8' };

const SHELL = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>NHI Lens inventory</title>
<link rel="stylesheet" href="/assets/app.css">
<link rel="icon" href="data:,">
<script src="/assets/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><span class="brand">NHI Lens inventory</span><nav id="nav" aria-label="Main"></nav></header>
<main id="main" tabindex="-1"><noscript>The dashboard needs JavaScript.</noscript></main>
<div id="status" class="status" role="status" aria-live="polite"></div>
</body>
</html>
`;

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', DASHBOARD_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY');
}

const exportQuery = z
  .object({
    view: z.enum(['all', 'unowned', 'rotation-overdue', 'expiring', 'shared']).default('all'),
    days: z.coerce.number().int().min(0).max(3650).default(30),
    team: z.string().max(64).optional(),
    kind: z.string().max(64).optional(),
    status: z.enum(['active', 'retired', 'revoked']).optional(),
    q: z.string().max(200).optional(),
  })
  .strict();

/** Rows an export may hold: a filter over everything still streams, but stops somewhere. */
const MAX_EXPORT_ROWS = 200_000;
const COLUMNS = ['id', 'displayName', 'key', 'kind', 'provider', 'status', 'team', 'ownerPerson', 'purpose', 'rotationDays', 'lastRotated', 'expiresAt', 'lastSeen', 'consumers', 'version'] as const;

/** One CSV cell: quoted when needed; a leading = + - @ is defused so spreadsheets show text, not a formula. */
export function csvCell(value: unknown): string {
  let s = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvRow(i: Identity): string {
  const values: Record<(typeof COLUMNS)[number], unknown> = {
    id: i.id,
    displayName: i.displayName,
    key: i.key,
    kind: i.kind,
    provider: i.provider,
    status: i.status,
    team: i.team,
    ownerPerson: i.ownerPerson,
    purpose: i.purpose,
    rotationDays: i.rotationDays,
    lastRotated: i.lastRotated,
    expiresAt: i.expiresAt,
    lastSeen: i.lastSeen,
    consumers: i.consumers?.length ?? 0,
    version: i.version,
  };
  return COLUMNS.map((c) => csvCell(values[c])).join(',') + '\r\n';
}

export function registerDashboard(app: FastifyInstance, options: DashboardOptions): void {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const assetsDir = options.assetsDir ?? findAssets();

  app.get('/', async (_req, reply) => {
    securityHeaders(reply).header('cache-control', 'no-store');
    if (!assetsDir) return reply.code(503).type('text/plain; charset=utf-8').send('The dashboard is not built: run `node esbuild.config.mjs`.\n');
    return reply.type('text/html; charset=utf-8').send(SHELL);
  });

  app.get('/assets/:name', async (req, reply) => {
    const name = (req.params as { name: string }).name;
    const type = ASSETS[name]; // a fixed list: no path from the URL reaches the file system
    if (!type || !assetsDir) throw new ApiError(404, 'not_found', 'no such asset');
    const data = await fs.promises.readFile(path.join(assetsDir, name));
    return securityHeaders(reply).type(type).header('cache-control', 'no-cache').send(data);
  });

  app.get('/v1/export/identities.csv', { preHandler: options.read }, async (req, reply) => {
    const r = exportQuery.safeParse(req.query ?? {});
    if (!r.success) throw new ApiError(400, 'invalid_request', 'invalid query');
    const q = r.data;
    const page = (cursor?: string): Promise<Page<Identity>> => {
      switch (q.view) {
        case 'rotation-overdue':
          return store.rotationOverdue(now(), 500, cursor);
        case 'expiring':
          return store.expiring(now(), q.days, 500, cursor);
        case 'shared':
          return store.shared(500, cursor);
        default:
          return store.listIdentities({ team: q.team, kind: q.kind, status: q.status, q: q.q, unowned: q.view === 'unowned' ? true : undefined, limit: 500, cursor });
      }
    };
    let out = COLUMNS.join(',') + '\r\n';
    let rows = 0;
    let cursor: string | undefined;
    do {
      const p = await page(cursor);
      for (const i of p.items) out += csvRow(i);
      rows += p.items.length;
      cursor = p.next;
    } while (cursor && rows < MAX_EXPORT_ROWS);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="identities-${q.view}.csv"`)
      .header('x-content-type-options', 'nosniff')
      .send(out);
  });
}
