// Video with ffmpeg: probe (what is in the file), poster (one frame, then the image pipeline) and
// transcode (H.264/AAC MP4, faststart, ≤ 1080p) — the last in a background job.
// Every call names the demuxer that sniffing found (mov or matroska): ffmpeg never guesses the
// format of an upload, so a crafted file cannot reach the HLS, concat or image2 demuxers, which
// read other files and URLs.
import fsp from 'node:fs/promises';
import { AppError } from '../../platform/errors.ts';
import { type FfmpegTools, lastLine, run } from './ffmpeg.ts';

export interface VideoProbe {
  hasVideo: boolean;
  /** displayed size (rotation applied), 0 when unknown */
  width: number;
  height: number;
  /** null when the container does not say (browser-recorded WebM often does not) */
  durationSec: number | null;
  /** null when ffmpeg knows no decoder for it */
  codec: string | null;
  hasAudio: boolean;
}

const PROBE_TIMEOUT_MS = 30_000;
const POSTER_TIMEOUT_MS = 60_000;

export const noVideoStream = (): AppError => new AppError(422, 'no_video_stream', 'The file has no video in it (audio only?).');
export const unsupportedCodec = (): AppError => new AppError(422, 'unsupported_codec', 'The video is in a format (codec) that cannot be decoded here.');
const corruptVideo = (): AppError => new AppError(422, 'corrupt_video', 'The video could not be read: it is damaged or not really a video.');

const swapsSides = (rotation: number): boolean => Math.abs(Math.round(rotation)) % 180 === 90;

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  disposition?: { attached_pic?: number };
  tags?: { rotate?: string };
  side_data_list?: Array<{ rotation?: number }>;
}

/** Reads ffprobe's `-print_format json -show_format -show_streams`; null when it names no input. */
export function parseFfprobeJson(json: string): VideoProbe | null {
  let data: { streams?: FfprobeStream[]; format?: { duration?: string } };
  try {
    data = JSON.parse(json) as typeof data;
  } catch {
    return null;
  }
  if (!data.format && !data.streams) return null;
  const streams = data.streams ?? [];
  // Cover art in an audio file is a "video" stream too; it is not a video.
  const v = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const duration = Number(data.format?.duration);
  const base = {
    durationSec: Number.isFinite(duration) && duration > 0 ? duration : null,
    hasAudio: streams.some((s) => s.codec_type === 'audio'),
  };
  if (!v) return { ...base, hasVideo: false, width: 0, height: 0, codec: null };
  const rotation = v.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation ?? Number(v.tags?.rotate ?? 0);
  const [w, h] = [v.width ?? 0, v.height ?? 0];
  const codec = v.codec_name && v.codec_name !== 'none' ? v.codec_name : null;
  return { ...base, hasVideo: true, codec, ...(swapsSides(rotation) ? { width: h, height: w } : { width: w, height: h }) };
}

