import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanPaths } from '../../../src/core/scan';
import { PROVIDER_RULES } from '../../../src/core/rules';
import { Fake } from '../../../src/core/rules/fake';
import type { Finding } from '../../../src/core/types';

/**
 * Generated trees of mixed files: benign code and configuration (including every rule's own
 * false-positive samples) with every rule's true positives planted at known places. The whole
 * tree is scanned through the real file walker, decoders and worker pool.
 */
const BENIGN: Record<string, string[]> = {
  'src/app.ts': ['import { client } from "./client";', 'const token = process.env.API_TOKEN;', 'export const handler = async (req) => client.get(req.id);', '// see https://github.com/acme/app/issues/42'],
  'app/settings.py': ['import os', 'SECRET_KEY = os.environ["SECRET_KEY"]', 'DEBUG = False', 'password = getpass.getpass()'],
  'deploy/values.yaml': ['image:', '  repository: registry.example.com/app', 'password: "{{ .Values.db.password }}"', 'apiToken: ${{ secrets.API_TOKEN }}'],
  'docs/README.md': ['Set `API_TOKEN` to your token, e.g. `API_TOKEN=<your-token>`.', 'The key AKIAIOSFODNN7EXAMPLE is the documented example.'],
  'package-lock.json': ['{ "packages": { "node_modules/x": { "integrity": "sha512-3Hn8QZbSGd6G0cmEhE2R2vdO2Tp2G6yM8bKuXb1qEjw2m3nm8I6zQyMKNnQ3aFvLm0pqYw1bJ+0m3m0w3+4AZQ==" } } }'],
  'go/main.go': ['package main', 'func main() {', '\ttoken := os.Getenv("TOKEN")', '}'],
};

interface Planted {
  ruleId: string;
  file: string;
  line: number;
}

function buildTree(): { dir: string; planted: Planted[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-corpus-'));
  const files = new Map<string, string[]>();
  for (const [file, lines] of Object.entries(BENIGN)) files.set(file, [...lines]);
  // Every rule's false positives go into one file per rule; none may be reported.
  for (const rule of PROVIDER_RULES) {
    const fps = rule.samples.fp.filter((fp) => !fp.path);
    if (fps.length) files.set(`fp/${rule.id}.txt`, fps.map((fp) => fp.text));
  }
  const planted: Planted[] = [];
  for (const rule of PROVIDER_RULES) {
    rule.samples.tp(new Fake(rule.id.length * 31 + 7)).forEach((tp, i) => {
      const file = tp.path ? `tp/${rule.id}-${i}/${tp.path}` : `tp/${rule.id}-${i}.txt`;
      const lines = ['# generated sample', ...tp.text.split('\n')];
      files.set(file, lines);
      planted.push({ ruleId: rule.id, file, line: 1 });
    });
  }
  for (const [file, lines] of files) {
    fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), lines.join('\n') + '\n');
  }
  return { dir, planted };
}

function check(findings: Finding[], planted: Planted[]): void {
  const missed = planted.filter((p) => !findings.some((f) => f.path === p.file && f.ruleId === p.ruleId && f.range.startLine >= p.line));
  assert.deepEqual(missed.map((m) => `${m.ruleId} in ${m.file}`), [], 'planted secrets not found');
  // Benign files: nothing at all. Rules' own near misses: no provider rule may fire on another's
  // negatives (a generic finding there can be right: a random literal assigned to a secret name).
  const stray = findings.filter((f) => !f.path.startsWith('tp/') && (!f.path.startsWith('fp/') || f.provider !== 'Generic'));
  assert.deepEqual(stray.map((f) => `${f.path}:${f.range.startLine + 1} ${f.ruleId} [${f.redacted}]`), [], 'findings outside the planted files');
}

describe('corpus: generated trees of mixed files', () => {
  let tree: { dir: string; planted: Planted[] };
  before(() => {
    tree = buildTree();
  });
  after(() => fs.rmSync(tree.dir, { recursive: true, force: true }));

  it('finds every planted secret and nothing else (in-process)', async () => {
    const result = await scanPaths([tree.dir], { cwd: tree.dir, workers: 1 });
    assert.ok(tree.planted.length > 400, `only ${tree.planted.length} planted`);
    check(result.findings, tree.planted);
  });

  it('gives identical, ordered results through the worker pool', async () => {
    const one = await scanPaths([tree.dir], { cwd: tree.dir, workers: 1 });
    const pool = await scanPaths([tree.dir], { cwd: tree.dir, workers: 3 });
    assert.deepEqual(pool.findings, one.findings);
    assert.equal(pool.stats.files, one.stats.files);
  });
});
