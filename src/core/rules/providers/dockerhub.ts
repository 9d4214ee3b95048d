import type { ProviderRule } from '../types';

/*
 * Docker Hub access tokens: personal `dckr_pat_` + 27 base64url characters (trufflehog dockerhub v2,
 * SonarSource docker-hub-personal-access-token); organization `dckr_oat_` + base64url of varying width.
 */

export const rules: ProviderRule[] = [
  {
    id: 'dockerhub-pat',
    kind: 'dockerhub-pat',
    provider: 'Docker Hub',
    title: 'Docker Hub personal access token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke at app.docker.com/settings/personal-access-tokens; in CI use a read-only or organization access token stored as a secret.',
    keywords: ['dckr_pat_'],
    pattern: /(?<![A-Za-z0-9_-])dckr_pat_[A-Za-z0-9_-]{27}(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const [a, b, c] = [0, 1, 2].map(() => `dckr_pat_${f.base64url(27)}`);
        return [
          { text: `echo "${a}" | docker login -u acmebot --password-stdin`, secret: a, path: 'push.sh' },
          { text: `DOCKERHUB_TOKEN=${b}`, secret: b, path: '.env' },
          { text: `{"auths": {"https://index.docker.io/v1/": {"username": "acmebot", "password": "${c}"}}}`, secret: c, path: 'docker-config.json' },
        ];
      },
      fp: [
        { text: 'DOCKERHUB_TOKEN=dckr_pat_AAAAAAAAAAAAAAAAAAAAAAAAAAA', why: 'repeated character' },
        { text: 'DOCKERHUB_TOKEN=dckr_pat_IeStA9ncaofu5Rc4e1XPoMGbFd', why: '26 characters' },
        { text: 'DOCKERHUB_TOKEN=dckr_pat_NerFlbwM4EK13Eo0ZKrlVSog7nqfKxpPgYoqSRDE', why: '40 characters: a longer string must not match in part' },
      ],
    },
  },
  {
    id: 'dockerhub-oat',
    kind: 'dockerhub-org-access-token',
    provider: 'Docker Hub',
    title: 'Docker Hub organization access token',
    severity: 'high',
    owasp: 'NHI7',
    remediation: 'Revoke under Organization settings > Access tokens on app.docker.com; scope the replacement to the repositories it needs.',
    keywords: ['dckr_oat_'],
    // width varies by issue date; 27–40 base64url characters
    pattern: /(?<![A-Za-z0-9_-])dckr_oat_[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    samples: {
      tp: (f) => {
        const [a, b] = [`dckr_oat_${f.base64url(32)}`, `dckr_oat_${f.base64url(27)}`];
        return [
          { text: `DOCKER_API_TOKEN_CLOUD=${a}`, secret: a, path: '.env' },
          { text: `docker login -u acme-org -p '${b}'`, secret: b, path: 'ci/login.sh' },
        ];
      },
      fp: [
        { text: 'DOCKER_API_TOKEN_CLOUD=dckr_oat_...', why: 'truncated placeholder' },
        { text: 'For an Organization Access Token (dckr_oat_...) the username is the organisation', why: 'prose' },
        { text: 'DOCKER_TOKEN=dckr_oat_IeStA9ncaofu5Rc4e1XPo', why: 'too short' },
      ],
    },
  },
];