/** Reads the input report `ffmpeg -i file` prints on stderr (when there is no ffprobe). */
export function parseFfmpegReport(stderr: string): VideoProbe | null {
  if (!/^Input #0/m.test(stderr)) return null;
  const d = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(stderr);
  const durationSec = d ? Number(d[1]) * 3600 + Number(d[2]) * 60 + Number(d[3]) : null;
  // Split into one block a stream: its header line and the metadata / side data lines under it.
  const blocks = stderr.split(/\n(?=\s*Stream #\d+:\d+)/).slice(1);
  let video: { line: string; block: string } | null = null;
  let hasAudio = false;
  for (const block of blocks) {
    const line = block.split('\n')[0] ?? '';
    const m = /Stream #\d+:\d+[^:]*: (Video|Audio|Subtitle|Data|Attachment): (.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'Audio') hasAudio = true;
    if (m[1] === 'Video' && !video && !line.includes('(attached pic)')) video = { line: m[2] ?? '', block };
  }
  const base = { durationSec: durationSec && durationSec > 0 ? durationSec : null, hasAudio };
  if (!video) return { ...base, hasVideo: false, width: 0, height: 0, codec: null };
  const codecName = /^([\w-]+)/.exec(video.line)?.[1] ?? 'none';
  const dims = /[ ,](\d{2,5})x(\d{2,5})(?=[\s,[]|$)/.exec(video.line);
  const [w, h] = dims ? [Number(dims[1]), Number(dims[2])] : [0, 0];
  const rot = /displaymatrix: rotation of (-?[\d.]+) degrees/.exec(video.block) ?? /^\s*rotate\s*:\s*(-?\d+)/m.exec(video.block);
  const rotation = rot ? Number(rot[1]) : 0;
  return {
    ...base,
    hasVideo: true,
    codec: codecName === 'none' ? null : codecName,
    ...(swapsSides(rotation) ? { width: h, height: w } : { width: w, height: h }),
  };
}

/** What is in the file; refuses (4xx) a file ffmpeg cannot read at all. */
export async function probeVideo(tools: FfmpegTools, file: string, demuxer: string): Promise<VideoProbe> {
  let found: VideoProbe | null;
  if (tools.ffprobe) {
    const r = await run(tools.ffprobe, ['-v', 'error', '-f', demuxer, '-print_format', 'json', '-show_format', '-show_streams', '-i', file], {
      timeoutMs: PROBE_TIMEOUT_MS,
    });
    found = r.code === 0 ? parseFfprobeJson(r.stdout) : null;
  } else {
    // Without an output ffmpeg exits 1 after printing the input report; the report is what we want.
    const r = await run(tools.ffmpeg, ['-nostdin', '-hide_banner', '-f', demuxer, '-i', file], { timeoutMs: PROBE_TIMEOUT_MS });
    found = r.timedOut ? null : parseFfmpegReport(r.stderr);
  }
  if (!found) throw corruptVideo();
  return found;
}

/** The rules an upload must meet, given what the probe found. */
export function checkProbe(p: VideoProbe, maxSeconds: number): void {
  if (!p.hasVideo) throw noVideoStream();
  if (p.codec === null) throw unsupportedCodec();
  if (p.durationSec !== null && p.durationSec > maxSeconds) {
    throw new AppError(422, 'video_too_long', `The video is ${Math.round(p.durationSec)} s long; at most ${maxSeconds} s are accepted.`);
  }
}

const exists = (f: string): Promise<boolean> =>
  fsp.stat(f).then(
    (s) => s.isFile() && s.size > 0,
    () => false,
  );

/**
 * Writes one frame as PNG (lossless, for the image pipeline). A second in, past a black first
 * frame, when the video is long enough; the first frame otherwise. No frame decoded at either → the
 * codec is one we cannot decode.
 */
export async function extractPoster(tools: FfmpegTools, file: string, demuxer: string, durationSec: number | null, out: string): Promise<void> {
  const at = durationSec !== null && durationSec >= 2 ? 1 : 0;
  for (const seek of at > 0 ? [at, 0] : [0]) {
    const r = await run(
      tools.ffmpeg,
      [
        '-nostdin',
        '-hide_banner',
        '-v',
        'error',
        '-f',
        demuxer,
        '-ss',
        String(seek),
        '-i',
        file,
        '-map',
        '0:v:0',
        '-frames:v',
        '1',
        '-an',
        '-sn',
        '-dn',
        '-f',
        'image2',
        '-c:v',
        'png',
        '-y',
        out,
      ],
      { timeoutMs: POSTER_TIMEOUT_MS },
    );
    if (r.code === 0 && (await exists(out))) return;
    await fsp.rm(out, { force: true });
  }
  throw unsupportedCodec();
}

/** Generous: ten times real time on top of two minutes, for a slow machine with other work. */
export const transcodeTimeoutMs = (durationSec: number | null, maxSeconds: number): number => (120 + 10 * (durationSec ?? maxSeconds)) * 1000;

// Landscape: height ≤ 1080; portrait: width ≤ 1080; both sides even (yuv420p needs it), aspect kept.
// The quotes are for ffmpeg's filter parser (commas inside an expression), not for a shell.
const SCALE = "scale='if(gte(iw,ih),-2,min(1080,trunc(iw/2)*2))':'if(gte(iw,ih),min(1080,trunc(ih/2)*2),-2)'";

/**
 * H.264/AAC MP4 with the index up front (plays while downloading), no metadata (a phone's video
 * carries its GPS location in it), capped at the duration limit even when the container did not
 * say how long it is. Throws an Error (the job retries, then marks the media failed).
 */
export async function transcode(tools: FfmpegTools, file: string, demuxer: string, out: string, maxSeconds: number, timeoutMs: number): Promise<void> {
  const r = await run(
    tools.ffmpeg,
    [
      '-nostdin',
      '-hide_banner',
      '-v',
      'error',
      '-y',
      '-f',
      demuxer,
      '-i',
      file,
      '-map',
      '0:v:0',
      '-map',
      '0:a:0?',
      '-t',
      String(maxSeconds),
      '-vf',
      SCALE,
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '23',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '-map_metadata',
      '-1',
      '-map_chapters',
      '-1',
      '-sn',
      '-dn',
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      out,
    ],
    { timeoutMs },
  );
  if (r.timedOut) throw new Error(`ffmpeg transcode timed out after ${Math.round(timeoutMs / 1000)} s`);
  if (r.code !== 0 || !(await exists(out))) throw new Error(`ffmpeg transcode failed (exit ${r.code ?? r.signal}): ${lastLine(r.stderr)}`);
}
