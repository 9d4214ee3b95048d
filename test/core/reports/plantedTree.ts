import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanPaths, type ScanResult } from '../../../src/core/scan';
import { Secrets } from '../../helpers/text';

/** A file name that is markup: reports must show it as text. */
export const HOSTILE_NAME = '<img src=x onerror=alert(1)>.env';

export interface PlantedTree {
  dir: string;
  result: ScanResult;
  /** Every secret value written, built at run time: none may appear in any output. */
  secrets: string[];
}

/**
 * A workspace with known credentials, scanned through the real walker and engine: one token in two
 * files (one identity, two places), a GitHub token, a password in a file whose name is markup, a
 * suppressed token, one CI secret used by two workflows, and a binary file that is skipped.
 */
export async function plantedTree(seed = 11): Promise<PlantedTree> {
  const s = new Secrets(seed);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-report-'));
  const shared = s.token(32);
  const github = s.raw.crcToken('ghp_');
  const password = s.password();
  const ignored = s.token(32);
  const write = (rel: string, text: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  write('deploy/.env', `API_TOKEN=${shared}\n`);
  write('config/app.yml', `service:\n  api_token: "${shared}"\n  github: ${github}\n  other_token: "${ignored}"  # nhi-lens-ignore: test fixture\n`);
  write(HOSTILE_NAME, `DB_PASSWORD=${password}\n`);
  const workflow = (name: string) =>
    `name: ${name}\non: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}\n`;
  write('.github/workflows/release.yml', workflow('release'));
  write('.github/workflows/nightly.yml', workflow('nightly'));
  write('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
  const result = await scanPaths([dir], { cwd: dir, workers: 1, includeSuppressed: true });
  return { dir, result, secrets: [shared, github, password, ignored] };
}
