// The composition root: picks the adapters from config, builds every module with plain calls,
// registers their routes, and knows how to close it all down. It only constructs: the rules live
// in the modules, which learn about each other's changes from domain events.
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { type Logger, pino } from 'pino';
import { Problem } from '../shared/api/common.ts';
import type { SearchUser } from '../shared/api/search.ts';
import type { Config } from './config.ts';
import { moderationReach } from './moderation-reach.ts';
import { type AccountsModule, createAccountsModule } from './modules/accounts/index.ts';
import { type BoardsModule, createBoardsModule } from './modules/boards/index.ts';
import { type CommentsModule, createCommentsModule } from './modules/comments/index.ts';
import { createFeedModule, type FeedModule } from './modules/feed/index.ts';
import { createLanguageModule, type LanguageModule } from './modules/language/index.ts';
import { createMediaModule, type MediaModule } from './modules/media/index.ts';
import { createMessagesModule, type MessagesModule } from './modules/messages/index.ts';
import { mediaImageReader } from './modules/moderation/images/media-bytes.ts';
import { createModerationModule, type ModerationModule } from './modules/moderation/index.ts';
import { createNotesModule, type NotesModule } from './modules/notes/index.ts';
import { createNotifyModule, type NotifyModule } from './modules/notify/index.ts';
import { createPortabilityModule, type PortabilityModule } from './modules/portability/index.ts';
import { createRoomsModule, type RoomsModule } from './modules/rooms/index.ts';
import { createSearchModule, type SearchModule } from './modules/search/index.ts';
import type { IndexSource } from './modules/search/indexer.ts';
import { createSubtitlesModule, type SubtitlesModule } from './modules/subtitles/index.ts';
import { createSystemModule } from './modules/system/index.ts';
import { authPlugin, SESSION_COOKIE } from './platform/auth.ts';
import { CacheBus } from './platform/cache/index.ts';
import { type Db, type DbTarget, openDb, targetFromConfig } from './platform/db/index.ts';
import { NotFoundError } from './platform/errors.ts';
import { EventBus } from './platform/events/index.ts';
import { genReqId, httpServerOptions, installErrorHandling, installJsonParser } from './platform/http.ts';
import { createPlatformPersonalData } from './platform/jobs/personal-data.ts';
import { DbJobQueue } from './platform/jobs/queue.ts';
import type { ContentPolicy } from './platform/policy.ts';
import { createPubSub } from './platform/pubsub/index.ts';
import type { PubSub } from './platform/pubsub/types.ts';
import { MemoryRateLimiter, NoRateLimiter, type RateLimiter, RedisRateLimiter } from './platform/ratelimit/index.ts';
import { Gateway } from './platform/realtime/gateway.ts';
import { streamRoutes } from './platform/realtime/routes.ts';
import { type RouteKit, routeKit } from './platform/routes.ts';
import { instanceSecret } from './platform/secrets.ts';
import { apiSecurityHeaders, bijiSecurityHeaders } from './platform/security-headers.ts';
import { createStorage } from './platform/storage/index.ts';
import type { Storage } from './platform/storage/types.ts';
import { registerWeb } from './platform/web.ts';
import { portabilityReach } from './portability-reach.ts';

export interface AppContext {
  config: Config;
  log: Logger;
  db: Db;
  redis: Redis | null;
  limiter: RateLimiter;
  storage: Storage;
  pubsub: PubSub;
  jobs: DbJobQueue;
  events: EventBus;
  cache: CacheBus;
  gateway: Gateway;
  accounts: AccountsModule['service'];
  media: MediaModule;
  messages: MessagesModule;
  notes: NotesModule['service'];
  reader: NotesModule['reader'];
  notify: NotifyModule;
  rooms: RoomsModule;
  boards: BoardsModule;
  comments: CommentsModule;
  feed: FeedModule;
  language: LanguageModule;
  subtitles: SubtitlesModule;
  search: SearchModule;
  moderation: ModerationModule;
  portability: PortabilityModule;
  modules: { accounts: AccountsModule; notes: NotesModule };
  kit: RouteKit;
}

