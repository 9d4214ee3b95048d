/**
 * Quick fixes for NHI Lens diagnostics, in a fixed order per finding (as vscode-eslint does): the
 * analysis' own fixes (CI rewrites to workload identity, platform secret references), replace with
 * an environment variable, replace with a vault reference, fix all of the rule in the file,
 * register the identity's owner, suppress with a reason, add to the baseline, disable the rule for
 * the workspace. Edits are computed by src/core; actions that need a name or reason go through
 * commands that ask.
 */
import * as vscode from 'vscode';
import { suppressionFix } from '../core/fixes/suppress';
import { VAULT_PROVIDER_LABELS, vaultReferenceFix } from '../core/fixes/vaultReference';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { refOf } from './findingRef';
import { COMMANDS, envFixFor, namePlaceholder, safeFixAll } from './fixCommands';
import type { LiveAnalysis } from './liveAnalysis';
import { subjectOfFinding } from './ownership/ownershipSource';
import { REGISTER_OWNER } from './ownership/registerOwner';
import { toRange, toWorkspaceEdit } from './ranges';
import { readSettings } from './settings';

const RESTRICTED = { reason: 'Restricted Mode: NHI Lens does not change files in an untrusted workspace' };

export class FindingCodeActions implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly live: LiveAnalysis) {}

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.contains(context.only) && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const all = this.live.current(doc).filter((f) => !f.suppressed);
    const here = all.filter((f) => toRange(f.range).intersection(range) !== undefined);
    if (here.length === 0) return [];
    const text = doc.getText();
    const trusted = vscode.workspace.isTrusted;
    const provider = readSettings(doc.uri).vaultProvider;
    const actions: vscode.CodeAction[] = [];
    const offeredFixAll = new Set<string>();
    for (const f of here) {
      const diagnostics = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && codeOf(d) === f.ruleId && d.range.isEqual(toRange(f.range)));
      const add = (title: string, build: (a: vscode.CodeAction) => void, preferred = false) => {
        const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        a.diagnostics = diagnostics;
        a.isPreferred = preferred;
        if (trusted) build(a);
        else a.disabled = RESTRICTED;
        actions.push(a);
      };
      const ref = refOf(doc.uri, f);
      const fixes = f.fixes ?? [];
      fixes.forEach((fix, i) => {
        // Fixes without a name to choose apply directly; the rest ask for the name first.
        add(
          fix.title,
          (a) => {
            if (namePlaceholder(fix)) a.command = { title: fix.title, command: COMMANDS.applyFix, arguments: [ref, i] };
            else {
              a.edit = toWorkspaceEdit(doc.uri, fix.edits);
              a.command = { title: 'Save', command: COMMANDS.afterFix, arguments: [doc.uri.toString(), f.redacted ? [{ fingerprint: f.fingerprint, kind: f.kind, redacted: f.redacted }] : []] };
            }
          },
          i === 0,
        );
      });
      // In pipeline files the analysis' own secret reference is the environment fix.
      const hasPlatformReference = fixes.some((x) => namePlaceholder(x));
      if (!hasPlatformReference && envFixFor(text, f)) {
        add('Replace with environment variable…', (a) => (a.command = { title: a.title, command: COMMANDS.replaceWithEnv, arguments: [ref] }), fixes.length === 0);
      }
      if (f.redacted && vaultReferenceFix(text, f, provider)) {
        add(`Replace with a vault reference (${VAULT_PROVIDER_LABELS[provider]})…`, (a) => (a.command = { title: a.title, command: COMMANDS.replaceWithVault, arguments: [ref] }));
      }
      if (!offeredFixAll.has(f.ruleId)) {
        offeredFixAll.add(f.ruleId);
        const same = all.filter((x) => x.ruleId === f.ruleId);
        if (same.length > 1 && safeFixAll(text, same)) {
          add(`Replace all ${same.length} ${f.kind} findings in this file with environment variables`, (a) => (a.command = { title: a.title, command: COMMANDS.fixAllInFile, arguments: [doc.uri.toString(), f.ruleId] }));
        }
      }
      const owned = subjectOfFinding(f);
      if (owned) {
        add('Register owner…', (a) => (a.command = { title: a.title, command: REGISTER_OWNER, arguments: [{ ...owned, uri: doc.uri.toString() }] }));
      }
      if (suppressionFix(text, f, 'reason')) {
        add(`Suppress ${f.ruleId} on this line with a reason…`, (a) => (a.command = { title: a.title, command: COMMANDS.suppress, arguments: [ref] }));
      }
      add(`Add this ${f.redacted ? 'credential' : 'finding'} to the baseline`, (a) => (a.command = { title: a.title, command: COMMANDS.addToBaseline, arguments: [ref] }));
      add(`Disable rule ${f.ruleId} for the workspace`, (a) => (a.command = { title: a.title, command: COMMANDS.disableRule, arguments: [ref] }));
    }
    return actions;
  }
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}
