import * as assert from 'node:assert/strict';
import * as nodePath from 'node:path';
import { analyzeText } from '../../../src/core/analyzeFile';
import { DEFAULT_CONFIG } from '../../../src/core/config/load';
import { configSchema } from '../../../src/core/config/schema';
import { engineOptions } from '../../../src/core/engineOptions';
import { DocumentWorker } from '../../../src/core/worker/documentWorker';
import { Secrets } from '../../helpers/text';

// The bundled worker, as the extension loads it (npm test builds dist/ first).
const SCRIPT = nodePath.resolve(__dirname, '../../../../dist/worker/analyzeWorker.js');

describe('document analysis thread', () => {
  const s = new Secrets(21);
  let worker: DocumentWorker;
  before(() => (worker = new DocumentWorker(SCRIPT)));
  after(() => worker.dispose());

  it('gives exactly the in-thread analysis of a pipeline file, fixes included', async () => {
    const wf = [
      'on: push',
      'jobs:',
      '  deploy:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: aws-actions/configure-aws-credentials@v4',
      '        with:',
      '          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}',
      '          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}',
      '          aws-region: eu-west-1',
      '      - run: ./deploy.sh',
      '        env:',
      `          API_TOKEN: "${s.token(40)}"`,
      '',
    ].join('\n');
    const path = '.github/workflows/deploy.yml';
    const here = analyzeText(wf, path, engineOptions(DEFAULT_CONFIG));
    const there = await worker.analyze(wf, path, DEFAULT_CONFIG);
    assert.ok(here.findings.length >= 2);
    assert.ok(here.findings.some((f) => f.fixes?.length));
    assert.deepEqual(there, here);
  });

  it('applies the configuration it is given (disabled rules, custom rules) and answers requests in order', async () => {
    const text = `const apiToken = "${s.token(32)}";\nconst note = "ACME-${s.hex(24)}";\n`;
    const config = configSchema.parse({ disabledRules: ['generic-secret'], rules: [{ id: 'acme-key', title: 'ACME key', regex: 'ACME-[0-9a-f]{24}', keywords: ['acme-'] }] });
    const [plain, configured] = await Promise.all([worker.analyze(text, 'src/a.ts', DEFAULT_CONFIG), worker.analyze(text, 'src/a.ts', config)]);
    assert.deepEqual(plain.findings.map((f) => f.ruleId), analyzeText(text, 'src/a.ts').findings.map((f) => f.ruleId));
    assert.deepEqual(configured.findings.map((f) => f.ruleId), analyzeText(text, 'src/a.ts', engineOptions(config)).findings.map((f) => f.ruleId));
    assert.ok(configured.findings.some((f) => f.ruleId === 'acme-key'));
    assert.ok(plain.findings.some((f) => f.ruleId === 'generic-secret'));
    assert.ok(!configured.findings.some((f) => f.ruleId === 'generic-secret'));
  });
});
