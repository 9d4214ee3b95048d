import * as assert from 'node:assert/strict';
import { scanText } from '../../../src/core/detect/engine';
import { covered, Secrets } from '../../helpers/text';

const s = new Secrets(7);

/** Scans with generic rules only and returns [ruleId, covered text] pairs. */
function generic(text: string, path: string): Array<[string, string]> {
  return scanText(text, path, { rules: [] }).map((f) => [f.ruleId, covered(text, f.range)]);
}

describe('generic rules: a secret-like name assigned a high-entropy literal, per syntax', () => {
  const tok = s.token(32);
  const pw = s.password();
  const cases: Array<{ name: string; path: string; text: string; expect: Array<[string, string]> }> = [
    { name: 'JS const', path: 'src/a.js', text: `const apiKey = "${tok}";`, expect: [['generic-secret', tok]] },
    { name: 'TS typed field', path: 'src/a.ts', text: `  private readonly clientSecret: string = '${tok}';`, expect: [['generic-secret', tok]] },
    { name: 'JS object key', path: 'src/a.ts', text: `  auth: { password: "${pw}" },`, expect: [['generic-password', pw]] },
    { name: 'Python assignment', path: 'app/settings.py', text: `SECRET_KEY = '${tok}'`, expect: [['generic-secret', tok]] },
    { name: 'Python kwarg', path: 'app/db.py', text: `connect(host="db", password="${pw}")`, expect: [['generic-password', pw]] },
    { name: 'Python environ write', path: 'app/x.py', text: `os.environ["API_TOKEN"] = "${tok}"`, expect: [['generic-secret', tok]] },
    { name: 'Go short declaration', path: 'main.go', text: `\tapiToken := "${tok}"`, expect: [['generic-secret', tok]] },
    { name: 'Go struct field', path: 'main.go', text: `\t\tPassword: "${pw}",`, expect: [['generic-password', pw]] },
    { name: 'Java field', path: 'Main.java', text: `    private static final String API_KEY = "${tok}";`, expect: [['generic-secret', tok]] },
    { name: 'C# verbatim', path: 'Program.cs', text: `var accessKey = @"${tok}";`, expect: [['generic-secret', tok]] },
    { name: 'Ruby hash rocket', path: 'config.rb', text: `  :auth_token => '${tok}',`, expect: [['generic-secret', tok]] },
    { name: 'PHP variable', path: 'index.php', text: `$db_password = '${pw}';`, expect: [['generic-password', pw]] },
    { name: 'PHP define', path: 'wp-config.php', text: `define('AUTH_KEY', '${tok}');`, expect: [['generic-secret', tok]] },
    { name: 'shell export', path: 'deploy.sh', text: `export SERVICE_TOKEN=${tok}`, expect: [['generic-secret', tok]] },
    { name: 'shell CLI flag', path: 'deploy.sh', text: `mysql -u app --password=${pw} -h db`, expect: [['generic-password', pw]] },
    { name: 'curl bearer header', path: 'deploy.sh', text: `curl -H "Authorization: Bearer ${tok}" https://api.internal`, expect: [['generic-secret', tok]] },
    { name: 'Dockerfile ENV space form', path: 'Dockerfile', text: `ENV API_TOKEN ${tok}`, expect: [['generic-secret', tok]] },
    { name: 'Dockerfile ARG default', path: 'Dockerfile', text: `ARG NPM_TOKEN=${tok}`, expect: [['generic-secret', tok]] },
    { name: '.env with # inside value', path: '.env', text: `DB_PASSWORD=${pw}#x9 # comment`, expect: [['generic-password', `${pw}#x9`]] },
    { name: 'YAML', path: 'config/app.yml', text: `database:\n  password: "${pw}"`, expect: [['generic-password', pw]] },
    { name: 'YAML k8s env pair', path: 'k8s/deploy.yaml', text: `        - name: STRIPE_SECRET\n          value: ${tok}`, expect: [['generic-secret', tok]] },
    { name: 'JSON', path: 'appsettings.json', text: `{ "ClientSecret": "${tok}" }`, expect: [['generic-secret', tok]] },
    { name: 'TOML', path: 'config.toml', text: `api_key = "${tok}"`, expect: [['generic-secret', tok]] },
    { name: 'INI', path: 'setup.cfg', text: `[db]\npassword = ${pw}`, expect: [['generic-password', pw]] },
    { name: 'properties', path: 'application.properties', text: `spring.datasource.password=${pw}`, expect: [['generic-password', pw]] },
    { name: 'Maven settings.xml', path: 'settings.xml', text: `<server>\n  <id>nexus</id>\n  <password>${pw}</password>\n</server>`, expect: [['generic-password', pw]] },
    { name: '.NET appSettings add', path: 'web.config', text: `<add key="ApiKey" value="${tok}" />`, expect: [['generic-secret', tok]] },
    { name: 'HCL / Terraform', path: 'main.tf', text: `  client_secret = "${tok}"`, expect: [['generic-secret', tok]] },
    { name: '.npmrc _auth', path: '.npmrc', text: `//registry.example.com/:_auth=${Buffer.from('ci:' + pw).toString('base64')}`, expect: [['generic-secret', Buffer.from('ci:' + pw).toString('base64')]] },
    { name: '.pypirc', path: '.pypirc', text: `[pypi]\nusername = __token__\npassword = ${pw}`, expect: [['generic-password', pw]] },
    { name: '.netrc', path: '.netrc', text: `machine api.example.com login deploy password ${pw}`, expect: [['netrc-password', pw]] },
    { name: 'environment suffix after the secret word', path: '.env', text: `DB_PASSWORD_PROD=${pw}`, expect: [['generic-password', pw]] },
    { name: 'value suffix after the secret word', path: 'a.ts', text: `const apiKeyValue = "${tok}";`, expect: [['generic-secret', tok]] },
    { name: 'Docker config.json auths', path: '.docker/config.json', text: `{"auths":{"registry.example.com":{"auth":"${Buffer.from('deploy:' + pw).toString('base64')}"}}}`, expect: [['docker-config-auth', Buffer.from('deploy:' + pw).toString('base64')]] },
  ];
  for (const c of cases) {
    it(`${c.name} (${c.path})`, () => assert.deepEqual(generic(c.text, c.path), c.expect));
  }

  it('reports each of several assignments on one line', () => {
    const t1 = s.token(24);
    const t2 = s.password();
    assert.deepEqual(generic(`API_TOKEN=${t1} DB_PASSWORD=${t2} ./run`, 'run.sh'), [['generic-secret', t1], ['generic-password', t2]]);
  });
});

