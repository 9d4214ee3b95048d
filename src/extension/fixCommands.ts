/**
 * The commands behind the quick fixes. Every edit is computed by src/core (env and vault
 * references, CI rewrites, suppressions, config and baseline edits); these only ask for a name or a
 * reason, apply, save, and say once that a leaked credential must be rotated. Each takes optional
 * arguments so it runs without prompts (tests, keybindings). In an untrusted workspace nothing is
 * written.
 */
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { addToBaseline, disableRuleInConfig, setBaselineInConfig } from '../core/config/edits';
import { applyEdits } from '../core/fixes/apply';
import { envReferenceFix } from '../core/fixes/envReference';
import { withEnvExampleEntry } from '../core/fixes/envExample';
import { combineFixes } from '../core/fixes/fixAll';
import { suppressionFix } from '../core/fixes/suppress';
import { VAULT_PROVIDER_LABELS, vaultReferenceFix } from '../core/fixes/vaultReference';
import { SECRET_STORES } from '../core/fixes/vault/kubernetes';
import { KEY_VAULT_NAME, OP_FIELD, OP_VAULT } from '../core/fixes/vault/references';
import { languageOf } from '../core/syntax/language';
import type { Finding, Fix } from '../core/types';
import { resolveRef, type FindingRef } from './findingRef';
import type { Folders } from './folders';
import type { LiveAnalysis } from './liveAnalysis';
import { toWorkspaceEdit } from './ranges';
import type { RotationNotice } from './rotationNotice';
import { readSettings, type VaultProviderId } from './settings';
import { readWorkspaceFile, writeWorkspaceFile } from './workspaceFiles';

export const COMMANDS = {
  replaceWithEnv: 'nhiLens.replaceWithEnv',
  replaceWithVault: 'nhiLens.replaceWithVault',
  applyFix: 'nhiLens.applyFix',
  fixAllInFile: 'nhiLens.fixAllInFile',
  suppress: 'nhiLens.suppress',
  addToBaseline: 'nhiLens.addToBaseline',
  disableRule: 'nhiLens.disableRule',
  afterFix: 'nhiLens.afterFix',
} as const;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function envFixFor(text: string, f: Finding, name?: string): Fix | undefined {
  return f.redacted && !f.suppressed ? envReferenceFix(text, f, name) : undefined;
}

/** A placeholder that names a variable or secret (not a `<VALUE_TO_FILL>`), when the fix's edits use it. */
export function namePlaceholder(fix: Fix): string | undefined {
  const p = fix.placeholders?.[0];
  return p && NAME.test(p) && fix.edits.some((e) => e.newText.includes(p)) ? p : undefined;
}

function renamed(fix: Fix, from: string, to: string): Fix {
  if (from === to) return fix;
  const re = new RegExp(`\\b${from}\\b`, 'g');
  return { ...fix, title: fix.title.replace(re, to), edits: fix.edits.map((e) => ({ ...e, newText: e.newText.replace(re, to) })), placeholders: [to] };
}

