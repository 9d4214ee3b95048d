import type { ProviderRule } from '../types';

/*
 * Notion integration tokens (https://developers.notion.com/docs/authorization):
 * - since Sept 2024 `ntn_` + 11 digits + 35 alphanumerics (gitleaks `notion-api-token`:
 *   ntn_[0-9]{11}[A-Za-z0-9]{32}[A-Za-z0-9]{3});
 * - before that `secret_` + 43 alphanumerics (internal integration tokens and OAuth client
 *   secrets). `secret_` is too common a prefix on its own, so it needs `notion` on the line.
 */

export const rules: ProviderRule[] = [
  {
    id: 'notion-integration-token',
    kind: 'notion-integration-token',
    provider: 'Notion',
    title: 'Notion integration token',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Refresh the secret at notion.so/profile/integrations (internal integration → Secrets); load NOTION_TOKEN from a secret store.',
    keywords: ['ntn_'],
    pattern: /(?<![A-Za-z0-9_])ntn_[0-9]{11}[A-Za-z0-9]{35}(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `ntn_${f.digits(11)}${f.alnum(35)}`;
        const b = `ntn_${f.digits(11)}${f.alnum(35)}`;
        const c = `ntn_${f.digits(11)}${f.alnum(35)}`;
        return [
          { text: `NOTION_TOKEN = "${a}"`, secret: a, path: 'sync/push_tasks.py' },
          { text: `const notion = new Client({ auth: '${b}' });`, secret: b, path: 'src/notion.ts' },
          { text: `curl https://api.notion.com/v1/users/me -H 'Authorization: Bearer ${c}' -H 'Notion-Version: 2022-06-28'`, secret: c, path: 'scripts/me.sh' },
        ];
      },
      fp: [
        { text: 'NOTION_TOKEN=ntn_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: "$table->string('ntn_number')->nullable();", why: 'prefix inside an unrelated identifier' },
        { text: 'NOTION_TOKEN=ntn_63771497390NUX6B5NwjEedWZJMXiGzBm12Y5hNXkq5u', why: 'wrong length (33 characters after the digits)' },
      ],
    },
  },
  {
    id: 'notion-integration-token-legacy',
    kind: 'notion-integration-token',
    provider: 'Notion',
    title: 'Notion integration token (legacy secret_ format)',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Refresh the secret at notion.so/profile/integrations (internal integration → Secrets); load NOTION_TOKEN from a secret store.',
    keywords: ['notion'],
    pattern: /notion[^\n]{0,60}?(?<![A-Za-z0-9_])(?<secret>secret_[A-Za-z0-9]{43})(?![A-Za-z0-9_])/i,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `secret_${f.alnum(43)}`;
        const b = `secret_${f.alnum(43)}`;
        const c = `secret_${f.alnum(43)}`;
        return [
          { text: `NOTION_API_KEY=${a}`, secret: a, path: '.env' },
          { text: `notion = Client(auth="${b}")`, secret: b, path: 'notion_sync.py' },
          { text: `  notion_token: '${c}'`, secret: c, path: 'config.yml' },
        ];
      },
      fp: [
        { text: 'NOTION_API_KEY=secret_your_integration_token_here', why: 'placeholder' },
        { text: 'CLIENT_SECRET=secret_Q2w3E4r5T6y7U8i9O0p1A2s3D4f5G6h7J8k9L0zXcVb', why: 'secret_ format without Notion context' },
        { text: 'notion_secret = "secret_Q2w3E4r5T6y7U8i9O0p1A2s3D4f5G6h7J8k"', why: 'wrong length (35 characters after secret_)' },
      ],
    },
  },
];
