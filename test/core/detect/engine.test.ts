import * as assert from 'node:assert/strict';
import { scanText } from '../../../src/core/detect/engine';
import { fingerprint, redact } from '../../../src/core/detect/fingerprint';
import type { ProviderRule } from '../../../src/core/rules/types';
import { covered, Secrets } from '../../helpers/text';

const s = new Secrets(11);

/** A tiny rule used to test engine mechanics independently of the real provider rules. */
const acme: ProviderRule = {
  id: 'acme-token', kind: 'acme-token', provider: 'Acme', title: 'Acme token', severity: 'high', owasp: 'NHI2',
  remediation: 'Revoke it.', keywords: ['acme_'], pattern: /\bacme_(?<secret>[A-Za-z0-9]{24})\b/,
  samples: { tp: () => [], fp: [] },
};
const acmeToken = () => `acme_${s.token(24)}`;

describe('engine mechanics', () => {
  it('reports the exact range of the secret group, 0-based', () => {
    const t = acmeToken();
    const text = `line one\n  const x = "${t}";\n`;
    const [f] = scanText(text, 'a.js', { rules: [acme], generic: false });
    assert.deepEqual(f.range, { startLine: 1, startColumn: 18, endLine: 1, endColumn: 18 + 24 }); // 2 spaces + `const x = "` + `acme_`
    assert.equal(covered(text, f.range), t.slice(5));
  });

  it('handles CRLF line endings', () => {
    const t = acmeToken();
    const text = `a\r\nb\r\nX="${t}"\r\n`;
    const [f] = scanText(text, 'a.txt', { rules: [acme], generic: false });
    assert.equal(f.range.startLine, 2);
    assert.equal(covered(text, f.range), t.slice(5));
  });

  it('finds every occurrence, including several on one line and repeated keywords', () => {
    const a = acmeToken();
    const b = acmeToken();
    const text = `x = ["${a}", "${b}"]\nacme_ acme_ nothing here\ny = "${a}"`;
    const found = scanText(text, 'a.py', { rules: [acme], generic: false });
    assert.deepEqual(found.map((f) => [f.range.startLine, covered(text, f.range)]), [[0, a.slice(5)], [0, b.slice(5)], [2, a.slice(5)]]);
  });

  it('does not run a rule on lines without its keyword (prefilter)', () => {
    const rule: ProviderRule = { ...acme, id: 'acme-context', keywords: ['acmecorp'], pattern: /\bacme_(?<secret>[A-Za-z0-9]{24})\b/ };
    const t = acmeToken();
    assert.equal(scanText(`x = "${t}"`, 'a.txt', { rules: [rule], generic: false }).length, 0);
    assert.equal(scanText(`acmecorp x = "${t}"`, 'a.txt', { rules: [rule], generic: false }).length, 1);
  });

  it('runs a rule only where its required literals occur on the line', () => {
    const t = acmeToken();
    const rule: ProviderRule = { ...acme, requires: ['@'], pattern: /acme_(?<secret>[A-Za-z0-9]{24})/ };
    assert.equal(scanText(`x = "${t}"`, 'a.txt', { rules: [rule], generic: false }).length, 0);
    assert.equal(scanText(`x = "${t}@host"`, 'a.txt', { rules: [rule], generic: false }).length, 1);
  });

  it('matches keywords case-insensitively', () => {
    const t = `ACME_${s.token(24)}`;
    const rule: ProviderRule = { ...acme, pattern: /\bACME_(?<secret>[A-Za-z0-9]{24})\b/i };
    assert.equal(scanText(`X=${t}`, 'a.txt', { rules: [rule], generic: false }).length, 1);
  });

  it('fingerprints with a keyed HMAC-SHA256 and never exposes the value', () => {
    const t = acmeToken();
    const secret = t.slice(5);
    const [a] = scanText(`k=${t}`, 'a.txt', { rules: [acme], generic: false, fingerprintKey: 'org-key-1' });
    const [b] = scanText(`k=${t}`, 'b.txt', { rules: [acme], generic: false, fingerprintKey: 'org-key-1' });
    const [c] = scanText(`k=${t}`, 'a.txt', { rules: [acme], generic: false, fingerprintKey: 'org-key-2' });
    assert.equal(a.fingerprint, fingerprint(secret, 'org-key-1'));
    assert.equal(a.fingerprint, b.fingerprint, 'same secret, same key: same fingerprint');
    assert.notEqual(a.fingerprint, c.fingerprint, 'another key: another fingerprint');
    assert.ok(!JSON.stringify(a).includes(secret), 'the finding must not contain the secret');
    assert.equal(a.redacted, `${secret.slice(0, 4)}…`);
  });

  it('redacts to at most 4 characters, fewer for short secrets', () => {
    assert.equal(redact('abcdefghijklmnopqrstuvwxyz'), 'abcd…');
    assert.equal(redact('abcdefghij'), 'ab…');
    assert.equal(redact('abcdef'), '…');
  });

  it('prefers a provider match over a generic one on the same text', () => {
    const t = acmeToken();
    const found = scanText(`api_key = "${t}"`, 'a.py', { rules: [acme] });
    assert.deepEqual(found.map((f) => f.ruleId), ['acme-token']);
  });

  it('drops disabled rules and applies severity overrides', () => {
    const t = acmeToken();
    assert.equal(scanText(`x=${t}`, 'a.txt', { rules: [acme], disabledRules: ['acme-token'] }).length, 0);
    assert.equal(scanText(`x=${t}`, 'a.txt', { rules: [acme], severityOverrides: { 'acme-token': 'low' } })[0].severity, 'low');
  });

  it('lowers confidence when a verify (checksum) fails, raises it when it passes, drops when required', () => {
    const t = acmeToken();
    const base = { ...acme, confidence: 'medium' as const };
    assert.equal(scanText(t, 'a.txt', { rules: [{ ...base, verify: () => true }], generic: false })[0].confidence, 'high');
    assert.equal(scanText(t, 'a.txt', { rules: [{ ...base, verify: () => false }], generic: false })[0].confidence, 'low');
    assert.equal(scanText(t, 'a.txt', { rules: [{ ...base, verify: () => false, dropUnverified: true }], generic: false }).length, 0);
  });

  it('survives pathological input: empty, huge lines, lone surrogates, NUL', () => {
    assert.deepEqual(scanText('', 'a.txt'), []);
    assert.doesNotThrow(() => scanText('password='.repeat(20000), 'a.txt'));
    assert.doesNotThrow(() => scanText('\ud800 token = "\udfff" \u0000 secret:', 'a.txt'));
    assert.doesNotThrow(() => scanText('{"cells": [', 'broken.ipynb'));
    assert.doesNotThrow(() => scanText('kind: Secret\ndata:\n  a: [unclosed', 'bad.yaml'));
  });
});

