import type { ProviderRule } from '../types';

// Twilio SIDs are a two-letter type prefix plus 32 lowercase hex (https://www.twilio.com/docs/glossary/what-is-a-sid):
// AC = account (an identifier, not a secret), SK = API key. Auth tokens and API key secrets carry no prefix,
// so they are only reported next to a Twilio name or right after an AC/SK SID (the usual `Client(sid, secret)` pair).

export const rules: ProviderRule[] = [
  {
    id: 'twilio-api-key',
    kind: 'twilio-api-key',
    provider: 'Twilio',
    title: 'Twilio API key SID',
    severity: 'medium',
    owasp: 'NHI7',
    remediation: 'Delete the API key at console.twilio.com > Account > API keys & tokens if its secret is also exposed; keep both in a secret manager.',
    keywords: ['sk'],
    requires: ['SK'], // the key prefix is upper-case; the keyword is matched case-insensitively
    // SK + 32 hex (gitleaks twilio-api-key).
    pattern: /(?<![A-Za-z0-9_])SK[0-9a-f]{32}(?![A-Za-z0-9_])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `SK${f.hex(32)}`;
        const b = `SK${f.hex(32)}`;
        return [
          { text: `TWILIO_API_KEY=${a}`, secret: a },
          { text: `const client = twilio('${b}', apiSecret, { accountSid });`, secret: b },
        ];
      },
      fp: [
        { text: 'TWILIO_API_KEY=SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'hash = "TASK8f14e45fceea167a5a36dedd4bea2543"', why: 'SK inside a longer identifier' },
        { text: 'TWILIO_API_KEY=SK8f14e45fceea167a5a36dedd4bea25', why: 'too short' },
      ],
    },
  },
  {
    id: 'twilio-api-key-secret',
    kind: 'twilio-api-key-secret',
    provider: 'Twilio',
    title: 'Twilio API key secret',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Delete the API key at console.twilio.com > Account > API keys & tokens, create a new one and load it from a secret manager.',
    keywords: ['twilio', 'sk'],
    // 32 alnum, only after a Twilio API secret name or directly after its SK SID.
    pattern: /(?:twilio[\w.\-"': {]{0,30}?(?:api[_-]?)?(?:key[_-]?)?secret[\w.-]{0,12}?|(?<![A-Za-z0-9_])SK[0-9a-f]{32})\W{1,6}(?<secret>[A-Za-z0-9]{32})(?![A-Za-z0-9_])/i,
    confidence: 'medium',
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = f.alnum(32);
        const b = f.alnum(32);
        return [
          { text: `TWILIO_API_SECRET=${a}`, secret: a },
          { text: `client = Client("SK${f.hex(32)}", "${b}", account_sid)`, secret: b },
        ];
      },
      fp: [
        { text: 'TWILIO_API_SECRET=your_twilio_api_secret_goes_here', why: 'placeholder' },
        { text: 'TWILIO_API_SECRET=${{ secrets.TWILIO_API_SECRET }}', why: 'CI secret reference' },
        { text: 'TWILIO_API_SECRET=Zq8RkP2mWv7LtY4n', why: 'too short' },
      ],
    },
  },
  {
    id: 'twilio-auth-token',
    kind: 'twilio-auth-token',
    provider: 'Twilio',
    title: 'Twilio account auth token',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: 'Rotate the auth token at console.twilio.com > Account > API keys & tokens; use a scoped API key instead of the account token.',
    keywords: ['twilio', 'client'],
    // 32 hex, only after a Twilio auth token name or directly after the AC account SID (`AC…:token`, `Client(AC…, token)`);
    // the SID pair is looked for on lines that mention Twilio or a client constructor.
    pattern: /(?:twilio[\w.\-"': {]{0,30}?(?:auth[_-]?)?token[\w.-]{0,12}?|(?<![A-Za-z0-9_])AC[0-9a-f]{32})\W{1,6}(?<secret>[0-9a-f]{32})(?![A-Za-z0-9_])/i,
    confidence: 'medium',
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = f.hex(32);
        const b = f.hex(32);
        const c = f.hex(32);
        const d = f.hex(32);
        return [
          { text: `{"twilio": {"authToken": "${d}"}}`, secret: d },
          { text: `TWILIO_AUTH_TOKEN=${a}`, secret: a },
          { text: `client = Client("AC${f.hex(32)}", "${b}")`, secret: b },
          { text: `curl -u AC${f.hex(32)}:${c} https://api.twilio.com/2010-04-01/Accounts.json`, secret: c },
        ];
      },
      fp: [
        { text: 'TWILIO_ACCOUNT_SID=AC8f14e45fceea167a5a36dedd4bea2543', why: 'account SID is an identifier, not a secret' },
        { text: 'TWILIO_AUTH_TOKEN=00000000000000000000000000000000', why: 'placeholder zeros' },
        { text: 'auth_token = "8f14e45fceea167a5a36dedd4bea2543"', why: 'no Twilio context: any service could use auth_token' },
      ],
    },
  },
];
