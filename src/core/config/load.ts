import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { configSchema, type NhiLensConfig } from './schema';
import type { ProviderRule } from '../rules/types';

export const CONFIG_FILE = '.nhi-lens.yaml';

/** A configuration problem, located: file, 1-based line and column, and the field path. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${column}: ${field ? `${field}: ` : ''}${problem}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_CONFIG: NhiLensConfig = configSchema.parse({});

/** Parses and validates config text; throws ConfigError naming the file, line and field. */
export function parseConfig(text: string, file: string): NhiLensConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = lineCounter.linePos(e.pos[0]);
    throw new ConfigError(file, pos.line, pos.col, '', `invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const data = doc.toJS() ?? {};
  const result = configSchema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // Point at the deepest node that exists on the issue's path.
  let path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') path = [...path, issue.keys[0]];
  let node: unknown;
  for (let n = path.length; n >= 0 && !node; n--) node = doc.getIn(path.slice(0, n), true);
  let offset = 0;
  if (issue.code === 'unrecognized_keys') {
    const parent = doc.getIn(issue.path as (string | number)[], true) as { items?: Array<{ key: { value: unknown; range?: number[] } }> } | undefined;
    const pair = parent?.items?.find((p) => p.key?.value === issue.keys[0]);
    offset = pair?.key?.range?.[0] ?? 0;
  } else {
    offset = (node as { range?: number[] } | undefined)?.range?.[0] ?? 0;
  }
  const pos = lineCounter.linePos(offset);
  const message = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
  throw new ConfigError(file, pos.line, pos.col, path.join('.'), message);
}

export interface LoadedConfig {
  config: NhiLensConfig;
  /** The file it came from, if any. */
  file?: string;
}

/**
 * The nearest `.nhi-lens.yaml` from `start` upwards, stopping at the repository root (a directory
 * holding `.git`) or the filesystem root.
 */
export async function findConfig(start: string): Promise<string | undefined> {
  let dir = nodePath.resolve(start);
  for (;;) {
    const candidate = nodePath.join(dir, CONFIG_FILE);
    if (await fs.stat(candidate).then((s) => s.isFile(), () => false)) return candidate;
    if (await fs.stat(nodePath.join(dir, '.git')).then(() => true, () => false)) return undefined;
    const parent = nodePath.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Loads `file`, or the nearest `.nhi-lens.yaml` from `root` upwards; defaults otherwise. */
export async function loadConfig(root: string, file?: string): Promise<LoadedConfig> {
  const path = file ?? (await findConfig(root)) ?? nodePath.join(root, CONFIG_FILE);
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (e) {
    if (!file && (e as NodeJS.ErrnoException).code === 'ENOENT') return { config: DEFAULT_CONFIG };
    throw new ConfigError(path, 0, 0, '', `cannot read config: ${(e as Error).message}`);
  }
  return { config: parseConfig(text, path), file: path };
}

/** Custom rules from the config, shaped like provider rules (without samples). */
export function customRules(config: NhiLensConfig): ProviderRule[] {
  return config.rules.map((r) => ({
    id: r.id,
    kind: r.kind ?? r.id,
    provider: 'Custom',
    title: r.title,
    severity: r.severity,
    owasp: r.owasp,
    remediation: r.remediation,
    keywords: r.keywords,
    pattern: new RegExp(r.regex, r.caseInsensitive ? 'i' : ''),
    minEntropy: r.minEntropy,
    confidence: 'medium',
    samples: { tp: () => [], fp: [] },
  }));
}
