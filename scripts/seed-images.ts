// Photos for the demo notes, drawn on this machine (nothing downloaded): an SVG scene — a
// landscape, a skyline, a bowl of noodles, a cat — or a RedNote-style text card, rendered by sharp
// (librsvg; Chinese text in Noto Sans CJK) to a JPEG no larger than 1080 px on its long side.
import sharp from 'sharp';
import { type Aspect, type PlannedImage, pick, rng } from './seed-plan.ts';
import { drawScene, el, type Palette } from './seed-scenes.ts';
import type { Script } from './seed-texts.ts';

/** Pixel sizes by aspect ratio: 1080 on the long side at most, as the seed stays quick. */
export const SIZES: Record<Aspect, readonly [number, number]> = { '3:4': [810, 1080], '1:1': [1080, 1080], '4:3': [1080, 810], '9:16': [608, 1080] };

const PALETTES: readonly Palette[] = [
  ['#FFE5EC', '#FFB3C6', '#FF8FAB', '#FB6F92', '#5C2A3D'],
  ['#E9F5DB', '#CFE1B9', '#97A97C', '#718355', '#2F3E2A'],
  ['#CAF0F8', '#90E0EF', '#00B4D8', '#0077B6', '#03045E'],
  ['#FEFAE0', '#FAEDCD', '#DDA15E', '#BC6C25', '#283618'],
  ['#FFF1E6', '#FDE2E4', '#FAD2E1', '#E2ECE9', '#6D6875'],
  ['#F8EDEB', '#FEC89A', '#F9844A', '#F3722C', '#432818'],
  ['#EDF2FB', '#C1D3FE', '#ABC4FF', '#7B8CDE', '#2B2D42'],
  ['#FFF3B0', '#E09F3E', '#9E2A2B', '#540B0E', '#335C67'],
  ['#F1FAEE', '#A8DADC', '#457B9D', '#E63946', '#1D3557'],
  ['#FFFFFF', '#FFD6E0', '#FF2442', '#B5179E', '#3A0CA3'],
  ['#FDF0D5', '#F4C095', '#EE6C4D', '#3D5A80', '#293241'],
  ['#E0FBFC', '#C2DFE3', '#9DB4C0', '#5C6B73', '#253237'],
  ['#FFF8E7', '#FFD166', '#06D6A0', '#118AB2', '#073B4C'],
  ['#F7EDE2', '#F6BD60', '#F28482', '#84A59D', '#3D405B'],
  ['#F0EFEB', '#DDBEA9', '#B98B73', '#6B705C', '#3F4238'],
  ['#FAE1DD', '#E8A598', '#C4677A', '#6D3B47', '#2E1A24'],
];

const FONTS: Record<Script, string> = { en: 'Noto Sans CJK SC', zh: 'Noto Sans CJK SC', hant: 'Noto Sans CJK TC' };
const CJK = /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]/u;
const esc = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Width of text in ems: a CJK character is one em, Latin letters a little over half. */
function emWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += CJK.test(ch) ? 1 : ch === ' ' ? 0.3 : /[A-Z]/.test(ch) ? 0.68 : 0.56;
  return w;
}

/** Greedy wrap at spaces (Latin) or between any two characters (CJK). */
function wrap(text: string, maxEm: number): string[] {
  const tokens = text.match(/[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]|[^\s\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]+\s*|\s+/gu) ?? [];
  const lines: string[] = [];
  let line = '';
  for (const t of tokens) {
    if (line && emWidth(line + t.trimEnd()) > maxEm) {
      lines.push(line.trimEnd());
      line = t.trimStart();
    } else line += t;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

interface TextStyle {
  font: string;
  fill: string;
  weight: number;
  /** the largest size tried; smaller ones until the text fits the box in maxLines */
  size: number;
  maxLines: number;
}

/** Centred, wrapped text fitted into a box around (x, y). */
function textBlock(text: string, x: number, y: number, box: { width: number; height: number }, style: TextStyle): string {
  let size = style.size;
  let lines = wrap(text, box.width / size);
  while ((lines.length > style.maxLines || lines.length * size * 1.3 > box.height) && size > 16) {
    size *= 0.88;
    lines = wrap(text, box.width / size);
  }
  const lead = size * 1.3;
  const top = y - ((lines.length - 1) * lead) / 2;
  const attrs = {
    'font-family': style.font,
    'font-size': size,
    'font-weight': style.weight,
    fill: style.fill,
    'text-anchor': 'middle',
    'dominant-baseline': 'middle',
  };
  return lines.map((l, i) => el('text', { x, y: top + i * lead, ...attrs }, esc(l))).join('');
}

/** A caption on a white pill in the lower left, as people put on their photos. */
function sticker(text: string, w: number, h: number, font: string): string {
  const size = w * 0.045;
  const width = Math.min(w * 0.8, emWidth(text) * size + size * 1.6);
  return (
    el('rect', { x: w * 0.05, y: h * 0.88, width, height: size * 1.8, rx: size * 0.9, fill: '#FFFFFF', opacity: 0.88 }) +
    el(
      'text',
      {
        x: w * 0.05 + size * 0.8,
        y: h * 0.88 + size * 0.9,
        'font-family': font,
        'font-size': size,
        'font-weight': 700,
        fill: '#222',
        'dominant-baseline': 'middle',
      },
      esc(text),
    )
  );
}

const svgOf = (w: number, h: number, body: string): Buffer =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${body}</svg>`);

/** Renders one planned photo to a JPEG file; returns its pixel size. */
export async function renderImage(img: PlannedImage, file: string): Promise<{ width: number; height: number }> {
  const [w, h] = SIZES[img.aspect];
  const r = rng(`img|${img.seed}`);
  const pal = pick(r, PALETTES);
  const font = FONTS[img.script];
  let body = drawScene(img.scene, w, h, r, pal);
  if (img.scene === 'card' && img.text) {
    body += textBlock(img.text, w / 2, h / 2, { width: w * 0.72, height: h * 0.48 }, { font, fill: pal[4]!, weight: 900, size: w * 0.12, maxLines: 4 });
  } else if (img.text) {
    body += sticker(img.text, w, h, font);
  }
  await sharp(svgOf(w, h, body))
    .jpeg({ quality: 86 })
    .toFile(file);
  return { width: w, height: h };
}

/** A square avatar: the first letter (or character) of the name on a colour of its own. */
export async function renderAvatar(handle: string, displayName: string, script: Script, file: string): Promise<void> {
  const r = rng(`avatar|${handle}`);
  const p = pick(r, PALETTES);
  const initial = [...displayName.trim()][0]?.toUpperCase() ?? '?';
  const stops = el('stop', { offset: 0, 'stop-color': p[2]! }) + el('stop', { offset: 1, 'stop-color': p[4]! });
  const body = [
    `<defs>${el('linearGradient', { id: 'a', x1: 0, y1: 0, x2: 1, y2: 1 }, stops)}</defs>`,
    el('rect', { width: 512, height: 512, fill: 'url(#a)' }),
    el('circle', { cx: 60 + r() * 390, cy: 60 + r() * 390, r: 60 + r() * 80, fill: p[1]!, opacity: 0.35 }),
    textBlock(initial, 256, 262, { width: 400, height: 400 }, { font: FONTS[script], fill: '#FFFFFF', weight: 700, size: 250, maxLines: 1 }),
  ].join('');
  await sharp(svgOf(512, 512, body))
    .jpeg({ quality: 88 })
    .toFile(file);
}