describe('inline suppression', () => {
  it('suppresses with a comment on the same line, keeping the reason', () => {
    const t = acmeToken();
    const text = `token = "${t}"  # nhi-lens-ignore: rotated test credential`;
    assert.equal(scanText(text, 'a.py', { rules: [acme] }).length, 0);
    const [f] = scanText(text, 'a.py', { rules: [acme], includeSuppressed: true });
    assert.deepEqual(f.suppressed, { kind: 'inline', reason: 'rotated test credential' });
  });

  it('suppresses with a comment alone on the line above, in each comment syntax', () => {
    for (const [path, comment] of [['a.ts', '// nhi-lens-ignore'], ['a.py', '# nhi-lens-ignore'], ['a.sql', '-- nhi-lens-ignore'], ['a.xml', '<!-- nhi-lens-ignore -->'], ['a.css', '/* nhi-lens-ignore */']]) {
      const t = acmeToken();
      assert.equal(scanText(`${comment}\nx = "${t}"`, path, { rules: [acme] }).length, 0, path);
    }
  });

  it('does not let a trailing directive on code suppress the next line', () => {
    const t = acmeToken();
    const text = `a = 1 // nhi-lens-ignore\nb = "${t}"`;
    assert.equal(scanText(text, 'a.js', { rules: [acme] }).length, 1);
  });

  it('limits suppression to the named rules', () => {
    const t = acmeToken();
    assert.equal(scanText(`x = "${t}" // nhi-lens-ignore other-rule: n/a`, 'a.js', { rules: [acme] }).length, 1);
    assert.equal(scanText(`x = "${t}" // nhi-lens-ignore acme-token: fixture`, 'a.js', { rules: [acme] }).length, 0);
  });
});

describe('Kubernetes Secret manifests', () => {
  it('decodes data values and reports at the encoded scalar', () => {
    const pw = s.password();
    const enc = Buffer.from(pw).toString('base64');
    const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  username: ${Buffer.from('admin').toString('base64')}\n  password: ${enc}\n`;
    const found = scanText(text, 'k8s/db-secret.yaml', { rules: [] });
    assert.equal(found.length, 1);
    assert.equal(found[0].ruleId, 'kubernetes-secret-data');
    assert.equal(covered(text, found[0].range), enc);
    assert.equal(found[0].context?.decodedFrom, 'base64');
  });

  it('runs provider rules on decoded values', () => {
    const t = acmeToken();
    const enc = Buffer.from(t).toString('base64');
    const text = `kind: Secret\napiVersion: v1\ndata:\n  ACME: "${enc}"\n`;
    const found = scanText(text, 'secret.yaml', { rules: [acme] });
    assert.deepEqual(found.map((f) => [f.ruleId, covered(text, f.range)]), [['acme-token', enc]]);
  });

  it('ignores placeholders once decoded, and non-Secret kinds', () => {
    const text = `kind: Secret\ndata:\n  password: ${Buffer.from('changeme').toString('base64')}\n`;
    assert.equal(scanText(text, 's.yaml', { rules: [] }).length, 0);
    const cm = `kind: ConfigMap\ndata:\n  blob: ${Buffer.from(s.password()).toString('base64')}\n`;
    assert.equal(scanText(cm, 'cm.yaml', { rules: [] }).length, 0);
  });
});

describe('Jupyter notebooks', () => {
  it('maps findings in cell sources back to the raw file, escapes included', () => {
    const pw = s.password();
    const nb = {
      cells: [
        { cell_type: 'markdown', metadata: {}, source: ['# Setup\n'] },
        { cell_type: 'code', metadata: {}, execution_count: 1, outputs: [], source: ['import os\n', `db = connect(user="a\\tb", password="${pw}")\n`] },
      ],
      metadata: {}, nbformat: 4, nbformat_minor: 5,
    };
    const text = JSON.stringify(nb, null, 1);
    const [f] = scanText(text, 'analysis.ipynb', { rules: [] });
    assert.equal(f.ruleId, 'generic-password');
    assert.equal(covered(text, f.range), pw);
    assert.equal(f.context?.cell, 1);
  });

  it('scans outputs but not image payloads', () => {
    const t = acmeToken();
    const nb = { cells: [{ cell_type: 'code', source: ['print(k)'], outputs: [{ output_type: 'stream', text: [`${t}\n`] }, { data: { 'image/png': `acme_${s.token(24)}` } }] }] };
    const text = JSON.stringify(nb, null, 1);
    const found = scanText(text, 'n.ipynb', { rules: [acme] });
    assert.deepEqual(found.map((f) => covered(text, f.range)), [t.slice(5)]);
  });
});
