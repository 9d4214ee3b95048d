import type { ProviderRule } from '../types';
import { crc32Bytes } from '../../detect/checksum';

/**
 * Microsoft Azure / Entra ID / Azure DevOps credentials.
 * Formats follow microsoft/security-utilities (SEC101/101 AAD client secret, SEC101/102 ADO PAT,
 * SEC101/106 storage key, SEC101/201 ADO CASK PAT) and gitleaks `azure-ad-client-secret`.
 */

/** Publicly documented emulator keys (Azurite/storage emulator `devstoreaccount1`, Cosmos DB emulator). */
const EMULATOR_KEYS = [
  /^Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq\/K1SZFPTOtr\/KBHBeksoGMGw==$/,
  /^C2y6yDjf5\/R\+ob0N8A7Cgv30VRDJIWEHLM\+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw\/Jw==$/,
];

// --- Azure DevOps legacy PAT checksum (SEC101/102): 52 base32 chars = 32 bytes; bytes 2, 7, 8 and
// 22 hold CRC32(the other 28 bytes) XOR a seed (user or application PAT), little-endian from 22.
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const ADO_SEEDS = [0xe0b9692d, 0x1019f92e];
const CHECKSUM_AT = [22, 8, 7, 2]; // least significant byte first
const PAYLOAD_AT = [0, 1, 3, 4, 5, 6, ...range(9, 22), ...range(23, 32)];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

function base32Decode(text: string): number[] {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of text.toLowerCase()) {
    acc = ((acc << 5) | BASE32.indexOf(ch)) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >>> bits) & 0xff);
    }
  }
  return out;
}

function base32Encode(bytes: number[]): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(acc >>> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32[(acc << (5 - bits)) & 31];
  return out;
}

function adoPatChecksumValid(secret: string): boolean {
  const bytes = base32Decode(secret);
  if (bytes.length !== 32) return false;
  const crc = crc32Bytes(PAYLOAD_AT.map((i) => bytes[i]));
  const stored = CHECKSUM_AT.reduce((v, at, k) => (v | (bytes[at] << (8 * k))) >>> 0, 0);
  return ADO_SEEDS.some((seed) => ((crc ^ seed) >>> 0) === stored);
}

/** Builds a checksum-valid legacy ADO PAT from 28 payload bytes (for samples only). */
function adoPatFrom(payload: number[]): string {
  const bytes = new Array<number>(32).fill(0);
  PAYLOAD_AT.forEach((at, i) => (bytes[at] = payload[i]));
  const checksum = (crc32Bytes(payload) ^ ADO_SEEDS[0]) >>> 0;
  CHECKSUM_AT.forEach((at, k) => (bytes[at] = (checksum >>> (8 * k)) & 0xff));
  return base32Encode(bytes);
}

