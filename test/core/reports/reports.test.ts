import * as assert from 'node:assert/strict';
import { scanText } from '../../../src/core/detect/engine';
import { render } from '../../../src/core/reports';
import type { Finding } from '../../../src/core/types';
import { Secrets } from '../../helpers/text';
import { validateSarif } from '../../helpers/sarif';

const s = new Secrets(3);
const tool = { name: 'NHI Lens', version: '0.1.0', informationUri: 'https://github.com/nhi-lens/nhi-lens' };

function sample(): { findings: Finding[]; secrets: string[] } {
  const a = s.token(32);
  const b = s.password();
  const findings = [
    ...scanText(`API_TOKEN=${a}\n`, 'deploy/.env'),
    ...scanText(`db:\n  password: "${b}"  # nhi-lens-ignore: local only\n`, 'config/app.yml', { includeSuppressed: true }),
  ];
  return { findings, secrets: [a, b] };
}

describe('reports', () => {
  it('SARIF is valid against the published 2.1.0 schema and carries what code scanning needs', () => {
    const { findings } = sample();
    const log = JSON.parse(render('sarif', { findings, tool, root: '/repo' }));
    assert.deepEqual(validateSarif(log), []);
    const run = log.runs[0];
    assert.equal(run.results.length, 2);
    const [r0, r1] = run.results;
    assert.equal(r0.ruleId, 'generic-secret');
    assert.equal(run.tool.driver.rules[r0.ruleIndex].id, 'generic-secret');
    assert.deepEqual(r0.locations[0].physicalLocation.region, { startLine: 1, startColumn: 11, endLine: 1, endColumn: 43 });
    assert.equal(r0.locations[0].physicalLocation.artifactLocation.uri, 'deploy/.env');
    assert.match(r0.partialFingerprints['nhiLensSecret/v1'], /^[0-9a-f]{64}$/);
    const tags: string[] = run.tool.driver.rules[r0.ruleIndex].properties.tags;
    assert.ok(tags.includes('CWE-798') && tags.includes('OWASP-NHI2:2025'), tags.join());
    assert.ok(run.tool.driver.rules[r0.ruleIndex].help.text.length > 10);
    assert.deepEqual(r1.suppressions, [{ kind: 'inSource', justification: 'local only' }]);
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, 'file:///repo/');
  });

  it('the schema check rejects a broken log (so the checks above can fail)', () => {
    const log = JSON.parse(render('sarif', { findings: sample().findings, tool }));
    delete log.runs[0].results[0].message;
    log.runs[0].results[0].level = 'fatal';
    assert.ok(validateSarif(log).length >= 2);
  });

  it('SARIF with no findings is still valid', () => {
    assert.deepEqual(validateSarif(JSON.parse(render('sarif', { findings: [], tool }))), []);
  });

  it('no format ever contains a secret value', () => {
    const { findings, secrets } = sample();
    for (const format of ['text', 'json', 'sarif', 'markdown'] as const) {
      const out = render(format, { findings, tool });
      for (const secret of secrets) assert.ok(!out.includes(secret), `${format} leaked a secret`);
    }
  });

  it('text lists findings as path:line:col with a summary, leaving suppressed ones out', () => {
    const { findings } = sample();
    const out = render('text', { findings, tool, stats: { files: 2, bytes: 100, skipped: 0, durationMs: 5 } });
    assert.match(out, /^deploy\/\.env:1:11 {2}HIGH {2}generic-secret /m);
    assert.ok(!out.includes('config/app.yml'));
    assert.match(out, /1 finding in 2 files: 1 high/);
    assert.match(out, /1 suppressed/);
  });

  it('markdown has summary tables by severity and OWASP NHI item', () => {
    const { findings } = sample();
    const out = render('markdown', { findings, tool });
    assert.match(out, /\| high \| 1 \|/);
    assert.match(out, /NHI2:2025 Secret Leakage\]\(https:\/\/owasp\.org[^)]+\) \| 1 \|/);
    assert.match(out, /`deploy\/\.env:1:11`/);
  });

  it('JSON round-trips the findings', () => {
    const { findings } = sample();
    const out = JSON.parse(render('json', { findings, tool }));
    assert.deepEqual(out.findings, JSON.parse(JSON.stringify(findings)));
  });
});
