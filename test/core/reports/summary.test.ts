import * as assert from 'node:assert/strict';
import { owaspLabel } from '../../../src/core/owasp';
import { SEVERITY_ORDER } from '../../../src/core/reports/model';
import { summarize, type ReportSummary } from '../../../src/core/reports/summary';
import { HOSTILE_NAME, plantedTree, type PlantedTree } from './plantedTree';

const tool = { name: 'NHI Lens', version: '0.1.0', informationUri: 'https://github.com/nhi-lens/nhi-lens' };

describe('report summary', () => {
  let tree: PlantedTree;
  let summary: ReportSummary;
  before(async () => {
    tree = await plantedTree();
    summary = summarize({ ...tree.result, tool });
  });

  it('totals count open findings apart from suppressed ones, and the files scanned and skipped', () => {
    const { findings, stats } = tree.result;
    const open = findings.filter((f) => !f.suppressed);
    assert.equal(findings.filter((f) => f.suppressed).length, 1, 'the fixture plants exactly one suppressed token');
    assert.deepEqual(summary.totals, { open: open.length, suppressed: 1, skipped: 1, filesScanned: stats.files });
    assert.equal(stats.files, 5);
  });

  it('counts by severity, OWASP item and kind add up to the open findings', () => {
    const open = tree.result.findings.filter((f) => !f.suppressed);
    assert.deepEqual(summary.bySeverity.map((s) => s.severity), [...SEVERITY_ORDER]);
    for (const { severity, count } of summary.bySeverity) assert.equal(count, open.filter((f) => f.severity === severity).length, severity);
    assert.ok(summary.bySeverity.find((s) => s.severity === 'high')!.count >= 4, 'token ×2, GitHub token and password are high');

    assert.equal(summary.byOwasp.length, 10);
    for (const o of summary.byOwasp) {
      assert.equal(o.count, open.filter((f) => f.owasp === o.id).length, o.id);
      assert.equal(o.label, owaspLabel(o.id));
    }
    assert.ok(summary.byOwasp.find((o) => o.id === 'NHI2')!.count >= 3);

    const kinds = new Set(open.map((f) => f.kind));
    assert.deepEqual(new Set(summary.byKind.map((k) => k.kind)), kinds);
    assert.equal(summary.byKind.reduce((n, k) => n + k.count, 0), open.length);
    for (const { kind, count } of summary.byKind) assert.equal(count, open.filter((f) => f.kind === kind).length, kind);
    for (let i = 1; i < summary.byKind.length; i++) assert.ok(summary.byKind[i - 1].count >= summary.byKind[i].count, 'sorted by count, descending');
  });

  it('the same credential in two files is one identity with two places', () => {
    const preview = `${tree.secrets[0].slice(0, 4)}…`;
    const entries = summary.identities.filter((i) => i.preview === preview);
    assert.equal(entries.length, 1);
    const [token] = entries;
    assert.equal(token.kind, 'generic-secret');
    assert.equal(token.platform, 'file');
    assert.equal(token.severity, 'high');
    assert.equal(token.placeCount, 2);
    assert.deepEqual(token.places, [{ path: 'config/app.yml', line: 2 }, { path: 'deploy/.env', line: 1 }]);
    // Its two value findings and the two "shared" findings on the same ranges.
    assert.equal(token.findings, 4);
  });

  it('CI secrets come from the identity graph, with the findings that name them', () => {
    const npm = summary.identities.find((i) => i.name === 'NPM_TOKEN');
    assert.ok(npm, JSON.stringify(summary.identities.map((i) => i.name)));
    assert.equal(npm.kind, 'ci-secret');
    assert.equal(npm.platform, 'github');
    assert.deepEqual(npm.places, [{ path: '.github/workflows/nightly.yml', line: 9 }, { path: '.github/workflows/release.yml', line: 9 }]);
    const about = tree.result.findings.filter((f) => f.identity === 'NPM_TOKEN' && !f.suppressed);
    assert.equal(npm.findings, about.length);
    assert.ok(about.length >= 2);
    assert.equal(npm.severity, about.some((f) => f.severity === 'high') ? 'high' : 'medium');
  });

  it('one identity per value: the GitHub token and the password each once, the suppressed token not at all', () => {
    const literals = summary.identities.filter((i) => i.key.startsWith('literal:'));
    assert.equal(literals.length, 3);
    assert.equal(new Set(literals.map((i) => i.key)).size, 3);
    const password = literals.find((i) => i.places.some((p) => p.path === HOSTILE_NAME));
    assert.equal(password?.kind, 'password');
    assert.ok(!summary.identities.some((i) => i.preview === `${tree.secrets[3].slice(0, 4)}…`), 'suppressed value listed');
    // Most severe first.
    const ranks = summary.identities.map((i) => (i.severity ? SEVERITY_ORDER.length - SEVERITY_ORDER.indexOf(i.severity) : 0));
    for (let i = 1; i < ranks.length; i++) assert.ok(ranks[i - 1] >= ranks[i]);
  });

  it('is plain JSON and never holds a secret value', () => {
    const json = JSON.stringify(summary);
    assert.deepEqual(JSON.parse(json), summary);
    for (const secret of tree.secrets) assert.ok(!json.includes(secret), 'secret in summary');
    for (const i of summary.identities) if (i.preview) assert.ok(i.preview.length <= 5, i.preview);
  });

  it('without an identity graph still merges values by fingerprint; with nothing, all zeros', () => {
    const bare = summarize({ findings: tree.result.findings, tool });
    assert.equal(bare.identities.length, 3);
    assert.equal(bare.totals.filesScanned, undefined);
    assert.equal(bare.identities.find((i) => i.placeCount === 2)?.kind, 'generic-secret');

    const empty = summarize({ findings: [], tool });
    assert.deepEqual(empty.totals, { open: 0, suppressed: 0, skipped: 0 });
    assert.ok(empty.bySeverity.every((s) => s.count === 0));
    assert.deepEqual(empty.byKind, []);
    assert.deepEqual(empty.identities, []);
  });
});
