import * as assert from 'node:assert/strict';
import { ConfigError, customRules, parseConfig } from '../../../src/core/config/load';
import { scanText } from '../../../src/core/detect/engine';
import { engineOptions } from '../../../src/core/scan';
import { DEFAULT_CONFIG } from '../../../src/core/config/load';
import { Secrets } from '../../helpers/text';

function configError(text: string): ConfigError {
  try {
    parseConfig(text, '.nhi-lens.yaml');
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e;
  }
  assert.fail('expected a ConfigError');
}

describe('configuration (.nhi-lens.yaml)', () => {
  it('parses a full configuration', () => {
    const c = parseConfig(
      [
        'ignore: ["vendor/**", "**/*.snap"]',
        'disabledRules: [generic-password]',
        'severity:',
        '  generic-secret: low',
        'baseline: .nhi-lens-baseline.json',
        'maxFileSizeKb: 512',
        'rules:',
        '  - id: acme-internal-token',
        '    title: Acme internal token',
        '    regex: "acme_int_(?<secret>[a-z0-9]{32})"',
        '    keywords: [acme_int_]',
        '    severity: critical',
      ].join('\n'),
      '.nhi-lens.yaml',
    );
    assert.deepEqual(c.ignore, ['vendor/**', '**/*.snap']);
    assert.equal(c.severity['generic-secret'], 'low');
    assert.equal(c.rules[0].severity, 'critical');
    assert.equal(c.maxFileSizeKb, 512);
  });

  it('an empty file gives the defaults', () => {
    assert.deepEqual(parseConfig('', 'x'), DEFAULT_CONFIG);
  });

  it('names file, line and field for a wrong type', () => {
    const e = configError('ignore:\n  - ok\nmaxFileSizeKb: lots\n');
    assert.equal(e.line, 3);
    assert.equal(e.field, 'maxFileSizeKb');
    assert.match(e.message, /^\.nhi-lens\.yaml:3:\d+: maxFileSizeKb: /);
  });

  it('names an unknown field', () => {
    const e = configError('ignore: []\nignored: [a]\n');
    assert.equal(e.line, 2);
    assert.equal(e.field, 'ignored');
    assert.match(e.message, /unknown field/);
  });

  it('names a bad nested field in a custom rule', () => {
    const e = configError('rules:\n  - id: x-rule\n    title: X\n    keywords: [xx]\n    regex: "([unclosed"\n');
    assert.equal(e.line, 5);
    assert.equal(e.field, 'rules.0.regex');
    assert.match(e.message, /not a valid regular expression/);
  });

  it('reports malformed YAML at its position', () => {
    const e = configError('ignore: [a, b\nseverity: {\n');
    assert.ok(e.line >= 1);
    assert.match(e.message, /invalid YAML/);
  });

  it('custom rules run through the engine like built-in ones', () => {
    const s = new Secrets(5);
    const c = parseConfig('rules:\n  - id: acme-internal-token\n    title: Acme internal token\n    regex: "acme_int_(?<secret>[a-z0-9]{32})"\n    keywords: [acme_int_]\n', 'x');
    assert.equal(customRules(c).length, 1);
    const token = `acme_int_${s.raw.lowerAlnum(32)}`;
    const found = scanText(`X=${token}`, 'a.txt', engineOptions(c));
    assert.deepEqual(found.map((f) => f.ruleId), ['acme-internal-token']);
  });

  it('testPaths globs lower confidence', () => {
    const s = new Secrets(6);
    const c = parseConfig('testPaths: ["qa/**"]', 'x');
    const text = `API_TOKEN=${s.token(40)}`;
    const [prod] = scanText(text, 'src/.env', engineOptions(c));
    const [qa] = scanText(text, 'qa/.env', engineOptions(c));
    assert.notEqual(prod.confidence, qa.confidence);
  });
});
