import type { Confidence } from '../types';
import type { RuleInfo } from '../detect/ruleMeta';
import type { Fake } from './fake';

/** A line of text the rule must report (true positive), built at run time from fake parts. */
export interface TruePositiveSample {
  /** The text to scan (one or more lines). */
  text: string;
  /** The exact secret the finding must cover; when given, the range is checked against it. */
  secret?: string;
  /** Path to scan it as (default `sample.txt`), for rules or filters that depend on the file type. */
  path?: string;
}

/** Text that looks close but must not be reported, and why. */
export interface FalsePositiveSample {
  text: string;
  /** Why it is not a finding (placeholder, low entropy, wrong length, …). */
  why: string;
  path?: string;
}

/**
 * A detector for one credential format. Each rule lives beside its own true- and false-positive
 * samples; `test/core/rules/registry.test.ts` runs every sample through the real engine.
 */
export interface ProviderRule extends RuleInfo {
  /**
   * Lower-case literal substrings. The rule only runs on lines containing one of them (the
   * prefilter); at least one keyword must occur on the line where the match starts.
   */
  keywords: string[];
  /**
   * The format. A named group `secret` marks the credential inside the match; without it the whole
   * match is the secret. Flags `g` and `d` are added by the engine. Use `\b` or explicit
   * boundaries so a longer random string does not match in part.
   */
  pattern: RegExp;
  /**
   * Case-sensitive literals that must all occur in the line (or window) for the regex to run: a
   * cheap native gate for rules whose keyword is common (`http` lines without `@` hold no basic auth).
   */
  requires?: string[];
  /** When set, a match may run over several lines, at most this many characters past its start line. */
  multiline?: number;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  minEntropy?: number;
  /** Checksum or structure check. `true` raises confidence to high; `false` lowers it. */
  verify?: (secret: string) => boolean;
  /** When `verify` fails, drop the match entirely instead of lowering confidence. */
  dropUnverified?: boolean;
  /**
   * Set by the registry for formats shared by many providers (JWT, PEM keys, connection URLs): a
   * provider-specific rule reporting the same text wins over them.
   */
  generalFormat?: boolean;
  /** Base confidence before adjustments; default `high`. */
  confidence?: Confidence;
  /** Case-insensitive substrings of the secret that mark a documented example or placeholder. */
  stopwords?: string[];
  /** Secrets matching any of these are not findings. */
  allow?: RegExp[];
  samples: {
    tp: (fake: Fake) => TruePositiveSample[];
    fp: FalsePositiveSample[];
  };
}
