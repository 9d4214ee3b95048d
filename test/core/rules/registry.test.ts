import * as assert from 'node:assert/strict';
import { PROVIDER_RULES } from '../../../src/core/rules';
import { Fake } from '../../../src/core/rules/fake';
import { scanText } from '../../../src/core/detect/engine';
import { covered } from '../../helpers/text';

describe('provider rules: every rule proves itself on its own samples', () => {
  it('has at least 60 distinct credential kinds', () => {
    const kinds = new Set(PROVIDER_RULES.map((r) => r.kind));
    assert.ok(kinds.size >= 60, `only ${kinds.size} kinds`);
  });

  for (const rule of PROVIDER_RULES) {
    describe(`${rule.provider} ${rule.id}`, () => {
      const tps = rule.samples.tp(new Fake(rule.id.length * 7919));
      it('has true- and false-positive samples', () => {
        assert.ok(tps.length >= 2, 'needs at least 2 true positives');
        assert.ok(rule.samples.fp.length >= 2, 'needs at least 2 false positives');
      });
      tps.forEach((tp, i) => {
        it(`finds true positive #${i}`, () => {
          const findings = scanText(tp.text, tp.path ?? 'src/sample.txt', { rules: [rule], generic: false });
          const mine = findings.filter((f) => f.ruleId === rule.id);
          assert.ok(mine.length > 0, `missed: ${JSON.stringify(tp.text.slice(0, 160))}`);
          if (tp.secret) {
            assert.ok(
              mine.some((f) => covered(tp.text, f.range) === tp.secret),
              `range covers ${JSON.stringify(mine.map((f) => covered(tp.text, f.range)))} not the secret`,
            );
          }
          for (const f of mine) {
            assert.ok(f.redacted.replace(/…$/, '').length <= 4, 'redacted preview longer than 4 characters');
            assert.match(f.fingerprint, /^[0-9a-f]{64}$/);
          }
        });
      });
      rule.samples.fp.forEach((fp, i) => {
        it(`ignores false positive #${i} (${fp.why})`, () => {
          const findings = scanText(fp.text, fp.path ?? 'src/sample.txt', { rules: [rule], generic: false });
          assert.deepEqual(findings.filter((f) => f.ruleId === rule.id).map((f) => f.redacted), []);
        });
      });
    });
  }
});
