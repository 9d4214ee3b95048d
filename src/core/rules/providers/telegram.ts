import type { ProviderRule } from '../types';

export const rules: ProviderRule[] = [
  {
    id: 'telegram-bot-token',
    kind: 'telegram-bot-token',
    provider: 'Telegram',
    title: 'Telegram bot token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke with @BotFather (/revoke) and load the new token from a secret manager.',
    keywords: ['telegr', 'bot', 'tg_', 'token', 'updater'],
    // <bot id, 8-10 digits>:AA<33 base64url> (https://core.telegram.org/bots/api#authorizing-your-bot;
    // gitleaks telegram-bot-api-token). Required context on the line before it: telegram/bot/tg_/token, or
    // the api.telegram.org/bot<token>/ URL form. The `i` flag serves the context; verify re-checks `AA`.
    pattern: /(?=\d{8,10}:AA)(?:(?<=\/bot)|(?<![\w:]))(?<=(?:telegr|bot|tg_|token|updater)[^\r\n]{0,60})\d{8,10}:AA[\w-]{33}(?![\w-])/i,
    verify: (secret) => /^\d{8,10}:AA[\w-]{33}$/.test(secret),
    dropUnverified: true,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `${f.digits(10)}:AA${f.base64url(33)}`;
        const b = `${f.digits(9)}:AA${f.base64url(33)}`;
        const c = `${f.digits(10)}:AA${f.base64url(33)}`;
        const d = `${f.digits(10)}:AA${f.base64url(33)}`;
        return [
          { text: `TELEGRAM_BOT_TOKEN=${a}`, secret: a },
          { text: `bot = telebot.TeleBot("${b}")`, secret: b },
          { text: `curl "https://api.telegram.org/bot${c}/sendMessage?chat_id=42&text=hi"`, secret: c },
          { text: `const bot = new Telegraf('${d}');`, secret: d },
        ];
      },
      fp: [
        { text: 'TELEGRAM_BOT_TOKEN=123456789:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: '<xsd:element name="AgencyIdentificationCode" type="clm54321:AgencyIdentificationCodeContentType"/>', why: 'XML schema type, not a token' },
        { text: 'bot token: 123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11', why: 'documented example token from the Bot API docs' },
        { text: 'bot_token = "1234:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"', why: 'bot id too short' },
        { text: 'timestamps: 1700000000:AAbbccddeeffgghhiijjkkllmmnnooppqqr', why: 'no Telegram or bot context on the line' },
      ],
    },
  },
];
