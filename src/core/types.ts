/** Shared vocabulary of the engine. Nothing here imports `vscode`. */

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export type Confidence = 'low' | 'medium' | 'high';
export const CONFIDENCES: readonly Confidence[] = ['low', 'medium', 'high'];

/** OWASP Non-Human Identities Top 10 (2025) item ids. */
export type OwaspNhiId =
  | 'NHI1' | 'NHI2' | 'NHI3' | 'NHI4' | 'NHI5'
  | 'NHI6' | 'NHI7' | 'NHI8' | 'NHI9' | 'NHI10';

/** 0-based, end-exclusive range of the secret itself (so an editor can underline exactly it). */
export interface Range {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface Finding {
  /** Detector that produced it, e.g. `github-pat`. */
  ruleId: string;
  /** Credential kind, e.g. `github-token`, `aws-access-key`. */
  kind: string;
  /** Provider or family, e.g. `GitHub`, `Generic`. */
  provider: string;
  title: string;
  severity: Severity;
  confidence: Confidence;
  /** Path as given to the scanner (workspace-relative for the CLI). */
  path: string;
  range: Range;
  /**
   * At most the first 4 characters of the secret followed by `…`. Never the value. Empty for
   * findings about how a credential is used rather than about a value (CI rules).
   */
  redacted: string;
  /**
   * HMAC-SHA256 of the secret value under the fingerprint key, hex. For findings without a value,
   * the keyed hash of the rule and the identity or construct concerned, so it stays stable.
   */
  fingerprint: string;
  /** The machine identity concerned by name (CI secret or variable name, credentials id) — never a value. */
  identity?: string;
  /** Other places that matter: the same identity elsewhere, the job that grants it, … */
  related?: RelatedLocation[];
  /** Edits that resolve the finding, computed here; the extension offers them as quick fixes. */
  fixes?: Fix[];
  /** OWASP NHI Top 10 (2025) item. */
  owasp: OwaspNhiId;
  /** One-line remediation hint. */
  remediation: string;
  /** Why confidence was adjusted (checksum verified, test path, …). */
  notes?: string[];
  /** Extra location detail for container formats (notebook cell and line in the cell). */
  context?: { decodedFrom?: 'base64'; cell?: number };
  /** Present when the finding is suppressed (inline comment or baseline); kept for SARIF. */
  suppressed?: Suppression;
}

export interface RelatedLocation {
  path: string;
  range: Range;
  message: string;
}

/** A replacement of the text in `range` (0-based, end-exclusive) by `newText`. */
export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  /** What it does, as a quick-fix title: "Use OIDC (role-to-assume) instead of access keys". */
  title: string;
  /** Edits to the finding's file, non-overlapping. */
  edits: TextEdit[];
  /** Placeholders the user must complete (e.g. `<ROLE_ARN>`), listed for the report. */
  placeholders?: string[];
}

export interface Suppression {
  kind: 'inline' | 'baseline';
  /** The reason recorded in the comment (`nhi-lens-ignore: reason`). */
  reason?: string;
}
