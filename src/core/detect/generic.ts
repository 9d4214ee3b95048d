/**
 * Generic rules: a secret-like name assigned a literal that looks like a real secret, understood
 * per syntax (code assignments, object keys, config files, XML, Dockerfile, CLI flags, headers).
 * The engine calls `analyzeLine` only on lines where a generic keyword occurs.
 */
import type { Confidence } from '../types';
import { allowsBareValues, type Language } from '../syntax/language';
import { charsetOf, shannonEntropy } from './entropy';
import { isPlaceholder } from './filters/placeholder';
import { isReference } from './filters/reference';
import { isDocumentedExample } from './filters/stopwords';
import type { RuleMeta } from './ruleMeta';

export const GENERIC_PASSWORD: RuleMeta = {
  id: 'generic-password', kind: 'password', provider: 'Generic', title: 'Hard-coded password',
  severity: 'high', owasp: 'NHI2', precedence: 0,
  remediation: 'Move the password to a secret manager or an environment variable, rotate it, and read it at run time.',
};
export const GENERIC_SECRET: RuleMeta = {
  id: 'generic-secret', kind: 'generic-secret', provider: 'Generic', title: 'Hard-coded secret or API key',
  severity: 'high', owasp: 'NHI2', precedence: 0,
  remediation: 'Move the secret to a secret manager or an environment variable, revoke and reissue it, and read it at run time.',
};
export const DOCKER_CONFIG_AUTH: RuleMeta = {
  id: 'docker-config-auth', kind: 'docker-registry-credentials', provider: 'Docker', title: 'Container registry credentials in a Docker config auth entry',
  severity: 'high', owasp: 'NHI2', precedence: 0,
  remediation: 'Use a credential helper (credsStore/credHelpers) instead of inline auths; rotate the registry password or token.',
};
export const NETRC_PASSWORD: RuleMeta = {
  id: 'netrc-password', kind: 'password', provider: 'Generic', title: 'Password in a .netrc file',
  severity: 'high', owasp: 'NHI2', precedence: 0,
  remediation: 'Do not commit .netrc; use a credential helper or a CI secret, and rotate the password.',
};

export const GENERIC_KEYWORDS: readonly string[] = [
  'pass', 'pwd', 'secret', 'token', 'apikey', 'api_key', 'api-key', 'access_key', 'accesskey', 'access-key', 'auth', 'cred',
  'private_key', 'privatekey', 'private-key', 'private.key', 'signing', 'encrypt', 'masterkey', 'master_key', 'appkey', 'app_key', 'account_key', 'accountkey',
  'client_key', 'clientkey', 'session_key', 'bearer', 'sas_key', 'saskey',
];

export interface GenericCandidate {
  meta: RuleMeta;
  /** Offsets of the secret inside the line. */
  start: number;
  end: number;
  secret: string;
  confidence: Confidence;
}

