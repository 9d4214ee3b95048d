import type { ReportInput } from './model';

/** Machine-readable output: the findings as the engine returns them (masked), plus stats. */
export function renderJson(input: ReportInput): string {
  return (
    JSON.stringify(
      {
        tool: input.tool,
        stats: input.stats,
        findings: input.findings,
        identities: input.identities?.identities ?? [],
        skipped: input.skipped ?? [],
      },
      null,
      2,
    ) + '\n'
  );
}
