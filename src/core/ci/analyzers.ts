/**
 * The contract every CI / infrastructure analyzer implements, and the table that picks one by path.
 * Analyzers find how credentials are used (long-lived keys where federation exists, over-broad
 * exposure, identities and their consumers); secret *values* are found by the detection engine.
 */
import type { Finding } from '../types';
import type { CiFileAnalysis, CiPlatform, CiRuleMeta } from './types';
import type { YamlFile } from './yamlFile';

export interface CiInput {
  path: string;
  text: string;
  /** The parsed file, for YAML platforms. */
  yaml?: YamlFile;
  /** Keyed fingerprint of a literal value (for identity uses of literals). */
  fingerprint: (value: string) => string;
  /** Findings of the detection engine in this file (literal credentials), to attach fixes to. */
  secrets: readonly Finding[];
}

export interface CiAnalyzer {
  platform: CiPlatform;
  /** Display name, e.g. `GitLab CI`. */
  name: string;
  /** Does this analyzer own the file? (by path; `text` for content sniffing, e.g. k8s `kind:`) */
  matches: (path: string, text: string) => boolean;
  /** Parse as YAML first (malformed YAML then gives one parse-error finding). */
  yaml: boolean;
  analyze: (input: CiInput) => CiFileAnalysis;
  /** The rules it reports, for `nhi-lens rules` and docs/rules.md. */
  rules?: readonly CiRuleMeta[];
}
