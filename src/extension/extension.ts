/** Wires the extension up; each provider lives in its own module. */
import * as vscode from 'vscode';
import { AuditCommands } from './auditCommands';
import { FindingCodeActions } from './codeActions';
import { DiagnosticsView } from './diagnostics';
import { FileEvents } from './fileEvents';
import { FindingsTree } from './findingsTree';
import { FixCommands } from './fixCommands';
import { Folders } from './folders';
import { LiveAnalysis } from './liveAnalysis';
import { DocumentUses } from './ownership/identityUses';
import { OwnershipCodeLens } from './ownership/ownershipCodeLens';
import { OwnershipHover } from './ownership/ownershipHover';
import { FileOwnershipSource } from './ownership/ownershipSource';
import { RegisterOwner } from './ownership/registerOwner';
import { RotationNotice } from './rotationNotice';
import { readSettings } from './settings';
import { FindingsStatus } from './statusBar';
import { FindingsStore } from './store';
import { WorkspaceScanner } from './workspaceScan';
import { analyzeWorkerScript, DocumentWorker } from '../core/worker/documentWorker';

/** What activate() returns: for integration tests and other extensions (no secret values in it). */
export interface NhiLensApi {
  store: FindingsStore;
  scanner: WorkspaceScanner;
  live: LiveAnalysis;
  tree: FindingsTree;
  status: FindingsStatus;
  audit: AuditCommands;
  /** Resolves when the start-up background scan has finished (or at once when it is off). */
  startupScan: Promise<unknown>;
}

export function activate(context: vscode.ExtensionContext): NhiLensApi {
  const log = vscode.window.createOutputChannel('NHI Lens');
  const collection = vscode.languages.createDiagnosticCollection('nhi-lens');
  const store = new FindingsStore();
  const folders = new Folders();
  const script = analyzeWorkerScript();
  const documentWorker = script ? new DocumentWorker(script) : undefined;
  const live = new LiveAnalysis(store, folders, documentWorker);
  const scanner = new WorkspaceScanner(store, folders, log);
  const tree = new FindingsTree(store, context.workspaceState);
  const status = new FindingsStatus(store, tree, scanner);
  const audit = new AuditCommands(context.extensionUri, scanner, tree, status);
  const fixes = new FixCommands(live, folders, new RotationNotice(context.globalState));
  const ownership = new FileOwnershipSource();
  const uses = new DocumentUses(folders);
  const ownershipLens = new OwnershipCodeLens(folders, uses, ownership);
  const treeView = vscode.window.createTreeView('nhiLens.findings', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    { dispose: () => void documentWorker?.dispose() },
    log,
    collection,
    store,
    folders,
    new DiagnosticsView(collection, store),
    live,
    scanner,
    tree,
    treeView,
    status,
    new FileEvents(store, folders, scanner),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new FindingCodeActions(live), { providedCodeActionKinds: FindingCodeActions.providedCodeActionKinds }),
    vscode.languages.registerCodeActionsProvider({ scheme: 'untitled' }, new FindingCodeActions(live), { providedCodeActionKinds: FindingCodeActions.providedCodeActionKinds }),
    ...audit.register(),
    ...fixes.register(),
    ownership,
    uses,
    ownershipLens,
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, ownershipLens),
    vscode.languages.registerHoverProvider({ scheme: 'file' }, new OwnershipHover(folders, uses, ownership, store)),
    ...new RegisterOwner(folders, uses, ownership).register(),
  );
  void vscode.commands.executeCommand('setContext', 'nhiLens.grouping', tree.grouping);

  const settings = readSettings();
  let startupScan: Promise<unknown> = Promise.resolve();
  if (settings.enable && settings.scanWorkspaceOnStartup && vscode.workspace.workspaceFolders?.length) {
    status.setScanning('scanning the workspace');
    startupScan = scanner
      .scan()
      .catch((e: Error) => log.appendLine(`workspace scan failed: ${e.message}`))
      .finally(() => status.setScanning(''));
  }
  return { store, scanner, live, tree, status, audit, startupScan };
}

export function deactivate(): void {}
