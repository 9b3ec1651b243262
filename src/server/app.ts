// The composition root: picks the adapters from config, builds the services with plain calls,
// registers every module's routes, and knows how to close it all down.
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { type Logger, pino } from 'pino';
import { Problem } from '../shared/api/common.ts';
import type { Config } from './config.ts';
import { accountsRoutes } from './modules/accounts/routes.ts';
import { AccountsService } from './modules/accounts/service.ts';
import { AccountsStore } from './modules/accounts/store.ts';
import type { AccountsTables } from './modules/accounts/tables.ts';
import { type BoardsModule, createBoardsModule } from './modules/boards/index.ts';
import { type CommentsModule, createCommentsModule } from './modules/comments/index.ts';
import { createMediaModule, type MediaModule } from './modules/media/index.ts';
import type { MediaPort, NotifyPort } from './modules/notes/ports.ts';
import { notesRoutes } from './modules/notes/routes.ts';
import { NotesService } from './modules/notes/service.ts';
import { NotesStore } from './modules/notes/store.ts';
import type { NotesTables } from './modules/notes/tables.ts';
import { createNotifyModule, type NotifyModule } from './modules/notify/index.ts';
import { systemRoutes } from './modules/system/routes.ts';
import { bearerToken, SESSION_COOKIE } from './platform/auth.ts';
import { type Db, type DbTarget, openDb, scoped, targetFromConfig } from './platform/db/index.ts';
import { ValidationError } from './platform/errors.ts';
import { checkOrigin, genReqId, installErrorHandling, installJsonParser, sendProblem } from './platform/http.ts';
import { DbJobQueue } from './platform/jobs/queue.ts';
import { createPubSub } from './platform/pubsub/index.ts';
import type { PubSub } from './platform/pubsub/types.ts';
import { MemoryRateLimiter, NoRateLimiter, type RateLimiter, RedisRateLimiter } from './platform/ratelimit/index.ts';
import { instanceSecret } from './platform/secrets.ts';
import { bijiSecurityHeaders } from './platform/security-headers.ts';
import { createStorage } from './platform/storage/index.ts';
import type { Storage } from './platform/storage/types.ts';
import { registerWeb } from './platform/web.ts';

export interface AppContext {
  config: Config;
  log: Logger;
  db: Db;
  redis: Redis | null;
  limiter: RateLimiter;
  storage: Storage;
  pubsub: PubSub;
  jobs: DbJobQueue;
  accounts: AccountsService;
  media: MediaModule;
  notes: NotesService;
  notify: NotifyModule;
  boards: BoardsModule;
  comments: CommentsModule;
}

export interface BuildOptions {
  /** Use this database instead of the one config names (tests give each file a fresh one). */
  dbTarget?: DbTarget;
  /** Log to this stream instead of stdout (tests keep their output clean). */
  logStream?: NodeJS.WritableStream;
  /** Poll for background jobs (the server does; tests drain the queue themselves). */
  startJobs?: boolean;
}

export async function buildContext(config: Config, opts: BuildOptions = {}): Promise<AppContext> {
  const log = pino(
    { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'] },
    opts.logStream ?? pino.destination(1),
  );
  const db = await openDb(opts.dbTarget ?? targetFromConfig(config));
  // ioredis, the AWS SDK and pg load only when configured (see createPubSub, createStorage, openDb).
  const redis = config.redisUrl ? new (await import('ioredis')).Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 }) : null;
  const limiter: RateLimiter = !config.rateLimits.enabled ? new NoRateLimiter() : redis ? new RedisRateLimiter(redis) : new MemoryRateLimiter();
  const storage = await createStorage(config);
  const pubsub = await createPubSub(config.redisUrl, { log });
  const jobs = new DbJobQueue(db, { log, pollIntervalMs: config.jobs.pollIntervalMs, concurrency: config.jobs.concurrency });
  const accounts = new AccountsService(new AccountsStore(scoped<AccountsTables>(db)), limiter, config);

  // Notes, media and notify need each other; closures over `notes` break the cycle at build time.
  // eslint-disable-next-line prefer-const
  let notes: NotesService;
  const media = createMediaModule({
    db,
    storage,
    queue: jobs,
    config,
    limiter,
    log,
    // Avatars are public; note media follow their note; unattached media only their owner (media checks that).
    canView: async (viewerId, m) => m.purpose === 'avatar' || (m.attachedTo !== null && (await notes.canSeeMediaOf(viewerId, m.attachedTo)).visible),
  });
  const notify = createNotifyModule({ db, pubsub, accounts, log, subjects: (viewerId, ids) => notes.subjects(viewerId, ids) });
  const mediaPort: MediaPort = {
    checkAttachable: (ownerId, ids) => media.service.checkAttachable(ownerId, ids),
    attach: (ids, noteId, trx) => media.service.attach(ids, noteId, trx),
    views: async (ids) => new Map([...(await media.service.byIds(ids))].map(([id, row]) => [id, media.service.present(row)])),
    scheduleDelete: (noteId, trx) => media.service.scheduleDelete(noteId, trx),
  };
  const notifyPort: NotifyPort = { notify: async (event) => void (await notify.service.notify(event)) };
  notes = new NotesService(new NotesStore(scoped<NotesTables>(db)), accounts, mediaPort, notifyPort, config.notes, await instanceSecret(db, 'view_salt'));
  media.service.onReady(async (_mediaId, attachedTo) => {
    if (attachedTo) await notes.mediaReady(attachedTo);
  });
  accounts.useAvatars({
    claim: async (userId, mediaId) => {
      const row = (await media.service.byIds([mediaId])).get(mediaId);
      if (!row || row.owner_id !== userId || row.purpose !== 'avatar' || row.status !== 'ready' || row.deleted_at || row.attached_to) {
        throw new ValidationError(
          'That is not an avatar upload of yours.',
          [{ field: 'mediaId', message: 'upload a photo with purpose "avatar" first' }],
          'invalid_media',
        );
      }
      await media.service.attach([mediaId], `avatar:${mediaId}`);
    },
    release: (mediaId) => media.service.scheduleDelete(`avatar:${mediaId}`),
    views: async (ids) =>
      new Map(
        [...(await media.service.byIds(ids))].map(([id, row]) => {
          const v = media.service.present(row);
          return [id, { url: v.urls['256'] ?? v.urls.original ?? '', ...(v.placeholder ? { placeholder: v.placeholder } : {}) }];
        }),
      ),
  });
  accounts.onFollow((followerId, followeeId) => notifyPort.notify({ recipientId: followeeId, kind: 'follow', actorId: followerId }));

  const writesPerUser = config.rateLimits.writesPerUser;
  const boards = createBoardsModule({ db, notes, accounts, limiter, writesPerUser });
  const comments = createCommentsModule({ db, notes, accounts, notifier: notifyPort, limiter, writesPerUser, maxBodyUnits: config.notes.maxCommentUnits });

  if (opts.startJobs) jobs.start();
  return { config, log, db, redis, limiter, storage, pubsub, jobs, accounts, media, notes, notify, boards, comments };
}

