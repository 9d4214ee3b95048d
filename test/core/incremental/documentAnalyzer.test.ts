import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../src/core/analyzeFile';
import { changedSpan, DocumentAnalyzer } from '../../../src/core/incremental/documentAnalyzer';
import { PROVIDER_RULES } from '../../../src/core/rules';
import { Fake } from '../../../src/core/rules/fake';
import { Secrets } from '../../helpers/text';

/** Material to type into a file: real rule samples (private keys included) and ordinary code. */
function snippets(f: Fake): string[] {
  const s = new Secrets(7);
  const out = [
    `const apiToken = "${s.token(32)}";`,
    `  password: "${s.password()}",`,
    `// nhi-lens-ignore: fixture`,
    `-----BEGIN`,
    `-----END RSA PRIVATE KEY-----`,
    `"`,
    `\n`,
    `\n\n\n`,
    `function f(a, b) { return a + b; }`,
    `const token = process.env.TOKEN;`,
  ];
  for (const id of ['github-pat', 'aws-access-key-id', 'slack-bot-token', 'stripe-secret-key', 'private-key-rsa', 'openssh-private-key']) {
    const rule = PROVIDER_RULES.find((r) => r.id === id);
    if (rule) out.push(...rule.samples.tp(f).map((t) => t.text));
  }
  return out;
}

/** A 10k-line source file with credentials, private keys and suppressions scattered through it. */
function bigFile(f: Fake, lines = 10_000): string {
  const parts = snippets(f);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    if (i % 97 === 0) out.push(parts[f.int(0, parts.length - 1)]);
    else out.push(`  const value${i} = compute(input${i}, { retries: ${i % 7}, label: "item-${i}" });`);
  }
  return out.join('\n');
}

function edit(f: Fake, text: string, parts: string[]): string {
  const at = f.int(0, text.length);
  switch (f.int(0, 4)) {
    case 0: // type a snippet
      return text.slice(0, at) + parts[f.int(0, parts.length - 1)] + text.slice(at);
    case 1: // delete a few characters
      return text.slice(0, at) + text.slice(Math.min(text.length, at + f.int(1, 40)));
    case 2: // delete whole lines
      return text.slice(0, at) + text.slice(Math.min(text.length, text.indexOf('\n', at + f.int(50, 3000)) + 1 || text.length));
    case 3: // change one character (often inside a secret)
      return text.slice(0, at) + f.alnum(1) + text.slice(at + 1);
    default: // paste a line somewhere else
      return text.slice(0, at) + '\n' + parts[f.int(0, parts.length - 1)] + '\n' + text.slice(at);
  }
}

describe('incremental document analysis', () => {
  it('computes the changed span from a common prefix and suffix', () => {
    assert.deepEqual(changedSpan('abcdef', 'abXYef'), { start: 2, oldEnd: 4, newEnd: 4 });
    assert.deepEqual(changedSpan('aaaa', 'aaaaa'), { start: 4, oldEnd: 4, newEnd: 5 });
    assert.deepEqual(changedSpan('same', 'same'), { start: 4, oldEnd: 4, newEnd: 4 });
  });

  it('after 300 random edits of a 10k-line file, every window update equals a full analysis', function () {
    this.timeout(120_000);
    const f = new Fake(2026);
    const parts = snippets(f);
    let text = bigFile(f);
    const analyzer = new DocumentAnalyzer('src/service.ts');
    analyzer.update(text);
    let windows = 0;
    let scanned = 0;
    for (let i = 0; i < 300; i++) {
      text = edit(f, text, parts);
      const update = analyzer.update(text);
      const full = analyzeText(text, 'src/service.ts');
      assert.deepEqual(update.findings, full.findings, `edit #${i} (${update.mode}) differs from the full analysis`);
      if (update.mode === 'window') {
        windows++;
        scanned += update.scannedChars;
      }
    }
    assert.equal(windows, 300, 'every edit of a large plain source file takes the window path');
    // The point of it: a keystroke reads a small part of the file.
    assert.ok(scanned / windows < text.length / 5, `average window ${Math.round(scanned / windows)} chars of ${text.length}`);
  });

  it('keeps the suppression on the line above a finding at the window edge', () => {
    const s = new Secrets(9);
    const filler = Array.from({ length: 2000 }, (_, i) => `let v${i} = ${i};`).join('\n');
    const secretLine = `const apiToken = "${s.token(32)}";`;
    const text = `${filler}\n// nhi-lens-ignore: rotated fixture\n${secretLine}\n${filler}`;
    const analyzer = new DocumentAnalyzer('src/a.ts', {}, { minIncrementalChars: 0 });
    assert.equal(analyzer.update(text).findings.length, 0);
    const typed = text.replace(secretLine, secretLine + ' // edited');
    const update = analyzer.update(typed);
    assert.equal(update.mode, 'window');
    assert.deepEqual(update.findings, []);
  });

  it('analyses pipelines, YAML and small files whole', () => {
    const s = new Secrets(11);
    const workflow = `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n        env:\n          TOKEN: "${s.token(32)}"\n`;
    const gh = new DocumentAnalyzer('.github/workflows/ci.yml', {}, { minIncrementalChars: 0 });
    gh.update(workflow);
    assert.equal(gh.update(workflow + '#\n').mode, 'full');
    const small = new DocumentAnalyzer('src/a.ts');
    small.update('const a = 1;\n');
    assert.equal(small.update('const a = 2;\n').mode, 'full');
  });
});
