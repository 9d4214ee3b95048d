/**
 * Every finding the extension knows, per file: what the file's own analysis found (from the open
 * document as typed, or from disk by the workspace scan) and what whole-workspace rules found
 * there (shared accounts, ownership). Diagnostics, the tree, the status bar and the report all read
 * this one store; it fires one event per change with the files concerned.
 */
import * as vscode from 'vscode';
import { ruleCatalog } from '../core/ruleCatalog';
import type { Finding } from '../core/types';

const WORKSPACE_RULES = new Set(ruleCatalog().filter((r) => r.category === 'workspace').map((r) => r.id));

/** Rules that need the whole workspace (they come only from a workspace scan). */
export function isWorkspaceRule(ruleId: string): boolean {
  return WORKSPACE_RULES.has(ruleId);
}

interface Entry {
  uri: vscode.Uri;
  /** From the file's text: the open document's when `live`, else the file on disk. */
  file: Finding[];
  live: boolean;
  /** Document version `file` was computed from (live entries). */
  version?: number;
  crossFile: Finding[];
}

export interface Located {
  uri: vscode.Uri;
  finding: Finding;
}

export class FindingsStore implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChange = this.emitter.event;
  private fingerprintIndex: Map<string, Located[]> | undefined;

  private entry(uri: vscode.Uri): Entry {
    const key = uri.toString();
    let e = this.entries.get(key);
    if (!e) {
      e = { uri, file: [], live: false, crossFile: [] };
      this.entries.set(key, e);
    }
    return e;
  }

  private changed(uris: vscode.Uri[]): void {
    this.fingerprintIndex = undefined;
    for (const uri of uris) {
      const e = this.entries.get(uri.toString());
      if (e && !e.live && e.file.length === 0 && e.crossFile.length === 0) this.entries.delete(uri.toString());
    }
    this.emitter.fire(uris);
  }

  /** Findings of an open document's current text. */
  setLive(uri: vscode.Uri, findings: Finding[], version: number): void {
    const e = this.entry(uri);
    e.file = findings;
    e.live = true;
    e.version = version;
    this.changed([uri]);
  }

  /** The document closed: its findings stay, now standing for the file on disk. */
  endLive(uri: vscode.Uri, fromDisk?: Finding[]): void {
    const e = this.entries.get(uri.toString());
    if (!e) return;
    e.live = false;
    e.version = undefined;
    if (fromDisk) e.file = fromDisk;
    this.changed([uri]);
  }

  /** Findings of a file read from disk; an open document's own analysis wins. */
  setFromDisk(uri: vscode.Uri, findings: Finding[]): void {
    const e = this.entry(uri);
    if (e.live) return;
    e.file = findings;
    this.changed([uri]);
  }

  /** Results of a workspace scan of `folder`: replaces everything previously known under it from disk. */
  replaceFolder(folder: vscode.Uri, byFile: Map<string, { uri: vscode.Uri; findings: Finding[] }>): void {
    const prefix = folder.toString().replace(/\/?$/, '/');
    const touched: vscode.Uri[] = [];
    for (const [key, e] of this.entries) {
      if (!key.startsWith(prefix) || byFile.has(key)) continue;
      if (!e.live) e.file = [];
      e.crossFile = [];
      touched.push(e.uri);
    }
    for (const [key, { uri, findings }] of byFile) {
      const e = this.entry(uri);
      if (!e.live) e.file = findings.filter((f) => !isWorkspaceRule(f.ruleId));
      e.crossFile = findings.filter((f) => isWorkspaceRule(f.ruleId));
      touched.push(e.uri);
      void key;
    }
    this.changed(touched);
  }

  /** A file (or a folder: everything under it) was deleted. */
  delete(uri: vscode.Uri): void {
    const key = uri.toString();
    const prefix = key.replace(/\/?$/, '/');
    const gone: vscode.Uri[] = [];
    for (const [k, e] of this.entries) {
      if (k === key || k.startsWith(prefix)) {
        this.entries.delete(k);
        gone.push(e.uri);
      }
    }
    if (gone.length) this.changed(gone);
  }

  /** A file or folder was renamed: its findings move with it, paths rewritten. */
  rename(from: vscode.Uri, to: vscode.Uri, relPath: (uri: vscode.Uri) => string | undefined): void {
    const key = from.toString();
    const prefix = key.replace(/\/?$/, '/');
    const moved: vscode.Uri[] = [];
    for (const [k, e] of [...this.entries]) {
      if (k !== key && !k.startsWith(prefix)) continue;
      const target = k === key ? to : vscode.Uri.parse(to.toString().replace(/\/?$/, '/') + k.slice(prefix.length));
      this.entries.delete(k);
      const path = relPath(target);
      const repath = (f: Finding) => (path ? { ...f, path } : f);
      this.entries.set(target.toString(), { ...e, uri: target, file: e.file.map(repath), crossFile: e.crossFile.map(repath), live: false, version: undefined });
      moved.push(e.uri, target);
    }
    if (moved.length) this.changed(moved);
  }

  findings(uri: vscode.Uri): Finding[] {
    const e = this.entries.get(uri.toString());
    if (!e) return [];
    return e.crossFile.length ? [...e.file, ...e.crossFile] : e.file;
  }

  version(uri: vscode.Uri): number | undefined {
    return this.entries.get(uri.toString())?.version;
  }

  *all(): Iterable<{ uri: vscode.Uri; findings: Finding[] }> {
    for (const e of this.entries.values()) {
      const findings = e.crossFile.length ? [...e.file, ...e.crossFile] : e.file;
      if (findings.length) yield { uri: e.uri, findings };
    }
  }

  /** Every place a fingerprint appears (one credential seen in several places is one identity). */
  placesOf(fingerprint: string): Located[] {
    if (!this.fingerprintIndex) {
      const index = new Map<string, Located[]>();
      for (const { uri, findings } of this.all()) {
        for (const finding of findings) {
          if (finding.suppressed) continue;
          const list = index.get(finding.fingerprint);
          if (list) list.push({ uri, finding });
          else index.set(finding.fingerprint, [{ uri, finding }]);
        }
      }
      this.fingerprintIndex = index;
    }
    return this.fingerprintIndex.get(fingerprint) ?? [];
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
