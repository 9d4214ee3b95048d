/**
 * SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html). Results carry the
 * rule id, a region exactly around the secret (1-based), a partial fingerprint (the keyed hash, so
 * code-scanning dedupes across runs), OWASP NHI and CWE-798 tags, and in-source suppressions.
 */
import { pathToFileURL } from 'node:url';
import { owaspLabel } from '../owasp';
import type { Finding, Range, Severity } from '../types';
import { ruleHelpUri, subject, type ReportInput } from './model';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub code scanning reads `security-severity` (0–10) to rank security results. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

function ruleDescriptor(f: Finding) {
  const owasp = owaspLabel(f.owasp);
  return {
    id: f.ruleId,
    name: pascal(f.ruleId),
    shortDescription: { text: f.title },
    fullDescription: { text: `${f.title} (${f.provider}). Falls under OWASP ${owasp}.` },
    help: {
      text: f.redacted ? `${f.remediation} Never commit credentials; a credential that was ever committed must be rotated.` : f.remediation,
      markdown: `**${f.title}** — OWASP ${owasp}.\n\n${f.remediation}${f.redacted ? '\n\nA credential that was ever committed must be rotated: removing it from the file does not remove it from history.' : ''}`,
    },
    helpUri: ruleHelpUri(f.ruleId),
    defaultConfiguration: { level: LEVEL[f.severity] },
    properties: {
      tags: f.redacted ? ['security', 'secret', 'CWE-798', `OWASP-${f.owasp}:2025`, f.kind] : ['security', 'machine-identity', `OWASP-${f.owasp}:2025`, f.kind],
      precision: 'high',
      'security-severity': SECURITY_SEVERITY[f.severity],
    },
  };
}

function region(r: Range) {
  return { startLine: r.startLine + 1, startColumn: r.startColumn + 1, endLine: r.endLine + 1, endColumn: r.endColumn + 1 };
}

function physical(path: string, r: Range) {
  return { artifactLocation: { uri: encodeURI(path), uriBaseId: '%SRCROOT%' }, region: region(r) };
}

export function renderSarif(input: ReportInput): string {
  const rules: ReturnType<typeof ruleDescriptor>[] = [];
  const ruleIndex = new Map<string, number>();
  for (const f of input.findings) {
    if (!ruleIndex.has(f.ruleId)) {
      ruleIndex.set(f.ruleId, rules.length);
      rules.push(ruleDescriptor(f));
    }
  }
  const results = input.findings.map((f) => {
    const result: Record<string, unknown> = {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId),
      level: LEVEL[f.severity],
      message: { text: `${f.title}${subject(f) ? ' ' + subject(f) : ''} — ${f.remediation}` },
      locations: [
        {
          physicalLocation: physical(f.path, f.range),
        },
      ],
      partialFingerprints: { 'nhiLensSecret/v1': f.fingerprint },
      ...(f.related?.length ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, message: { text: r.message }, physicalLocation: physical(r.path, r.range) })) } : {}),
      ...(f.fixes?.length
        ? {
            fixes: f.fixes.map((x) => ({
              description: { text: x.title },
              artifactChanges: [{ artifactLocation: { uri: encodeURI(f.path), uriBaseId: '%SRCROOT%' }, replacements: x.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })) }],
            })),
          }
        : {}),
      properties: { kind: f.kind, confidence: f.confidence, owasp: `${f.owasp}:2025`, redacted: f.redacted, severity: f.severity },
    };
    if (f.suppressed) {
      result.suppressions = [
        f.suppressed.kind === 'inline'
          ? { kind: 'inSource', ...(f.suppressed.reason ? { justification: f.suppressed.reason } : {}) }
          : { kind: 'external', justification: 'listed in the baseline' },
      ];
    }
    return result;
  });
  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: input.tool.name,
        version: input.tool.version,
        semanticVersion: input.tool.version,
        informationUri: input.tool.informationUri,
        rules,
      },
    },
    columnKind: 'utf16CodeUnits',
    results,
  };
  if (input.root) run.originalUriBaseIds = { '%SRCROOT%': { uri: pathToFileURL(input.root.endsWith('/') ? input.root : input.root + '/').href } };
  return JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] }, null, 2) + '\n';
}
