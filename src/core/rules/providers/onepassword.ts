import type { Fake } from '../fake';
import type { ProviderRule } from '../types';

/*
 * 1Password:
 * - service account tokens `ops_` + base64(JSON) whose fields are signInAddress, userAuth, email,
 *   srpX, muk, secretKey, throttleSecret, deviceUuid
 *   (https://developer.1password.com/docs/service-accounts/security/?token-example=encoded;
 *   gitleaks `1password-service-account-token`). `verify` decodes the JSON.
 * - Connect server tokens: ES256 JWTs whose claims are all `1password.com/…` (auuid, token, fts,
 *   vts), so the payload always begins `{"1password.com/` = base64 `eyIxcGFzc3dvcmQuY29tL`.
 * - account Secret Keys `A3-XXXXXX-XXXXXX-XXXXX-XXXXX-XXXXX-XXXXX` (1Password security white
 *   paper; gitleaks `1password-secret-key`).
 */

function jsonOf(base64: string): Record<string, unknown> | undefined {
  try {
    // Node's base64 decoder accepts both the standard and the URL-safe alphabet.
    const v: unknown = JSON.parse(Buffer.from(base64, 'base64').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function isServiceAccountToken(token: string): boolean {
  const json = jsonOf(token.slice('ops_'.length));
  return !!json && typeof json.secretKey === 'string' && (typeof json.signInAddress === 'string' || typeof json.email === 'string');
}

function isConnectToken(jwt: string): boolean {
  const [header, payload] = jwt.split('.');
  const h = jsonOf(header);
  const p = jsonOf(payload);
  return !!h && typeof h.alg === 'string' && !!p && Object.keys(p).some((k) => k.startsWith('1password.com/'));
}

function secretKey(f: Fake): string {
  const g = (n: number) => f.upperAlnum(n);
  return `A3-${g(6)}-${g(6)}-${g(5)}-${g(5)}-${g(5)}-${g(5)}`;
}

function serviceAccountToken(f: Fake): string {
  const json = {
    signInAddress: `${f.lower(8)}.1password.com`,
    userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', iterations: 650000, salt: f.base64url(22) },
    email: `${f.lowerAlnum(13)}@1passwordserviceaccounts.com`,
    srpX: f.hex(64),
    muk: { alg: 'A256GCM', ext: true, k: f.base64url(43), key_ops: ['encrypt', 'decrypt'], kty: 'oct', kid: 'mp' },
    secretKey: secretKey(f),
    throttleSecret: { seed: f.hex(64), uuid: f.upperAlnum(26) },
    deviceUuid: f.lowerAlnum(26),
  };
  return `ops_${f.b64(JSON.stringify(json)).replace(/=+$/, '')}`;
}

function connectToken(f: Fake): string {
  const header = { alg: 'ES256', kid: f.lowerAlnum(26), typ: 'JWT' };
  const payload = {
    '1password.com/auuid': f.upperAlnum(26),
    '1password.com/token': f.base64url(32),
    '1password.com/fts': ['vaultaccess'],
    '1password.com/vts': [{ u: f.lowerAlnum(26), a: 49152 }],
    aud: ['com.1password.connect'],
    sub: f.upperAlnum(26),
    iat: f.int(1_700_000_000, 1_790_000_000),
    iss: 'com.1password.b5',
    jti: f.lowerAlnum(26),
  };
  return `${f.b64url(JSON.stringify(header))}.${f.b64url(JSON.stringify(payload))}.${f.base64url(86)}`;
}

export const rules: ProviderRule[] = [
  {
    id: 'onepassword-service-account-token',
    kind: 'onepassword-service-account-token',
    provider: '1Password',
    title: '1Password service account token',
    severity: 'critical',
    owasp: 'NHI7',
    remediation:
      'Revoke the token at 1password.com → Developer → Service Accounts; give OP_SERVICE_ACCOUNT_TOKEN to CI as a masked secret with an expiry.',
    keywords: ['ops_eyj'],
    pattern: /(?<![A-Za-z0-9_])ops_eyJ[A-Za-z0-9+/_-]{200,6000}={0,2}(?![A-Za-z0-9+/=_-])/,
    verify: isServiceAccountToken,
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const a = serviceAccountToken(f);
        const b = serviceAccountToken(f);
        const c = serviceAccountToken(f);
        return [
          { text: `export OP_SERVICE_ACCOUNT_TOKEN=${a}`, secret: a, path: '.envrc' },
          { text: `OP_SERVICE_ACCOUNT_TOKEN: "${b}"`, secret: b, path: '.github/workflows/deploy.yml' },
          { text: `client = await Client.authenticate(auth="${c}", integration_name="ci", integration_version="v1")`, secret: c, path: 'tools/secrets.py' },
        ];
      },
      fp: [
        { text: 'export OP_SERVICE_ACCOUNT_TOKEN=ops_eyJzaWduSW5BZGRyZXNzIjoiaHR0cHM6...', why: 'truncated in documentation' },
        {
          text: 'OP_SERVICE_ACCOUNT_TOKEN=ops_eyJuYW1lIjoibm90IGEgdG9rZW4iLCJkZXNjcmlwdGlvbiI6InRoaXMgcGF5bG9hZCBoYXMgbm8gc2VjcmV0S2V5IG9yIHNpZ25JbkFkZHJlc3MgZmllbGQgYXQgYWxsIGFuZCBpcyBqdXN0IGhlcmUgdG8gcmVhY2ggdGhlIG1pbmltdW0gbGVuZ3RoIG9mIHRoZSBwYXR0ZXJuLCBub3RoaW5nIG1vcmUifQ',
          why: 'decodes to JSON without the service-account fields',
        },
        { text: 'fn ops_function_name() {}', why: 'prefix inside an identifier' },
      ],
    },
  },
  {
    id: 'onepassword-connect-token',
    kind: 'onepassword-connect-token',
    provider: '1Password',
    title: '1Password Connect server token',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Revoke the token in 1password.com → Developer → Connect servers → Access tokens; issue one per consumer with only the vaults it needs.',
    keywords: ['eyixcgfzc3dvcmquy29tl'],
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,600}\.eyIxcGFzc3dvcmQuY29tL[A-Za-z0-9_-]{20,5000}\.[A-Za-z0-9_-]{40,700}(?![A-Za-z0-9_-])/,
    verify: isConnectToken,
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const a = connectToken(f);
        const b = connectToken(f);
        return [
          { text: `export OP_CONNECT_TOKEN=${a}`, secret: a, path: 'scripts/connect.sh' },
          { text: `  token  = "${b}"`, secret: b, path: 'config/onepassword.spc' },
        ];
      },
      fp: [
        {
          text: 'export OP_CONNECT_TOKEN=eyJhbGciOiJFUzI1NiIsImtpZCI6InFuN3JwcmZhbnJqZ2V1bWU2eTNidGpjdHN5IiwidHlwIjoiSldUIn0.eyIxcGFzc3dvcmQuY29tL2F1dWlkIjoiVEpGVzVZTlRJSkMzSkNXRFgzQ0dWTUpCSDQiLCIxcGFzc3dvcmQuY29tL3Rva2VuIjoib2tnZGZJWHpEaDhWWkNkRHVNRjZNSUplRUlwN3ZrYUQiLCIxcGFzc3dvcmQuY29tL2Z0cyI6WyJ2YXVsdGFjY2VzcyJdLCIxcGFzc3dvcmQuY29tL3Z0cyI6W3sidSI6ImZwZDR1dW00bHJicTMycG8ybXR2ZGo0c3hpI',
          why: 'truncated token (no signature part)',
        },
        { text: 'OP_CONNECT_TOKEN=eyJhbGci...', why: 'truncated in documentation' },
      ],
    },
  },
  {
    id: 'onepassword-secret-key',
    kind: 'onepassword-secret-key',
    provider: '1Password',
    title: '1Password account Secret Key',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Regenerate the Secret Key (1Password account → Profile → Regenerate Secret Key) and change the account password; keep the Emergency Kit offline.',
    keywords: ['a3-'],
    pattern: /(?<![A-Za-z0-9_-])A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = secretKey(f);
        const b = secretKey(f);
        return [
          { text: `OP_SECRET_KEY=${a}`, secret: a, path: '.env' },
          { text: `    "secretKey": "${b}",`, secret: b, path: 'backup/account.json' },
        ];
      },
      fp: [
        { text: 'secret key: A3-XXXXXX-XXXXXX-XXXXX-XXXXX-XXXXX-XXXXX', why: 'placeholder' },
        { text: 'secret key: A3-xXXXXX-XXXXXX-XXXXX-XXXXX-XXXXX-XXXXX', why: 'lower-case character' },
        { text: 'part: A3-ASWWYB-798JRY-LJVD4-23DC2-86TVM', why: 'one group short' },
      ],
    },
  },
];
