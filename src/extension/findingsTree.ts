/**
 * The reviewers' tree: findings grouped by identity (one credential seen in several places is one
 * identity), by credential kind, or by file. Each leaf opens its location.
 */
import * as vscode from 'vscode';
import { owaspLabel } from '../core/owasp';
import { SEVERITIES, type Finding } from '../core/types';
import { atOrAbove } from './diagnostics';
import { toRange } from './ranges';
import { readSettings } from './settings';
import type { FindingsStore } from './store';

export type Grouping = 'identity' | 'kind' | 'file';
export const GROUPINGS: readonly Grouping[] = ['identity', 'kind', 'file'];
const GROUPING_KEY = 'nhiLens.treeGrouping';

interface Leaf {
  type: 'finding';
  uri: vscode.Uri;
  finding: Finding;
}
interface Group {
  type: 'group';
  id: string;
  label: string;
  description: string;
  tooltip: string;
  icon: string;
  leaves: Leaf[];
}
export type Node = Group | Leaf;

function worst(leaves: readonly Leaf[]): Finding['severity'] {
  return leaves.reduce<Finding['severity']>((w, l) => (SEVERITIES.indexOf(l.finding.severity) > SEVERITIES.indexOf(w) ? l.finding.severity : w), 'info');
}

const SEVERITY_ICON: Record<Finding['severity'], string> = { critical: 'error', high: 'error', medium: 'warning', low: 'info', info: 'info' };

export class FindingsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: FindingsStore,
    private readonly memento: vscode.Memento,
  ) {
    // Typing fires many store changes: the tree follows at most a few times a second.
    this.subscription = store.onDidChange(() => {
      if (this.timer) return;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.changed.fire(undefined);
      }, 250);
    });
  }

  get grouping(): Grouping {
    return this.memento.get<Grouping>(GROUPING_KEY, 'identity');
  }

  async setGrouping(g: Grouping): Promise<void> {
    await this.memento.update(GROUPING_KEY, g);
    await vscode.commands.executeCommand('setContext', 'nhiLens.grouping', g);
    this.changed.fire(undefined);
  }

  /** Open findings above the severity threshold, as leaves. */
  leaves(): Leaf[] {
    const out: Leaf[] = [];
    // One settings read per call: per-file reads cost more than the whole walk on a big workspace.
    const show = atOrAbove(readSettings().severityThreshold);
    for (const { uri, findings } of this.store.all()) {
      for (const finding of findings) if (!finding.suppressed && show(finding)) out.push({ type: 'finding', uri, finding });
    }
    return out;
  }

  groups(): Group[] {
    const by = new Map<string, Group>();
    const g = this.grouping;
    for (const leaf of this.leaves()) {
      const f = leaf.finding;
      let id: string;
      let label: string;
      let icon: string;
      if (g === 'file') {
        id = leaf.uri.toString();
        label = vscode.workspace.asRelativePath(leaf.uri);
        icon = 'file';
      } else if (g === 'kind') {
        id = f.kind;
        label = f.kind;
        icon = 'symbol-key';
      } else {
        // A credential value is identified by its fingerprint; a pipeline identity by its name.
        id = f.redacted ? `fp:${f.fingerprint}` : f.identity ? `id:${f.identity}` : `rule:${f.ruleId}:${leaf.uri.toString()}:${f.range.startLine}`;
        label = f.redacted ? `${f.kind} ${f.redacted}` : f.identity ? f.identity : f.title;
        icon = f.redacted ? 'key' : 'server-process';
      }
      let group = by.get(id);
      if (!group) {
        group = { type: 'group', id, label, description: '', tooltip: '', icon, leaves: [] };
        by.set(id, group);
      }
      group.leaves.push(leaf);
    }
    const groups = [...by.values()];
    for (const group of groups) {
      const files = new Set(group.leaves.map((l) => l.uri.toString())).size;
      group.description = `${group.leaves.length} ${group.leaves.length === 1 ? 'place' : 'places'}${files > 1 ? ` in ${files} files` : ''} · ${worst(group.leaves)}`;
      group.tooltip = [...new Set(group.leaves.map((l) => owaspLabel(l.finding.owasp)))].join('\n');
    }
    return groups.sort((a, b) => SEVERITIES.indexOf(worst(b.leaves)) - SEVERITIES.indexOf(worst(a.leaves)) || b.leaves.length - a.leaves.length || a.label.localeCompare(b.label));
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.groups();
    if (node.type === 'group') return node.leaves.sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()) || a.finding.range.startLine - b.finding.range.startLine);
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.type === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `${this.grouping}:${node.id}`;
      item.description = node.description;
      item.tooltip = node.tooltip;
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.contextValue = `nhiLens.group.${this.grouping}`;
      return item;
    }
    const f = node.finding;
    const where = `${vscode.workspace.asRelativePath(node.uri)}:${f.range.startLine + 1}`;
    const item = new vscode.TreeItem(this.grouping === 'file' ? `${f.title}${f.redacted ? ` ${f.redacted}` : ''}` : where, vscode.TreeItemCollapsibleState.None);
    item.description = this.grouping === 'file' ? `line ${f.range.startLine + 1}` : f.title;
    item.tooltip = new vscode.MarkdownString(`**${f.title}** (${f.kind})\n\n${owaspLabel(f.owasp)} · ${f.severity}\n\n${f.remediation}`);
    item.iconPath = new vscode.ThemeIcon(SEVERITY_ICON[f.severity]);
    item.contextValue = 'nhiLens.finding';
    item.command = { title: 'Open', command: 'vscode.open', arguments: [node.uri, { selection: toRange(f.range) } satisfies vscode.TextDocumentShowOptions] };
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
    this.changed.dispose();
  }
}
