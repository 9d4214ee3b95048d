/** Fixed places the VS Code harness reads from and writes to. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { maskSecrets } from './redact';

/** The repository root: the extension under test (compiled to out/test/vscode/harness, four levels down). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/**
 * The extension under test: the repository (built into dist/), or NHI_LENS_E2E_EXTENSION, e.g. a
 * snapshot built elsewhere while the working tree is mid-edit.
 */
export const EXTENSION_DIR = path.resolve(process.env.NHI_LENS_E2E_EXTENSION || REPO_ROOT);

/** Screenshots and logs for people to look at after a run (git-ignored). */
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts', 'vscode');

/** The compiled in-host mocha entry point, loaded inside the extension host. */
export const IN_HOST_TESTS = path.join(REPO_ROOT, 'out', 'test', 'vscode', 'inhost', 'index.js');

/** Writes an artifact (a log, credentials masked) and returns its path. */
export function writeArtifact(name: string, text: string): string {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, name);
  fs.writeFileSync(file, maskSecrets(text));
  return file;
}
