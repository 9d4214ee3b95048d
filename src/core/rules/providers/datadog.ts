import type { ProviderRule } from '../types';

/*
 * Datadog keys carry no prefix: an API key is 32 lower-case hex characters, an application key 40
 * (https://docs.datadoghq.com/account_management/api-app-keys/). Both are only reported behind a
 * `datadog`/`dd` + `api key`/`app key` name on the same line (env vars DD_API_KEY, DD_APP_KEY,
 * DD_APPLICATION_KEY, headers DD-API-KEY / DD-APPLICATION-KEY, datadogApiKey, …); gitleaks rule
 * `datadog-access-token` uses the same context idea.
 */

export const rules: ProviderRule[] = [
  {
    id: 'datadog-api-key',
    kind: 'datadog-api-key',
    provider: 'Datadog',
    title: 'Datadog API key',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Revoke at app.datadoghq.com/organization-settings/api-keys; give the Agent DD_API_KEY from a secret store (Kubernetes secret, Vault), never from source.',
    keywords: ['datadog', 'dd_api', 'dd-api', 'dd.api', 'ddapi'],
    pattern: /(?:datadog|(?<![a-z0-9])dd)[\w.-]{0,20}?api[_.-]?key\W{0,5}(?<secret>[a-f0-9]{32})(?![a-z0-9])/i,
    confidence: 'medium',
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = f.hex(32);
        const b = f.hex(32);
        const c = f.hex(32);
        const d = f.hex(32);
        return [
          { text: `DD_API_KEY=${a}`, secret: a, path: '.env' },
          { text: `  datadog_api_key: "${b}"`, secret: b, path: 'config/values.yaml' },
          { text: `const datadogApiKey = '${c}';`, secret: c, path: 'src/metrics.ts' },
          { text: `curl -X POST https://api.datadoghq.com/api/v1/series -H "DD-API-KEY: ${d}"`, secret: d, path: 'scripts/push.sh' },
        ];
      },
      fp: [
        { text: 'DD_API_KEY: ${DD_API_KEY}', why: 'environment reference, not a value' },
        { text: 'datadog_api_key = "0123456789abcdef0123456789abcde"', why: 'wrong length (31 hex characters)' },
        { text: 'etag: "d41d8cd98f00b204e9800998ecf8427e"', why: '32 hex characters without a Datadog key name (an MD5)' },
        { text: "datadogRum.init({ clientToken: 'pub3f9c2e7a1b4d8e6f0a5c9b2d7e1f4a8c3', site: 'datadoghq.com' })", why: 'RUM client token (pub…) is public by design, not an API key' },
      ],
    },
  },
  {
    id: 'datadog-app-key',
    kind: 'datadog-app-key',
    provider: 'Datadog',
    title: 'Datadog application key',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Revoke at app.datadoghq.com/organization-settings/application-keys; prefer a scoped key owned by a service account, stored in a secret manager.',
    keywords: ['datadog', 'dd_app', 'dd-app', 'dd.app', 'ddapp'],
    pattern: /(?:datadog|(?<![a-z0-9])dd)[\w.-]{0,20}?app(?:lication)?[_.-]?key\W{0,5}(?<secret>[a-f0-9]{40})(?![a-z0-9])/i,
    confidence: 'medium',
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = f.hex(40);
        const b = f.hex(40);
        const c = f.hex(40);
        return [
          { text: `export DD_APP_KEY="${a}"`, secret: a, path: 'deploy/env.sh' },
          { text: `  "datadogAppKey": "${b}",`, secret: b, path: 'config/monitoring.json' },
          { text: `-H "DD-APPLICATION-KEY: ${c}" \\`, secret: c, path: 'scripts/query.sh' },
        ];
      },
      fp: [
        { text: 'DD_APP_KEY=<your-application-key>', why: 'placeholder' },
        { text: 'commit: 3f786850e387550fdab836ed7e6dc881de23001b', why: '40 hex characters without a Datadog key name (a git SHA)' },
        { text: 'datadog_app_key: "3f786850e387550fdab836ed7e6dc881de23001"', why: 'wrong length (39 hex characters)' },
        { text: 'DD_APP_KEY: ${{ secrets.DD_APP_KEY }}', why: 'CI secret reference' },
      ],
    },
  },
];
