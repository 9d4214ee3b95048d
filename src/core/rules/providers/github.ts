import type { ProviderRule } from '../types';
import { hasBase62Crc32Suffix } from '../../detect/checksum';
import type { Fake } from '../fake';

/*
 * GitHub token formats: https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
 * `gh?_` + 30 random base62 characters + a 6-character base62 CRC32 of those 30 (36 after the prefix).
 * Fine-grained PATs: `github_pat_` + 22 base62 + `_` + 59 base62 (gitleaks rule github-fine-grained-pat).
 */

/** Prefix + 36 base62, not part of a longer word on either side. */
function ghToken(prefix: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_])${prefix}_[A-Za-z0-9]{36}(?![A-Za-z0-9_])`);
}

/** The 36 characters after `gh?_` end with the base62 CRC32 of the first 30. */
const ghChecksum = (secret: string): boolean => hasBase62Crc32Suffix(secret.slice(4));

/** Four true positives in different syntaxes around one prefixed token. */
function ghSamples(f: Fake, prefix: string) {
  const a = f.crcToken(`${prefix}_`);
  const b = f.crcToken(`${prefix}_`);
  const c = f.crcToken(`${prefix}_`);
  const d = f.crcToken(`${prefix}_`);
  return [
    { text: `const octokit = new Octokit({ auth: "${a}" });`, secret: a, path: 'src/client.ts' },
    { text: `GITHUB_TOKEN=${b}`, secret: b, path: '.env' },
    { text: `git clone https://x-access-token:${c}@github.com/acme/infra.git`, secret: c, path: 'scripts/clone.sh' },
    { text: `github:\n  token: '${d}'`, secret: d, path: 'config/settings.yml' },
  ];
}

