/**
 * The editor benchmark, run inside a real extension host (code-server) by bench/editor.mjs:
 * 1. typing in a 10,000-line file: the time the extension host spends per edit (analysis, store,
 *    diagnostics), p50 / p99 / max, for single-character edits across the file;
 * 2. the event-loop delay of the extension host while the whole workspace is scanned in the
 *    background (perf_hooks.monitorEventLoopDelay), p50 / p99 / max.
 * Results go to the JSON file named by NHI_LENS_BENCH_OUT. Not part of the test suite.
 */
import * as fs from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { NhiLensApi } from '../../../src/extension/extension';

function quantiles(values: number[]): { p50: number; p99: number; max: number; n: number } {
  const v = [...values].sort((a, b) => a - b);
  const q = (p: number) => v[Math.min(v.length - 1, Math.floor(p * v.length))];
  return { p50: q(0.5), p99: q(0.99), max: v[v.length - 1], n: v.length };
}

function histogramMs(h: ReturnType<typeof monitorEventLoopDelay>) {
  return { p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6, n: h.count };
}

async function waitFor(check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function run(): Promise<void> {
  const out = process.env.NHI_LENS_BENCH_OUT;
  const ext = vscode.extensions.getExtension<NhiLensApi>('nhi-lens.nhi-lens');
  if (!ext || !out) throw new Error('extension or NHI_LENS_BENCH_OUT missing');
  const api = await ext.activate();
  await api.startupScan;
  const folder = vscode.workspace.workspaceFolders![0].uri;

  // 1. Typing in a 10k-line file.
  const uri = vscode.Uri.joinPath(folder, 'typing', 'big.ts');
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc);
  await waitFor(() => api.store.version(uri) === doc.version);
  const perEdit: number[] = [];
  const getText: number[] = [];
  const analysis: number[] = [];
  const windowShare: number[] = [];
  let seed = 17;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  for (let i = 0; i < 300; i++) {
    const line = rnd(doc.lineCount);
    const col = Math.min(doc.lineAt(line).text.length, rnd(40));
    await editor.edit((b) => b.insert(new vscode.Position(line, col), i % 10 === 9 ? '\n' : 'x'), { undoStopBefore: false, undoStopAfter: false });
    // What the debounced analysis does in the host, timed end to end (analysis, store, diagnostics).
    const t0 = performance.now();
    doc.getText();
    getText.push(performance.now() - t0);
    const started = performance.now();
    api.live.current(doc);
    perEdit.push(performance.now() - started);
    const t = api.live.timings[api.live.timings.length - 1];
    analysis.push(t.ms);
    windowShare.push(t.mode === 'window' ? 1 : 0);
  }
  const typing = { ...quantiles(perEdit), getText: quantiles(getText), analysis: quantiles(analysis), windowed: windowShare.filter(Boolean).length, lines: doc.lineCount, chars: doc.getText().length };
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

  // 1b. Typing in a large pipeline file: its full analysis runs on the analysis thread; measure
  // the extension host's event-loop delay while typing, and how long until diagnostics follow.
  const wfUri = vscode.Uri.joinPath(folder, '.github', 'workflows', 'big.yml');
  const wf = await vscode.workspace.openTextDocument(wfUri);
  const wfEditor = await vscode.window.showTextDocument(wf);
  await waitFor(() => api.store.version(wfUri) === wf.version);
  const wfLoop = monitorEventLoopDelay({ resolution: 5 });
  const latency: number[] = [];
  wfLoop.enable();
  for (let i = 0; i < 30; i++) {
    const line = 3 + rnd(wf.lineCount - 4);
    await wfEditor.edit((b) => b.insert(new vscode.Position(line, wf.lineAt(line).text.length), ' '), { undoStopBefore: false, undoStopAfter: false });
    const started = performance.now();
    await waitFor(() => api.store.version(wfUri) === wf.version);
    latency.push(performance.now() - started);
  }
  wfLoop.disable();
  const workflowTyping = { lines: wf.lineCount, chars: wf.getText().length, loop: histogramMs(wfLoop), diagnosticsAfter: quantiles(latency) };
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

  // 2. Event-loop delay during a background workspace scan.
  const idle = monitorEventLoopDelay({ resolution: 5 });
  idle.enable();
  await new Promise((r) => setTimeout(r, 2000));
  idle.disable();
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const started = performance.now();
  const scan = await api.scanner.scan();
  const scanMs = performance.now() - started;
  h.disable();
  const files = scan.folders.reduce((n, f) => n + f.result.stats.files, 0);
  const bytes = scan.folders.reduce((n, f) => n + f.result.stats.bytes, 0);
  fs.writeFileSync(
    out,
    JSON.stringify({ vscode: vscode.version, typing, workflowTyping, idleLoop: histogramMs(idle), scanLoop: histogramMs(h), scan: { files, bytes, ms: scanMs } }, null, 2),
  );
}
