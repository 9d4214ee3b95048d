import type { ScanOptions } from './detect/engine';
import { PROVIDER_RULES } from './rules';
import type { ProviderRule } from './rules/types';
import { customRules } from './config/load';
import type { NhiLensConfig } from './config/schema';
import { makeGlobMatcher } from './files/walk';
import { isTestPath } from './syntax/language';

/** Engine options derived from a configuration (shared by the CLI, workers and the extension). */
export function engineOptions(config: NhiLensConfig, fingerprintKey?: string): ScanOptions {
  const rules: readonly ProviderRule[] = config.rules.length ? [...PROVIDER_RULES, ...customRules(config)] : PROVIDER_RULES;
  const extraTest = config.testPaths.length ? makeGlobMatcher(config.testPaths) : undefined;
  return {
    rules,
    generic: config.generic,
    fingerprintKey,
    disabledRules: config.disabledRules,
    severityOverrides: config.severity,
    isTestPath: (p) => isTestPath(p) || (extraTest?.(p, false) ?? false),
  };
}