describe('generic rules: false-positive controls', () => {
  const tok = s.token(32);
  const negatives: Array<[string, string, string]> = [
    ['environment reference (JS)', 'a.js', 'const apiKey = process.env.API_KEY;'],
    ['environment reference (Python)', 'a.py', 'password = os.environ["DB_PASSWORD"]'],
    ['environment reference (Go)', 'a.go', 'token := os.Getenv("TOKEN")'],
    ['shell variable', 'a.sh', 'export TOKEN=${TOKEN}'],
    ['GitHub Actions secret', '.github/workflows/ci.yml', '  API_TOKEN: ${{ secrets.API_TOKEN }}'],
    ['Helm value', 'templates/secret.yaml', '  password: {{ .Values.db.password }}'],
    ['Vault reference', 'config.yml', 'api_key: vault:secret/data/app#api_key'],
    ['1Password reference', '.env', 'API_TOKEN=op://Engineering/Acme/credential'],
    ['AWS Secrets Manager ARN', 'config.yml', 'db_password: arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf'],
    ['Azure Key Vault reference', 'appsettings.json', '"ApiKey": "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/api-key/)"'],
    ['placeholder changeme', '.env', 'DB_PASSWORD=changeme'],
    ['placeholder <your-token>', 'README.md', 'API_TOKEN=<your-token>'],
    ['placeholder xxxx', 'config.yml', 'api_key: xxxxxxxxxxxxxxxxxxxxxxxx'],
    ['placeholder ***', 'config.yml', 'password: "********"'],
    ['placeholder TODO', 'config.py', 'SECRET_KEY = "TODO: set me"'],
    ['placeholder your_api_key_here', 'a.py', 'api_key = "your_api_key_here"'],
    ['hash under a hash name', 'a.py', `password_hash = "${s.hex(64)}"`],
    ['UUID', 'a.ts', `const sessionToken = "3f2b8c1e-4d5a-4b6c-9e7f-1a2b3c4d5e6f";`],
    ['git SHA named as a commit', 'a.yml', `commit_sha: ${s.hex(40)}`],
    ['lockfile integrity', 'package-lock.json', `"integrity": "sha512-${s.token(86)}==", "token": "${tok}"`],
    ['base64 image', 'a.css', `.x { --secret-icon: "data:image/png;base64,${s.token(120)}" }`],
    ['token regex in source', 'a.ts', 'const tokenPattern = "ghp_[A-Za-z0-9]{36}";'],
    ['token regex literal', 'a.py', 'SECRET_RE = r"[A-Za-z0-9/+=]{40}"'],
    ['value read from input', 'a.py', 'password = input("Password: ")'],
    ['getpass', 'a.py', 'password = getpass.getpass()'],
    ['function call', 'a.ts', 'const token = await getToken(client);'],
    ['comparison, not assignment', 'a.js', `if (password === "${s.password()}") {}`],
    ['URL value', 'a.yml', 'token_url: https://auth.example.com/oauth/token'],
    ['non-secret name (token type)', 'a.json', '"token_type": "Bearer"'],
    ['public key name', 'a.ts', `const publicKey = "${tok}";`],
    ['password field label', 'a.ts', 'const passwordLabel = "Enter your password";'],
    ['constant name as value', 'a.py', 'API_KEY_ENV = "ACME_API_KEY"'],
    ['words, not a secret', 'a.js', 'const secret = "correcthorsebattery";'],
    ['hex too short', 'a.py', 'api_key = "deadbeef12"'],
    ['low-entropy token', 'a.py', 'api_key = "aaaabbbbccccdddd1111"'],
    ['file path', 'a.yml', 'private_key: ./keys/deploy.pem'],
    ['interpolated f-string', 'a.py', 'token = f"{prefix}-{suffix}-abcdefgh1234"'],
    ['bcrypt hash', 'users.json', '"password": "$2b$12$KIXQJ8f3uE5gR0p1v9Wq8uQ7b2mZr4tY6sN1cD3eF5gH7jK9lM0nO"'],
    ['Jasypt-encrypted property', 'application.properties', 'spring.datasource.password=ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)'],
    ['Symfony env placeholder', 'services.yaml', '  api_key: "%env(ACME_API_KEY)%"'],
    ['i18n label', 'locales/de.json', '"password": "Passwort"'],
    ['word and a short number', 'docker-compose.yml', '      POSTGRES_PASSWORD: secret123'],
    // Seen scanning real code (AWS CLI docs, cfn-lint data, typeshed stubs, oauthlib):
    ['a name where the key word is not last', 'api.json', '"ApiKeySelectionExpression": "$request.header.x-api-key",'],
    ['a pagination token', 'page.json', `"NextToken": "${s.token(48)}=="`],
    ['an idempotency/change token flag', 'waf.sh', 'aws waf update-rule --change-token 12cs345-67cd-890b-1cd2-c3a4567d89f1 --rule-id x'],
    ['a forward-referenced type name', 'rsa.py', '        private_key: "_RSAPrivateKey",'],
    ['a CloudFormation type name as key', 'providers.py', '    "AWS::ApiGateway::ApiKey": "48205d4ffd7feba3",'],
    ['a typed stub', 'models.pyi', '    password = models.CharField(max_length=128)'],
    ['a header name', 'cors.py', 'ACL_CREDENTIALS = "Access-Control-Allow-Credentials"'],
    ['the RFC 6749 example access token', 'oauth.py', '    "access_token":"2YotnFZFEjr1zCsicMWpAA",'],
    ['key=value lists after a flag', 'cognito.sh', '  --token-validity-units AccessToken=minutes,IdToken=minutes,RefreshToken=days \\'],
    ['a placeholder inside a list', 'auth.sh', '  --auth-parameters USERNAME=testuser,PASSWORD=[Password]'],
    ['a client key name as the value', 'genomics.py', "STORAGE_V1_CLIENT_KEY = 'storage_v1_client'"],
    ['a query string', 'conn.py', "_GCE_VM_AUTH = '&authMechanism=MONGODB-OIDC&authMechanismProperties=ENVIRONMENT:gcp'"],
    ['a type map entry', 'v1_pod_spec.py', "        'image_pull_secrets': 'list[V1LocalObjectReference]',"],
    ['a type name', 'v1_projection.py', "        'service_account_token': 'V1ServiceAccountTokenProjection'"],
    ['a module path', 'bq_utils.py', "    credentials: 'google_oauth2.Credentials',"],
    ['a format string', 'stub.py', "    access_token = 'InvalidToken:%s:%s' % (token, t)"],
    ['a str.format template', 'tokens.py', '    self.token = "ACCESS_TOKEN_{}".format(n)'],
    ['a dotted path ending in a type name', 'loader.py', "    oauth2_creds: 'oauth2client_4_0.client.OAuth2Credentials',"],
    ['Basic auth of a placeholder password', 'test_sts.py', '    "Authorization": "Basic dXNlcm5hbWU6cGFzc3dvcmQ=",'],
    ['a fill-in that spells the name', 'connect.sh', '  --password Pass@Word1 \\'],
    ['template literal with interpolation', 'a.ts', 'const token = `${a}${b}Xk29dj3k2l1m`;'],
  ];
  for (const [why, path, text] of negatives) {
    it(`ignores ${why}`, () => assert.deepEqual(generic(text, path), []));
  }

  it('skips generic rules in lockfiles but still runs provider rules there', () => {
    assert.deepEqual(generic(`"token": "${tok}"`, 'yarn.lock'), []);
  });

  it('lowers confidence under test and fixture paths', () => {
    const text = `API_TOKEN=${s.token(40)}`;
    const prod = scanText(text, 'config/.env', { rules: [] });
    const test = scanText(text, 'test/fixtures/.env', { rules: [] });
    assert.equal(prod.length, 1);
    assert.equal(test.length, 1);
    const order = ['low', 'medium', 'high'];
    assert.ok(order.indexOf(test[0].confidence) < order.indexOf(prod[0].confidence), `${test[0].confidence} vs ${prod[0].confidence}`);
    assert.ok(test[0].notes?.includes('test, fixture or documentation path'));
  });

  it('applies entropy thresholds per character set', () => {
    // 16 hex characters with high entropy pass; 16 with few distinct characters do not.
    assert.equal(generic(`api_key = "${'0123456789abcdef'}"`, 'a.py').length, 0, 'sequential hex is a placeholder');
    assert.equal(generic(`api_key = "${s.hex(32)}"`, 'a.py').length, 1);
    assert.equal(generic('api_key = "a1a1a1a1b2b2b2b2c3c3"', 'a.py').length, 0);
    // 12 distinct characters, 4 of each class, in random order: as much entropy as 12 characters carry.
    const pick = (alphabet: string) => {
      const pool = [...alphabet];
      return Array.from({ length: 4 }, () => pool.splice(Math.floor(s.raw.next() * pool.length), 1)[0]);
    };
    const chars = [...pick('ABCDEFGHJKLMNPQRSTUVWXYZ'), ...pick('abcdefghjkmnpqrstuvwxyz'), ...pick('23456789')];
    for (let i = chars.length - 1; i > 0; i--) {
      const j = Math.floor(s.raw.next() * (i + 1));
      [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    assert.equal(generic(`api_key = "${chars.join('')}"`, 'a.py').length, 1);
  });
});
