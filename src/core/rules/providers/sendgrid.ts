import type { ProviderRule } from '../types';

export const rules: ProviderRule[] = [
  {
    id: 'sendgrid-api-key',
    kind: 'sendgrid-api-key',
    provider: 'SendGrid',
    title: 'SendGrid API key',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Delete the key at app.sendgrid.com/settings/api_keys, create one with only the Mail Send scope and load it from a secret manager.',
    keywords: ['sg.'],
    // SG.<22 base64url key id>.<43 base64url secret> (https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys;
    // gitleaks sendgrid-api-token).
    pattern: /(?<![A-Za-z0-9_.-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `SG.${f.base64url(22)}.${f.base64url(43)}`;
        const b = `SG.${f.base64url(22)}.${f.base64url(43)}`;
        const c = `SG.${f.base64url(22)}.${f.base64url(43)}`;
        return [
          { text: `sgMail.setApiKey('${a}');`, secret: a },
          { text: `SENDGRID_API_KEY=${b}`, secret: b },
          { text: `{"sendgrid": {"apiKey": "${c}"}}`, secret: c },
        ];
      },
      fp: [
        { text: 'SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'SENDGRID_API_KEY=SG.abc123.def456', why: 'parts too short' },
        { text: 'import { SG } from "./sg"; SG.configure({ region: "eu" })', why: 'identifier named SG' },
      ],
    },
  },
];
