import * as assert from 'node:assert/strict';
import { decodeFile, minifiedReason } from '../../../src/core/files/decode';

describe('file decoding', () => {
  it('decodes UTF-8, with or without a BOM', () => {
    assert.deepEqual(decodeFile(Buffer.from('token = "é"')), { text: 'token = "é"', encoding: 'utf8' });
    assert.deepEqual(decodeFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a=1')])), { text: 'a=1', encoding: 'utf8' });
  });

  it('decodes UTF-16 LE and BE with a BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('password=x', 'utf16le')]);
    assert.deepEqual(decodeFile(le), { text: 'password=x', encoding: 'utf16le' });
    const be = Buffer.from(Buffer.from('password=x', 'utf16le'));
    be.swap16();
    assert.deepEqual(decodeFile(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), { text: 'password=x', encoding: 'utf16be' });
  });

  it('skips binary files with a reason', () => {
    assert.deepEqual(decodeFile(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), { skip: 'binary file' });
  });

  it('recognises minified bundles', () => {
    const bundle = 'var a=1;'.repeat(2000);
    assert.match(minifiedReason('dist/app.js', bundle) ?? '', /minified/);
    assert.match(minifiedReason('dist/app.min.js', 'x') ?? '', /minified/);
    assert.equal(minifiedReason('src/app.js', 'const a = 1;\n'.repeat(1000)), undefined);
    assert.equal(minifiedReason('data.txt', bundle), undefined);
  });
});
