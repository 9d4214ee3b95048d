import type { ProviderRule } from '../types';

// Stripe keys: https://docs.stripe.com/keys (sk_/rk_ + live|test + alphanumeric, up to 255 characters in all);
// webhook endpoint secrets: https://docs.stripe.com/webhooks#verify-events (whsec_…). gitleaks stripe-access-token.

export const rules: ProviderRule[] = [
  {
    id: 'stripe-secret-key',
    kind: 'stripe-secret-key',
    provider: 'Stripe',
    title: 'Stripe live secret key',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: 'Roll the key at dashboard.stripe.com/apikeys and use a restricted key (rk_live_) with only the needed permissions.',
    keywords: ['sk_live_'],
    pattern: /(?<![A-Za-z0-9_])sk_live_[0-9a-zA-Z]{24,247}(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `sk_live_${f.alnum(24)}`;
        const b = `sk_live_51${f.alnum(97)}`;
        const c = `sk_live_${f.alnum(99)}`;
        return [
          { text: `const stripe = require('stripe')('${a}');`, secret: a },
          { text: `STRIPE_SECRET_KEY=${b}`, secret: b },
          { text: `stripe:\n  secret_key: "${c}"`, secret: c },
        ];
      },
      fp: [
        { text: 'STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'STRIPE_SECRET_KEY=sk_live_...', why: 'elided key' },
        { text: 'STRIPE_PUBLISHABLE_KEY=pk_live_51HqLyjWDarjtT1zdp7dc4eC39TYooMQauvdEDq54NiTphI7jx', why: 'publishable key is meant to be public' },
        { text: 'if (key.startsWith("sk_live_")) throw new Error("live key in tests");', why: 'prefix check, no key' },
      ],
    },
  },
  {
    id: 'stripe-restricted-key',
    kind: 'stripe-restricted-key',
    provider: 'Stripe',
    title: 'Stripe live restricted key',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: 'Roll the restricted key at dashboard.stripe.com/apikeys and load it from a secret manager.',
    keywords: ['rk_live_'],
    pattern: /(?<![A-Za-z0-9_])rk_live_[0-9a-zA-Z]{24,247}(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `rk_live_${f.alnum(24)}`;
        const b = `rk_live_51${f.alnum(97)}`;
        return [
          { text: `STRIPE_RESTRICTED_KEY="${a}"`, secret: a },
          { text: `{"stripe_key": "${b}"}`, secret: b },
        ];
      },
      fp: [
        { text: 'STRIPE_RESTRICTED_KEY=rk_live_xxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'STRIPE_RESTRICTED_KEY=rk_live_abc123', why: 'too short' },
      ],
    },
  },
  {
    id: 'stripe-test-key',
    kind: 'stripe-test-key',
    provider: 'Stripe',
    title: 'Stripe test-mode secret or restricted key',
    severity: 'medium',
    owasp: 'NHI2',
    remediation: 'Roll the test key at dashboard.stripe.com/test/apikeys and read it from the environment instead of the code.',
    keywords: ['sk_test_', 'rk_test_'],
    pattern: /(?<![A-Za-z0-9_])[sr]k_test_[0-9a-zA-Z]{24,247}(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `sk_test_${f.alnum(24)}`;
        const b = `sk_test_51${f.alnum(97)}`;
        const c = `rk_test_51${f.alnum(97)}`;
        return [
          { text: `Stripe.api_key = "${a}"`, secret: a },
          { text: `export STRIPE_SECRET_KEY=${b}`, secret: b },
          { text: `  restricted: '${c}'`, secret: c },
        ];
      },
      fp: [
        { text: "Stripe.api_key = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc'", why: 'documented example key from the Stripe docs' },
        { text: 'STRIPE_SECRET_KEY=sk_test_xxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'STRIPE_SECRET_KEY=sk_test_123', why: 'too short' },
      ],
    },
  },
  {
    id: 'stripe-webhook-secret',
    kind: 'stripe-webhook-secret',
    provider: 'Stripe',
    title: 'Stripe webhook signing secret',
    severity: 'high',
    owasp: 'NHI2',
    remediation: 'Roll the endpoint secret at dashboard.stripe.com/webhooks and load it from a secret manager.',
    keywords: ['whsec_'],
    // whsec_ + 32 alphanumeric (dashboard) or 64 hex (Stripe CLI); base64 bodies from other Standard Webhooks senders also match.
    pattern: /(?<![A-Za-z0-9_])whsec_[A-Za-z0-9+/]{32,88}={0,2}(?![A-Za-z0-9_+/=])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `whsec_${f.alnum(32)}`;
        const b = `whsec_${f.hex(64)}`;
        return [
          { text: `STRIPE_WEBHOOK_SECRET=${a}`, secret: a },
          { text: `const endpointSecret = "${b}";`, secret: b },
        ];
      },
      fp: [
        { text: "const endpointSecret = 'whsec_...';", why: 'elided secret from the docs' },
        { text: 'STRIPE_WEBHOOK_SECRET=whsec_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'STRIPE_WEBHOOK_SECRET=whsec_1234', why: 'too short' },
      ],
    },
  },
];
