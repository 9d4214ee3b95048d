/// <reference lib="dom" />
/**
 * One identity: ownership form (saved with the version it was read at; a 409 says plainly that
 * someone else changed it and shows the current values), the retire / revoke and rotation
 * actions, consumers, findings and the audit history.
 */
import { api, ApiFailure, query } from '../api';
import { announce, field, fill, h, select, table } from '../dom';
import type { AuditEntry, Identity, Page, StoredFinding } from '../model';

type Update = Record<string, unknown> & { version: number };

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function describe(i: Identity): string {
  return [
    `owner ${i.ownerPerson ?? 'none'}`,
    `team ${i.team ?? 'none'}`,
    `purpose ${i.purpose ?? 'none'}`,
    `rotation every ${i.rotationDays ?? '—'} days`,
    `expires ${i.expiresAt ?? 'never'}`,
    `status ${i.status}`,
    `version ${i.version}`,
  ].join('; ');
}

/** A short text of an audit entry's change: the fields it set (values are metadata, never secrets). */
function changeText(e: AuditEntry): string {
  const after = e.after && typeof e.after === 'object' ? (e.after as Record<string, unknown>) : undefined;
  if (!after) return '';
  return Object.entries(after)
    .slice(0, 6)
    .map(([k, v]) => `${k}: ${v === null ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

export async function renderIdentity(main: HTMLElement, id: string, teams: string[], reload: () => void): Promise<void> {
  const identity = await api.get<Identity>(`/v1/identities/${encodeURIComponent(id)}`);
  const [findings, audit] = await Promise.all([
    api.get<Page<StoredFinding>>(`/v1/findings${query({ identity: id, limit: 100 })}`),
    api.get<Page<AuditEntry>>(`/v1/audit${query({ entity: id, limit: 50 })}`),
  ]);

  const conflict = h('div', { id: 'conflict', class: 'conflict', role: 'alert', hidden: true });
  const message = h('p', { id: 'form-message', class: 'message', role: 'status' });

  /** Sends a change at the version this page read; a 409 shows the current values and a reload button. */
  const save = async (update: Omit<Update, 'version'>, done: string): Promise<void> => {
    message.textContent = '';
    try {
      await api.put<Identity>(`/v1/identities/${encodeURIComponent(id)}/ownership`, { ...update, version: identity.version });
      announce(done);
      reload();
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 409 && e.body.current) {
        const current = e.body.current as Identity;
        const button = h('button', { type: 'button', class: 'primary' }, 'Reload');
        button.addEventListener('click', reload);
        fill(conflict, h('strong', {}, 'Not saved: this identity was changed by someone else.'), h('p', {}, `Current values: ${describe(current)}.`), h('p', {}, 'Reload to see them, then make your change again.'), button);
        conflict.hidden = false;
        button.focus();
        return;
      }
      const issues = e instanceof ApiFailure && Array.isArray(e.body.issues) ? (e.body.issues as Array<{ path: string; message: string }>).map((i) => `${i.path}: ${i.message}`).join('; ') : '';
      message.textContent = `Not saved: ${e instanceof Error ? e.message : String(e)}${issues ? ` (${issues})` : ''}`;
      message.className = 'message error';
    }
  };

  // Ownership form: only the fields that differ are sent (an unchanged team is no reassignment).
  const owner = h('input', { id: 'owner', name: 'ownerPerson', type: 'email', value: identity.ownerPerson ?? '', autocomplete: 'off' });
  const teamNames = identity.team && !teams.includes(identity.team) ? [...teams, identity.team] : teams;
  const team = select('team', [['', 'No team'], ...teamNames.map((t): [string, string] => [t, t])], identity.team ?? '');
  const purpose = h('textarea', { id: 'purpose', name: 'purpose', rows: 2, maxlength: 500 });
  purpose.value = identity.purpose ?? '';
  const rotation = h('input', { id: 'rotation-days', name: 'rotationDays', type: 'number', min: 1, max: 3650, value: identity.rotationDays ?? '', inputmode: 'numeric' });
  const expires = h('input', { id: 'expires', name: 'expiresAt', type: 'date', value: identity.expiresAt ?? '' });
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'ownership-title' },
    h('h2', { id: 'ownership-title' }, 'Ownership'),
    field('Owner (email)', owner),
    field('Team', team),
    field('Purpose', purpose),
    field('Rotate every (days)', rotation),
    field('Expires on', expires),
    h('button', { type: 'submit', class: 'primary' }, 'Save ownership'),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const update: Record<string, unknown> = {};
    const text = (v: string) => v.trim() || null;
    if (text(owner.value) !== (identity.ownerPerson ?? null)) update.ownerPerson = text(owner.value);
    if ((team.value || null) !== (identity.team ?? null)) update.team = team.value || null;
    if (text(purpose.value) !== (identity.purpose ?? null)) update.purpose = text(purpose.value);
    const days = rotation.value ? Number(rotation.value) : null;
    if (days !== (identity.rotationDays ?? null)) update.rotationDays = days;
    if ((expires.value || null) !== (identity.expiresAt ?? null)) update.expiresAt = expires.value || null;
    if (!Object.keys(update).length) {
      message.textContent = 'Nothing changed.';
      return;
    }
    void save(update, 'Ownership saved.');
  });

  // Actions: retire or revoke need a reason (the audit log keeps it); a rotation is dated today.
  const action = select('action', [['retired', 'Retire'], ['revoked', 'Revoke']]);
  const reason = h('input', { id: 'reason', name: 'reason', type: 'text', maxlength: 500, required: true });
  const statusForm = h('form', { class: 'inline' }, field('Action', action), field('Reason', reason, 'kept in the audit history'), h('button', { type: 'submit' }, 'Apply status'));
  statusForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!reason.value.trim()) {
      message.textContent = 'A reason is required.';
      reason.focus();
      return;
    }
    void save({ status: action.value, reason: reason.value.trim() }, `Identity ${action.value}.`);
  });
  const rotate = h('button', { type: 'button', id: 'record-rotation' }, 'Record a rotation today');
  rotate.addEventListener('click', () => void save({ lastRotated: today() }, 'Rotation recorded.'));
  const actions = h('section', { class: 'card', 'aria-labelledby': 'actions-title' }, h('h2', { id: 'actions-title' }, 'Actions'), h('p', {}, `Last rotated: ${identity.lastRotated ?? 'never recorded'}.`), rotate, statusForm);

  const facts = h(
    'dl',
    { class: 'facts' },
    h('dt', {}, 'Key'),
    h('dd', {}, identity.key),
    h('dt', {}, 'Kind'),
    h('dd', {}, `${identity.kind}${identity.provider ? ` (${identity.provider})` : ''}`),
    h('dt', {}, 'Status'),
    h('dd', { id: 'identity-status' }, identity.status),
    h('dt', {}, 'Version'),
    h('dd', { id: 'identity-version' }, identity.version),
    h('dt', {}, 'Last seen'),
    h('dd', {}, identity.lastSeen ?? '—'),
  );

  const consumers = identity.consumers.length
    ? table('Where it is used', ['Repository', 'Path', 'Platform', 'Pipeline', 'Job', 'Environment', 'Last seen'], identity.consumers.map((c) => [c.repository, `${c.path}${c.line ? `:${c.line}` : ''}`, c.platform, c.pipeline ?? '—', c.job ?? '—', c.environment ?? '—', c.lastSeen.slice(0, 10)]))
    : h('p', {}, 'No consumer recorded.');
  const findingRows = findings.items.map((f) => [f.ruleId, f.severity, f.owasp, f.repository, `${f.path}:${f.line}`, f.redacted ?? '', f.status + (f.statusReason ? ` (${f.statusReason})` : '')]);
  const auditRows = audit.items.map((e) => [e.at.replace('T', ' ').slice(0, 19), e.actor, e.action, changeText(e)]);

  fill(
    main,
    h('p', {}, h('a', { href: '#/identities' }, '← All identities')),
    h('h1', {}, identity.displayName),
    facts,
    conflict,
    message,
    h('div', { class: 'columns' }, form, actions),
    h('section', { 'aria-labelledby': 'consumers-title' }, h('h2', { id: 'consumers-title' }, 'Consumers'), consumers),
    h('section', { 'aria-labelledby': 'findings-title' }, h('h2', { id: 'findings-title' }, 'Findings'), findingRows.length ? table(`${findingRows.length} findings`, ['Rule', 'Severity', 'OWASP', 'Repository', 'Location', 'Preview', 'Status'], findingRows) : h('p', {}, 'No finding about this identity.')),
    h('section', { 'aria-labelledby': 'audit-title' }, h('h2', { id: 'audit-title' }, 'Audit history'), auditRows.length ? table('Changes, newest first', ['When (UTC)', 'Actor', 'Action', 'Change'], auditRows) : h('p', {}, 'No change recorded.')),
  );
}
