import type { ProviderRule } from '../types';

/**
 * AWS credentials.
 * Unique-id prefixes: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 * (AKIA access key, ASIA temporary STS key, ABIA STS service bearer token, ACCA context-specific
 * credential). The 16 characters after the prefix are base32 (A-Z, 2-7); gitleaks rule
 * `aws-access-token` matches [A-Z0-9] and notes that current keys never contain 0, 1, 8 or 9, so
 * we match the wider set and let `verify` check the base32 alphabet.
 */

const BASE32_BODY = /^[A-Z2-7]{16}$/;
const idIsBase32 = (id: string): boolean => BASE32_BODY.test(id.slice(4));

/** `ABSK` + base64 of `BedrockAPIKey-<id>-at-<account>:<secret>` (gitleaks `aws-amazon-bedrock-api-key-long-lived`). */
function isBedrockLongLived(secret: string): boolean {
  return Buffer.from(secret.slice(4), 'base64').toString('latin1').startsWith('BedrockAPIKey-');
}

export const rules: ProviderRule[] = [
  {
    id: 'aws-access-key-id',
    kind: 'aws-access-key',
    provider: 'AWS',
    title: 'AWS access key ID',
    severity: 'critical',
    owasp: 'NHI7',
    remediation:
      'Deactivate and delete the key in IAM (Users > Security credentials), check CloudTrail for its use; use IAM roles, SSO or OIDC federation instead of long-lived keys',
    keywords: ['akia'],
    pattern: /(?<![A-Za-z0-9_])AKIA[A-Z0-9]{16}(?![A-Za-z0-9_])/,
    verify: idIsBase32,
    samples: {
      tp: (f) => {
        const b32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
        const a = 'AKIA' + f.chars(b32, 16);
        const b = 'AKIA' + f.chars(b32, 16);
        const c = 'AKIA' + f.chars(b32, 16);
        return [
          { text: `[default]\naws_access_key_id = ${a}\n`, secret: a },
          { text: `export AWS_ACCESS_KEY_ID="${b}"`, secret: b },
          { text: `const creds = { accessKeyId: '${c}', region: 'us-east-1' };`, secret: c },
        ];
      },
      fp: [
        { text: 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE', why: 'documented AWS example key' },
        { text: 'AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX', why: 'placeholder' },
        { text: 'key: AKIA2E0A8F3B', why: 'too short' },
        { text: 'id = "XAKIAQWERTYUIOPASDFGHJ"', why: 'prefix inside a longer identifier' },
        { text: 'akiaqwertyuiopasdfgh', why: 'lower case is not an access key id' },
      ],
    },
  },
  {
    id: 'aws-temporary-access-key-id',
    kind: 'aws-temporary-access-key',
    provider: 'AWS',
    title: 'AWS temporary (STS) access key ID',
    severity: 'high',
    owasp: 'NHI2',
    remediation:
      'Revoke the role session (IAM > Roles > Revoke active sessions) and find the leaking process; never commit STS credentials',
    keywords: ['asia', 'abia', 'acca'],
    pattern: /(?<![A-Za-z0-9_])A(?:SIA|BIA|CCA)[A-Z0-9]{16}(?![A-Za-z0-9_])/,
    verify: idIsBase32,
    samples: {
      tp: (f) => {
        const b32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
        const a = 'ASIA' + f.chars(b32, 16);
        const b = 'ASIA' + f.chars(b32, 16);
        const c = 'ABIA' + f.chars(b32, 16);
        return [
          { text: `"AccessKeyId": "${a}",`, secret: a },
          { text: `AWS_ACCESS_KEY_ID=${b}`, secret: b },
          { text: `bearer_id: ${c}`, secret: c },
        ];
      },
      fp: [
        { text: 'TODAYINASIAASACKOFRICEFELLOVER', why: 'ASIA inside a longer upper-case word' },
        { text: 'region = "ASIA-PACIFIC"', why: 'plain word, wrong length and alphabet' },
        { text: 'AccessKeyId: ASIAXXXXXXXXXXXXXXXX', why: 'placeholder' },
      ],
    },
  },
  {
    id: 'aws-secret-access-key',
    kind: 'aws-secret-key',
    provider: 'AWS',
    title: 'AWS secret access key',
    severity: 'critical',
    owasp: 'NHI7',
    remediation:
      'Deactivate and delete the access key pair in IAM, review CloudTrail for its use; use IAM roles, SSO or OIDC federation instead',
    keywords: ['aws', 'amazon', 'secret_access_key', 'secretaccesskey', 'secret-access-key', 'akia', 'asia'],
    // 40 characters of base64 (A-Z a-z 0-9 / +), only after an AWS secret key name, or right
    // after an access key id (credentials CSV `AKIA…,secret`, `id:secret` pairs).
    pattern:
      /(?:(?:aws|amazon)[\w.-]{0,20}secret[\w.-]{0,20}|secret[_.-]?access[_.-]?key[\w]{0,10}|(?<![A-Za-z0-9])A(?:KIA|SIA)[A-Z0-9]{16}["']?\s{0,3}[,:;|]\s{0,3}["']?)\W{0,5}(?<![A-Za-z0-9/+])(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/i,
    minEntropy: 3.8,
    confidence: 'medium',
    samples: {
      tp: (f) => {
        const s = [f.base64(40), f.base64(40), f.base64(40), f.base64(40)];
        const id = 'AKIA' + f.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16);
        return [
          { text: `[default]\naws_secret_access_key = ${s[0]}`, secret: s[0] },
          { text: `export AWS_SECRET_ACCESS_KEY="${s[1]}"`, secret: s[1] },
          { text: `  "SecretAccessKey": "${s[2]}",`, secret: s[2] },
          { text: `ci-deployer,,${id},${s[3]},https://123456789012.signin.aws.amazon.com/console`, secret: s[3] },
        ];
      },
      fp: [
        { text: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', why: 'documented AWS example key' },
        { text: 'const sha = "3f786850e387550fdab836ed7e6dc881de23001b";', why: '40 hex characters without AWS context' },
        { text: 'AWS_SECRET_ACCESS_KEY=${{ secrets.AWS_SECRET_ACCESS_KEY }}', why: 'reference to a CI secret' },
        { text: 'aws_secret_access_key = "abcdefghijabcdefghijabcdefghijabcdefghij"', why: 'low-entropy placeholder' },
      ],
    },
  },
  {
    id: 'aws-session-token',
    kind: 'aws-session-token',
    provider: 'AWS',
    title: 'AWS session token',
    severity: 'high',
    owasp: 'NHI2',
    remediation:
      'Revoke the role session (IAM > Roles > Revoke active sessions); obtain STS credentials at run time instead of storing them',
    keywords: [
      'session_token', 'session-token', 'security_token', 'security-token',
      'iqojb3jpz2lux2vj', 'fwogzxivyxdz', 'fqogzxivyxdz', 'aqodyxdz', 'fqodyxdz',
    ],
    // STS session tokens: long base64 blobs. After an AWS token name, or bare when they start with
    // a known STS header (`IQoJb3JpZ2luX2Vj` = "!\n\torigin_ec", `FwoGZXIvYXdz` = "…er/aws",
    // `AQoDYXdz` = "…aws", as in the STS docs' samples).
    pattern:
      /(?:(?:aws[_.-]?session[_.-]?token|aws[_.-]?security[_.-]?token|x-amz-security-token)\W{0,5}|(?=(?:IQoJb3JpZ2luX2Vj|F[wQ]oGZXIvYXdz|[AF]QoDYXdz)))(?<![A-Za-z0-9/+])(?<secret>[A-Za-z0-9/+]{100,3000}={0,2})(?![A-Za-z0-9/+=])/i,
    minEntropy: 4,
    samples: {
      tp: (f) => {
        const a = 'IQoJb3JpZ2luX2Vj' + f.base64(400);
        const b = 'FwoGZXIvYXdz' + f.base64(300);
        const c = f.base64(356);
        return [
          { text: `"SessionToken": "${a}",`, secret: a },
          { text: `aws_session_token = ${b}`, secret: b },
          { text: `export AWS_SESSION_TOKEN='${c}'`, secret: c },
        ];
      },
      fp: [
        { text: 'aws_session_token = AQoDYXdzEJr...<remainder of security token>', why: 'truncated documentation sample' },
        { text: 'sessionToken: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig"', why: 'a JWT, not an STS token' },
        { text: 'AWS_SESSION_TOKEN=${AWS_SESSION_TOKEN}', why: 'variable reference' },
      ],
    },
  },
  {
    id: 'aws-bedrock-api-key',
    kind: 'aws-bedrock-api-key',
    provider: 'AWS',
    title: 'Amazon Bedrock long-term API key',
    severity: 'critical',
    owasp: 'NHI7',
    remediation:
      'Delete the Bedrock API key (its IAM service-specific credential) in the IAM console; use short-term Bedrock keys or IAM roles',
    keywords: ['absk'],
    // gitleaks `aws-amazon-bedrock-api-key-long-lived`: ABSK + base64 (109-269 chars).
    pattern: /(?<![A-Za-z0-9+/])ABSK[A-Za-z0-9+/]{109,269}={0,2}(?![A-Za-z0-9+/=])/,
    verify: isBedrockLongLived,
    dropUnverified: true,
    samples: {
      tp: (f) => {
        const mk = () => 'ABSK' + f.b64(`BedrockAPIKey-${f.lowerAlnum(4)}-at-${f.digits(12)}:${f.base64(60)}`);
        const a = mk();
        const b = mk();
        return [
          { text: `AWS_BEARER_TOKEN_BEDROCK=${a}`, secret: a },
          { text: `bedrock_api_key = "${b}"`, secret: b },
        ];
      },
      fp: [
        { text: 'AWS_BEARER_TOKEN_BEDROCK=ABSKQmVkcm9ja0FQSUtleS0...', why: 'truncated example' },
        {
          text: `token = "ABSK${'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo'.repeat(4)}"`,
          why: 'does not decode to a BedrockAPIKey- payload',
        },
      ],
    },
  },
  {
    id: 'aws-bedrock-short-term-api-key',
    kind: 'aws-bedrock-short-term-api-key',
    provider: 'AWS',
    title: 'Amazon Bedrock short-term API key',
    severity: 'high',
    owasp: 'NHI2',
    remediation: 'Short-term Bedrock keys expire within 12 hours; remove it and generate keys at run time with the token generator library',
    keywords: ['bedrock-api-key-'],
    // gitleaks `aws-amazon-bedrock-api-key-short-lived`: base64 of a presigned `bedrock.amazonaws.com` URL.
    pattern: /(?<![\w-])bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/]{100,5000}={0,2}(?![A-Za-z0-9+/=])/,
    samples: {
      tp: (f) => {
        const mk = () =>
          'bedrock-api-key-' +
          f.b64(`bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Credential=ASIA${f.upperAlnum(16)}&X-Amz-Security-Token=${f.base64(300)}&Version=1`);
        const a = mk();
        const b = mk();
        return [
          { text: `export AWS_BEARER_TOKEN_BEDROCK=${a}`, secret: a },
          { text: `os.environ["AWS_BEARER_TOKEN_BEDROCK"] = "${b}"`, secret: b },
        ];
      },
      fp: [
        { text: "const t = 'bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb24';", why: 'truncated example' },
        { text: 'export AWS_BEARER_TOKEN_BEDROCK="bedrock-api-key-..."', why: 'placeholder' },
      ],
    },
  },
  {
    id: 'aws-mws-auth-token',
    kind: 'aws-mws-auth-token',
    provider: 'AWS',
    title: 'Amazon MWS auth token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke the developer authorization in Seller Central (Apps & Services > Manage Your Apps); move to SP-API with LWA',
    keywords: ['amzn.mws.'],
    // gitleaks `aws-mws-key` style: amzn.mws.<uuid>.
    pattern: /\bamzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/,
    samples: {
      tp: (f) => {
        const a = `amzn.mws.${f.uuid()}`;
        const b = `amzn.mws.${f.uuid()}`;
        return [
          { text: `MWS_AUTH_TOKEN=${a}`, secret: a },
          { text: `"mwsAuthToken": "${b}"`, secret: b },
        ];
      },
      fp: [
        { text: 'mws_auth_token: amzn.mws.xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx', why: 'placeholder' },
        { text: 'see amzn.mws.4ea38b7b-f563-7709', why: 'truncated' },
      ],
    },
  },
];
