import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { sniff, sniffFile } from './sniff.ts';
import * as inputs from './test-inputs.ts';

const ftyp = (major: string, ...compatible: string[]): Buffer => {
  const size = 16 + 4 * compatible.length;
  const b = Buffer.alloc(size + 8);
  b.writeUInt32BE(size, 0);
  b.write('ftyp', 4, 'latin1');
  b.write(major, 8, 'latin1');
  for (const [i, c] of compatible.entries()) b.write(c, 16 + 4 * i, 'latin1');
  return b;
};

describe('sniffing uploads by content', () => {
  it('recognises each photo format from its first bytes, whatever the file is called', async () => {
    const cases: Array<[Promise<string>, string]> = [
      [inputs.jpegWithExif(), 'jpeg'],
      [inputs.pngWithAlpha(), 'png'],
      [inputs.webp(), 'webp'],
      [inputs.avif(), 'avif'],
      [inputs.animatedGif(), 'gif'],
    ];
    for (const [file, format] of cases) {
      const s = await sniffFile(await file);
      assert.equal(s?.kind, 'image');
      assert.equal(s?.format, format);
    }
  });

  it('recognises MP4, MOV and WebM/Matroska, naming the demuxer ffmpeg must use', async () => {
    assert.deepEqual(await sniffFile(await inputs.mp4Clip()), { kind: 'video', format: 'mp4', mime: 'video/mp4', demuxer: 'mov' });
    assert.deepEqual(await sniffFile(await inputs.webmClip()), { kind: 'video', format: 'webm', mime: 'video/webm', demuxer: 'matroska' });
    assert.equal((await sniffFile(await inputs.unknownCodec()))?.format, 'mkv');
    assert.equal(sniff(ftyp('qt  ', 'qt  '))?.format, 'mov');
    const oldMov = Buffer.alloc(16);
    oldMov.writeUInt32BE(8, 0);
    oldMov.write('wide', 4, 'latin1');
    assert.equal(sniff(oldMov)?.format, 'mov');
  });

  it('tells AVIF from HEIC and refuses HEIC (no decoder here)', () => {
    assert.equal(sniff(ftyp('avif', 'mif1', 'miaf'))?.format, 'avif');
    assert.equal(sniff(ftyp('mif1', 'avif', 'miaf'))?.format, 'avif');
    assert.equal(sniff(ftyp('avis', 'msf1'))?.format, 'avif');
    assert.equal(sniff(ftyp('heic', 'mif1', 'heic')), null);
    assert.equal(sniff(ftyp('mif1', 'heic')), null);
  });

  it('refuses text, empty files and formats we do not take (SVG, HTML, PDF, TIFF)', async () => {
    assert.equal(await sniffFile(await inputs.textNamedJpg()), null);
    assert.equal(await sniffFile(await inputs.emptyFile()), null);
    for (const s of ['<svg xmlns="http://www.w3.org/2000/svg"/>', '<!doctype html><p>hi', '%PDF-1.7\n', 'II*\0\x08\0\0\0']) {
      assert.equal(sniff(Buffer.from(s, 'latin1')), null, s);
    }
    assert.equal(sniff(Buffer.from([0xff, 0xd8])), null, 'two bytes are not a JPEG');
  });

  it('reads only the head of a file', async () => {
    const file = await inputs.mp4Clip();
    assert.ok(fs.statSync(file).size > 4096);
    assert.equal((await sniffFile(file))?.kind, 'video');
  });
});
