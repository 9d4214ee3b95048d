import type { ProviderRule } from '../types';

/**
 * Snowflake credentials. Snowflake has no token format to anchor on, so these rules only report a
 * password inside a Snowflake connection URL, a Snowflake-named password/passphrase assignment,
 * a dbt-style `type: snowflake` profile, or a Snowflake connector call.
 * Snowflake's default password policy requires 8+ characters with an upper-case letter, a
 * lower-case letter and a digit (docs.snowflake.com/en/user-guide/admin-user-management#password-policies);
 * `verify` checks that shape, and identifiers / env-var names are allowed through.
 */

const REMEDIATION =
  'Change the password (ALTER USER … SET PASSWORD) and review LOGIN_HISTORY; use key-pair or OAuth auth for service users, with the key in a secret manager';

function meetsPasswordPolicy(secret: string): boolean {
  return secret.length >= 8 && /[A-Z]/.test(secret) && /[a-z]/.test(secret) && /\d/.test(secret);
}

/** Values that are names, not passwords: ENV_VAR_NAMES, plain identifiers, `$VAR`. */
const NOT_A_PASSWORD = [
  /^[A-Z][A-Z0-9_]*$/,
  /^[A-Za-z_]+(?:\.[A-Za-z_]+)*$/,
  /^\$\{?\w+\}?$/,
  /^(?:my[_-]?)?(?:password|passwd|pass|pwd|secret)\d{0,3}$/i,
];

/**
 * A quoted value, or an unquoted one that contains a digit or symbol (so `password = some_variable`
 * is not a match). `chars` is the character class of the value.
 */
const value = (chars: string): string =>
  String.raw`(?:(?<q>["'\x60])|(?=[^\s"'\x60,;]{0,127}[\d!@#%^&*+=?~|-]))(?<secret>[${chars}]{8,128})\k<q>(?:(?<=["'\x60])|(?=[\s,;)}\]]|$))`;

