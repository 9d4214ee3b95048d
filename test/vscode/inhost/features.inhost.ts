/**
 * The extension's features with the real `vscode` API: background scan, as-you-type diagnostics,
 * related locations, every quick fix applied and checked on disk, suppression, baseline, disable
 * rule, rename/delete/close, audit tree and report. Each test writes its own files (fresh fake
 * credentials) under `features/`, so tests do not depend on each other's edits.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse as parseYaml } from 'yaml';
import { Fake } from '../../../src/core/rules/fake';
import type { NhiLensApi } from '../../../src/extension/extension';
import type { PlantedWorkspace } from '../planted';
import { EXTENSION_ID, fileUri, leaksSecret, nhiDiagnostics, plantedWorkspace, ruleOf, waitFor, waitForDiagnostic, waitForNoDiagnostic } from './helpers';

const fake = new Fake(0xfea7);
const ghp = () => fake.crcToken('ghp_');
const npm = () => fake.crcToken('npm_');

async function write(rel: string, text: string): Promise<vscode.Uri> {
  const uri = fileUri(rel);
  fs.mkdirSync(path.dirname(uri.fsPath), { recursive: true });
  fs.writeFileSync(uri.fsPath, text);
  return uri;
}

const disk = (uri: vscode.Uri) => fs.readFileSync(uri.fsPath, 'utf8');

async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

/** The code action titles offered at the first NHI Lens diagnostic of `ruleId`. */
async function actionTitles(uri: vscode.Uri, ruleId: string): Promise<string[]> {
  const d = await waitForDiagnostic(uri, ruleId);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
  return actions.filter((a) => a.diagnostics?.some((x) => x.source === 'NHI Lens') ?? true).map((a) => a.title);
}

function ref(uri: vscode.Uri, api: NhiLensApi, ruleId: string) {
  const f = api.store.findings(uri).find((x) => x.ruleId === ruleId);
  assert.ok(f, `no ${ruleId} finding in the store for ${vscode.workspace.asRelativePath(uri)}`);
  return { uri: uri.toString(), ruleId, fingerprint: f.fingerprint, line: f.range.startLine, column: f.range.startColumn };
}

