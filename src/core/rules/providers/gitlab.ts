import type { ProviderRule, TruePositiveSample } from '../types';
import type { Fake } from '../fake';
import { crc32 } from '../../detect/checksum';

/*
 * GitLab token prefixes: https://docs.gitlab.com/security/tokens/#token-prefixes
 * Lengths as in gitleaks cmd/generate/config/rules/gitlab.go.
 *
 * Routable tokens (GitLab 17.x+, lib/authn/token_field/generator/routable_token.rb):
 *   <prefix><base64url(random 16 bytes + routing payload + length byte)>[.01].<2 base36 payload length><7 base36 CRC32>
 * where the CRC32 covers every character before it, e.g. `glpat-<38 chars>.01.12` + 7 base36 characters.
 */

/** `<prefix><body>` with nothing token-like on either side. */
function prefixed(prefix: string, body: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_-])${prefix}${body}(?![A-Za-z0-9_-])`);
}

/** The routable form after a prefix (the payload itself is at least 27 base64url characters). */
const ROUTABLE_BODY = String.raw`[0-9A-Za-z_-]{27,300}\.(?:[0-9a-z]{2}\.)?[0-9a-z]{9}`;

/** The last 7 characters are the base36 CRC32 of everything before them. */
export function hasGitlabRoutableCrc(secret: string): boolean {
  if (secret.length <= 7) return false;
  const crc = crc32(secret.slice(0, -7)).toString(36).padStart(7, '0');
  return crc === secret.slice(-7);
}

/** A routable token as GitLab builds it (random bytes, routing payload, length byte, CRC). */
function routable(f: Fake, prefix: string): string {
  const random = Buffer.from(f.hex(32), 'hex');
  const routing = Buffer.from(`o:${f.int(1, 99999999).toString(36)}\nu:${f.int(1, 99999999).toString(36)}`, 'utf8');
  const b64 = Buffer.concat([random, routing, Buffer.from([16])]).toString('base64url');
  const head = `${prefix}${b64}.01.${b64.length.toString(36).padStart(2, '0')}`;
  return head + crc32(head).toString(36).padStart(7, '0');
}

/** Three syntaxes around three tokens from `make`. */
function threeSamples(make: () => string, envName: string): TruePositiveSample[] {
  const a = make();
  const b = make();
  const c = make();
  return [
    { text: `${envName}=${a}`, secret: a, path: '.env' },
    { text: `const client = new Gitlab({ token: '${b}' });`, secret: b, path: 'src/gitlab.ts' },
    { text: `variables:\n  ${envName}: "${c}"`, secret: c, path: '.gitlab-ci.yml' },
  ];
}

export const rules: ProviderRule[] = [
  {
    id: 'gitlab-pat',
    kind: 'gitlab-pat',
    provider: 'GitLab',
    title: 'GitLab personal, project or group access token',
    severity: 'high',
    owasp: 'NHI2',
    remediation: 'Revoke under User/Project/Group settings > Access tokens; use CI_JOB_TOKEN or a short-lived project token in CI.',
    keywords: ['glpat-'],
    pattern: prefixed('glpat-', '[0-9A-Za-z_-]{20}'),
    minEntropy: 3,
    samples: {
      tp: (f) => [
        ...threeSamples(() => `glpat-${f.base64url(20)}`, 'GITLAB_TOKEN'),
        (() => {
          const t = `glpat-${f.alnum(20)}`;
          return { text: `curl --header "PRIVATE-TOKEN: ${t}" https://gitlab.com/api/v4/projects`, secret: t, path: 'scripts/api.sh' };
        })(),
      ],
      fp: [
        { text: 'GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx', why: 'placeholder of x' },
        { text: 'GITLAB_TOKEN=glpat-CFn1TtkzhabJVFrCh1N', why: '19 characters' },
        { text: 'GITLAB_TOKEN=glpat-Tf2owXfOITHxMyAfnsbkb', why: '21 characters: a longer string must not match in part' },
        { text: 'token = "glpat-<your-token>"', why: 'template' },
      ],
    },
  },
  {
    id: 'gitlab-pat-routable',
    kind: 'gitlab-pat',
    provider: 'GitLab',
    title: 'GitLab personal, project or group access token (routable format)',
    severity: 'high',
    owasp: 'NHI2',
    remediation: 'Revoke under User/Project/Group settings > Access tokens; use CI_JOB_TOKEN or a short-lived project token in CI.',
    keywords: ['glpat-'],
    pattern: prefixed('glpat-', ROUTABLE_BODY),
    minEntropy: 3.5,
    verify: hasGitlabRoutableCrc,
    samples: {
      tp: (f) => threeSamples(() => routable(f, 'glpat-'), 'GITLAB_TOKEN'),
      fp: [
        { text: 'GITLAB_TOKEN=glpat-xxxxxxxx-xxxxxxxxxxxxxxxxxx.01.xxxxxxxxx', why: 'placeholder of x' },
        { text: 'GITLAB_TOKEN=glpat-IeStA9ncaofu5Rc4e1XPoMGbFd.01.k3v07qz', why: 'payload too short and CRC part too short' },
        { text: 'pattern: glpat-[0-9A-Za-z_-]{27,300}\\.[0-9a-z]{9}', why: 'a regex, not a token' },
      ],
    },
  },
  {
    id: 'gitlab-pipeline-trigger-token',
    kind: 'gitlab-pipeline-trigger-token',
    provider: 'GitLab',
    title: 'GitLab pipeline trigger token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke under Project > Settings > CI/CD > Pipeline trigger tokens; pass it as a masked CI/CD variable.',
    keywords: ['glptt-'],
    // glptt- + 40 hex (SecureRandom.hex(20)); gitleaks rule gitlab-ptt
    pattern: prefixed('glptt-', '[0-9a-f]{40}'),
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `glptt-${f.hex(40)}`;
        const b = `glptt-${f.hex(40)}`;
        const c = `glptt-${f.hex(40)}`;
        return [
          { text: `curl -X POST -F token=${a} -F ref=main https://gitlab.com/api/v4/projects/42/trigger/pipeline`, secret: a, path: 'deploy.sh' },
          { text: `TRIGGER_TOKEN="${b}"`, secret: b, path: '.env' },
          { text: `{"trigger_token": "${c}"}`, secret: c, path: 'hooks.json' },
        ];
      },
      fp: [
        { text: 'TRIGGER_TOKEN=glptt-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder of x' },
        { text: 'TRIGGER_TOKEN=glptt-0bb14ac11c8ae03b81288194926af4399756afb', why: '39 hex characters' },
        { text: 'TRIGGER_TOKEN=glptt-yGRUESOrvcQtlc392CxGlGr05UqNZ6GICYF5dsFa', why: 'not hex' },
      ],
    },
  },
  {
    id: 'gitlab-runner-token',
    kind: 'gitlab-runner-token',
    provider: 'GitLab',
    title: 'GitLab runner authentication token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Reset the runner authentication token in the runner settings (or delete the runner); keep config.toml out of the repository.',
    keywords: ['glrt-'],
    // glrt- (optionally t<runner type>_) + 20; gitleaks gitlab-runner-authentication-token
    pattern: prefixed('glrt-', '(?:t[0-9]_)?[0-9A-Za-z_-]{20}'),
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `glrt-t1_${f.alnum(20)}`;
        const b = `glrt-${f.base64url(20)}`;
        const c = `glrt-t3_${f.alnum(20)}`;
        return [
          { text: `gitlab-runner register --url https://gitlab.com --token ${a} --executor docker`, secret: a, path: 'setup.sh' },
          { text: `[[runners]]\n  url = "https://gitlab.com/"\n  token = "${b}"`, secret: b, path: 'config.toml' },
          { text: `RUNNER_TOKEN: ${c}`, secret: c, path: 'values.yaml' },
        ];
      },
      fp: [
        { text: '--token glrt-t1_xxxxxxxxxxxxxxx', why: 'placeholder of x' },
        { text: 'token = "glrt-t1_CFn1TtkzhabJVFrCh1N"', why: '19 characters after the type' },
        { text: 'token = "glrt-$RUNNER_TOKEN"', why: 'variable' },
      ],
    },
  },
  {
    id: 'gitlab-runner-token-routable',
    kind: 'gitlab-runner-token',
    provider: 'GitLab',
    title: 'GitLab runner authentication token (routable format)',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Reset the runner authentication token in the runner settings (or delete the runner); keep config.toml out of the repository.',
    keywords: ['glrt-'],
    // gitleaks gitlab-runner-authentication-token-routable: glrt-t<d>_<payload>.<len><crc>
    pattern: prefixed('glrt-', ROUTABLE_BODY),
    minEntropy: 3.5,
    verify: hasGitlabRoutableCrc,
    samples: {
      tp: (f) => threeSamples(() => routable(f, `glrt-t${f.int(1, 3)}_`), 'RUNNER_TOKEN'),
      fp: [
        { text: 'token = "glrt-tx_xxxxxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxx"', why: 'placeholder of x' },
        { text: 'token = "glrt-t1_IeStA9ncaofu5Rc4e1XPoMGbFd.k3v07qz"', why: 'CRC part too short' },
        { text: 'runner_token_regex: glrt-t[0-9]_[A-Za-z0-9]+', why: 'a regex, not a token' },
      ],
    },
  },
  {
    id: 'gitlab-runner-registration-token',
    kind: 'gitlab-runner-registration-token',
    provider: 'GitLab',
    title: 'GitLab runner registration token (deprecated)',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Reset the registration token in the project/group/instance runner settings and migrate to runner authentication tokens (glrt-).',
    keywords: ['gr1348941'],
    // GR1348941 prefix (app/models/concerns/runners_token_prefixable.rb) + 20; gitleaks gitlab-rrt
    pattern: /(?<![A-Za-z0-9_-])GR1348941[0-9A-Za-z_-]{20}(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const a = `GR1348941${f.base64url(20)}`;
        const b = `GR1348941${f.alnum(20)}`;
        const c = `GR1348941${f.alnum(20)}`;
        return [
          { text: `gitlab-runner register --registration-token "${a}" --url https://gitlab.com/`, secret: a, path: 'bootstrap.sh' },
          { text: `REGISTRATION_TOKEN=${b}`, secret: b, path: '.env' },
          { text: `runnerRegistrationToken: "${c}"`, secret: c, path: 'helm/values.yaml' },
        ];
      },
      fp: [
        { text: 'REGISTRATION_TOKEN=GR134894112312312312312312312', why: 'low entropy digits' },
        { text: 'REGISTRATION_TOKEN=GR1348941XXXXXXXXXXXXXXXXXXXX', why: 'placeholder of X' },
        { text: 'REGISTRATION_TOKEN=GR1348941CFn1TtkzhabJVFrCh1N', why: '19 characters' },
      ],
    },
  },
  {
    id: 'gitlab-deploy-token',
    kind: 'gitlab-deploy-token',
    provider: 'GitLab',
    title: 'GitLab deploy token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke under Project/Group > Settings > Repository > Deploy tokens; set an expiry on the replacement.',
    keywords: ['gldt-'],
    pattern: prefixed('gldt-', '[0-9A-Za-z_-]{20}'),
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const [a, b, c] = [`gldt-${f.alnum(20)}`, `gldt-${f.base64url(20)}`, `gldt-${f.alnum(20)}`];
        return [
          { text: `docker login registry.gitlab.com -u gitlab+deploy-token-7 -p ${a}`, secret: a, path: 'push.sh' },
          { text: `git clone https://gitlab+deploy-token-7:${b}@gitlab.com/acme/app.git`, secret: b, path: 'Dockerfile' },
          { text: `DEPLOY_TOKEN=${c}`, secret: c, path: '.env' },
        ];
      },
      fp: [
        { text: 'DEPLOY_TOKEN=gldt-xxxxxxxxxxxxxxxxxxxx', why: 'placeholder of x' },
        { text: 'DEPLOY_TOKEN=gldt-CFn1TtkzhabJVFrCh1N', why: '19 characters' },
        { text: 'if (t.startsWith("gldt-")) kind = "deploy";', why: 'prefix only' },
      ],
    },
  },
  {
    id: 'gitlab-feed-token',
    kind: 'gitlab-feed-token',
    provider: 'GitLab',
    title: 'GitLab feed token',
    severity: 'medium',
    owasp: 'NHI7',
    remediation: 'Reset the feed token under User settings > Access tokens > Feed token.',
    keywords: ['glft-'],
    pattern: prefixed('glft-', '[0-9A-Za-z_-]{20}'),
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const [a, b] = [`glft-${f.alnum(20)}`, `glft-${f.base64url(20)}`];
        return [
          { text: `https://gitlab.com/dashboard/issues.atom?feed_token=${a}&state=opened`, secret: a, path: 'README.md' },
          { text: `calendar_url: "https://gitlab.com/acme.ics?feed_token=${b}"`, secret: b, path: 'config.yml' },
        ];
      },
      fp: [
        { text: 'feed_token=glft-xxxxxxxxxxxxxxxxxxxx', why: 'placeholder of x' },
        { text: 'feed_token=glft-IeStA9ncaofu5Rc4e1XPoMGbFd', why: '26 characters' },
      ],
    },
  },
  {
    id: 'gitlab-incoming-mail-token',
    kind: 'gitlab-incoming-mail-token',
    provider: 'GitLab',
    title: 'GitLab incoming mail token',
    severity: 'medium',
    owasp: 'NHI7',
    remediation: 'Reset the incoming email token from the project issues/merge requests "email a new issue" dialog.',
    keywords: ['glimt-'],
    pattern: prefixed('glimt-', '[0-9A-Za-z_-]{25}'),
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const [a, b] = [`glimt-${f.alnum(25)}`, `glimt-${f.alnum(25)}`];
        return [
          { text: `GITLAB_INCOMING_EMAIL_TOKEN=${a}`, secret: a, path: '.env' },
          { text: `mail_token: '${b}'`, secret: b, path: 'config/mail.yml' },
        ];
      },
      fp: [
        { text: 'mail_token: glimt-xxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder of x' },
        { text: 'mail_token: glimt-xwnaXl7sIdG3qdiDGjSJ84Vg', why: '24 characters' },
      ],
    },
  },
  {
    id: 'gitlab-agent-token',
    kind: 'gitlab-agent-token',
    provider: 'GitLab',
    title: 'GitLab agent for Kubernetes token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke under Operate > Kubernetes clusters > agent > Access tokens; create it as a Kubernetes Secret, not in a values file.',
    keywords: ['glagent-'],
    pattern: prefixed('glagent-', '[0-9A-Za-z_-]{50}'),
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const [a, b] = [`glagent-${f.alnum(50)}`, `glagent-${f.base64url(50)}`];
        return [
          { text: `helm upgrade --install agent gitlab/gitlab-agent --set config.token=${a}`, secret: a, path: 'install.sh' },
          { text: `config:\n  token: ${b}\n  kasAddress: wss://kas.gitlab.com`, secret: b, path: 'agent-values.yaml' },
        ];
      },
      fp: [
        { text: 'config.token=glagent-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder of x' },
        { text: 'config.token=glagent-1M34xUflYvXQrfopOi2Mvo5U4LrfgPjwC0aI8dSVueCVavhfJ', why: '49 characters' },
      ],
    },
  },
  {
    id: 'gitlab-oauth-app-secret',
    kind: 'gitlab-oauth-app-secret',
    provider: 'GitLab',
    title: 'GitLab OAuth application secret',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Renew the secret under User/Group/Admin > Applications and update the consuming app from a secret store.',
    keywords: ['gloas-'],
    pattern: prefixed('gloas-', '[0-9A-Za-z_-]{64}'),
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const [a, b, c] = [`gloas-${f.hex(64)}`, `gloas-${f.hex(64)}`, `gloas-${f.alnum(64)}`];
        return [
          { text: `GITLAB_CLIENT_SECRET=${a}`, secret: a, path: '.env' },
          { text: `  clientSecret: "${b}",`, secret: b, path: 'src/auth.ts' },
          { text: `gitlab:\n  app_secret: ${c}`, secret: c, path: 'config/omniauth.yml' },
        ];
      },
      fp: [
        { text: 'GITLAB_CLIENT_SECRET=gloas-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder of x' },
        { text: 'GITLAB_CLIENT_SECRET=gloas-xQOyLSUsNcCz0WfnGs3QuSWGerbL67OwSXDbtCO4cwKJIxdaG6i3nxpuWIpDbi5', why: '63 characters' },
      ],
    },
  },
  {
    id: 'gitlab-ci-job-token',
    kind: 'gitlab-ci-job-token',
    provider: 'GitLab',
    title: 'GitLab CI/CD job token',
    severity: 'medium',
    owasp: 'NHI2',
    remediation: 'Job tokens expire when the job ends; remove it from logs/artifacts and restrict the job token allowlist of the project.',
    keywords: ['glcbt-'],
    // glcbt-<partition hex>_<20> (gitleaks gitlab-cicd-job-token) or glcbt-<JWT> (newer job tokens)
    pattern: prefixed(
      'glcbt-',
      String.raw`(?:[0-9a-fA-F]{1,5}_[0-9A-Za-z_-]{20}|eyJ[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{10,4000}\.[A-Za-z0-9_-]{20,1000})`,
    ),
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const a = `glcbt-64_${f.alnum(20)}`;
        const header = f.b64url(JSON.stringify({ kid: f.alnum(43), typ: 'JWT', alg: 'RS256' }));
        const claims = f.b64url(JSON.stringify({ o: f.digits(8), u: f.alnum(6), p: f.alnum(6), exp: 1770000000 + f.int(0, 9999) }));
        const b = `glcbt-${header}.${claims}.${f.base64url(342)}`;
        return [
          { text: `curl --header "JOB-TOKEN: ${a}" https://gitlab.com/api/v4/jobs/7/artifacts`, secret: a, path: 'job.log' },
          { text: `CI_JOB_TOKEN=${b}`, secret: b, path: 'debug.env' },
        ];
      },
      fp: [
        { text: 'JOB-TOKEN: glcbt-64_xxxxxxxxxxxxxxxxxxxx', why: 'placeholder of x' },
        { text: 'Uploading artifacts... token=glcbt-64', why: 'runner log shows only the prefix' },
        { text: 'JOB-TOKEN: glcbt-64_CFn1TtkzhabJVFrCh1N', why: '19 characters' },
      ],
    },
  },
  {
    id: 'gitlab-scim-token',
    kind: 'gitlab-scim-token',
    provider: 'GitLab',
    title: 'GitLab SCIM token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Reset the SCIM token under Group > Settings > SAML SSO and update the identity provider.',
    keywords: ['glsoat-'],
    pattern: prefixed('glsoat-', '[0-9A-Za-z_-]{20}'),
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const [a, b] = [`glsoat-${f.alnum(20)}`, `glsoat-${f.base64url(20)}`];
        return [
          { text: `SCIM_TOKEN=${a}`, secret: a, path: '.env' },
          { text: `{"scim_api_token": "${b}"}`, secret: b, path: 'idp.json' },
        ];
      },
      fp: [
        { text: 'SCIM_TOKEN=glsoat-xxxxxxxxxxxxxxxxxxxx', why: 'placeholder of x' },
        { text: 'SCIM_TOKEN=glsoat-CFn1TtkzhabJVFrCh1N', why: '19 characters' },
      ],
    },
  },
  {
    id: 'gitlab-feature-flag-client-token',
    kind: 'gitlab-feature-flag-client-token',
    provider: 'GitLab',
    title: 'GitLab feature flags client token',
    severity: 'medium',
    owasp: 'NHI7',
    remediation: 'Reset the instance ID token under Deploy > Feature flags > Configure.',
    keywords: ['glffct-'],
    pattern: prefixed('glffct-', '[0-9A-Za-z_-]{20}'),
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const [a, b] = [`glffct-${f.alnum(20)}`, `glffct-${f.alnum(20)}`];
        return [
          { text: `new Unleash({ url: 'https://gitlab.com/api/v4/feature_flags/unleash/42', instanceId: '${a}' })`, secret: a, path: 'src/flags.ts' },
          { text: `UNLEASH_INSTANCE_ID=${b}`, secret: b, path: '.env' },
        ];
      },
      fp: [
        { text: 'UNLEASH_INSTANCE_ID=glffct-xxxxxxxxxxxxxxxxxxxx', why: 'placeholder of x' },
        { text: 'UNLEASH_INSTANCE_ID=glffct-Tf2owXfOITHxMyAfnsbkb', why: '21 characters' },
      ],
    },
  },
  {
    id: 'gitlab-session-cookie',
    kind: 'gitlab-session-cookie',
    provider: 'GitLab',
    title: 'GitLab session cookie',
    severity: 'high',
    owasp: 'NHI2',
    remediation: 'Sign out the session (User settings > Active sessions > Revoke); never paste cookies into scripts, use an access token.',
    keywords: ['_gitlab_session'],
    // _gitlab_session=<32 hex>; gitleaks gitlab-session-cookie
    pattern: /_gitlab_session=(?<secret>[0-9a-f]{32})(?![0-9a-zA-Z])/,
    minEntropy: 3,
    samples: {
      tp: (f) => {
        const [a, b] = [f.hex(32), f.hex(32)];
        return [
          { text: `curl -b "_gitlab_session=${a}" https://gitlab.example.com/api/v4/user`, secret: a, path: 'debug.sh' },
          { text: `headers = {"Cookie": "_gitlab_session=${b}; path=/"}`, secret: b, path: 'scrape.py' },
        ];
      },
      fp: [
        { text: 'Cookie: _gitlab_session=3e5af407adb32df88fe7f5df4f3d7f1', why: '31 hex characters' },
        { text: 'Cookie: _gitlab_session=<session>', why: 'template' },
      ],
    },
  },
  {
    id: 'gitlab-legacy-token',
    kind: 'gitlab-legacy-token',
    provider: 'GitLab',
    title: 'GitLab access token (legacy unprefixed format)',
    severity: 'high',
    owasp: 'NHI2',
    remediation: 'Revoke under User settings > Access tokens and reissue (new tokens carry the glpat- prefix).',
    keywords: ['gitlab', 'private-token', 'private_token'],
    // Before 14.5 GitLab tokens were 20 characters with no prefix; require a GitLab token keyword before it.
    pattern: /(?:gitlab[\w.-]{0,20}(?:token|pat|password)|private[_-]token)[\w-]{0,10}\W{0,5}(?<![\w-])(?<secret>[0-9A-Za-z_-]{20})(?![0-9A-Za-z_-])/i,
    minEntropy: 3.5,
    confidence: 'medium',
    samples: {
      tp: (f) => {
        const [a, b, c] = [f.alnum(20), f.alnum(20), f.alnum(20)];
        return [
          { text: `GITLAB_TOKEN=${a}`, secret: a, path: '.env' },
          { text: `curl --header "PRIVATE-TOKEN: ${b}" https://gitlab.example.com/api/v4/projects`, secret: b, path: 'api.sh' },
          { text: `gitlab:\n  api_token: x\n  gitlab_access_token: '${c}'`, secret: c, path: 'config.yml' },
        ];
      },
      fp: [
        { text: 'GITLAB_TOKEN=glpat-Tf2owXfOITHxMyAfnsbkb', why: 'prefixed token (another rule), not 20 plain characters' },
        { text: 'GITLAB_TOKEN=$CI_JOB_TOKEN_VALUE_FROM_CI', why: 'variable reference' },
        { text: 'gitlab_token_name: release-bot-readonly', why: 'low-entropy name' },
        { text: 'GITLAB_TOKEN=CFn1TtkzhabJVFrCh1NsTfq', why: '21 characters' },
      ],
    },
  },
];