export interface BuildOptions {
  /** Use this database instead of the one config names (tests give each file a fresh one). */
  dbTarget?: DbTarget;
  /** Log to this stream instead of stdout (tests keep their output clean). */
  logStream?: NodeJS.WritableStream;
  /** Poll for background jobs (the server does; tests drain the queue themselves). */
  startJobs?: boolean;
  /** The feed's clock (milliseconds since the epoch), which the job queue's schedule follows too: tests move it to age notes, pools and trends. */
  feedClock?: () => number;
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
  const jobs = new DbJobQueue(db, {
    log,
    pollIntervalMs: config.jobs.pollIntervalMs,
    concurrency: config.jobs.concurrency,
    ...(opts.feedClock ? { now: opts.feedClock } : {}),
  });
  const events = new EventBus(jobs, log);
  const cache = new CacheBus(pubsub, log);
  const gateway = new Gateway(pubsub, {}, log);
  // Moderation is built after accounts (it needs their standing) but every module that stores
  // people's words asks it first: they get the policy through this forwarder, and the route kit's
  // write guard (suspensions, new accounts' budget) likewise.
  let moderationRef: ModerationModule | null = null;
  const safety = (): ModerationModule => {
    if (!moderationRef) throw new Error('moderation is not built yet');
    return moderationRef;
  };
  const policy: ContentPolicy = { screen: (input) => safety().screen.screen(input), review: (t, v) => safety().screen.review(t, v) };
  const kit = routeKit(limiter, config.rateLimits.writesPerUser, (userId) => safety().screen.writeRule(userId));
  const publicOrigin = config.publicUrl ? new URL(config.publicUrl).origin : null;
  const secureCookies = (req: { protocol: string }) => (publicOrigin ? publicOrigin.startsWith('https:') : req.protocol === 'https');

