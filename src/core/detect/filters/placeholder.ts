import { containsExampleMarker } from './stopwords';

/**
 * True for values that stand in for a secret: `changeme`, `<your-token>`, `xxxx…`, `***`, `TODO`,
 * `your_api_key_here`, runs of one character, and the like.
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  const lower = v.toLowerCase();
  if (/^[<\[{(].*[>\]})]$/.test(v)) return true; // <your-token>, [TOKEN], {token}
  if (/<[A-Za-z][\w .-]*>/.test(v)) return true; // a <placeholder> inside: doo_v1_<token>
  if (/(x{4,}|\*{3,}|#{4,}|\.{3,}|…|0{8,})/i.test(v)) return true;
  if (/^(.)\1+$/.test(v)) return true; // aaaaaaaa
  if (/^(.{1,3})\1{3,}$/.test(v)) return true; // abcabcabcabc, 1212121212
  if (/^(todo|tbd|tba|fixme|none|null|nil|undefined|empty|unset|n\/a|na|false|true)$/.test(lower)) return true;
  if (/(?<![a-z0-9])(todo|fixme|tbd)(?![a-z0-9])/.test(lower)) return true;
  if (/(^|[^a-z])your|yourkey|yourtoken|yoursecret|mykey|mytoken|mysecret|mypassword/.test(lower)) return true;
  if (/^(test|testing|secret|password|passwd|token|apikey|api_key|key|pass|admin|root|default|foo|bar|baz|qwerty|letmein|hunter2|abc123|123456|12345678|123456789|1234567890)$/.test(lower)) return true;
  if (containsExampleMarker(v)) return true;
  if (/(abcdef|123456|qwerty)/i.test(v) && /^(?:[a-z]+|\d+|[a-z]+\d+|\d+[a-z]+)$/i.test(v)) return true;
  if (/0123456789|123456789a|abcdefghij|a1b2c3|abcd1234|1234abcd/i.test(v)) return true; // typed-in sequences, not random
  return false;
}