export const rules: ProviderRule[] = [
  {
    id: 'github-pat',
    kind: 'github-pat',
    provider: 'GitHub',
    title: 'GitHub personal access token (classic)',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke at github.com/settings/tokens; use GITHUB_TOKEN in Actions or a GitHub App installation token.',
    keywords: ['ghp_'],
    pattern: ghToken('ghp'),
    minEntropy: 3,
    verify: ghChecksum,
    samples: {
      tp: (f) => ghSamples(f, 'ghp'),
      fp: [
        { text: 'GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder of x' },
        { text: 'token: ghp_ojdNDkGh0PfMRMLZspYpvC0ALrV5O8CgBJr', why: 'one character short (35 after the prefix)' },
        { text: 'id = "ghp_NTfGkq0s7AgIZNBKtb47sY5Od7OPw5KGG7iGz"', why: 'longer random string (37 after the prefix) must not match in part' },
        { text: 'const token = process.env.GITHUB_TOKEN; // ghp_… classic PAT', why: 'reference and prefix only' },
      ],
    },
  },
  {
    id: 'github-fine-grained-pat',
    kind: 'github-fine-grained-pat',
    provider: 'GitHub',
    title: 'GitHub fine-grained personal access token',
    severity: 'high',
    owasp: 'NHI2',
    remediation: 'Revoke at github.com/settings/personal-access-tokens; prefer a GitHub App installation token for automation.',
    keywords: ['github_pat_'],
    // github_pat_ + 22 base62 + _ + 59 base62 (82 characters after the prefix, gitleaks github-fine-grained-pat)
    pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const t = () => `github_pat_${f.alnum(22)}_${f.alnum(59)}`;
        const a = t();
        const b = t();
        const c = t();
        return [
          { text: `export GH_TOKEN="${a}"`, secret: a, path: 'deploy.sh' },
          { text: `{ "github": { "token": "${b}" } }`, secret: b, path: 'config.json' },
          { text: `headers = {"Authorization": f"Bearer ${c}"}`, secret: c, path: 'sync.py' },
        ];
      },
      fp: [
        { text: 'GH_TOKEN=github_pat_xxxxxxxxxxxxxxxxxxxxxx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder of x' },
        { text: 'GH_TOKEN=github_pat_5E6GFJVZ6oumhEIQQR9jVH_eVKwlh7iT7yTycDXM21jqA6fTvqjF5dtcRbxKXxCCQnuIok7wSyXU1rvSG', why: 'second part one character short (58)' },
        { text: 'if (token.startsWith("github_pat_")) return "fine-grained";', why: 'prefix only' },
      ],
    },
  },
  {
    id: 'github-oauth-token',
    kind: 'github-oauth-token',
    provider: 'GitHub',
    title: 'GitHub OAuth access token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke the OAuth app grant at github.com/settings/applications (or via the OAuth app API); do not store user tokens in code.',
    keywords: ['gho_'],
    pattern: ghToken('gho'),
    minEntropy: 3,
    verify: ghChecksum,
    samples: {
      tp: (f) => ghSamples(f, 'gho'),
      fp: [
        { text: 'oauth_token: gho_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder of x' },
        { text: 'oauth_token: gho_ojdNDkGh0PfMRMLZspYpvC0ALrV5O8CgBJr', why: 'one character short' },
        { text: 'const label = "mygho_jodPpNlGKirFFSNFISg7sRDsZCxXrE3yQDOy_suffix";', why: 'prefix inside a longer identifier' },
      ],
    },
  },
  {
    id: 'github-app-user-token',
    kind: 'github-app-user-token',
    provider: 'GitHub',
    title: 'GitHub App user-to-server token',
    severity: 'high',
    owasp: 'NHI2',
    remediation: 'Revoke via the GitHub App settings (or DELETE /applications/{client_id}/token); tokens expire after 8 hours, keep them out of code.',
    keywords: ['ghu_'],
    pattern: ghToken('ghu'),
    minEntropy: 3,
    verify: ghChecksum,
    samples: {
      tp: (f) => ghSamples(f, 'ghu'),
      fp: [
        { text: 'token = "ghu_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"', why: 'placeholder of x' },
        { text: 'token = "ghu_NTfGkq0s7AgIZNBKtb47sY5Od7OPw5KGG7iGz"', why: 'longer random string (37 after the prefix)' },
        { text: '// user-to-server tokens start with ghu_ and expire after 8 hours', why: 'prefix only' },
      ],
    },
  },
  {
    id: 'github-app-installation-token',
    kind: 'github-app-installation-token',
    provider: 'GitHub',
    title: 'GitHub App installation (server-to-server) token',
    severity: 'medium',
    owasp: 'NHI2',
    remediation: 'Revoke with DELETE /installation/token; mint installation tokens at run time from the App private key instead of storing them.',
    keywords: ['ghs_'],
    pattern: ghToken('ghs'),
    minEntropy: 3,
    verify: ghChecksum,
    samples: {
      tp: (f) => ghSamples(f, 'ghs'),
      fp: [
        { text: 'GITHUB_TOKEN=ghs_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder of x' },
        { text: 'GITHUB_TOKEN=ghs_ojdNDkGh0PfMRMLZspYpvC0ALrV5O8CgBJr', why: 'one character short' },
        { text: 'GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }} # ghs_ token minted by Actions', why: 'CI secret reference' },
      ],
    },
  },
  {
    id: 'github-app-installation-token-jwt',
    kind: 'github-app-installation-token',
    provider: 'GitHub',
    title: 'GitHub App installation token (stateless format)',
    severity: 'medium',
    owasp: 'NHI2',
    remediation: 'Revoke with DELETE /installation/token; mint installation tokens at run time from the App private key instead of storing them.',
    keywords: ['ghs_'],
    // 2026 stateless format: ghs_<app id>_<JWT> (~520 characters, two dots),
    // https://github.blog/changelog/ "Notice about upcoming new format for GitHub App installation tokens"
    pattern: /(?<![A-Za-z0-9_])ghs_[0-9]{1,12}_[A-Za-z0-9_-]{10,1000}\.[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{20,1000}(?![A-Za-z0-9_.-])/,
    minEntropy: 4,
    samples: {
      tp: (f) => {
        const t = () => {
          const header = f.b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
          const claims = f.b64url(JSON.stringify({ iss: f.digits(7), inst: f.digits(8), exp: 1777000000 + f.int(0, 99999), rnd: f.alnum(24) }));
          return `ghs_${f.digits(7)}_${header}.${claims}.${f.base64url(342)}`;
        };
        const a = t();
        const b = t();
        return [
          { text: `Authorization: token ${a}`, secret: a, path: 'notes/debug.http' },
          { text: `INSTALLATION_TOKEN='${b}'`, secret: b, path: '.env' },
        ];
      },
      fp: [
        { text: 'GITHUB_TOKEN=ghs_12345_<jwt>', why: 'template, no JWT' },
        { text: 'expect(token).toMatch(/^ghs_[0-9]+_[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$/)', why: 'a regex describing the format' },
        { text: 'token = "ghs_123_abc.def.ghi"', why: 'too short to be a signed JWT' },
      ],
    },
  },
  {
    id: 'github-refresh-token',
    kind: 'github-refresh-token',
    provider: 'GitHub',
    title: 'GitHub App refresh token',
    severity: 'high',
    owasp: 'NHI2',
    remediation: 'Revoke the user authorization for the GitHub App (github.com/settings/apps/authorizations); keep refresh tokens in a secret store.',
    keywords: ['ghr_'],
    pattern: ghToken('ghr'),
    minEntropy: 3,
    verify: ghChecksum,
    samples: {
      tp: (f) => ghSamples(f, 'ghr'),
      fp: [
        { text: 'refresh_token: ghr_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder of x' },
        { text: 'refresh_token: ghr_ojdNDkGh0PfMRMLZspYpvC0ALrV5O8CgBJr', why: 'one character short' },
        { text: 'const x = "aghr_jodPpNlGKirFFSNFISg7sRDsZCxXrE3yQDOy";', why: 'prefix inside a longer word' },
      ],
    },
  },
  {
    id: 'github-legacy-token',
    kind: 'github-legacy-token',
    provider: 'GitHub',
    title: 'GitHub token (legacy 40-hex format)',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke at github.com/settings/tokens and reissue (new tokens carry a ghp_ prefix); use GITHUB_TOKEN or a GitHub App token.',
    keywords: ['github'],
    // Before April 2021 tokens were 40 lower-case hex with no prefix; require a GitHub token keyword before it.
    pattern: /github[\w.-]{0,20}(?:token|pat|api[_-]?key|password|passwd)[\w-]{0,10}\W{0,5}(?<![\w-])(?<secret>[a-f0-9]{40})(?![a-z0-9])/i,
    minEntropy: 3,
    confidence: 'medium',
    samples: {
      tp: (f) => {
        const a = f.hex(40);
        const b = f.hex(40);
        const c = f.hex(40);
        return [
          { text: `GITHUB_TOKEN=${a}`, secret: a, path: '.env' },
          { text: `  "githubApiToken": "${b}",`, secret: b, path: 'settings.json' },
          { text: `github_pat: '${c}'`, secret: c, path: 'ci/vars.yml' },
        ];
      },
      fp: [
        { text: 'GITHUB_SHA=b1769db8bd8bb5520250dcbf54377de59fe76e3a', why: 'commit SHA, no token keyword' },
        { text: 'GITHUB_TOKEN=b1769db8bd8bb5520250dcbf54377de59fe76e3', why: '39 hex characters' },
        { text: 'see https://github.com/acme/app/commit/b1769db8bd8bb5520250dcbf54377de59fe76e3a for the token fix', why: 'commit URL' },
      ],
    },
  },
  {
    id: 'github-oauth-client-secret',
    kind: 'github-oauth-client-secret',
    provider: 'GitHub',
    title: 'GitHub OAuth/GitHub App client secret',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Generate a new client secret and delete the old one in the OAuth/GitHub App settings; load it from a secret store.',
    keywords: ['github'],
    // OAuth app client secrets are 40 hex; require a GitHub client-secret keyword before it.
    pattern: /github[\w.-]{0,20}client[_-]?secret[\w-]{0,10}\W{0,5}(?<![\w-])(?<secret>[a-f0-9]{40})(?![a-z0-9])/i,
    minEntropy: 3,
    confidence: 'medium',
    samples: {
      tp: (f) => {
        const a = f.hex(40);
        const b = f.hex(40);
        return [
          { text: `GITHUB_CLIENT_SECRET=${a}`, secret: a, path: '.env' },
          { text: `  githubClientSecret: '${b}',`, secret: b, path: 'src/auth/config.ts' },
        ];
      },
      fp: [
        { text: 'GITHUB_CLIENT_SECRET=${GITHUB_CLIENT_SECRET}', why: 'environment reference' },
        { text: 'GITHUB_CLIENT_ID=b1769db8bd8bb5520250dcbf54377de59fe76e3a', why: 'client ID is not a secret' },
        { text: 'github_client_secret: "b1769db8bd8bb5520250dcbf54377de59fe76e3a1f"', why: '42 hex characters' },
      ],
    },
  },
];