  // Each module is built from what it needs; none needs one built after it.
  const media = createMediaModule({ db, storage, queue: jobs, events, config, log });
  const accountsModule = createAccountsModule({ db, events, jobs, cache, limiter, kit, config, media: media.service, secureCookies, policy });
  const accounts = accountsModule.service;
  const personRefs = async (ids: readonly string[]) =>
    new Map([...(await accounts.summaries(ids))].map(([id, p]) => [id, { handle: p.handle, displayName: p.displayName, avatar: p.avatar }]));
  const moderation = createModerationModule({
    db,
    events,
    cache,
    jobs,
    kit,
    config,
    // Spam waves are counted whether or not RATE_LIMITS is on.
    counter: redis ? new RedisRateLimiter(redis) : new MemoryRateLimiter(),
    standing: accountsModule.standing,
    targets: () => moderationTargets,
    people: personRefs,
    history: async (userId) => {
      const [me, standing] = await Promise.all([accounts.me(userId).catch(() => null), accountsModule.standing.get(userId)]);
      return me && standing
        ? { handle: me.handle, role: me.role, createdAt: me.createdAt, suspendedUntil: standing.suspendedUntil, banned: standing.banned }
        : null;
    },
    idByHandle: (handle) => accounts.idByHandle(handle),
    uiLanguage: async (userId) => (await accounts.me(userId)).uiLanguage,
    probationPeople: async (ids) => {
      const out = new Map<string, { handle: string; displayName: string; avatar: { url: string; placeholder?: string } | null; createdAt: string }>();
      for (const me of await Promise.all(ids.map((id) => accounts.me(id).catch(() => null))))
        if (me) out.set(me.id, { handle: me.handle, displayName: me.displayName, avatar: me.avatar, createdAt: me.createdAt });
      return out;
    },
    translate: async (text, _lang, target) => {
      const r = await language.translator.translate([text], target, { userId: 'moderation' });
      return r.fields[0]?.text ?? null;
    },
    readImage: mediaImageReader(media.service),
    attachedTo: async (mediaId) => (await media.service.byIds([mediaId])).get(mediaId)?.attached_to ?? null,
    log,
  });
  moderationRef = moderation;
  const notesModule = createNotesModule({
    db,
    events,
    jobs,
    cache,
    kit,
    config,
    accounts,
    media: media.service,
    viewSalt: await instanceSecret(db, 'view_salt'),
    moderation: moderation.states,
    mutedWords: (viewerId) => accountsModule.controls.mutedWords(viewerId),
    policy,
    log,
  });
  const { service: notes, reader } = notesModule;
  const boards = createBoardsModule({ db, events, kit, notes, reader, accounts, policy });
  const comments = createCommentsModule({
    db,
    events,
    kit,
    notes,
    reader,
    accounts,
    maxBodyUnits: config.notes.maxCommentUnits,
    mayComment: (authorId, commenterId) => accountsModule.controls.mayComment(authorId, commenterId),
    policy,
  });
  const messages = createMessagesModule({
    db,
    events,
    limiter,
    jobs,
    gateway,
    kit,
    accounts,
    media: media.service,
    notes: {
      subjects: (viewerId, ids) => reader.subjects(viewerId, ids),
      author: (viewerId, noteId) =>
        notes.requireAccess(viewerId, 'view', noteId).then(
          (n) => n.authorId,
          (err: unknown) => (err instanceof NotFoundError ? null : Promise.reject(err)),
        ),
    },
    settings: config.messages,
    mayMessage: (recipientId, senderId) => accountsModule.controls.mayMessage(recipientId, senderId),
    policy,
  });
  const orNull = <T>(p: Promise<T>): Promise<T | null> => p.catch((err: unknown) => (err instanceof NotFoundError ? null : Promise.reject(err)));
  const language = createLanguageModule({
    db,
    jobs,
    kit,
    limiter,
    config,
    log,
    note: (viewerId, id) => orNull(reader.note(viewerId, id)),
    comment: (viewerId, id) => comments.service.text(viewerId, id),
    message: (viewerId, id) => messages.service.messageText(viewerId, id),
    bio: (viewerId, handle) => orNull(accounts.profile(viewerId, handle)),
    noteTitles: async (viewerId, ids) => new Map([...(await reader.subjects(viewerId, ids))].map(([id, s]) => [id, s.title])),
    canSee: async (viewerId, noteId) => (await reader.visible(viewerId, [noteId])).has(noteId),
  });
  const feed = createFeedModule({
    db,
    events,
    cache,
    jobs,
    kit,
    limiter,
    config,
    reader,
    note: async (authorId, noteId) => {
      // As its author sees it: a followers-only note is indexed too (Following shows it to followers).
      const n = (await reader.hydrate(authorId, [noteId])).notes.get(noteId);
      return n
        ? {
            noteId: n.id,
            authorId: n.authorId,
            visibility: n.visibility,
            status: n.status,
            lang: n.lang,
            createdS: Date.parse(n.createdAt) / 1000,
            tags: n.tags,
          }
        : null;
    },
    canSee: async (viewerId, noteId) => (await reader.visible(viewerId, [noteId])).has(noteId),
    languages: async (userId) => (await accounts.me(userId).catch(() => null))?.languages ?? [],
    relatedTags: (tag) => language.service.relatedTagsWhenReady(tag),
    ...(opts.feedClock ? { clock: opts.feedClock } : {}),
  });
  // A moderator's decision about a note reaches visitors' shared Explore pages at once, as an edit of the note does.
  cache.watch('moderation.notes', () => feed.service.visitorPagesChanged());
  const subtitles = createSubtitlesModule({ db, events, kit, reader, notes, translator: language.translator });
  const search = createSearchModule({
    db,
    events,
    jobs,
    kit,
    limiter,
    language: language.service,
    sources: {
      notes: async (ids) => {
        const [h, counts] = await Promise.all([reader.hydrate(null, ids), reader.exactCounts(ids)]);
        const out = new Map<string, IndexSource>();
        for (const [id, n] of h.notes) out.set(id, { ...n, counts: counts.get(id) ?? { likes: 0, collects: 0, comments: 0, views: 0 } });
        return out;
      },
      counts: (ids) => reader.exactCounts(ids),
      noteCount: () => notes.count(),
      noteIdsAfter: (after, limit) => notes.idsAfter(after, limit),
      people: (ids) => accounts.summaries(ids),
      followerCounts: (ids) => accounts.followerCounts(ids),
      userIdsAfter: (after, limit) => accounts.userIdsAfter(after, limit),
    },
    // Search is discovery: a limited note stays out of it.
    cards: (viewerId, ids) => reader.cards(viewerId, ids, 'discovery'),
    people: async (viewerId, ids) => {
      const [found, rel] = await Promise.all([accounts.summaries(ids), viewerId ? accounts.relations(viewerId, ids) : Promise.resolve(null)]);
      const out = new Map<string, Omit<SearchUser, 'followers'>>();
      for (const [id, p] of found) if (!rel?.blocked.has(id)) out.set(id, { handle: p.handle, displayName: p.displayName, bio: p.bio, avatar: p.avatar });
      return out;
    },
    ...(language.translator.provider.kind === 'translation'
      ? {
          machine: async (text: string, target: 'en' | 'zh', asker: { userId: string } | { ip: string }) => {
            const r = await language.translator.translate([text], target, asker);
            return r.kind === 'translation' && !r.fallback ? (r.fields[0]?.text ?? null) : null;
          },
        }
      : {}),
    ...(opts.feedClock ? { clock: opts.feedClock } : {}),
  });
  const notify = createNotifyModule({
    db,
    events,
    jobs,
    gateway,
    kit,
    accounts,
    subjects: (viewerId, ids) => reader.subjects(viewerId, ids),
    canSee: async (viewerId, noteId) => (await reader.visible(viewerId, [noteId])).has(noteId),
    comments: (viewerId, ids) => comments.service.excerpts(viewerId, ids),
    log,
  });
  const rooms = createRoomsModule({
    db,
    jobs,
    gateway,
    pubsub,
    limiter,
    kit,
    settings: config.rooms,
    authors: (ids) => accounts.summaries(ids),
    // The instance's moderators and admins moderate every room.
    isAdmin: async (userId) => ['admin', 'moderator'].includes((await accounts.me(userId).catch(() => null))?.role ?? ''),
    idByHandle: (handle) => accounts.idByHandle(handle),
    policy,
    log,
  });

