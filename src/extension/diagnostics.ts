/**
 * Findings in the store → VS Code diagnostics: the underline covers exactly the secret, the
 * message names the credential kind, the OWASP NHI item and a redacted preview, `code` links to
 * the rule's documentation, and related information points at the other places where the same
 * credential (fingerprint) appears.
 */
import * as vscode from 'vscode';
import { owaspLabel } from '../core/owasp';
import { ruleHelpUri } from '../core/reports/model';
import { SEVERITIES, type Finding, type Severity } from '../core/types';
import type { FindingsStore } from './store';
import { readSettings } from './settings';
import { toRange } from './ranges';

export const DIAGNOSTIC_SOURCE = 'NHI Lens';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  critical: vscode.DiagnosticSeverity.Error,
  high: vscode.DiagnosticSeverity.Error,
  medium: vscode.DiagnosticSeverity.Warning,
  low: vscode.DiagnosticSeverity.Information,
  info: vscode.DiagnosticSeverity.Hint,
};

export function diagnosticMessage(f: Finding): string {
  const preview = f.redacted ? ` "${f.redacted}"` : f.identity ? ` (${f.identity})` : '';
  return `${f.title}${preview}: ${f.kind}, ${owaspLabel(f.owasp)}. ${f.remediation}`;
}

export function atOrAbove(threshold: Severity): (f: Finding) => boolean {
  const min = SEVERITIES.indexOf(threshold);
  return (f) => SEVERITIES.indexOf(f.severity) >= min;
}

export function toDiagnostic(f: Finding, others: Array<{ uri: vscode.Uri; finding: Finding }>): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(f.range), diagnosticMessage(f), SEVERITY[f.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: f.ruleId, target: vscode.Uri.parse(ruleHelpUri(f.ruleId)) };
  const related: vscode.DiagnosticRelatedInformation[] = others.map(
    (o) => new vscode.DiagnosticRelatedInformation(new vscode.Location(o.uri, toRange(o.finding.range)), `same credential (${o.finding.kind}) here`),
  );
  d.relatedInformation = related.length ? related.slice(0, 20) : undefined;
  return d;
}

/** Files rendered synchronously per change; beyond that, rendering yields to the event loop. */
const SYNC_LIMIT = 16;
/** Longest slice of rendering before yielding (the extension host must stay responsive). */
const SLICE_MS = 8;

export class DiagnosticsView implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  private readonly pending = new Map<string, vscode.Uri>();
  private draining = false;

  constructor(
    private readonly collection: vscode.DiagnosticCollection,
    private readonly store: FindingsStore,
  ) {
    this.subscription = store.onDidChange((uris) => this.refresh(uris));
  }

  /** Refreshes `uris` and every file that shares a credential with them (their related info changed). */
  refresh(uris?: readonly vscode.Uri[]): void {
    if (!uris) {
      this.collection.clear();
      uris = [...this.store.all()].map((e) => e.uri);
    }
    const todo = new Map<string, vscode.Uri>();
    for (const uri of uris) {
      todo.set(uri.toString(), uri);
      for (const f of this.store.findings(uri)) {
        if (!f.redacted) continue;
        for (const p of this.store.placesOf(f.fingerprint)) todo.set(p.uri.toString(), p.uri);
      }
    }
    // A keystroke touches a file or two: render now. A workspace scan touches thousands: in slices.
    if (todo.size <= SYNC_LIMIT && !this.draining) {
      for (const uri of todo.values()) this.render(uri);
      return;
    }
    for (const [k, uri] of todo) this.pending.set(k, uri);
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => this.drain());
    }
  }

  private cachedThreshold: { at: number; value: Severity } | undefined;

  /** The severity threshold, read at most every 250 ms (settings reads are not free). */
  private threshold(): Severity {
    const now = Date.now();
    if (!this.cachedThreshold || now - this.cachedThreshold.at > 250) this.cachedThreshold = { at: now, value: readSettings().severityThreshold };
    return this.cachedThreshold.value;
  }

  private drain(): void {
    const started = Date.now();
    for (const [k, uri] of this.pending) {
      this.pending.delete(k);
      this.render(uri);
      if (Date.now() - started >= SLICE_MS) break;
    }
    if (this.pending.size) setImmediate(() => this.drain());
    else this.draining = false;
  }

  private render(uri: vscode.Uri): void {
    const show = atOrAbove(this.threshold());
    const findings = this.store.findings(uri).filter((f) => !f.suppressed && show(f));
    if (findings.length === 0) {
      this.collection.delete(uri);
      return;
    }
    this.collection.set(
      uri,
      findings.map((f) => {
        const others = f.redacted ? this.store.placesOf(f.fingerprint).filter((p) => !(p.uri.toString() === uri.toString() && p.finding.range.startLine === f.range.startLine && p.finding.range.startColumn === f.range.startColumn)) : [];
        return toDiagnostic(f, others);
      }),
    );
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
