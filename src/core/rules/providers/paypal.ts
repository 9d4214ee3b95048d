import type { ProviderRule } from '../types';

// Braintree (PayPal) SDK access tokens: access_token$<environment>$<16 merchant id>$<32 hex>
// (https://developer.paypal.com/braintree/docs/guides/authorization/access-token; gitleaks braintree-access-token).
// PayPal REST client secrets: 80 base64url characters starting with E, client ids start with A
// (https://developer.paypal.com/api/rest/#link-getclientidandclientsecret). OAuth access tokens start A21AA.

export const rules: ProviderRule[] = [
  {
    id: 'braintree-access-token',
    kind: 'braintree-access-token',
    provider: 'PayPal',
    title: 'Braintree / PayPal production access token',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: 'Revoke the access token in the PayPal developer dashboard or Braintree Control Panel and load it from a secret manager.',
    keywords: ['access_token$production$'],
    pattern: /(?<![A-Za-z0-9_])access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32}(?![A-Za-z0-9_])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `access_token$production$${f.lowerAlnum(16)}$${f.hex(32)}`;
        const b = `access_token$production$${f.lowerAlnum(16)}$${f.hex(32)}`;
        const c = `access_token$production$${f.lowerAlnum(16)}$${f.hex(32)}`;
        return [
          { text: `BRAINTREE_ACCESS_TOKEN='${a}'`, secret: a },
          { text: `gateway = braintree.BraintreeGateway(access_token="${b}")`, secret: b },
          { text: `  "accessToken": "${c}",`, secret: c },
        ];
      },
      fp: [
        { text: "BRAINTREE_ACCESS_TOKEN='access_token$production$xxxxxxxxxxxxxxxx$xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'", why: 'placeholder' },
        { text: 'token = "access_token$production$$"', why: 'empty template' },
        { text: 'token = "access_token$staging$8f14e45fceea167a$8f14e45fceea167a5a36dedd4bea2543"', why: 'not a Braintree environment' },
      ],
    },
  },
  {
    id: 'braintree-sandbox-access-token',
    kind: 'braintree-sandbox-access-token',
    provider: 'PayPal',
    title: 'Braintree / PayPal sandbox access token',
    severity: 'medium',
    owasp: 'NHI2',
    remediation: 'Revoke the sandbox access token in the PayPal developer dashboard and read it from the environment instead of the code.',
    keywords: ['access_token$sandbox$'],
    pattern: /(?<![A-Za-z0-9_])access_token\$sandbox\$[0-9a-z]{16}\$[0-9a-f]{32}(?![A-Za-z0-9_])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `access_token$sandbox$${f.lowerAlnum(16)}$${f.hex(32)}`;
        const b = `access_token$sandbox$${f.lowerAlnum(16)}$${f.hex(32)}`;
        return [
          { text: `BRAINTREE_ACCESS_TOKEN=${a}`, secret: a },
          { text: `const gateway = new braintree.BraintreeGateway({ accessToken: '${b}' });`, secret: b },
        ];
      },
      fp: [
        { text: 'BRAINTREE_ACCESS_TOKEN=access_token$sandbox$xxxxxxxxxxxxxxxx$xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'BRAINTREE_ACCESS_TOKEN=access_token$sandbox$8f14e45fceea167a', why: 'truncated, missing the secret part' },
      ],
    },
  },
  {
    id: 'paypal-client-secret',
    kind: 'paypal-client-secret',
    provider: 'PayPal',
    title: 'PayPal REST API client secret',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: 'Generate a new secret in the PayPal developer dashboard (Apps & Credentials), disable the old one and load it from a secret manager.',
    keywords: ['paypal'],
    // Beside a PayPal secret name, or as `<client id>:<secret>` (Basic auth) on a line that mentions PayPal.
    // Case-insensitive names spelled out so the secret itself stays case-sensitive (it starts with an upper-case E).
    pattern: /(?:[Pp][Aa][Yy][Pp][Aa][Ll][\w.\-"': {]{0,30}?[Ss][Ee][Cc][Rr][Ee][Tt][\w.-]{0,12}?\W{1,6}|(?<![A-Za-z0-9_-])A[A-Za-z0-9_-]{79}:)(?<secret>E[A-Za-z0-9_-]{79})(?![A-Za-z0-9_-])/,
    confidence: 'medium',
    minEntropy: 4,
    samples: {
      tp: (f) => {
        const a = `E${f.base64url(79)}`;
        const b = `E${f.base64url(79)}`;
        const c = `E${f.base64url(79)}`;
        const d = `E${f.base64url(79)}`;
        return [
          { text: `paypal_secret_key: '${d}'`, secret: d },
          { text: `PAYPAL_CLIENT_SECRET=${a}`, secret: a },
          { text: `const val PAYPAL_SECRET = "${b}"`, secret: b },
          { text: `curl -u "A${f.base64url(79)}:${c}" https://api-m.paypal.com/v1/oauth2/token`, secret: c },
        ];
      },
      fp: [
        { text: 'PAYPAL_CLIENT_ID=AZm9nfSBLh1HFdqwsSHBiaduNT1KKh1y8DMghYCdpz5SW4cPeFvmMU9dvBoXfQEIxqxZRlx8SqyUuAbCdE', why: 'client id is public' },
        { text: 'PAYPAL_CLIENT_SECRET=your-paypal-client-secret', why: 'placeholder' },
        { text: 'PAYPAL_CLIENT_SECRET=EI00r4dj1kIpw8usgspMt6bdHgOHiZsl', why: 'too short' },
      ],
    },
  },
  {
    id: 'paypal-access-token',
    kind: 'paypal-oauth-access-token',
    provider: 'PayPal',
    title: 'PayPal OAuth access token',
    severity: 'medium',
    owasp: 'NHI2',
    remediation: 'Do not store PayPal bearer tokens; request them at run time with the client credentials kept in a secret manager.',
    keywords: ['a21aa'],
    pattern: /(?<![A-Za-z0-9_-])A21AA[A-Za-z0-9_-]{50,150}(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    samples: {
      tp: (f) => {
        const a = `A21AA${f.base64url(92)}`;
        const b = `A21AA${f.base64url(92)}`;
        return [
          { text: `curl -H "Authorization: Bearer ${a}" https://api-m.paypal.com/v2/checkout/orders`, secret: a },
          { text: `PAYPAL_ACCESS_TOKEN=${b}`, secret: b },
        ];
      },
      fp: [
        { text: 'Authorization: Bearer A21AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'Authorization: Bearer A21AAFEpH4PsADK7qSS7pSRsgzfENtu', why: 'too short' },
      ],
    },
  },
];
