import type { ProviderRule } from '../types';
import type { Fake } from '../fake';

// Formats:
// - PEM: RFC 7468 (labels `RSA PRIVATE KEY` = PKCS#1, `EC PRIVATE KEY` = RFC 5915, `DSA PRIVATE KEY`,
//   `PRIVATE KEY` / `ENCRYPTED PRIVATE KEY` = PKCS#8, RFC 5958); legacy OpenSSL encryption adds
//   `Proc-Type: 4,ENCRYPTED` and `DEK-Info:` headers (RFC 1421). Cf. gitleaks rule `private-key`.
// - OpenSSH: PROTOCOL.key in openssh-portable (magic `openssh-key-v1\0`, then the cipher name).
// - PuTTY: PPK format, PuTTY manual appendix C (`PuTTY-User-Key-File-2|3:`, `Encryption:`,
//   `Public-Lines:`, optional `Key-Derivation:`/`Argon2-*:`, `Private-Lines:`, `Private-MAC:`).
// - PGP: RFC 4880 section 6 (ASCII armor, optional `=XXXX` CRC-24 line).
// - PKCS#12: RFC 7292 (PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe, macData OPTIONAL }).

/** A real line break, or a literal `\n` / `\r\n` escape (a key stored in one JSON/.env line). */
const SEP = String.raw`(?:(?:\\r)?\\n|\r?\n)`;
/** After a BEGIN line: a line break (real or escaped), or spaces when a CI variable joined the lines. */
const OPEN = String.raw`(?:[ \t]*${SEP}|[ \t]+)`;
/**
 * Characters of a PEM body: base64, whitespace, literal `\n` escapes, and the quotes/commas/`+` of
 * a key split into concatenated string literals. Used lazily up to the END line, so it is linear.
 */
const BODY = String.raw`[A-Za-z0-9+/=\s\\"',]`;

const KEY_STORAGE = 'move the key to a secret manager or KMS/HSM';

