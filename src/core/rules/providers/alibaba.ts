import type { ProviderRule } from '../types';

/**
 * Alibaba Cloud (Aliyun) RAM AccessKey pairs. The AccessKey ID is `LTAI` + 12 (older) or 20
 * (current) letters and digits (gitleaks `alibaba-access-key-id`); the AccessKey secret is 30
 * letters and digits with no prefix, so it needs an Alibaba key name or the ID right before it.
 */

const REMEDIATION =
  'Disable and delete the AccessKey in the RAM console (ram.console.aliyun.com > Users > AccessKey) and check ActionTrail; use RAM roles / STS tokens instead';

export const rules: ProviderRule[] = [
  {
    id: 'alibaba-access-key-id',
    kind: 'alibaba-access-key',
    provider: 'Alibaba Cloud',
    title: 'Alibaba Cloud AccessKey ID',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: REMEDIATION,
    keywords: ['ltai'],
    pattern: /(?<![A-Za-z0-9_])LTAI[A-Za-z0-9]{12}(?:[A-Za-z0-9]{8})?(?![A-Za-z0-9_])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = 'LTAI5t' + f.alnum(18);
        const b = 'LTAI' + f.alnum(20);
        const c = 'LTAI' + f.alnum(12);
        return [
          { text: `ALIBABA_CLOUD_ACCESS_KEY_ID=${a}`, secret: a },
          { text: `client = AcsClient("${b}", secret, "cn-hangzhou")`, secret: b },
          { text: `access_key_id: ${c}`, secret: c },
        ];
      },
      fp: [
        { text: 'https://mp.weixin.qq.com/s?__biz=ltAiJTIfmTcHF0Z3fohrsVLP&wx_header=1', why: 'lower-case ltai inside a URL parameter' },
        { text: 'ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'id = LTAI4G8kq2', why: 'too short' },
        { text: 'key = LTAI4G8kq2Zx7Vb1Nm3Pq5', why: '22 characters is neither the 16 nor the 24 character form' },
      ],
    },
  },
  {
    id: 'alibaba-access-key-secret',
    kind: 'alibaba-access-key-secret',
    provider: 'Alibaba Cloud',
    title: 'Alibaba Cloud AccessKey secret',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: REMEDIATION,
    keywords: ['alibaba', 'aliyun', 'alicloud', 'accesskeysecret', 'access_key_secret', 'access-key-secret', 'ltai'],
    // 30 letters/digits after an Alibaba/Aliyun key name, an `AccessKeySecret` name (the Alibaba
    // SDK term), or right after an LTAI AccessKey ID (`AcsClient('LTAI…', '<secret>', …)`).
    pattern:
      /(?:ali(?:baba|yun|cloud)[\w.-]{0,30}?(?:secret|key)[\w]{0,10}|access[_.-]?key[_.-]?secret|(?<![A-Za-z0-9])LTAI[A-Za-z0-9]{12}(?:[A-Za-z0-9]{8})?["']?\s{0,3}[,:;|]\s{0,3})["']?\s{0,3}(?:[:=]|:=|=>)?\s{0,3}["']?(?<secret>[A-Za-z0-9]{30})(?![A-Za-z0-9/+=_-])/i,
    minEntropy: 3.5,
    confidence: 'medium',
    samples: {
      tp: (f) => {
        const [a, b, c, d] = [f.alnum(30), f.alnum(30), f.alnum(30), f.alnum(30)];
        const id = 'LTAI5t' + f.alnum(18);
        return [
          { text: `ALIBABA_CLOUD_ACCESS_KEY_SECRET=${a}`, secret: a },
          { text: `auth = oss2.Auth(os.environ['OSS_ID'], access_key_secret='${b}')`, secret: b },
          { text: `  "accessKeySecret": "${c}",`, secret: c },
          { text: `client = AcsClient('${id}', '${d}', 'cn-shanghai')`, secret: d },
        ];
      },
      fp: [
        { text: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET=${ALIYUN_SECRET}', why: 'variable reference' },
        { text: 'access_key_secret: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
        { text: 'client_secret = "a8Kd02mZq7Lw3Nc5Vb9Xr1Ty6Hg4Jf2Pq8Se"', why: '30+ characters without Alibaba context' },
        { text: 'aliyun_access_key_secret = "Ab3Cd5Ef7Gh9Jk2Lm4Np6Qr8St0Uv1Wx3Yz"', why: 'wrong length (35)' },
      ],
    },
  },
];
