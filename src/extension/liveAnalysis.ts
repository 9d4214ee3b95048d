/**
 * Open documents analysed as people type (debounced), on open and on save. Each document keeps a
 * core DocumentAnalyzer, which rescans only a window around the edit when that is sound and
 * cheaper. Ignored paths (.gitignore, `.nhi-lens.yaml`, `files.exclude`, `nhiLens.exclude`) get
 * nothing, as in the workspace audit.
 */
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { scanFile } from '../core/files/scanFile';
import { DocumentAnalyzer } from '../core/incremental/documentAnalyzer';
import type { Finding } from '../core/types';
import type { FolderContext, Folders } from './folders';
import { readSettings } from './settings';
import type { FindingsStore } from './store';

export const DEBOUNCE_MS = 150;

interface Tracked {
  analyzer: DocumentAnalyzer;
  context: FolderContext | undefined;
}

/** How long analyses of open documents took (milliseconds), for the editor benchmark. */
export interface AnalysisTiming {
  ms: number;
  mode: 'full' | 'window';
  chars: number;
}

export class LiveAnalysis implements vscode.Disposable {
  private readonly tracked = new Map<string, Tracked>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly timings: AnalysisTiming[] = [];

  constructor(
    private readonly store: FindingsStore,
    private readonly folders: Folders,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((doc) => void this.analyze(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && readSettings(e.document.uri).scanOnType) this.schedule(e.document);
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => void this.analyze(doc)),
      vscode.workspace.onDidCloseTextDocument((doc) => void this.closed(doc)),
      folders.onDidChange(() => this.reanalyzeAll()),
    );
    this.reanalyzeAll();
  }

  reanalyzeAll(): void {
    this.tracked.clear();
    for (const doc of vscode.workspace.textDocuments) void this.analyze(doc);
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.analyze(doc);
      }, DEBOUNCE_MS),
    );
  }

  private static wanted(doc: vscode.TextDocument): boolean {
    return doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled' || doc.uri.scheme === 'vscode-remote';
  }

  /** The analyzer for a document, or undefined when the document is not scanned (and why). */
  private async track(doc: vscode.TextDocument): Promise<Tracked | undefined> {
    const key = doc.uri.toString();
    const known = this.tracked.get(key);
    if (known) return known;
    const where = this.folders.locate(doc.uri);
    const context = where ? await this.folders.get(where.folder) : undefined;
    if (context && where && (await context.ignore.reason(where.rel))) return undefined;
    const path = where?.rel ?? (doc.uri.path.split('/').pop() || 'untitled');
    const tracked: Tracked = { analyzer: new DocumentAnalyzer(path, context?.engine ?? {}), context };
    this.tracked.set(key, tracked);
    return tracked;
  }

  async analyze(doc: vscode.TextDocument): Promise<void> {
    if (!LiveAnalysis.wanted(doc) || !readSettings(doc.uri).enable) return;
    const tracked = await this.track(doc);
    if (!tracked || doc.isClosed) return;
    this.run(doc, tracked);
  }

  /** Synchronous analysis of the document as it is now (code actions need current ranges). */
  current(doc: vscode.TextDocument): Finding[] {
    if (this.store.version(doc.uri) === doc.version) return this.store.findings(doc.uri);
    const tracked = this.tracked.get(doc.uri.toString());
    if (!tracked) return this.store.findings(doc.uri);
    this.run(doc, tracked);
    return this.store.findings(doc.uri);
  }

  private run(doc: vscode.TextDocument, tracked: Tracked): void {
    const text = doc.getText();
    const maxChars = (tracked.context?.config.maxFileSizeKb ?? 2048) * 1024;
    if (text.length > maxChars) return;
    const started = performance.now();
    const update = tracked.analyzer.update(text);
    this.timings.push({ ms: performance.now() - started, mode: update.mode, chars: update.scannedChars });
    if (this.timings.length > 1000) this.timings.splice(0, this.timings.length - 1000);
    const baseline = tracked.context?.baseline;
    const findings = baseline ? update.findings.filter((f) => !baseline.has(f)) : update.findings;
    this.store.setLive(doc.uri, findings, doc.version);
  }

  /** Closed: the file keeps diagnostics, now those of its content on disk. */
  private async closed(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const tracked = this.tracked.get(key);
    this.tracked.delete(key);
    if (doc.uri.scheme !== 'file') {
      this.store.delete(doc.uri);
      return;
    }
    if (!tracked) {
      this.store.endLive(doc.uri);
      return;
    }
    // Whether the last edits were saved or discarded, the file on disk is now the truth.
    const ctx = tracked.context;
    const result = await scanFile(doc.uri.fsPath, tracked.analyzer.path, ctx?.engine ?? {}, (ctx?.config.maxFileSizeKb ?? 2048) * 1024);
    this.store.endLive(doc.uri, 'skip' in result ? [] : result.findings);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.subscriptions.forEach((s) => s.dispose());
  }
}
