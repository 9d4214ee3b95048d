import type { ProviderRule } from '../types';

/*
 * Anthropic keys (gitleaks `anthropic-api-key`, `anthropic-admin-api-key`, `anthropic-oauth-token`;
 * secretlint `@secretlint/secretlint-rule-anthropic`):
 * - API keys `sk-ant-api03-` + 93 base64url characters + `AA` (108 characters in all);
 * - Admin API keys `sk-ant-admin01-` + 93 + `AA`;
 * - Claude OAuth access tokens `sk-ant-oat01-` (length not published; matched as 80-200).
 */

const START = '(?<![A-Za-z0-9_-])';
const END = '(?![A-Za-z0-9_-])';

export const rules: ProviderRule[] = [
  {
    id: 'anthropic-api-key',
    kind: 'anthropic-api-key',
    provider: 'Anthropic',
    title: 'Anthropic API key',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke at console.anthropic.com/settings/keys; keep ANTHROPIC_API_KEY server-side in a secret store, one key per workload.',
    keywords: ['sk-ant-api03-'],
    pattern: new RegExp(`${START}sk-ant-api03-[A-Za-z0-9_-]{93}AA${END}`),
    minEntropy: 4,
    samples: {
      tp: (f) => {
        const a = `sk-ant-api03-${f.base64url(93)}AA`;
        const b = `sk-ant-api03-${f.base64url(93)}AA`;
        const c = `sk-ant-api03-${f.base64url(93)}AA`;
        return [
          { text: `ANTHROPIC_API_KEY=${a}`, secret: a, path: '.env' },
          { text: `client = anthropic.Anthropic(api_key="${b}")`, secret: b, path: 'agent.py' },
          { text: `curl https://api.anthropic.com/v1/messages -H "x-api-key: ${c}" -H "anthropic-version: 2023-06-01"`, secret: c, path: 'scripts/ask.sh' },
        ];
      },
      fp: [
        { text: 'ANTHROPIC_API_KEY=sk-ant-api03-...', why: 'truncated in documentation' },
        {
          text: 'ANTHROPIC_API_KEY=sk-ant-api03-abc123xyz-456def789ghij-klmnopqrstuvwx-3456yza789bcde-1234fghijklmnopby56aaaogaopaaaabc123xyzBB',
          why: 'wrong suffix (BB instead of AA)',
        },
        { text: 'ANTHROPIC_API_KEY=sk-ant-api03-abc123xyz-456de-klMnopqrstuvwx-3456yza789bcde-1234fghijklmnopAA', why: 'too short' },
      ],
    },
  },
  {
    id: 'anthropic-admin-key',
    kind: 'anthropic-admin-key',
    provider: 'Anthropic',
    title: 'Anthropic Admin API key',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: 'Revoke at console.anthropic.com/settings/admin-keys; admin keys manage the organization, keep them in a vault and out of applications.',
    keywords: ['sk-ant-admin01-'],
    pattern: new RegExp(`${START}sk-ant-admin01-[A-Za-z0-9_-]{93}AA${END}`),
    minEntropy: 4,
    samples: {
      tp: (f) => {
        const a = `sk-ant-admin01-${f.base64url(93)}AA`;
        const b = `sk-ant-admin01-${f.base64url(93)}AA`;
        return [
          { text: `ANTHROPIC_ADMIN_KEY="${a}"`, secret: a, path: '.env' },
          { text: `  -H "x-api-key: ${b}" \\`, secret: b, path: 'scripts/workspaces.sh' },
        ];
      },
      fp: [
        { text: 'ANTHROPIC_ADMIN_KEY=sk-ant-admin01-<your-admin-key>', why: 'placeholder' },
        {
          text: 'ANTHROPIC_ADMIN_KEY=sk-ant-admin01-abc123xyz-456def789ghij-klmnopqrstuvwx-3456yza789bcde-1234fghijklmnopby56aaaogaopaaaabc123xyzBB',
          why: 'wrong suffix (BB instead of AA)',
        },
      ],
    },
  },
  {
    id: 'anthropic-oauth-token',
    kind: 'anthropic-oauth-token',
    provider: 'Anthropic',
    title: 'Anthropic (Claude) OAuth access token',
    severity: 'high',
    owasp: 'NHI2',
    remediation: 'Log out of the Claude session or revoke the token (claude.ai → Settings); give CI an API key or `claude setup-token` output through a secret store.',
    keywords: ['sk-ant-oat01-'],
    pattern: new RegExp(`${START}sk-ant-oat01-[A-Za-z0-9_-]{80,200}${END}`),
    minEntropy: 4,
    samples: {
      tp: (f) => {
        const a = `sk-ant-oat01-${f.base64url(93)}AA`;
        const b = `sk-ant-oat01-${f.base64url(93)}AA`;
        return [
          { text: `CLAUDE_CODE_OAUTH_TOKEN=${a}`, secret: a, path: '.env' },
          { text: `          claude_code_oauth_token: ${b}`, secret: b, path: '.github/workflows/claude.yml' },
        ];
      },
      fp: [
        { text: 'anthropic_token = "sk-ant-oat01-tooShort"', why: 'too short' },
        { text: 'claude_code_oauth_token: ${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}', why: 'CI secret reference' },
      ],
    },
  },
];
