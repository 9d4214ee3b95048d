import { owaspLabel } from '../owasp';
import { countBy, location, SEVERITY_ORDER, subject, type ReportInput } from './model';

/** Human-readable terminal output: one line per finding, how to fix each rule once, then a summary. */
export function renderText(input: ReportInput): string {
  const active = input.findings.filter((f) => !f.suppressed);
  const lines: string[] = [];
  const fixes = new Map<string, string>();
  for (const f of active) {
    const what = subject(f);
    lines.push(`${location(f)}  ${f.severity.toUpperCase()}  ${f.ruleId}  ${f.title}  ${what ? what + '  ' : ''}${f.confidence} confidence, ${owaspLabel(f.owasp)}`);
    if (f.fixes?.length) lines.push(`    quick fix: ${f.fixes.map((x) => x.title).join('; ')}`);
    fixes.set(f.ruleId, f.remediation);
  }
  if (fixes.size) {
    lines.push('', 'How to fix:');
    for (const [id, fix] of [...fixes].sort(([a], [b]) => (a < b ? -1 : 1))) lines.push(`  ${id}: ${fix}`);
  }
  const bySeverity = countBy(active, (f) => f.severity);
  const summary = SEVERITY_ORDER.filter((s) => bySeverity.get(s)).map((s) => `${bySeverity.get(s)} ${s}`).join(', ');
  const files = input.stats ? ` in ${input.stats.files} files` : '';
  lines.push(active.length ? `\n${active.length} finding${active.length === 1 ? '' : 's'}${files}: ${summary}` : `No findings${files}.`);
  const suppressed = input.findings.length - active.length;
  if (suppressed) lines.push(`${suppressed} suppressed (inline or baseline).`);
  return lines.join('\n') + '\n';
}