const STEM = String.raw`pass(?:word|wd|phrase|wort)?|pwd|secret|tokens?|api[_.-]?keys?|access[_.-]?keys?|auth(?:orization|[_.-]?token|[_.-]?key)?|cred(?:ential)?s?|private[_.-]?keys?|signing[_.-]?keys?|encrypt(?:ion)?[_.-]?keys?|master[_.-]?keys?|app[_.-]?keys?|account[_.-]?keys?|client[_.-]?keys?|session[_.-]?keys?|bearer|sas[_.-]?keys?`;
// `@` and `$` only lead a name (Ruby @ivar, PHP $var): inside, `@` belongs to URLs and e-mail.
const NAME_RE = new RegExp(String.raw`(?<![\w$@.-])[@$]?[\w.-]*?(?:${STEM})[\w.-]*`, 'gi');

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pass', 'pwd', 'passphrase', 'passwort', 'pw']);
const KEY_QUALIFIERS = new Set(['api', 'access', 'private', 'signing', 'encryption', 'encrypt', 'master', 'app', 'account', 'client', 'session', 'auth', 'secret', 'sas', 'service', 'shared', 'hmac', 'webhook', 'license', 'ssh', 'deploy', 'registry', 'storage']);
const TOKENISH = new Set(['secret', 'secrets', 'token', 'tokens', 'credential', 'credentials', 'creds', 'cred', 'apikey', 'apikeys', 'accesskey', 'authkey', 'authtoken', 'privatekey', 'secretkey', 'bearer', 'auth', 'authorization', 'masterkey', 'appkey', 'accountkey', 'clientkey', 'sessionkey', 'saskey']);
/** Last words that make the name describe something other than the secret itself. */
const NON_SECRET_LAST = new Set([
  'url', 'uri', 'urls', 'endpoint', 'path', 'file', 'filename', 'filepath', 'dir', 'directory', 'name', 'names', 'type', 'types', 'id', 'ids',
  'label', 'field', 'fields', 'placeholder', 'prompt', 'length', 'len', 'size', 'count', 'min', 'max', 'regex', 'regexp', 'pattern', 'format',
  'policy', 'hint', 'header', 'headers', 'prefix', 'suffix', 'expiry', 'expires', 'expiration', 'expire', 'ttl', 'timeout', 'enabled', 'enable',
  'disabled', 'required', 'mode', 'version', 'method', 'methods', 'hash', 'hashed', 'digest', 'salt', 'algorithm', 'alg', 'strategy', 'provider',
  'store', 'storage', 'manager', 'service', 'env', 'var', 'variable', 'param', 'ref', 'reference', 'arn', 'location', 'mount', 'input', 'output',
  'link', 'reset', 'reminder', 'validator', 'validation', 'rules', 'rule', 'strength', 'template', 'lifetime', 'limit', 'source', 'generator',
  'callback', 'handler', 'class', 'schema', 'index', 'idx', 'number', 'num', 'date', 'at', 'time', 'timestamp', 'scope', 'scopes', 'audience',
  'issuer', 'kind', 'usage', 'encoding', 'bits', 'flag', 'flags', 'error', 'errors', 'message', 'msg', 'text', 'title', 'description', 'desc',
  'doc', 'docs', 'help', 'example', 'sample', 'test', 'mock', 'fake', 'dummy', 'policy', 'option', 'options', 'config', 'settings', 'selector',
  'button', 'input', 'form', 'page', 'view', 'route', 'screen', 'dialog', 'modal', 'component', 'icon', 'color', 'style', 'width', 'height',
  'visible', 'visibility', 'status', 'state', 'changed', 'updated', 'created', 'exists', 'valid', 'invalid', 'expired', 'refreshed', 'cache',
  'key_id', 'keyid', 'owner', 'user', 'username', 'login', 'email', 'account', 'host', 'port', 'region', 'bucket', 'table', 'queue', 'topic',
  'sid', 'parser', 'lexer', 'tokenizer', 'type', 'kind', 'stream', 'list', 'map', 'set', 'array', 'dict', 'count', 'counter', 'lock',
  'sha', 'sha1', 'sha256', 'sha512', 'md5', 'checksum', 'fingerprint', 'thumbprint', 'crc', 'crc32',
]);
/** Words that make a token or key something other than a credential: pagination, idempotency, parsing… */
const NOT_A_CREDENTIAL = new Set([
  'next', 'page', 'paging', 'pagination', 'continuation', 'change', 'cursor', 'marker', 'idempotency', 'validity', 'challenge', 'selection',
  'expression', 'generation', 'verifier', 'mfa', 'units', 'subject', 'from', 'tokenizer', 'lexer', 'csrf', 'xsrf', 'export', 'import', 'copy',
  'sync', 'update', 'request', 'sort', 'split', 'parse', 'cancellation', 'resume', 'notification', 'push', 'fcm', 'apns', 'device',
]);
/** Words allowed after the secret word in a name: variants of the value, environments, versions. */
const TRAILING_OK = new Set([
  'value', 'val', 'string', 'str', 'base64', 'b64', 'hex', 'raw', 'plain', 'plaintext', 'data', 'bytes', 'enc', 'encoded', 'prod', 'production', 'dev',
  'development', 'staging', 'stage', 'stg', 'test', 'testing', 'qa', 'uat', 'live', 'sandbox', 'local', 'default', 'v', 'old', 'new', 'base',
  'secret', 'key', 'keys', 'token', 'main', 'primary', 'secondary', 'backup', 'override', 'pwd', 'pass', 'password', 'cred', 'creds', 'credential',
  'credentials', 'literal', 'internal', 'external', 'admin', 'root', 'master', 'ci',
]);
const NON_SECRET_FIRST = new Set(['public', 'pub', 'no', 'skip', 'disable', 'is', 'has', 'show', 'hide', 'use', 'should', 'allow', 'require', 'forgot', 'reset', 'confirm', 'new', 'old', 'max', 'min', 'get', 'set', 'validate', 'check', 'verify', 'on', 'handle', 'with', 'without', 'needs']);

