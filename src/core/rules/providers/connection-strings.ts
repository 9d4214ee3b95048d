import type { ProviderRule, FalsePositiveSample, TruePositiveSample } from '../types';
import type { Fake } from '../fake';

// Passwords embedded in connection strings. The secret is the password only.
// - URLs: RFC 3986 userinfo `scheme://user:password@host` (libpq connection URIs, MySQL URI-like
//   strings, MongoDB `mongodb://` / `mongodb+srv://`, Redis `redis://[user]:password@`, AMQP URIs,
//   SQLAlchemy `dialect+driver://`); cf. gitleaks rules for connection strings / generic URIs.
// - JDBC: driver properties `password=` (`?…&password=`, `;password=` for SQL Server) and the Oracle
//   thin form `jdbc:oracle:thin:user/password@host`.
// - ADO.NET / ODBC / libpq keyword strings: `Server=…;User Id=…;Password=…;` (`Pwd=` for ODBC).
//
// Not findings: references (`${DB_PASSWORD}`, `$PASS`, `%s`, `{password}`, `<password>`), empty
// passwords, placeholder or default passwords, documentation hosts (`example.com`, `host`), and a
// password equal to the user name (`postgres:postgres@`, `guest:guest@`): that is the image's
// well-known dev default, a weak-configuration issue rather than a leaked secret, so it is skipped.

/** Characters allowed in a URL user / password here; excludes quoting, templating and separators. */
const USERINFO_CHAR = String.raw`[^\s:/@'"\`<>{}()\[\]\\,;|]`;

/** `scheme://user:password@host`; the password must differ from the user name; not a documentation host. */
function urlPattern(schemes: string): RegExp {
  return new RegExp(
    String.raw`(?<![A-Za-z0-9+.-])(?:${schemes})(?:\+[a-z0-9]{1,20})?://` +
      String.raw`(?<user>${USERINFO_CHAR}{0,64}):(?!\k<user>@)(?<secret>${USERINFO_CHAR}{1,128})@` +
      String.raw`(?!(?:[\w-]+\.)*example\.(?:com|org|net)(?![\w.-])|(?:host|hostname|server)(?![\w.-]))(?=[\w\[%.-])`,
    'i',
  );
}

/** Default, placeholder and self-describing passwords seen in docs, compose files and tests. */
const DEFAULT_PASSWORDS =
  /^(?:postgres(?:ql)?|mysql|mariadb|mongo(?:db)?|redis|rabbit(?:mq)?|guest|user(?:name)?|pw|pwd|sa|db_?pass(?:word)?|dbpass|my_?pass|pass(?:word)?\d{0,4}|secret\d{0,4}|s3cr3t|toor|letmein|welcome\d?|p4ssw0rd|p@ss|pa55|pa\$\$word|your-?password)$/i;

const COMMON_ALLOW: RegExp[] = [
  DEFAULT_PASSWORDS,
  /^%[a-z]$/i, // printf: %s, %v
  /^\$/, // $VAR, $(cmd), ${…} fragments
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/, // DB_PASSWORD style variable names
  /^@\w+$/, // @Password (SQL parameter)
];

/** Oracle sample-schema and install defaults (scott/tiger, system/manager, …). */
const ORACLE_DEFAULTS = /^(?:tiger|oracle|manager|change_on_install)$/i;

const STOPWORDS = ['password', 'passwd', 'passw0rd', 'p@ssw0rd', 'p@ssword'];

const REMEDIATION_DB =
  'Rotate the database user\'s password, and build the connection string at run time from a secret manager or injected env var (or use IAM / managed-identity auth).';

/** A realistic generated password with a punctuation character in the middle. */
function pw(f: Fake): string {
  return `${f.alnum(7)}${f.chars('!*-_~.', 1)}${f.alnum(9)}`;
}

interface UrlRuleSpec {
  id: string;
  kind: string;
  provider: string;
  title: string;
  schemes: string;
  keywords: string[];
  severity?: ProviderRule['severity'];
  owasp?: ProviderRule['owasp'];
  confidence?: ProviderRule['confidence'];
  remediation?: string;
  allow?: RegExp[];
  tp: (f: Fake, pass: string) => TruePositiveSample[];
  fp: FalsePositiveSample[];
}