export const rules: ProviderRule[] = [
  {
    id: 'azure-ad-client-secret',
    kind: 'azure-ad-client-secret',
    provider: 'Microsoft Azure',
    title: 'Microsoft Entra ID (Azure AD) client secret',
    severity: 'critical',
    owasp: 'NHI7',
    remediation:
      'Delete the secret under App registrations > Certificates & secrets and review sign-in logs; prefer managed identities or federated credentials',
    keywords: ['q~'],
    // 3 chars, a version digit (7 = previous, 8 = current), `Q~`, then 31-34 chars of
    // [A-Za-z0-9_~.-] (SEC101/101 and SEC101/156; gitleaks `azure-ad-client-secret`).
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const alpha = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~.-';
        const a = f.alnum(3) + '8Q~' + f.chars(alpha, 34);
        const b = f.alnum(3) + '8Q~' + f.chars(alpha, 34);
        const c = f.alnum(3) + '7Q~' + f.chars(alpha, 31);
        return [
          { text: `AZURE_CLIENT_SECRET=${a}`, secret: a },
          { text: `  "clientSecret": "${b}",`, secret: b },
          { text: `$secret = ConvertTo-SecureString '${c}' -AsPlainText -Force`, secret: c },
        ];
      },
      fp: [
        { text: 'client_secret=bP88Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: '~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~', why: 'markdown rule' },
        { text: '.ui.visible.right.sidebar~.ui.visible.left.sidebar~.pusher{transform:translate3d(0,0,0)}', why: 'CSS selector' },
        { text: 'secret: abc8Q~shortvalue12', why: 'too short' },
      ],
    },
  },
  {
    id: 'azure-storage-connection-string',
    kind: 'azure-storage-connection-string',
    provider: 'Microsoft Azure',
    title: 'Azure Storage / Cosmos DB connection string account key',
    severity: 'critical',
    owasp: 'NHI7',
    remediation:
      'Rotate the account key (Storage account > Access keys, or Cosmos DB > Keys); use Microsoft Entra ID auth with managed identities or short-lived SAS',
    keywords: ['accountkey='],
    // `AccountKey=` + 64-byte key in base64 (86 chars + `==`), SEC101/106.
    pattern: /AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/i,
    minEntropy: 4,
    allow: EMULATOR_KEYS,
    samples: {
      tp: (f) => {
        const [a, b, c] = [f.base64(86) + '==', f.base64(86) + '==', f.base64(86) + '=='];
        return [
          { text: `AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=prod${f.lower(6)};AccountKey=${a};EndpointSuffix=core.windows.net"`, secret: a },
          { text: `  "ConnectionString": "AccountEndpoint=https://app-${f.lower(5)}.documents.azure.com:443/;AccountKey=${b};"`, secret: b },
          { text: `conn = 'DefaultEndpointsProtocol=https;AccountName=logs;AccountKey=${c}'`, secret: c },
        ];
      },
      fp: [
        {
          text: 'UseDevelopmentStorage=true;DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;',
          why: 'documented Azurite / storage emulator key',
        },
        {
          text: 'AccountEndpoint=https://localhost:8081/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==;',
          why: 'documented Cosmos DB emulator key',
        },
        { text: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=<account-key>;EndpointSuffix=core.windows.net', why: 'placeholder' },
        { text: 'AccountKey=${STORAGE_KEY}', why: 'variable reference' },
      ],
    },
  },
  {
    id: 'azure-storage-account-key',
    kind: 'azure-storage-account-key',
    provider: 'Microsoft Azure',
    title: 'Azure Storage account key',
    severity: 'critical',
    owasp: 'NHI7',
    remediation:
      'Rotate the key in Storage account > Access keys; use Microsoft Entra ID auth with managed identities or short-lived SAS instead',
    keywords: ['storage', '--account-key'],
    // An 88-character base64 key (64 bytes) after a storage key name or `--account-key`.
    pattern:
      /(?:storage[\w.-]{0,30}?key|--account-key)\W{0,5}(?<![A-Za-z0-9+/])(?<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/i,
    minEntropy: 4,
    confidence: 'medium',
    allow: EMULATOR_KEYS,
    samples: {
      tp: (f) => {
        const [a, b, c] = [f.base64(86) + '==', f.base64(86) + '==', f.base64(86) + '=='];
        return [
          { text: `AZURE_STORAGE_KEY=${a}`, secret: a },
          { text: `az storage blob upload --account-name backups --account-key ${b} -f db.bak -c dumps`, secret: b },
          { text: `storage_account_access_key = "${c}"`, secret: c },
        ];
      },
      fp: [
        {
          text: 'AZURE_STORAGE_KEY=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
          why: 'documented Azurite emulator key',
        },
        { text: 'storage_key = var.storage_account_primary_access_key', why: 'reference to a Terraform value' },
        { text: 'AZURE_STORAGE_KEY=c2VjcmV0', why: 'too short' },
      ],
    },
  },
  {
    id: 'azure-shared-access-key',
    kind: 'azure-shared-access-key',
    provider: 'Microsoft Azure',
    title: 'Azure Service Bus / Event Hubs / IoT Hub shared access key',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Regenerate the key under Shared access policies and switch clients to Microsoft Entra ID auth with managed identities',
    keywords: ['sharedaccesskey='],
    // `SharedAccessKey=` + 32-byte key in base64 (44 chars ending `=`) in a connection string; the
    // 43rd character carries only 4 data bits, so it is one of AEIMQUYcgkosw048.
    pattern: /SharedAccessKey=(?<secret>[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=)(?![A-Za-z0-9+/=])/,
    minEntropy: 4,
    samples: {
      tp: (f) => {
        const mk = () => f.base64(42) + f.chars('AEIMQUYcgkosw048', 1) + '=';
        const [a, b, c] = [mk(), mk(), mk()];
        return [
          { text: `SERVICEBUS_CONNECTION="Endpoint=sb://orders-${f.lower(5)}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${a}"`, secret: a },
          { text: `eventhub: Endpoint=sb://telemetry.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${b};EntityPath=events`, secret: b },
          { text: `"IotHub": "HostName=plant.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${c}"`, secret: c },
        ];
      },
      fp: [
        { text: 'Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=<key>', why: 'placeholder' },
        { text: 'SharedAccessKey=${SB_KEY}', why: 'variable reference' },
        { text: 'SharedAccessKey=c2hvcnQ=', why: 'too short' },
      ],
    },
  },
  {
    id: 'azure-sas-token',
    kind: 'azure-sas-token',
    provider: 'Microsoft Azure',
    title: 'Azure shared access signature (SAS) token',
    severity: 'high',
    owasp: 'NHI2',
    remediation:
      'Revoke by rotating the signing account key or deleting the stored access policy; issue short-lived user-delegation SAS at run time',
    keywords: ['sig='],
    // `sig=` (HMAC-SHA256, base64, often URL-encoded) in a query that also carries `sv=<version>`
    // and `se=<expiry>`, in any order. See learn.microsoft.com/rest/api/storageservices/create-service-sas.
    pattern:
      /[?&;]sig=(?<=\bsv=\d{4}-\d\d-\d\d[^\s"'<>]{0,800})(?:(?<=[?&;]se=\d{4}-\d\d-\d\d[^\s"'<>]{0,800})|(?=[^\s"'<>]{0,800}?[?&;]se=\d{4}-\d\d-\d\d))(?<secret>[A-Za-z0-9%+/]{40,140}={0,2})(?![A-Za-z0-9%+/=])/,
    minEntropy: 4,
    samples: {
      tp: (f) => {
        const a = f.base64(43) + '=';
        const b = f.base64url(43).replace(/[-_]/g, 'Q') + '%3D';
        const c = f.base64(43) + '=';
        return [
          {
            text: `url = "https://acct.blob.core.windows.net/backups/db.bak?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-01-01T00:00:00Z&st=2024-01-01T00:00:00Z&spr=https&sig=${a}"`,
            secret: a,
          },
          {
            text: `BLOB_SAS="sp=r&st=2024-05-01T10:00:00Z&se=2024-05-02T18:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=${b}"`,
            secret: b,
          },
          {
            text: `BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=sv=2021-06-08&ss=bfqt&srt=sco&sp=rwdlacupx&se=2030-01-01T00:00:00Z&spr=https&sig=${c}`,
            secret: c,
          },
        ];
      },
      fp: [
        { text: 'https://acct.blob.core.windows.net/c/f?sv=2022-11-02&se=2026-01-01&sr=b&sp=r&sig=<signature>', why: 'placeholder' },
        { text: 'https://example.org/api?sig=8f2d9c1b7a6e5f4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b', why: 'sig parameter without SAS sv/se fields' },
        { text: '?sv=2022-11-02&se=2026-01-01&sig=${SAS_SIG}', why: 'variable reference' },
      ],
    },
  },
  {
    id: 'azure-devops-pat',
    kind: 'azure-devops-pat',
    provider: 'Azure DevOps',
    title: 'Azure DevOps personal access token',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Revoke the token at dev.azure.com/{org}/_usersSettings/tokens (admins: Organization settings > Personal access tokens); prefer Microsoft Entra tokens or workload identity federation',
    // Not a bare 'ado': it sits inside box-shadow, tornado, avocado on countless lines.
    keywords: ['azure', 'devops', 'ado_', 'ado-', 'ado.', 'adotoken', 'adopat', 'azdo', 'vsts', 'dev.azure.com', 'visualstudio.com'],
    // 52 lower-case base32 characters with an embedded CRC32 (SEC101/102). No prefix, so it needs
    // an ADO name before it, or to be the password in an https://…@dev.azure.com URL.
    pattern:
      /(?:(?:azure[_.\s-]?devops|\bado(?!be)|azdo|vsts)[\w.-]{0,30}\W{0,5}|(?=[a-z2-7]{52}@(?:dev\.azure\.com|[\w-]{1,64}\.visualstudio\.com)))(?<![a-z0-9])(?<secret>[a-z2-7]{52})(?![a-z0-9])/i,
    allow: [/[A-Z]/],
    stopwords: ['abcdefghijklmnop'],
    minEntropy: 3.5,
    confidence: 'medium',
    verify: adoPatChecksumValid,
    samples: {
      tp: (f) => {
        const valid = () => adoPatFrom(Array.from({ length: 28 }, () => f.int(0, 255)));
        const a = valid();
        const b = valid();
        const c = f.chars(BASE32, 52);
        return [
          { text: `AZURE_DEVOPS_EXT_PAT=${a}`, secret: a },
          { text: `git clone https://build:${b}@dev.azure.com/contoso/app/_git/app`, secret: b },
          { text: `  ado_token: "${c}"`, secret: c },
        ];
      },
      fp: [
        { text: 'AZURE_DEVOPS_EXT_PAT=$(System.AccessToken)', why: 'pipeline variable reference' },
        { text: 'ado_pat: abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst', why: 'documented example pattern (low entropy)' },
        { text: 'const AdobeToken = "k4m2n7p3q5r6s2t7u4v5w3x6y7z2a3b4c5d6e7f2g3h4j5k6m7n2"', why: 'Adobe, not Azure DevOps' },
        { text: 'AZURE_DEVOPS_PAT=K4M2N7P3Q5R6S2T7U4V5W3X6Y7Z2A3B4C5D6E7F2G3H4J5K6M7N2', why: 'upper case is not a PAT' },
      ],
    },
  },
  {
    id: 'azure-devops-pat-v2',
    kind: 'azure-devops-pat',
    provider: 'Azure DevOps',
    title: 'Azure DevOps personal access token (84-character format)',
    severity: 'high',
    owasp: 'NHI7',
    remediation:
      'Revoke the token at dev.azure.com/{org}/_usersSettings/tokens (admins: Organization settings > Personal access tokens); prefer Microsoft Entra tokens or workload identity federation',
    keywords: ['jqqj'],
    // Legacy common annotated security key (SEC101/201): 52 base62 chars, `JQQJ` signature,
    // 20 chars of version/platform/provider data, the `AZDO` provider signature, 4 checksum chars.
    pattern: /(?<![A-Za-z0-9])[A-Za-z0-9]{52}JQQJ[A-Za-z0-9]{20}AZDO[A-Za-z0-9]{4}(?![A-Za-z0-9])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const mk = () => f.alnum(52) + 'JQQJ99' + f.alnum(1) + 'B' + f.alnum(12) + 'AAAAAZDO' + f.alnum(4);
        const [a, b, c] = [mk(), mk(), mk()];
        return [
          { text: `AZURE_DEVOPS_EXT_PAT=${a}`, secret: a },
          { text: `echo "${b}" | az devops login --organization https://dev.azure.com/contoso`, secret: b },
          { text: `  "pat": "${c}"`, secret: c },
        ];
      },
      fp: [
        { text: 'pat = "JQQJ99BAAAAAAAAAAAAAAAAAAZDO"', why: 'signature only, far too short' },
        { text: `token: ${'Ab3'.repeat(17)}AJQQJ99BA${'x'.repeat(12)}AAAAAZDOabc`, why: 'wrong length / placeholder' },
      ],
    },
  },
];
