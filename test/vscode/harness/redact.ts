/**
 * Masks anything the engine recognises as a credential in text the harness prints or stores
 * (mocha logs, server logs): a failing assertion must never put a planted value in CI output.
 */
import { analyzeText } from '../../../src/core/analyzeFile';

export function maskSecrets(text: string): string {
  const lines = text.split('\n');
  const found = analyzeText(text, 'e2e-output.log').findings.filter((f) => f.redacted);
  // Right to left, so earlier ranges keep their columns.
  found.sort((a, b) => b.range.startLine - a.range.startLine || b.range.startColumn - a.range.startColumn);
  for (const f of found) {
    const { startLine, startColumn, endLine, endColumn } = f.range;
    lines[startLine] = lines[startLine].slice(0, startColumn) + `${f.redacted}[masked]` + lines[endLine].slice(endColumn);
    if (endLine > startLine) lines.splice(startLine + 1, endLine - startLine);
  }
  return lines.join('\n');
}