export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.jobs.stop();
  await ctx.pubsub.close();
  await ctx.storage.close();
  await ctx.limiter.close();
  if (ctx.redis) await ctx.redis.quit().catch(() => ctx.redis?.disconnect());
  await ctx.db.close();
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<{ app: FastifyInstance; ctx: AppContext }> {
  const ctx = await buildContext(config, opts);
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    genReqId,
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, allErrors: true, coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onClose', () => closeContext(ctx));
  installErrorHandling(app);
  // JSON only (multipart arrives with media): anything else is a 415, not a string body.
  app.removeContentTypeParser(['text/plain']);
  installJsonParser(app);
  app.addSchema(Problem);

  const publicOrigin = config.publicUrl ? new URL(config.publicUrl).origin : null;
  const secureCookies = (req: { protocol: string }) => (publicOrigin ? publicOrigin.startsWith('https:') : req.protocol === 'https');

  await app.register(cookie);
  const headers = bijiSecurityHeaders(!!publicOrigin?.startsWith('https:'));
  const docsHeaders = bijiSecurityHeaders(!!publicOrigin?.startsWith('https:'), true);
  app.addHook('onRequest', async (req, reply) => {
    reply.headers(req.url.startsWith('/api/docs') ? docsHeaders : headers);
    reply.header('x-request-id', req.id);
  });

  // Who is asking: resolved once per API request, before validation and handlers.
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (req, reply) => {
    // API routes and media files (photos of non-public notes are served only to who may see them).
    if (!req.url.startsWith('/api/v1/') && !req.url.startsWith('/media/')) return;
    const bearer = bearerToken(req);
    if (bearer === null) return sendProblem(reply, 401, 'invalid_token', 'The Authorization header is not a valid bearer token.');
    const token = bearer ?? req.cookies[SESSION_COOKIE];
    if (token) {
      const found = await ctx.accounts.authenticate(token);
      if (found) req.auth = { ...found, via: bearer ? 'bearer' : 'cookie' };
      else if (bearer) return sendProblem(reply, 401, 'invalid_token', 'The token is unknown, revoked or expired.');
    }
    if (!checkOrigin(req, publicOrigin, req.auth?.via === 'cookie' || (!bearer && !!token), !!bearer)) {
      return sendProblem(reply, 403, 'csrf_failed', 'This write did not come from a Biji page (Origin check failed).');
    }
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Biji API',
        version: '1',
        description: 'Notes, people and conversations across English and Chinese.',
        license: { name: 'GNU Affero General Public License v3.0 or later', identifier: 'AGPL-3.0-or-later' },
      },
      // Where this instance answers: its public origin when known, else relative to wherever the document was fetched.
      servers: [{ url: publicOrigin ?? '/' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _frag, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(systemRoutes, { db: ctx.db });
  await app.register(accountsRoutes, { accounts: ctx.accounts, sessionTtlDays: config.sessionTtlDays, secureCookies });
  await app.register(ctx.media.routes, ctx.media.routeOptions);
  await app.register(notesRoutes, { notes: ctx.notes, limiter: ctx.limiter, writesPerUser: config.rateLimits.writesPerUser });
  await app.register(ctx.notify.routes, { publicOrigin });
  await app.register(ctx.boards.routes);
  await app.register(ctx.comments.routes);

  await registerWeb(app, { webDist: config.webDist });
  return { app, ctx };
}
