/// <reference lib="dom" />
/** Sign in with an API token: the service turns it into an HttpOnly session cookie. */
import { ApiFailure, signIn } from '../api';
import { announce, field, fill, h } from '../dom';

export function renderSignIn(main: HTMLElement, done: () => void): void {
  const token = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true });
  const error = h('p', { id: 'signin-error', class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'card narrow', method: 'post', action: '/session' },
    h('h1', {}, 'Sign in'),
    h('p', {}, 'Paste an inventory API token (from nhi-lens inventory token create). It is exchanged for a session cookie and not kept in the page.'),
    field('API token', token),
    error,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    error.textContent = '';
    void signIn(token.value)
      .then(() => {
        token.value = '';
        announce('Signed in.');
        done();
      })
      .catch((e: unknown) => {
        error.textContent = e instanceof ApiFailure && e.status === 401 ? 'That token is unknown or revoked.' : `Sign-in failed: ${e instanceof Error ? e.message : String(e)}`;
        token.focus();
      });
  });
  fill(main, form);
  token.focus();
}
