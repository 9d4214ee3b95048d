import type { RuleInfo } from '../detect/ruleMeta';
import type { Confidence, Fix, Range, RelatedLocation } from '../types';

export type CiPlatform = 'github' | 'gitlab' | 'azure' | 'circleci' | 'bitbucket' | 'jenkins' | 'dockerfile' | 'compose' | 'kubernetes' | 'terraform' | 'docs';

/** A CI / identity rule: what a finding says about it. */
export type CiRuleMeta = RuleInfo;

/** A finding before masking and ordering: a located message, optional fixes. */
export interface CiCandidate {
  meta: CiRuleMeta;
  range: Range;
  /** Specific message; defaults to the rule title. */
  message?: string;
  confidence?: Confidence;
  /** Identity by name (secret or variable name, credentials id); never a value. */
  identity?: string;
  related?: RelatedLocation[];
  fixes?: Fix[];
  /** Stable text the fingerprint is computed from (with the rule id); default: identity or the range's text. */
  fingerprintSource?: string;
}

/** Kinds of machine identity a workspace refers to. */
export type IdentityKind = 'ci-secret' | 'ci-variable' | 'jenkins-credential' | 'service-connection' | 'literal' | 'cloud-key-pair';

/**
 * One place where an identity is consumed. Names and fingerprints only: never a value.
 */
export interface IdentityUse {
  /** Stable key of the identity: `<platform>:<kind>:<name>` or `literal:<fingerprint>`. */
  key: string;
  kind: IdentityKind;
  /** Display name: the secret or variable name, credentials id, or a redacted preview. */
  name: string;
  platform: CiPlatform | 'file';
  path: string;
  range: Range;
  /** Workflow or pipeline name (GitHub workflow `name:` or file name). */
  workflow?: string;
  job?: string;
  step?: string;
  /** Deployment environment (GitHub `environment:`, GitLab `environment:`…). */
  environment?: string;
  /** Branch filters that gate the run, when declared. */
  branches?: string[];
  /** Keyed fingerprint, for literals. */
  fingerprint?: string;
}

export interface CiFileAnalysis {
  candidates: CiCandidate[];
  uses: IdentityUse[];
  /** Fixes for the engine's literal-credential findings (`CiInput.secrets`), by index. */
  secretFixes?: Map<number, Fix[]>;
}
