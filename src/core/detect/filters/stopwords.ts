/**
 * Documented example credentials from vendors' own docs. A secret that is, or contains, one of
 * these is never a finding. Compared case-insensitively.
 */
export const EXAMPLE_SECRETS: readonly string[] = [
  'AKIAIOSFODNN7EXAMPLE', // AWS docs access key id
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', // AWS docs secret access key
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', // AWS docs secret (IAM)
  'AIDACKCEVSQ6C2EXAMPLE',
  'ASIAIOSFODNN7EXAMPLE',
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==', // Azurite well-known dev storage key
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==', // Cosmos DB emulator key
  '123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11', // Telegram Bot API docs token
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ', // jwt.io example (header.payload)
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzb21lIjoicGF5bG9hZCJ9', // PyJWT README example
  // RFC 6749 (OAuth 2.0) and RFC 6750 / RFC 5849 example values, copied into many libraries' docs and tests.
  '2YotnFZFEjr1zCsicMWpAA', 'tGzv3JOkF0XG5Qx2TlKWIA', 'SplxlOBeZQQYbYS6WxSbIA', 'mF_9.B5f-4.1JqM', 'czZCaGRSa3F0MzpnWDFmQmF0M2JW',
  'gX1fBat3bV', '8xLOxBtZp8', 'ad180jjd733klru7', 'hh5s93j4hdidpola', 'nnch734d00sl2jdk', 'pfkkdhi9sl3r4s00', 'kd94hf93k423kf44',
  'xoxb-not-a-real-token-this-will-not-work',
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc', // Stripe docs test key
  'pk_test_TYooMQauvdEDq54NiTphI7jx', // Stripe docs publishable key
];

/** Substrings that mark a value as illustrative rather than real. */
export const EXAMPLE_MARKERS: readonly string[] = ['example', 'sample', 'placeholder', 'dummy', 'redacted', 'changeme', 'change_me', 'notreal', 'not_real', 'not-a-real', 'fake', 'lorem', 'insert', 'replace_me', 'replaceme'];

const EXAMPLE_SET = new Set(EXAMPLE_SECRETS.map((s) => s.toLowerCase()));

export function isDocumentedExample(secret: string): boolean {
  const lower = secret.toLowerCase();
  if (EXAMPLE_SET.has(lower)) return true;
  for (const s of EXAMPLE_SET) if (lower.includes(s)) return true;
  return false;
}

export function containsExampleMarker(secret: string): boolean {
  const lower = secret.toLowerCase();
  return EXAMPLE_MARKERS.some((m) => lower.includes(m));
}
