import type { Fake } from '../fake';
import type { ProviderRule } from '../types';

/*
 * Doppler auth token formats (https://docs.doppler.com/reference/auth-token-formats):
 * `dp.ct.` CLI, `dp.pt.` personal, `dp.st.` service (optionally `dp.st.<config>.`), `dp.sa.`
 * service account, `dp.said.` service account identity (short-lived), `dp.scim.` SCIM and
 * `dp.audit.` audit tokens, each followed by 40-44 alphanumerics.
 */

const BODY = '[A-Za-z0-9]{40,44}(?![A-Za-z0-9_-])';
const START = '(?<![A-Za-z0-9_.-])';

function token(f: Fake, prefix: string): string {
  return `${prefix}${f.alnum(f.int(40, 44))}`;
}

interface DopplerKind {
  id: string;
  title: string;
  prefix: string;
  severity: ProviderRule['severity'];
  owasp: ProviderRule['owasp'];
  remediation: string;
  /** Regex source between the prefix and the body (e.g. an optional config slug). */
  middle?: string;
}

function rule(k: DopplerKind, samples: ProviderRule['samples']): ProviderRule {
  return {
    id: k.id,
    kind: k.id,
    provider: 'Doppler',
    title: k.title,
    severity: k.severity,
    owasp: k.owasp,
    remediation: k.remediation,
    keywords: [k.prefix],
    pattern: new RegExp(`${START}${k.prefix.replace(/\./g, '\\.')}${k.middle ?? ''}${BODY}`),
    minEntropy: 3.5,
    samples,
  };
}