export const rules: ProviderRule[] = [
  {
    id: 'snowflake-connection-string',
    kind: 'snowflake-connection-string',
    provider: 'Snowflake',
    title: 'Snowflake connection URL with password',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: REMEDIATION,
    keywords: ['snowflake://'],
    // SQLAlchemy `snowflake://user:password@account/…` or JDBC `jdbc:snowflake://host/?user=…&password=…`.
    pattern:
      /snowflake:\/\/(?:[^:@/\s'"`]{1,128}:(?=[^@\s'"`/&;]{3,128}@)|[^\s'"`]{0,400}?[?&;]password=)(?<secret>[^@\s'"`/&;]{3,128})(?=[@&;\s'"`]|$)/i,
    allow: [/^[{<$%[]/, /^(?:my[_-]?)?(?:password|passwd|pass|pwd|secret)\d{0,3}$/i, /^\*+$/],
    verify: meetsPasswordPolicy,
    samples: {
      tp: (f) => {
        const a = f.upper(2) + f.lower(5) + f.digits(3) + '!';
        const b = f.alnum(6) + f.digits(2) + f.upper(2) + f.lower(2);
        const c = f.lower(4) + f.upper(3) + f.digits(4);
        return [
          { text: `engine = create_engine("snowflake://etl_user:${a}@xy12345.eu-central-1/ANALYTICS/PUBLIC?warehouse=ETL_WH")`, secret: a },
          { text: `SNOWFLAKE_URL=jdbc:snowflake://xy12345.snowflakecomputing.com/?user=loader&password=${b}&db=RAW`, secret: b },
          { text: `  sqlalchemy_url: 'snowflake://dbt:${c}@acme-prod/warehouse'`, secret: c },
        ];
      },
      fp: [
        { text: 'url = f"snowflake://{user}:{password}@{account}/{database}"', why: 'template placeholders' },
        { text: 'snowflake://user:password@myorg-myaccount/mydb', why: 'documentation placeholder' },
        { text: 'SNOWFLAKE_URL="snowflake://${SF_USER}:${SF_PASSWORD}@${SF_ACCOUNT}/db"', why: 'variable references' },
        { text: 'jdbc:snowflake://acct.snowflakecomputing.com/?user=svc&authenticator=snowflake_jwt', why: 'no password (key-pair auth)' },
      ],
    },
  },
  {
    id: 'snowflake-password',
    kind: 'snowflake-password',
    provider: 'Snowflake',
    title: 'Snowflake password or private-key passphrase',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: REMEDIATION,
    keywords: ['snowflake', 'snowsql', 'sfpassword'],
    // SNOWFLAKE_PASSWORD, SNOWFLAKE_PRIVATE_KEY_PASSPHRASE, SNOWSQL_PWD (SnowSQL), sfPassword (Spark connector).
    pattern: new RegExp(
      String.raw`(?:snowflake[\w.-]{0,30}?(?:password|passwd|pwd|passphrase)|snowsql[_.-]?pwd|\bsfpassword)\w{0,10}["']?\s{0,3}(?:[:=]|:=|=>|->)\s{0,3}` +
        value(String.raw`^\s"'\x60,;(){}\[\]<>`),
      'i',
    ),
    allow: NOT_A_PASSWORD,
    verify: meetsPasswordPolicy,
    confidence: 'medium',
    samples: {
      tp: (f) => {
        const a = f.upper(1) + f.lower(6) + f.digits(2) + '#' + f.alnum(4);
        const b = f.lower(3) + f.upper(3) + f.digits(3) + '$' + f.lower(2);
        const c = f.alnum(10) + f.digits(2);
        const d = f.upper(2) + f.lower(8) + f.digits(4);
        return [
          { text: `SNOWFLAKE_PASSWORD=${a}`, secret: a, path: '.env' },
          { text: `sfOptions = {"sfUser": "spark", "sfPassword": "${b}", "sfWarehouse": "ETL"}`, secret: b },
          { text: `export SNOWSQL_PWD='${c}'`, secret: c },
          { text: `  snowflake_private_key_passphrase: "${d}"`, secret: d },
        ];
      },
      fp: [
        { text: 'snowflake_password = os.environ["SNOWFLAKE_PASSWORD"]', why: 'read from the environment' },
        { text: 'SNOWFLAKE_PASSWORD=${{ secrets.SNOWFLAKE_PASSWORD }}', why: 'CI secret reference' },
        { text: 'snowflake_password_env: "SNOWFLAKE_PASSWORD"', why: 'an environment variable name' },
        { text: 'snowflake_password: <your-password>', why: 'placeholder' },
        { text: 'snowflakePassword = config.snowflake_password', why: 'attribute access' },
      ],
    },
  },
  {
    id: 'snowflake-profile-password',
    kind: 'snowflake-password',
    provider: 'Snowflake',
    title: 'Snowflake password in a dbt / YAML connection profile',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: REMEDIATION,
    keywords: ['snowflake'],
    // `type: snowflake` followed (within the same target) by `password:` or `private_key_passphrase:`.
    pattern: new RegExp(
      String.raw`\btype:[ \t]*["']?snowflake["']?[ \t]*\r?\n(?:(?!\btype:)[\s\S]){0,600}?\b(?:password|private_key_passphrase):[ \t]*` +
        value(String.raw`^\s"'\x60#`),
    ),
    multiline: 800,
    allow: NOT_A_PASSWORD,
    verify: meetsPasswordPolicy,
    samples: {
      tp: (f) => {
        const a = f.upper(2) + f.lower(6) + f.digits(3);
        const b = f.lower(5) + f.upper(2) + f.digits(2) + '!' + f.lower(2);
        return [
          {
            text: `analytics:\n  target: prod\n  outputs:\n    prod:\n      type: snowflake\n      account: xy12345.eu-west-1\n      user: DBT_PROD\n      password: ${a}\n      role: TRANSFORMER`,
            secret: a,
            path: 'profiles.yml',
          },
          {
            text: `      type: "snowflake"\n      account: acme\n      user: loader\n      private_key_path: /keys/rsa_key.p8\n      private_key_passphrase: "${b}"`,
            secret: b,
            path: 'profiles.yml',
          },
        ];
      },
      fp: [
        {
          text: `      type: snowflake\n      account: acme\n      user: dbt\n      password: "{{ env_var('SNOWFLAKE_PASSWORD') }}"`,
          why: 'dbt env_var reference',
          path: 'profiles.yml',
        },
        {
          text: `      type: snowflake\n      account: acme\n      authenticator: externalbrowser\n    dev:\n      type: postgres\n      password: Pg5ecretPass`,
          why: 'the password belongs to a different (postgres) target',
          path: 'profiles.yml',
        },
      ],
    },
  },
  {
    id: 'snowflake-connector-password',
    kind: 'snowflake-password',
    provider: 'Snowflake',
    title: 'Snowflake password in a connector call',
    severity: 'critical',
    owasp: 'NHI7',
    remediation: REMEDIATION,
    keywords: ['snowflake'],
    // snowflake.connector.connect(…, password='…') (Python) or snowflake.createConnection({ password: '…' }) (Node).
    pattern:
      /\bsnowflake\.(?:connector\.connect|createConnection)\s*\([^)]{0,600}?\bpassword["']?\s*[=:]\s*(?<q>["'`])(?<secret>[^"'`\s]{8,128})\k<q>/,
    multiline: 800,
    allow: NOT_A_PASSWORD,
    verify: meetsPasswordPolicy,
    samples: {
      tp: (f) => {
        const a = f.upper(1) + f.lower(7) + f.digits(3);
        const b = f.lower(4) + f.upper(4) + f.digits(2) + '%';
        return [
          {
            text: `conn = snowflake.connector.connect(\n    user="ETL",\n    password="${a}",\n    account="xy12345",\n)`,
            secret: a,
            path: 'etl/load.py',
          },
          {
            text: `const connection = snowflake.createConnection({ account: 'acme', username: 'svc', password: '${b}' });`,
            secret: b,
            path: 'src/db.js',
          },
        ];
      },
      fp: [
        {
          text: 'conn = snowflake.connector.connect(\n    user=USER,\n    password=os.getenv("SNOWFLAKE_PASSWORD"),\n    account=ACCOUNT,\n)',
          why: 'password read from the environment',
          path: 'etl/load.py',
        },
        {
          text: "const c = snowflake.createConnection({ account: 'acme', username: 'svc', password: 'SNOWFLAKE_PASSWORD' });",
          why: 'an environment variable name',
          path: 'src/db.js',
        },
      ],
    },
  },
];
