import type { ProviderRule } from '../types';
import type { Fake } from '../fake';

/**
 * PKCS#8 DER always starts with a SEQUENCE tag (0x30) and, for an RSA key, a long-form length.
 * The PEM body may carry JSON-escaped `\n` sequences or real line breaks.
 */
function isPkcs8Pem(secret: string): boolean {
  const body = secret
    .replace(/-----(?:BEGIN|END) PRIVATE KEY-----/g, '')
    .replace(/\\n/g, '')
    .replace(/\s+/g, '');
  const der = Buffer.from(body, 'base64');
  return der.length >= 100 && der[0] === 0x30 && (der[1] & 0x80) !== 0;
}

/** A fake PKCS#8-shaped PEM with JSON-escaped line breaks (`\n` as two characters). */
function fakePem(f: Fake, bytes = 1216): string {
  const der = [0x30, 0x82, 0x04, 0xbc, 0x02, 0x01, 0x00];
  while (der.length < bytes) der.push(f.int(0, 255));
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\\n${lines.join('\\n')}\\n-----END PRIVATE KEY-----`;
}

function serviceAccountJson(f: Fake, pem: string, project: string): string {
  return [
    '{',
    '  "type": "service_account",',
    `  "project_id": "${project}",`,
    `  "private_key_id": "${f.hex(40)}",`,
    `  "private_key": "${pem}\\n",`,
    `  "client_email": "deployer@${project}.iam.gserviceaccount.com",`,
    `  "client_id": "${f.digits(21)}",`,
    '  "auth_uri": "https://accounts.google.com/o/oauth2/auth",',
    '  "token_uri": "https://oauth2.googleapis.com/token"',
    '}',
  ].join('\n');
}

export const rules: ProviderRule[] = [
  {
    id: 'gcp-api-key',
    kind: 'gcp-api-key',
    provider: 'Google Cloud',
    title: 'Google API key',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Delete or regenerate the key in Google Cloud console (APIs & Services > Credentials) and add API and application restrictions to its replacement',
    keywords: ['aiza'],
    // AIza + 35 characters of [A-Za-z0-9_-] (gitleaks `gcp-api-key`); the key may end in `-`.
    pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const mk = () => 'AIzaSy' + f.base64url(33);
        const [a, b, c] = [mk(), mk(), mk()];
        return [
          { text: `const firebaseConfig = { apiKey: "${a}", authDomain: "demo.firebaseapp.com" };`, secret: a },
          { text: `GOOGLE_API_KEY=${b}`, secret: b },
          { text: `<script src="https://maps.googleapis.com/maps/api/js?key=${c}&callback=initMap"></script>`, secret: c },
        ];
      },
      fp: [
        { text: 'apiKey: "AIzaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"', why: 'repeated-character placeholder' },
        { text: 'GOOGLE_API_KEY=AIzaSyB3x9Qk', why: 'too short' },
        { text: 'AIZASYCO2CXRMC9ELSKLHLHRMBSWDEVEDZTLO2O', why: 'wrong case prefix' },
        { text: 'x = "AIzaTesb6Tscfcni8vIpWZqNCXFDFslJtVSvFDqabcd123"', why: 'longer random string, not a 39-character key' },
      ],
    },
  },
  {
    id: 'gcp-service-account-key',
    kind: 'gcp-service-account-key',
    provider: 'Google Cloud',
    title: 'Google Cloud service account private key',
    severity: 'critical',
    owasp: 'NHI7',
    remediation:
      'Delete the key in IAM & Admin > Service accounts > Keys and audit its use; use Workload Identity Federation or attached service accounts instead of key files',
    keywords: ['service_account'],
    // A service-account key file: "type": "service_account" then the "private_key" PEM
    // (gitleaks `gcp-service-account-key`). The PEM itself is the secret.
    pattern:
      /["']?type["']?\s*:\s*["']?service_account["']?[\s\S]{0,1000}?["']?private_key["']?\s*:\s*["']?(?<secret>-----BEGIN PRIVATE KEY-----[A-Za-z0-9+/=\\\s]{64,8000}?-----END PRIVATE KEY-----)/,
    multiline: 12000,
    minEntropy: 4,
    verify: isPkcs8Pem,
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const pemA = fakePem(f);
        const pemB = fakePem(f);
        const minified = `{"type":"service_account","project_id":"ci-${f.lower(6)}","private_key":"${pemB}\\n","client_email":"a@b.iam.gserviceaccount.com"}`;
        return [
          { text: serviceAccountJson(f, pemA, `proj-${f.lower(8)}`), secret: pemA, path: 'config/sa-key.json' },
          { text: `GOOGLE_CREDENTIALS='${minified}'`, secret: pemB, path: '.env' },
        ];
      },
      fp: [
        {
          text: '{\n  "type": "service_account",\n  "project_id": "demo",\n  "client_email": "a@demo.iam.gserviceaccount.com"\n}',
          why: 'service account metadata without a private key',
        },
        {
          text: '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n<your key here>\\n-----END PRIVATE KEY-----\\n"}',
          why: 'placeholder key body',
        },
        {
          text: `{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n${'QUJD'.repeat(40)}\\n-----END PRIVATE KEY-----\\n"}`,
          why: 'body does not decode to a DER private key',
        },
      ],
    },
  },
  {
    id: 'gcp-oauth-client-secret',
    kind: 'gcp-oauth-client-secret',
    provider: 'Google Cloud',
    title: 'Google OAuth client secret',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Reset the client secret in Google Cloud console (APIs & Services > Credentials > OAuth client) and load it from a secret manager',
    keywords: ['gocspx-'],
    // GOCSPX- + 28 characters (gitleaks `gcp-oauth-client-secret` style).
    pattern: /(?<![A-Za-z0-9_-])GOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const mk = () => 'GOCSPX-' + f.base64url(28);
        const [a, b, c] = [mk(), mk(), mk()];
        return [
          { text: `{"installed":{"client_id":"${f.digits(12)}-${f.lowerAlnum(32)}.apps.googleusercontent.com","client_secret":"${a}"}}`, secret: a },
          { text: `GOOGLE_CLIENT_SECRET=${b}`, secret: b },
          { text: `  client_secret: ${c}`, secret: c },
        ];
      },
      fp: [
        { text: 'GOOGLE_CLIENT_SECRET=GOCSPX-xxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'client_secret: GOCSPX-abc123', why: 'too short' },
        { text: 'GOCSPX-' + 'r7Qk2Lm9Xv4Bn8Tz1Wc5Hd3Jf6Gp0Ys2Ua', why: 'too long for a client secret' },
      ],
    },
  },
  {
    id: 'gcp-oauth-refresh-token',
    kind: 'gcp-oauth-refresh-token',
    provider: 'Google Cloud',
    title: 'Google OAuth refresh token',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Revoke the grant at myaccount.google.com/permissions (or POST it to oauth2.googleapis.com/revoke); store refresh tokens in a secret manager',
    keywords: ['1//0'],
    // Google refresh tokens start with `1//0` followed by base64url characters.
    pattern: /(?<![A-Za-z0-9_/-])1\/\/0[A-Za-z0-9_-]{40,300}(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    confidence: 'medium',
    samples: {
      tp: (f) => {
        const mk = () => '1//0' + f.base64url(99);
        const [a, b] = [mk(), mk()];
        return [
          { text: `"refresh_token": "${a}",`, secret: a },
          { text: `GOOGLE_REFRESH_TOKEN=${b}`, secret: b },
        ];
      },
      fp: [
        { text: 'x = 1//0  # ZeroDivisionError', why: 'Python floor division' },
        { text: 'refresh_token: "1//0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"', why: 'placeholder' },
      ],
    },
  },
  {
    id: 'gcp-oauth-access-token',
    kind: 'gcp-oauth-access-token',
    provider: 'Google Cloud',
    title: 'Google OAuth access token',
    severity: 'medium',
    owasp: 'NHI2',
    remediation:
      'The token expires within an hour; revoke it via oauth2.googleapis.com/revoke and fetch tokens at run time (ADC, metadata server)',
    keywords: ['ya29.'],
    // ya29. + base64url (metadata-server tokens also contain dots; a trailing run of dots is left out).
    pattern: /(?<![A-Za-z0-9_.-])ya29\.[A-Za-z0-9_-][A-Za-z0-9_.-]{28,2046}[A-Za-z0-9_-](?![A-Za-z0-9_-])/,
    minEntropy: 4,
    samples: {
      tp: (f) => {
        const a = 'ya29.a0' + f.base64url(180);
        const b = 'ya29.c.' + f.base64url(250);
        return [
          { text: `curl -H "Authorization: Bearer ${a}" https://www.googleapis.com/drive/v3/files`, secret: a },
          { text: `access_token = '${b}...........'`, secret: b },
        ];
      },
      fp: [
        { text: 'token = "ya29.a0AfH6SMBexample_token-value"', why: 'example value' },
        { text: 'Authorization: Bearer ya29.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
      ],
    },
  },
];
