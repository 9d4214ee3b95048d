/**
 * What the throw-away e2e workspace contains, shared by the harness that plants it and the tests
 * that run inside the extension host. It holds positions and masked previews, never a value: a
 * test that needs the value reads it from the document at `range`.
 */
import * as fs from 'node:fs';
import type { OwaspNhiId, Range } from '../../src/core/types';

/** One finding the engine reports on a planted file, as checked when the workspace was made. */
export interface Planted {
  /** Workspace-relative, `/`-separated. */
  path: string;
  ruleId: string;
  kind: string;
  /** The rule's title, which the diagnostic message names. */
  title: string;
  owasp: OwaspNhiId;
  /** 0-based, end-exclusive: exactly the credential (or the construct, for CI rules). */
  range: Range;
  /** At most 4 characters and `…`; empty for CI rules about use rather than a value. */
  redacted: string;
}

export interface PlantedWorkspace {
  /** Absolute path of the workspace folder. */
  root: string;
  /** `src/app.js`: a GitHub classic PAT in a string literal. */
  app: Planted;
  /** `src/clean.js`: reads the token from the environment; nothing to report. */
  cleanPath: string;
  /** `config/settings.py`: a Stripe live secret key. */
  settings: Planted;
  /** `.github/workflows/deploy.yml`: a literal AWS access key id in the job env … */
  workflowKey: Planted;
  /** … and configure-aws-credentials fed with stored long-lived keys where OIDC exists. */
  workflowStaticKeys: Planted;
  /** `deep/nested/unopened.env`: never opened by a test; only the background scan and the audit find it. */
  unopened: Planted;
  /** `local/secrets.env`, listed in `.gitignore`: a workspace audit must NOT report it. */
  ignored: Planted;
}

/** Environment variable naming the manifest file (set for the server, so the extension host sees it). */
export const PLANTED_ENV = 'NHI_LENS_E2E_PLANTED';

/** The manifest of the workspace the current run opened. */
export function readPlanted(env: NodeJS.ProcessEnv = process.env): PlantedWorkspace {
  const file = env[PLANTED_ENV];
  if (!file) throw new Error(`${PLANTED_ENV} is not set: these tests run inside the extension host started by test/vscode/harness`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as PlantedWorkspace;
}
