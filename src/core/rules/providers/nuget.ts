import type { ProviderRule } from '../types';

/*
 * NuGet.org API keys: `oy2` + 43 lower-case alphanumerics (46 in all), e.g. as passed to
 * `dotnet nuget push --api-key`. Format per gitleaks/secretlint community rules and nuget.org keys.
 */

export const rules: ProviderRule[] = [
  {
    id: 'nuget-api-key',
    kind: 'nuget-api-key',
    provider: 'NuGet',
    title: 'NuGet.org API key',
    severity: 'high',
    owasp: 'NHI2',
    remediation: 'Delete or regenerate it at nuget.org/account/apikeys; push from CI with Trusted Publishing or a glob-scoped key stored as a secret.',
    keywords: ['oy2'],
    pattern: /(?<![A-Za-z0-9_])oy2[a-z0-9]{43}(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const [a, b, c] = [0, 1, 2].map(() => `oy2${f.lowerAlnum(43)}`);
        return [
          { text: `dotnet nuget push bin/Release/*.nupkg --api-key ${a} --source https://api.nuget.org/v3/index.json`, secret: a, path: 'build.sh' },
          { text: `<add key="ClearTextPassword" value="${b}" />`, secret: b, path: 'nuget.config' },
          { text: `NUGET_API_KEY=${c}`, secret: c, path: '.env' },
        ];
      },
      fp: [
        { text: 'NUGET_API_KEY=oy2ugz271pgvhmnb42ey1xixlk22w9xtgla4c4hamtumg', why: '42 characters after the prefix' },
        { text: 'NUGET_API_KEY=oy2VH4OM94Q9TTIWMHZE8R5HOAST033DLPOX4S1GKL6GPZ', why: 'upper case: not a NuGet key alphabet' },
        { text: 'data:image/png;base64,iVBORw0KGgoy2ugz271pgvhmnb42ey1xixlk22w9xtgla4c4hamtumga', why: 'oy2 inside a longer base64 run' },
      ],
    },
  },
];
