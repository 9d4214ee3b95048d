/**
 * Per workspace folder: the effective configuration (`.nhi-lens.yaml` merged with the `nhiLens.*`
 * settings and `files.exclude`), the engine options, the baseline and the ignore check. Loaded
 * lazily, dropped when the config, a `.gitignore` or the settings change.
 */
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { ConfigError, DEFAULT_CONFIG, loadConfig } from '../core/config/load';
import type { NhiLensConfig } from '../core/config/schema';
import type { ScanOptions } from '../core/detect/engine';
import { engineOptions } from '../core/engineOptions';
import { IgnoreChecker } from '../core/files/ignoreCheck';
import { toPosix } from '../core/files/walk';
import { Baseline } from '../core/findings/baseline';
import { filesExcludeGlobs, readSettings } from './settings';

export interface FolderContext {
  folder: vscode.WorkspaceFolder;
  root: string;
  config: NhiLensConfig;
  configFile?: string;
  /** The config or baseline could not be used: shown to the user, defaults apply. */
  problem?: string;
  engine: ScanOptions;
  baseline?: Baseline;
  baselineFile?: string;
  ignore: IgnoreChecker;
}

/** The fingerprint key: the organisation's, when set, so fingerprints match the CLI's and CI's. */
export function fingerprintKey(): string | undefined {
  return process.env.NHI_LENS_FINGERPRINT_KEY || undefined;
}

export class Folders implements vscode.Disposable {
  private readonly contexts = new Map<string, Promise<FolderContext>>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  /** The folder holding `uri` and the `/`-separated path inside it. */
  locate(uri: vscode.Uri): { folder: vscode.WorkspaceFolder; rel: string } | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || uri.scheme !== 'file') return undefined;
    const rel = toPosix(nodePath.relative(folder.uri.fsPath, uri.fsPath));
    if (!rel || rel.startsWith('..')) return undefined;
    return { folder, rel };
  }

  get(folder: vscode.WorkspaceFolder): Promise<FolderContext> {
    const key = folder.uri.toString();
    let p = this.contexts.get(key);
    if (!p) {
      p = load(folder);
      this.contexts.set(key, p);
    }
    return p;
  }

  invalidate(): void {
    this.contexts.clear();
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

async function load(folder: vscode.WorkspaceFolder): Promise<FolderContext> {
  const root = folder.uri.fsPath;
  const settings = readSettings(folder.uri);
  let config: NhiLensConfig = DEFAULT_CONFIG;
  let configFile: string | undefined;
  let problem: string | undefined;
  try {
    const loaded = await loadConfig(root);
    config = loaded.config;
    configFile = loaded.file;
  } catch (e) {
    problem = e instanceof ConfigError ? e.message : `cannot load .nhi-lens.yaml: ${(e as Error).message}`;
  }
  const merged: NhiLensConfig = {
    ...config,
    disabledRules: [...new Set([...config.disabledRules, ...settings.disabledRules])],
    ignore: [...config.ignore, ...settings.exclude, ...filesExcludeGlobs(folder.uri)],
  };
  let baseline: Baseline | undefined;
  let baselineFile: string | undefined;
  if (config.baseline && configFile) {
    baselineFile = nodePath.resolve(nodePath.dirname(configFile), config.baseline);
    baseline = await Baseline.load(baselineFile).catch((e: Error) => {
      // A baseline named but not written yet is simply empty; anything else is a problem to show.
      if (/ENOENT/.test(e.message)) return undefined;
      problem = e.message;
      return undefined;
    });
  }
  return {
    folder,
    root,
    config: merged,
    configFile,
    problem,
    engine: engineOptions(merged, fingerprintKey()),
    baseline,
    baselineFile,
    ignore: new IgnoreChecker(root, { ignoreGlobs: merged.ignore, gitignore: merged.gitignore }),
  };
}
