// Drawn pictures into Biji's real media pipeline: each is rendered to a work file, ingested by
// MediaService (sniffing, orientation, WebP sizes, thumbhash placeholder, storage, the row) exactly
// as an upload would be, and the work file removed. Avatars too, for people who have none yet.
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../src/server/app.ts';
import type { MediaPurpose } from '../src/server/modules/media/index.ts';
import type { SeedPerson } from './seed-data.ts';
import { renderAvatar } from './seed-images.ts';

let counter = 0;

/** Renders into a fresh work file, ingests it for `ownerId`, and returns the media id. */
export async function ingestDrawn(
  ctx: AppContext,
  ownerId: string,
  purpose: MediaPurpose,
  workDir: string,
  draw: (file: string) => Promise<unknown>,
): Promise<string> {
  const file = path.join(workDir, `draw-${process.pid}-${++counter}.jpg`);
  try {
    await draw(file);
    return (await ctx.media.service.ingest(ownerId, purpose, { path: file })).id;
  } finally {
    await fsp.rm(file, { force: true });
  }
}

/** Gives everyone we act for who has no avatar a drawn one; returns how many were set. */
export async function ensureAvatars(
  ctx: AppContext,
  people: readonly SeedPerson[],
  ids: ReadonlyMap<string, string>,
  workDir: string,
): Promise<{ set: number; there: number }> {
  let set = 0;
  let there = 0;
  for (const p of people) {
    const userId = ids.get(p.handle);
    if (!userId) continue;
    if ((await ctx.accounts.me(userId)).avatar) {
      there += 1;
      continue;
    }
    const script = p.writes === 'hant' ? 'hant' : /\p{Script=Han}/u.test(p.displayName) ? 'zh' : 'en';
    const mediaId = await ingestDrawn(ctx, userId, 'avatar', workDir, (file) => renderAvatar(p.handle, p.displayName, script, file));
    await ctx.accounts.setAvatar(userId, mediaId);
    set += 1;
  }
  return { set, there };
}