describe('NHI Lens in the extension host: features', () => {
  let planted: PlantedWorkspace;
  let api: NhiLensApi;

  before(async () => {
    planted = plantedWorkspace();
    const ext = vscode.extensions.getExtension<NhiLensApi>(EXTENSION_ID)!;
    api = await ext.activate();
    await api.startupScan;
  });

  it('the background scan after start-up reaches unopened files and skips git-ignored ones', async () => {
    const d = await waitForDiagnostic(fileUri(planted.unopened.path), planted.unopened.ruleId, 60_000);
    assert.equal(d.range.start.line, planted.unopened.range.startLine);
    assert.equal(vscode.workspace.textDocuments.some((t) => t.uri.path.endsWith(planted.unopened.path)), false, 'the test must not have opened it');
    assert.deepEqual(nhiDiagnostics(fileUri(planted.ignored.path)), []);
  });

  it('diagnoses as you type, before any save, and clears when the literal goes', async () => {
    const uri = await write('features/typing.ts', 'export const config = {\n  retries: 3,\n};\n');
    const editor = await open(uri);
    const token = ghp();
    await editor.edit((b) => b.insert(new vscode.Position(1, 0), `  token: "${token}",\n`));
    const d = await waitForDiagnostic(uri, 'github-pat', 5000);
    assert.equal(editor.document.isDirty, true, 'reported while unsaved');
    assert.equal(editor.document.getText(d.range), token, 'the underline covers exactly the token');
    const f = api.store.findings(uri).find((x) => x.ruleId === 'github-pat')!;
    assert.ok(d.message.includes(f.kind), 'the message names the credential kind');
    assert.match(d.message, new RegExp(`${f.owasp}:2025 `), 'the message names the OWASP NHI item');
    assert.ok(d.message.includes(`"${token.slice(0, 4)}…"`), 'redacted preview in the message');
    assert.ok(!leaksSecret(d.message, token));
    assert.equal(typeof d.code === 'object' && d.code.target.toString().includes('#github-pat'), true);
    await editor.edit((b) => b.delete(d.range));
    await waitForNoDiagnostic(uri, 'github-pat', 5000);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('related information points at the other places of the same credential', async () => {
    const token = ghp();
    const a = await write('features/shared/a.js', `const token = "${token}";\n`);
    const b = await write('features/shared/b.py', `TOKEN = "${token}"\n`);
    await open(a);
    await open(b);
    const da = await waitFor(() => nhiDiagnostics(a).find((d) => ruleOf(d) === 'github-pat' && d.relatedInformation?.length), 'no related information on a.js', 10_000);
    assert.deepEqual(da.relatedInformation!.map((r) => vscode.workspace.asRelativePath(r.location.uri)), ['features/shared/b.py']);
    const groups = api.tree.groups().filter((g) => g.leaves.some((l) => l.uri.toString() === a.toString()));
    assert.equal(groups.length, 1);
    assert.equal(groups[0].leaves.length, 2, 'one identity, two places');
  });

  it('lists the quick fixes for a literal in code', async () => {
    const uri = await write('features/actions.js', `const githubToken = "${ghp()}";\n`);
    await open(uri);
    const titles = await actionTitles(uri, 'github-pat');
    for (const t of ['Replace with environment variable…', 'Suppress github-pat on this line with a reason…', 'Add this credential to the baseline', 'Disable rule github-pat for the workspace']) {
      assert.ok(titles.includes(t), `missing "${t}" in ${JSON.stringify(titles)}`);
    }
  });

  it('"Replace with environment variable" writes process.env.NAME and saves', async () => {
    const uri = await write('features/env.js', `const githubToken = "${ghp()}";\nmodule.exports = githubToken;\n`);
    await open(uri);
    await waitForDiagnostic(uri, 'github-pat');
    assert.equal(await vscode.commands.executeCommand('nhiLens.replaceWithEnv', ref(uri, api, 'github-pat'), { name: 'DEPLOY_TOKEN' }), true);
    assert.equal(disk(uri), 'const githubToken = process.env.DEPLOY_TOKEN;\nmodule.exports = githubToken;\n');
    await waitForNoDiagnostic(uri, 'github-pat');
  });

  it('Python gets os.environ and an import; .env gets an empty value and a .env.example entry', async () => {
    const py = await write('features/py/settings.py', `import sys\n\nGITHUB_TOKEN = "${ghp()}"\n`);
    await open(py);
    await waitForDiagnostic(py, 'github-pat');
    assert.equal(await vscode.commands.executeCommand('nhiLens.replaceWithEnv', ref(py, api, 'github-pat'), { name: 'GITHUB_TOKEN' }), true);
    assert.equal(disk(py), 'import os\nimport sys\n\nGITHUB_TOKEN = os.environ["GITHUB_TOKEN"]\n');

    const env = await write('features/dotenv/.env', `NPM_TOKEN=${npm()}\nPORT=8080\n`);
    await open(env);
    await waitForDiagnostic(env, 'npm-access-token');
    assert.equal(await vscode.commands.executeCommand('nhiLens.replaceWithEnv', ref(env, api, 'npm-access-token'), { name: 'NPM_TOKEN' }), true);
    assert.equal(disk(env), 'NPM_TOKEN=\nPORT=8080\n');
    assert.equal(fs.readFileSync(path.join(path.dirname(env.fsPath), '.env.example'), 'utf8'), 'NPM_TOKEN=\n');
  });

  it('fix all of one rule in a file replaces every literal in one edit', async () => {
    const uri = await write('features/all/.env', `NPM_TOKEN=${npm()}\nNPM_PUBLISH_TOKEN=${npm()}\n`);
    await open(uri);
    await waitFor(() => nhiDiagnostics(uri).filter((d) => ruleOf(d) === 'npm-access-token').length === 2, 'two npm findings', 10_000);
    assert.ok((await actionTitles(uri, 'npm-access-token')).some((t) => t.startsWith('Replace all 2 ')));
    assert.equal(await vscode.commands.executeCommand('nhiLens.fixAllInFile', uri.toString(), 'npm-access-token'), true);
    assert.equal(disk(uri), 'NPM_TOKEN=\nNPM_PUBLISH_TOKEN=\n');
  });

  it('"Replace with a vault reference" uses the configured provider\'s real syntax (1Password in .env)', async () => {
    const uri = await write('features/vault/.env', `GITHUB_TOKEN=${ghp()}\n`);
    await open(uri);
    await waitForDiagnostic(uri, 'github-pat');
    assert.equal(await vscode.commands.executeCommand('nhiLens.replaceWithVault', ref(uri, api, 'github-pat'), { provider: '1password', name: 'github-token' }), true);
    assert.match(disk(uri), /^GITHUB_TOKEN=op:\/\/[^/\s]+\/github-token\/[^/\s]+\n$/);
  });

  it('moves GitHub Actions from stored AWS keys to OIDC (the CI analysis\' own fix)', async () => {
    const wf = fs.readFileSync(fileUri(planted.workflowStaticKeys.path).fsPath, 'utf8');
    const uri = await write('.github/workflows/features-oidc.yml', wf.replace(/\n\s+env:\n\s+AWS_ACCESS_KEY_ID: \S+\n/, '\n'));
    await open(uri);
    await waitForDiagnostic(uri, 'gha-aws-static-keys');
    const f = api.store.findings(uri).find((x) => x.ruleId === 'gha-aws-static-keys')!;
    const index = f.fixes!.findIndex((x) => /role|OIDC|workload/i.test(x.title));
    assert.ok(index >= 0, `no OIDC fix among ${JSON.stringify(f.fixes!.map((x) => x.title))}`);
    assert.equal(await vscode.commands.executeCommand('nhiLens.applyFix', ref(uri, api, 'gha-aws-static-keys'), index), true);
    const after = parseYaml(disk(uri));
    const step = after.jobs.deploy.steps.find((s: { uses?: string }) => s.uses?.startsWith('aws-actions/configure-aws-credentials'));
    assert.ok(step.with['role-to-assume'], 'role-to-assume set');
    assert.equal(step.with['aws-secret-access-key'], undefined);
    assert.equal(after.permissions?.['id-token'] ?? after.jobs.deploy.permissions?.['id-token'], 'write');
    await waitForNoDiagnostic(uri, 'gha-aws-static-keys');
  });

  it('suppresses with a reason in the file\'s own comment syntax', async () => {
    const uri = await write('features/suppress.py', `API = "${ghp()}"\n`);
    await open(uri);
    await waitForDiagnostic(uri, 'github-pat');
    assert.equal(await vscode.commands.executeCommand('nhiLens.suppress', ref(uri, api, 'github-pat'), { reason: 'revoked, kept for a regression test' }), true);
    assert.match(disk(uri), /^# nhi-lens-ignore github-pat: revoked, kept for a regression test\nAPI = "/);
    await waitForNoDiagnostic(uri, 'github-pat');
  });

  it('adds a credential to the baseline (written and wired into .nhi-lens.yaml)', async () => {
    const uri = await write('features/baseline.js', `const legacy = "${ghp()}";\n`);
    await open(uri);
    await waitForDiagnostic(uri, 'github-pat');
    const fp = api.store.findings(uri).find((x) => x.ruleId === 'github-pat')!.fingerprint;
    assert.equal(await vscode.commands.executeCommand('nhiLens.addToBaseline', ref(uri, api, 'github-pat')), true);
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    assert.match(fs.readFileSync(path.join(root, '.nhi-lens.yaml'), 'utf8'), /^baseline: \.nhi-lens-baseline\.json$/m);
    const baseline = JSON.parse(fs.readFileSync(path.join(root, '.nhi-lens-baseline.json'), 'utf8'));
    assert.ok(baseline.findings.some((e: { fingerprint: string }) => e.fingerprint === fp));
    await waitForNoDiagnostic(uri, 'github-pat', 10_000);
  });

  it('a rename moves the findings, a delete clears them, closing keeps them', async () => {
    const uri = await write('features/move/old.js', `const t = "${ghp()}";\n`);
    await open(uri);
    await waitForDiagnostic(uri, 'github-pat');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(nhiDiagnostics(uri).some((d) => ruleOf(d) === 'github-pat'), 'closing keeps the diagnostic');
    const moved = fileUri('features/move/new.js');
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(uri, moved);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostic(moved, 'github-pat', 5000);
    await waitForNoDiagnostic(uri, 'github-pat', 5000);
    await vscode.workspace.fs.delete(moved);
    await waitForNoDiagnostic(moved, 'github-pat', 5000);
  });

  it('audit: the tree groups by identity, kind and file; the status bar counts open findings', async () => {
    const run = await api.audit.audit({ quiet: true });
    assert.equal(run.cancelled, false);
    const paths = run.folders[0].result.findings.map((f) => f.path);
    assert.ok(paths.includes(planted.unopened.path));
    assert.ok(!paths.includes(planted.ignored.path));
    for (const g of ['identity', 'kind', 'file'] as const) {
      await api.tree.setGrouping(g);
      const groups = api.tree.groups();
      assert.ok(groups.length > 0, `no ${g} groups`);
      assert.equal(groups.reduce((n, x) => n + x.leaves.length, 0), api.tree.leaves().length, `${g}: every finding in exactly one group`);
    }
    assert.ok(api.tree.groups().some((g) => g.label === planted.unopened.path));
    await api.tree.setGrouping('identity');
    await waitFor(() => api.status.text.endsWith(` ${api.tree.leaves().length}`) || undefined, `status bar says "${api.status.text}"`, 5000);
  });

  it('the report webview has counts, the chart, the identities, a nonce CSP and no secret', async () => {
    const panel = await api.audit.showReport();
    const html = panel.html;
    const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /^default-src 'none';/);
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'$/.exec(csp)?.[1];
    assert.ok(nonce, `scripts only by nonce: ${csp}`);
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    assert.ok(scripts.length >= 2 && scripts.every((a) => a.includes(`nonce="${nonce}"`)), 'every script carries the nonce');
    // Every loaded resource is one of the extension's own files, served by the webview.
    const loaded = [...html.matchAll(/<(?:script|link)\b[^>]*(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(loaded.every((u) => /\/(dist\/)?media\/[\w.-]+\.(js|css)$/.test(u)), `resources: ${loaded.join(', ')}`);
    // Besides keywords, nonces and data:, the CSP names one origin: the webview's own resources.
    const origins = new Set(csp.split(/[;\s]+/).filter((t) => t && !/-src$/.test(t) && !t.startsWith("'") && t !== 'data:'));
    assert.equal(origins.size, 1, `origins in the CSP: ${[...origins].join(' ')}`);
    assert.match(html, /<svg[^>]*role="img"/);
    assert.match(html, /By OWASP Non-Human Identities Top 10/);
    assert.ok(html.includes(planted.unopened.path));
    const doc = await vscode.workspace.openTextDocument(fileUri(planted.app.path));
    const token = doc.getText(new vscode.Range(planted.app.range.startLine, planted.app.range.startColumn, planted.app.range.endLine, planted.app.range.endColumn));
    assert.ok(!leaksSecret(html, token));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  // Last: it changes the workspace configuration for every later scan.
  it('disables a rule for the workspace in .nhi-lens.yaml', async () => {
    const uri = await write('features/zz-disable.py', `STRIPE = "sk_live_51${fake.alnum(97)}"\n`);
    await open(uri);
    await waitForDiagnostic(uri, 'stripe-secret-key');
    assert.equal(await vscode.commands.executeCommand('nhiLens.disableRule', ref(uri, api, 'stripe-secret-key')), true);
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    assert.match(fs.readFileSync(path.join(root, '.nhi-lens.yaml'), 'utf8'), /disabledRules:\n\s+- stripe-secret-key/);
    await waitForNoDiagnostic(uri, 'stripe-secret-key', 10_000);
  });
});
