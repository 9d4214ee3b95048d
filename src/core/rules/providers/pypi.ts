import type { ProviderRule } from '../types';
import type { Fake } from '../fake';

/*
 * PyPI API tokens are `pypi-` + base64url (unpadded) of a v2 binary macaroon
 * (https://pypi.org/help/#apitoken, pymacaroons v2 serialisation):
 *   0x02 | 0x01 len "pypi.org" (location) | 0x02 len <identifier> 0x00 | caveats… | 0x00 | 0x06 0x20 <32-byte signature>
 * so every token starts `pypi-AgEIcHlwaS5vcmc` (TestPyPI: location "test.pypi.org", `pypi-AgENdGVzdC5weXBpLm9yZw`).
 */

/** True when the token decodes to a v2 macaroon for `location` that ends with its 32-byte signature. */
function isMacaroonFor(secret: string, location: string): boolean {
  const bytes = Buffer.from(secret.replace(/^pypi-/, ''), 'base64url');
  const head = Buffer.concat([Buffer.from([0x02, 0x01, location.length]), Buffer.from(location, 'latin1')]);
  if (bytes.length < head.length + 40 || !bytes.subarray(0, head.length).equals(head)) return false;
  const sig = bytes.length - 35;
  return bytes[sig] === 0x00 && bytes[sig + 1] === 0x06 && bytes[sig + 2] === 0x20;
}

/** A fake token laid out like PyPI's: location, UUID identifier, one caveat, signature. */
function macaroon(f: Fake, location: string): string {
  const field = (type: number, value: Buffer) => Buffer.concat([Buffer.from([type, value.length]), value]);
  const caveat = Buffer.from(`[1,["${f.lower(8)}-${f.lower(5)}"]]`, 'utf8');
  const bytes = Buffer.concat([
    Buffer.from([0x02]),
    field(0x01, Buffer.from(location, 'latin1')),
    field(0x02, Buffer.from(f.uuid(), 'latin1')),
    Buffer.from([0x00]),
    field(0x02, caveat),
    Buffer.from([0x00, 0x00]),
    field(0x06, Buffer.from(f.hex(64), 'hex')),
  ]);
  return `pypi-${bytes.toString('base64url')}`;
}

export const rules: ProviderRule[] = [
  {
    id: 'pypi-upload-token',
    kind: 'pypi-upload-token',
    provider: 'PyPI',
    title: 'PyPI API (upload) token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Remove it at pypi.org/manage/account/token/; publish from CI with Trusted Publishing (OIDC) or a project-scoped token.',
    keywords: ['pypi-ageichlwas5vcmc'],
    pattern: /(?<![A-Za-z0-9_-])pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    verify: (secret) => isMacaroonFor(secret, 'pypi.org'),
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const [a, b, c] = [0, 1, 2].map(() => macaroon(f, 'pypi.org'));
        return [
          { text: `[pypi]\n  username = __token__\n  password = ${a}`, secret: a, path: '.pypirc' },
          { text: `export TWINE_PASSWORD=${b}`, secret: b, path: 'publish.sh' },
          { text: `subprocess.run(["twine", "upload", "-u", "__token__", "-p", "${c}", "dist/*"])`, secret: c, path: 'release.py' },
        ];
      },
      fp: [
        { text: 'export TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmcCJ...   # your API token', why: 'truncated placeholder' },
        { text: 'Regex: `pypi-AgEIcHlwaS5vcmcCJ[a-zA-Z0-9_-]{50,180}`', why: 'a regex, not a token' },
        { text: 'TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmcCJDVhYzkyZDkxLTYwYjctNDZiYy05NTcxLWVhODJiMWVmZmM3MQACGVsxLFsicmVsZWFzZS10b29saW5nIl1d', why: 'cut off before the signature' },
      ],
    },
  },
  {
    id: 'pypi-test-token',
    kind: 'pypi-test-token',
    provider: 'PyPI',
    title: 'TestPyPI API token',
    severity: 'medium',
    owasp: 'NHI7',
    remediation: 'Remove it at test.pypi.org/manage/account/token/; use Trusted Publishing (OIDC) for TestPyPI uploads too.',
    keywords: ['pypi-agendgvzdc5wexbplm9yzw'],
    pattern: /(?<![A-Za-z0-9_-])pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9_-]{50,1000}(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    verify: (secret) => isMacaroonFor(secret, 'test.pypi.org'),
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const [a, b] = [macaroon(f, 'test.pypi.org'), macaroon(f, 'test.pypi.org')];
        return [
          { text: `[testpypi]\n  repository = https://test.pypi.org/legacy/\n  username = __token__\n  password = ${a}`, secret: a, path: '.pypirc' },
          { text: `      password: ${b}`, secret: b, path: '.github/workflows/publish.yml' },
        ];
      },
      fp: [
        { text: 'password = pypi-AgENdGVzdC5weXBpLm9yZw...', why: 'truncated placeholder' },
        { text: 'password = pypi-AgENdGVzdC5weXBpLm9yZwIkNDlkZmQ2YzItMjZhNy00', why: 'too short to hold a macaroon' },
      ],
    },
  },
];
