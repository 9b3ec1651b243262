import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { AppError } from '../../platform/errors.ts';
import { resolveFfmpeg, run } from './ffmpeg.ts';
import * as inputs from './test-inputs.ts';
import { checkProbe, extractPoster, parseFfmpegReport, probeVideo, transcode } from './video.ts';

const system = inputs.tools;
const bundled = { ffmpeg: inputs.bundledFfmpeg(), ffprobe: null };

function throwsWith(fn: () => unknown, status: number, code: string): void {
  assert.throws(fn, (err: unknown) => err instanceof AppError && err.status === status && err.code === code);
}
async function rejectsWith(p: Promise<unknown>, status: number, code: string): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof AppError, `expected AppError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.equal(err.status, status);
    return true;
  });
}

describe('video with ffmpeg', () => {
  let out: string;
  before(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'biji-video-test-'));
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('prefers the system ffmpeg with its ffprobe, and honours a configured path', () => {
    const expected = fs.existsSync('/usr/bin/ffmpeg') ? { ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe' } : bundled;
    assert.deepEqual(resolveFfmpeg(null), expected);
    assert.deepEqual(resolveFfmpeg(bundled.ffmpeg), bundled);
  });

  for (const [label, tools] of [
    ['ffprobe', system],
    ['ffmpeg -i report (no ffprobe)', bundled],
  ] as const) {
    it(`probes size, duration, codec and audio with ${label}`, async () => {
      const clip = await probeVideo(tools, await inputs.mp4Clip(), 'mov');
      assert.deepEqual(
        { ...clip, durationSec: Math.round(clip.durationSec ?? 0) },
        {
          hasVideo: true,
          width: 640,
          height: 360,
          durationSec: 2,
          codec: 'h264',
          hasAudio: true,
        },
      );
      const rotated = await probeVideo(tools, await inputs.rotatedClip(), 'mov');
      assert.deepEqual([rotated.width, rotated.height], [1080, 1920], 'a phone video held upright is portrait');
      const audio = await probeVideo(tools, await inputs.audioOnly(), 'mov');
      assert.equal(audio.hasVideo, false);
      assert.equal(audio.hasAudio, true);
      const unknown = await probeVideo(tools, await inputs.unknownCodec(), 'matroska');
      assert.equal(unknown.hasVideo, true);
      assert.equal(unknown.codec, null);
      const webm = await probeVideo(tools, await inputs.webmClip(), 'matroska');
      assert.equal(webm.codec, 'vp9');
      assert.equal(webm.hasAudio, false);
    });
  }

  it('refuses no video stream, an unknown codec, and a video over the time limit', async () => {
    throwsWith(() => checkProbe({ hasVideo: false, width: 0, height: 0, durationSec: 1, codec: null, hasAudio: true }, 300), 422, 'no_video_stream');
    throwsWith(() => checkProbe({ hasVideo: true, width: 640, height: 360, durationSec: 1, codec: null, hasAudio: false }, 300), 422, 'unsupported_codec');
    throwsWith(() => checkProbe({ hasVideo: true, width: 640, height: 360, durationSec: 2, codec: 'h264', hasAudio: false }, 1), 422, 'video_too_long');
    checkProbe({ hasVideo: true, width: 640, height: 360, durationSec: null, codec: 'vp9', hasAudio: false }, 1);
  });

  it('refuses a file ffmpeg cannot read at all as corrupt', async () => {
    await rejectsWith(probeVideo(system, await inputs.textNamedJpg(), 'mov'), 422, 'corrupt_video');
    await rejectsWith(probeVideo(bundled, await inputs.textNamedJpg(), 'mov'), 422, 'corrupt_video');
  });

  it('parses the report of an old static ffmpeg', () => {
    const report = [
      "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'in.mp4':",
      '  Duration: 00:01:02.50, start: 0.000000, bitrate: 263 kb/s',
      '    Stream #0:0(und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, 69 kb/s (default)',
      '    Stream #0:1(und): Video: mjpeg, yuvj420p(pc), 600x600 [SAR 1:1 DAR 1:1], 90k tbr, 90k tbn (attached pic)',
      '    Stream #0:2(und): Video: hevc (Main) (hvc1 / 0x31637668), yuv420p(tv), 3840x2160, 30 fps (default)',
      '    Metadata:',
      '      rotate          : 90',
      'At least one output file must be specified',
    ].join('\n');
    assert.deepEqual(parseFfmpegReport(report), { hasVideo: true, width: 2160, height: 3840, durationSec: 62.5, codec: 'hevc', hasAudio: true });
    assert.equal(parseFfmpegReport('in.mp4: Invalid data found when processing input'), null);
  });

  it('takes a poster frame, and fails with unsupported_codec when no frame decodes', async () => {
    const poster = path.join(out, 'poster.png');
    await extractPoster(system, await inputs.mp4Clip(), 'mov', 2, poster);
    const m = await sharp(poster).metadata();
    assert.deepEqual([m.format, m.width, m.height], ['png', 640, 360]);
    const upright = path.join(out, 'upright.png');
    await extractPoster(system, await inputs.rotatedClip(), 'mov', 1, upright);
    const um = await sharp(upright).metadata();
    assert.deepEqual([um.width, um.height], [1080, 1920], 'the poster is turned like the video');
    const none = path.join(out, 'none.png');
    await rejectsWith(extractPoster(system, await inputs.unknownCodec(), 'matroska', 2, none), 422, 'unsupported_codec');
    assert.equal(fs.existsSync(none), false);
  });

  it('transcodes to H.264/AAC MP4 ≤ 1080p with even sides, faststart and no metadata', async () => {
    const dest = path.join(out, 'portrait.mp4');
    await transcode(system, await inputs.rotatedClip(), 'mov', dest, 300, 60_000);
    const p = inputs.ffprobeJson(dest);
    const v = p.streams.find((s) => s.codec_type === 'video');
    assert.equal(v?.codec_name, 'h264');
    assert.equal(v?.pix_fmt, 'yuv420p');
    assert.deepEqual([v?.width, v?.height], [1080, 1920]);

    const clip = path.join(out, 'clip.mp4');
    await transcode(system, await inputs.mp4Clip(), 'mov', clip, 300, 60_000);
    const c = inputs.ffprobeJson(clip);
    assert.deepEqual(c.streams.map((s) => s.codec_name).sort(), ['aac', 'h264']);
    assert.equal(c.format.tags?.location, undefined, 'the GPS location tag is gone');
    // faststart: the index (moov) comes before the media data (mdat).
    const bytes = fs.readFileSync(clip);
    assert.ok(bytes.indexOf('moov') < bytes.indexOf('mdat'));

    const webm = path.join(out, 'webm.mp4');
    await transcode(system, await inputs.webmClip(), 'matroska', webm, 300, 60_000);
    assert.deepEqual(
      inputs.ffprobeJson(webm).streams.map((s) => s.codec_name),
      ['h264'],
    );
  });

  it('caps the transcode at the time limit when the container does not say how long it is', async () => {
    const dest = path.join(out, 'capped.mp4');
    await transcode(system, await inputs.mp4Clip(), 'mov', dest, 1, 60_000);
    assert.ok(Number(inputs.ffprobeJson(dest).format.duration) <= 1.1);
  });

  it('kills a process that runs past its time', async () => {
    const r = await run(system.ffmpeg, ['-nostdin', '-v', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc', '-f', 'null', '-'], { timeoutMs: 300 });
    assert.equal(r.timedOut, true);
    assert.equal(r.signal, 'SIGKILL');
  });
});
