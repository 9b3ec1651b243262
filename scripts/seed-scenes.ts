// The scenes the demo photos show, as SVG: flat, colourful, recognisable at a glance (a bowl of
// noodles, a cat, a pagoda at sunset), varied by a seeded random source and a palette.
// seed-images.ts renders them; everything here is plain string building.
import { type PlannedImage, pick, type Rng } from './seed-plan.ts';

export type Palette = readonly string[];
type Scene = (w: number, h: number, r: Rng, p: Palette) => string;
type Attrs = Record<string, string | number>;

/** One SVG element; fractions are rounded to 0.1 px (keeps the markup small), integers kept (font-weight 900). */
export const el = (tag: string, a: Attrs, inner?: string): string => {
  const attrs = Object.entries(a)
    .map(([k, v]) => `${k}="${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(1) : v}"`)
    .join(' ');
  return inner === undefined ? `<${tag} ${attrs}/>` : `<${tag} ${attrs}>${inner}</${tag}>`;
};
/** A path's d attribute, numbers rounded like everything else: path`M${x} ${y} L…`. */
const path = (parts: TemplateStringsArray, ...values: number[]): string =>
  parts.reduce((out, part, i) => out + (i > 0 ? (values[i - 1] ?? 0).toFixed(1) : '') + part, '');
const rotate = (deg: number, x: number, y: number): string => `rotate(${deg.toFixed(1)} ${x.toFixed(1)} ${y.toFixed(1)})`;
const pts = (list: ReadonlyArray<readonly [number, number]>): string => list.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
const between = (r: Rng, a: number, b: number): number => a + r() * (b - a);
const times = (n: number, make: (k: number) => string): string => Array.from({ length: n }, (_, k) => make(k)).join('');

