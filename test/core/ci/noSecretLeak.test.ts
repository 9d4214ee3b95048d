import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../src/core/analyzeFile';
import { Fake } from '../../../src/core/rules/fake';

/**
 * Whatever the analyzers report about a pipeline that holds literal credentials — messages, fixes,
 * identities, related locations — never contains the value itself.
 */
describe('CI analysis never carries a secret value', () => {
  const fake = new Fake(77);
  const aws = `AKIA${fake.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
  const awsSecret = fake.base64(40).replace(/[+/]/g, 'x');
  const pw = `${fake.alnum(10)}!${fake.digits(3)}`;
  const gh = fake.crcToken('ghp_');
  const cases: Array<[string, string]> = [
    ['.github/workflows/ci.yml', `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      AWS_ACCESS_KEY_ID: ${aws}\n      AWS_SECRET_ACCESS_KEY: ${awsSecret}\n    steps:\n      - run: echo ${pw} && docker login -u ana -p ${pw}\n        env:\n          GH_TOKEN: ${gh}\n`],
    ['.gitlab-ci.yml', `variables:\n  AWS_ACCESS_KEY_ID: ${aws}\n  AWS_SECRET_ACCESS_KEY: ${awsSecret}\ndeploy:\n  script:\n    - echo ${pw}\n    - git push https://oauth2:${gh}@gitlab.com/x/y.git\n`],
    ['azure-pipelines.yml', `variables:\n  dbPassword: ${pw}\nsteps:\n  - script: az login --service-principal -u app -p ${pw} --tenant t\n`],
    ['.circleci/config.yml', `version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:stable\n    environment:\n      AWS_SECRET_ACCESS_KEY: ${awsSecret}\n    steps:\n      - run: echo ${pw}\n`],
    ['bitbucket-pipelines.yml', `pipelines:\n  default:\n    - step:\n        script:\n          - pipe: atlassian/aws-s3-deploy:1.1.0\n            variables:\n              AWS_ACCESS_KEY_ID: ${aws}\n              AWS_SECRET_ACCESS_KEY: ${awsSecret}\n`],
    ['Jenkinsfile', `pipeline {\n  agent any\n  environment {\n    DB_PASSWORD = '${pw}'\n  }\n  stages { stage('x') { steps { sh "echo ${pw}" } } }\n}\n`],
    ['Dockerfile', `FROM node:20\nARG NPM_TOKEN=${gh}\nENV DB_PASSWORD=${pw}\nRUN npm ci\n`],
    ['docker-compose.yml', `services:\n  app:\n    image: app\n    environment:\n      AWS_ACCESS_KEY_ID: ${aws}\n      AWS_SECRET_ACCESS_KEY: ${awsSecret}\n`],
    ['k8s/deploy.yaml', `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          env:\n            - name: AWS_SECRET_ACCESS_KEY\n              value: ${awsSecret}\n`],
    ['main.tf', `provider "aws" {\n  access_key = "${aws}"\n  secret_key = "${awsSecret}"\n}\n`],
  ];
  for (const [path, text] of cases) {
    it(path, () => {
      const result = analyzeText(text, path);
      assert.ok(result.findings.length > 0, 'expected findings');
      const dump = JSON.stringify(result);
      for (const secret of [awsSecret, pw, gh]) {
        // Fixes may keep a literal in place only by deleting around it; they must not write it anew.
        const withoutEdits = JSON.stringify({ ...result, findings: result.findings.map((f) => ({ ...f, fixes: undefined })) });
        assert.ok(!withoutEdits.includes(secret), `${path}: a secret value leaked into the report`);
        for (const f of result.findings) for (const fix of f.fixes ?? []) for (const e of fix.edits) assert.ok(!e.newText.includes(secret), `${path}: a fix writes the secret`);
      }
      assert.ok(dump.length > 0);
    });
  }
});