/** Splits `dbPassword`, `DB_PASSWORD`, `db.password`, `$db-password` into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/^[$@:]+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase().replace(/^(key|token|secret|password|pat)\d+$/, '$1')); // storage key1, token2
}

export type NameClass = 'password' | 'secret' | undefined;

export function classifyName(name: string): NameClass {
  const words = nameWords(name);
  if (words.length === 0) return undefined;
  const last = words[words.length - 1];
  if (NON_SECRET_LAST.has(last) || NON_SECRET_FIRST.has(words[0])) return undefined;
  if (words.some((w) => NOT_A_CREDENTIAL.has(w))) return undefined;
  // The secret word must name the value itself: only words like `value`, `prod`, `b64` may follow
  // it (DB_PASSWORD_PROD, apiKeyValue), not another noun (ApiKeySelectionExpression).
  let cls: NameClass;
  let at = -1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (PASSWORD_WORDS.has(w)) {
      cls = 'password';
      at = i;
    } else if (TOKENISH.has(w) || ((w === 'key' || w === 'keys') && i > 0 && KEY_QUALIFIERS.has(words[i - 1]))) {
      if (cls !== 'password') cls = 'secret';
      at = i;
    }
  }
  if (!cls) return undefined;
  for (let i = at + 1; i < words.length; i++) if (!TRAILING_OK.has(words[i]) && !/^\d+$/.test(words[i])) return undefined;
  return cls;
}

const TYPE_ANNOTATION = /^\s*:\s*&?'?[A-Za-z_][\w.<>[\]|?' ]*?\s*(?==(?!=))/;
const OPERATOR = /^\s*(?::=|=>|\?\?=|\|\|=|=(?![=~>])|:(?![:\\/]))\s*/;
const CLOSERS = /^(?:["'`]\s*)?(?:\]\s*)?/;
const AUTH_SCHEME = /^["']?(Bearer|Basic|Token|token|bearer|Digest|Splunk|SSWS|GenieKey|Api-Key|apikey)\s+/;
const AUTH_SCHEME_TOKEN = /^(Bearer|Basic|Token|token|bearer)\s+([A-Za-z0-9._~+/=-]+)/;
const BARE_VALUE = /^[^\s'"`]+/;
/** Bare values are tokens: brackets and angle brackets mean code, types or markup. */
const BARE_NOT_LITERAL = /[()<>[\]{}]/;
const AFTER_BARE = /^(?:[,;)}\]]*\s*$|[,;)}\]]*\s+(?:#|\/\/|--|;|\\$))/;

interface Extracted { value: string; start: number; quoted: boolean; scheme?: string }

/** A bare value ends at `;`, `&` or `,` (connection strings, query strings, lists) and before closing punctuation it did not open. */
function trimBare(raw: string): string {
  let v = raw.split(/[;&,]/, 1)[0];
  for (const [open, close] of [['(', ')'], ['{', '}'], ['[', ']']]) {
    while (v.endsWith(close) && v.split(open).length <= v.split(close).length - 1) v = v.slice(0, -1);
  }
  return v;
}

function isCommandLike(lang: Language): boolean {
  return lang === 'shell' || lang === 'powershell' || lang === 'dockerfile' || lang === 'makefile';
}

/** Reads the literal that starts at `pos` in `line`. */
function readValue(line: string, pos: number, lang: Language): Extracted | undefined {
  let p = pos;
  const rest = line.slice(p);
  const prefix = /^(?:new\s+String\s*\(\s*|String\s*\(\s*|[rRbBuU]{1,2}(?=["'])|@(?=")|f(?=["']))/.exec(rest);
  if (prefix) {
    if (prefix[0] === 'f') return undefined; // Python f-string: interpolated, not a literal
    p += prefix[0].length;
  }
  const q = line[p];
  if (q === '"' || q === "'" || q === '`') {
    let i = p + 1;
    while (i < line.length && line[i] !== q) i += line[i] === '\\' ? 2 : 1;
    if (i >= line.length) return undefined; // unterminated on this line: multi-line strings are skipped
    const raw = line.slice(p + 1, i);
    if (q === '`' && raw.includes('${')) return undefined;
    return { value: raw, start: p + 1, quoted: true };
  }
  if (!allowsBareValues(lang)) return undefined;
  const m = BARE_VALUE.exec(line.slice(p));
  if (!m) return undefined;
  // `#` inside a bare value is part of it; a comment needs white space before it.
  const value = trimBare(m[0]);
  if (BARE_NOT_LITERAL.test(value)) return undefined;
  // In commands, more arguments may follow; in config files a value with spaces is prose.
  if (!isCommandLike(lang) && value.length === m[0].length && !AFTER_BARE.test(line.slice(p + value.length))) return undefined;
  return { value, start: p, quoted: false };
}

/** Unwraps `Bearer X`, `Basic X` and similar header values to the credential part. */
function unwrapScheme(ex: Extracted): Extracted {
  const m = AUTH_SCHEME.exec(ex.value);
  if (!m) return ex;
  const token = /^[A-Za-z0-9._~+/=-]+/.exec(ex.value.slice(m[0].length));
  if (!token) return ex;
  return { value: token[0], start: ex.start + m[0].length, quoted: ex.quoted, scheme: m[1] };
}

const REGEX_LIKE = /\\[dwsbDWSB]|\[[^\]]*-[^\]]*\]|\{\d+(,\d*)?\}|\(\?[:=!<]|^\^|\$$/;
/** bcrypt, argon2, scrypt and crypt(3) SHA hashes, Django's PBKDF2 format. */
const PASSWORD_HASH = /^(?:\$(?:2[abxy]?|argon2(?:id|i|d)|scrypt|[156])\$|pbkdf2_sha(?:1|256|512)\$)/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WORDY = [
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/, // CONSTANT_NAME
  /^[a-z]+(?:[_.:/*-][a-z]+)+[*]?$/i, // snake_words, kebab-words, dotted.words, Header-Names, scope:names
  /^[a-z]+(?:[A-Z][a-z]+)+$/, // camelCaseWords
  /^[A-Z][a-z]+(?:[A-Z][a-z]+)+$/, // PascalCaseWords
  /^_*[A-Za-z]+$/, // a single word or identifier (_RSAPrivateKey): too weak to call a secret without a provider format
  /^[A-Za-z]+(?:[-_.][A-Za-z]+)*[-_.]?\d{1,4}$/, // words and a short number: item-17, release_2024
];

/**
 * A type or class name made of real words: `V1ServiceAccountTokenProjection`, `OAuth2Credentials`.
 * Random tokens split into camel-case fragments of one or two letters, so they do not pass.
 */
function isTypeName(value: string): boolean {
  if (!/^[A-Z][A-Za-z0-9]+$/.test(value)) return false;
  const words = nameWords(value);
  return words.length >= 2 && words.every((w) => /^(?:[a-z]|[a-z]{3,}|[a-z]{0,5}\d{1,2}|[a-z]{1,3}\d[a-z]*)$/.test(w)) && words.filter((w) => /^[a-z]{4,}\d*$/.test(w)).length >= 2;
}

/** A module or type path segment: lower_snake (digits allowed) or a type name. */
function isModuleSegment(s: string): boolean {
  return /^[a-z][a-z0-9_]*$/.test(s) || /^[A-Z][a-z]{2,}$/.test(s) || isTypeName(s);
}

/** `storage_v1_client`, `my-service-v2`: lower-case words with separators and few digits. */
function isLowerIdentifier(value: string): boolean {
  if (!/^[a-z][a-z0-9]*(?:[_.:-][a-z0-9]+)+$/.test(value)) return false;
  const digits = value.replace(/\D/g, '').length;
  return digits <= Math.max(2, value.length * 0.15) && value.split(/[_.:-]/).every((s) => s.length <= 15);
}

function classes(value: string): number {
  let n = 0;
  if (/[a-z]/.test(value)) n++;
  if (/[A-Z]/.test(value)) n++;
  if (/[0-9]/.test(value)) n++;
  if (/[^A-Za-z0-9]/.test(value)) n++;
  return n;
}

let ownedPrefixes: readonly string[] = [];

/**
 * Value prefixes that provider rules own (`ghp_`, `glpat-`, `xoxb-`, `AKIA`, `eyJ`…): a value that
 * starts with one is reported by that rule when it has the format, and is a near miss — not a
 * generic secret — when it does not. Set by the engine from the provider rules' keywords.
 */
export function setOwnedPrefixes(keywords: Iterable<string>): void {
  ownedPrefixes = [...new Set(keywords)].filter((k) => k.length >= 3 && !(k.length >= 5 && /^[a-z]+$/.test(k)));
}

function ownedByProvider(value: string): boolean {
  const lower = value.slice(0, 40).toLowerCase();
  return ownedPrefixes.some((p) => lower.startsWith(p));
}

/** Does the literal look like a real secret for a name of this class? */
export function looksLikeSecret(value: string, cls: 'password' | 'secret'): boolean {
  if (value.length > 500 || /\s/.test(value)) return false;
  if (ownedByProvider(value)) return false;
  // Human fill-ins that spell the name back: Pass@Word1, MySecretPass, p4ssw0rd.
  if (/passwor?d|secret|example/.test(value.toLowerCase().replace(/[^a-z0-9]/g, '').replace(/0/g, 'o').replace(/4/g, 'a'))) return false;
  if (isReference(value) || isPlaceholder(value) || isDocumentedExample(value)) return false;
  if (REGEX_LIKE.test(value)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return false; // URLs: the connection-string rules own them
  if (/^(?:arn|urn|amzn1|ocid1):/i.test(value)) return false; // resource names are identifiers
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/.test(value) || /\.(?:pem|key|p12|pfx|json|ya?ml|txt|crt|cer|der|jks|keystore|env)$/i.test(value)) return false;
  if (/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(value)) return false; // e-mail address
  if (UUID.test(value) || /^sha(1|256|384|512)-/.test(value) || /^data:/.test(value)) return false;
  if (PASSWORD_HASH.test(value)) return false; // a stored hash, not the password
  if (/^pub[0-9a-f]{32}$/.test(value)) return false; // Datadog RUM client tokens are public by design
  if (/^\d+$/.test(value) || /^v?\d+(\.\d+)+/.test(value)) return false; // numbers, versions
  if (/^(true|false|yes|no|on|off|null|none|nil|undefined)$/i.test(value)) return false;
  if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+(\(\))?$/.test(value) && !/\d/.test(value)) return false; // a.b.c member paths
  if (value.includes('.') && value.split('.').every(isModuleSegment)) return false; // google_oauth2.Credentials
  if (isTypeName(value)) return false; // V1ServiceAccountTokenProjection
  if (/[()[\]{}<>]/.test(value)) return false; // types, calls, templates: list[V1Object], TOKEN_{}
  if (/%[-+ #0]*\d*(?:\.\d+)?[sdifxr]|%\([\w]+\)[sd]/.test(value)) return false; // printf placeholders: 'InvalidToken:%s'
  if (/=[^=]/.test(value)) return false; // key=value lists and query strings; base64 pads only at the end
  if (isLowerIdentifier(value)) return false; // storage_v1_client, my-service-v2
  if (WORDY.some((re) => re.test(value))) return false;
  const entropy = shannonEntropy(value);
  if (cls === 'password') {
    return value.length >= 6 && classes(value) >= 2 && entropy >= 2.3;
  }
  if (value.length < 12) return false;
  const cs = charsetOf(value);
  if (cs === 'hex') return value.length >= 20 && entropy >= 3.0; // shorter hex strings are ids and hashes
  if (cs === 'digits') return false;
  if (classes(value) < 2) return false;
  const threshold = value.length < 16 ? 3.2 : value.length < 24 ? 3.4 : 3.6;
  return entropy >= threshold;
}

function confidenceFor(value: string, cls: 'password' | 'secret'): Confidence {
  if (cls === 'secret' && value.length >= 24 && shannonEntropy(value) >= 4.2) return 'high';
  return 'medium';
}

/** `user:password` inside a Docker config `auth` (base64). */
function dockerAuth(value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length < 8) return false;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i <= 0 || !/^[\x20-\x7e]+$/.test(decoded)) return false;
  const password = decoded.slice(i + 1);
  return password.length >= 4 && !isPlaceholder(password) && !isReference(password);
}

function candidateFor(name: string, ex: Extracted, lang: Language): GenericCandidate | undefined {
  const lowerName = name.replace(/^[$@:]+/, '').toLowerCase();
  if (lowerName === 'auth' && lang === 'json' && dockerAuth(ex.value)) {
    return { meta: DOCKER_CONFIG_AUTH, start: ex.start, end: ex.start + ex.value.length, secret: ex.value, confidence: 'high' };
  }
  let cls = classifyName(name);
  if (!cls) return undefined;
  const un = ex.scheme ? ex : unwrapScheme(ex);
  if (un.scheme === 'Basic') {
    // Basic credentials are base64 of user:password: judge the password, not the encoding.
    const decoded = Buffer.from(un.value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0 && /^[\x20-\x7e]+$/.test(decoded) && !looksLikeSecret(decoded.slice(colon + 1), 'password')) return undefined;
    cls = 'secret';
  }
  if (!looksLikeSecret(un.value, cls)) return undefined;
  const meta = cls === 'password' ? GENERIC_PASSWORD : GENERIC_SECRET;
  return { meta, start: un.start, end: un.start + un.value.length, secret: un.value, confidence: confidenceFor(un.value, cls) };
}

const XML_ELEMENT = /<([\w:.-]+)(?:\s[^>]*)?>([^<\s]+)<\/\1\s*>/g;
const XML_KEY_VALUE = /\b(?:key|name)\s*=\s*"([^"]+)"\s+value\s*=\s*"([^"]*)"/gi;
const DOCKER_ENV_SPACE = /^\s*(?:ENV|ARG)\s+([A-Za-z_][\w]*)\s+(?!=)/i;
const CLI_FLAG = /(?:^|\s)--?([A-Za-z][\w-]*)(?:\s+|=)(?=["']?[^\s-])/g;
const DEFINE_HINT = /define|env|setdefault/i;
const DEFINE_CALL = /\b(?:define|setenv|putenv|Setenv|SetEnvironmentVariable|environ\.setdefault)\s*\(\s*["']([\w.-]+)["']\s*,\s*/g;
const NETRC_PASSWORD_RE = /\bpassword\s+(\S+)/g;
const PAIR_NAME = /\b(?:name|key)["']?\s*[:=]\s*["']?([\w.-]+)["']?/;
const PAIR_VALUE = /["']?\bvalue["']?\s*[:=]\s*/;
const NEXT_LINE_VALUE = /^\s*-?\s*["']?value["']?\s*[:=]\s*/;

/**
 * Finds generic secret assignments on one line. `next` is the following line (for YAML and
 * XML `name:`/`value:` pairs written on two lines); returned offsets are relative to `line`, or to
 * `next` when `onNext` is set.
 */
export function analyzeLine(line: string, lang: Language, next?: string): Array<GenericCandidate & { onNext?: boolean }> {
  const out: Array<GenericCandidate & { onNext?: boolean }> = [];
  const push = (c: GenericCandidate | undefined, onNext = false) => {
    if (c && !out.some((o) => o.start === c.start && !!o.onNext === onNext)) out.push({ ...c, onNext });
  };

  if (lang === 'netrc') {
    for (const m of line.matchAll(NETRC_PASSWORD_RE)) {
      const value = m[1];
      const start = (m.index ?? 0) + m[0].length - value.length;
      if (looksLikeSecret(value, 'password')) push({ meta: NETRC_PASSWORD, start, end: start + value.length, secret: value, confidence: 'high' });
    }
    return out;
  }

  if (lang === 'xml' || lang === 'html' || lang === 'csharp' || lang === 'java') {
    for (const m of line.matchAll(XML_ELEMENT)) {
      const start = (m.index ?? 0) + m[0].indexOf('>') + 1;
      push(candidateFor(m[1], { value: m[2], start, quoted: true }, lang));
    }
    for (const m of line.matchAll(XML_KEY_VALUE)) {
      const start = (m.index ?? 0) + m[0].lastIndexOf('"' + m[2] + '"') + 1;
      push(candidateFor(m[1], { value: m[2], start, quoted: true }, lang));
    }
  }

  if (lang === 'dockerfile') {
    const m = DOCKER_ENV_SPACE.exec(line);
    if (m) {
      const ex = readValue(line, m[0].length, 'shell');
      if (ex) push(candidateFor(m[1], ex, lang));
    }
  }

  if (line.includes('(') && DEFINE_HINT.test(line)) {
    DEFINE_CALL.lastIndex = 0;
    for (let m = DEFINE_CALL.exec(line); m; m = DEFINE_CALL.exec(line)) {
      const ex = readValue(line, m.index + m[0].length, lang);
      if (ex) push(candidateFor(m[1], ex, lang));
    }
  }

  if (line.includes(' -') || line.startsWith('-')) {
    CLI_FLAG.lastIndex = 0;
    for (let m = CLI_FLAG.exec(line); m; m = CLI_FLAG.exec(line)) {
      if (!classifyName(m[1])) continue;
      const ex = readValue(line, m.index + m[0].length, 'shell');
      if (ex) push(candidateFor(m[1], ex, lang));
    }
  }

  NAME_RE.lastIndex = 0;
  for (let m = NAME_RE.exec(line); m; m = NAME_RE.exec(line)) {
    const name = m[0].replace(/[.-]+$/, '');
    if (m.index >= 2 && line[m.index - 1] === ':' && line[m.index - 2] === ':') continue; // AWS::Type::ApiKey, Ruby/C++ scopes
    let pos = m.index + m[0].length;
    pos += CLOSERS.exec(line.slice(pos))![0].length;
    const typed = TYPE_ANNOTATION.exec(line.slice(pos));
    if (typed) pos += typed[0].length;
    const op = OPERATOR.exec(line.slice(pos));
    if (!op) continue;
    pos += op[0].length;
    if (pos >= line.length) {
      // `- name: DB_PASSWORD` / `key: API_TOKEN` then `value: …` on the next line (k8s env, GitLab variables).
      continue;
    }
    const scheme = AUTH_SCHEME_TOKEN.exec(line.slice(pos));
    if (scheme) {
      const start = pos + scheme[0].length - scheme[2].length;
      push(candidateFor(name, { value: scheme[2], start, quoted: false, scheme: scheme[1] }, lang));
      continue;
    }
    const ex = readValue(line, pos, lang);
    if (ex) {
      push(candidateFor(name, ex, lang));
      NAME_RE.lastIndex = Math.max(NAME_RE.lastIndex, ex.start + ex.value.length); // names inside a value are not names
    }
  }

  // `name: SECRET_NAME` + `value: literal` pairs, on one line or split over two.
  if (lang === 'yaml' || lang === 'json' || lang === 'hcl' || lang === 'javascript' || lang === 'python' || lang === 'groovy') {
    const pair = PAIR_NAME.exec(line);
    if (pair && classifyName(pair[1])) {
      const after = pair.index + pair[0].length;
      const v = PAIR_VALUE.exec(line.slice(after));
      if (v) {
        const ex = readValue(line, after + v.index + v[0].length, lang);
        if (ex) push(candidateFor(pair[1], ex, lang));
      } else if (next) {
        const v2 = NEXT_LINE_VALUE.exec(next);
        const ex = v2 && readValue(next, v2[0].length, lang);
        if (ex) push(candidateFor(pair[1], ex, lang), true);
      }
    }
  }
  return out;
}
