/**
 * Registering machine-identity ownership from the editor, with the real `vscode` API: the CodeLens
 * above a CI secret reference, the register command (answers passed, so no prompts) writing
 * `.nhi-lens/identities.yaml` exactly, the lens and the hover reading it back, the quick fix on a
 * literal credential. Leaves no identities.yaml behind.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NhiLensApi } from '../../../src/extension/extension';
import type { PlantedWorkspace } from '../planted';
import { ownerSummary } from '../../../src/core/identities/ownershipEdit';
import { EXTENSION_ID, fileUri, plantedWorkspace, waitForDiagnostic } from './helpers';

const y = (...lines: string[]) => lines.join('\n') + '\n';
const REFERENCE = '${{ secrets.AWS_ACCESS_KEY_ID }}';

describe('NHI Lens in the extension host: ownership', () => {
  let planted: PlantedWorkspace;
  let workflow: vscode.Uri;
  let identities: vscode.Uri;
  let reference: vscode.Range;

  const disk = () => fs.readFileSync(identities.fsPath, 'utf8');
  const remove = () => fs.rmSync(path.dirname(identities.fsPath), { recursive: true, force: true });

  /** The lens whose range starts on the secret reference's line and covers it. */
  async function lensAtReference(): Promise<vscode.CodeLens> {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', workflow, 10);
    const lens = lenses.find((l) => l.range.contains(reference) && l.command?.command !== undefined && /owner|·/.test(l.command.title));
    assert.ok(lens?.command, `no ownership lens on line ${reference.start.line}: ${JSON.stringify(lenses.map((l) => [l.range.start.line, l.command?.title]))}`);
    return lens;
  }

  before(async () => {
    planted = plantedWorkspace();
    const api = await vscode.extensions.getExtension<NhiLensApi>(EXTENSION_ID)!.activate();
    await api.startupScan;
    workflow = fileUri('.github/workflows/deploy.yml');
    identities = fileUri('.nhi-lens/identities.yaml');
    remove();
    const doc = await vscode.workspace.openTextDocument(workflow);
    await vscode.window.showTextDocument(doc);
    const at = doc.getText().indexOf(REFERENCE);
    assert.ok(at > 0, `${planted.workflowKey.path} has no ${REFERENCE}`);
    reference = new vscode.Range(doc.positionAt(at), doc.positionAt(at + REFERENCE.length));
  });

  after(remove);

  it('the CodeLens above ${{ secrets.AWS_ACCESS_KEY_ID }} says "no owner · register" and runs the register command', async () => {
    const lens = await lensAtReference();
    assert.equal(lens.command!.title, 'no owner · register');
    assert.equal(lens.command!.command, 'nhiLens.registerOwner');
    assert.deepEqual(lens.command!.arguments, [{ name: 'AWS_ACCESS_KEY_ID', platform: 'github', uri: workflow.toString() }]);
  });

  it('registering with answers writes identities.yaml exactly; the lens then names the team and the hover the owner', async () => {
    const args = (await lensAtReference()).command!.arguments![0];
    const answers = { team: 'payments', owner: 'ana@example.com', purpose: 'Deploys the shop site', environments: 'production, staging', rotationDays: 30, expires: '2027-06-30' };
    assert.equal(await vscode.commands.executeCommand('nhiLens.registerOwner', { ...args, answers }), true);
    assert.equal(
      disk(),
      y(
        'version: 1',
        'identities:',
        '  - name: AWS_ACCESS_KEY_ID',
        '    platform: github',
        '    owner: ana@example.com',
        '    team: payments',
        '    purpose: Deploys the shop site',
        '    environments: [production, staging]',
        '    rotationDays: 30',
        '    expires: 2027-06-30',
      ),
    );
    const lens = await lensAtReference();
    assert.equal(lens.command!.title, 'payments · rotation not recorded');
    // VS Code hands `vscode.open` lenses back as its internal `_workbench.open`.
    assert.match(lens.command!.command, /^(vscode|_workbench)\.open$/);
    assert.ok(lens.command!.arguments!.some((a) => a instanceof vscode.Uri && a.fsPath === identities.fsPath), 'the lens opens identities.yaml');

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', workflow, reference.start.translate(0, 5));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.ok(text.includes('NHI Lens · AWS\\_ACCESS\\_KEY\\_ID'), text);
    for (const want of ['Owner: ana@example.com', 'Team: payments', 'Purpose: Deploys the shop site', 'Environments: production, staging', 'Last rotated: not recorded (every 30 days)', 'Expires: 2027-06-30', 'Status: ok', 'Used in ', 'Open identities.yaml']) {
      assert.ok(text.includes(want), `hover lacks "${want}":\n${text}`);
    }
    assert.ok(text.includes('/.nhi-lens/identities.yaml#L3)'), `the link opens the declaration (line 3):\n${text}`);
  });

  it('on a file with comments: a new identity is appended and an update changes only its field, byte for byte', async () => {
    const original = y(
      '# Who owns the shop\'s machine identities. Reviewed quarterly.',
      'version: 1',
      'expiringWithinDays: 14   # warn two weeks ahead',
      '',
      'identities:',
      '  # Static keys: to be replaced by OIDC (ticket SEC-12).',
      '  - name: AWS_ACCESS_KEY_ID',
      '    platform: github',
      '    owner: "ana@example.com"',
      '    team: payments',
      "    purpose: 'Deploys the shop site'",
      '    environments: [production]',
      '    rotationDays: 90',
      '    lastRotated: 2026-01-05',
      '',
    );
    fs.mkdirSync(path.dirname(identities.fsPath), { recursive: true });
    fs.writeFileSync(identities.fsPath, original);
    const base = { platform: 'github', uri: workflow.toString() };
    const secretAnswers = { team: 'payments', owner: 'bo@example.com', purpose: 'Deploys the shop site', environments: ['production'], rotationDays: 90 };
    assert.equal(await vscode.commands.executeCommand('nhiLens.registerOwner', { ...base, name: 'AWS_SECRET_ACCESS_KEY', answers: secretAnswers }), true);
    const appended = original.replace(
      '    lastRotated: 2026-01-05\n',
      y('    lastRotated: 2026-01-05', '  - name: AWS_SECRET_ACCESS_KEY', '    platform: github', '    owner: bo@example.com', '    team: payments', '    purpose: Deploys the shop site', '    environments: [production]', '    rotationDays: 90'),
    );
    assert.equal(disk(), appended);

    const keyAnswers = { team: 'payments', owner: 'cy@example.com', purpose: 'Deploys the shop site', environments: 'production', rotationDays: 90 };
    assert.equal(await vscode.commands.executeCommand('nhiLens.registerOwner', { ...base, name: 'AWS_ACCESS_KEY_ID', answers: keyAnswers }), true);
    assert.equal(disk(), appended.replace('owner: "ana@example.com"', 'owner: "cy@example.com"'));

    assert.equal((await lensAtReference()).command!.title, ownerSummary({ team: 'payments', rotationDays: 90, lastRotated: '2026-01-05' }, new Date(), 14));
  });

  it('refuses an invalid expiry and leaves the file as it was', async () => {
    const before = disk();
    const answers = { team: 'payments', owner: 'x@example.com', purpose: 'p', expires: '2027-02-30' };
    assert.equal(await vscode.commands.executeCommand('nhiLens.registerOwner', { name: 'AWS_ACCESS_KEY_ID', platform: 'github', uri: workflow.toString(), answers }), false);
    assert.equal(disk(), before);
  });

  it('offers "Register owner…" before "Suppress…" on a literal credential in the workflow', async () => {
    const d = await waitForDiagnostic(workflow, planted.workflowKey.ruleId);
    // identities.yaml just changed: the workflow may be re-analysed, with no actions until that is done.
    let actions: vscode.CodeAction[] = [];
    for (let i = 0; i < 40 && actions.length === 0; i++) {
      if (i) await new Promise((r) => setTimeout(r, 250));
      actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', workflow, d.range, vscode.CodeActionKind.QuickFix.value);
    }
    const titles = actions.map((a) => a.title);
    const register = titles.indexOf('Register owner…');
    const suppress = titles.findIndex((t) => t.startsWith(`Suppress ${planted.workflowKey.ruleId}`));
    assert.ok(register >= 0, `no "Register owner…" in ${JSON.stringify(titles)}`);
    assert.ok(suppress < 0 || register < suppress, `"Register owner…" must come before "Suppress…": ${JSON.stringify(titles)}`);
    const action = actions[register];
    assert.equal(action.command?.command, 'nhiLens.registerOwner');
    assert.match(String((action.command!.arguments![0] as { fingerprint?: string }).fingerprint), /^[0-9a-f]{64}$/);
  });
});
