// `npm run bench`: throughput and memory of `nhi-lens scan` on a >=200 MB corpus, against the
// read-only floor and secretlint (preset-recommend) on the same files, in the same run.
// Usage: node bench/run.mjs [--mb 200] [--runs 5] [--skip-secretlint] [--corpus DIR]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? dflt : process.argv[i + 1];
};
const mb = Number(arg('--mb', 200));
const corpus = path.resolve(arg('--corpus', path.join(root, 'bench/corpus')));
const skipSecretlint = process.argv.includes('--skip-secretlint');

function corpusSize(dir) {
  let bytes = 0;
  let files = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        bytes += fs.statSync(p).size;
        files++;
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return { bytes, files };
}

let size = corpusSize(corpus);
if (size.bytes < mb * 1e6 * 0.99) {
  process.stdout.write(`generating a ${mb} MB corpus in ${path.relative(root, corpus)} … `);
  generate(corpus, mb * 1e6);
  size = corpusSize(corpus);
  console.log('done');
}

/** Runs a node script as a child process; returns wall seconds and peak RSS in bytes. */
function timed(label, args, opts = {}) {
  const rssFile = path.join(os.tmpdir(), `nhi-bench-rss-${process.pid}-${label}`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', path.join(root, 'bench/rss.cjs'), ...args], {
    cwd: opts.cwd ?? root,
    env: { ...process.env, NHI_BENCH_RSS_FILE: rssFile },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const rss = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8')) : NaN;
  fs.rmSync(rssFile, { force: true });
  if (opts.expect && !opts.expect.includes(r.status)) {
    throw new Error(`${label} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  }
  return { seconds, rss, stdout: r.stdout, stderr: r.stderr };
}

const MB = size.bytes / 1e6;
console.log(`corpus: ${size.files} files, ${MB.toFixed(1)} MB; machine: ${os.cpus().length} cores, node ${process.version}; median of ${Number(arg('--runs', 5))} interleaved runs (secretlint: 1)`);

// Warm the page cache so every contender reads from memory.
timed('warm', [path.join(root, 'bench/floor.mjs'), corpus], { expect: [0] });

const median = (results) => [...results].sort((a, b) => a.seconds - b.seconds)[Math.floor(results.length / 2)];
const RUNS = Number(arg('--runs', 5));
const reportFile = path.join(os.tmpdir(), `nhi-bench-report-${process.pid}.json`);
// Interleaved (floor, scan, floor, scan…) so both see the same machine conditions; medians compared.
const floors = [];
const scans = [];
for (let i = 0; i < RUNS; i++) {
  floors.push(timed('floor', [path.join(root, 'bench/floor.mjs'), corpus], { expect: [0] }));
  scans.push(timed('nhi-lens', [path.join(root, 'dist/cli.js'), 'scan', corpus, '--format', 'json', '--output', reportFile, '--no-progress'], { expect: [0, 1] }));
}
const floor = median(floors);
const scan = median(scans);
const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
fs.rmSync(reportFile, { force: true });

const rows = [
  ['read-only floor', floor.seconds, floor.rss],
  ['nhi-lens scan', scan.seconds, scan.rss],
];
let secretlint;
if (!skipSecretlint) {
  const bin = path.join(root, 'node_modules/secretlint/bin/secretlint.js');
  const rc = path.join(root, 'bench/secretlintrc.json');
  secretlint = timed('secretlint', [bin, '--secretlintrc', rc, '--format', 'compact', '--maskSecrets', '--output', path.join(os.tmpdir(), 'nhi-bench-secretlint.txt'), `${corpus}/**/*`], { expect: [0, 1] });
  rows.push(['secretlint (preset-recommend)', secretlint.seconds, secretlint.rss]);
}

console.log('');
console.log('| contender | seconds | MB/s | files/s | peak RSS MB |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [name, s, rss] of rows) {
  console.log(`| ${name} | ${s.toFixed(2)} | ${(MB / s).toFixed(1)} | ${(size.files / s).toFixed(0)} | ${(rss / 1e6).toFixed(0)} |`);
}
console.log('');
const manifest = fs.existsSync(`${corpus}.manifest.json`) ? JSON.parse(fs.readFileSync(`${corpus}.manifest.json`, 'utf8')) : undefined;
console.log(`nhi-lens findings: ${report.findings.length} (files scanned ${report.stats.files}, skipped ${report.stats.skipped})${manifest ? `; planted credentials: ${manifest.planted}` : ''}`);
const vsFloor = scan.seconds / floor.seconds;
console.log(`scan time / read-only floor: ${vsFloor.toFixed(2)}x  (target <= 3x: ${vsFloor <= 3 ? 'met' : 'NOT met'})`);
console.log(`peak RSS: ${(scan.rss / 1e6).toFixed(0)} MB  (target < 300 MB: ${scan.rss < 300e6 ? 'met' : 'NOT met'})`);
if (secretlint) {
  const ratio = secretlint.seconds / scan.seconds;
  console.log(`throughput vs secretlint: ${ratio.toFixed(1)}x  (target >= 20x: ${ratio >= 20 ? 'met' : 'NOT met'})`);
}