export const rules: ProviderRule[] = [
  rule(
    {
      id: 'doppler-personal-token',
      title: 'Doppler personal token',
      prefix: 'dp.pt.',
      severity: 'critical',
      owasp: 'NHI7',
      remediation: 'Revoke at dashboard.doppler.com → Tokens → Personal; use a config-scoped service token or service account token in automation.',
    },
    {
      tp: (f) => {
        const a = token(f, 'dp.pt.');
        const b = token(f, 'dp.pt.');
        const c = token(f, 'dp.pt.');
        return [
          { text: `DOPPLER_TOKEN=${a}`, secret: a, path: '.env' },
          { text: `curl --request GET --url https://api.doppler.com/v3/projects --header 'authorization: Bearer ${b}'`, secret: b, path: 'scripts/projects.sh' },
          { text: `  doppler_token: "${c}"`, secret: c, path: 'ansible/group_vars/all.yml' },
        ];
      },
      fp: [
        { text: 'DOPPLER_TOKEN=dp.pt.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'DOPPLER_TOKEN=dp.pt.bAqhcVzrhy5cRHkOlNTc0Ve6w5NUDCp', why: 'wrong length (31 characters)' },
        { text: 'Personal Token (starts with dp.pt.):', why: 'prefix only' },
      ],
    },
  ),
  rule(
    {
      id: 'doppler-cli-token',
      title: 'Doppler CLI token',
      prefix: 'dp.ct.',
      severity: 'critical',
      owasp: 'NHI7',
      remediation: 'Revoke with `doppler logout --revoke` or at dashboard.doppler.com → Tokens → CLI; never copy ~/.doppler tokens into code.',
    },
    {
      tp: (f) => {
        const a = token(f, 'dp.ct.');
        const b = token(f, 'dp.ct.');
        return [
          { text: `export DOPPLER_TOKEN='${a}'`, secret: a, path: 'scripts/dev.sh' },
          { text: `    token: ${b}`, secret: b, path: '.doppler.yaml' },
        ];
      },
      fp: [
        { text: 'DOPPLER_TOKEN=dp.ct.<your-cli-token>', why: 'placeholder' },
        { text: 'const re = /dp\\.ct\\.[a-zA-Z0-9]{40,44}/;', why: 'the format regex, not a token' },
      ],
    },
  ),
  rule(
    {
      id: 'doppler-service-token',
      title: 'Doppler service token',
      prefix: 'dp.st.',
      middle: '(?:[a-z0-9_-]{2,35}\\.)?',
      severity: 'high',
      owasp: 'NHI7',
      remediation: 'Revoke in the project config → Access → Service Tokens; inject DOPPLER_TOKEN from the CI or orchestrator secret store.',
    },
    {
      tp: (f) => {
        const a = token(f, 'dp.st.');
        const b = token(f, 'dp.st.prd.');
        const c = token(f, 'dp.st.dev_backend.');
        return [
          { text: `DOPPLER_TOKEN="${a}"`, secret: a, path: '.env' },
          { text: `docker run -e DOPPLER_TOKEN=${b} acme/api:latest`, secret: b, path: 'deploy/run.sh' },
          { text: `  - name: DOPPLER_TOKEN\n    value: ${c}`, secret: c, path: 'k8s/deployment.yaml' },
        ];
      },
      fp: [
        { text: 'DOPPLER_TOKEN=dp.st.prd.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'DOPPLER_TOKEN: ${{ secrets.DOPPLER_TOKEN }}', why: 'CI secret reference' },
        { text: 'DOPPLER_TOKEN=dp.st.dev.bAqhcVzrhy5cRHkOlNTc0Ve6w5NUD', why: 'wrong length (29 characters)' },
      ],
    },
  ),
  rule(
    {
      id: 'doppler-service-account-token',
      title: 'Doppler service account token',
      prefix: 'dp.sa.',
      severity: 'high',
      owasp: 'NHI7',
      remediation: 'Revoke at dashboard.doppler.com → Team → Service Accounts → API Tokens; set an expiration and prefer OIDC identity tokens.',
    },
    {
      tp: (f) => {
        const a = token(f, 'dp.sa.');
        const b = token(f, 'dp.sa.');
        return [
          { text: `provider "doppler" { doppler_token = "${a}" }`, secret: a, path: 'infra/doppler.tf' },
          { text: `DOPPLER_TOKEN=${b}`, secret: b, path: '.env.ci' },
        ];
      },
      fp: [
        { text: 'DOPPLER_TOKEN=dp.sa.XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', why: 'placeholder' },
        { text: 'DOPPLER_TOKEN=dp.sa.bAqhcVzrhy5cRHkOlNTc0Ve6w5NUDCpcutm8vGE9myiQ2w3E4', why: 'wrong length (49 characters)' },
      ],
    },
  ),
  rule(
    {
      id: 'doppler-identity-token',
      title: 'Doppler service account identity token',
      prefix: 'dp.said.',
      severity: 'medium',
      owasp: 'NHI2',
      remediation: 'Identity tokens are short-lived: let it expire, and fetch a fresh one through OIDC at run time instead of storing it.',
    },
    {
      tp: (f) => {
        const a = token(f, 'dp.said.');
        const b = token(f, 'dp.said.');
        return [
          { text: `DOPPLER_TOKEN=${a}`, secret: a, path: '.env' },
          { text: `{"token": "${b}", "expires_at": "2030-01-01T00:00:00Z"}`, secret: b, path: 'test/oidc-response.json' },
        ];
      },
      fp: [
        { text: 'DOPPLER_TOKEN=dp.said.<identity-token>', why: 'placeholder' },
        { text: 'DOPPLER_TOKEN=dp.said.bAqhcVzrhy5cRHkOlNTc0Ve6w5NUD', why: 'wrong length (29 characters)' },
      ],
    },
  ),
  rule(
    {
      id: 'doppler-scim-token',
      title: 'Doppler SCIM token',
      prefix: 'dp.scim.',
      severity: 'high',
      owasp: 'NHI7',
      remediation: 'Regenerate the SCIM token in Doppler workplace settings → SCIM and update it only in the identity provider.',
    },
    {
      tp: (f) => {
        const a = token(f, 'dp.scim.');
        const b = token(f, 'dp.scim.');
        return [
          { text: `DOPPLER_SCIM_TOKEN=${a}`, secret: a, path: '.env' },
          { text: `scim_bearer_token: '${b}'`, secret: b, path: 'okta/provisioning.yml' },
        ];
      },
      fp: [
        { text: 'DOPPLER_SCIM_TOKEN=dp.scim.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'pattern: /\\bdp\\.scim\\.[a-zA-Z0-9]{40,44}\\b/g,', why: 'the format regex, not a token' },
      ],
    },
  ),
  rule(
    {
      id: 'doppler-audit-token',
      title: 'Doppler audit token',
      prefix: 'dp.audit.',
      severity: 'medium',
      owasp: 'NHI7',
      remediation: 'Revoke the audit token in Doppler workplace settings; store it only in the SIEM integration secret.',
    },
    {
      tp: (f) => {
        const a = token(f, 'dp.audit.');
        const b = token(f, 'dp.audit.');
        return [
          { text: `DOPPLER_AUDIT_TOKEN=${a}`, secret: a, path: '.env' },
          { text: `  audit_token = "${b}"`, secret: b, path: 'siem/doppler.conf' },
        ];
      },
      fp: [
        { text: 'DOPPLER_AUDIT_TOKEN=dp.audit.<audit-token>', why: 'placeholder' },
        { text: 'DOPPLER_AUDIT_TOKEN=dp.audit.bAqhcVzrhy5cRHk', why: 'wrong length (15 characters)' },
      ],
    },
  ),
];
