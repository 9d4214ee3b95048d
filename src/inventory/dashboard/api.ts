/// <reference lib="dom" />
/**
 * The dashboard's calls to the inventory API: same origin, the session cookie sent by the browser,
 * and the CSRF token (from sign-in or `GET /session`) on every state-changing request.
 */
export interface SessionInfo {
  csrfToken: string;
  expiresAt: string;
  team: string | null;
  scopes: string[];
}

/** An API error in the service's one shape. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

let csrf: string | undefined;
export let session: SessionInfo | undefined;

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', cache: 'no-store' });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!res.ok) {
    const b = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
    throw new ApiFailure(res.status, String(b.error ?? res.status), String(b.message ?? res.statusText), b);
  }
  return parsed as T;
}

export const api = {
  get: <T>(url: string) => call<T>('GET', url),
  put: <T>(url: string, body: unknown) => call<T>('PUT', url, body),
};

/** Asks the service whether this browser has a session; keeps its CSRF token. */
export async function resumeSession(): Promise<SessionInfo | undefined> {
  try {
    session = await call<SessionInfo>('GET', '/session');
    csrf = session.csrfToken;
  } catch (e) {
    if (e instanceof ApiFailure && e.status === 401) session = csrf = undefined;
    else throw e;
  }
  return session;
}

export async function signIn(token: string): Promise<SessionInfo> {
  session = await call<SessionInfo>('POST', '/session', { token });
  csrf = session.csrfToken;
  return session;
}

export async function signOut(): Promise<void> {
  await call<void>('DELETE', '/session');
  session = csrf = undefined;
}

/** `?a=1&b=2` from the set values of `params`. */
export function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
