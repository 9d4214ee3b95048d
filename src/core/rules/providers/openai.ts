import type { Fake } from '../fake';
import type { ProviderRule } from '../types';

/*
 * OpenAI secret keys all embed the marker `T3BlbkFJ` (base64 of "OpenAI") between two random
 * halves (gitleaks `openai-api-key`):
 * - legacy user keys `sk-` + 20 alphanumerics + T3BlbkFJ + 20 alphanumerics;
 * - project keys `sk-proj-`, service-account keys `sk-svcacct-`, admin keys `sk-admin-` and
 *   project-less user keys `sk-None-`: halves of 20 (early 2024), 58 or 74 base64url characters.
 * The halves are matched as 20-80 base64url characters around the marker.
 */

const HALF = '[A-Za-z0-9_-]{20,80}';
const END = '(?![A-Za-z0-9_-])';
const START = '(?<![A-Za-z0-9_-])';

function prefixed(f: Fake, prefix: string, half = 74): string {
  return `${prefix}${f.base64url(half)}T3BlbkFJ${f.base64url(half)}`;
}

const REVOKE = 'Revoke at platform.openai.com/api-keys';

export const rules: ProviderRule[] = [
  {
    id: 'openai-project-key',
    kind: 'openai-project-key',
    provider: 'OpenAI',
    title: 'OpenAI project API key',
    severity: 'high',
    owasp: 'NHI7',
    remediation: `${REVOKE}; keep OPENAI_API_KEY server-side in a secret store and never ship it to browsers or notebooks.`,
    keywords: ['sk-proj-'],
    pattern: new RegExp(`${START}sk-proj-${HALF}T3BlbkFJ${HALF}${END}`),
    samples: {
      tp: (f) => {
        const a = prefixed(f, 'sk-proj-');
        const b = prefixed(f, 'sk-proj-', 58);
        const c = prefixed(f, 'sk-proj-', 20);
        const d = prefixed(f, 'sk-proj-');
        return [
          { text: `OPENAI_API_KEY=${a}`, secret: a, path: '.env' },
          { text: `client = OpenAI(api_key="${b}")`, secret: b, path: 'app/llm.py' },
          { text: `const openai = new OpenAI({ apiKey: '${c}' });`, secret: c, path: 'src/ai.ts' },
          { text: `      "Authorization": "Bearer ${d}",`, secret: d, path: 'src/chat.js' },
        ];
      },
      fp: [
        { text: 'OPENAI_API_KEY=sk-proj-...', why: 'truncated in documentation' },
        { text: 'OPENAI_API_KEY=sk-proj-Q2w3E4r5T6y7U8i9O0p1A2s3D4f5G6h7J8k9L0zXcVbNm', why: 'no T3BlbkFJ marker' },
        { text: 'OPENAI_API_KEY=sk-proj-xxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'const id = "task-proj-Q2w3E4r5T6y7U8i9O0p1T3BlbkFJQ2w3E4r5T6y7U8i9O0p1"', why: 'prefix inside a longer identifier' },
      ],
    },
  },
  {
    id: 'openai-service-account-key',
    kind: 'openai-service-account-key',
    provider: 'OpenAI',
    title: 'OpenAI service account key',
    severity: 'high',
    owasp: 'NHI7',
    remediation: `${REVOKE} (project → Service accounts); give workloads the key through a secret manager and rotate it on a schedule.`,
    keywords: ['sk-svcacct-'],
    pattern: new RegExp(`${START}sk-svcacct-${HALF}T3BlbkFJ${HALF}${END}`),
    samples: {
      tp: (f) => {
        const a = prefixed(f, 'sk-svcacct-');
        const b = prefixed(f, 'sk-svcacct-', 58);
        return [
          { text: `const apiKey = '${a}'; // Don't push this to GitHub`, secret: a, path: 'public/script.js' },
          { text: `  OPENAI_API_KEY: "${b}"`, secret: b, path: 'docker-compose.yml' },
        ];
      },
      fp: [
        { text: 'OPENAI_API_KEY=sk-svcacct-<your-key>', why: 'placeholder' },
        { text: 'OPENAI_API_KEY=sk-svcacct-Q2w3E4r5T6y7U8i9T3BlbkFJQ2w3E4r5T6y7U8i9', why: 'halves too short (16 characters)' },
      ],
    },
  },
  {
    id: 'openai-admin-key',
    kind: 'openai-admin-key',
    provider: 'OpenAI',
    title: 'OpenAI admin API key',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: `Revoke at platform.openai.com/settings/organization/admin-keys; admin keys manage the whole organization, keep them in a vault and out of apps.`,
    keywords: ['sk-admin-'],
    pattern: new RegExp(`${START}sk-admin-${HALF}T3BlbkFJ${HALF}${END}`),
    samples: {
      tp: (f) => {
        const a = prefixed(f, 'sk-admin-', 58);
        const b = prefixed(f, 'sk-admin-', 58);
        return [
          { text: `OPENAI_ADMIN_KEY=${a}`, secret: a, path: '.env' },
          { text: `curl https://api.openai.com/v1/organization/users -H "Authorization: Bearer ${b}"`, secret: b, path: 'scripts/users.sh' },
        ];
      },
      fp: [
        { text: 'OPENAI_ADMIN_KEY=sk-admin-...', why: 'truncated in documentation' },
        { text: 'role = "sk-admin-panel"', why: 'prefix-like word, no key' },
      ],
    },
  },
  {
    id: 'openai-api-key',
    kind: 'openai-api-key',
    provider: 'OpenAI',
    title: 'OpenAI user API key',
    severity: 'high',
    owasp: 'NHI7',
    remediation: `${REVOKE}; migrate to a project key kept server-side in a secret store.`,
    keywords: ['t3blbkfj'],
    // legacy sk-<20>T3BlbkFJ<20> and the project-less sk-None-<half>T3BlbkFJ<half>.
    pattern: new RegExp(`${START}sk-(?:[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|None-${HALF}T3BlbkFJ${HALF})${END}`),
    samples: {
      tp: (f) => {
        const a = `sk-${f.alnum(20)}T3BlbkFJ${f.alnum(20)}`;
        const b = `sk-${f.alnum(20)}T3BlbkFJ${f.alnum(20)}`;
        const c = prefixed(f, 'sk-None-');
        return [
          { text: `openai.api_key = "${a}"`, secret: a, path: 'bot.py' },
          { text: `variable "openai_key" { default = "${b}" }`, secret: b, path: 'variables.tf' },
          { text: `OPENAI_API_KEY=${c}`, secret: c, path: '.env' },
        ];
      },
      fp: [
        { text: 'openai.api_key = "sk-Q2w3E4r5T6y7U8i9O0p1A2s3D4f5G6h7J8k9L0zXcVbNm1"', why: 'no T3BlbkFJ marker (not an OpenAI key)' },
        { text: 'openai.api_key = "sk-Q2w3E4r5T6y7U8i9O0p1T3BlbkFJQ2w3E4r5T6y7U8i9O0p"', why: 'wrong length (19 characters after the marker)' },
        { text: 'OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
      ],
    },
  },
];
