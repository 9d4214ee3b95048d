import type { ProviderRule } from '../types';

/*
 * New Relic key formats (https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/):
 * user key `NRAK-` + 27 upper-case alphanumerics; license (ingest) key 40 characters ending in
 * `NRAL` (36 hex, or a region prefix such as `eu01xx` + 30 hex); browser key `NRJS-` + 19 hex;
 * Insights insert/query keys `NRII-`/`NRIQ-` + 32 characters of [A-Za-z0-9_-]; legacy REST key
 * `NRRA-` + 42 hex and admin key `NRAA-` + 27 hex. Cross-checked with gitleaks rules
 * `new-relic-user-api-key`, `new-relic-browser-api-token`, `new-relic-insert-key` and Nosey
 * Parker `np.newrelic.*`.
 */

const REVOKE = 'Delete the key at one.newrelic.com/api-keys';

export const rules: ProviderRule[] = [
  {
    id: 'newrelic-user-api-key',
    kind: 'newrelic-user-api-key',
    provider: 'New Relic',
    title: 'New Relic user API key',
    severity: 'high',
    owasp: 'NHI7',
    remediation: `${REVOKE}; use a key owned by a dedicated service user, injected from a secret store.`,
    keywords: ['nrak-'],
    pattern: /(?<![A-Za-z0-9_-])NRAK-[A-Z0-9]{27}(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `NRAK-${f.upperAlnum(27)}`;
        const b = `NRAK-${f.upperAlnum(27)}`;
        const c = `NRAK-${f.upperAlnum(27)}`;
        return [
          { text: `NEW_RELIC_API_KEY=${a}`, secret: a, path: '.env' },
          { text: `provider "newrelic" { api_key = "${b}" }`, secret: b, path: 'infra/main.tf' },
          { text: `curl https://api.newrelic.com/graphql -H 'API-Key: ${c}'`, secret: c, path: 'scripts/nerdgraph.sh' },
        ];
      },
      fp: [
        { text: 'NEW_RELIC_API_KEY=NRAK-XXXXXXXXXXXXXXXXXXXXXXXXXXX', why: 'placeholder' },
        { text: 'api_key = "NRAK-4F8B2C9D1E7A3B6C5D0E9F8A7B"', why: 'wrong length (26 characters after NRAK-)' },
        { text: 'const id = "XNRAK-4F8B2C9D1E7A3B6C5D0E9F8A7B2"', why: 'prefix inside a longer identifier' },
      ],
    },
  },
  {
    id: 'newrelic-license-key',
    kind: 'newrelic-license-key',
    provider: 'New Relic',
    title: 'New Relic license (ingest) key',
    severity: 'high',
    owasp: 'NHI7',
    remediation: `${REVOKE} (rotate the INGEST - LICENSE key); pass NEW_RELIC_LICENSE_KEY to agents from a secret store.`,
    keywords: ['nral'],
    pattern: /(?<![A-Za-z0-9_-])(?:[a-fA-F0-9]{36}|[a-z]{2}[0-9]{2}xx[a-fA-F0-9]{30})NRAL(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `${f.hex(36)}NRAL`;
        const b = `eu01xx${f.hex(30)}NRAL`;
        const c = `${f.hex(36)}NRAL`;
        return [
          { text: `  license_key: ${a}`, secret: a, path: 'newrelic-infra.yml' },
          { text: `NEW_RELIC_LICENSE_KEY="${b}"`, secret: b, path: '.env' },
          { text: `newrelic.config = { license_key: '${c}' };`, secret: c, path: 'newrelic.js' },
        ];
      },
      fp: [
        { text: "license_key: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxNRAL'", why: 'placeholder' },
        { text: 'license_key: 033f2f2072ca3f2cb2ec39024fa9e49cd6NRAL', why: 'wrong length (34 hex before NRAL)' },
        { text: 'MODE=NRAL_ENABLED', why: 'the suffix alone, no key' },
      ],
    },
  },
  {
    id: 'newrelic-browser-key',
    kind: 'newrelic-browser-key',
    provider: 'New Relic',
    title: 'New Relic browser ingest key',
    severity: 'low',
    owasp: 'NHI2',
    remediation: `Browser keys ship in page source and only allow ingest; if unwanted data arrives, ${REVOKE.toLowerCase()} and rotate the browser key.`,
    keywords: ['nrjs-'],
    pattern: /(?<![A-Za-z0-9_-])NRJS-[a-f0-9]{19}(?![A-Za-z0-9_-])/,
    minEntropy: 2.8,
    samples: {
      tp: (f) => {
        const a = `NRJS-${f.hex(19)}`;
        const b = `NRJS-${f.hex(19)}`;
        return [
          { text: `;NREUM.loader_config={accountID:"1234567",trustKey:"1234567",agentID:"601234567",licenseKey:"${a}",applicationID:"601234567"};`, secret: a, path: 'public/index.html' },
          { text: `NEW_RELIC_BROWSER_KEY=${b}`, secret: b, path: '.env.production' },
        ];
      },
      fp: [
        { text: 'licenseKey: "NRJS-xxxxxxxxxxxxxxxxxxx"', why: 'placeholder' },
        { text: 'licenseKey: "NRJS-3f5a9c1e7b2d4f6a8c01"', why: 'wrong length (20 hex characters)' },
        { text: 'licenseKey: "NRJS-3F5A9C1E7B2D4F6A8C0"', why: 'wrong alphabet (upper-case hex)' },
      ],
    },
  },
  {
    id: 'newrelic-insert-key',
    kind: 'newrelic-insert-key',
    provider: 'New Relic',
    title: 'New Relic Insights insert key',
    severity: 'medium',
    owasp: 'NHI7',
    remediation: `${REVOKE} (Insights insert keys); use a license key from a secret store for event ingest.`,
    keywords: ['nrii-'],
    pattern: /(?<![A-Za-z0-9_-])NRII-[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `NRII-${f.base64url(32)}`;
        const b = `NRII-${f.base64url(32)}`;
        return [
          { text: `curl -X POST https://insights-collector.newrelic.com/v1/accounts/1234567/events -H "X-Insert-Key: ${a}"`, secret: a, path: 'scripts/event.sh' },
          { text: `NEW_RELIC_INSERT_KEY: ${b}`, secret: b, path: 'docker-compose.yml' },
        ];
      },
      fp: [
        { text: 'X-Insert-Key: NRII-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'X-Insert-Key: NRII-4kT9qZ2mB7xR1vN8cL5wH3jF6dS0gP', why: 'wrong length (30 characters)' },
      ],
    },
  },
  {
    id: 'newrelic-query-key',
    kind: 'newrelic-query-key',
    provider: 'New Relic',
    title: 'New Relic Insights query key',
    severity: 'high',
    owasp: 'NHI7',
    remediation: `${REVOKE} (Insights query keys); query through NerdGraph with a scoped user key from a secret store.`,
    keywords: ['nriq-'],
    pattern: /(?<![A-Za-z0-9_-])NRIQ-[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `NRIQ-${f.base64url(32)}`;
        const b = `NRIQ-${f.base64url(32)}`;
        return [
          { text: `headers = {"X-Query-Key": "${a}"}`, secret: a, path: 'tools/nrql.py' },
          { text: `insights_query_key: ${b}`, secret: b, path: 'config/newrelic.yaml' },
        ];
      },
      fp: [
        { text: 'X-Query-Key: NRIQ-YOUR_QUERY_KEY', why: 'placeholder' },
        { text: 'X-Query-Key: NRIQ-4kT9qZ2mB7xR1vN8cL5wH3jF6dS0gP2aQ9z', why: 'wrong length (35 characters)' },
      ],
    },
  },
  {
    id: 'newrelic-rest-api-key',
    kind: 'newrelic-rest-api-key',
    provider: 'New Relic',
    title: 'New Relic REST API key (legacy)',
    severity: 'high',
    owasp: 'NHI7',
    remediation: `${REVOKE}; REST API keys are deprecated, migrate to a user key (NRAK-) kept in a secret store.`,
    keywords: ['nrra-'],
    pattern: /(?<![A-Za-z0-9_-])NRRA-[a-f0-9]{42}(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `NRRA-${f.hex(42)}`;
        const b = `NRRA-${f.hex(42)}`;
        return [
          { text: `curl https://api.newrelic.com/v2/applications.json -H "X-Api-Key:${a}"`, secret: a, path: 'scripts/apps.sh' },
          { text: `NEW_RELIC_REST_API_KEY='${b}'`, secret: b, path: '.env' },
        ];
      },
      fp: [
        { text: 'X-Api-Key: NRRA-<your-rest-api-key>', why: 'placeholder' },
        { text: 'X-Api-Key: NRRA-3f786850e387550fdab836ed7e6dc881de23001b', why: 'wrong length (40 hex characters)' },
      ],
    },
  },
  {
    id: 'newrelic-admin-key',
    kind: 'newrelic-admin-key',
    provider: 'New Relic',
    title: 'New Relic admin API key (legacy)',
    severity: 'high',
    owasp: 'NHI7',
    remediation: `${REVOKE}; admin keys are deprecated, migrate to a user key (NRAK-) with least privilege.`,
    keywords: ['nraa-'],
    pattern: /(?<![A-Za-z0-9_-])NRAA-[a-f0-9]{27}(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `NRAA-${f.hex(27)}`;
        const b = `NRAA-${f.hex(27)}`;
        return [
          { text: `NEW_RELIC_ADMIN_KEY=${a}`, secret: a, path: '.env' },
          { text: `  admin_api_key: "${b}"`, secret: b, path: 'config/alerts.yml' },
        ];
      },
      fp: [
        { text: 'NEW_RELIC_ADMIN_KEY=NRAA-xxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'NEW_RELIC_ADMIN_KEY=NRAA-3f786850e387550fdab836ed7e', why: 'wrong length (26 hex characters)' },
      ],
    },
  },
];
