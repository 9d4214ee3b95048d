import type { ProviderRule } from '../types';

// Mailgun keys (https://documentation.mailgun.com/docs/mailgun/user-manual/get-started/#primary-account-api-key;
// gitleaks mailgun-private-api-token / mailgun-signing-key; trufflehog mailgun detector):
// - legacy private API keys: key-<32 hex>
// - current API keys and HTTP webhook signing keys: <32 hex>-<8 hex>-<8 hex>, no prefix, so only beside a Mailgun name.

const ROTATE = 'Rotate at app.mailgun.com > Settings > API security and load the new key from a secret manager.';

export const rules: ProviderRule[] = [
  {
    id: 'mailgun-api-key',
    kind: 'mailgun-api-key',
    provider: 'Mailgun',
    title: 'Mailgun private API key (key- format)',
    severity: 'high',
    owasp: 'NHI7',
    remediation: ROTATE,
    keywords: ['key-'],
    pattern: /(?<![A-Za-z0-9_-])key-[0-9a-f]{32}(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `key-${f.hex(32)}`;
        const b = `key-${f.hex(32)}`;
        const c = `key-${f.hex(32)}`;
        return [
          { text: `MAILGUN_API_KEY=${a}`, secret: a },
          { text: `mailgun.client({ username: 'api', key: '${b}' });`, secret: b },
          { text: `curl -s --user 'api:${c}' https://api.mailgun.net/v3/mg.example.org/messages`, secret: c },
        ];
      },
      fp: [
        { text: 'MAILGUN_API_KEY=key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'MAILGUN_PUBLIC_KEY=pubkey-8f14e45fceea167a5a36dedd4bea2543', why: 'public validation key is meant to be public' },
        { text: 'cacheName = "redis-key-8f14e45fceea167a5a36dedd4bea2543"', why: 'key- inside a longer identifier' },
        { text: 'MAILGUN_API_KEY=key-1a2b3c4d5e6f7g8h9i0j1k2l3m4n5o6p', why: 'not hex (tutorial placeholder)' },
      ],
    },
  },
  {
    id: 'mailgun-api-key-v2',
    kind: 'mailgun-api-key',
    provider: 'Mailgun',
    title: 'Mailgun API key',
    severity: 'high',
    owasp: 'NHI7',
    remediation: ROTATE,
    keywords: ['mailgun'],
    // Beside a Mailgun name that is not the webhook signing key (that one has its own rule).
    pattern: /mailgun(?![^\r\n]{0,40}?(?:signing|webhook))[^\r\n]{0,40}?[^\w\r\n](?<secret>[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})(?![A-Za-z0-9_-])/i,
    confidence: 'medium',
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `${f.hex(32)}-${f.hex(8)}-${f.hex(8)}`;
        const b = `${f.hex(32)}-${f.hex(8)}-${f.hex(8)}`;
        return [
          { text: `MAILGUN_API_KEY=${a}`, secret: a },
          { text: `  "mailgunApiKey": "${b}",`, secret: b },
        ];
      },
      fp: [
        { text: 'MAILGUN_API_KEY=00000000000000000000000000000000-00000000-00000000', why: 'placeholder zeros' },
        { text: 'build_id = "8f14e45fceea167a5a36dedd4bea2543-1a2b3c4d-5e6f7a8b"', why: 'no Mailgun context' },
        { text: 'MAILGUN_DOMAIN=mg.8f14e45fceea167a5a36dedd4bea2543.org', why: 'domain name, not a key' },
      ],
    },
  },
  {
    id: 'mailgun-webhook-signing-key',
    kind: 'mailgun-webhook-signing-key',
    provider: 'Mailgun',
    title: 'Mailgun HTTP webhook signing key',
    severity: 'medium',
    owasp: 'NHI2',
    remediation: 'Reset the HTTP webhook signing key at app.mailgun.com > Settings > API security and load it from a secret manager.',
    keywords: ['mailgun'],
    pattern: /mailgun[^\r\n]{0,40}?(?:signing|webhook)[\w.-]{0,20}?\W{1,6}(?<secret>[0-9a-f]{32}(?:-[0-9a-f]{8}-[0-9a-f]{8})?)(?![A-Za-z0-9_-])/i,
    confidence: 'medium',
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `${f.hex(32)}-${f.hex(8)}-${f.hex(8)}`;
        const b = f.hex(32);
        return [
          { text: `MAILGUN_WEBHOOK_SIGNING_KEY=${a}`, secret: a },
          { text: `mailgun_signing_key: "${b}"`, secret: b },
        ];
      },
      fp: [
        { text: 'MAILGUN_WEBHOOK_SIGNING_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'MAILGUN_WEBHOOK_URL=https://example.org/hooks/mailgun', why: 'webhook URL setting, not a key' },
        { text: 'MAILGUN_WEBHOOK_SIGNING_KEY=8f14e45fceea', why: 'too short' },
      ],
    },
  },
];
