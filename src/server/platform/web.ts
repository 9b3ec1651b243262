// Serves the built web client: fingerprinted assets from WEB_DIST, and index.html for every other
// GET outside /api (the client routes itself). Pages that people share — a note, a profile — get
// their own title and card tags from the `ShareCards` port, filled by the composition root.
// Every file is sent precompressed when the build wrote a .br / .gz beside it (scripts/build-web.ts).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clearSessionCookie, clearSessionHint, SESSION_COOKIE, SESSION_HINT_COOKIE, setSessionHint } from './auth.ts';
import { sendProblem } from './http.ts';

/** What a shared link previews as (Open Graph / Twitter card). */
export interface ShareCard {
  title: string;
  description: string;
  /** an absolute or root-relative image URL */
  image: string | null;
  /** the canonical path of the page, e.g. /n/<id> */
  path: string;
  /** the page's main photo exactly as the client draws it (its largest paint), to fetch with the page's scripts */
  hero?: { src: string; srcset: string; sizes: string } | null;
}

/** Cards for pages anyone may see; null for anything the public may not see (or that does not exist). */
export interface ShareCards {
  note(id: string): Promise<ShareCard | null>;
  profile(handle: string): Promise<ShareCard | null>;
}

export interface WebOptions {
  webDist: string;
  shareCards?: ShareCards;
  /** the site's public origin (PUBLIC_URL) for canonical URLs; null: the request's own protocol and host */
  publicOrigin?: string | null;
  /**
   * Is this session cookie alive? A page load keeps the client's session hint true to it, so the
   * client asks who is signed in only when someone may be (and sessions made before the hint get one).
   */
  sessionAlive?: (token: string) => Promise<boolean>;
  /** Secure cookies for this request (https) */
  secureCookies?: (req: { protocol: string }) => boolean;
}

const SITE_NAME = 'Biji 笔记';

/** Crawlers may read every page; the API is for clients, not for search results. */
export const ROBOTS_TXT = 'User-agent: *\nAllow: /\nDisallow: /api/\n';

const NOTE_PATH = /^\/n\/([0-9A-Za-z-]{1,64})\/?$/;
const PROFILE_PATH = /^\/u\/([0-9A-Za-z_.]{1,30})\/?$/;

/**
 * The pages people land on from outside, by the client's source file (a key of Vite's manifest,
 * relative to src/web; see src/web/app.tsx). Their chunks are preloaded with the entry instead of
 * after it has run: one round trip less before the page shows. A page missing here just loads later.
 */
const LANDING_PAGES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\/$/, 'pages/home-page.tsx'],
  [NOTE_PATH, 'pages/note/note-page.tsx'],
  [/^\/u\/[0-9A-Za-z_.]{1,30}(?:\/(?:collects|boards))?\/?$/, 'pages/profile-page.tsx'],
  [/^\/t\/[^/]+\/?$/, 'pages/tag-page.tsx'],
];

/**
 * The first API read of a landing page, exactly as the client asks it (src/web/api/), fetched with the
 * page's scripts instead of after they have run. Should the client ask otherwise, the browser just
 * fetches twice (and says so in the console): keep these in step with the query modules.
 */
const LANDING_DATA: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => string]> = [
  [/^\/$/, () => '/api/v1/feed/explore?limit=20'],
  [NOTE_PATH, (m) => `/api/v1/notes/${m[1]}`],
  // as written in the address, as the client asks it (the handle's characters need no encoding)
  [PROFILE_PATH, (m) => `/api/v1/users/${m[1]}`],
];

function dataPreload(pathname: string): string {
  for (const [pattern, url] of LANDING_DATA) {
    const m = pattern.exec(pathname);
    // `crossorigin` (anonymous): same-origin credentials and CORS mode, as the client's fetch() — else no reuse.
    if (m) return `<link rel="preload" as="fetch" crossorigin href="${escapeHtml(url(m))}">`;
  }
  return '';
}

