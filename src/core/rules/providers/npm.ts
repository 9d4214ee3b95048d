import type { ProviderRule } from '../types';
import { hasBase62Crc32Suffix } from '../../detect/checksum';

/*
 * npm access tokens (https://github.blog/2021-09-23-announcing-npms-new-access-token-format/):
 * `npm_` + 30 base62 + 6-character base62 CRC32 of those 30, like GitHub's tokens.
 * Tokens created before that are UUIDs, found in `.npmrc` as `//<registry>/:_authToken=<uuid>`.
 */

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export const rules: ProviderRule[] = [
  {
    id: 'npm-access-token',
    kind: 'npm-access-token',
    provider: 'npm',
    title: 'npm access token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke at npmjs.com/settings/<user>/tokens (or `npm token revoke`); publish from CI with trusted publishing (OIDC) or a short-lived granular token.',
    keywords: ['npm_'],
    pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/,
    minEntropy: 3,
    verify: (secret) => hasBase62Crc32Suffix(secret.slice(4)),
    samples: {
      tp: (f) => {
        const [a, b, c, d] = [0, 1, 2, 3].map(() => f.crcToken('npm_'));
        return [
          { text: `//registry.npmjs.org/:_authToken=${a}`, secret: a, path: '.npmrc' },
          { text: `NPM_TOKEN=${b}`, secret: b, path: '.env' },
          { text: `npmAuthToken: "${c}"`, secret: c, path: '.yarnrc.yml' },
          { text: `execSync('npm publish', { env: { ...env, NODE_AUTH_TOKEN: '${d}' } });`, secret: d, path: 'scripts/release.js' },
        ];
      },
      fp: [
        { text: '//registry.npmjs.org/:_authToken=npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder of x' },
        { text: 'const v = process.env.npm_package_version_1234567890abcdefghijklmn;', why: 'npm_ lifecycle variable, not a token' },
        { text: 'NPM_TOKEN=npm_ojdNDkGh0PfMRMLZspYpvC0ALrV5O8CgBJr', why: '35 characters after the prefix' },
        { text: 'echo $npm_config_registry', why: 'npm config variable' },
      ],
    },
  },
  {
    id: 'npm-legacy-token',
    kind: 'npm-legacy-token',
    provider: 'npm',
    title: 'npm legacy auth token (UUID in .npmrc)',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke with `npm token revoke` or at npmjs.com/settings/<user>/tokens; keep `_authToken=${NPM_TOKEN}` in .npmrc instead of the value.',
    keywords: ['_authtoken', 'npmauthtoken', 'npm_token', 'npm-token', 'npm_auth_token'],
    // `//registry.example/:_authToken=<uuid>` (.npmrc), `npmAuthToken: <uuid>` (.yarnrc.yml) or NPM_TOKEN=<uuid>
    pattern: new RegExp(
      String.raw`(?:\/\/[^\s'"]{1,200}\/:_authToken|npmAuthToken|npm[_-](?:auth[_-])?token)["']?\s*[=:]\s*["']?(?<secret>${UUID})(?![0-9a-z-])`,
      'i',
    ),
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const [a, b, c] = [f.uuid(), f.uuid(), f.uuid()];
        return [
          { text: `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${a}`, secret: a, path: '.npmrc' },
          { text: `npmRegistries:\n  "https://npm.acme.io":\n    npmAuthToken: "${b}"`, secret: b, path: '.yarnrc.yml' },
          { text: `NPM_TOKEN=${c}`, secret: c, path: '.env' },
        ];
      },
      fp: [
        { text: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}', why: 'environment reference' },
        { text: 'request_id=6f1c1a44-0f5e-4b8e-9a55-1d0b5c7e9f21', why: 'UUID without an npm token context' },
        { text: '//registry.npmjs.org/:_authToken=00000000-0000-0000-0000-000000000000', why: 'nil UUID placeholder' },
      ],
    },
  },
];
