/**
 * Open documents analysed as people type (debounced), on open and on save. Each document keeps a
 * core DocumentAnalyzer, which rescans only a window around the edit when that is sound and
 * cheaper. Ignored paths (.gitignore, `.nhi-lens.yaml`, `files.exclude`, `nhiLens.exclude`) get
 * nothing, as in the workspace audit.
 */
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { scanFile } from '../core/files/scanFile';
import { DEFAULT_CONFIG } from '../core/config/load';
import { DocumentAnalyzer, type DocumentUpdate } from '../core/incremental/documentAnalyzer';
import type { DocumentWorker } from '../core/worker/documentWorker';
import type { Finding } from '../core/types';
import { fingerprintKey, type FolderContext, type Folders } from './folders';
import { readSettings } from './settings';
import type { FindingsStore } from './store';

export const DEBOUNCE_MS = 150;
/**
 * A full analysis of a document at least this large runs on the analysis thread: parsing YAML
 * costs about 2 ms per KB here, and the extension host must not be held more than ~20 ms.
 */
export const OFFLOAD_CHARS = 8 * 1024;

interface Tracked {
  analyzer: DocumentAnalyzer;
  context: FolderContext | undefined;
}

/** How long analyses of open documents took (milliseconds), for the editor benchmark. */
export interface AnalysisTiming {
  ms: number;
  mode: 'full' | 'window' | 'worker';
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
    private readonly worker?: DocumentWorker,
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

  /**
   * Findings for the document as it is now (code actions need current ranges): computed here when
   * cheap; none while a large document's analysis is still on the analysis thread.
   */
  current(doc: vscode.TextDocument): Finding[] {
    if (this.store.version(doc.uri) === doc.version) return this.store.findings(doc.uri);
    const tracked = this.tracked.get(doc.uri.toString());
    if (!tracked) return this.store.findings(doc.uri);
    const text = doc.getText();
    if (this.offloaded(text, tracked)) return [];
    this.run(doc, tracked, text);
    return this.store.findings(doc.uri);
  }

  private offloaded(text: string, tracked: Tracked): boolean {
    return this.worker !== undefined && text.length >= OFFLOAD_CHARS && tracked.analyzer.needsFull(text);
  }

  private run(doc: vscode.TextDocument, tracked: Tracked, text = doc.getText()): void {
    const maxChars = (tracked.context?.config.maxFileSizeKb ?? 2048) * 1024;
    if (text.length > maxChars) return;
    if (this.offloaded(text, tracked)) {
      void this.runOnWorker(doc, tracked, text);
      return;
    }
    const started = performance.now();
    const update = tracked.analyzer.update(text);
    this.publish(doc, tracked, update, started, update.mode);
  }

  private async runOnWorker(doc: vscode.TextDocument, tracked: Tracked, text: string): Promise<void> {
    const version = doc.version;
    let analysis;
    try {
      analysis = await this.worker!.analyze(text, tracked.analyzer.path, tracked.context?.config ?? DEFAULT_CONFIG, fingerprintKey());
    } catch {
      return; // the worker died: the next edit starts a new one
    }
    // A newer edit has its own analysis on the way; an answer for an older text is dropped.
    if (doc.isClosed || doc.version !== version || this.tracked.get(doc.uri.toString()) !== tracked) return;
    const started = performance.now();
    this.publish(doc, tracked, tracked.analyzer.accept(text, analysis), started, 'worker');
  }

  private publish(doc: vscode.TextDocument, tracked: Tracked, update: DocumentUpdate, started: number, mode: AnalysisTiming['mode']): void {
    const baseline = tracked.context?.baseline;
    const findings = baseline ? update.findings.filter((f) => !baseline.has(f)) : update.findings;
    this.store.setLive(doc.uri, findings, doc.version);
    this.timings.push({ ms: performance.now() - started, mode, chars: update.scannedChars });
    if (this.timings.length > 1000) this.timings.splice(0, this.timings.length - 1000);
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