/**
 * The main photo of a page, fetched with the page's scripts: without this the browser learns of it
 * only once the scripts have run and the note has been read (Lighthouse's note page: the photo was
 * asked for at 1.1–1.6 s without this, at 0.6–0.8 s with it, and painted ~0.7 s sooner). The same `srcset` and
 * `sizes` as the client's <img>, so the browser picks the same file and the image reuses the fetch.
 * At an image's own low priority: on a slow link it must not take bandwidth from the scripts.
 */
export function heroPreload(card: ShareCard): string {
  const h = card.hero;
  if (!h) return '';
  return `<link rel="preload" as="image" href="${escapeHtml(h.src)}" imagesrcset="${escapeHtml(h.srcset)}" imagesizes="${escapeHtml(h.sizes)}">`;
}

type Manifest = Record<string, { file: string; imports?: string[]; css?: string[]; isEntry?: boolean }>;

/** `<link>`s for a page chunk and what it imports, less what index.html already loads. */
export function preloadLinks(manifest: Manifest, key: string): string {
  const closure = (start: string[]): Set<string> => {
    const seen = new Set<string>();
    const walk = (k: string) => {
      if (seen.has(k) || !manifest[k]) return;
      seen.add(k);
      for (const i of manifest[k].imports ?? []) walk(i);
    };
    for (const k of start) walk(k);
    return seen;
  };
  if (!manifest[key]) return '';
  const loaded = closure(Object.keys(manifest).filter((k) => manifest[k]?.isEntry));
  const links: string[] = [];
  for (const k of closure([key])) {
    if (loaded.has(k)) continue;
    const chunk = manifest[k];
    if (!chunk) continue;
    links.push(`<link rel="modulepreload" crossorigin href="/${escapeHtml(chunk.file)}">`);
    for (const css of chunk.css ?? []) links.push(`<link rel="preload" as="style" crossorigin href="/${escapeHtml(css)}">`);
  }
  return links.join('\n    ');
}

