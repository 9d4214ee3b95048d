import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../src/core/analyzeFile';
import { applyEdits } from '../../../src/core/fixes/apply';
import { Fake } from '../../../src/core/rules/fake';
import { analyze, assertFixResolves, changedLines, rulesOf } from '../../helpers/ci';

const f = new Fake(0xd0c4);
const keyId = () => 'AKIA' + f.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16);
const awsSecret = () => f.alnum(40);
const password = () => f.alnum(18);

describe('Dockerfile analyzer', () => {
  const df = (text: string, path = 'Dockerfile') => rulesOf(path, text).filter((r) => r.startsWith('dockerfile-'));

  describe('dockerfile-secret-build-arg', () => {
    it('flags credential build args, with or without a default', () => {
      const text = 'FROM node:20\nARG NPM_TOKEN\nARG GITHUB_TOKEN=\nARG VERSION=1.2.3\nARG NODE_ENV=production\nRUN npm ci\n';
      const found = analyze('Dockerfile', text).filter((x) => x.ruleId === 'dockerfile-secret-build-arg');
      assert.deepEqual(found.map((x) => [x.range.startLine, x.range.startColumn, x.range.endColumn, x.identity, x.confidence]), [
        [1, 4, 13, 'NPM_TOKEN', 'high'],
        [2, 4, 16, 'GITHUB_TOKEN', 'high'],
      ]);
    });

    it('reports one finding per AWS key pair and lower confidence in a build stage', () => {
      const text = 'FROM alpine AS fetch\nARG AWS_ACCESS_KEY_ID\nARG AWS_SECRET_ACCESS_KEY\nRUN aws s3 cp s3://b/f .\nFROM alpine\nCOPY --from=fetch /f /f\n';
      const found = analyze('Dockerfile', text).filter((x) => x.ruleId === 'dockerfile-secret-build-arg');
      assert.deepEqual(found.map((x) => [x.identity, x.confidence]), [['AWS_SECRET_ACCESS_KEY', 'medium']]);
      assert.match(found[0].title, /build stage fetch/);
    });

    it('rewrites ARG NPM_TOKEN + RUN … $NPM_TOKEN into a BuildKit secret mount', () => {
      const text = [
        'FROM node:20 AS deps', // 0
        'WORKDIR /app', // 1
        'ARG NPM_TOKEN', // 2
        'COPY package*.json ./', // 3
        'RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && \\', // 4
        '    npm ci && rm .npmrc', // 5
        'RUN npm run build', // 6
        '',
      ].join('\n');
      const after = assertFixResolves('Dockerfile', text, 'dockerfile-secret-build-arg', [2, 4, 6]);
      assert.equal(after.split('\n')[0], '# syntax=docker/dockerfile:1');
      assert.match(after, /\nRUN --mount=type=secret,id=NPM_TOKEN,env=NPM_TOKEN echo "\/\/registry/);
      assert.match(after, /\nRUN --mount=type=secret,id=NPM_TOKEN,env=NPM_TOKEN npm run build\n/);
      const finding = analyze('Dockerfile', text).find((x) => x.ruleId === 'dockerfile-secret-build-arg')!;
      assert.match(finding.fixes![0].title, /--secret id=NPM_TOKEN,env=NPM_TOKEN/);
    });

    it('keeps a recent syntax directive and offers no fix where it would be unsafe', () => {
      const recent = '# syntax=docker/dockerfile:1.10\nFROM node:20\nARG NPM_TOKEN\nRUN npm ci --token=$NPM_TOKEN\n';
      const after = assertFixResolves('Dockerfile', recent, 'dockerfile-secret-build-arg', [2, 3]);
      assert.equal(after.split('\n')[0], '# syntax=docker/dockerfile:1.10');
      const unsafe = [
        '# syntax=docker/dockerfile:1.4\nFROM node:20\nARG NPM_TOKEN\nRUN npm ci --token=$NPM_TOKEN\n', // frontend too old for env=
        'FROM node:20\nARG NPM_TOKEN\nENV NPM_CONFIG_TOKEN=$NPM_TOKEN\nRUN npm ci\n', // read by ENV, not only RUN
        'FROM node:20\nARG NPM_TOKEN\nRUN npm ci\n', // no visible use
        'FROM node:20\nARG NPM_TOKEN GITHUB_TOKEN\nRUN npm ci --token=$NPM_TOKEN\n', // several names on one line
        'FROM golang:1.22\nARG GITHUB_TOKEN\nRUN git config --global url."https://${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"\n', // written into .gitconfig
      ];
      for (const text of unsafe) {
        const finding = analyze('Dockerfile', text).find((x) => x.ruleId === 'dockerfile-secret-build-arg');
        assert.ok(finding, text);
        assert.equal(finding.fixes, undefined, text);
      }
    });

    it('does not flag ordinary args, global args, secret mounts or dummy defaults', () => {
      const text = [
        'ARG REGISTRY_TOKEN_URL',
        'ARG BASE_IMAGE=node:20',
        'FROM ${BASE_IMAGE}',
        'ARG GIT_COMMIT',
        'ARG TOKEN_FILE=/run/secrets/token',
        'ARG SECRET_KEY_BASE=dummy',
        'ARG PASSWORD_MIN_LENGTH=12',
        'RUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci',
      ].join('\n');
      assert.deepEqual(df(text), []);
    });
  });

  describe('dockerfile-secret-env', () => {
    it('flags credentials set with ENV, in both syntaxes and across continuation lines', () => {
      const text = `FROM python:3.12\nARG API_KEY\nENV APP_ENV=prod \\\n    API_KEY=\${API_KEY}\nENV DB_PASSWORD ${password()}\n`;
      const found = analyze('Dockerfile', text).filter((x) => x.ruleId === 'dockerfile-secret-env');
      assert.deepEqual(found.map((x) => [x.range.startLine, x.range.startColumn, x.identity]), [[3, 4, 'API_KEY'], [4, 4, 'DB_PASSWORD']]);
      assert.match(found[0].title, /copies a build-time credential/);
    });

    it('does not flag empty, dummy, path and public-key values', () => {
      const text = [
        'FROM python:3.12',
        'ENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D',
        'ENV DB_PASSWORD_FILE=/run/secrets/db_password',
        'ENV API_TOKEN=""',
        'ENV MYSQL_ROOT_PASSWORD=changeme',
        'ENV SECRET_KEY=/run/secrets/key',
        'ENV TOKEN_ENDPOINT=https://auth.example.com/token',
      ].join('\n');
      assert.deepEqual(df(text), []);
    });
  });

  describe('dockerfile-credential-file-copied', () => {
    it('flags credential files copied or added into layers', () => {
      const text = [
        'FROM node:20 AS build',
        'COPY .npmrc package.json ./',
        'FROM debian:12',
        'COPY id_rsa /root/.ssh/id_rsa',
        'ADD ["credentials.json", "/app/"]',
        'COPY --chown=app .aws/credentials /home/app/.aws/credentials',
        'COPY .env.production ./.env',
        'COPY certs/server.key /etc/ssl/private/',
      ].join('\n');
      const found = analyze('Dockerfile', text).filter((x) => x.ruleId === 'dockerfile-credential-file-copied');
      assert.deepEqual(found.map((x) => [x.range.startLine, x.confidence]), [[1, 'medium'], [3, 'high'], [4, 'high'], [5, 'high'], [6, 'medium'], [7, 'high']]);
      assert.equal(found[2].range.startColumn, 5);
    });

    it('does not flag certificates, public keys, templates, build output or heredocs', () => {
      const text = [
        'FROM nginx',
        'COPY ca.pem fullchain.pem /etc/ssl/certs/',
        'COPY deploy_key.pub /root/.ssh/authorized_keys',
        'COPY .ssh/known_hosts /root/.ssh/known_hosts',
        'COPY .env.example .env',
        'COPY --from=build /app/dist /usr/share/nginx/html',
        'ADD https://example.com/key.pem /tmp/',
        'COPY <<EOF /etc/app.env',
        'TOKEN=from-build',
        'EOF',
        'COPY . .',
      ].join('\n');
      assert.deepEqual(df(text), []);
    });
  });

  it('records build args and secret mounts as identity uses', () => {
    const text = 'FROM node:20 AS build\nARG NPM_TOKEN\nRUN --mount=type=secret,id=sentry_token,env=SENTRY_AUTH_TOKEN \\\n    --mount=type=cache,target=/root/.npm npm run build\n';
    const { uses } = analyzeText(text, 'docker/api.Dockerfile');
    assert.deepEqual(uses.map((u) => [u.key, u.kind, u.job, u.range.startLine, u.range.startColumn]), [
      ['dockerfile:ci-variable:NPM_TOKEN', 'ci-variable', 'build', 1, 4],
      ['dockerfile:ci-secret:sentry_token', 'ci-secret', 'build', 2, 27],
    ]);
  });

  it('owns Dockerfile names and survives odd input', () => {
    for (const p of ['Dockerfile', 'build/Dockerfile.prod', 'api.Dockerfile', 'Containerfile']) assert.deepEqual(df('FROM a\nARG NPM_TOKEN\n', p), ['dockerfile-secret-build-arg'], p);
    assert.deepEqual(df('FROM a\nARG NPM_TOKEN\n', 'Dockerfile.dockerignore'), []);
    for (const text of ['', 'RUN \\', 'FROM a\nRUN <<EOF\nno end', 'FROM a\nCOPY ["broken', '\\\n\\\n']) assert.doesNotThrow(() => analyze('Dockerfile', text));
  });
});

describe('Docker Compose analyzer', () => {
  const dc = (text: string, path = 'docker-compose.yml') => rulesOf(path, text).filter((r) => r.startsWith('compose-'));

  describe('compose-cloud-static-keys', () => {
    it('flags literal AWS keys in a service environment and replaces them with interpolation', () => {
      const text = [
        'services:', // 0
        '  app:', // 1
        '    image: registry.example.com/app:1', // 2
        '    environment:', // 3
        `      AWS_ACCESS_KEY_ID: ${keyId()}`, // 4
        `      AWS_SECRET_ACCESS_KEY: "${awsSecret()}"`, // 5
        '      AWS_REGION: eu-west-1', // 6
        '',
      ].join('\n');
      const found = analyze('docker-compose.yml', text).filter((x) => x.ruleId === 'compose-cloud-static-keys');
      assert.deepEqual(found.map((x) => [x.range.startLine, x.owasp, x.identity]), [[5, 'NHI7', 'AWS_SECRET_ACCESS_KEY']]);
      const after = assertFixResolves('docker-compose.yml', text, 'compose-cloud-static-keys', [4, 5]);
      assert.match(after, /AWS_ACCESS_KEY_ID: \$\{AWS_ACCESS_KEY_ID\}\n {6}AWS_SECRET_ACCESS_KEY: \$\{AWS_SECRET_ACCESS_KEY\}\n/);
    });

    it('flags list-form entries and Azure client secrets', () => {
      const text = `services:\n  job:\n    environment:\n      - AZURE_CLIENT_ID=00000000-0000-0000-0000-000000000000\n      - AZURE_CLIENT_SECRET=${f.alnum(34)}\n`;
      assert.deepEqual(dc(text, 'compose.yaml'), ['compose-cloud-static-keys']);
      const after = assertFixResolves('compose.yaml', text, 'compose-cloud-static-keys', [4]);
      assert.match(after, /- AZURE_CLIENT_SECRET=\$\{AZURE_CLIENT_SECRET\}\n/);
    });

    it('does not flag interpolated keys, MinIO/LocalStack or dummy values', () => {
      const text = [
        'services:',
        '  app:',
        '    environment:',
        '      AWS_ACCESS_KEY_ID: ${AWS_ACCESS_KEY_ID}',
        '      AWS_SECRET_ACCESS_KEY: ${AWS_SECRET_ACCESS_KEY:?set it}',
        '  minio-client:',
        '    image: minio/mc',
        `    environment: [AWS_ACCESS_KEY_ID=${keyId()}, AWS_SECRET_ACCESS_KEY=${awsSecret()}]`,
        '  tests:',
        '    environment:',
        '      AWS_ENDPOINT_URL: http://localstack:4566',
        `      AWS_SECRET_ACCESS_KEY: ${awsSecret()}`,
        '  s3proxy:',
        '    environment:',
        '      - AWS_ACCESS_KEY_ID=storage-user',
        `      - AWS_SECRET_ACCESS_KEY=${awsSecret()}`,
        '  dummy:',
        '    environment:',
        '      AWS_ACCESS_KEY_ID: test',
        '      AWS_SECRET_ACCESS_KEY: test',
      ].join('\n');
      assert.deepEqual(dc(text), []);
    });
  });

  it('fixes literal credentials found by the detection engine with ${NAME}', () => {
    const text = `services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_USER=app\n      - POSTGRES_PASSWORD=${password()}\n  api:\n    environment:\n      DB_PASSWORD: '${password()}'\n`;
    const literals = analyze('docker-compose.yml', text).filter((x) => x.ruleId === 'generic-password');
    assert.equal(literals.length, 2);
    const [list, map] = literals.map((x) => applyEdits(text, x.fixes!.at(-1)!.edits));
    assert.deepEqual(changedLines(text, list), [5]);
    assert.match(list, /- POSTGRES_PASSWORD=\$\{POSTGRES_PASSWORD\}\n/);
    assert.deepEqual(changedLines(text, map), [8]);
    assert.match(map, /DB_PASSWORD: \$\{DB_PASSWORD\}\n/);
    assert.deepEqual(rulesOf('docker-compose.yml', map).filter((r) => r === 'generic-password'), ['generic-password']);
    assert.deepEqual(rulesOf('docker-compose.yml', applyEdits(list, literals[1].fixes!.at(-1)!.edits)).filter((r) => r === 'generic-password'), []);
  });

  it('records interpolated credentials and Compose secrets as identity uses', () => {
    const text = [
      'services:', // 0
      '  api:', // 1
      '    environment:', // 2
      '      DATABASE_URL: postgres://db/app', // 3
      '      STRIPE_API_KEY: ${STRIPE_API_KEY}', // 4
      '    secrets:', // 5
      '      - db_password', // 6
      '      - source: tls_key', // 7
      '        target: key.pem', // 8
      '    build:', // 9
      '      context: .', // 10
      '      args:', // 11
      '        - NPM_TOKEN=${NPM_TOKEN}', // 12
      '',
    ].join('\n');
    const { uses } = analyzeText(text, 'deploy/compose.prod.yml');
    assert.deepEqual(uses.map((u) => [u.key, u.kind, u.job, u.step, u.range.startLine]), [
      ['compose:ci-variable:STRIPE_API_KEY', 'ci-variable', 'api', 'STRIPE_API_KEY', 4],
      ['compose:ci-variable:NPM_TOKEN', 'ci-variable', 'api', 'NPM_TOKEN', 12],
      ['compose:ci-secret:db_password', 'ci-secret', 'api', undefined, 6],
      ['compose:ci-secret:tls_key', 'ci-secret', 'api', undefined, 7],
    ]);
  });

  it('reports malformed YAML once, without crashing', () => {
    const found = analyze('docker-compose.yml', 'services:\n  app:\n    environment:\n      - A=1\n     B: [\n');
    assert.deepEqual(found.map((x) => x.ruleId), ['ci-yaml-parse-error']);
  });

  it('owns compose file names only', () => {
    const text = `services:\n  a:\n    environment:\n      AWS_ACCESS_KEY_ID: ${keyId()}\n      AWS_SECRET_ACCESS_KEY: ${awsSecret()}\n`;
    for (const p of ['docker-compose.yml', 'docker-compose.override.yaml', 'compose.yaml', 'deploy/compose.prod.yml', 'docker-compose-dev.yml']) assert.deepEqual(dc(text, p), ['compose-cloud-static-keys'], p);
    for (const p of ['composer.yml', 'config.yml']) assert.deepEqual(dc(text, p), [], p);
  });
});
