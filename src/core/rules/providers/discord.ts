import type { ProviderRule } from '../types';

/**
 * A Discord bot token is `base64url(bot user id).base64url(timestamp).hmac`; the first part is the
 * decimal snowflake id (17-20 digits) in base64 without padding
 * (https://discord.com/developers/docs/reference#authentication; Yelp detect-secrets DiscordBotTokenDetector).
 */
function firstPartIsSnowflake(token: string): boolean {
  const first = token.slice(0, token.indexOf('.'));
  const decoded = Buffer.from(first, 'base64url').toString('latin1');
  if (!/^[1-9]\d{16,19}$/.test(decoded)) return false;
  return Buffer.from(decoded, 'latin1').toString('base64url') === first;
}

export const rules: ProviderRule[] = [
  {
    id: 'discord-bot-token',
    kind: 'discord-bot-token',
    provider: 'Discord',
    title: 'Discord bot token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Reset the token at discord.com/developers/applications > Bot > Reset Token and load it from a secret manager.',
    // No literal prefix: run on lines that name a Discord token or the usual login call.
    keywords: ['discord', 'token', 'bot', 'login', '.run('],
    // id part: 23-27 chars of [A-Za-z0-9] starting M/N/O (digits in base64); timestamp: 6; HMAC: 27 (older) or 38.
    pattern: /(?<![A-Za-z0-9_.-])[MNO][A-Za-z0-9]{22,26}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])/,
    verify: firstPartIsSnowflake,
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const token = (id: string, hmac: number) => `${Buffer.from(id).toString('base64url')}.${f.base64url(6)}.${f.base64url(hmac)}`;
        const a = token(`1${f.digits(18)}`, 38);
        const b = token(`${f.int(4, 9)}${f.digits(17)}`, 27);
        const c = token(`1${f.digits(17)}`, 27);
        return [
          { text: `client.login('${a}');`, secret: a },
          { text: `DISCORD_TOKEN=${b}`, secret: b },
          { text: `bot.run("${c}")`, secret: c },
          { text: `# the old token was ${a}.`, secret: a },
        ];
      },
      fp: [
        { text: 'DISCORD_TOKEN=MTAxxxxxxxxxxxxxxxxxxxxx.xxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        // First part decodes to text, not a numeric snowflake id.
        { text: 'ref = "NotAToken_HelloWorld01.abcdef.ghijklmnopqrstuvwxyz0123456"', why: 'first part is not a base64 snowflake id' },
        { text: 'version: Mozilla5AppleWebKit53736.KHTMLl.likeGeckoChrome120000Safari5373', why: 'three dotted parts that do not decode to an id' },
      ],
    },
  },
  {
    id: 'discord-webhook-url',
    kind: 'discord-webhook-url',
    provider: 'Discord',
    title: 'Discord webhook URL',
    severity: 'medium',
    owasp: 'NHI2',
    remediation: 'Delete the webhook in the channel settings (Integrations > Webhooks), create a new one and keep its URL in a secret store.',
    keywords: ['discord.com/api', 'discordapp.com/api'],
    // https://discord.com/api/webhooks/<snowflake id>/<68-char token> (https://discord.com/developers/docs/resources/webhook).
    pattern: /(?<![A-Za-z0-9_.-])(?:https?:\/\/)?(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/(?:v\d{1,2}\/)?webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,72}(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `https://discord.com/api/webhooks/${f.digits(19)}/${f.base64url(68)}`;
        const b = `https://discordapp.com/api/webhooks/${f.digits(18)}/${f.base64url(68)}`;
        const c = `https://canary.discord.com/api/v10/webhooks/${f.digits(19)}/${f.base64url(68)}`;
        return [
          { text: `DISCORD_WEBHOOK_URL=${a}`, secret: a },
          { text: `requests.post("${b}", json=payload)`, secret: b },
          { text: `  webhook: '${c}'`, secret: c },
        ];
      },
      fp: [
        { text: 'url: https://discord.com/api/webhooks/000000000000000000/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'POST https://discord.com/api/webhooks/{webhook.id}/{webhook.token}', why: 'API reference path template' },
        { text: 'url = "https://discord.com/api/webhooks/123456789012345678/short-token"', why: 'token part too short' },
      ],
    },
  },
  {
    id: 'discord-client-secret',
    kind: 'discord-client-secret',
    provider: 'Discord',
    title: 'Discord OAuth2 client secret',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Reset the secret at discord.com/developers/applications > OAuth2 and load it from a secret manager.',
    keywords: ['discord'],
    // 32 characters with no prefix: only next to a Discord client secret name (gitleaks discord-client-secret).
    pattern: /discord[\w.\-"': {]{0,30}?client[_-]?secret[\w.-]{0,12}?\W{1,6}(?<secret>[A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])/i,
    confidence: 'medium',
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = f.base64url(32);
        const b = f.alnum(32);
        return [
          { text: `DISCORD_CLIENT_SECRET=${a}`, secret: a },
          { text: `  "discordClientSecret": "${b}",`, secret: b },
        ];
      },
      fp: [
        { text: 'DISCORD_CLIENT_SECRET=00000000000000000000000000000000', why: 'placeholder zeros' },
        { text: 'DISCORD_CLIENT_ID=JkT8x2LmQp9RvW4zNc7HbY3sFd6GaE1u', why: 'client id name, not the secret' },
        { text: 'DISCORD_CLIENT_SECRET=JkT8x2LmQp9RvW4z', why: 'too short' },
      ],
    },
  },
];
