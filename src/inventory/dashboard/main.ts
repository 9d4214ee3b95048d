/// <reference lib="dom" />
/**
 * The dashboard's entry point: hash routing (`#/identities?…`, `#/identity/<id>`, `#/exports`,
 * `#/signin`), the navigation, and the session check at start.
 */
import { ApiFailure, api, resumeSession, session, signOut } from './api';
import { announce, fill, h } from './dom';
import type { Team } from './model';
import { renderExports } from './pages/exports';
import { filterFrom, renderIdentities } from './pages/identities';
import { renderIdentity } from './pages/identity';
import { renderSignIn } from './pages/signIn';

let teams: string[] | undefined;

function renderNav(): void {
  const nav = document.getElementById('nav')!;
  if (!session) return fill(nav);
  const out = h('button', { type: 'button', class: 'link' }, 'Sign out');
  out.addEventListener('click', () => {
    void signOut().then(() => {
      announce('Signed out.');
      location.hash = '#/signin';
      void route();
    });
  });
  const here = location.hash.startsWith('#/exports') ? 'exports' : 'identities';
  fill(
    nav,
    h('a', { href: '#/identities', 'aria-current': here === 'identities' ? 'page' : undefined }, 'Identities'),
    h('a', { href: '#/exports', 'aria-current': here === 'exports' ? 'page' : undefined }, 'Exports'),
    h('span', { class: 'who' }, session.team ? `team ${session.team}` : session.scopes.join(', ')),
    out,
  );
}

async function route(): Promise<void> {
  const main = document.getElementById('main')!;
  if (!session) await resumeSession();
  renderNav();
  if (!session) {
    document.title = 'Sign in — NHI Lens inventory';
    return renderSignIn(main, () => {
      location.hash = '#/identities';
      void route();
    });
  }
  teams ??= (await api.get<{ items: Team[] }>('/v1/teams')).items.map((t) => t.name);
  const [path, search = ''] = location.hash.replace(/^#/, '').split('?');
  try {
    const identity = /^\/identity\/([^/]+)$/.exec(path);
    if (identity) {
      document.title = 'Identity — NHI Lens inventory';
      await renderIdentity(main, decodeURIComponent(identity[1]), teams, () => void route());
    } else if (path === '/exports') {
      document.title = 'Exports — NHI Lens inventory';
      renderExports(main);
    } else {
      document.title = 'Identities — NHI Lens inventory';
      await renderIdentities(main, filterFrom(new URLSearchParams(search)), teams);
    }
  } catch (e) {
    if (e instanceof ApiFailure && e.status === 401) {
      await resumeSession();
      return route();
    }
    fill(main, h('h1', {}, 'Something went wrong'), h('p', { role: 'alert', class: 'error' }, e instanceof Error ? e.message : String(e)));
  }
}

window.addEventListener('hashchange', () => {
  void route().then(() => document.getElementById('main')?.focus({ preventScroll: true }));
});
void route();