  // What moderation reaches of the things people report, through their modules' services.
  const moderationTargets = moderationReach({
    reader,
    accounts,
    comments: comments.service,
    messages: messages.service,
    rooms: rooms.service,
    images: moderation.images,
  });

  // Your data: every module's personal data, exported and erased through it.
  const portability = createPortabilityModule({
    db,
    events,
    jobs,
    storage,
    kit,
    config,
    ...portabilityReach({ accounts, boards: boards.service, notes }),
    personalData: () => [
      accountsModule.personalData,
      notesModule.personalData,
      media.personalData,
      boards.personalData,
      comments.personalData,
      notify.personalData,
      feed.personalData,
      search.personalData,
      language.personalData,
      subtitles.personalData,
      messages.personalData,
      rooms.personalData,
      moderation.personalData,
      createPlatformPersonalData({ db }),
    ],
    friendJoined: (importerId, joinerId, tiktokUsername) => notify.service.friendJoined(importerId, joinerId, tiktokUsername),
  });

  await moderation.ready();

  await cache.start();
  await rooms.start();
  if (opts.startJobs) jobs.start();
  return {
    config,
    log,
    db,
    redis,
    limiter,
    storage,
    pubsub,
    jobs,
    events,
    cache,
    gateway,
    accounts,
    media,
    messages,
    notes,
    reader,
    notify,
    rooms,
    boards,
    comments,
    feed,
    language,
    subtitles,
    search,
    moderation,
    portability,
    modules: { accounts: accountsModule, notes: notesModule },
    kit,
  };
}