function readManifest(webDist: string): Manifest {
  try {
    return JSON.parse(fs.readFileSync(path.join(webDist, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return {}; // an older build, or none: pages load their chunks after the entry
  }
}

/** Text for an HTML attribute value or element content: nothing in it can end the tag. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const absolute = (origin: string, url: string): string => (/^https?:\/\//i.test(url) ? url : `${origin}${url.startsWith('/') ? '' : '/'}${url}`);

/** The head tags of a shared page: title, description, canonical URL, Open Graph and Twitter card. */
export function cardTags(card: ShareCard, kind: 'article' | 'profile', origin: string): string {
  const url = absolute(origin, card.path);
  const image = card.image ? absolute(origin, card.image) : null;
  const title = `${card.title} · ${SITE_NAME}`;
  const meta = (attr: 'name' | 'property', key: string, value: string) => `<meta ${attr}="${key}" content="${escapeHtml(value)}" />`;
  return [
    `<title>${escapeHtml(title)}</title>`,
    meta('name', 'description', card.description || title),
    `<link rel="canonical" href="${escapeHtml(url)}" />`,
    meta('property', 'og:site_name', SITE_NAME),
    meta('property', 'og:type', kind),
    meta('property', 'og:title', card.title),
    meta('property', 'og:description', card.description),
    meta('property', 'og:url', url),
    ...(image ? [meta('property', 'og:image', image)] : []),
    meta('name', 'twitter:card', image && kind === 'article' ? 'summary_large_image' : 'summary'),
    meta('name', 'twitter:title', card.title),
    meta('name', 'twitter:description', card.description),
    ...(image ? [meta('name', 'twitter:image', image)] : []),
  ].join('\n    ');
}

/** index.html with the card's tags in place of its generic title and description. */
export function withCard(html: string, tags: string): string {
  return html.replace(/\s*<meta name="description"[^>]*>/, '').replace(/<title>[^<]*<\/title>/, () => tags);
}

/** A page made for this request, compressed as the browser accepts (a few KB: well under a millisecond). */
function sendHtml(req: FastifyRequest, reply: FastifyReply, html: string) {
  reply.type('text/html; charset=utf-8').header('vary', 'accept-encoding');
  const accepts = String(req.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepts)) {
    const body = zlib.brotliCompressSync(html, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
    return reply.header('content-encoding', 'br').send(body);
  }
  if (/\bgzip\b/.test(accepts)) return reply.header('content-encoding', 'gzip').send(zlib.gzipSync(html));
  return reply.send(html);
}

export async function registerWeb(app: FastifyInstance, opts: WebOptions): Promise<void> {
  const { webDist, shareCards } = opts;
  const index = path.join(webDist, 'index.html');
  const built = fs.existsSync(index);
  // Read once: the build happens before the server starts, and every card page is this file plus a few tags.
  const indexHtml = built ? fs.readFileSync(index, 'utf8') : '';
  const manifest = built ? readManifest(webDist) : {};
  const landing = LANDING_PAGES.map(([pattern, key]) => [pattern, preloadLinks(manifest, key)] as const).filter(([, links]) => links !== '');
  if (built) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      preCompressed: true,
      setHeaders: (res, file) => {
        // Vite fingerprints everything under assets/: safe to cache forever.
        // Anything else (index.html, the favicon) may change with any build: always revalidated.
        res.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.get('/robots.txt', { schema: { hide: true } }, async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=3600').type('text/plain; charset=utf-8').send(ROBOTS_TXT),
  );

  const originOf = (req: FastifyRequest) => opts.publicOrigin ?? `${req.protocol}://${req.host}`;

  /** The card of a page anyone may see at this path, or null (any other page, or a failure: the plain page then). */
  const cardFor = async (req: FastifyRequest): Promise<{ tags: string; hero: string } | null> => {
    if (!shareCards) return null;
    const pathname = req.url.split('?')[0] ?? '';
    const note = NOTE_PATH.exec(pathname);
    const profile = note ? null : PROFILE_PATH.exec(pathname);
    if (!note?.[1] && !profile?.[1]) return null;
    try {
      const card = note?.[1] ? await shareCards.note(note[1]) : await shareCards.profile(profile?.[1] ?? '');
      return card ? { tags: cardTags(card, note ? 'article' : 'profile', originOf(req)), hero: heroPreload(card) } : null;
    } catch (err) {
      req.log.warn({ err }, 'share card failed; serving the plain page');
      return null;
    }
  };

  /** Keeps the client's session hint true to the session cookie, and drops a cookie whose session is gone. */
  const syncSessionHint = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!opts.sessionAlive) return;
    const secure = opts.secureCookies?.(req) ?? req.protocol === 'https';
    const token = req.cookies[SESSION_COOKIE];
    const hinted = req.cookies[SESSION_HINT_COOKIE] !== undefined;
    if (!token) {
      if (hinted) clearSessionHint(reply, secure);
      return;
    }
    if (await opts.sessionAlive(token).catch(() => true)) {
      if (!hinted) setSessionHint(reply, null, secure);
    } else {
      clearSessionCookie(reply, secure);
    }
  };

  app.setNotFoundHandler(async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendProblem(reply, 404, 'not_found', `No route ${req.method} ${req.url}.`);
    if (req.url.startsWith('/api')) return sendProblem(reply, 404, 'not_found', `No route GET ${req.url.split('?')[0]}.`);
    if (!built) return reply.code(503).type('text/plain').send('The web client is not built yet: run `npm run build`.');
    reply.header('cache-control', 'no-cache');
    await syncSessionHint(req, reply);
    const card = await cardFor(req);
    const tags = card?.tags;
    const pathname = req.url.split('?')[0] ?? '';
    const preload = [landing.find(([pattern]) => pattern.test(pathname))?.[1], dataPreload(pathname), card?.hero].filter(Boolean).join('\n    ');
    if (!tags && !preload) return reply.sendFile('index.html');
    let html = tags ? withCard(indexHtml, tags) : indexHtml;
    if (preload) html = html.replace('</head>', () => `  ${preload}\n  </head>`);
    return sendHtml(req, reply, html);
  });
}
