/**
 * The service stores fingerprints and metadata, never values. As a guard against a client that
 * sends one anyway (a bug, or a path or purpose that holds a token), every string in a request body
 * goes through the detection engine, and a payload with a credential is rejected naming the field
 * (never echoing the value).
 */
import { scanText } from '../../core/detect/engine';
import { formatPath } from './errors';

/** Fields whose format is a keyed hash or an id: a bare high-entropy value there is expected. */
const HASH_FIELDS = new Set(['fingerprint', 'fingerprints', 'commit', 'idempotencyKey', 'scanId', 'version']);
/** The identity key of a value (`identityKey`, `uses[].key`): a keyed hash too, wherever it appears. */
const LITERAL_KEY = /^literal:[0-9a-f]{64}$/;

function holdsCredential(value: string, bare: boolean): boolean {
  // Provider formats (prefixes, checksums, key blocks) anywhere in the text…
  if (scanText(value, 'payload.txt').length) return true;
  // …and, for free text, a lone high-entropy value, as if assigned to a secret-looking name.
  return bare && scanText(`secret = "${value}"`, 'payload.txt').length > 0;
}

/** The first field holding a credential, as `findings[3].path`, or undefined. */
export function fieldWithCredential(body: unknown): string | undefined {
  const path: Array<string | number> = [];
  const visit = (v: unknown): string | undefined => {
    if (typeof v === 'string') {
      // Short strings cannot hold a credential the engine recognises; most fields are short.
      if (v.length < 12 || LITERAL_KEY.test(v)) return undefined;
      const key = [...path].reverse().find((p) => typeof p === 'string') as string | undefined;
      return holdsCredential(v, !HASH_FIELDS.has(key ?? '')) ? formatPath(path) : undefined;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        const hit = visit(v[i]);
        path.pop();
        if (hit) return hit;
      }
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        path.push(k);
        const hit = visit(child);
        path.pop();
        if (hit) return hit;
      }
    }
    return undefined;
  };
  return visit(body);
}
