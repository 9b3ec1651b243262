// Serves the built web client: fingerprinted assets from WEB_DIST, and index.html for every other
// GET outside /api (the client routes itself). Pages that people share — a note, a profile — get
// their own title and card tags from the `ShareCards` port, filled by the composition root.
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendProblem } from './http.ts';

/** What a shared link previews as (Open Graph / Twitter card). */
export interface ShareCard {
  title: string;
  description: string;
  /** an absolute or root-relative image URL */
  image: string | null;
  /** the canonical path of the page, e.g. /n/<id> */
  path: string;
}

/** Cards for pages anyone may see; null for anything the public may not see (or that does not exist). */
export interface ShareCards {
  note(id: string): Promise<ShareCard | null>;
  profile(handle: string): Promise<ShareCard | null>;
}

export interface WebOptions {
  webDist: string;
  shareCards?: ShareCards;
}

export async function registerWeb(app: FastifyInstance, opts: WebOptions): Promise<void> {
  const { webDist } = opts;
  const index = path.join(webDist, 'index.html');
  const built = fs.existsSync(index);
  if (built) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      setHeaders: (res, file) => {
        // Vite fingerprints everything under assets/: safe to cache forever.
        if (file.includes(`${path.sep}assets${path.sep}`)) res.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }
  app.setNotFoundHandler(async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendProblem(reply, 404, 'not_found', `No route ${req.method} ${req.url}.`);
    if (req.url.startsWith('/api')) return sendProblem(reply, 404, 'not_found', `No route GET ${req.url.split('?')[0]}.`);
    if (!built) return reply.code(503).type('text/plain').send('The web client is not built yet: run `npm run build`.');
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
