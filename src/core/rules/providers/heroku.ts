import type { ProviderRule } from '../types';

/**
 * Heroku API keys. Since 2024 Heroku issues `HRKU-` tokens (`HRKU-AA` + 58 base64url characters
 * today, gitleaks `heroku-api-key-v2`); older API keys and OAuth tokens are bare UUIDs, reported
 * only after a Heroku key name or as the password of a Heroku `.netrc` entry.
 */

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const REMEDIATION =
  'Revoke it with `heroku authorizations:revoke` or at dashboard.heroku.com/account/applications; use a scoped, expiring authorization for CI';

export const rules: ProviderRule[] = [
  {
    id: 'heroku-api-key',
    kind: 'heroku-api-key',
    provider: 'Heroku',
    title: 'Heroku API key',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: REMEDIATION,
    keywords: ['hrku-'],
    pattern: /(?<![A-Za-z0-9_-])HRKU-[A-Za-z0-9_-]{60}(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const mk = () => 'HRKU-AA' + f.base64url(58);
        const [a, b, c] = [mk(), mk(), mk()];
        return [
          { text: `export HEROKU_API_KEY=${a}`, secret: a },
          { text: `const API_KEY = "${b}";`, secret: b },
          { text: `machine api.heroku.com\n  login ci@example.com\n  password ${c}`, secret: c },
        ];
      },
      fp: [
        { text: 'HEROKU_API_KEY=HRKU-AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'HEROKU_API_KEY=HRKU-AA1b2C3d', why: 'too short' },
        { text: 'ref = "XHRKU-AAlQ1aVoHDujJ9QsDHdHlHO0hbzhoERRSO45ZQusSYHgw4hLrAymQ2w3e4r5t6"', why: 'inside a longer identifier' },
      ],
    },
  },
  {
    id: 'heroku-api-key-legacy',
    kind: 'heroku-api-key',
    provider: 'Heroku',
    title: 'Heroku API key (legacy UUID format)',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: REMEDIATION,
    keywords: ['heroku'],
    // A UUID after a Heroku key/token name (gitleaks `heroku-api-key`, narrowed to credential names
    // so app, pipeline and team ids are not reported).
    pattern: new RegExp(
      `heroku[\\w.-]{0,20}?(?:api[_.-]?key|api[_.-]?token|auth[_.-]?token|oauth[_.-]?token|token|secret|password|key)["']?\\s{0,3}(?:[:=]|:=|=>)\\s{0,3}["']?(?<secret>${UUID})(?![0-9A-Za-z-])`,
      'i',
    ),
    minEntropy: 3,
    confidence: 'medium',
    stopwords: ['12345678', 'abcd-abcd'],
    samples: {
      tp: (f) => {
        const [a, b, c] = [f.uuid(), f.uuid(), f.uuid()];
        return [
          { text: `HEROKU_API_KEY=${a}`, secret: a },
          { text: `const herokuApiToken = "${b}";`, secret: b },
          { text: `  heroku_auth_token: '${c}'`, secret: c },
        ];
      },
      fp: [
        { text: 'HEROKU_APP_ID=01234567-89ab-4cde-8f01-23456789abcd', why: 'an app id, not a key' },
        { text: 'HEROKU_API_KEY=12345678-ABCD-ABCD-ABCD-1234567890AB', why: 'placeholder UUID' },
        { text: 'heroku_api_key = "${HEROKU_API_KEY}"', why: 'variable reference' },
        { text: 'api_key = "3f0c9a61-7d2e-4b8a-9c15-6e4f2a7b8d90"', why: 'UUID without Heroku context' },
      ],
    },
  },
  {
    id: 'heroku-netrc-password',
    kind: 'heroku-api-key',
    provider: 'Heroku',
    title: 'Heroku API key in .netrc',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: REMEDIATION,
    keywords: ['heroku.com'],
    // `machine api.heroku.com` / `git.heroku.com` entries written by `heroku login`.
    pattern: new RegExp(
      `machine\\s+(?:api|git)\\.heroku\\.com\\s[^\\n]{0,200}?(?:\\n[^\\n]{0,200}?){0,3}?\\bpassword\\s+(?<secret>${UUID})(?![0-9A-Za-z-])`,
    ),
    multiline: 600,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const [a, b] = [f.uuid(), f.uuid()];
        return [
          { text: `machine api.heroku.com\n  login dev@example.com\n  password ${a}\nmachine git.heroku.com\n  login dev@example.com\n  password ${a}`, secret: a, path: '.netrc' },
          { text: `machine git.heroku.com login ci@example.com password ${b}`, secret: b, path: '.netrc' },
        ];
      },
      fp: [
        { text: 'machine api.heroku.com\n  login dev@example.com\n  password $HEROKU_API_KEY', why: 'variable reference', path: '.netrc' },
        { text: 'machine github.com\n  login dev\n  password 3f0c9a61-7d2e-4b8a-9c15-6e4f2a7b8d90', why: 'not a Heroku host', path: '.netrc' },
      ],
    },
  },
];
