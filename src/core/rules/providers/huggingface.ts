import type { ProviderRule } from '../types';

/*
 * Hugging Face (https://huggingface.co/docs/hub/security-tokens): user access tokens `hf_` + 34
 * letters; deprecated organization API tokens `api_org_` + 34 letters (gitleaks
 * `huggingface-access-token`, `huggingface-organization-api-token`). Real tokens mix cases at
 * random; identifiers of the same length (`hf_requiredCharacteristicTypes…`) are camel case or
 * single-case words, which `allow` filters out.
 */

/** camelCase / PascalCase / single-case words after the prefix: code identifiers, not tokens. */
function identifierLike(prefix: string): RegExp[] {
  return [
    new RegExp(`^${prefix}[a-z]+$`),
    new RegExp(`^${prefix}[A-Z]+$`),
    new RegExp(`^${prefix}[a-z]*(?:[A-Z][a-z]+)+[A-Z]?$`),
  ];
}

export const rules: ProviderRule[] = [
  {
    id: 'huggingface-access-token',
    kind: 'huggingface-access-token',
    provider: 'Hugging Face',
    title: 'Hugging Face user access token',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Invalidate at huggingface.co/settings/tokens; use a fine-grained read token passed as HF_TOKEN from a secret store.',
    keywords: ['hf_'],
    pattern: /(?<![A-Za-z0-9_])hf_[A-Za-z]{34}(?![A-Za-z0-9_])/,
    allow: identifierLike('hf_'),
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `hf_${f.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 34)}`;
        const b = `hf_${f.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 34)}`;
        const c = `hf_${f.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 34)}`;
        const d = `hf_${f.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 34)}`;
        return [
          { text: `huggingface-cli login --token ${a}`, secret: a, path: 'setup.sh' },
          { text: `HF_TOKEN=${b}`, secret: b, path: '.env' },
          { text: `pipe = pipeline("text-generation", model="meta-llama/Llama-3.1-8B", token='${c}')`, secret: c, path: 'infer.py' },
          { text: `    "        \\"Authorization\\": \\"Bearer ${d}\\"\\n",`, secret: d, path: 'export/cells.json' },
        ];
      },
      fp: [
        { text: '- (id)hf_requiredCharacteristicTypesForDisplayMetadata;', why: 'longer identifier with the same prefix' },
        { text: '    os.environ.get("HF_AUTH_TOKEN", "hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),', why: 'placeholder' },
        { text: 'static int 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;', why: 'camel-case identifier of token length' },
        { text: 'HF_TOKEN=hf_jCBaQngSHiHDRYOcsMcifUcysGyaiybU', why: 'wrong length (32 letters)' },
      ],
    },
  },
  {
    id: 'huggingface-org-token',
    kind: 'huggingface-org-token',
    provider: 'Hugging Face',
    title: 'Hugging Face organization API token (legacy)',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke it in the organization settings on huggingface.co; replace with a fine-grained token of a service user, kept in a secret store.',
    keywords: ['api_org_'],
    pattern: /(?<![A-Za-z0-9_])api_org_[A-Za-z]{34}(?![A-Za-z0-9_])/,
    allow: identifierLike('api_org_'),
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `api_org_${f.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 34)}`;
        const b = `api_org_${f.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 34)}`;
        return [
          { text: `os.environ['HUGGINGFACEHUB_API_TOKEN'] = '${a}'`, secret: a, path: 'app.py' },
          { text: `ds = load_dataset("acme/corpus", use_auth_token="${b}")`, secret: b, path: 'train.py' },
        ];
      },
      fp: [
        { text: 'const api_org_controller = require("../../controllers/api/index").organizations;', why: 'identifier' },
        { text: 'old tokens are api_XXXXXXXX or api_org_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', why: 'placeholder' },
        { text: 'def _api_org_96726c78_4ae3_402f_b08b_7a78c6903d2a(self):', why: 'identifier with hex, not letters' },
      ],
    },
  },
];
