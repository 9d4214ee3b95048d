import { createHmac } from 'node:crypto';

/**
 * Default key, used when no organisation key is configured. Fingerprints under it are stable
 * but guessable for short secrets, so teams should set their own key (NHI_LENS_FINGERPRINT_KEY
 * or the inventory's key).
 */
export const DEFAULT_FINGERPRINT_KEY = 'nhi-lens/default-fingerprint-key/v1';

/** HMAC-SHA256 of the secret under the key, hex. The only identity of a secret we ever keep. */
export function fingerprint(secret: string, key: string = DEFAULT_FINGERPRINT_KEY): string {
  return createHmac('sha256', key).update(secret, 'utf8').digest('hex');
}

/** At most the first 4 characters, then an ellipsis; shorter secrets show fewer. */
export function redact(secret: string): string {
  const shown = secret.length >= 16 ? 4 : secret.length >= 8 ? 2 : 0;
  return `${secret.slice(0, shown)}…`;
}
