import type { ProviderRule } from '../types';

// Token shapes: https://api.slack.com/authentication/token-types and
// https://api.slack.com/authentication/config-tokens; cross-checked with gitleaks rules
// slack-bot-token, slack-user-token, slack-app-token, slack-config-*-token, slack-legacy-*, slack-webhook-url.

const REVOKE = 'Revoke at api.slack.com/apps (OAuth & Permissions > Revoke / rotate tokens) and load the token from a secret manager';

export const rules: ProviderRule[] = [
  {
    id: 'slack-bot-token',
    kind: 'slack-bot-token',
    provider: 'Slack',
    title: 'Slack bot token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: `${REVOKE}; enable token rotation for the app.`,
    keywords: ['xoxb-'],
    // xoxb-<team id>-<bot user id>-<24 alnum>; legacy bot tokens omit the middle number.
    pattern: /(?<![A-Za-z0-9_-])xoxb-\d{8,13}-(?:\d{8,13}-)?[A-Za-z0-9]{18,34}(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `xoxb-${f.digits(12)}-${f.digits(13)}-${f.alnum(24)}`;
        const b = `xoxb-${f.digits(11)}-${f.digits(12)}-${f.alnum(24)}`;
        const c = `xoxb-${f.digits(12)}-${f.alnum(24)}`;
        return [
          { text: `const slack = new WebClient('${a}');`, secret: a },
          { text: `SLACK_BOT_TOKEN=${b}`, secret: b },
          { text: `slack:\n  bot_token: "${c}"`, secret: c },
        ];
      },
      fp: [
        { text: 'SLACK_BOT_TOKEN=xoxb-xxxxxxxxxxx-xxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'token = "xoxb-not-a-real-token-this-will-not-work"', why: 'documented example token from the Slack SDK docs' },
        { text: 'token: xoxb-12345-abcd234', why: 'too short to be a bot token' },
        { text: 'export SLACK_BOT_TOKEN=xoxb-your-bot-token', why: 'placeholder in setup docs' },
      ],
    },
  },
  {
    id: 'slack-user-token',
    kind: 'slack-user-token',
    provider: 'Slack',
    title: 'Slack user token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: `${REVOKE}; prefer a bot token with narrow scopes over a user token.`,
    keywords: ['xoxp-', 'xoxe-'],
    // xoxp-<team>-<user>-<token id>-<32 hex>; the same shape with xoxe- appears in file URLs (gitleaks slack-user-token).
    pattern: /(?<![A-Za-z0-9_.-])xox[pe]-\d{8,13}-\d{8,13}-\d{8,13}-[A-Za-z0-9]{28,34}(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `xoxp-${f.digits(12)}-${f.digits(12)}-${f.digits(13)}-${f.hex(32)}`;
        const b = `xoxp-${f.digits(11)}-${f.digits(10)}-${f.digits(11)}-${f.hex(32)}`;
        const c = `xoxe-${f.digits(13)}-${f.digits(13)}-${f.digits(13)}-${f.hex(32)}`;
        return [
          { text: `{"user_token": "${a}"}`, secret: a },
          { text: `export SLACK_USER_TOKEN=${b}`, secret: b },
          { text: `url = "https://files.slack.com/files-pri/T04ABCD-F04EFGH/image.png?t=${c}"`, secret: c },
        ];
      },
      fp: [
        { text: '"token1": "xoxp-1234567890"', why: 'too short, missing segments' },
        { text: '"token2": "xoxp-XXXXXXXXXX-XXXXXXXXXX-XXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"', why: 'placeholder' },
        { text: '"token3": "xoxp-1234-1234-1234-4ddbc191d40ee098cbaae6f3523ada2d"', why: 'numeric segments too short' },
      ],
    },
  },
  {
    id: 'slack-app-token',
    kind: 'slack-app-token',
    provider: 'Slack',
    title: 'Slack app-level token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke at api.slack.com/apps > Basic Information > App-Level Tokens and keep the new one in a secret manager.',
    keywords: ['xapp-'],
    // xapp-<version>-<app id>-<number>-<64 hex> (https://api.slack.com/authentication/token-types#app).
    pattern: /(?<![A-Za-z0-9_-])xapp-\d-[A-Z0-9]{8,14}-\d{10,14}-[a-fA-F0-9]{64}(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `xapp-1-A${f.upperAlnum(10)}-${f.digits(13)}-${f.hex(64)}`;
        const b = `xapp-1-A${f.upperAlnum(9)}-${f.digits(13)}-${f.hex(64)}`;
        return [
          { text: `SLACK_APP_TOKEN="${a}"`, secret: a },
          { text: `app = App(token=bot_token, app_token="${b}")`, secret: b },
        ];
      },
      fp: [
        { text: 'SLACK_APP_TOKEN=xapp-1-XXXXXXXXXXX-XXXXXXXXXXXXX-xxxxxxxx', why: 'placeholder' },
        { text: 'SLACK_APP_TOKEN=xapp-1-A052FGTS2DL-5171572773297-610b6a11f4b7eb81', why: 'secret part too short' },
        { text: 'css: .xapp-1-header-button { color: red }', why: 'CSS class, not a token' },
      ],
    },
  },
  {
    id: 'slack-config-access-token',
    kind: 'slack-config-token',
    provider: 'Slack',
    title: 'Slack app configuration access token',
    severity: 'high',
    owasp: 'NHI2',
    remediation: 'Revoke at api.slack.com/apps (Your App Configuration Tokens) and generate config tokens only when needed.',
    keywords: ['xoxe.xoxp-', 'xoxe.xoxb-'],
    // https://api.slack.com/authentication/config-tokens; gitleaks slack-config-access-token.
    pattern: /(?<![A-Za-z0-9_-])xoxe\.xox[bp]-\d-[A-Za-z0-9]{160,170}(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `xoxe.xoxp-1-${f.alnum(163)}`;
        const b = `xoxe.xoxb-1-${f.alnum(165)}`;
        return [
          { text: `SLACK_CONFIG_TOKEN=${a}`, secret: a },
          { text: `{"access_token": "${b}"}`, secret: b },
        ];
      },
      fp: [
        { text: 'token: xoxe.xoxp-1-SlackAppConfigurationAccessTokenHere', why: 'placeholder, too short' },
        { text: 'token: xoxe.xoxp-1-RANDOMSTRINGHERE', why: 'placeholder, too short' },
      ],
    },
  },
  {
    id: 'slack-config-refresh-token',
    kind: 'slack-config-refresh-token',
    provider: 'Slack',
    title: 'Slack app configuration refresh token',
    severity: 'high',
    owasp: 'NHI2',
    remediation: 'Revoke at api.slack.com/apps (Your App Configuration Tokens); store refresh tokens only in a secret manager.',
    keywords: ['xoxe-'],
    // xoxe-<version>-<146 alnum> (https://api.slack.com/authentication/config-tokens; gitleaks slack-config-refresh-token).
    pattern: /(?<![A-Za-z0-9_.-])xoxe-\d-[A-Za-z0-9]{140,150}(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `xoxe-1-${f.alnum(146)}`;
        const b = `xoxe-1-${f.alnum(146)}`;
        return [
          { text: `refresh_token = "${a}"`, secret: a },
          { text: `SLACK_CONFIG_REFRESH_TOKEN: ${b}`, secret: b },
        ];
      },
      fp: [
        { text: 'refresh_token = "xoxe-1-xxx"', why: 'placeholder' },
        { text: 'XOxE-RROAmw, Home and Garden, 5:24, 20120323', why: 'unrelated text' },
      ],
    },
  },
  {
    id: 'slack-legacy-token',
    kind: 'slack-legacy-token',
    provider: 'Slack',
    title: 'Slack legacy token (workspace, refresh or legacy user token)',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke at api.slack.com/legacy or api.slack.com/apps and migrate to a granular bot token.',
    keywords: ['xoxa-', 'xoxr-', 'xoxs-', 'xoxo-'],
    // xoxs-/xoxo-: numbers then hex (gitleaks slack-legacy-token); xoxa-/xoxr-: gitleaks slack-legacy-workspace-token.
    pattern: /(?<![A-Za-z0-9_-])(?:xox[os]-\d{6,13}-\d{6,13}-\d{6,13}-[a-fA-F0-9]{10,64}|xox[ar]-(?:\d-)?(?:\d{6,13}-){0,3}[A-Za-z0-9]{10,48})(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `xoxs-${f.digits(12)}-${f.digits(12)}-${f.digits(12)}-${f.hex(64)}`;
        const b = `xoxa-2-${f.digits(9)}-${f.digits(11)}-${f.digits(13)}-${f.hex(18)}`;
        const c = `xoxr-${f.alnum(40)}`;
        return [
          { text: `"access_token": "${a}"`, secret: a },
          { text: `SLACK_TOKEN=${b}`, secret: b },
          { text: `refresh: '${c}'`, secret: c },
        ];
      },
      fp: [
        { text: 'https://github.com/xoxa-nyc/xoxa-nyc.github.io/blob/master/README.md', why: 'project name, not a token' },
        { text: 'https://indieweb.org/images/3/35/2018-250-xoxo-indieweb-1.jpg', why: 'file name containing xoxo' },
        { text: 'token = "xoxs-12-34-56-abc"', why: 'segments too short' },
      ],
    },
  },
  {
    id: 'slack-webhook-url',
    kind: 'slack-webhook-url',
    provider: 'Slack',
    title: 'Slack incoming webhook URL',
    severity: 'medium',
    owasp: 'NHI2',
    remediation: 'Regenerate the webhook at api.slack.com/apps > Incoming Webhooks and keep the URL in a secret store.',
    keywords: ['hooks.slack.com'],
    // https://hooks.slack.com/services/T<team>/B<hook>/<24 alnum> (https://api.slack.com/messaging/webhooks).
    pattern: /(?<![A-Za-z0-9_.-])(?:https?:\/\/)?hooks\.slack\.com\/services\/T[A-Z0-9]{8,12}\/B[A-Z0-9]{8,12}\/[A-Za-z0-9]{24}(?![A-Za-z0-9])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `https://hooks.slack.com/services/T${f.upperAlnum(8)}/B${f.upperAlnum(10)}/${f.alnum(24)}`;
        const b = `https://hooks.slack.com/services/T${f.upperAlnum(10)}/B${f.upperAlnum(10)}/${f.alnum(24)}`;
        const c = `hooks.slack.com/services/T${f.upperAlnum(8)}/B${f.upperAlnum(8)}/${f.alnum(24)}`;
        return [
          { text: `SLACK_WEBHOOK_URL=${a}`, secret: a },
          { text: `curl -X POST -d '{"text":"hi"}' "${b}"`, secret: b },
          { text: `webhook: ${c}`, secret: c },
        ];
      },
      fp: [
        { text: 'url: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', why: 'documented placeholder' },
        { text: 'url: "https://hooks.slack.com/services/..."', why: 'elided URL' },
        { text: 'url: https://hooks.slack.com/services/T0DCUJB1Q/B0DD08H5G/short', why: 'secret part too short' },
      ],
    },
  },
  {
    id: 'slack-workflow-webhook-url',
    kind: 'slack-workflow-webhook-url',
    provider: 'Slack',
    title: 'Slack Workflow Builder webhook URL',
    severity: 'medium',
    owasp: 'NHI2',
    remediation: 'Recreate the workflow webhook trigger in Slack Workflow Builder and keep the URL in a secret store.',
    keywords: ['hooks.slack.com'],
    // hooks.slack.com/workflows/T…/A…/<id>/<secret> and hooks.slack.com/triggers/T…/<id>/<32 hex>
    // (gitleaks slack-webhook-url; https://slack.com/help/articles/360041352714).
    pattern: /(?<![A-Za-z0-9_.-])(?:https?:\/\/)?hooks\.slack\.com\/(?:workflows\/T[A-Z0-9]{8,12}\/A[A-Z0-9]{8,12}\/\d{12,20}\/[A-Za-z0-9]{20,32}|triggers\/[TE][A-Z0-9]{8,12}\/\d{8,16}\/[A-Za-z0-9]{32})(?![A-Za-z0-9])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `https://hooks.slack.com/workflows/T${f.upperAlnum(10)}/A${f.upperAlnum(10)}/${f.digits(18)}/${f.alnum(24)}`;
        const b = `https://hooks.slack.com/triggers/T${f.upperAlnum(10)}/${f.digits(13)}/${f.hex(32)}`;
        return [
          { text: `SLACK_WORKFLOW_URL="${a}"`, secret: a },
          { text: `  webhook_url: ${b}`, secret: b },
        ];
      },
      fp: [
        { text: 'url: https://hooks.slack.com/triggers/T00000000/0000000000/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'see https://hooks.slack.com/workflows/ for details', why: 'bare path without ids' },
      ],
    },
  },
  {
    id: 'slack-app-secret',
    kind: 'slack-app-secret',
    provider: 'Slack',
    title: 'Slack app signing secret or client secret',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Regenerate at api.slack.com/apps > Basic Information > App Credentials and load it from a secret manager.',
    keywords: ['slack'],
    // 32 hex with no prefix: only next to a Slack signing/client secret name.
    pattern: /slack[\w.\-"': {]{0,30}?(?:signing|client)[_-]?secret[\w.-]{0,12}?\W{1,6}(?<secret>[a-f0-9]{32})(?![A-Za-z0-9])/i,
    confidence: 'medium',
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = f.hex(32);
        const b = f.hex(32);
        return [
          { text: `SLACK_SIGNING_SECRET=${a}`, secret: a },
          { text: `  "slackClientSecret": "${b}",`, secret: b },
        ];
      },
      fp: [
        { text: 'SLACK_SIGNING_SECRET=00000000000000000000000000000000', why: 'placeholder zeros' },
        { text: 'SLACK_CHANNEL_ID=8f14e45fceea167a5a36dedd4bea2543', why: 'not a secret name' },
        { text: 'SLACK_SIGNING_SECRET=8f14e45fceea167a5a36', why: 'too short' },
      ],
    },
  },
];
