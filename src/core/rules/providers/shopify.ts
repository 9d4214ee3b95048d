import type { ProviderRule } from '../types';

// Shopify tokens: a type prefix plus 32 hex (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens;
// gitleaks shopify-access-token, shopify-custom-access-token, shopify-private-app-access-token, shopify-shared-secret).

interface ShopifyKind {
  prefix: string;
  id: string;
  title: string;
  remediation: string;
  sample: (token: string) => string;
}

const KINDS: ShopifyKind[] = [
  {
    prefix: 'shpat_',
    id: 'shopify-access-token',
    title: 'Shopify Admin API access token',
    remediation: 'Uninstall/reinstall the app or rotate the token in the Shopify admin (Settings > Apps > Develop apps) and load it from a secret manager.',
    sample: (t) => `SHOPIFY_ACCESS_TOKEN=${t}`,
  },
  {
    prefix: 'shpca_',
    id: 'shopify-custom-app-token',
    title: 'Shopify custom app access token',
    remediation: 'Rotate the token in the Shopify admin (Settings > Apps > Develop apps > API credentials) and load it from a secret manager.',
    sample: (t) => `headers: { 'X-Shopify-Access-Token': '${t}' }`,
  },
  {
    prefix: 'shppa_',
    id: 'shopify-private-app-token',
    title: 'Shopify private app password',
    remediation: 'Delete the private app in the Shopify admin, migrate to a custom app and keep its token in a secret manager.',
    sample: (t) => `shop_url = "https://api:${t}@my-shop.myshopify.com/admin"`,
  },
  {
    prefix: 'shpss_',
    id: 'shopify-shared-secret',
    title: 'Shopify app shared secret',
    remediation: 'Rotate the API secret key in the Shopify Partner Dashboard (App setup > API credentials) and load it from a secret manager.',
    sample: (t) => `  "apiSecretKey": "${t}",`,
  },
];

export const rules: ProviderRule[] = KINDS.map((k): ProviderRule => ({
  id: k.id,
  kind: k.id,
  provider: 'Shopify',
  title: k.title,
  severity: 'high',
  owasp: 'NHI7',
  remediation: k.remediation,
  keywords: [k.prefix],
  pattern: new RegExp(`(?<![A-Za-z0-9_])${k.prefix}[a-fA-F0-9]{32}(?![A-Za-z0-9_])`),
  minEntropy: 3,
  samples: {
    tp: (f) => {
      const a = `${k.prefix}${f.hex(32)}`;
      const b = `${k.prefix}${f.hex(32)}`;
      const c = `${k.prefix}${f.hex(32)}`;
      return [
        { text: k.sample(a), secret: a },
        { text: `export SHOPIFY_TOKEN="${b}"`, secret: b },
        { text: `shopify:\n  token: ${c}`, secret: c },
      ];
    },
    fp: [
      { text: `SHOPIFY_TOKEN=${k.prefix}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, why: 'placeholder' },
      { text: `SHOPIFY_TOKEN=${k.prefix}8f14e45fceea167a5a36dedd4bea25`, why: 'too short' },
      { text: `SHOPIFY_TOKEN=${k.prefix}8f14e45fceea167a5a36dedd4bea2543zz`, why: 'longer than the format, not hex at the end' },
      { text: `if (token.startsWith('${k.prefix}')) return 'admin';`, why: 'prefix check, no token' },
    ],
  },
}));
