import type { ProviderRule } from '../types';

/*
 * RubyGems.org API keys: `rubygems_` + 48 hex (gitleaks rule rubygems-api-token), stored in
 * ~/.gem/credentials as `:rubygems_api_key: rubygems_…` or GEM_HOST_API_KEY.
 */

export const rules: ProviderRule[] = [
  {
    id: 'rubygems-api-key',
    kind: 'rubygems-api-key',
    provider: 'RubyGems',
    title: 'RubyGems.org API key',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Delete it at rubygems.org/profile/api_keys; publish with Trusted Publishing (OIDC) or a gem-scoped key with MFA.',
    keywords: ['rubygems_'],
    pattern: /(?<![A-Za-z0-9_])rubygems_[a-f0-9]{48}(?![A-Za-z0-9_])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const [a, b, c] = [0, 1, 2].map(() => `rubygems_${f.hex(48)}`);
        return [
          { text: `---\n:rubygems_api_key: ${a}`, secret: a, path: '.gem/credentials' },
          { text: `GEM_HOST_API_KEY="${b}" gem push pkg/acme-1.0.0.gem`, secret: b, path: 'Rakefile' },
          { text: `env:\n  GEM_HOST_API_KEY: ${c}`, secret: c, path: '.github/workflows/release.yml' },
        ];
      },
      fp: [
        { text: ':rubygems_api_key: rubygems_21f45858c867327ff00823777972840a29d539531fddfc1', why: '47 hex characters' },
        { text: ':rubygems_api_key: rubygems_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder of x' },
        { text: 'config.rubygems_api_key = ENV.fetch("GEM_HOST_API_KEY")', why: 'reference, no key' },
      ],
    },
  },
];