/** A vertical gradient (id "s", or the one given) and a rectangle filled with it. */
function skyFill(w: number, h: number, top: string, bottom: string, id = 's'): string {
  const stops = el('stop', { offset: 0, 'stop-color': top }) + el('stop', { offset: 1, 'stop-color': bottom });
  return `<defs>${el('linearGradient', { id, x1: 0, y1: 0, x2: 0, y2: 1 }, stops)}</defs>${el('rect', { width: w, height: h, fill: `url(#${id})` })}`;
}

function ridge(w: number, h: number, base: number, amp: number, r: Rng, fill: string, opacity: number): string {
  const top: Array<[number, number]> = [];
  for (let x = 0; x <= w + w / 8; x += w / 8) top.push([x, base - r() * amp]);
  return el('polygon', { points: pts([[0, h], ...top, [w, h]]), fill, opacity });
}

const steam = (cx: number, top: number, w: number): string =>
  times(3, (k) => {
    const x = cx + (k - 1) * w * 0.08;
    const d = path`M${x} ${top} q${w * 0.04} ${-w * 0.06} 0 ${-w * 0.12} q${-w * 0.04} ${-w * 0.06} 0 ${-w * 0.12}`;
    return el('path', { d, stroke: '#fff', 'stroke-width': w * 0.012, fill: 'none', opacity: 0.6, 'stroke-linecap': 'round' });
  });

const CAT_COATS = ['#F4A259', '#2D2D2D', '#9E9E9E', '#F5F0E6', '#C47A3C'];
const DOG_COATS = ['#D9A066', '#F2E3C6', '#8B5A2B', '#E8C07D'];
const CODE_COLOURS = ['#FF79C6', '#8BE9FD', '#50FA7B', '#F1FA8C', '#BD93F9', '#F8F8F2'];

function cat(w: number, h: number, r: Rng, p: Palette): string {
  const coat = pick(r, CAT_COATS);
  const cx = w * between(r, 0.4, 0.6);
  const hy = h * 0.5;
  const s = w * 0.15;
  const ear = (d: number) =>
    el('polygon', {
      points: pts([
        [cx + d * s * 0.9, hy - s * 0.4],
        [cx + d * s * 0.7, hy - s * 1.3],
        [cx + d * s * 0.2, hy - s * 0.8],
      ]),
      fill: coat,
    });
  const eye = (d: number) =>
    el('ellipse', { cx: cx + d * s * 0.38, cy: hy - s * 0.1, rx: s * 0.16, ry: s * 0.22, fill: '#7BC950' }) +
    el('ellipse', { cx: cx + d * s * 0.38, cy: hy - s * 0.1, rx: s * 0.05, ry: s * 0.18, fill: '#111' });
  const whisker = (d: number) =>
    el('line', { x1: cx + d * s * 0.25, y1: hy + s * 0.35, x2: cx + d * s * 1.2, y2: hy + s * 0.25, stroke: '#fff', 'stroke-width': 2, opacity: 0.8 });
  const yarn =
    r() < 0.5
      ? el('circle', { cx: w * 0.2, cy: h * 0.82, r: s * 0.45, fill: p[3]! }) +
        el('path', {
          d: path`M${w * 0.2 - s * 0.4} ${h * 0.82} q${s * 0.4} ${-s * 0.3} ${s * 0.8} 0`,
          stroke: '#fff',
          'stroke-width': 3,
          fill: 'none',
          opacity: 0.7,
        })
      : '';
  return [
    skyFill(w, h, p[0]!, p[1]!),
    el('rect', { y: h * 0.74, width: w, height: h * 0.26, fill: p[2]!, opacity: 0.7 }),
    el('path', {
      d: path`M${cx + s * 1.4} ${hy + s * 1.6} q${s * 1.2} ${-s * 0.3} ${s * 0.8} ${-s * 1.5}`,
      stroke: coat,
      'stroke-width': s * 0.3,
      fill: 'none',
      'stroke-linecap': 'round',
    }),
    el('ellipse', { cx: cx + s * 0.3, cy: hy + s * 1.6, rx: s * 1.6, ry: s * 0.9, fill: coat }),
    ear(-1) + ear(1),
    el('circle', { cx, cy: hy, r: s, fill: coat }),
    eye(-1) + eye(1),
    el('polygon', {
      points: pts([
        [cx - s * 0.1, hy + s * 0.25],
        [cx + s * 0.1, hy + s * 0.25],
        [cx, hy + s * 0.38],
      ]),
      fill: '#F28BA8',
    }),
    whisker(-1) + whisker(1),
    yarn,
  ].join('');
}

function dog(w: number, h: number, r: Rng, p: Palette): string {
  const coat = pick(r, DOG_COATS);
  const cx = w / 2;
  const hy = h * 0.47;
  const s = w * 0.16;
  const ear = (d: number) => el('ellipse', { cx: cx + d * s * 0.95, cy: hy + s * 0.1, rx: s * 0.3, ry: s * 0.65, fill: '#5D4037' });
  const eye = (d: number) => el('circle', { cx: cx + d * s * 0.38, cy: hy - s * 0.15, r: s * 0.12, fill: '#222' });
  return [
    skyFill(w, h, p[0]!, p[2]!),
    el('rect', { y: h * 0.76, width: w, height: h * 0.24, fill: p[1]! }),
    el('ellipse', { cx, cy: hy + s * 1.7, rx: s * 1.3, ry: s, fill: coat }),
    ear(-1) + ear(1),
    el('circle', { cx, cy: hy, r: s, fill: coat }),
    el('ellipse', { cx, cy: hy + s * 0.45, rx: s * 0.5, ry: s * 0.35, fill: '#FFF3E0' }),
    eye(-1) + eye(1),
    el('ellipse', { cx, cy: hy + s * 0.3, rx: s * 0.16, ry: s * 0.11, fill: '#222' }),
    el('ellipse', { cx, cy: hy + s * 0.72, rx: s * 0.13, ry: s * 0.18, fill: '#F28BA8' }),
  ].join('');
}

function bowl(w: number, h: number, r: Rng, p: Palette): string {
  const cx = w / 2;
  const cy = h * 0.55;
  const broth = pick(r, ['#C0392B', '#D35400', '#8E5B3A', '#E9C46A']);
  const bits = times(16, () =>
    el('ellipse', {
      cx: cx + between(r, -0.27, 0.27) * w,
      cy: cy + between(r, -0.06, 0.06) * w,
      rx: w * between(r, 0.015, 0.04),
      ry: w * 0.015,
      fill: pick(r, ['#F1FAEE', '#2A9D8F', '#F4A261', '#FFFFFF', '#6A994E']),
    }),
  );
  const chopstick = (dx: number, dy: number) =>
    el('line', {
      x1: cx + w * (0.05 + dx),
      y1: cy - w * 0.02,
      x2: cx + w * (0.45 + dx),
      y2: cy - w * (0.42 - dy),
      stroke: '#6D4C41',
      'stroke-width': w * 0.018,
      'stroke-linecap': 'round',
    });
  return [
    el('rect', { width: w, height: h, fill: p[0]! }),
    times(10, (k) => el('rect', { x: (k * w) / 10, width: w / 20, height: h, fill: p[1]!, opacity: 0.35 })),
    el('path', { d: path`M${cx - w * 0.36} ${cy} Q${cx} ${cy + w * 0.5} ${cx + w * 0.36} ${cy} Z`, fill: p[3]! }),
    el('ellipse', { cx, cy, rx: w * 0.36, ry: w * 0.11, fill: p[4]! }),
    el('ellipse', { cx, cy, rx: w * 0.33, ry: w * 0.09, fill: broth }),
    bits,
    chopstick(0, 0) + chopstick(0.05, 0.06),
    steam(cx, cy - w * 0.13, w),
  ].join('');
}

function cup(w: number, h: number, r: Rng, p: Palette): string {
  const cx = w / 2;
  const cy = h * 0.58;
  const body = path`M${cx - w * 0.2} ${cy - w * 0.08} L${cx - w * 0.16} ${cy + w * 0.18} Q${cx} ${cy + w * 0.24} ${cx + w * 0.16} ${cy + w * 0.18} L${cx + w * 0.2} ${cy - w * 0.08} Z`;
  const leaves = times(5, () => {
    const turn = rotate(between(r, -40, 40), w / 2, h * 0.85);
    return el('ellipse', { cx: w * between(r, 0.1, 0.9), cy: h * between(r, 0.75, 0.95), rx: w * 0.04, ry: w * 0.015, fill: '#6A994E', transform: turn });
  });
  return [
    el('rect', { width: w, height: h, fill: p[0]! }),
    el('rect', { y: h * 0.68, width: w, height: h * 0.32, fill: p[1]! }),
    el('ellipse', { cx, cy: cy + w * 0.2, rx: w * 0.3, ry: w * 0.06, fill: p[3]!, opacity: 0.8 }),
    el('path', { d: body, fill: '#FAFAFA' }),
    el('ellipse', { cx, cy: cy - w * 0.08, rx: w * 0.2, ry: w * 0.045, fill: pick(r, ['#C8A24A', '#9BBF6A', '#8B4513', '#E3C16F']) }),
    el('circle', { cx: cx + w * 0.22, cy: cy + w * 0.03, r: w * 0.06, stroke: '#FAFAFA', 'stroke-width': w * 0.022, fill: 'none' }),
    leaves,
    steam(cx, cy - w * 0.12, w),
  ].join('');
}

function skyline(w: number, h: number, r: Rng, p: Palette): string {
  let out = skyFill(w, h, p[1]!, p[0]!);
  for (let x = 0; x < w; ) {
    const bw = w * between(r, 0.07, 0.16);
    const bh = h * between(r, 0.25, 0.62);
    out += el('rect', { x, y: h - bh, width: bw, height: bh, fill: r() < 0.5 ? p[3]! : p[4]! });
    for (let wy = h - bh + 14; wy < h - 20; wy += 26) {
      for (let wx = x + 8; wx < x + bw - 14; wx += 18) if (r() < 0.35) out += el('rect', { x: wx, y: wy, width: 9, height: 13, fill: '#FFE9A8', opacity: 0.9 });
    }
    x += bw + 2;
  }
  return out;
}

function pagoda(w: number, h: number, r: Rng, p: Palette): string {
  const cx = w * between(r, 0.3, 0.7);
  const levels = Math.floor(between(r, 4, 8));
  const scale = between(r, 0.8, 1.15);
  const step = (h * 0.5) / levels;
  let tiers = '';
  for (let k = 0; k < levels; k++) {
    const tw = w * scale * (0.3 - (k * 0.2) / levels);
    const y = h * 0.84 - k * step;
    const roof = path`M${cx - tw / 2 - 12} ${y - step * 0.65} Q${cx} ${y - step * 1.05} ${cx + tw / 2 + 12} ${y - step * 0.65} L${cx + tw * 0.3} ${y - step * 0.9} L${cx - tw * 0.3} ${y - step * 0.9} Z`;
    tiers +=
      el('rect', { x: cx - tw * 0.35, y: y - step * 0.7, width: tw * 0.7, height: step * 0.7, fill: '#5D2E1F' }) + el('path', { d: roof, fill: '#3B1F14' });
  }
  return [
    skyFill(w, h, p[2]!, p[0]!),
    el('circle', { cx: w * between(r, 0.1, 0.9), cy: h * between(r, 0.12, 0.3), r: w * between(r, 0.06, 0.1), fill: p[1]! }),
    tiers,
    times(Math.floor(between(r, 0, 5)), () =>
      el('circle', { cx: w * r(), cy: h * between(r, 0.8, 0.86), r: w * between(r, 0.04, 0.08), fill: p[3]!, opacity: 0.9 }),
    ),
    times(14, (k) => el('rect', { x: (k * w) / 14, y: h * 0.84, width: w / 28, height: h * 0.03, fill: p[4]! })),
    el('rect', { y: h * 0.87, width: w, height: h * 0.13, fill: p[4]! }),
  ].join('');
}

function night(w: number, h: number, r: Rng, p: Palette): string {
  const mx = w * between(r, 0.6, 0.85);
  const building = (k: number) => {
    const bh = h * between(r, 0.15, 0.4);
    const lit = r() < 0.6 ? 0.9 : 0;
    return (
      el('rect', { x: (k * w) / 9, y: h - bh, width: w / 9 - 4, height: bh, fill: '#141B33' }) +
      el('rect', { x: (k * w) / 9 + 10, y: h - bh + 20, width: 10, height: 14, fill: '#FFD166', opacity: lit })
    );
  };
  return [
    skyFill(w, h, '#0B1026', p[4]!),
    times(60, () => el('circle', { cx: w * r(), cy: h * r() * 0.6, r: between(r, 1, 3), fill: '#fff', opacity: between(r, 0.4, 1) })),
    el('circle', { cx: mx, cy: h * 0.2, r: w * 0.08, fill: '#FFF6D5' }),
    el('circle', { cx: mx + w * 0.035, cy: h * 0.19, r: w * 0.07, fill: '#0B1026' }),
    times(9, building),
  ].join('');
}

const SCENES: Record<PlannedImage['scene'], Scene> = {
  landscape: (w, h, r, p) => {
    const sun = el('circle', { cx: w * between(r, 0.2, 0.8), cy: h * between(r, 0.15, 0.3), r: w * between(r, 0.07, 0.13), fill: p[2]!, opacity: 0.9 });
    const far = r() < 0.6 ? ridge(w, h, h * between(r, 0.45, 0.6), h * between(r, 0.15, 0.3), r, p[2]!, 0.55) : '';
    const mid = ridge(w, h, h * between(r, 0.62, 0.72), h * between(r, 0.1, 0.25), r, p[3]!, 0.8);
    const near = ridge(w, h, h * between(r, 0.78, 0.86), h * 0.12, r, p[4]!, 0.9);
    const ripple = (k: number) => el('rect', { x: w * r() * 0.5, y: h * (0.89 + k * 0.04), width: w * 0.4, height: 3, fill: '#fff', opacity: 0.5 });
    const water = r() < 0.5 ? el('rect', { y: h * 0.86, width: w, height: h * 0.14, fill: p[1]!, opacity: 0.85 }) + times(3, ripple) : '';
    return skyFill(w, h, p[0]!, p[1]!) + sun + far + mid + near + water;
  },
  skyline,
  sea: (w, h, r, p) => {
    const wave = (k: number) =>
      el('path', {
        d: path`M0 ${h * (0.62 + k * 0.06)} q${w / 8} -14 ${w / 4} 0 t${w / 4} 0 t${w / 4} 0 t${w / 4} 0`,
        stroke: '#fff',
        'stroke-width': 3,
        fill: 'none',
        opacity: 0.45,
      });
    return [
      skyFill(w, h, p[0]!, p[1]!),
      el('circle', { cx: w * between(r, 0.3, 0.7), cy: h * 0.5, r: w * 0.12, fill: p[3]!, opacity: 0.8 }),
      `<defs>${el('linearGradient', { id: 'w', x1: 0, y1: 0, x2: 0, y2: 1 }, el('stop', { offset: 0, 'stop-color': p[2]! }) + el('stop', { offset: 1, 'stop-color': p[4]! }))}</defs>`,
      el('rect', { y: h * 0.55, width: w, height: h * 0.45, fill: 'url(#w)' }),
      times(6, wave),
      el('polygon', {
        points: pts([
          [w * 0.62, h * 0.6],
          [w * 0.7, h * 0.6],
          [w * 0.66, h * 0.48],
        ]),
        fill: '#fff',
        opacity: 0.9,
      }),
    ].join('');
  },
  bowl,
  cup,
  cat,
  dog,
  room: (w, h, r, p) => {
    const green = ['#2D6A4F', '#40916C', '#52B788'];
    const leaf = () =>
      el('ellipse', {
        cx: w * 0.75,
        cy: h * 0.5,
        rx: w * 0.035,
        ry: w * 0.12,
        fill: pick(r, green),
        transform: rotate(between(r, -70, 70), w * 0.75, h * 0.62),
      });
    return [
      el('rect', { width: w, height: h, fill: p[0]! }),
      el('rect', { x: w * 0.12, y: h * 0.12, width: w * 0.45, height: h * 0.38, fill: p[2]! }),
      el('line', { x1: w * 0.345, y1: h * 0.12, x2: w * 0.345, y2: h * 0.5, stroke: '#fff', 'stroke-width': 8 }),
      el('line', { x1: w * 0.12, y1: h * 0.31, x2: w * 0.57, y2: h * 0.31, stroke: '#fff', 'stroke-width': 8 }),
      el('rect', { y: h * 0.75, width: w, height: h * 0.25, fill: p[3]!, opacity: 0.6 }),
      el('polygon', {
        points: pts([
          [w * 0.66, h * 0.62],
          [w * 0.84, h * 0.62],
          [w * 0.81, h * 0.78],
          [w * 0.69, h * 0.78],
        ]),
        fill: p[4]!,
      }),
      times(9, leaf),
      times(5, (k) => el('rect', { x: w * (0.08 + k * 0.045), y: h * 0.62, width: w * 0.035, height: h * between(r, 0.08, 0.13), fill: pick(r, p) })),
    ].join('');
  },
  desk: (w, h, r, p) => {
    const book = (k: number) =>
      el('rect', {
        x: w * 0.08,
        y: h * (0.58 - k * 0.05),
        width: w * between(r, 0.25, 0.32),
        height: h * 0.045,
        rx: 4,
        fill: pick(r, p),
        stroke: '#fff',
        'stroke-width': 2,
      });
    const ruled = times(6, (k) =>
      el('line', { x1: w * 0.48, y1: h * (0.74 + k * 0.028), x2: w * 0.74, y2: h * (0.74 + k * 0.028), stroke: '#9DB4C0', 'stroke-width': 2 }),
    );
    const paper = el('rect', { x: w * 0.45, y: h * 0.7, width: w * 0.32, height: h * 0.22, fill: '#FFFDF5' });
    const notebook = el('g', { transform: rotate(between(r, -12, 12), w * 0.6, h * 0.8) }, paper + ruled);
    return [
      el('rect', { width: w, height: h, fill: p[0]! }),
      el('rect', { y: h * 0.62, width: w, height: h * 0.38, fill: p[3]! }),
      times(4, book),
      notebook,
      el('line', { x1: w * 0.86, y1: h * 0.62, x2: w * 0.86, y2: h * 0.3, stroke: p[4]!, 'stroke-width': 8 }),
      el('line', { x1: w * 0.86, y1: h * 0.3, x2: w * 0.74, y2: h * 0.26, stroke: p[4]!, 'stroke-width': 8 }),
      el('polygon', {
        points: pts([
          [w * 0.7, h * 0.25],
          [w * 0.78, h * 0.25],
          [w * 0.82, h * 0.33],
          [w * 0.66, h * 0.33],
        ]),
        fill: p[4]!,
      }),
      el('polygon', {
        points: pts([
          [w * 0.67, h * 0.33],
          [w * 0.81, h * 0.33],
          [w * 0.98, h * 0.62],
          [w * 0.5, h * 0.62],
        ]),
        fill: '#FFF3B0',
        opacity: 0.3,
      }),
    ].join('');
  },
  screen: (w, h, r, p) => {
    let code = '';
    for (let k = 0, indent = 0; k < 16; k++) {
      indent = Math.max(0, Math.min(3, indent + (r() < 0.3 ? 1 : r() < 0.3 ? -1 : 0)));
      code += el('rect', {
        x: w * (0.16 + indent * 0.04),
        y: h * (0.2 + k * 0.025),
        width: w * between(r, 0.1, 0.4),
        height: h * 0.012,
        rx: 3,
        fill: pick(r, CODE_COLOURS),
        opacity: 0.9,
      });
    }
    return [
      el('rect', { width: w, height: h, fill: '#1E1E2E' }),
      el('rect', { x: w * 0.1, y: h * 0.15, width: w * 0.8, height: h * 0.47, rx: 14, fill: '#282A36', stroke: '#44475A', 'stroke-width': 6 }),
      code,
      el('polygon', {
        points: pts([
          [w * 0.04, h * 0.7],
          [w * 0.96, h * 0.7],
          [w * 0.9, h * 0.63],
          [w * 0.1, h * 0.63],
        ]),
        fill: '#6272A4',
      }),
      el('rect', { x: w * 0.8, y: h * 0.76, width: w * 0.08, height: h * 0.1, rx: 6, fill: p[2]! }),
    ].join('');
  },
  pagoda,
  night,
  abstract: (w, h, r, p) => {
    const shape = () => {
      const [c, x, y, s] = [pick(r, p.slice(1)), w * r(), h * r(), w * between(r, 0.08, 0.3)];
      const kind = Math.floor(r() * 3);
      if (kind === 0) return el('circle', { cx: x, cy: y, r: s / 2, fill: c, opacity: 0.75 });
      if (kind === 1)
        return el('rect', {
          x: x - s / 2,
          y: y - s / 4,
          width: s,
          height: s / 2,
          rx: s / 8,
          fill: c,
          opacity: 0.8,
          transform: rotate(between(r, -45, 45), x, y),
        });
      return el('polygon', {
        points: pts([
          [x, y - s / 2],
          [x + s / 2, y + s / 2],
          [x - s / 2, y + s / 2],
        ]),
        fill: c,
        opacity: 0.7,
      });
    };
    return el('rect', { width: w, height: h, fill: p[0]! }) + times(12, shape);
  },
  // A RedNote-style text card; the title is laid on the white panel by seed-images.ts.
  card: (w, h, r, p) => {
    const bg = pick(r, [0, 1, 2]);
    const grad = el(
      'linearGradient',
      { id: 'c', x1: 0, y1: 0, x2: 1, y2: 1 },
      el('stop', { offset: 0, 'stop-color': p[bg]! }) + el('stop', { offset: 1, 'stop-color': p[bg + 1]! }),
    );
    return [
      `<defs>${grad}</defs>`,
      el('rect', { width: w, height: h, fill: 'url(#c)' }),
      el('circle', { cx: w * 0.9, cy: h * 0.1, r: w * 0.25, fill: p[3]!, opacity: 0.35 }),
      el('circle', { cx: w * 0.05, cy: h * 0.95, r: w * 0.2, fill: p[4]!, opacity: 0.25 }),
      el('rect', { x: w * 0.08, y: h * 0.22, width: w * 0.84, height: h * 0.56, rx: w * 0.05, fill: '#FFFFFF', opacity: 0.82 }),
    ].join('');
  },
};

/** The scene's SVG markup (no <svg> wrapper). */
export const drawScene = (scene: PlannedImage['scene'], w: number, h: number, r: Rng, p: Palette): string => SCENES[scene](w, h, r, p);
