// Pictures for the image-check tests, drawn in code (nothing is downloaded): gradients, shapes, noise.
import sharp from 'sharp';

/** A smooth RGB gradient, as PNG. */
export function gradient(width = 320, height = 240): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      raw[o] = Math.round((x / width) * 255);
      raw[o + 1] = Math.round((y / height) * 255);
      raw[o + 2] = 128;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

/** A scene of shapes laid out from `seed` (different seeds: different pictures), as PNG. */
export function scene(seed: number, width = 800, height = 600): Promise<Buffer> {
  let s = seed * 7919 + 17;
  const rnd = (n: number): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
  const shapes: string[] = [];
  for (let i = 0; i < 12; i++) {
    const fill = `rgb(${rnd(256)},${rnd(256)},${rnd(256)})`;
    shapes.push(
      i % 2 === 0
        ? `<circle cx="${rnd(width)}" cy="${rnd(height)}" r="${40 + rnd(120)}" fill="${fill}"/>`
        : `<rect x="${rnd(width)}" y="${rnd(height)}" width="${60 + rnd(300)}" height="${60 + rnd(200)}" fill="${fill}"/>`,
    );
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="rgb(${rnd(256)},${rnd(256)},${rnd(256)})"/><stop offset="1" stop-color="rgb(${rnd(256)},${rnd(256)},${rnd(256)})"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${shapes.join('')}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** One colour all over, as JPEG. */
export function flat(width = 200, height = 150): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 90 } } })
    .jpeg()
    .toBuffer();
}

/** Grey gaussian noise, as WebP. */
export function noise(width = 400, height = 300): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .webp()
    .toBuffer();
}

/** The same picture re-encoded and resized the ways an upload pipeline (or a re-poster) would. */
export async function copiesOf(image: Buffer): Promise<Buffer[]> {
  return Promise.all([
    sharp(image).jpeg({ quality: 55 }).toBuffer(),
    sharp(image).resize({ width: 360 }).webp({ quality: 70 }).toBuffer(),
    sharp(image).resize({ width: 1440 }).png().toBuffer(),
    sharp(image).resize(500, 500, { fit: 'fill' }).jpeg({ quality: 80 }).toBuffer(),
  ]);
}
