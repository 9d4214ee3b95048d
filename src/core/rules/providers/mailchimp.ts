import type { ProviderRule } from '../types';

export const rules: ProviderRule[] = [
  {
    id: 'mailchimp-api-key',
    kind: 'mailchimp-api-key',
    provider: 'Mailchimp',
    title: 'Mailchimp Marketing API key',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke at Mailchimp > Account & billing > Extras > API keys and load the new key from a secret manager.',
    keywords: ['-us'],
    // <32 hex>-us<data center> (https://mailchimp.com/developer/marketing/guides/quick-start/; gitleaks mailchimp-api-key).
    pattern: /(?<![A-Za-z0-9_-])[0-9a-f]{32}-us\d{1,2}(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `${f.hex(32)}-us${f.int(1, 21)}`;
        const b = `${f.hex(32)}-us${f.int(1, 21)}`;
        const c = `${f.hex(32)}-us${f.int(1, 21)}`;
        return [
          { text: `MAILCHIMP_API_KEY=${a}`, secret: a },
          { text: `client.setConfig({ apiKey: "${b}", server: "us6" });`, secret: b },
          { text: `mailchimp:\n  api_key: '${c}'`, secret: c },
        ];
      },
      fp: [
        { text: 'MAILCHIMP_API_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-us6', why: 'placeholder' },
        { text: 'MAILCHIMP_API_KEY=00000000000000000000000000000000-us1', why: 'placeholder zeros' },
        { text: 'cache/8f14e45fceea167a5a36dedd4bea2543-user.json', why: 'hash followed by -user, not a data center' },
      ],
    },
  },
  {
    id: 'mailchimp-transactional-key',
    kind: 'mailchimp-transactional-key',
    provider: 'Mailchimp',
    title: 'Mailchimp Transactional (Mandrill) API key',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Delete the key at mandrillapp.com/settings, create a new one and load it from a secret manager.',
    keywords: ['mandrill', 'mailchimp'],
    // md-<22 base64url> (https://mailchimp.com/developer/transactional/guides/quick-start/); the prefix is short, so
    // a Mandrill/Mailchimp name must precede it on the line.
    pattern: /(?:mandrill|mailchimp)[\w.-]{0,30}?\W{1,6}(?<secret>md-[A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])/i,
    confidence: 'medium',
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `md-${f.base64url(22)}`;
        const b = `md-${f.base64url(22)}`;
        return [
          { text: `MANDRILL_API_KEY=${a}`, secret: a },
          { text: `const mailchimpTx = require("@mailchimp/mailchimp_transactional")("${b}");`, secret: b },
        ];
      },
      fp: [
        { text: 'MANDRILL_API_KEY=md-xxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: '<div class="md-toolbar-tools-container">', why: 'Angular Material class, no Mandrill context' },
        { text: 'MANDRILL_API_KEY=md-Zq8RkP2mWv', why: 'too short' },
      ],
    },
  },
];
