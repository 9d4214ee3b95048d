import { OWASP_NHI, owaspLabel } from '../owasp';
import type { OwaspNhiId } from '../types';
import { countBy, location, ruleHelpUri, SEVERITY_ORDER, subject, type ReportInput } from './model';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A review-friendly Markdown report: summary tables, then every finding. */
export function renderMarkdown(input: ReportInput): string {
  const active = input.findings.filter((f) => !f.suppressed);
  const out: string[] = [`# ${input.tool.name} report`, ''];
  if (input.stats) out.push(`Scanned ${input.stats.files} files (${(input.stats.bytes / 1e6).toFixed(1)} MB) in ${(input.stats.durationMs / 1000).toFixed(1)} s; ${input.stats.skipped} skipped.`, '');
  if (!active.length) {
    out.push('No findings.', '');
    return out.join('\n');
  }
  out.push('## Summary', '', '| Severity | Findings |', '| --- | ---: |');
  const bySeverity = countBy(active, (f) => f.severity);
  for (const s of SEVERITY_ORDER) if (bySeverity.get(s)) out.push(`| ${s} | ${bySeverity.get(s)} |`);
  out.push('', '| OWASP NHI Top 10 (2025) | Findings |', '| --- | ---: |');
  const byOwasp = countBy(active, (f) => f.owasp);
  for (const id of Object.keys(OWASP_NHI) as OwaspNhiId[]) if (byOwasp.get(id)) out.push(`| [${owaspLabel(id)}](${OWASP_NHI[id].url}) | ${byOwasp.get(id)} |`);
  out.push('', '## Findings', '', '| Location | Severity | Rule | Secret or identity | Confidence | Remediation |', '| --- | --- | --- | --- | --- | --- |');
  for (const f of active) {
    const what = subject(f);
    out.push(`| \`${cell(location(f))}\` | ${f.severity} | [${f.ruleId}](${ruleHelpUri(f.ruleId)}) ${cell(f.title)} | ${what ? `\`${cell(what)}\`` : ''} | ${f.confidence} | ${cell(f.remediation)} |`);
  }
  const suppressed = input.findings.length - active.length;
  if (suppressed) out.push('', `${suppressed} finding(s) suppressed inline or by the baseline.`);
  out.push('');
  return out.join('\n');
}
