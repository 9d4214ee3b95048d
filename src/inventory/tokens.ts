/**
 * API tokens: random, shown once, stored only as a SHA-256 hash. The `nhil_` prefix makes a leaked
 * token recognisable (and NHI Lens detects it).
 */
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'nhil_';

export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(30).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A well-formed token (cheap check before any lookup). */
export function looksLikeToken(token: string): boolean {
  return /^nhil_[A-Za-z0-9_-]{40}$/.test(token);
}
