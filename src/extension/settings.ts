/** The `nhiLens.*` settings, read in one place with their defaults (package.json documents them). */
import * as vscode from 'vscode';
import type { Severity } from '../core/types';

export const VAULT_PROVIDER_IDS = ['hashicorp-vault', 'aws-secrets-manager', 'azure-key-vault', 'gcp-secret-manager', '1password'] as const;
export type VaultProviderId = (typeof VAULT_PROVIDER_IDS)[number];

export interface Settings {
  enable: boolean;
  /** Rescan as people type (debounced); otherwise on open and save. */
  scanOnType: boolean;
  /** Scan the whole workspace in the background after start-up. */
  scanWorkspaceOnStartup: boolean;
  /** Rule ids never reported, on top of `.nhi-lens.yaml`'s `disabledRules`. */
  disabledRules: string[];
  /** Findings below this severity are not shown. */
  severityThreshold: Severity;
  vaultProvider: VaultProviderId;
  /** Globs (relative to the workspace folder) never scanned, on top of `files.exclude` and `.nhi-lens.yaml`. */
  exclude: string[];
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration('nhiLens', scope);
  return {
    enable: c.get<boolean>('enable', true),
    scanOnType: c.get<boolean>('scanOnType', true),
    scanWorkspaceOnStartup: c.get<boolean>('scanWorkspaceOnStartup', true),
    disabledRules: c.get<string[]>('rules.disabled', []),
    severityThreshold: c.get<Severity>('severityThreshold', 'low'),
    vaultProvider: c.get<VaultProviderId>('vaultProvider', 'hashicorp-vault'),
    exclude: c.get<string[]>('exclude', []),
  };
}

/** `files.exclude` patterns that are switched on (`when` clauses are not evaluated: treated as on). */
export function filesExcludeGlobs(scope?: vscode.ConfigurationScope): string[] {
  const map = vscode.workspace.getConfiguration('files', scope).get<Record<string, boolean | { when: string }>>('exclude', {});
  return Object.entries(map)
    .filter(([, on]) => on === true || (typeof on === 'object' && on !== null))
    .map(([glob]) => glob);
}