/** The base64 payload between the BEGIN and END lines, minus headers, escapes and string quoting. */
export function pemPayload(block: string, armorChecksum = false): Buffer {
  const lines = block
    .replace(/-----(?:BEGIN|END) [A-Z0-9 ]{1,40}-----/g, '\n')
    .replace(/\\r/g, '')
    .replace(/\\n/g, '\n')
    .split(/\r?\n/)
    .filter((l) => !/^\s*["']?\s*[A-Za-z][\w-]*: /.test(l));
  const joined = lines
    .join('\n')
    // "abc" +\n "def"  /  "abc"\n"def"  /  'abc',\n'def'
    .replace(/["']\s*[+,]?\s*["']/g, '')
    .replace(/[^A-Za-z0-9+/=]/g, '');
  // PGP armor ends with a `=XXXX` CRC-24 line; keep only the data before it.
  return Buffer.from(armorChecksum ? joined.replace(/=[A-Za-z0-9+/]{4}$/, '') : joined, 'base64');
}

/** Length of a DER element (SEQUENCE etc.) starting at `at`: [header length, content length]. */
function derLength(der: Buffer, at: number): [number, number] | undefined {
  const first = der[at + 1];
  if (first === undefined) return undefined;
  if (first < 0x80) return [2, first];
  const n = first & 0x7f;
  if (n === 0 || n > 3 || der.length < at + 2 + n) return undefined;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + der[at + 2 + i];
  return [2 + n, len];
}

/** A DER SEQUENCE that spans the whole buffer, optionally followed by `INTEGER version`. */
export function isDerSequence(der: Buffer, versions?: number[]): boolean {
  if (der.length < 8 || der[0] !== 0x30) return false;
  const len = derLength(der, 0);
  if (!len || len[0] + len[1] !== der.length) return false;
  if (!versions) return true;
  const v = len[0];
  return der[v] === 0x02 && der[v + 1] === 0x01 && versions.includes(der[v + 2]);
}

/** Cipher name of an `openssh-key-v1` blob, or undefined when the magic is missing. */
export function opensshCipher(blob: Buffer): string | undefined {
  const magic = 'openssh-key-v1\0';
  if (blob.length < magic.length + 8 || blob.subarray(0, magic.length).toString('latin1') !== magic) return undefined;
  const n = blob.readUInt32BE(magic.length);
  if (n === 0 || n > 64 || blob.length < magic.length + 4 + n) return undefined;
  return blob.subarray(magic.length + 4, magic.length + 4 + n).toString('latin1');
}

/** CRC-24 of OpenPGP ASCII armor (RFC 4880 section 6.1). */
function crc24(data: Buffer): number {
  let crc = 0xb704ce;
  for (const b of data) {
    crc ^= b << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

/** First packet is a secret key (tag 5), and the armor checksum, when present, matches. */
export function isPgpSecretKey(block: string): boolean {
  const data = pemPayload(block, true);
  if (data.length < 16) return false;
  const tag = data[0] & 0x40 ? data[0] & 0x3f : (data[0] >> 2) & 0x0f;
  if ((data[0] & 0x80) === 0 || tag !== 5) return false;
  const sum = /=([A-Za-z0-9+/]{4})\s*(?:\\r)?(?:\\n|["',+\s])*-----END/.exec(block);
  return !sum || Buffer.from(sum[1], 'base64').readUIntBE(0, 3) === crc24(data);
}

/** The PPK public blob (`Public-Lines`) is an SSH wire-format key whose first string is the header's algorithm. */
export function isPuttyKey(ppk: string): boolean {
  const lines = ppk.replace(/\\r/g, '').replace(/\\n/g, '\n').split(/\r?\n/).map((l) => l.trim());
  const alg = /^PuTTY-User-Key-File-[23]: (\S+)$/.exec(lines[0] ?? '')?.[1];
  const at = lines.findIndex((l) => l.startsWith('Public-Lines: '));
  if (!alg || at < 0) return false;
  const n = Number(lines[at].slice('Public-Lines: '.length));
  const blob = Buffer.from(lines.slice(at + 1, at + 1 + n).join(''), 'base64');
  if (blob.length < 4 + alg.length) return false;
  return blob.readUInt32BE(0) === alg.length && blob.subarray(4, 4 + alg.length).toString('latin1') === alg;
}

/** A PFX: SEQUENCE spanning the data, version INTEGER 3, then the authSafe ContentInfo SEQUENCE. */
export function isPkcs12(b64: string): boolean {
  const der = Buffer.from(b64, 'base64');
  if (der.length < 64 || der[0] !== 0x30) return false;
  const len = derLength(der, 0);
  if (!len || len[0] + len[1] !== der.length) return false;
  const v = len[0];
  return der[v] === 0x02 && der[v + 1] === 0x01 && der[v + 2] === 0x03 && der[v + 3] === 0x30;
}

// ---- fake material for samples (random bytes with the right structure; never a usable key) ----

function bytes(f: Fake, n: number): Buffer {
  return Buffer.from(f.hex(n * 2), 'hex');
}

/** DER SEQUENCE with a long-form length wrapping `content`. */
function derSeq(content: Buffer): Buffer {
  const n = content.length;
  const head = n < 0x80 ? Buffer.from([0x30, n]) : n < 0x100 ? Buffer.from([0x30, 0x81, n]) : Buffer.from([0x30, 0x82, n >> 8, n & 0xff]);
  return Buffer.concat([head, content]);
}

function fakeRsaDer(f: Fake): Buffer {
  return derSeq(Buffer.concat([Buffer.from([0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00]), bytes(f, 1180)]));
}

function fakeEcDer(f: Fake): Buffer {
  const oid = Buffer.from('a00a06082a8648ce3d030107a144034200', 'hex');
  return derSeq(Buffer.concat([Buffer.from('0201010420', 'hex'), bytes(f, 32), oid, Buffer.from([0x04]), bytes(f, 64)]));
}

function fakePkcs8Der(f: Fake): Buffer {
  const alg = Buffer.from('020100300d06092a864886f70d0101010500048204a6', 'hex');
  return derSeq(Buffer.concat([alg, bytes(f, 1190)]));
}

function fakeEncryptedPkcs8Der(f: Fake): Buffer {
  const alg = Buffer.from('304e06092a864886f70d01050d3041', 'hex');
  return derSeq(Buffer.concat([alg, bytes(f, 70), Buffer.from('048204d0', 'hex'), bytes(f, 1232)]));
}

function fakeOpenssh(f: Fake, cipher: string): Buffer {
  const str = (s: string | Buffer) => {
    const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
    const n = Buffer.alloc(4);
    n.writeUInt32BE(b.length);
    return Buffer.concat([n, b]);
  };
  const kdf = cipher === 'none' ? 'none' : 'bcrypt';
  const kdfOpts = cipher === 'none' ? Buffer.alloc(0) : Buffer.concat([str(bytes(f, 16)), Buffer.from([0, 0, 0, 16])]);
  return Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    str(cipher),
    str(kdf),
    str(kdfOpts),
    Buffer.from([0, 0, 0, 1]),
    str(Buffer.concat([str('ssh-ed25519'), str(bytes(f, 32))])),
    str(bytes(f, 144)),
  ]);
}

function fakePfx(f: Fake): Buffer {
  // version 3, authSafe ContentInfo (pkcs7-data), then filler for the rest.
  const content = Buffer.concat([Buffer.from('020103', 'hex'), derSeq(Buffer.concat([Buffer.from('06092a864886f70d010701', 'hex'), bytes(f, 1400)]))]);
  return derSeq(content);
}

/** Wrap base64 at `width` columns. */
function wrap(b64: string, width = 64): string[] {
  const out: string[] = [];
  for (let i = 0; i < b64.length; i += width) out.push(b64.slice(i, i + width));
  return out;
}

function pem(label: string, der: Buffer, headers: string[] = []): string {
  return [`-----BEGIN ${label}-----`, ...headers, ...wrap(der.toString('base64')), `-----END ${label}-----`].join('\n');
}

/** The same block on one line with literal `\n` escapes, as in JSON or a .env value. */
function escaped(block: string): string {
  return block.split('\n').join('\\n');
}

function indent(block: string, pad: string): string {
  return block.split('\n').map((l) => pad + l).join('\n');
}

// ---- rules ----

/** A PEM block rule: BEGIN line, optional headers, body, END line with the same label. */
function pemPattern(label: string, headers = ''): RegExp {
  return new RegExp(
    String.raw`-----BEGIN ${label}-----` + OPEN + headers + String.raw`${BODY}{60,12000}?-----END ${label}-----`,
  );
}

/** Legacy OpenSSL encrypted PEM headers (RFC 1421): `Proc-Type: 4,ENCRYPTED` then `DEK-Info: <cipher>,<hex IV>`. */
const LEGACY_ENCRYPTED = String.raw`\s*Proc-Type: 4,ENCRYPTED\s*${SEP}\s*DEK-Info: [A-Z0-9-]{3,20},[0-9A-Fa-f]{16,32}\s*${SEP}`;

/** Certificate-shaped DER (tbsCertificate, signature algorithm, signature) with filler bytes. */
const CERT_SHAPED_B64 = (() => {
  const filler = (n: number, k: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * k + 11) & 0xff));
  const sigAlg = Buffer.from('300d06092a864886f70d01010b0500', 'hex');
  return derSeq(Buffer.concat([derSeq(filler(420, 37)), sigAlg, Buffer.from([0x03, 0x41, 0x00]), filler(64, 91)])).toString('base64');
})();

const PUBLIC_KEY_FP = {
  text: '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u\n-----END PUBLIC KEY-----',
  why: 'public key, not a secret',
};
const CERTIFICATE_FP = {
  text: '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\nRTESMBAGA1UEChMJQmFsdGltb3JlMRMwEQYDVQQLEwpDeWJlclRydXN0MSIwIAYD\n-----END CERTIFICATE-----',
  why: 'certificate, not a private key',
};

function pemRule(opts: {
  id: string;
  kind: string;
  label: string;
  title: string;
  versions: number[];
  der: (f: Fake) => Buffer;
  extraFp?: { text: string; why: string }[];
}): ProviderRule {
  const { label } = opts;
  return {
    id: opts.id,
    kind: opts.kind,
    provider: 'Private key',
    title: opts.title,
    severity: 'critical',
    owasp: 'NHI7',
    remediation: `Treat the key as compromised: revoke/replace it wherever it is trusted (certificates, authorized_keys, JWT issuers), purge it from history, and ${KEY_STORAGE}.`,
    keywords: [`begin ${label.toLowerCase()}`],
    // Not preceded by Proc-Type headers: those (legacy encrypted) are `pem-private-key-legacy-encrypted`.
    pattern: pemPattern(label, String.raw`(?!\s*Proc-Type:)`),
    multiline: 12000,
    // Real keys always decode to one DER SEQUENCE spanning the body, starting with the version INTEGER.
    verify: (block) => isDerSequence(pemPayload(block), opts.versions),
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const a = pem(label, opts.der(f));
        const b = pem(label, opts.der(f));
        const c = pem(label, opts.der(f));
        return [
          { text: a, secret: a, path: 'deploy/id_key.pem' },
          { text: `{"type": "service", "private_key": "${escaped(b)}\\n"}`, secret: escaped(b) },
          { text: `tls:\n  key: |\n${indent(c, '    ')}\n`, secret: indent(c, '    ').trimStart() },
        ];
      },
      fp: [
        PUBLIC_KEY_FP,
        CERTIFICATE_FP,
        { text: `-----BEGIN ${label}-----\n-----END ${label}-----`, why: 'BEGIN/END lines with no body (documentation)' },
        { text: `-----BEGIN ${label}-----\nMIIEpAIBAAKCAQEA...\n...\n-----END ${label}-----`, why: 'elided body in documentation' },
        ...(opts.extraFp ?? []),
      ],
    },
  };
}

export const rules: ProviderRule[] = [
  pemRule({
    id: 'rsa-private-key',
    kind: 'rsa-private-key',
    label: 'RSA PRIVATE KEY',
    title: 'RSA private key (PKCS#1 PEM)',
    versions: [0, 1],
    der: fakeRsaDer,
    extraFp: [
      {
        text: 'if (pem.startsWith("-----BEGIN RSA PRIVATE KEY-----")) {\n  return parsePkcs1(pem, "-----END RSA PRIVATE KEY-----");\n}',
        why: 'code handling PEM markers, no key body',
      },
    ],
  }),
  pemRule({
    id: 'ec-private-key',
    kind: 'ec-private-key',
    label: 'EC PRIVATE KEY',
    title: 'EC private key (SEC1 PEM)',
    versions: [1],
    der: fakeEcDer,
  }),
  pemRule({
    id: 'dsa-private-key',
    kind: 'dsa-private-key',
    label: 'DSA PRIVATE KEY',
    title: 'DSA private key (PEM)',
    versions: [0],
    der: (f) => derSeq(Buffer.concat([Buffer.from('0201000282010100', 'hex'), bytes(f, 440)])),
  }),
  pemRule({
    id: 'pkcs8-private-key',
    kind: 'pkcs8-private-key',
    label: 'PRIVATE KEY',
    title: 'Private key (PKCS#8 PEM)',
    versions: [0, 1],
    der: fakePkcs8Der,
    extraFp: [
      {
        text: 'key = "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\\n-----END PRIVATE KEY-----"',
        why: 'truncated key from documentation (DER length does not match the body)',
      },
    ],
  }),
  {
    id: 'pkcs8-encrypted-private-key',
    kind: 'encrypted-private-key',
    provider: 'Private key',
    title: 'Encrypted private key (PKCS#8 PEM)',
    severity: 'high',
    owasp: 'NHI7',
    remediation: `The key is passphrase-protected, but the passphrase is often stored nearby: rotate the key and ${KEY_STORAGE}.`,
    keywords: ['begin encrypted private key'],
    pattern: pemPattern('ENCRYPTED PRIVATE KEY'),
    multiline: 12000,
    // EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm SEQUENCE, encryptedData OCTET STRING }
    verify: (block) => {
      const der = pemPayload(block);
      const len = isDerSequence(der) ? derLength(der, 0) : undefined;
      return !!len && der[len[0]] === 0x30;
    },
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const a = pem('ENCRYPTED PRIVATE KEY', fakeEncryptedPkcs8Der(f));
        const b = pem('ENCRYPTED PRIVATE KEY', fakeEncryptedPkcs8Der(f));
        return [
          { text: a, secret: a, path: 'certs/server.key' },
          { text: `SIGNING_KEY="${escaped(b)}"`, secret: escaped(b), path: '.env' },
        ];
      },
      fp: [
        PUBLIC_KEY_FP,
        { text: '-----BEGIN ENCRYPTED PRIVATE KEY-----\n...\n-----END ENCRYPTED PRIVATE KEY-----', why: 'no key body' },
        { text: 'const MARKER = "-----BEGIN ENCRYPTED PRIVATE KEY-----";', why: 'marker constant only' },
      ],
    },
  },
  {
    id: 'pem-private-key-legacy-encrypted',
    kind: 'encrypted-private-key',
    provider: 'Private key',
    title: 'Encrypted private key (legacy OpenSSL PEM, Proc-Type: 4,ENCRYPTED)',
    severity: 'high',
    owasp: 'NHI7',
    remediation: `The key is passphrase-protected with a weak legacy KDF: rotate it and ${KEY_STORAGE}.`,
    // Same keywords as the unencrypted rules: the engine's keyword anchor does not report a keyword
    // overlapping an earlier hit, so a `private key-----` keyword would never fire after `begin rsa private key`.
    keywords: ['begin rsa private key', 'begin ec private key', 'begin dsa private key'],
    pattern: new RegExp(
      String.raw`-----BEGIN (?<label>(?:RSA|EC|DSA) PRIVATE KEY)-----` + SEP + LEGACY_ENCRYPTED +
        String.raw`${BODY}{60,12000}?-----END \k<label>-----`,
    ),
    multiline: 12000,
    // The body is raw block-cipher output: a whole number of 8-byte blocks.
    verify: (block) => {
      const data = pemPayload(block);
      return data.length >= 64 && data.length % 8 === 0;
    },
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const hdr = (iv: string) => ['Proc-Type: 4,ENCRYPTED', `DEK-Info: AES-128-CBC,${iv}`, ''];
        const a = pem('RSA PRIVATE KEY', bytes(f, 1200), hdr(f.upperHex(32)));
        const b = pem('EC PRIVATE KEY', bytes(f, 128), hdr(f.upperHex(32)));
        return [
          { text: a, secret: a, path: 'ssl/server.key' },
          { text: `"key": "${escaped(b)}"`, secret: escaped(b), path: 'config.json' },
        ];
      },
      fp: [
        CERTIFICATE_FP,
        {
          text: '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: DES-EDE3-CBC,<iv>\n\n...\n-----END RSA PRIVATE KEY-----',
          why: 'documentation of the header layout, no body',
        },
        { text: 'if line == "Proc-Type: 4,ENCRYPTED": raise NeedsPassphrase("-----BEGIN RSA PRIVATE KEY-----")', why: 'code, not a key' },
      ],
    },
  },
  {
    id: 'openssh-private-key',
    kind: 'openssh-private-key',
    provider: 'Private key',
    title: 'OpenSSH private key (unencrypted)',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: 'Remove the public half from every authorized_keys/deploy-key list, generate a new key, and use an SSH agent, a deploy key in CI secrets, or short-lived SSH certificates.',
    keywords: ['begin openssh private key'],
    pattern: pemPattern('OPENSSH PRIVATE KEY'),
    multiline: 12000,
    // openssh-key-v1 blob whose cipher is `none` (PROTOCOL.key); encrypted ones go to the next rule.
    verify: (block) => opensshCipher(pemPayload(block)) === 'none',
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const block = (c: string) => ['-----BEGIN OPENSSH PRIVATE KEY-----', ...wrap(fakeOpenssh(f, c).toString('base64'), 70), '-----END OPENSSH PRIVATE KEY-----'].join('\n');
        const a = block('none');
        const b = block('none');
        const c = block('none');
        return [
          { text: a, secret: a, path: '.ssh/id_ed25519' },
          { text: `export DEPLOY_KEY="${escaped(b)}"`, secret: escaped(b), path: 'deploy.sh' },
          { text: `ssh_key: |\n${indent(c, '  ')}`, secret: indent(c, '  ').trimStart(), path: 'ci.yml' },
        ];
      },
      fp: [
        { text: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGk8VqIuGfZcb0+RUBZ3vFhD6hrn7uv1vqk0MPVqE2Zx deploy@ci', why: 'public key' },
        { text: '-----BEGIN OPENSSH PRIVATE KEY-----\n<paste your private key here>\n-----END OPENSSH PRIVATE KEY-----', why: 'placeholder body' },
        {
          text: '-----BEGIN OPENSSH PRIVATE KEY-----\nVGhpcyBpcyBqdXN0IHNvbWUgYmFzZTY0IHRleHQgdGhhdCBpcyBub3QgYW4gb3BlbnNzaCBrZXkgYXQgYWxs\n-----END OPENSSH PRIVATE KEY-----',
          why: 'body lacks the openssh-key-v1 magic',
        },
      ],
    },
  },
  {
    id: 'openssh-private-key-encrypted',
    kind: 'openssh-private-key',
    provider: 'Private key',
    title: 'OpenSSH private key (passphrase-protected)',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'The key is passphrase-protected but brute-forceable offline: rotate it, remove the old public key from authorized_keys, and keep keys out of the repository.',
    keywords: ['begin openssh private key'],
    pattern: pemPattern('OPENSSH PRIVATE KEY'),
    multiline: 12000,
    verify: (block) => {
      const c = opensshCipher(pemPayload(block));
      return c !== undefined && c !== 'none';
    },
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const block = () => ['-----BEGIN OPENSSH PRIVATE KEY-----', ...wrap(fakeOpenssh(f, 'aes256-ctr').toString('base64'), 70), '-----END OPENSSH PRIVATE KEY-----'].join('\n');
        const a = block();
        const b = block();
        return [
          { text: a, secret: a, path: 'keys/id_rsa' },
          { text: `{"sshKey": "${escaped(b)}"}`, secret: escaped(b) },
        ];
      },
      fp: [
        { text: '-----BEGIN OPENSSH PRIVATE KEY-----\n-----END OPENSSH PRIVATE KEY-----', why: 'no body' },
        { text: 'grep -q "BEGIN OPENSSH PRIVATE KEY" ~/.ssh/id_ed25519', why: 'shell check for the marker' },
      ],
    },
  },
  ...(['none', 'aes256-cbc'] as const).map((enc): ProviderRule => {
    const encrypted = enc !== 'none';
    return {
      id: encrypted ? 'putty-private-key-encrypted' : 'putty-private-key',
      kind: 'putty-private-key',
      provider: 'Private key',
      title: `PuTTY private key (.ppk${encrypted ? ', passphrase-protected' : ''})`,
      severity: encrypted ? 'high' : 'critical',
      owasp: 'NHI7',
      remediation: 'Remove the public key from every server\'s authorized_keys, generate a new key pair in PuTTYgen, and keep .ppk files out of the repository.',
      keywords: ['putty-user-key-file-'],
      // PuTTY manual appendix C. The secret runs from the header line to the Private-MAC value.
      pattern: new RegExp(
        String.raw`PuTTY-User-Key-File-[23]: [\w@.-]{3,60}\s*${SEP}\s*Encryption: ${enc}\s*${SEP}` +
          String.raw`Comment: [^\r\n]{0,300}?${SEP}Public-Lines: \d{1,3}\s*${SEP}` +
          String.raw`[A-Za-z0-9+/=\s\\:-]{20,4000}?Private-Lines: \d{1,3}\s*${SEP}` +
          String.raw`[A-Za-z0-9+/=\s\\]{20,12000}?Private-MAC: [0-9a-f]{40,64}(?![0-9a-f])`,
      ),
      multiline: 16000,
      // Structure every real .ppk has: the public blob names the header's algorithm.
      verify: isPuttyKey,
      dropUnverified: true,
      samples: {
        tp: (f) => {
          const ppk = (v: 2 | 3) => {
            const kdf = encrypted && v === 3
              ? ['Key-Derivation: Argon2id', 'Argon2-Memory: 8192', 'Argon2-Passes: 13', 'Argon2-Parallelism: 1', `Argon2-Salt: ${f.hex(32)}`]
              : [];
            const pub = wrap(Buffer.concat([Buffer.from('\0\0\0\x0bssh-ed25519\0\0\0 ', 'latin1'), bytes(f, 32)]).toString('base64'), 64);
            const priv = wrap(f.base64(64), 64);
            return [
              `PuTTY-User-Key-File-${v}: ssh-ed25519`,
              `Encryption: ${enc}`,
              `Comment: ed25519-key-2024${f.digits(4)}`,
              `Public-Lines: ${pub.length}`,
              ...pub,
              ...kdf,
              `Private-Lines: ${priv.length}`,
              ...priv,
              `Private-MAC: ${f.hex(v === 3 ? 64 : 40)}`,
            ].join('\n');
          };
          const a = ppk(3);
          const b = ppk(2);
          return [
            { text: a + '\n', secret: a, path: 'keys/server.ppk' },
            { text: `const PPK = "${escaped(b)}\\n";`, secret: escaped(b) },
          ];
        },
        fp: [
          { text: `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: ${enc}\nComment: <comment>\nPublic-Lines: 2\n...`, why: 'truncated documentation example' },
          { text: 'if (!line.startsWith("PuTTY-User-Key-File-")) throw new Error("not a ppk file");', why: 'code checking the header' },
        ],
      },
    };
  }),
  {
    id: 'pgp-private-key',
    kind: 'pgp-private-key',
    provider: 'Private key',
    title: 'PGP private key block',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: 'Revoke the key (gpg --gen-revoke, publish the revocation to keyservers), create a new one, and keep signing keys in the CI secret store or a hardware token.',
    keywords: ['begin pgp private key block'],
    // RFC 4880 section 6.2: armor headers (`Version: …`, `Comment: …`), a blank line, base64, `=CRC24`.
    pattern: new RegExp(
      String.raw`-----BEGIN PGP PRIVATE KEY BLOCK-----\s*${SEP}(?:\s*[A-Za-z-]{2,20}: [^\r\n\\]{0,200}${SEP}){0,6}` +
        String.raw`${BODY}{60,16000}?-----END PGP PRIVATE KEY BLOCK-----`,
    ),
    multiline: 20000,
    // First packet is a secret-key packet (tag 5); the armor CRC-24, when present, matches.
    verify: isPgpSecretKey,
    samples: {
      tp: (f) => {
        const block = (comment: boolean) => {
          const data = Buffer.concat([Buffer.from([0xc5, 0xc0 + 0x20]), bytes(f, 600)]);
          const sum = Buffer.alloc(3);
          sum.writeUIntBE(crc24(data), 0, 3);
          return [
            '-----BEGIN PGP PRIVATE KEY BLOCK-----',
            ...(comment ? ['Comment: signing key for releases'] : []),
            '',
            ...wrap(data.toString('base64'), 64),
            `=${sum.toString('base64')}`,
            '-----END PGP PRIVATE KEY BLOCK-----',
          ].join('\n');
        };
        const a = block(true);
        const b = block(false);
        return [
          { text: a, secret: a, path: 'release/signing.asc' },
          { text: `GPG_PRIVATE_KEY="${escaped(b)}"`, secret: escaped(b), path: '.env' },
        ];
      },
      fp: [
        {
          text: '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBGRpWZgBEADGk7Xs0sJx2ZcW6m5Ni0j3yq5vQy7Hk0C9sLxq3bJzGdGJ0pF5\n=AbCd\n-----END PGP PUBLIC KEY BLOCK-----',
          why: 'public key block',
        },
        { text: 'gpg --armor --export-secret-keys KEYID  # prints -----BEGIN PGP PRIVATE KEY BLOCK-----', why: 'documentation of the command, no body' },
        {
          text: '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n...\n-----END PGP PRIVATE KEY BLOCK-----',
          why: 'elided body',
        },
      ],
    },
  },
  {
    id: 'pkcs12-base64',
    kind: 'pkcs12-keystore',
    provider: 'Private key',
    title: 'PKCS#12 / PFX keystore (base64)',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke the certificate, issue a new one, and keep the keystore in a secret manager or a key vault (with its password stored separately).',
    keywords: ['p12', 'pfx', 'pkcs12', 'cert'],
    // A base64 DER literal (`MII…`, SEQUENCE with a 2-byte length) assigned to a keystore-ish name.
    pattern: /(?:p12|pfx|pkcs_?12|cert(?:ificate)?)[\w.-]{0,40}["'`]?\s{0,3}[:=]{1,2}>?\s{0,3}(?:\(\s*)?[@$]?["'`]?\s{0,3}(?<secret>MII[A-Za-z0-9+/]{300,30000}={0,2})(?![A-Za-z0-9+/=])/i,
    // RFC 7292: PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, macData OPTIONAL }.
    // An X.509 certificate in the same place starts with a SEQUENCE instead and is dropped.
    verify: isPkcs12,
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const a = fakePfx(f).toString('base64');
        const b = fakePfx(f).toString('base64');
        const c = fakePfx(f).toString('base64');
        return [
          { text: `CLIENT_CERT_P12=${a}`, secret: a, path: '.env' },
          { text: `  "pfxBlob": "${b}",`, secret: b, path: 'azuredeploy.parameters.json' },
          { text: `signing:\n  certificate: ${c}\n  certificate_password: hunter2`, secret: c, path: 'ci.yml' },
        ];
      },
      fp: [
        { text: `certificate: ${CERT_SHAPED_B64}`, why: 'base64 X.509 certificate (SEQUENCE { SEQUENCE tbsCertificate, ... }), not a PFX' },
        { text: 'const p12 = fs.readFileSync("client.p12");', why: 'file reference, no inline keystore' },
        { text: 'PFX_BASE64=MIIKpQIBAzCCCm8GCSqGSIb3DQEHAaCCCmAEggpcMIIKWDCCBQ8GCSqGSIb3', why: 'truncated (too short to be a keystore)' },
      ],
    },
  },
];
