// A person's own controls: muted words and #topics (normalised, limited, cached and dropped in every
// process on change), who may comment and who may message — the service, its HTTP surface, and the
// comments and messages services built with the checks — on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, bearer, signUp } from '../../../../test/support/app.ts';
import { rejectsWith } from '../../../../test/support/assert.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { type InteractionsTest, interactionsTest } from '../../../../test/support/interactions.ts';
import { postNote } from '../../../../test/support/notes.ts';
import { assertProblem } from '../../../../test/support/problem.ts';
import { type Audience, SAFETY_LIMITS, type UpdateControlsBody } from '../../../shared/api/moderation.ts';
import { CacheBus } from '../../platform/cache/index.ts';
import { scoped } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { MemoryPubSub } from '../../platform/pubsub/index.ts';
import { CommentsService } from '../comments/index.ts';
import { CommentsStore } from '../comments/store.ts';
import type { CommentsTables } from '../comments/tables.ts';
import { MessageStore } from '../messages/message-store.ts';
import { MessagesService } from '../messages/service.ts';
import { ConversationStore } from '../messages/store.ts';
import type { MessagesTables } from '../messages/tables.ts';
import { AccountControls, cleanMutedWords, normalizeMutedWord } from './controls.ts';
import { ControlsStore, type ControlsTables } from './controls-store.ts';

/** Lets pub/sub deliver (the memory one delivers on a microtask). */
const settle = () => new Promise((resolve) => setImmediate(resolve));
/** A PATCH body (the contract's Audience type is `never` for now: its `lit` helper; this bridges it). */
const patch = (b: { commentsFrom?: Audience; messagesFrom?: Audience; mutedWords?: string[] }) => b as UpdateControlsBody;
/** Muted words without their order (the order is the database's). */
const sets = (m: { phrases: string[]; tags: Set<string> } | null) => m && { phrases: new Set(m.phrases), tags: m.tags };

describe('muted words, normalised', () => {
  it('trims, folds width and case, and keeps a #topic as a tag is stored', () => {
    assert.equal(normalizeMutedWord('  Spoiler '), 'spoiler');
    assert.equal(normalizeMutedWord('ＳＰＯＩＬＥＲ'), 'spoiler');
    assert.equal(normalizeMutedWord('＃CatTax'), '#cattax');
    assert.equal(normalizeMutedWord('# 猫猫 '), '#猫猫');
    assert.equal(normalizeMutedWord('#'), '');
    assert.equal(normalizeMutedWord(' \u3000 '), '');
  });

  it('drops empty words and repeats, keeping the first spelling’s place', () => {
    assert.deepEqual(cleanMutedWords(['Spoiler', ' ', 'spoiler ', '#CatTax', 'ＳＰＯＩＬＥＲ', '#cattax', '剧透']), ['spoiler', '#cattax', '剧透']);
  });

  it('refuses too many words, a word too long once normalised, and a #topic no tag can be', () => {
    const fieldsOf = (words: string[]) => {
      try {
        cleanMutedWords(words);
      } catch (err) {
        assert.ok(err instanceof AppError);
        assert.equal(err.status, 400);
        assert.equal(err.code, 'validation_failed');
        return err.errors?.map((e) => e.field);
      }
      assert.fail('accepted');
    };
    const many = Array.from({ length: SAFETY_LIMITS.mutedWords + 1 }, (_, i) => `word${i}`);
    assert.deepEqual(fieldsOf(many), ['mutedWords']);
    assert.equal(cleanMutedWords([...many.slice(0, SAFETY_LIMITS.mutedWords), 'WORD0']).length, SAFETY_LIMITS.mutedWords, 'repeats do not count');
    // "㍿" is one character that NFKC makes four.
    assert.deepEqual(fieldsOf(['ok', '㍿'.repeat(11)]), ['mutedWords.1']);
    assert.equal(cleanMutedWords(['㍿'.repeat(10)])[0], '株式会社'.repeat(10));
    assert.deepEqual(fieldsOf(['#cat-tax']), ['mutedWords.0']);
  });
});

