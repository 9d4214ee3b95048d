import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../src/core/analyzeFile';
import { applyEdits } from '../../../src/core/fixes/apply';
import { Fake } from '../../../src/core/rules/fake';
import { analyze, assertFixResolves, changedLines, rulesOf } from '../../helpers/ci';

const f = new Fake(0x1e4c);
const jk = (text: string, path = 'Jenkinsfile') => rulesOf(path, text).filter((r) => r.startsWith('jenkins-'));
const lines = (...l: string[]) => l.join('\n') + '\n';

describe('Jenkins analyzer', () => {
  describe('jenkins-aws-static-keys', () => {
    it('flags withAWS(credentials:) and replaces it with a role', () => {
      const text = lines(
        'pipeline {', //                                                            0
        '  agent any',
        '  stages {',
        "    stage('Deploy') {",
        '      steps {',
        "        withAWS(credentials: 'aws-deploy-keys', region: 'eu-west-1') {", //  5
        "          sh 'aws s3 sync dist s3://site'",
        '        }',
        '      }',
        '    }',
        '  }',
        '}',
      );
      const [finding] = analyze('Jenkinsfile', text).filter((x) => x.ruleId === 'jenkins-aws-static-keys');
      assert.deepEqual(finding.range, { startLine: 5, startColumn: 16, endLine: 5, endColumn: 46 });
      assert.equal(finding.identity, 'aws-deploy-keys');
      assert.equal(finding.owasp, 'NHI7');
      const after = assertFixResolves('Jenkinsfile', text, 'jenkins-aws-static-keys', [5]);
      assert.match(after, /withAWS\(role: '<ROLE_NAME>', roleAccount: '<ACCOUNT_ID>', region: 'eu-west-1'\) \{/);
    });

    it('drops the stored keys when withAWS already assumes a role', () => {
      const text = "node {\n  withAWS(role: 'deployer', roleAccount: '123456789012', credentials: 'base-keys') {\n    sh 'make deploy'\n  }\n}\n";
      const after = assertFixResolves('Jenkinsfile', text, 'jenkins-aws-static-keys', [1]);
      assert.match(after, /withAWS\(role: 'deployer', roleAccount: '123456789012'\) \{/);
    });

    it('flags the AWS credentials binding and AWS keys in environment {}', () => {
      const text = lines(
        'pipeline {',
        '  environment {',
        "    AWS_ACCESS_KEY_ID     = credentials('jenkins-aws-key-id')",
        "    AWS_SECRET_ACCESS_KEY = credentials('jenkins-aws-secret')",
        '  }',
        '  stages {',
        "    stage('Infra') {",
        '      steps {',
        "        withCredentials([[$class: 'AmazonWebServicesCredentialsBinding', credentialsId: 'tf-aws']]) { sh 'terraform apply' }",
        "        withCredentials([aws(credentialsId: 'cdk-aws', accessKeyVariable: 'AWS_ACCESS_KEY_ID', secretKeyVariable: 'AWS_SECRET_ACCESS_KEY')]) { sh 'cdk deploy' }",
        '      }',
        '    }',
        '  }',
        '}',
      );
      const found = analyze('Jenkinsfile', text).filter((x) => x.ruleId === 'jenkins-aws-static-keys');
      assert.deepEqual(found.map((x) => [x.range.startLine, x.identity]), [[3, 'jenkins-aws-secret'], [8, 'tf-aws'], [9, 'cdk-aws']]);
    });

    it('flags credentials exported to the AWS CLI by a script and Terraform AWS variables', () => {
      const text = lines(
        'pipeline {',
        '  environment {',
        "    AWS_CREDS = credentials('aws-jenkins')",
        "    TF_VAR_aws_secret_key = credentials('tf-aws-secret')",
        '  }',
        '  stages {',
        "    stage('Init') {",
        '      steps {',
        "        sh '''",
        '          export AWS_ACCESS_KEY_ID=$AWS_CREDS_USR',
        '          export AWS_SECRET_ACCESS_KEY=$AWS_CREDS_PSW', // 10
        '          terraform init',
        "        '''",
        '      }',
        '    }',
        '  }',
        '}',
      );
      const found = analyze('Jenkinsfile', text).filter((x) => x.ruleId === 'jenkins-aws-static-keys');
      assert.deepEqual(found.map((x) => [x.range.startLine, x.identity]), [[3, 'tf-aws-secret'], [10, 'aws-jenkins']]);
    });

    it('does not flag role assumption, profiles or S3-compatible endpoints', () => {
      const text = lines(
        'node {',
        "  withAWS(role: 'arn:aws:iam::123456789012:role/ci', region: 'us-east-1') { sh 'aws sts get-caller-identity' }",
        "  withAWS(profile: 'ci') { sh 'make' }",
        "  withAWS(endpointUrl: 'https://minio.internal', credentials: 'minio') { s3Upload(bucket: 'b', file: 'f') }",
        "  withCredentials([string(credentialsId: 'oidc-token', variable: 'AWS_WEB_IDENTITY_TOKEN')]) { sh 'aws sts assume-role-with-web-identity --role-arn $ROLE --web-identity-token \"$AWS_WEB_IDENTITY_TOKEN\" --role-session-name ci' }",
        '}',
      );
      assert.deepEqual(jk(text), []);
    });
  });

  describe('jenkins-secret-interpolation', () => {
    it('flags a credential interpolated by Groovy into sh and fixes it with single quotes', () => {
      const text = lines(
        'pipeline {',
        '  agent any',
        '  stages {',
        "    stage('Publish') {",
        '      steps {',
        "        withCredentials([usernamePassword(credentialsId: 'nexus', usernameVariable: 'NEXUS_USER', passwordVariable: 'NEXUS_PASS')]) {",
        '          sh "curl -fsS -u $NEXUS_USER:${NEXUS_PASS} --upload-file app.jar https://nexus/repo/$BUILD_NUMBER/"', // 6
        '        }',
        '      }',
        '    }',
        '  }',
        '}',
      );
      const found = analyze('Jenkinsfile', text).filter((x) => x.ruleId === 'jenkins-secret-interpolation');
      assert.deepEqual(found.map((x) => [x.range.startLine, x.range.startColumn, x.range.endColumn, x.identity]), [[6, 39, 52, 'nexus']]);
      const after = assertFixResolves('Jenkinsfile', text, 'jenkins-secret-interpolation', [6]);
      assert.match(after, /sh 'curl -fsS -u \$NEXUS_USER:\$\{NEXUS_PASS\} --upload-file app\.jar https:\/\/nexus\/repo\/\$BUILD_NUMBER\/'/);
    });

    it('covers environment credentials (_PSW), triple-quoted scripts and sh(script:)', () => {
      const text = lines(
        'pipeline {',
        "  environment { REGISTRY = credentials('registry') }",
        '  stages {',
        "    stage('Push') {",
        "      when { branch 'main' }",
        '      steps {',
        '        sh """',
        '          docker login -u $REGISTRY_USR -p $REGISTRY_PSW registry.example.com', // 7
        '        """',
        '        script {',
        '          def out = sh(script: "helm push chart.tgz --password ${env.REGISTRY_PSW}", returnStdout: true)', // 10
        '        }',
        '      }',
        '    }',
        '  }',
        '}',
      );
      const found = analyze('Jenkinsfile', text).filter((x) => x.ruleId === 'jenkins-secret-interpolation');
      assert.deepEqual(found.map((x) => [x.range.startLine, x.identity, !!x.fixes]), [[7, 'registry', false], [10, 'registry', true]]);
    });

    it('does not flag single-quoted scripts, usernames, escaped dollars or other Groovy values', () => {
      const text = lines(
        'node {',
        "  withCredentials([usernamePassword(credentialsId: 'git', usernameVariable: 'GIT_USER', passwordVariable: 'GIT_PASS'),",
        "                   sshUserPrivateKey(credentialsId: 'deploy-ssh', keyFileVariable: 'KEY_FILE')]) {",
        "    sh 'git push https://$GIT_USER:$GIT_PASS@example.com/repo.git'",
        '    sh "git config user.name ${GIT_USER}"',
        '    sh "ssh -i ${KEY_FILE} deploy@host \\$GIT_PASS"',
        '    sh "echo building ${env.BUILD_NUMBER} for ${params.TARGET}"',
        '    // sh "curl -u x:${GIT_PASS}"',
        '  }',
        '}',
      );
      assert.deepEqual(jk(text), []);
    });
  });

  describe('jenkins-secret-echoed', () => {
    it('flags credentials printed by echo steps and shell echo', () => {
      const text = lines(
        'node {',
        "  withCredentials([string(credentialsId: 'slack-token', variable: 'SLACK_TOKEN')]) {",
        '    echo "token is ${SLACK_TOKEN}"', // 2
        "    sh 'echo $SLACK_TOKEN'", // 3
        '    bat "@echo %SLACK_TOKEN%"', // 4
        '  }',
        '}',
      );
      const found = analyze('Jenkinsfile', text).filter((x) => x.ruleId === 'jenkins-secret-echoed');
      assert.deepEqual(found.map((x) => [x.range.startLine, x.range.startColumn, x.identity]), [[2, 19, 'slack-token'], [3, 13, 'slack-token'], [4, 15, 'slack-token']]);
      assert.deepEqual(jk(text).filter((r) => r === 'jenkins-secret-interpolation'), []);
    });

    it('flags password build parameters printed to the log', () => {
      const text = "pipeline {\n  parameters { password(name: 'DEPLOY_KEY', defaultValue: '', description: 'key') }\n  stages { stage('x') { steps { echo \"key: ${params.DEPLOY_KEY}\" } } }\n}\n";
      assert.deepEqual(jk(text), ['jenkins-secret-echoed']);
    });

    it('does not flag piped or redirected echo, usernames or non-credentials', () => {
      const text = lines(
        'pipeline {',
        "  environment { HUB = credentials('dockerhub') }",
        '  stages {',
        "    stage('Login') {",
        '      steps {',
        "        sh 'echo $HUB_PSW | docker login -u $HUB_USR --password-stdin'",
        "        sh 'echo \"//registry.npmjs.org/:_authToken=$HUB_PSW\" > .npmrc'",
        '        echo "logging in as ${HUB_USR}"',
        "        echo 'literal $HUB_PSW is not interpolated by echo'",
        '        sh "echo ${env.BRANCH_NAME}"',
        '      }',
        '    }',
        '  }',
        '}',
      );
      assert.deepEqual(jk(text), []);
    });
  });

  it('fixes literal credentials in environment {} to credentials()', () => {
    const text = lines('pipeline {', '  environment {', `    DB_PASSWORD = '${f.alnum(18)}'`, "    APP_ENV = 'staging'", '  }', '}');
    const literal = analyze('Jenkinsfile', text).find((x) => x.ruleId === 'generic-password');
    assert.ok(literal?.fixes?.length);
    const fix = literal.fixes.at(-1)!;
    const after = applyEdits(text, fix.edits);
    assert.deepEqual(changedLines(text, after), [2]);
    assert.match(after, /\n {4}DB_PASSWORD = credentials\('db-password'\)\n/);
    assert.deepEqual(fix.placeholders, ['db-password']);
    assert.deepEqual(rulesOf('Jenkinsfile', after), []);
  });

  it('offers no environment fix for literals outside environment {}', () => {
    const text = lines('node {', `  def password = '${f.alnum(18)}'`, '}');
    const literal = analyze('Jenkinsfile', text).find((x) => x.ruleId === 'generic-password');
    assert.ok(literal);
    assert.ok(!literal.fixes?.some((x) => x.title.includes('credentials(')));
  });

  it('records every credentials id with its stage and branch filter', () => {
    const text = lines(
      'pipeline {', //                                                               0
      "  environment { SONAR = credentials('sonar-token') }",
      '  stages {',
      "    stage('Build') {",
      '      steps {',
      "        git credentialsId: 'github-app', url: 'https://github.com/acme/app.git'", // 5
      "        withCredentials([file(credentialsId: 'gradle-props', variable: 'GRADLE_PROPS')]) { sh './gradlew build' }",
      '      }',
      '    }',
      "    stage('Release') {",
      '      when { anyOf { branch \'main\'; branch pattern: "release-*", comparator: "GLOB" } }',
      '      steps {',
      "        script { docker.withRegistry('https://registry.example.com', 'registry-creds') { sh 'docker push app' } }",
      "        sshagent(credentials: ['deploy-ssh']) { sh 'ssh deploy@host ./release.sh' }",
      '      }',
      '    }',
      '  }',
      '}',
    );
    const { uses } = analyzeText(text, 'ci/Jenkinsfile');
    assert.deepEqual(uses.map((u) => [u.key, u.kind, u.job, u.step, u.branches, u.range.startLine]), [
      ['jenkins:jenkins-credential:sonar-token', 'jenkins-credential', undefined, 'environment', undefined, 1],
      ['jenkins:jenkins-credential:github-app', 'jenkins-credential', 'Build', 'git', undefined, 5],
      ['jenkins:jenkins-credential:gradle-props', 'jenkins-credential', 'Build', 'file', undefined, 6],
      ['jenkins:jenkins-credential:registry-creds', 'jenkins-credential', 'Release', 'docker.withRegistry', ['main', 'release-*'], 12],
      ['jenkins:jenkins-credential:deploy-ssh', 'jenkins-credential', 'Release', 'sshagent', ['main', 'release-*'], 13],
    ]);
    const sonar = uses[0];
    assert.equal(text.split('\n')[1].slice(sonar.range.startColumn, sonar.range.endColumn), 'sonar-token');
  });

  it('owns Jenkinsfiles and pipeline scripts under vars/ or jenkins/', () => {
    const text = "pipeline {\n  stages { stage('d') { steps { withAWS(credentials: 'k') { sh 'x' } } } }\n}\n";
    for (const p of ['Jenkinsfile', 'ci/Jenkinsfile.release', 'deploy.jenkinsfile', 'vars/deployApp.groovy', 'jenkins/pipelines/nightly.groovy']) assert.deepEqual(jk(text, p), ['jenkins-aws-static-keys'], p);
    assert.deepEqual(jk(text, 'src/main/groovy/App.groovy'), []);
    assert.deepEqual(jk("def call() { withAWS(credentials: 'k') { sh 'x' } }\n", 'vars/helper.groovy'), []);
  });

  it('survives malformed Groovy', () => {
    for (const text of ['pipeline {', 'sh "unterminated ${', "withCredentials([string(credentialsId: 'x'", '}}}', '"""\nno end', 'a =~ /unterminated']) {
      assert.doesNotThrow(() => analyze('Jenkinsfile', text), text);
    }
  });
});
