/**
 * Kubernetes `Secret` manifests: values under `data:` are base64. Decode each and check the
 * decoded value (provider formats first, then entropy), reporting at the encoded scalar.
 */
import { parseAllDocuments, isMap, isScalar, type Document } from 'yaml';
import type { Candidate } from '../findings/finalize';
import type { RuleMeta } from '../detect/ruleMeta';
import { classifyName, looksLikeSecret } from '../detect/generic';
import { yamlParseRefusal } from '../ci/yamlFile';

export const KUBERNETES_SECRET_DATA: RuleMeta = {
  id: 'kubernetes-secret-data', kind: 'kubernetes-secret', provider: 'Kubernetes', title: 'Secret value committed in a Kubernetes Secret manifest',
  severity: 'high', owasp: 'NHI2', precedence: 2,
  remediation: 'Keep Secret values out of Git: use External Secrets Operator, Sealed Secrets or SOPS, and rotate the value.',
};

type Collect = (decoded: string) => Candidate[];

function decodeBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0 || compact.length === 0) return undefined;
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  // Binary payloads (certificates in DER, keystores) are not text we can judge here.
  if (/[\x00-\x08\x0e-\x1f\ufffd]/.test(decoded)) return undefined;
  return decoded;
}

function isSecretManifest(doc: Document): boolean {
  return isMap(doc.contents) && doc.get('kind') === 'Secret';
}

export function scanKubernetesSecrets(text: string, collect: Collect): Candidate[] {
  if (!/^kind:\s*["']?Secret["']?\s*$/m.test(text) || yamlParseRefusal(text)) return [];
  let docs: Document[];
  try {
    docs = parseAllDocuments(text) as Document[];
  } catch {
    return [];
  }
  const out: Candidate[] = [];
  for (const doc of docs) {
    if (doc.errors.length || !isSecretManifest(doc)) continue;
    for (const field of ['data', 'stringData'] as const) {
      const map = doc.get(field, true);
      if (!isMap(map)) continue;
      for (const pair of map.items) {
        if (!isScalar(pair.key) || !isScalar(pair.value) || !pair.value.range) continue;
        const raw = String(pair.value.value ?? '');
        const value = field === 'data' ? decodeBase64(raw) : raw;
        if (value === undefined) continue;
        let [start, end] = pair.value.range;
        const q = text[start];
        if (q === '"' || q === "'") {
          start++;
          end--;
        }
        if (pair.value.type === 'BLOCK_LITERAL' || pair.value.type === 'BLOCK_FOLDED') {
          start = text.indexOf('\n', start) + 1;
          while (text[start] === ' ') start++;
          end = start + text.slice(start, end).trimEnd().length;
        }
        const provider = collect(value).filter((c) => c.meta.provider !== 'Generic');
        if (field === 'stringData' && provider.length) continue; // the line scan already reports it in place
        const context = field === 'data' ? { decodedFrom: 'base64' as const } : undefined;
        if (provider.length) {
          const p = provider[0];
          out.push({ ...p, start, end, context, notes: [...p.notes, 'found in a base64-decoded Secret value'] });
          continue;
        }
        const trimmed = value.trim();
        const cls = classifyName(String(pair.key.value)) ?? 'secret';
        if (looksLikeSecret(trimmed, cls)) {
          out.push({ meta: KUBERNETES_SECRET_DATA, start, end, secret: trimmed, confidence: 'medium', notes: [], context });
        }
      }
    }
  }
  return out;
}
