// Reading an uploaded subtitle file, WebVTT or SRT, strictly: every cue needs a time line and text,
// times must be well formed, end after they start, come in order (a second of slack) and fall within
// the video; anything else is refused with the line it is on, never silently dropped. The text is kept
// as plain text: markup (<i>, <c.red>, <font>, {\an8}) goes, entities are decoded, and the WebVTT
// written back escapes &, < and > so that no cue can carry markup or break out of its block.
//
// Written here rather than taken from npm: the parsers there (media-captions, subtitle, node-webvtt)
// skip malformed or backwards cues without a word, or refuse real files (WebVTT header metadata,
// SRT), and none says which line is wrong.
import { SUBTITLE_LIMITS } from '../../../shared/api/subtitles.ts';

/** One cue: times in milliseconds, text as plain text (lines joined by "\n"). */
export interface Cue {
  start: number;
  end: number;
  text: string;
}

export type SubtitleFormat = 'vtt' | 'srt';

export interface ParsedSubtitles {
  format: SubtitleFormat;
  cues: Cue[];
}

/** Why a file was refused, and the line (1-based) it is about, when there is one. */
export class SubtitleError extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
    this.name = 'SubtitleError';
  }
}

export interface ParseOptions {
  /** the video's length: a cue that starts after it (and a second of slack) is refused */
  durationMs?: number | null;
  /** cues allowed (5,000) */
  maxCues?: number;
  /** characters allowed in one cue's text (500) */
  maxCueChars?: number;
}

/** Slack for cues slightly out of order or past the end, as real files have. */
const SLACK_MS = 1000;

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The text of an uploaded file: UTF-8 only (a BOM is dropped), and no binary. */
export function decodeSubtitleBytes(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new SubtitleError('The file is empty.');
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw new SubtitleError('The file is UTF-16 text: save it as UTF-8 and upload it again.');
  if (bytes.includes(0)) throw new SubtitleError('The file is binary (a video or an image?), not WebVTT or SRT text.');
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    throw new SubtitleError('The file is not UTF-8 text: save it as UTF-8 WebVTT or SRT.');
  }
}

// 00:00:01.000, 00:01.000 (WebVTT) or 00:00:01,000 (SRT); either separator is taken in either format.
const TIME = String.raw`(?:(\d{1,3}):)?(\d{1,2}):(\d{2})[.,](\d{1,3})`;
const TIMING = new RegExp(String.raw`^\s*${TIME}\s*-->\s*${TIME}(?:\s.*)?$`);
const ARROW = '-->';
// C0 controls but tab, line feed and carriage return; DEL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u000C\u000E-\u001F\u007F]/;

const toMs = (h: string | undefined, m: string, s: string, frac: string): number | null => {
  const minutes = Number(m);
  const seconds = Number(s);
  if (minutes > 59 || seconds > 59) return null;
  return (Number(h ?? 0) * 3600 + minutes * 60 + seconds) * 1000 + Number(frac.padEnd(3, '0'));
};

