import type { ProviderRule } from '../types';

/**
 * Databricks personal access tokens: `dapi` + 32 lower-case hex, optionally `-<n>` on Azure
 * Databricks (docs.databricks.com/en/dev-tools/auth/pat.html; microsoft/security-utilities
 * SEC101/110 AzureDatabricksPat).
 */
export const rules: ProviderRule[] = [
  {
    id: 'databricks-pat',
    kind: 'databricks-pat',
    provider: 'Databricks',
    title: 'Databricks personal access token',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Revoke it in the workspace (Settings > Developer > Access tokens, or the Token Management API); use OAuth machine-to-machine with a service principal',
    keywords: ['dapi'],
    pattern: /(?<![A-Za-z0-9_-])dapi[a-f0-9]{32}(?:-\d{1,2})?(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `dapi${f.hex(32)}`;
        const b = `dapi${f.hex(32)}-2`;
        const c = `dapi${f.hex(32)}`;
        return [
          { text: `export DATABRICKS_TOKEN=${a}`, secret: a },
          { text: `[DEFAULT]\nhost = https://adb-${f.digits(16)}.7.azuredatabricks.net\ntoken = ${b}`, secret: b },
          { text: `headers = {"Authorization": "Bearer ${c}"}`, secret: c },
        ];
      },
      fp: [
        { text: 'dapiDataGetTopLongShortPositionRatio (params?: {}): Promise<implicitReturnType>;', why: 'identifier starting with dapi' },
        { text: 'DATABRICKS_TOKEN=dapi0000000000000000000000000000000', why: 'placeholder' },
        { text: 'token = dapi3f9a0c6e1b7d2a48', why: 'too short' },
        { text: 'token = dapi3F9A0C6E1B7D2A485C0E9F1A2B3C4D5E', why: 'upper-case hex is not issued' },
      ],
    },
  },
];
