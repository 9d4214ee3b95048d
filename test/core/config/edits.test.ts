import * as assert from 'node:assert/strict';
import { addToBaseline, disableRuleInConfig, setBaselineInConfig } from '../../../src/core/config/edits';
import { parseConfig } from '../../../src/core/config/load';
import { Baseline } from '../../../src/core/findings/baseline';
import { withEnvExampleEntry } from '../../../src/core/fixes/envExample';
import { scanText } from '../../../src/core/detect/engine';
import { Secrets } from '../../helpers/text';

describe('workspace file edits made by quick fixes', () => {
  describe('disable a rule in .nhi-lens.yaml', () => {
    it('creates the file content when there is none', () => {
      const out = disableRuleInConfig(undefined, 'generic-password');
      assert.equal(out, 'disabledRules:\n  - generic-password\n');
      assert.deepEqual(parseConfig(out, 'x').disabledRules, ['generic-password']);
    });

    it('adds to an existing list and keeps comments and other keys byte-identical', () => {
      const before = '# team policy\nignore:\n  - "fixtures/**" # sample data\ndisabledRules:\n  - jwt\nmaxFileSizeKb: 512\n';
      const out = disableRuleInConfig(before, 'generic-password');
      assert.equal(out, '# team policy\nignore:\n  - "fixtures/**" # sample data\ndisabledRules:\n  - jwt\n  - generic-password\nmaxFileSizeKb: 512\n');
    });

    it('adds the key when the file has none, and leaves an already disabled rule alone', () => {
      const before = 'generic: true # keep\n';
      const out = disableRuleInConfig(before, 'jwt');
      assert.match(out, /^generic: true # keep\n/);
      assert.deepEqual(parseConfig(out, 'x').disabledRules, ['jwt']);
      assert.equal(disableRuleInConfig(out, 'jwt'), out);
    });

    it('points at a baseline file, keeping the rest', () => {
      assert.equal(setBaselineInConfig(undefined, '.nhi-lens-baseline.json'), 'baseline: .nhi-lens-baseline.json\n');
      assert.equal(setBaselineInConfig('# mine\ngeneric: false\n', 'b.json'), '# mine\ngeneric: false\nbaseline: b.json\n');
      assert.equal(setBaselineInConfig('baseline: b.json\n', 'b.json'), 'baseline: b.json\n');
    });

    it('refuses to rewrite an invalid file', () => {
      assert.throws(() => disableRuleInConfig('disabledRules: 3\n', 'jwt', '.nhi-lens.yaml'), /\.nhi-lens\.yaml:1:\d+: disabledRules/);
    });
  });

  describe('add findings to the baseline', () => {
    const s = new Secrets(5);
    const text = `const apiToken = "${s.token(32)}";\nconst password = "${s.password()}";\n`;
    const findings = scanText(text, 'src/a.ts');

    it('writes a valid baseline that suppresses those findings, with no value in it', () => {
      assert.ok(findings.length >= 1);
      const out = addToBaseline(undefined, findings);
      const b = Baseline.parse(out, 'b.json');
      for (const f of findings) assert.ok(b.has(f));
      for (const line of text.split('\n')) {
        const value = /"(.+)"/.exec(line)?.[1];
        if (value) assert.ok(!out.includes(value));
      }
    });

    it('does not duplicate entries already there, and rejects a corrupt file', () => {
      const once = addToBaseline(undefined, findings);
      assert.equal(addToBaseline(once, findings), once);
      assert.throws(() => addToBaseline('{"version":2}', findings), /baseline baseline: version/);
    });
  });

  describe('.env.example entries', () => {
    it('appends NAME= once, keeping the line ending style', () => {
      assert.equal(withEnvExampleEntry(undefined, 'API_KEY'), 'API_KEY=\n');
      assert.equal(withEnvExampleEntry('A=\r\nB=x', 'API_KEY'), 'A=\r\nB=x\r\nAPI_KEY=\r\n');
      assert.equal(withEnvExampleEntry('export API_KEY=\n', 'API_KEY'), undefined);
    });
  });
});
