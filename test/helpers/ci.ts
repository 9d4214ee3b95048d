import * as assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyzeFile';
import { applyEdits } from '../../src/core/fixes/apply';
import { parseYaml } from '../../src/core/ci/yamlFile';
import type { Finding } from '../../src/core/types';

/** Everything NHI Lens reports on one file (engine + CI analyzers), as the CLI would. */
export function analyze(path: string, text: string): Finding[] {
  return analyzeText(text, path).findings;
}

export function rulesOf(path: string, text: string): string[] {
  return analyze(path, text).map((f) => f.ruleId);
}

/** Original line numbers (0-based) that a change removed or rewrote: a line diff (LCS). */
export function changedLines(before: string, after: string): number[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const n = a.length;
  const m = b.length;
  const dp: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const changed: number[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      i++;
      j++;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) changed.push(i++);
    else j++;
  }
  while (i < n) changed.push(i++);
  return changed;
}

/**
 * Applies the finding's fix and proves it: the result parses (YAML files), the original lines it
 * changes are exactly `expectChanged` (every other line stays byte-identical), and the rule no
 * longer fires on the result. Returns the fixed text.
 */
export function assertFixResolves(path: string, text: string, ruleId: string, expectChanged: number[], fixIndex = 0): string {
  const finding = analyze(path, text).find((f) => f.ruleId === ruleId);
  assert.ok(finding, `${ruleId} not reported on ${path}`);
  const fix = finding.fixes?.[fixIndex];
  assert.ok(fix, `${ruleId} has no fix #${fixIndex}`);
  const after = applyEdits(text, fix.edits);
  if (/\.ya?ml$/i.test(path)) {
    const parsed = parseYaml(after, path);
    assert.ok(parsed.ok, `fixed YAML does not parse: ${parsed.ok ? '' : parsed.message}\n${after}`);
  }
  assert.deepEqual(changedLines(text, after), expectChanged, `changed lines differ; fixed text:\n${after}`);
  const still = analyze(path, after).filter((f) => f.ruleId === ruleId);
  assert.deepEqual(still.map((f) => `${f.range.startLine + 1}: ${f.title}`), [], `rule still fires after the fix:\n${after}`);
  return after;
}