export class FixCommands {
  constructor(
    private readonly live: LiveAnalysis,
    private readonly folders: Folders,
    private readonly rotation: RotationNotice,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(COMMANDS.replaceWithEnv, (ref: FindingRef, opts?: { name?: string }) => this.replaceWithEnv(ref, opts)),
      vscode.commands.registerCommand(COMMANDS.replaceWithVault, (ref: FindingRef, opts?: { name?: string; provider?: VaultProviderId }) => this.replaceWithVault(ref, opts)),
      vscode.commands.registerCommand(COMMANDS.applyFix, (ref: FindingRef, index: number, opts?: { name?: string }) => this.applyFix(ref, index, opts)),
      vscode.commands.registerCommand(COMMANDS.fixAllInFile, (uri: string, ruleId: string) => this.fixAllInFile(uri, ruleId)),
      vscode.commands.registerCommand(COMMANDS.suppress, (ref: FindingRef, opts?: { reason?: string }) => this.suppress(ref, opts)),
      vscode.commands.registerCommand(COMMANDS.addToBaseline, (ref: FindingRef) => this.addToBaseline(ref)),
      vscode.commands.registerCommand(COMMANDS.disableRule, (ref: FindingRef) => this.disableRule(ref)),
      vscode.commands.registerCommand(COMMANDS.afterFix, (uri: string, fixed: Array<Pick<Finding, 'fingerprint' | 'kind' | 'redacted'>>) => this.afterFix(uri, fixed)),
    ];
  }

  private trusted(): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showWarningMessage('NHI Lens does not change files in Restricted Mode. Trust the workspace to apply fixes.');
    return false;
  }

  private async target(ref: FindingRef): Promise<{ doc: vscode.TextDocument; finding: Finding } | undefined> {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri));
    const finding = resolveRef(this.live.current(doc), ref);
    if (!finding) void vscode.window.showWarningMessage('NHI Lens: that finding is no longer in the document.');
    return finding ? { doc, finding } : undefined;
  }

  private async askName(initial: string, what: string): Promise<string | undefined> {
    return vscode.window.showInputBox({
      title: `NHI Lens: ${what}`,
      prompt: 'Name of the variable or secret that will hold the value',
      value: initial,
      validateInput: (v) => (NAME.test(v) ? undefined : 'Letters, digits and _ only, not starting with a digit'),
    });
  }

  /** Applies core edits to the document, saves it, then the rotation notice. */
  private async apply(doc: vscode.TextDocument, fix: Fix | { edits: Fix['edits'] }, fixed: Finding[]): Promise<boolean> {
    const version = doc.version;
    const edit = toWorkspaceEdit(doc.uri, fix.edits);
    if (doc.version !== version || !(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showWarningMessage('NHI Lens: the document changed; the fix was not applied.');
      return false;
    }
    await doc.save();
    await this.rotation.after(fixed);
    return true;
  }

  /** After a quick fix applied its edit directly: save, and the rotation notice. */
  async afterFix(uriText: string, fixed: Array<Pick<Finding, 'fingerprint' | 'kind' | 'redacted'>>): Promise<void> {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uriText);
    if (doc?.isDirty) await doc.save();
    await this.rotation.after(fixed);
  }

  async replaceWithEnv(ref: FindingRef, opts: { name?: string } = {}): Promise<boolean> {
    if (!this.trusted()) return false;
    const t = await this.target(ref);
    if (!t) return false;
    const text = t.doc.getText();
    const proposed = envFixFor(text, t.finding);
    if (!proposed) return false;
    const name = opts.name ?? (await this.askName(proposed.placeholders?.[0] ?? 'SECRET', 'Replace with environment variable'));
    if (!name || !NAME.test(name)) return false;
    const fix = envFixFor(text, t.finding, name)!;
    if (!(await this.apply(t.doc, fix, [t.finding]))) return false;
    if (languageOf(t.finding.path) === 'dotenv') await this.listInEnvExample(t.doc.uri, name);
    return true;
  }

  /** `.env` values move to the environment; `.env.example` beside it lists the name. */
  private async listInEnvExample(envUri: vscode.Uri, name: string): Promise<void> {
    const example = vscode.Uri.file(nodePath.join(nodePath.dirname(envUri.fsPath), '.env.example'));
    const next = withEnvExampleEntry(await readWorkspaceFile(example), name);
    if (next !== undefined) await writeWorkspaceFile(example, next);
  }

  async replaceWithVault(ref: FindingRef, opts: { name?: string; provider?: VaultProviderId } = {}): Promise<boolean> {
    if (!this.trusted()) return false;
    const t = await this.target(ref);
    if (!t) return false;
    const provider = opts.provider ?? readSettings(t.doc.uri).vaultProvider;
    const text = t.doc.getText();
    const proposed = vaultReferenceFix(text, t.finding, provider);
    if (!proposed) return false;
    let name = opts.name;
    if (name === undefined) {
      name = await vscode.window.showInputBox({
        title: `NHI Lens: ${proposed.title}`,
        prompt: `Name of the secret in ${VAULT_PROVIDER_LABELS[provider]}`,
        value: vaultSecretName(proposed),
        validateInput: (v) => (/^[A-Za-z0-9][A-Za-z0-9_.\/-]*$/.test(v) ? undefined : 'Letters, digits and _ . / - only'),
      });
      if (!name) return false;
    }
    const fix = vaultReferenceFix(text, t.finding, provider, { name });
    return fix ? this.apply(t.doc, fix, [t.finding]) : false;
  }

  /** One of the fixes the analysis attached to the finding (CI rewrites to workload identity, secret references). */
  async applyFix(ref: FindingRef, index: number, opts: { name?: string } = {}): Promise<boolean> {
    if (!this.trusted()) return false;
    const t = await this.target(ref);
    const proposed = t?.finding.fixes?.[index];
    if (!t || !proposed) return false;
    let fix = proposed;
    const initial = namePlaceholder(proposed);
    if (initial) {
      const name = opts.name ?? (await this.askName(initial, proposed.title));
      if (!name) return false;
      fix = renamed(proposed, initial, name);
    }
    return this.apply(t.doc, fix, t.finding.redacted ? [t.finding] : []);
  }

  /** Every finding of one rule in the file to environment variables, names from their keys, in one edit. */
  async fixAllInFile(uriText: string, ruleId: string): Promise<boolean> {
    if (!this.trusted()) return false;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uriText));
    const text = doc.getText();
    const findings = this.live.current(doc).filter((f) => f.ruleId === ruleId && !f.suppressed);
    const fixes = safeFixAll(text, findings);
    if (!fixes) return false;
    const edits = combineFixes(fixes.map((x) => x.fix));
    if (!(await this.apply(doc, { edits }, fixes.map((x) => x.finding)))) return false;
    if (languageOf(findings[0].path) === 'dotenv') for (const x of fixes) await this.listInEnvExample(doc.uri, x.fix.placeholders![0]);
    return true;
  }

  async suppress(ref: FindingRef, opts: { reason?: string } = {}): Promise<boolean> {
    if (!this.trusted()) return false;
    const t = await this.target(ref);
    if (!t) return false;
    const reason =
      opts.reason ??
      (await vscode.window.showInputBox({
        title: `NHI Lens: suppress ${t.finding.ruleId}`,
        prompt: 'Why is this not a credential to remove? (recorded in the comment)',
        placeHolder: 'e.g. test fixture, revoked key kept for a regression test',
        validateInput: (v) => (v.trim() ? undefined : 'A reason is required'),
      }));
    if (!reason?.trim()) return false;
    const fix = suppressionFix(t.doc.getText(), t.finding, reason);
    return fix ? this.apply(t.doc, fix, []) : false;
  }

  async addToBaseline(ref: FindingRef): Promise<boolean> {
    if (!this.trusted()) return false;
    const t = await this.target(ref);
    const where = t && this.folders.locate(t.doc.uri);
    if (!t || !where) return false;
    const ctx = await this.folders.get(where.folder);
    const configUri = vscode.Uri.file(ctx.configFile ?? nodePath.join(ctx.root, '.nhi-lens.yaml'));
    let baselineUri: vscode.Uri;
    if (ctx.baselineFile) {
      baselineUri = vscode.Uri.file(ctx.baselineFile);
    } else {
      baselineUri = vscode.Uri.file(nodePath.join(nodePath.dirname(configUri.fsPath), '.nhi-lens-baseline.json'));
      await writeWorkspaceFile(configUri, setBaselineInConfig(await readWorkspaceFile(configUri), '.nhi-lens-baseline.json', configUri.fsPath));
    }
    await writeWorkspaceFile(baselineUri, addToBaseline(await readWorkspaceFile(baselineUri), [t.finding]));
    this.folders.invalidate();
    return true;
  }

  async disableRule(ref: FindingRef): Promise<boolean> {
    if (!this.trusted()) return false;
    const uri = vscode.Uri.parse(ref.uri);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return false;
    const ctx = await this.folders.get(folder);
    const configUri = vscode.Uri.file(ctx.configFile ?? nodePath.join(ctx.root, '.nhi-lens.yaml'));
    await writeWorkspaceFile(configUri, disableRuleInConfig(await readWorkspaceFile(configUri), ref.ruleId, configUri.fsPath));
    this.folders.invalidate();
    return true;
  }
}

