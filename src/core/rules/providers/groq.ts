import type { ProviderRule } from '../types';

/*
 * Groq API keys (https://console.groq.com/keys): `gsk_` + 52 alphanumerics. Issued keys carry the
 * marker `WGdyb3FY` (base64 of "XgroqX") at characters 20-27 of the body, seen in every leaked key
 * we examined; `verify` checks it, so a key without it is still reported, at lower confidence.
 */

const MARKER = 'WGdyb3FY';

export const rules: ProviderRule[] = [
  {
    id: 'groq-api-key',
    kind: 'groq-api-key',
    provider: 'Groq',
    title: 'Groq API key',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Delete the key at console.groq.com/keys; pass GROQ_API_KEY to the server from a secret store.',
    keywords: ['gsk_'],
    pattern: /(?<![A-Za-z0-9_])gsk_[A-Za-z0-9]{52}(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    verify: (secret) => secret.slice(4 + 20, 4 + 28) === MARKER,
    samples: {
      tp: (f) => {
        const key = () => `gsk_${f.alnum(20)}${MARKER}${f.alnum(24)}`;
        const a = key();
        const b = key();
        const c = key();
        return [
          { text: `GROQ_API_KEY=${a}`, secret: a, path: '.env' },
          { text: `client = Groq(api_key="${b}")`, secret: b, path: 'llm.py' },
          { text: `  groqApiKey: '${c}',`, secret: c, path: 'src/config.ts' },
        ];
      },
      fp: [
        { text: 'GROQ_API_KEY=gsk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'GROQ_API_KEY=gsk_your_key_here', why: 'placeholder' },
        { text: 'api_key="gsk_Xuu0UEHb6R91YeuBaGpUWGdyb3FYJtmk9h0LnaEV4UUY8nA5Rf"', why: 'wrong length (50 characters)' },
      ],
    },
  },
];
