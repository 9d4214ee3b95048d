/**
 * `nhi-lens` command line. `run(argv)` returns the exit code and the text for stdout/stderr rather
 * than printing, so tests can call it in-process and `main.ts` stays a thin shell.
 *
 * Exit codes: 0 nothing at or above --fail-on; 1 findings at or above --fail-on; 2 usage or runtime error.
 */
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../core/config/load';
import { Baseline } from '../core/findings/baseline';
import { render, REPORT_FORMATS, type ReportFormat } from '../core/reports';
import { scanPaths } from '../core/scan';
import { SEVERITIES, type Severity } from '../core/types';
import { OWASP_NHI, owaspLabel } from '../core/owasp';
import { ruleCatalog, type CatalogEntry } from '../core/ruleCatalog';
import { VERSION } from './version';
import { z } from 'zod';
import { configSchema } from '../core/config/schema';
import { ownershipSchema } from '../core/identities/ownership';
import { inventoryCommand, InventoryUsageError, INVENTORY_HELP } from './inventory';
import { syncCommand, SYNC_HELP } from './sync';

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunEnv {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Live progress sink (stderr on a terminal); omitted = no progress. */
  progress?: (line: string) => void;
}

export const HELP = `nhi-lens ${VERSION} — find embedded credentials and risky machine-identity use

Usage:
  nhi-lens scan [paths…] [options]      scan files and directories (default: .)
  nhi-lens baseline [paths…] -o FILE    record current findings so only new ones are reported
  nhi-lens rules [--format text|json|markdown]   list the detection rules
  nhi-lens schema config|identities     JSON Schema of .nhi-lens.yaml or .nhi-lens/identities.yaml
  nhi-lens sync [paths…] --inventory URL  scan, then send findings (fingerprints, never values) to the inventory
  nhi-lens inventory serve|token|team   run and administer the central inventory service
  nhi-lens --version | --help

Scan options:
  -f, --format FORMAT                     text, json, sarif, markdown or html (default text)
  -o, --output FILE                       write the report to FILE instead of stdout
  -b, --baseline FILE                     hide findings recorded in this baseline
  -c, --config FILE                       configuration (default: nearest .nhi-lens.yaml upwards)
      --fail-on low|medium|high|critical  exit 1 when a finding is at or above this severity (default low)
      --no-generic                        only provider-format rules, no generic name/value rules
  -j, --jobs N                            worker threads (default: one per core, at most 4)
  -v, --verbose                           list skipped files with the reason on stderr
      --no-progress                       no progress line on stderr

${SYNC_HELP}
Environment:
  NHI_LENS_FINGERPRINT_KEY   key for the HMAC-SHA256 fingerprints (share it across a team so
                             the same secret has the same fingerprint everywhere)

${INVENTORY_HELP}
Exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on
  2  usage or runtime error
Secret values are never printed: previews show at most 4 characters.
`;

const TOOL = { name: 'NHI Lens', version: VERSION, informationUri: 'https://github.com/nhi-lens/nhi-lens' };

class UsageError extends Error {}

function rank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

function parseScanArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'text' },
        output: { type: 'string', short: 'o' },
        baseline: { type: 'string', short: 'b' },
        config: { type: 'string', short: 'c' },
        'fail-on': { type: 'string', default: 'low' },
        'no-generic': { type: 'boolean', default: false },
        verbose: { type: 'boolean', short: 'v', default: false },
        'no-progress': { type: 'boolean', default: false },
        jobs: { type: 'string', short: 'j' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

async function scanCommand(args: string[], env: RunEnv, mode: 'scan' | 'baseline'): Promise<RunResult> {
  const { values, positionals } = parseScanArgs(args);
  if (values.help) return { exitCode: 0, stdout: HELP, stderr: '' };
  const format = values.format as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}`);
  const failOn = values['fail-on'] as Severity;
  if (!['low', 'medium', 'high', 'critical'].includes(failOn)) throw new UsageError('--fail-on must be low, medium, high or critical');
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1 || jobs > 64)) throw new UsageError('--jobs must be a whole number from 1 to 64');
  if (mode === 'baseline' && !values.output) throw new UsageError('baseline needs --output FILE');
  const cwd = env.cwd ?? process.cwd();
  const paths = (positionals.length ? positionals : ['.']).map((p) => nodePath.resolve(cwd, p));
  const first = paths[0];
  const firstIsDir = await fs.stat(first).then((s) => s.isDirectory(), () => false);
  const { config, file: configFile } = await loadConfig(firstIsDir ? first : nodePath.dirname(first), values.config && nodePath.resolve(cwd, values.config));
  // Ignore globs are relative to the directory of the configuration (the workspace root).
  const workspaceRoot = configFile ? nodePath.dirname(configFile) : undefined;
  if (values['no-generic']) config.generic = false;
  const baselinePath = values.baseline ? nodePath.resolve(cwd, values.baseline) : config.baseline && configFile ? nodePath.resolve(nodePath.dirname(configFile), config.baseline) : undefined;
  const baseline = mode === 'scan' && baselinePath ? await Baseline.load(baselinePath) : undefined;
  const stderr: string[] = [];
  const result = await scanPaths(paths, {
    config,
    cwd,
    root: workspaceRoot,
    baseline,
    fingerprintKey: (env.env ?? process.env).NHI_LENS_FINGERPRINT_KEY || undefined,
    includeSuppressed: format === 'sarif',
    workers: jobs,
    onProgress: env.progress && !values['no-progress'] ? (n, p) => env.progress!(`scanned ${n} files  ${p.slice(-60)}`) : undefined,
    onSkip: values.verbose ? (p, reason) => stderr.push(`skipped ${p}: ${reason}`) : undefined,
  });
  if (mode === 'baseline') {
    await fs.writeFile(nodePath.resolve(cwd, values.output!), Baseline.fromFindings(result.findings).toJSON());
    return { exitCode: 0, stdout: '', stderr: `baseline of ${result.findings.length} findings written to ${values.output}\n` };
  }
  const report = render(format, { ...result, tool: TOOL, root: cwd });
  const failing = result.findings.filter((f) => !f.suppressed && rank(f.severity) >= rank(failOn));
  let stdout = report;
  if (values.output) {
    await fs.writeFile(nodePath.resolve(cwd, values.output), report);
    stdout = '';
    stderr.push(`${format} report written to ${values.output} (${result.findings.filter((f) => !f.suppressed).length} findings)`);
  }
  return { exitCode: failing.length ? 1 : 0, stdout, stderr: stderr.length ? stderr.join('\n') + '\n' : '' };
}

function rulesCommand(args: string[]): RunResult {
  const { values } = parseArgs({ args, options: { format: { type: 'string', short: 'f', default: 'text' } } });
  const rows = ruleCatalog();
  switch (values.format) {
    case 'json':
      return { exitCode: 0, stdout: JSON.stringify(rows, null, 2) + '\n', stderr: '' };
    case 'markdown':
      return { exitCode: 0, stdout: rulesMarkdown(rows), stderr: '' };
    case 'text': {
      const text = rows.map((r) => `${r.id.padEnd(40)} ${r.severity.padEnd(9)} ${owaspLabel(r.owasp).padEnd(32)} ${r.title}`).join('\n');
      return { exitCode: 0, stdout: `${text}\n${rows.length} rules, ${new Set(rows.map((r) => r.kind)).size} credential kinds.\n`, stderr: '' };
    }
    default:
      throw new UsageError('rules --format must be text, json or markdown');
  }
}

/** JSON Schemas of NHI Lens's YAML files, for editors (package.json contributes them). */
function schemaCommand(args: string[]): RunResult {
  const schemas: Record<string, z.ZodType> = { config: configSchema, identities: ownershipSchema };
  const which = args[0];
  if (!which || !schemas[which]) throw new UsageError('schema needs one of: config, identities');
  const json = z.toJSONSchema(schemas[which], { io: 'input', unrepresentable: 'any' });
  return { exitCode: 0, stdout: JSON.stringify(json, null, 2) + '\n', stderr: '' };
}

/** docs/rules.md: one anchored section per rule (SARIF helpUri and diagnostics link here). */
function rulesMarkdown(rows: CatalogEntry[]): string {
  const out = [
    '# NHI Lens rules',
    '',
    '<!-- Generated by `node dist/cli.js rules --format markdown > docs/rules.md`; a test keeps it in step. -->',
    '',
    `${rows.length} rules. Every finding maps to an item of the [OWASP Non-Human Identities Top 10 (2025)](https://owasp.org/www-project-non-human-identities-top-10/2025/).`,
    '',
  ];
  const sections: Array<[CatalogEntry['category'], string]> = [
    ['secret', `Credential values (${new Set(rows.filter((r) => r.category === 'secret').map((r) => r.kind)).size} kinds)`],
    ['usage', 'How pipelines and infrastructure use credentials'],
    ['workspace', 'Across the workspace: shared identities and ownership'],
  ];
  for (const [category, heading] of sections) {
    out.push(`# ${heading}`, '');
    for (const r of rows.filter((x) => x.category === category)) {
      out.push(`## ${r.id}`, '', `**${r.title}** — provider: ${r.provider}; kind: \`${r.kind}\`; severity: ${r.severity}; OWASP [${owaspLabel(r.owasp)}](${OWASP_NHI[r.owasp].url}).`, '', `Fix: ${r.remediation}`, '');
    }
  }
  return out.join('\n');
}

export async function run(argv: string[], env: RunEnv = {}): Promise<RunResult> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        return { exitCode: command === undefined ? 2 : 0, stdout: command === undefined ? '' : HELP, stderr: command === undefined ? HELP : '' };
      case '--version':
      case '-V':
        return { exitCode: 0, stdout: `${VERSION}\n`, stderr: '' };
      case 'scan':
        return await scanCommand(rest, env, 'scan');
      case 'baseline':
        return await scanCommand(rest, env, 'baseline');
      case 'rules':
        return rulesCommand(rest);
      case 'schema':
        return schemaCommand(rest);
      case 'inventory':
        return await inventoryCommand(rest, env);
      case 'sync':
        return await syncCommand(rest, env);
      default:
        throw new UsageError(`unknown command "${command}" (try: scan, baseline, rules, inventory)`);
    }
  } catch (e) {
    if (e instanceof InventoryUsageError) return { exitCode: 2, stdout: '', stderr: `nhi-lens: ${e.message}\n` };
    if (e instanceof UsageError) return { exitCode: 2, stdout: '', stderr: `nhi-lens: ${e.message}\nRun "nhi-lens --help" for usage.\n` };
    if (e instanceof ConfigError) return { exitCode: 2, stdout: '', stderr: `nhi-lens: configuration error: ${e.message}\n` };
    return { exitCode: 2, stdout: '', stderr: `nhi-lens: ${(e as Error).message}\n` };
  }
}
