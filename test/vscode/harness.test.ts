/** The VS Code harness's pure parts, which run without code-server or Chromium. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Fake } from '../../src/core/rules/fake';
import { mochaSection } from './harness/inHost';
import { maskSecrets } from './harness/redact';
import { findTools } from './harness/tools';
import { createWorkspace, plantedValues } from './harness/workspace';
import { MOCHA_BEGIN, MOCHA_END } from './inhost/markers';
import { PLANTED_ENV, readPlanted } from './planted';

describe('VS Code harness', () => {
  describe('maskSecrets', () => {
    it('replaces a credential in a log line by its 4-character preview and keeps the rest', () => {
      const token = new Fake(7).crcToken('ghp_');
      const out = maskSecrets(`AssertionError: expected "${token}" to be absent\nnext line`);
      assert.ok(!out.includes(token.slice(4)), 'token body still present');
      assert.match(out, /^AssertionError: expected "ghp_…\[masked\]" to be absent\nnext line$/);
    });

    it('leaves ordinary test output alone', () => {
      const text = '  ✔ reports the Stripe key in config/settings.py (756ms)\n  29 passing (25s)';
      assert.equal(maskSecrets(text), text);
    });
  });

  describe('mochaSection', () => {
    it('keeps only what the in-host mocha printed, without the console level', () => {
      const lines = ['info: Resolving connection token', `info: ${MOCHA_BEGIN}`, 'info:   ✔ a test', 'error: gallery lookup failed', 'info:   1 passing', `info: ${MOCHA_END}`, 'info: later noise'];
      assert.deepEqual(mochaSection(lines), ['  ✔ a test', 'gallery lookup failed', '  1 passing']);
    });

    it('returns everything when mocha never started, so a load failure stays visible', () => {
      const lines = ['info: Resolving connection token', 'error: Cannot find module index.js'];
      assert.deepEqual(mochaSection(lines), lines);
    });
  });

  it('findTools names each missing piece', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-lens-tools-'));
    try {
      const found = findTools({ NHI_LENS_E2E_TOOLS: dir, NHI_LENS_E2E_CHROMIUM: path.join(dir, 'no-chromium') });
      assert.ok(!found.ok, 'an empty tools folder counts as installed');
      const missing = found.missing.join('\n');
      for (const piece of ['install stamp', 'Node 24', 'code-server', 'playwright-core', 'Chromium']) assert.ok(missing.includes(piece), `${piece} not reported:\n${missing}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('plants the workspace with a manifest that carries positions, never values', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-lens-ws-'));
    try {
      const ws = createWorkspace(dir);
      const manifest = fs.readFileSync(ws.manifest, 'utf8');
      const values = plantedValues(ws);
      assert.equal(values.length, 5);
      for (const v of values) assert.ok(!manifest.includes(v), 'the manifest contains a planted value');
      assert.equal(readPlanted({ [PLANTED_ENV]: ws.manifest }).app.ruleId, 'github-pat');
      assert.ok(path.relative(ws.root, ws.manifest).startsWith('..'), 'the manifest must sit outside the workspace (an audit would read it)');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
