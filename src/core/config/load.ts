import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { configSchema, type NhiLensConfig } from './schema';
import { ConfigError, parseValidatedYaml } from './validatedYaml';
import type { ProviderRule } from '../rules/types';

export const CONFIG_FILE = '.nhi-lens.yaml';

export { ConfigError } from './validatedYaml';

export const DEFAULT_CONFIG: NhiLensConfig = configSchema.parse({});

/** Parses and validates config text; throws ConfigError naming the file, line and field. */
export function parseConfig(text: string, file: string): NhiLensConfig {
  return parseValidatedYaml(text, file, configSchema).data;
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