/** The secret's name among a vault fix's placeholders (the others are the vault, store or field to fill in). */
export function vaultSecretName(fix: Fix): string | undefined {
  const fixed = new Set<string>([OP_VAULT, OP_FIELD, KEY_VAULT_NAME, ...Object.values(SECRET_STORES)]);
  return fix.placeholders?.find((p) => !fixed.has(p));
}

/**
 * Fix-all is safe when every finding of the rule gets an environment fix named after its own key
 * (no fallback names), the names are distinct, and no two fixes touch the same text.
 */
export function safeFixAll(text: string, findings: readonly Finding[]): Array<{ finding: Finding; fix: Fix }> | undefined {
  if (findings.length < 2) return undefined;
  const out: Array<{ finding: Finding; fix: Fix }> = [];
  const names = new Set<string>();
  for (const finding of findings) {
    const fix = envFixFor(text, finding);
    const name = fix?.placeholders?.[0];
    if (!fix || !name || names.has(name) || name === 'SECRET' || name.toLowerCase() === finding.kind.replace(/-/g, '_')) return undefined;
    names.add(name);
    out.push({ finding, fix });
  }
  const edits = combineFixes(out.map((x) => x.fix));
  if (edits.length !== out.reduce((n, x) => n + x.fix.edits.length, 0)) return undefined;
  applyEdits(text, edits); // throws on overlap: never reached with combineFixes, kept as a guard
  return out;
}