/** "HH:MM:SS.mmm", as WebVTT writes it. */
export function formatTime(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor(total / 60_000) % 60;
  const s = Math.floor(total / 1000) % 60;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(total % 1000, 3)}`;
}

function parseTiming(line: string, lineNo: number): { start: number; end: number } {
  const m = TIMING.exec(line);
  const start = m ? toMs(m[1], m[2] as string, m[3] as string, m[4] as string) : null;
  const end = m ? toMs(m[5], m[6] as string, m[7] as string, m[8] as string) : null;
  if (start === null || end === null) throw new SubtitleError(`Line ${lineNo}: "${cut(line)}" is not a time line like 00:00:01.000 --> 00:00:04.000.`, lineNo);
  if (end <= start) throw new SubtitleError(`Line ${lineNo}: the cue ends (${formatTime(end)}) before it starts (${formatTime(start)}).`, lineNo);
  return { start, end };
}

const cut = (s: string, max = 60): string => {
  const t = s.trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
};

// ---- cue text: plain text only

const TAG = /<\/?[A-Za-z][^<>\n]*>|<\d[\d:.]*>/g; // <i>, </c>, <v Bob>, <font color="…">, <00:01.500>
const OVERRIDE = /\{\\[^{}\n]*\}/g; // {\an8}, {\i1}: SSA overrides that SRT files carry
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos|nbsp|lrm|rlm));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', lrm: '\u200e', rlm: '\u200f' };
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

const fromCodePoint = (cp: number): string => (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0 ? '' : String.fromCodePoint(cp));

/** A cue's lines as plain text: no markup, entities decoded, no control characters, no empty lines. */
export function plainCueText(lines: readonly string[]): string {
  return lines
    .map((l) =>
      l
        .replace(TAG, '')
        .replace(OVERRIDE, '')
        .replace(ENTITY, (_all, dec?: string, hex?: string, name?: string) =>
          dec ? fromCodePoint(Number(dec)) : hex ? fromCodePoint(Number.parseInt(hex, 16)) : (NAMED[name as string] ?? ''),
        )
        .replace(/\t/g, ' ')
        .replace(CONTROLS, '')
        .trim(),
    )
    .filter((l) => l !== '')
    .join('\n')
    .normalize('NFC');
}

/** Plain text as WebVTT cue text: nothing in it reads as markup, and "-->" cannot appear. */
export const escapeCueText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Cues as a WebVTT file, numbered from 1. */
export function toWebVtt(cues: readonly Cue[]): string {
  let out = 'WEBVTT\n';
  cues.forEach((c, i) => {
    out += `\n${i + 1}\n${formatTime(c.start)} --> ${formatTime(c.end)}\n${escapeCueText(c.text)}\n`;
  });
  return out;
}

// ---- files

interface Block {
  /** 1-based line number of its first line */
  line: number;
  lines: string[];
}

function blocksOf(lines: readonly string[]): Block[] {
  const out: Block[] = [];
  let current: Block | null = null;
  lines.forEach((l, i) => {
    if (l.trim() === '') current = null;
    else if (current) current.lines.push(l);
    else {
      current = { line: i + 1, lines: [l] };
      out.push(current);
    }
  });
  return out;
}

/**
 * A WebVTT or SRT file's cues, in time order, or a SubtitleError saying what is wrong and where. WebVTT
 * comments, styles, regions and cue settings are dropped: what is kept is times and plain text.
 */
export function parseSubtitles(input: string, opts: ParseOptions = {}): ParsedSubtitles {
  const maxCues = opts.maxCues ?? SUBTITLE_LIMITS.cues;
  const maxChars = opts.maxCueChars ?? SUBTITLE_LIMITS.cueChars;
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (!(text as unknown as { isWellFormed(): boolean }).isWellFormed()) throw new SubtitleError('The file is not well-formed text.');
  const lines = text.split(/\r\n|\r|\n/);
  const bad = lines.findIndex((l) => CONTROL.test(l));
  if (bad >= 0) throw new SubtitleError(`Line ${bad + 1}: a control character: this is not a text subtitle file.`, bad + 1);
  const blocks = blocksOf(lines);
  const first = blocks[0];
  if (!first) throw new SubtitleError('The file is empty.');

  let format: SubtitleFormat;
  let cueBlocks: Block[];
  if (/^WEBVTT(?:[ \t].*)?$/.test(first.lines[0] as string)) {
    format = 'vtt';
    // The header runs to the first blank line; a time line in it starts the first cue (browsers read it so).
    const timed = first.lines.findIndex((l) => l.includes(ARROW));
    cueBlocks = blocks.slice(1).filter((b) => !/^(?:NOTE(?:[ \t].*)?|STYLE[ \t]*|REGION[ \t]*)$/.test(b.lines[0] as string));
    if (timed > 0) cueBlocks.unshift({ line: first.line + timed, lines: first.lines.slice(timed) });
  } else if (first.lines.slice(0, 2).some((l) => TIMING.test(l))) {
    format = 'srt';
    cueBlocks = blocks;
  } else {
    throw new SubtitleError('This is not a WebVTT or SRT file: WebVTT starts with "WEBVTT", SRT with a cue number and a time line.', first.line);
  }

  const cues: Cue[] = [];
  let latestStart = 0;
  for (const b of cueBlocks) {
    // The time line comes first, or after one line: a WebVTT cue identifier or an SRT cue number.
    const at = (b.lines[0] as string).includes(ARROW) ? 0 : (b.lines[1] ?? '').includes(ARROW) ? 1 : -1;
    if (at < 0) {
      const what = format === 'srt' ? 'a cue number and a time line' : 'a time line';
      throw new SubtitleError(`Line ${b.line}: "${cut(b.lines[0] as string)}" should be ${what} (00:00:01,000 --> 00:00:04,000).`, b.line);
    }
    const timingLine = b.line + at;
    const { start, end } = parseTiming(b.lines[at] as string, timingLine);
    const body = b.lines.slice(at + 1);
    const stray = body.findIndex((l) => l.includes(ARROW));
    if (stray >= 0) {
      const n = timingLine + 1 + stray;
      throw new SubtitleError(`Line ${n}: a time line inside a cue's text: is the blank line before it missing?`, n);
    }
    if (start < latestStart - SLACK_MS)
      throw new SubtitleError(
        `Line ${timingLine}: this cue starts at ${formatTime(start)}, before an earlier one (${formatTime(latestStart)}): cues must be in time order.`,
        timingLine,
      );
    if (opts.durationMs != null && start > opts.durationMs + SLACK_MS)
      throw new SubtitleError(
        `Line ${timingLine}: this cue starts at ${formatTime(start)}, after the video ends (${formatTime(opts.durationMs)}).`,
        timingLine,
      );
    latestStart = Math.max(latestStart, start);
    const cueText = plainCueText(body);
    if (cueText === '') continue; // nothing to show (no text, or only markup)
    const chars = [...cueText].length;
    if (chars > maxChars)
      throw new SubtitleError(`Line ${timingLine}: this cue's text is ${chars} characters long; a cue may have at most ${maxChars}.`, timingLine);
    if (cues.length >= maxCues) throw new SubtitleError(`The file has more than ${maxCues.toLocaleString('en')} cues.`, timingLine);
    cues.push({ start, end, text: cueText });
  }
  if (cues.length === 0) throw new SubtitleError('The file has no cues: no time line followed by text.');
  // In order for the player (a stable sort keeps cues that start together as written).
  cues.sort((a, b) => a.start - b.start);
  return { format, cues };
}
