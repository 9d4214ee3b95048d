/**
 * Replacing a literal does not un-leak it: once per credential, after a fix, say that a credential
 * that was ever committed must be rotated, with a link to how.
 */
import * as vscode from 'vscode';
import { OWASP_NHI } from '../core/owasp';
import type { Finding } from '../core/types';

const SHOWN_KEY = 'nhiLens.rotationNoticeShown';
export const ROTATION_GUIDE = 'https://github.com/nhi-lens/nhi-lens/blob/main/docs/rotation.md';

export class RotationNotice {
  constructor(private readonly memento: vscode.Memento) {}

  /** Shows the notice unless it was shown for each of these credentials before. */
  async after(findings: ReadonlyArray<Pick<Finding, 'fingerprint' | 'kind' | 'redacted'>>): Promise<void> {
    const shown = new Set(this.memento.get<string[]>(SHOWN_KEY, []));
    const fresh = findings.filter((f) => f.redacted && !shown.has(f.fingerprint));
    if (fresh.length === 0) return;
    for (const f of fresh) shown.add(f.fingerprint);
    await this.memento.update(SHOWN_KEY, [...shown].slice(-5000));
    const what = fresh.length === 1 ? `This ${fresh[0].kind}` : `These ${fresh.length} credentials`;
    void vscode.window
      .showWarningMessage(`${what} left the file, but if it was ever committed or shared it is still exposed: rotate it (OWASP NHI2, ${OWASP_NHI.NHI2.title}).`, 'How to rotate')
      .then((choice) => {
        if (choice) void vscode.env.openExternal(vscode.Uri.parse(ROTATION_GUIDE));
      });
  }
}
