/// <reference lib="dom" />
/**
 * The identities table: filters, views and keyset paging all run on the server (`/v1/identities`
 * and `/v1/views/*`); the filter lives in the URL hash, so a filtered page can be bookmarked.
 */
import { api, query } from '../api';
import { announce, field, fill, h, select, table } from '../dom';
import type { Identity, Page } from '../model';

export type View = 'all' | 'unowned' | 'rotation-overdue' | 'expiring' | 'shared';

export interface Filter {
  view: View;
  days: string;
  team: string;
  kind: string;
  status: string;
  q: string;
  cursor: string;
}

const PAGE_SIZE = 50;
const VIEWS: Array<[View, string]> = [
  ['all', 'All identities'],
  ['unowned', 'Unowned'],
  ['rotation-overdue', 'Rotation overdue'],
  ['expiring', 'Expiring within N days'],
  ['shared', 'Shared across repositories or pipelines'],
];
const KINDS = ['', 'literal', 'ci-secret', 'ci-variable', 'jenkins-credential', 'cloud-key', 'service-account', 'token', 'certificate', 'other'];

export function filterFrom(params: URLSearchParams): Filter {
  const view = (VIEWS.map((v) => v[0]) as string[]).includes(params.get('view') ?? '') ? (params.get('view') as View) : 'all';
  const g = (k: string) => params.get(k) ?? '';
  return { view, days: g('days') || '30', team: g('team'), kind: g('kind'), status: g('status'), q: g('q'), cursor: g('cursor') };
}

/** Only `all` and `unowned` go through the list endpoint, which takes team, kind, status and text. */
function listFilters(f: Filter): boolean {
  return f.view === 'all' || f.view === 'unowned';
}

function apiUrl(f: Filter): string {
  const page = { limit: PAGE_SIZE, cursor: f.cursor || undefined };
  switch (f.view) {
    case 'rotation-overdue':
      return `/v1/views/rotation-overdue${query(page)}`;
    case 'expiring':
      return `/v1/views/expiring${query({ ...page, days: f.days })}`;
    case 'shared':
      return `/v1/views/shared${query(page)}`;
    default:
      return `/v1/identities${query({ ...page, unowned: f.view === 'unowned' ? 'true' : undefined, team: f.team, kind: f.kind, status: f.status, q: f.q })}`;
  }
}

/** The CSV export of the same filter (every page, built by the service). */
export function csvUrl(f: Filter): string {
  const lf = listFilters(f);
  return `/v1/export/identities.csv${query({ view: f.view, days: f.view === 'expiring' ? f.days : undefined, team: lf ? f.team : undefined, kind: lf ? f.kind : undefined, status: lf ? f.status : undefined, q: lf ? f.q : undefined })}`;
}

function hashOf(f: Filter): string {
  return `#/identities${query({ view: f.view === 'all' ? undefined : f.view, days: f.view === 'expiring' ? f.days : undefined, team: f.team, kind: f.kind, status: f.status, q: f.q, cursor: f.cursor })}`;
}

/** Cursors of the pages before this one, for "Previous" (keyset paging only goes forward). */
const previous: string[] = [];

function dateOnly(s?: string): string {
  return s ? s.slice(0, 10) : '';
}

export async function renderIdentities(main: HTMLElement, f: Filter, teams: string[]): Promise<void> {
  const viewSel = select('f-view', VIEWS, f.view);
  const days = h('input', { id: 'f-days', name: 'days', type: 'number', min: 0, max: 3650, value: f.days, inputmode: 'numeric' });
  const team = select('f-team', [['', 'Any team'], ...teams.map((t): [string, string] => [t, t])], f.team);
  const kind = select('f-kind', KINDS.map((k): [string, string] => [k, k || 'Any kind']), f.kind);
  const status = select('f-status', [['', 'Any status'], ['active', 'active'], ['retired', 'retired'], ['revoked', 'revoked']], f.status);
  const text = h('input', { id: 'f-q', name: 'q', type: 'search', value: f.q, maxlength: 200 });
  const lf = listFilters(f);
  for (const c of [team, kind, status, text]) c.disabled = !lf;
  days.disabled = f.view !== 'expiring';

  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter identities' },
    field('View', viewSel),
    field('Expiring within (days)', days),
    field('Team', team),
    field('Kind', kind),
    field('Status', status),
    field('Search', text, 'name, key, owner or purpose'),
    h('div', { class: 'field actions' }, h('button', { type: 'submit', class: 'primary' }, 'Apply')),
  );
  const note = lf ? undefined : h('p', { class: 'hint' }, 'Team, kind, status and search apply to "All identities" and "Unowned".');
  const results = h('section', { 'aria-labelledby': 'results-title' }, h('h2', { id: 'results-title' }, 'Identities'), h('p', {}, 'Loading…'));
  const exportLink = h('a', { href: csvUrl(f), download: '', class: 'button', id: 'export-csv' }, 'Export CSV of this filter');
  fill(main, h('h1', {}, 'Identities'), form, note, h('p', { class: 'toolbar' }, exportLink), results);

  const read = (): Filter => ({ view: viewSel.value as View, days: days.value || '30', team: team.value, kind: kind.value, status: status.value, q: text.value.trim(), cursor: '' });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    previous.length = 0;
    location.hash = hashOf(read());
  });
  // Changing the view re-queries at once (it also enables or disables the other filters).
  viewSel.addEventListener('change', () => {
    previous.length = 0;
    location.hash = hashOf(read());
  });

  const page = await api.get<Page<Identity & { overdueDays?: number; expiresInDays?: number; repositories?: number; pipelines?: number }>>(apiUrl(f));
  const rows = page.items.map((i) => [
    h('a', { href: `#/identity/${encodeURIComponent(i.id)}` }, i.displayName),
    i.kind,
    i.status,
    i.team ?? '—',
    i.ownerPerson ?? '—',
    f.view === 'rotation-overdue' ? `${i.overdueDays ?? ''} days overdue` : f.view === 'expiring' ? `${dateOnly(i.expiresAt)} (${i.expiresInDays ?? ''} d)` : f.view === 'shared' ? `${i.repositories ?? 0} repos, ${i.pipelines ?? 0} pipelines` : dateOnly(i.lastRotated) || '—',
  ]);
  const extra = f.view === 'rotation-overdue' ? 'Overdue' : f.view === 'expiring' ? 'Expires' : f.view === 'shared' ? 'Used in' : 'Last rotated';
  const caption = `${page.total !== undefined ? `${page.total} identities` : `${page.items.length} shown`}${f.view !== 'all' ? ` — ${VIEWS.find((v) => v[0] === f.view)![1].toLowerCase()}` : ''}`;
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  if (f.cursor) {
    const prev = h('button', { type: 'button' }, 'Previous page');
    prev.addEventListener('click', () => (location.hash = hashOf({ ...f, cursor: previous.pop() ?? '' })));
    pager.appendChild(prev);
  }
  if (page.next) {
    const next = h('button', { type: 'button' }, 'Next page');
    const cursor = page.next;
    next.addEventListener('click', () => {
      previous.push(f.cursor);
      location.hash = hashOf({ ...f, cursor });
    });
    pager.appendChild(next);
  }
  fill(results, h('h2', { id: 'results-title' }, 'Identities'), rows.length ? table(caption, ['Name', 'Kind', 'Status', 'Team', 'Owner', extra], rows) : h('p', {}, 'No identity matches this filter.'), pager);
  announce(`${rows.length} identities shown.`);
}
