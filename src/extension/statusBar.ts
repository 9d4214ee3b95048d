/** The open-finding count in the status bar; clicking it opens the findings tree. */
import * as vscode from 'vscode';
import type { FindingsTree } from './findingsTree';
import type { FindingsStore } from './store';
import type { WorkspaceScanner } from './workspaceScan';

export class FindingsStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('nhiLens.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[];
  private timer: NodeJS.Timeout | undefined;
  scanning = '';

  constructor(
    store: FindingsStore,
    private readonly tree: FindingsTree,
    private readonly scanner: WorkspaceScanner,
  ) {
    this.item.name = 'NHI Lens findings';
    this.item.command = 'nhiLens.focusFindings';
    this.subscriptions = [
      store.onDidChange(() => {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.update();
        }, 200);
      }),
      scanner.onDidFinish(() => this.update()),
    ];
    this.update();
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  update(): void {
    const leaves = this.tree.leaves();
    const identities = new Set(leaves.map((l) => (l.finding.redacted ? l.finding.fingerprint : `${l.finding.ruleId}:${l.uri.toString()}:${l.finding.range.startLine}`))).size;
    const n = leaves.length;
    this.item.text = `${this.scanning ? '$(sync~spin)' : n ? '$(key)' : '$(shield)'} ${n}`;
    this.item.tooltip = `NHI Lens: ${n} open finding${n === 1 ? '' : 's'} (${identities} distinct)${this.scanning ? ` — ${this.scanning}` : ''}. Click to show them.`;
    this.item.backgroundColor = leaves.some((l) => l.finding.severity === 'critical' || l.finding.severity === 'high') ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  setScanning(what: string): void {
    this.scanning = what;
    this.update();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscriptions.forEach((s) => s.dispose());
    this.item.dispose();
  }
}
