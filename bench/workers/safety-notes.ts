// One side of `npm run bench -- safety`'s note-creation comparison: a context of its own (SQLite in
// a temp dir) with SAFETY_FILTERS set as told, in a process of its own, so neither side shares a
// heap, a JIT or module state with the other (in one process the context built first ran 6–10 %
// slower whatever its setting). The parent sends commands over IPC and times nothing itself:
//   { type: 'prepare', count }  → { ok: true }            ingest `count` photos to attach
//   { type: 'create', count }   → { ok: true, ms }        create `count` notes, the milliseconds it took
//   { type: 'probe' }           → { ok: true, wired }     whether a listed term changes anything at creation
// argv: mode (on|off), a temp dir it owns, a JSON file of note bodies.
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import sharp from 'sharp';
import { type AppContext, buildContext, closeContext } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';

type Command = { type: 'prepare'; count: number } | { type: 'create'; count: number } | { type: 'probe' } | { type: 'close' };

const [mode, dir, textsFile] = process.argv.slice(2) as ['on' | 'off', string, string];
if ((mode !== 'on' && mode !== 'off') || !dir || !textsFile) throw new Error('usage: safety-notes.ts on|off DIR TEXTS.json');
const texts = JSON.parse(fs.readFileSync(textsFile, 'utf8')) as string[];

const config = loadConfig({
  DATA_DIR: dir,
  RATE_LIMITS: 'off',
  LOG_LEVEL: 'warn',
  WEB_DIST: `${dir}/no-web`,
  SAFETY_FILTERS: mode,
  SAFETY_IMAGE_CHECK: 'off',
});
const sink = new Writable({ write: (_c, _e, cb) => cb() });
const ctx: AppContext = await buildContext(config, { logStream: sink });
// An admin first (the first account), so the author is an ordinary member.
await ctx.accounts.signUp({ handle: 'admin_bench', password: 'correct-horse-battery-7', displayName: 'Admin' }, { ip: '127.0.0.1', userAgent: null });
const { user } = await ctx.accounts.signUp(
  { handle: 'author_bench', password: 'correct-horse-battery-7', displayName: 'Bench Author' },
  { ip: '127.0.0.1', userAgent: null },
);
const photo = path.join(dir, 'photo.jpg');
await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 200, g: 60, b: 60 } } })
  .jpeg()
  .toFile(photo);
const media: string[] = [];
let next = 0;

async function handle(cmd: Command): Promise<Record<string, unknown>> {
  switch (cmd.type) {
    case 'prepare':
      for (let i = 0; i < cmd.count + 1; i++) media.push((await ctx.media.service.ingest(user.id, 'note', { path: photo })).id);
      return {};
    case 'create': {
      const t = performance.now();
      for (let i = 0; i < cmd.count; i++) {
        // Within the note limits (a Chinese character counts 2 units: title 40, body 2,000).
        const text = `${(texts[next % texts.length] as string).slice(0, 600)} #n${next++}`;
        await ctx.notes.create(user.id, { title: text.slice(0, 18), body: text, mediaIds: [media.pop() as string] });
      }
      return { ms: performance.now() - t };
    }
    case 'probe':
      try {
        const note = await ctx.notes.create(user.id, { title: '代开发票', body: '专业代开发票，加微信 what the fuck', mediaIds: [media.pop() as string] });
        const marks = (note as { moderation?: { held?: boolean; sensitive?: boolean } }).moderation;
        return { wired: marks?.held === true || marks?.sensitive === true };
      } catch (err) {
        if ((err as { code?: string }).code === 'content_refused') return { wired: true };
        throw err;
      }
    case 'close':
      await closeContext(ctx);
      return {};
  }
}

process.on('message', (cmd: Command) => {
  handle(cmd).then(
    // After 'close' the channel is let go, so this process ends on its own.
    (out) => process.send?.({ ok: true, ...out }, () => cmd.type === 'close' && process.disconnect?.()),
    (err: unknown) => process.send?.({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
process.send?.({ ok: true, ready: true });