function urlRule(spec: UrlRuleSpec): ProviderRule {
  return {
    id: spec.id,
    kind: spec.kind,
    provider: spec.provider,
    title: spec.title,
    severity: spec.severity ?? 'high',
    owasp: spec.owasp ?? 'NHI7',
    remediation: spec.remediation ?? REMEDIATION_DB,
    keywords: spec.keywords,
    requires: ['@'], // user:password@host
    pattern: urlPattern(spec.schemes),
    confidence: spec.confidence ?? 'high',
    minEntropy: 2,
    stopwords: STOPWORDS,
    allow: [...COMMON_ALLOW, ...(spec.allow ?? [])],
    samples: { tp: (f) => spec.tp(f, pw(f)), fp: spec.fp },
  };
}

export const rules: ProviderRule[] = [
  urlRule({
    id: 'postgres-url-password',
    kind: 'postgres-password',
    provider: 'PostgreSQL',
    title: 'PostgreSQL password in a connection URL',
    schemes: 'postgres(?:ql)?|pgsql|cockroach(?:db)?',
    keywords: ['postgres', 'pgsql', 'cockroach'],
    tp: (f, p) => {
      const q = pw(f);
      const r = pw(f);
      return [
        { text: `DATABASE_URL=postgres://app_user:${p}@db-prod.internal:5432/app?sslmode=require`, secret: p, path: '.env' },
        { text: `engine = create_engine("postgresql+psycopg2://etl:${q}@10.0.3.17/warehouse")`, secret: q, path: 'etl/db.py' },
        { text: `  url: jdbc:postgresql://svc_${f.lower(4)}:${r}@pg.${f.lower(6)}.rds.amazonaws.com:5432/core`, secret: r, path: 'application.yml' },
      ];
    },
    fp: [
      { text: 'DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app', why: 'environment reference' },
      { text: 'postgres://user:password@localhost:5432/mydb', why: 'placeholder password' },
      { text: 'DATABASE_URL=postgres://postgres:postgres@localhost:5432/dev', why: 'password equals the user name (image default)' },
      { text: 'DATABASE_URL=postgresql://localhost/mydb', why: 'no password' },
      { text: 'psql "postgresql://user:<password>@host:5432/db"', why: 'placeholder in angle brackets' },
      { text: 'url = f"postgresql://{user}:{password}@{host}/{db}"', why: 'format-string template' },
      { text: 'postgres://admin:Zk29fLq8@db.example.com/app', why: 'documentation host' },
    ],
  }),
  urlRule({
    id: 'mysql-url-password',
    kind: 'mysql-password',
    provider: 'MySQL',
    title: 'MySQL / MariaDB password in a connection URL',
    schemes: 'mysql|mysqlx|mariadb',
    keywords: ['mysql', 'mariadb'],
    tp: (f, p) => {
      const q = pw(f);
      const r = pw(f);
      return [
        { text: `export DB_URL="mysql://shop:${p}@mysql-primary.${f.lower(5)}.svc:3306/shop"`, secret: p, path: 'deploy.sh' },
        { text: `SQLALCHEMY_DATABASE_URI = 'mysql+pymysql://reporting:${q}@127.0.0.1/reports'`, secret: q, path: 'config.py' },
        { text: `DATASOURCE=jdbc:mariadb://root:${r}@maria:3306/db`, secret: r },
      ];
    },
    fp: [
      { text: 'mysql://root:@localhost/test', why: 'empty password' },
      { text: 'mysql://username:password@example.com/db', why: 'documentation example' },
      { text: 'DATABASE_URL=mysql://root:root@127.0.0.1:3306/app', why: 'password equals the user name' },
      { text: 'dsn = "mysql://%s:%s@%s/%s" % (user, pw, host, name)', why: 'printf template' },
    ],
  }),
  urlRule({
    id: 'mongodb-url-password',
    kind: 'mongodb-password',
    provider: 'MongoDB',
    title: 'MongoDB password in a connection URL',
    schemes: 'mongodb',
    keywords: ['mongodb'],
    tp: (f, p) => {
      const q = pw(f);
      const cluster = `cluster0.${f.lowerAlnum(5)}.mongodb.net`;
      return [
        { text: `MONGODB_URI=mongodb+srv://api:${p}@${cluster}/prod?retryWrites=true&w=majority`, secret: p, path: '.env' },
        { text: `const client = new MongoClient('mongodb://svc:${q}@mongo-0:27017,mongo-1:27017/app?replicaSet=rs0');`, secret: q, path: 'src/db.ts' },
      ];
    },
    fp: [
      { text: 'mongodb+srv://admin:<db_password>@cluster0.ab1cd.mongodb.net/', why: 'Atlas placeholder' },
      { text: 'MONGO_URL=mongodb://user:pass@localhost:27017', why: 'placeholder password' },
      { text: 'MONGO_URL=mongodb://localhost:27017/test', why: 'no credentials' },
      { text: 'uri: mongodb://root:${MONGO_ROOT_PASSWORD}@mongo:27017', why: 'environment reference' },
    ],
  }),
  urlRule({
    id: 'redis-url-password',
    kind: 'redis-password',
    provider: 'Redis',
    title: 'Redis password in a connection URL',
    schemes: 'rediss?|valkey',
    keywords: ['redis', 'valkey'],
    tp: (f, p) => {
      const q = pw(f);
      return [
        { text: `REDIS_URL=redis://:${p}@redis-master.cache.svc:6379/0`, secret: p, path: '.env' },
        { text: `cache: { url: "rediss://default:${q}@${f.lower(8)}.upstash.io:6379" }`, secret: q, path: 'config.js' },
      ];
    },
    fp: [
      { text: 'REDIS_URL=redis://localhost:6379/0', why: 'no password' },
      { text: 'REDIS_URL=redis://:${REDIS_PASSWORD}@redis:6379', why: 'environment reference' },
      { text: 'redis://user@host:6379', why: 'user without password' },
      { text: 'redis://:secret@localhost:6379', why: 'placeholder password' },
    ],
  }),
  urlRule({
    id: 'amqp-url-password',
    kind: 'amqp-password',
    provider: 'RabbitMQ / AMQP',
    title: 'AMQP broker password in a connection URL',
    schemes: 'amqps?',
    keywords: ['amqp'],
    tp: (f, p) => {
      const q = pw(f);
      return [
        { text: `CELERY_BROKER_URL=amqp://worker:${p}@rabbitmq.internal:5672/jobs`, secret: p, path: '.env' },
        { text: `conn = await aio_pika.connect_robust("amqps://svc-${f.lower(4)}:${q}@b-${f.hex(8)}.mq.us-east-1.amazonaws.com:5671/")`, secret: q, path: 'worker.py' },
      ];
    },
    fp: [
      { text: 'AMQP_URL=amqp://guest:guest@localhost:5672/', why: 'RabbitMQ default guest account' },
      { text: 'broker_url = "amqp://user:password@rabbitmq/"', why: 'placeholder password' },
      { text: 'amqp://localhost', why: 'no credentials' },
    ],
  }),
  urlRule({
    id: 'ftp-url-password',
    kind: 'ftp-password',
    provider: 'FTP / SFTP',
    title: 'FTP / SFTP password in a URL',
    schemes: 'ftps?|sftp',
    keywords: ['ftp'],
    remediation: 'Change the FTP account password, switch to key-based SFTP, and keep the credential in a secret store.',
    tp: (f, p) => {
      const q = pw(f);
      return [
        { text: `curl -T build.zip "ftp://deploy:${p}@files.${f.lower(7)}.com/releases/"`, secret: p, path: 'release.sh' },
        { text: `remote: sftp://backup:${q}@10.20.0.5:22/data`, secret: q, path: 'backup.yml' },
      ];
    },
    fp: [
      { text: 'ftp://anonymous:@ftp.gnu.org/gnu/', why: 'anonymous login, empty password' },
      { text: 'sftp://deploy@host/path', why: 'no password' },
      { text: 'ftp://user:pass@ftp.example.com', why: 'documentation example' },
    ],
  }),
  urlRule({
    id: 'mssql-url-password',
    kind: 'mssql-password',
    provider: 'SQL Server',
    title: 'SQL Server password in a connection URL',
    schemes: 'mssql|sqlserver',
    keywords: ['mssql', 'sqlserver'],
    tp: (f, p) => {
      const q = pw(f);
      return [
        { text: `dsn := "sqlserver://sa:${p}@sql01.corp.local:1433?database=billing"`, secret: p, path: 'main.go' },
        { text: `DB_URL=mssql+pyodbc://app:${q}@mssql-${f.lower(4)}/app?driver=ODBC+Driver+18+for+SQL+Server`, secret: q, path: '.env' },
      ];
    },
    fp: [
      { text: 'u := fmt.Sprintf("sqlserver://sa:%s@%s:%d?database=%s", pw, host, port, db)', why: 'printf template' },
      { text: 'mssql://user:{password}@host/db', why: 'template placeholder' },
      { text: 'sqlserver://localhost:1433?database=test', why: 'no credentials' },
    ],
  }),
  urlRule({
    id: 'http-basic-auth-url',
    kind: 'http-basic-auth',
    // A general format: a provider rule that recognises the password itself (ghp_…, glpat-…, ATBB…
    // in `https://x-access-token:<token>@host`) wins over this catch-all on the same text.
    provider: 'HTTP basic auth',
    title: 'Password in an http(s) URL (basic auth)',
    schemes: 'https?',
    keywords: ['http'],
    owasp: 'NHI2',
    confidence: 'medium',
    remediation: 'Rotate the credential at the service it unlocks, and send it at run time (Authorization header from a secret store, netrc, or a credential helper) rather than in the URL.',
    allow: [/^\d{1,5}$/], // a port in a malformed URL, or a trivial numeric password
    tp: (f, p) => {
      const q = pw(f);
      return [
        { text: `registry=https://ci-bot:${p}@nexus.${f.lower(6)}.io/repository/npm/`, secret: p, path: '.npmrc' },
        { text: `requests.get("https://svc_metrics:${q}@grafana.internal/api/health")`, secret: q, path: 'probe.py' },
        { text: `git remote add origin http://jenkins:${p}x@git.corp.local/scm/app.git`, secret: `${p}x`, path: 'setup.sh' },
      ];
    },
    fp: [
      { text: 'curl https://user:password@example.com/', why: 'documentation example' },
      { text: 'see http://user@host/path', why: 'no password' },
      { text: 'git clone https://${GITHUB_TOKEN}@github.com/org/repo.git', why: 'environment reference' },
      { text: 'git clone "https://x-access-token:${{ secrets.GITHUB_TOKEN }}@github.com/org/repo"', why: 'CI secret reference' },
      { text: 'proxy = "http://$PROXY_USER:$PROXY_PASS@proxy:3128"', why: 'shell variables' },
    ],
  }),
  {
    id: 'jdbc-password-property',
    kind: 'jdbc-password',
    provider: 'JDBC',
    title: 'Password property in a JDBC URL',
    severity: 'high',
    owasp: 'NHI7',
    remediation: REMEDIATION_DB,
    keywords: ['jdbc:'],
    // jdbc:<subprotocol>:…[?&;]password=<value>  (PostgreSQL/MySQL use ?…&, SQL Server uses ;)
    pattern: /(?<![A-Za-z0-9_])jdbc:[a-z0-9]{2,20}:[^\s'"`<>]{0,400}?[?&;](?:password|pwd)=(?<secret>[^&;\s'"`<>{}()\\]{1,128})(?![^&;\s'"`<>])/i,
    minEntropy: 2,
    stopwords: STOPWORDS,
    allow: COMMON_ALLOW,
    samples: {
      tp: (f) => {
        const a = pw(f);
        const b = pw(f);
        return [
          { text: `spring.datasource.url=jdbc:postgresql://pg:5432/orders?user=orders&password=${a}&ssl=true`, secret: a, path: 'application.properties' },
          { text: `String url = "jdbc:sqlserver://sql01:1433;databaseName=hr;user=hr_app;password=${b};encrypt=true";`, secret: b, path: 'Db.java' },
        ];
      },
      fp: [
        { text: 'jdbc:mysql://localhost:3306/db?user=root&password=', why: 'empty password' },
        { text: 'url=jdbc:postgresql://host/db?user=app&password=${DB_PASS}', why: 'environment reference' },
        { text: 'jdbc:sqlserver://host;databaseName=x;integratedSecurity=true', why: 'no password' },
      ],
    },
  },
  {
    id: 'jdbc-oracle-thin-password',
    kind: 'jdbc-password',
    provider: 'JDBC',
    title: 'Password in an Oracle thin JDBC URL',
    severity: 'high',
    owasp: 'NHI7',
    remediation: REMEDIATION_DB,
    keywords: ['jdbc:oracle'],
    // jdbc:oracle:thin:<user>/<password>@<host>:<port>:<sid> (Oracle JDBC developer's guide)
    pattern: /jdbc:oracle:(?:thin|oci):(?<user>[\w$#]{1,30})\/(?!\k<user>@)(?<secret>[^\s/@'"`<>{}()\\]{1,128})@(?=[\w(\[/.-])/i,
    minEntropy: 2,
    stopwords: STOPWORDS,
    allow: [...COMMON_ALLOW, ORACLE_DEFAULTS],
    samples: {
      tp: (f) => {
        const a = pw(f);
        const b = pw(f);
        return [
          { text: `db.url=jdbc:oracle:thin:scott_app/${a}@ora-prod:1521:ORCL`, secret: a, path: 'db.properties' },
          { text: `<property name="url" value="jdbc:oracle:thin:gl/${b}@//10.1.1.9:1521/FIN"/>`, secret: b, path: 'context.xml' },
        ];
      },
      fp: [
        { text: 'jdbc:oracle:thin:@localhost:1521:XE', why: 'no credentials in the URL' },
        { text: 'jdbc:oracle:thin:scott/tiger@myhost:1521:orcl', why: 'classic demo account (scott/tiger)' },
        { text: 'jdbc:oracle:thin:system/oracle@localhost:1521:XE', why: 'image default password' },
      ],
    },
  },
  {
    id: 'ado-connection-string-password',
    kind: 'ado-connection-string-password',
    provider: 'ADO.NET / ODBC',
    title: 'Password in an ADO.NET / ODBC / libpq connection string',
    severity: 'high',
    owasp: 'NHI7',
    remediation: `${REMEDIATION_DB} On Azure, prefer Managed Identity (Authentication=Active Directory Managed Identity).`,
    keywords: ['password', 'pwd'],
    // `Password=…;` / `Pwd=…;` in a string that also names the server (`Server=`, `Data Source=`,
    // `Host=`, `Address=`) on the same line, before or after. connectionstrings.com; libpq
    // keyword/value strings (`host=… password=…`).
    pattern: new RegExp(
      String.raw`(?<![\w.-])(?:password|pwd)\s*=\s*(?<secret>[^;'"\s\`<>{}()\[\]\\]{1,128})(?![^;'"\s\`])` +
        String.raw`(?:(?<=(?<![\w.-])(?:server|data\s+source|host|addr|address|network\s+address)\s*=[^\n]{1,600})|(?=[^\n]{0,600}?(?<![\w.-])(?:server|data\s+source|host|addr|address)\s*=))`,
      'i',
    ),
    minEntropy: 2,
    stopwords: STOPWORDS,
    allow: [...COMMON_ALLOW, ORACLE_DEFAULTS, /^my[A-Z_-]?\w*$/],
    samples: {
      tp: (f) => {
        const a = pw(f);
        const b = pw(f);
        const c = pw(f);
        const d = pw(f);
        return [
          {
            text: `"DefaultConnection": "Server=tcp:${f.lower(8)}.database.windows.net,1433;Initial Catalog=orders;User ID=orders_app;Password=${a};Encrypt=True;"`,
            secret: a,
            path: 'appsettings.json',
          },
          { text: `var cs = "Data Source=SQL01;Initial Catalog=HR;User Id=hr;Password=${b}";`, secret: b, path: 'Db.cs' },
          { text: `conn = pyodbc.connect("DRIVER={ODBC Driver 18 for SQL Server};SERVER=sql02;UID=etl;PWD=${c}")`, secret: c, path: 'load.py' },
          { text: `PG_DSN="host=pg.internal port=5432 dbname=app user=app password=${d} sslmode=require"`, secret: d, path: '.env' },
        ];
      },
      fp: [
        { text: '"Server=myServerAddress;Database=myDataBase;User Id=myUsername;Password=myPassword;"', why: 'connectionstrings.com placeholder' },
        { text: 'Data Source=.;Initial Catalog=db;Integrated Security=True', why: 'no password (Windows auth)' },
        { text: 'options = "Password=Xk9mq2Lw7;Timeout=30"', why: 'no server in the string' },
        { text: 'cs = "Server=tcp:{0}.database.windows.net;User ID={1};Password={2};"', why: 'format placeholders' },
        { text: 'Server=db;User Id=app;Password=$(DbPassword);', why: 'MSBuild/pipeline variable' },
        { text: 'Host=localhost;Username=postgres;Password=postgres', why: 'image default password' },
      ],
    },
  },
];