for (const kind of DB_KINDS) {
  describe(`personal controls [${kind}]`, () => {
    let t: InteractionsTest;
    let controls: AccountControls;
    let n = 0;
    const person = () => signUp(t.app, `pc_${kind.slice(0, 2)}_${++n}`);
    before(async () => {
      t = await interactionsTest(kind);
      controls = t.ctx.modules.accounts.controls;
    });
    after(() => t.close());

    const call = (method: 'GET' | 'PATCH' | 'POST' | 'PUT', url: string, who?: Account, payload?: object) =>
      t.app.inject({ method, url, ...(who ? { headers: bearer(who) } : {}), ...(payload ? { payload } : {}) });
    const follow = async (who: Account, whom: Account) => assert.equal((await call('PUT', `/api/v1/users/${whom.handle}/follow`, who)).statusCode, 204);
    /** A second process's controls: its own caches and cache bus, the same database, pub/sub shared with `bus`. */
    const twoProcesses = async () => {
      const pubsub = new MemoryPubSub();
      const [busA, busB] = [new CacheBus(pubsub), new CacheBus(pubsub)];
      await Promise.all([busA.start(), busB.start()]);
      const store = new ControlsStore(scoped<ControlsTables>(t.ctx.db));
      const follows = async (a: string, b: string) => (await t.ctx.accounts.relations(a, [b], { fresh: true })).following.has(b);
      return [new AccountControls(store, busA, follows, { maxEntries: 100 }), new AccountControls(store, busB, follows, { maxEntries: 100 })] as const;
    };

    // ---- the service

    it('starts at everyone, everyone, nothing muted', async () => {
      const ana = await person();
      assert.deepEqual(await controls.get(ana.id), { commentsFrom: 'everyone', messagesFrom: 'everyone', mutedWords: [] });
      assert.equal(await controls.mutedWords(ana.id), null);
      assert.deepEqual(await controls.audience([ana.id]), new Map([[ana.id, { commentsFrom: 'everyone', messagesFrom: 'everyone' }]]));
    });

    it('replaces the muted words with the normalised set and leaves them alone when not named', async () => {
      const ana = await person();
      const c = await controls.update(ana.id, patch({ mutedWords: ['Spoiler', 'ＳＰＯＩＬＥＲ', '#CatTax', '剧透'] }));
      assert.deepEqual(new Set(c.mutedWords), new Set(['spoiler', '#cattax', '剧透']));
      assert.deepEqual(sets(await controls.mutedWords(ana.id)), { phrases: new Set(['spoiler', '剧透']), tags: new Set(['cattax']) });
      const d = await controls.update(ana.id, patch({ commentsFrom: 'following' }));
      assert.deepEqual(new Set(d.mutedWords), new Set(['spoiler', '#cattax', '剧透']));
      assert.equal(d.commentsFrom, 'following');
      assert.equal(d.messagesFrom, 'everyone');
      const e = await controls.update(ana.id, patch({ mutedWords: ['剧透', '#travel'], messagesFrom: 'nobody' }));
      assert.deepEqual(new Set(e.mutedWords), new Set(['剧透', '#travel']));
      assert.deepEqual(await controls.get(ana.id), e);
      assert.deepEqual(await controls.mutedWords(ana.id), { phrases: ['剧透'], tags: new Set(['travel']) });
      assert.deepEqual((await controls.audience([ana.id])).get(ana.id), { commentsFrom: 'following', messagesFrom: 'nobody' });
      await controls.update(ana.id, patch({ mutedWords: [] }));
      assert.equal(await controls.mutedWords(ana.id), null, 'none: null, as the read pipeline expects');
    });

    it('refuses more than the limit, naming the field, and changes nothing', async () => {
      const ana = await person();
      await controls.update(ana.id, patch({ mutedWords: ['keep'] }));
      const many = Array.from({ length: SAFETY_LIMITS.mutedWords + 1 }, (_, i) => `w${i}`);
      await rejectsWith(controls.update(ana.id, patch({ mutedWords: many, commentsFrom: 'nobody' })), 400, 'validation_failed');
      assert.deepEqual(await controls.get(ana.id), { commentsFrom: 'everyone', messagesFrom: 'everyone', mutedWords: ['keep'] });
      const max = await controls.update(ana.id, patch({ mutedWords: many.slice(0, SAFETY_LIMITS.mutedWords) }));
      assert.equal(max.mutedWords.length, SAFETY_LIMITS.mutedWords);
    });

    it('caches muted words and audiences, and every process drops its copy when they change', async () => {
      const ana = await person();
      const [a, b] = await twoProcesses();
      assert.equal(await b.mutedWords(ana.id), null);
      assert.equal((await b.audience([ana.id])).get(ana.id)?.messagesFrom, 'everyone');
      // Written behind the caches' back: the other process keeps serving what it has.
      await t.ctx.db.kysely.insertInto('muted_words').values({ user_id: ana.id, word: 'sneaky', created_at: new Date().toISOString() }).execute();
      assert.equal(await b.mutedWords(ana.id), null, 'served from the cache');
      await a.update(ana.id, patch({ mutedWords: ['Spoiler', '#CatTax'], messagesFrom: 'following' }));
      await settle();
      assert.deepEqual(await b.mutedWords(ana.id), { phrases: ['spoiler'], tags: new Set(['cattax']) });
      assert.deepEqual((await b.audience([ana.id])).get(ana.id), { commentsFrom: 'everyone', messagesFrom: 'following' });
      await a.update(ana.id, patch({ commentsFrom: 'nobody' }));
      await settle();
      assert.equal(await b.mayComment(ana.id, (await person()).id), false);
    });

    it('lets the author, and as they chose others, comment; lets people start conversations as the recipient chose', async () => {
      const [ana, bo, chen] = [await person(), await person(), await person()];
      assert.equal(await controls.mayComment(ana.id, bo.id), true);
      await controls.update(ana.id, patch({ commentsFrom: 'following', messagesFrom: 'following' }));
      await follow(ana, bo);
      await follow(chen, ana); // chen follows ana: that does not let chen in
      assert.equal(await controls.mayComment(ana.id, bo.id), true, 'ana follows bo');
      assert.equal(await controls.mayComment(ana.id, chen.id), false);
      assert.equal(await controls.mayComment(ana.id, ana.id), true, 'the author always');
      assert.equal(await controls.mayMessage(ana.id, bo.id), true, 'ana follows bo');
      assert.equal(await controls.mayMessage(ana.id, chen.id), false);
      await controls.update(ana.id, patch({ commentsFrom: 'nobody', messagesFrom: 'nobody' }));
      assert.equal(await controls.mayComment(ana.id, bo.id), false);
      assert.equal(await controls.mayMessage(ana.id, bo.id), false);
      assert.equal(await controls.mayComment(ana.id, ana.id), true);
    });

    it('the comments and messages services refuse what the controls refuse', async () => {
      const comments = new CommentsService(
        new CommentsStore(scoped<CommentsTables>(t.ctx.db)),
        t.ctx.notes,
        t.ctx.reader,
        t.ctx.accounts,
        t.ctx.events,
        undefined,
        (author, commenter) => controls.mayComment(author, commenter),
      );
      const db = scoped<MessagesTables>(t.ctx.db);
      const messages = new MessagesService(new ConversationStore(db), new MessageStore(db), {
        ...t.ctx.messages.service.core.deps,
        mayMessage: (recipient, sender) => controls.mayMessage(recipient, sender),
      });
      const [ana, bo, chen] = [await person(), await person(), await person()];
      const note = await postNote(t.app, ana);
      const top = await comments.create(chen.id, note.id, { body: 'first!' });
      await controls.update(ana.id, patch({ commentsFrom: 'following', messagesFrom: 'following' }));
      await follow(ana, bo);
      await comments.create(bo.id, note.id, { body: 'hi' });
      await rejectsWith(comments.create(chen.id, note.id, { body: 'again' }), 403, 'comments_restricted');
      await rejectsWith(comments.create(chen.id, note.id, { body: 'reply', replyTo: top.id }), 403, 'comments_restricted');
      await comments.create(ana.id, note.id, { body: 'thanks', replyTo: top.id });
      await messages.conversations.create(bo.id, { members: [ana.handle] });
      await rejectsWith(messages.conversations.create(chen.id, { members: [ana.handle] }), 403, 'messages_restricted');
      await rejectsWith(messages.conversations.create(chen.id, { members: [bo.handle, ana.handle], name: 'trio' }), 403, 'messages_restricted');
      const group = await messages.conversations.create(chen.id, { members: [bo.handle], name: 'duo' });
      await rejectsWith(messages.groups.add(chen.id, group.id, [ana.handle]), 403, 'messages_restricted');
      await messages.conversations.accept(bo.id, group.id);
      assert.equal((await messages.groups.add(bo.id, group.id, [ana.handle])).memberCount, 3, 'ana follows bo: bo may add her');
    });

    // ---- HTTP

    it('answers GET and PATCH /me/controls with the Controls shape', async () => {
      const ana = await person();
      const got = await call('GET', '/api/v1/me/controls', ana);
      assert.equal(got.statusCode, 200, got.body);
      assert.deepEqual(got.json(), { commentsFrom: 'everyone', messagesFrom: 'everyone', mutedWords: [] });
      const res = await call('PATCH', '/api/v1/me/controls', ana, { commentsFrom: 'following', mutedWords: [' Spoiler', 'spoiler', '＃Travel'] });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.deepEqual(
        { ...body, mutedWords: new Set(body.mutedWords) },
        { commentsFrom: 'following', messagesFrom: 'everyone', mutedWords: new Set(['spoiler', '#travel']) },
      );
      assert.deepEqual((await call('GET', '/api/v1/me/controls', ana)).json(), body);
    });

    it('refuses bad bodies with 400 naming the field, and anyone signed out with 401', async () => {
      const ana = await person();
      const bad: Array<[object, string]> = [
        [{}, ''],
        [{ commentsFrom: 'friends' }, 'commentsFrom'],
        [{ messagesFrom: null }, 'messagesFrom'],
        [{ mutedWords: ['x'.repeat(SAFETY_LIMITS.mutedWordChars + 1)] }, 'mutedWords.0'],
        [{ mutedWords: Array.from({ length: SAFETY_LIMITS.mutedWords + 1 }, (_, i) => `w${i}`) }, 'mutedWords'],
        [{ mutedWords: ['ok', '#not-a-tag'] }, 'mutedWords.1'],
        [{ mutedWords: ['ok'], hidden: true }, 'hidden'],
      ];
      for (const [payload, field] of bad) {
        const p = assertProblem(await call('PATCH', '/api/v1/me/controls', ana, payload), 400, 'validation_failed');
        if (field)
          assert.ok(
            p.errors?.some((e) => e.field === field),
            `${JSON.stringify(payload)}: ${JSON.stringify(p.errors)}`,
          );
      }
      assert.deepEqual((await call('GET', '/api/v1/me/controls', ana)).json(), { commentsFrom: 'everyone', messagesFrom: 'everyone', mutedWords: [] });
      assertProblem(await call('GET', '/api/v1/me/controls'), 401, 'unauthenticated');
      assertProblem(await call('PATCH', '/api/v1/me/controls', undefined, { commentsFrom: 'nobody' }), 401, 'unauthenticated');
    });
  });
}