export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.jobs.stop();
  // Messages posted in the last tick still go out; the other processes stop counting this one's people.
  await ctx.rooms.close().catch((err: unknown) => ctx.log.warn({ err }, 'rooms could not close cleanly'));
  // Views counted but not yet written survive a graceful restart.
  await ctx.modules.notes.close().catch((err: unknown) => ctx.log.warn({ err }, 'views could not be written on shutdown'));
  await ctx.search.close().catch((err: unknown) => ctx.log.warn({ err }, 'searches could not be written on shutdown'));
  await ctx.cache.stop();
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
    ...httpServerOptions(),
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onClose', () => closeContext(ctx));
  installErrorHandling(app);
  // JSON only (multipart arrives with media): anything else is a 415, not a string body.
  app.removeContentTypeParser(['text/plain']);
  installJsonParser(app);
  app.addSchema(Problem);

  const publicOrigin = config.publicUrl ? new URL(config.publicUrl).origin : null;
  await app.register(cookie);
  const https = !!publicOrigin?.startsWith('https:');
  const pageHeaders = bijiSecurityHeaders(https);
  const docsHeaders = bijiSecurityHeaders(https, true);
  const apiHeaders = apiSecurityHeaders(https);
  const headersFor = (url: string) =>
    url.startsWith('/api/docs') ? docsHeaders : url.startsWith('/api/') || url.startsWith('/media/') ? apiHeaders : pageHeaders;
  // A callback hook: it runs on every request, and an async one costs a promise and a tick each time.
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(headersFor(req.url));
    reply.header('x-request-id', req.id);
    done();
  });
  await app.register(authPlugin, { authenticate: (token) => ctx.accounts.authenticate(token), publicOrigin });

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

  const { kit } = ctx;
  await app.register(createSystemModule({ db: ctx.db }).routes);
  await app.register(ctx.modules.accounts.routes);
  await app.register(
    ctx.media.routes({
      // A chat photo is for the people in its conversation; any other attachment is a note's.
      canView: async (viewerId, m) => {
        if (!m.attachedTo) return false;
        const seen = m.attachedTo.startsWith('message:')
          ? await ctx.messages.service.canSeeMedia(viewerId, m.attachedTo)
          : (await ctx.reader.canSeeMediaOf(viewerId, m.attachedTo)).visible;
        if (seen || !viewerId) return seen;
        // Moderators see what a case shows them: the pictures of a held, removed or reported note or message.
        const role = (await ctx.accounts.me(viewerId).catch(() => null))?.role ?? 'member';
        const [type, id] = m.attachedTo.startsWith('message:') ? (['message', m.attachedTo.slice(8)] as const) : (['note', m.attachedTo] as const);
        return ctx.moderation.service.reviews({ userId: viewerId, role }, type, id);
      },
      kit,
    }),
  );
  await app.register(ctx.modules.notes.routes);
  await app.register(ctx.notify.routes);
  await app.register(ctx.rooms.routes);
  await app.register(ctx.boards.routes);
  await app.register(ctx.comments.routes);
  await app.register(ctx.messages.routes);
  await app.register(ctx.feed.routes);
  await app.register(ctx.language.routes);
  await app.register(ctx.subtitles.routes);
  await app.register(ctx.search.routes);
  await app.register(ctx.moderation.routes);
  await app.register(ctx.portability.routes);
  await app.register(streamRoutes(ctx.gateway, publicOrigin));

  await registerWeb(app, {
    webDist: config.webDist,
    publicOrigin,
    shareCards: { note: (id) => ctx.reader.shareCard(id), profile: (handle) => ctx.accounts.shareCard(handle) },
    sessionAlive: async (token) => (await ctx.accounts.authenticate(token)) !== null,
    secureCookies: (req) => (publicOrigin ? https : req.protocol === 'https'),
  });
  return { app, ctx };
}
