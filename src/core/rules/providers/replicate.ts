import type { ProviderRule } from '../types';

/*
 * Replicate API tokens (https://replicate.com/account/api-tokens): `r8_` + 37 alphanumerics,
 * 40 characters in all (trufflehog `replicate` detector, secretlint examples).
 */

export const rules: ProviderRule[] = [
  {
    id: 'replicate-api-token',
    kind: 'replicate-api-token',
    provider: 'Replicate',
    title: 'Replicate API token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Disable the token at replicate.com/account/api-tokens; give REPLICATE_API_TOKEN to the server from a secret store.',
    keywords: ['r8_'],
    pattern: /(?<![A-Za-z0-9_])r8_[A-Za-z0-9]{37}(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `r8_${f.alnum(37)}`;
        const b = `r8_${f.alnum(37)}`;
        const c = `r8_${f.alnum(37)}`;
        return [
          { text: `REPLICATE_API_TOKEN=${a}`, secret: a, path: '.env.local' },
          { text: `const replicate = new Replicate({ auth: "${b}" });`, secret: b, path: 'app/api/generate/route.ts' },
          { text: `curl -s -X POST -H "Authorization: Bearer ${c}" https://api.replicate.com/v1/predictions`, secret: c, path: 'scripts/predict.sh' },
        ];
      },
      fp: [
        { text: 'REPLICATE_API_TOKEN=r8_xxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'REPLICATE_API_TOKEN=r8_YOUR_TOKEN_HERE', why: 'placeholder' },
        { text: 'REPLICATE_API_TOKEN=r8_Q2w3E4r5T6y7U8i9O0p1A2s3D4f5G6h7J8k', why: 'wrong length (35 characters)' },
        { text: 'uint8_t rr8_Q2w3E4r5T6y7U8i9O0p1A2s3D4f5G6h7J8k9L;', why: 'prefix inside a longer identifier' },
      ],
    },
  },
];
