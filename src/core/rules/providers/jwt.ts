import type { ProviderRule } from '../types';
import type { Fake } from '../fake';

// JSON Web Tokens, compact JWS serialization (RFC 7515 section 7.1, RFC 7519):
// BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature). Header and payload are JSON
// objects, so both start with `{"` = `eyJ`; an unsecured JWT (`alg: none`, RFC 7519 section 6) has
// an empty signature. Cf. gitleaks rule `jwt`.
const JWT = /(?<![A-Za-z0-9_\-/+.])eyJ[A-Za-z0-9_-]{10,4000}\.eyJ[A-Za-z0-9_-]{5,16000}\.[A-Za-z0-9_-]{0,1400}(?![A-Za-z0-9_\-/+])/;

/** Beyond this lifetime (exp − iat) a token counts as long-lived. */
const LONG_LIVED_SECONDS = 366 * 24 * 3600;

interface Jwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Header and payload decode to JSON objects, the header names an `alg`, and it is not the jwt.io
 * documentation token (`sub: 1234567890`, `name: John Doe`).
 */
export function parseJwt(token: string): Jwt | undefined {
  const [h, p, signature = ''] = token.split('.');
  const header = decodeJson(h);
  const payload = decodeJson(p);
  if (!header || !payload || typeof header.alg !== 'string') return undefined;
  if (payload.sub === '1234567890' && payload.name === 'John Doe') return undefined;
  // Claims naming RFC 2606 documentation domains (`iss: https://auth.example.com`) mark a docs sample.
  if (/(?:^|[./@"])example\.(?:com|org|net)\b/i.test(JSON.stringify(payload))) return undefined;
  return { header, payload, signature };
}

function isUnsigned(t: Jwt): boolean {
  return t.signature === '' || String(t.header.alg).toLowerCase() === 'none';
}

/** The shortest real JWS signature is HS256's 32 bytes (43 characters); shorter ones are made up. */
function isSigned(t: Jwt): boolean {
  return !isUnsigned(t) && t.signature.length >= 43;
}

/**
 * No `exp`, or a lifetime (exp − iat) over a year. Supabase `anon` keys are publishable by design
 * (meant for browsers), so they stay in the medium-severity rule even though they last for years.
 */
function isLongLived(t: Jwt): boolean {
  const { exp, iat, role } = t.payload;
  if (role === 'anon') return false;
  if (typeof exp !== 'number') return true;
  return typeof iat === 'number' && exp - iat > LONG_LIVED_SECONDS;
}

// ---- fake tokens for samples ----

function token(f: Fake, header: object, payload: object, sigLength: number): string {
  return `${f.b64url(JSON.stringify(header))}.${f.b64url(JSON.stringify(payload))}.${f.base64url(sigLength)}`;
}

const NOW = 1_735_689_600; // 2025-01-01, fixed so samples are reproducible

function shortLived(f: Fake, alg = 'HS256', sig = 43): string {
  const iat = NOW + f.int(0, 86_400);
  return token(f, { alg, typ: 'JWT' }, { sub: `svc-${f.hex(8)}`, iss: 'https://auth.internal', iat, exp: iat + 3600 }, sig);
}

const JWT_IO_EXAMPLE =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

/** A well-formed token whose issuer is a documentation domain. */
const DOCS_TOKEN = [
  { alg: 'RS256', typ: 'JWT' },
  { iss: 'https://auth.example.com/', sub: 'auth0|42', aud: 'api', iat: 1516239022, exp: 1516242622 },
]
  .map((o) => Buffer.from(JSON.stringify(o)).toString('base64url'))
  .concat('kq5Zb2a0cD1lN8vYt3rQmW7xHj4sLp9eFg6uIo2yTn0')
  .join('.');

const COMMON_FP = [
  { text: `Authorization: Bearer ${DOCS_TOKEN}`, why: 'documentation token (issuer on example.com)' },
  { text: `const token = "${JWT_IO_EXAMPLE}";`, why: 'the jwt.io documentation token (John Doe)' },
  {
    text: 'Authorization: Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ...',
    why: 'truncated token in documentation',
  },
  { text: 'sessionToken: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl"', why: 'made-up signature, too short for any JWS algorithm' },
  {
    // {"foo":"bar","baz":1}.{"sub":"x"} -- JSON, but the header has no `alg`
    text: 'cursor=eyJmb28iOiJiYXIiLCJiYXoiOjF9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLWJ5dGVz',
    why: 'base64 JSON pagination cursor, header without alg',
  },
];

export const rules: ProviderRule[] = [
  {
    id: 'jwt',
    kind: 'jwt',
    provider: 'JWT',
    title: 'JSON Web Token (signed)',
    severity: 'medium',
    owasp: 'NHI2',
    remediation: 'Do not commit bearer tokens: fetch them at run time from the identity provider, and revoke the session or rotate the signing key if it is still valid.',
    keywords: ['eyj'],
    pattern: JWT,
    // Signed and expiring within a year of `iat`, or a publishable anon key (the other cases are the rules below).
    verify: (s) => {
      const t = parseJwt(s);
      return !!t && isSigned(t) && !isLongLived(t);
    },
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const a = shortLived(f);
        const b = shortLived(f, 'RS256', 342);
        const c = shortLived(f, 'ES256', 86);
        return [
          { text: `curl -H "Authorization: Bearer ${a}" https://api.internal/v1/jobs`, secret: a, path: 'scripts/call.sh' },
          { text: `{"access_token": "${b}", "token_type": "Bearer"}`, secret: b, path: 'fixtures/session.json' },
          { text: `const token = '${c}';`, secret: c, path: 'src/client.ts' },
        ];
      },
      fp: COMMON_FP,
    },
  },
  {
    id: 'jwt-long-lived',
    kind: 'jwt',
    provider: 'JWT',
    title: 'JSON Web Token without expiry (long-lived)',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'A token with no exp (or one valid for years) works until its signing key rotates: rotate the signing key or revoke the token, and issue short-lived tokens fetched at run time.',
    keywords: ['eyj'],
    pattern: JWT,
    // Signed, and no `exp` claim or `exp − iat` over a year.
    verify: (s) => {
      const t = parseJwt(s);
      return !!t && isSigned(t) && isLongLived(t);
    },
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const a = token(f, { alg: 'HS256', typ: 'JWT' }, { iss: 'supabase', ref: f.lowerAlnum(20), role: 'service_role', iat: NOW, exp: NOW + 10 * 365 * 86_400 }, 43);
        const b = token(f, { alg: 'RS256', kid: f.hex(16) }, { sub: `ci-${f.hex(6)}`, scope: 'deploy' }, 342);
        return [
          { text: `SUPABASE_SERVICE_ROLE_KEY=${a}`, secret: a, path: '.env' },
          { text: `api:\n  token: ${b}\n`, secret: b, path: 'config/deploy.yml' },
        ];
      },
      fp: COMMON_FP,
    },
  },
  {
    id: 'jwt-unsigned',
    kind: 'jwt-unsigned',
    provider: 'JWT',
    title: 'Unsigned JSON Web Token (alg: none)',
    severity: 'low',
    owasp: 'NHI2',
    remediation: 'An unsigned token proves nothing: make sure no service accepts alg "none", and remove the token if it carries real claims.',
    keywords: ['eyj'],
    pattern: JWT,
    verify: (s) => {
      const t = parseJwt(s);
      return !!t && isUnsigned(t);
    },
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const a = `${f.b64url('{"alg":"none","typ":"JWT"}')}.${f.b64url(JSON.stringify({ sub: `user-${f.hex(6)}`, admin: true }))}.`;
        const b = `${f.b64url('{"alg":"none"}')}.${f.b64url(JSON.stringify({ iss: 'test', uid: f.digits(6), exp: NOW }))}.`;
        return [
          { text: `const forged = "${a}";`, secret: a },
          { text: `token: ${b}`, secret: b, path: 'spec/fixtures.yml' },
        ];
      },
      fp: [
        ...COMMON_FP,
        { text: 'header = "eyJhbGciOiJub25lIn0"', why: 'a lone header, not a token' },
      ],
    },
  },
];
