import type { ProviderRule } from '../types';

/*
 * Cohere API keys are 40 alphanumerics with no prefix (gitleaks `cohere-api-token`), so they are
 * reported only after a `cohere` or `CO_API_KEY` name earlier on the same line (the env var read
 * by the official SDKs: https://github.com/cohere-ai/cohere-python, client.py).
 */

export const rules: ProviderRule[] = [
  {
    id: 'cohere-api-key',
    kind: 'cohere-api-key',
    provider: 'Cohere',
    title: 'Cohere API key',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Delete the key at dashboard.cohere.com/api-keys; pass CO_API_KEY to the service from a secret store.',
    keywords: ['cohere', 'co_api_key'],
    // context name, up to 40 characters without quotes (e.g. `_API_KEY`, `.ClientV2(api_key=`), then
    // the quote/assignment run and the 40-character key.
    pattern: /(?:cohere|(?<![A-Za-z0-9])co_api_key)[^\n'"`]{0,40}?['"`=:\s(]{1,6}(?<secret>[A-Za-z0-9]{40})(?![A-Za-z0-9_-])/i,
    confidence: 'medium',
    minEntropy: 4,
    samples: {
      tp: (f) => {
        const a = f.alnum(40);
        const b = f.alnum(40);
        const c = f.alnum(40);
        const d = f.alnum(40);
        return [
          { text: `export CO_API_KEY=${a}`, secret: a, path: 'scripts/env.sh' },
          { text: `co = cohere.ClientV2(api_key="${b}")`, secret: b, path: 'rag/embed.py' },
          { text: `COHERE_API_KEY: "${c}"`, secret: c, path: 'docker-compose.yml' },
          { text: `const cohere = new CohereClient({ token: '${d}' });`, secret: d, path: 'src/rerank.ts' },
        ];
      },
      fp: [
        { text: 'CO_API_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'co = cohere.ClientV2(api_key=os.environ["CO_API_KEY"])', why: 'environment reference' },
        { text: 'api_key = "Q2w3E4r5T6y7U8i9O0p1A2s3D4f5G6h7J8k9L0zX"', why: '40 alphanumerics without Cohere context' },
        { text: 'COHERE_API_KEY=aaaabbbbccccddddeeeeffffgggghhhhiiiijjjj', why: 'low entropy' },
      ],
    },
  },
];
