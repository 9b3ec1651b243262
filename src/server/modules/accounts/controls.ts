// A person's own controls (issue 11, point 7): muted words and #topics, who may comment on their
// notes and who may start a conversation with them. Blocks, mutes of people and "not interested"
// live elsewhere; this holds the rest.
//
// Muted words are read on every signed-in list (the notes read pipeline asks for them), and who may
// comment or message is asked on every comment and every new conversation: both are cached per person
// in each process and dropped in every process (through the cache bus) when the person changes them.
import type { Audience, Controls, UpdateControlsBody } from '../../../shared/api/moderation.ts';
import { SAFETY_LIMITS } from '../../../shared/api/moderation.ts';
import { normalizeTag, TAG } from '../../../shared/rules/tags.ts';
import { type CacheBus, KeyedCache } from '../../platform/cache/index.ts';
import { type FieldError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { nowIso } from '../../platform/ids.ts';
import type { ControlsStore } from './controls-store.ts';

/** A reader's muted words as the notes read pipeline takes them (its `MutedWords`, same shape): phrases and #topics without the '#'. */
export interface MutedWords {
  phrases: string[];
  tags: Set<string>;
}

/** Who may comment on a person's notes and who may start a conversation with them. */
export interface AudienceOf {
  commentsFrom: Audience;
  messagesFrom: Audience;
}

const EVERYONE: AudienceOf = Object.freeze({ commentsFrom: 'everyone', messagesFrom: 'everyone' });

/** Does `a` follow `b`? Asked of the database: the answer guards a write. */
export type FollowsCheck = (a: string, b: string) => Promise<boolean>;

/**
 * A muted word as stored and matched: NFKC, lower-case, trimmed; a #topic keeps its '#' (a full-width
 * '＃' folds to it) and is matched against tags as notes store them. Empty: nothing to mute.
 */
export function normalizeMutedWord(raw: string): string {
  const word = raw.normalize('NFKC').trim().toLowerCase();
  if (!word.startsWith('#')) return word;
  const tag = normalizeTag(word.replace(/^#+/, '').trim());
  return tag === '' ? '' : `#${tag}`;
}

/** Normalised, empty ones dropped, each once (in the order given); a 400 naming the field past a limit. */
export function cleanMutedWords(raw: readonly string[]): string[] {
  const errors: FieldError[] = [];
  const words = new Set<string>();
  raw.forEach((r, i) => {
    const w = normalizeMutedWord(r);
    if (w === '') return;
    // Counted after normalisation: NFKC can lengthen a word ("㍿" is four characters).
    if ([...w].length > SAFETY_LIMITS.mutedWordChars) errors.push({ field: `mutedWords.${i}`, message: `at most ${SAFETY_LIMITS.mutedWordChars} characters` });
    else if (w.startsWith('#') && !TAG.test(w.slice(1)))
      errors.push({ field: `mutedWords.${i}`, message: 'a #topic is letters, digits or _ only (mute a phrase without the #)' });
    else words.add(w);
  });
  if (words.size > SAFETY_LIMITS.mutedWords) errors.unshift({ field: 'mutedWords', message: `at most ${SAFETY_LIMITS.mutedWords} words` });
  if (errors.length > 0) throw new ValidationError('Some muted words are not allowed.', errors.slice(0, 20));
  return [...words];
}

/** What the read pipeline matches: phrases (as substrings of title and text) and topics (against tags). */
export function mutedWordsOf(words: readonly string[]): MutedWords | null {
  if (words.length === 0) return null;
  const phrases: string[] = [];
  const tags = new Set<string>();
  for (const w of words) {
    if (w.startsWith('#')) tags.add(w.slice(1));
    else phrases.push(w);
  }
  return { phrases, tags };
}

export class AccountControls {
  private readonly muted: KeyedCache<{ words: MutedWords | null }>;
  private readonly audiences: KeyedCache<AudienceOf>;

  constructor(
    private readonly store: ControlsStore,
    bus: CacheBus,
    private readonly follows: FollowsCheck,
    opts: { maxEntries: number },
  ) {
    this.muted = new KeyedCache({ name: 'accounts.muted-words', max: opts.maxEntries }, bus, (ids) => this.loadMuted(ids), { words: null });
    this.audiences = new KeyedCache({ name: 'accounts.audience', max: opts.maxEntries }, bus, (ids) => this.loadAudiences(ids), EVERYONE);
  }

  /** The person's controls as they stand (read from the database: the settings page wants the truth). */
  async get(userId: string): Promise<Controls> {
    const [[row], words] = await Promise.all([this.store.audiences([userId]), this.store.mutedWords([userId])]);
    if (!row) throw new NotFoundError('No such person.');
    const controls = { commentsFrom: row.comments_from, messagesFrom: row.messages_from, mutedWords: words.map((w) => w.word) };
    // The cast only bridges the contract's `lit` helper, whose static type is `never` for now.
    return controls as Controls;
  }

  /** Changes what the body names; `mutedWords` replaces the whole set. Every process forgets its copy. */
  async update(userId: string, body: UpdateControlsBody): Promise<Controls> {
    const words = body.mutedWords !== undefined ? cleanMutedWords(body.mutedWords) : undefined;
    const set = {
      ...(body.commentsFrom !== undefined ? { comments_from: body.commentsFrom } : {}),
      ...(body.messagesFrom !== undefined ? { messages_from: body.messagesFrom } : {}),
    };
    const at = nowIso();
    await this.store.db.transaction().execute(async (trx) => {
      const store = this.store.within(trx);
      if (!(await store.setAudience(userId, set))) throw new NotFoundError('No such person.');
      if (words !== undefined) await store.replaceMutedWords(userId, words, at);
    });
    await Promise.all([
      body.commentsFrom !== undefined || body.messagesFrom !== undefined ? this.audiences.invalidate(userId) : null,
      words !== undefined ? this.muted.invalidate(userId) : null,
    ]);
    return this.get(userId);
  }

  /** Every process forgets its copies of the person's controls (their account was erased). */
  async forget(userId: string): Promise<void> {
    await Promise.all([this.audiences.invalidate(userId), this.muted.invalidate(userId)]);
  }

  /** The reader's muted words and topics for the read pipeline; null when they mute none (cached). */
  async mutedWords(viewerId: string): Promise<MutedWords | null> {
    return (await this.muted.get(viewerId)).words;
  }

  /** Who may comment on and message each person (cached; "everyone" for an id nobody has). */
  async audience(userIds: readonly string[]): Promise<Map<string, AudienceOf>> {
    return this.audiences.getMany([...new Set(userIds)]);
  }

  /** May `commenterId` comment on a note by `authorId`? The author always; else as the author chose. */
  async mayComment(authorId: string, commenterId: string): Promise<boolean> {
    if (authorId === commenterId) return true;
    return this.allows((await this.audiences.get(authorId)).commentsFrom, authorId, commenterId);
  }

  /** May `senderId` start a conversation with `recipientId` (a DM, or adding them to a group)? */
  async mayMessage(recipientId: string, senderId: string): Promise<boolean> {
    if (recipientId === senderId) return true;
    return this.allows((await this.audiences.get(recipientId)).messagesFrom, recipientId, senderId);
  }

  private async allows(audience: Audience, ownerId: string, otherId: string): Promise<boolean> {
    if (audience === 'everyone') return true;
    if (audience === 'nobody') return false;
    return this.follows(ownerId, otherId);
  }

  private async loadMuted(ids: string[]): Promise<Map<string, { words: MutedWords | null }>> {
    const byUser = new Map<string, string[]>();
    for (const r of await this.store.mutedWords(ids)) {
      const list = byUser.get(r.user_id);
      if (list) list.push(r.word);
      else byUser.set(r.user_id, [r.word]);
    }
    return new Map([...byUser].map(([id, words]) => [id, { words: mutedWordsOf(words) }]));
  }

  private async loadAudiences(ids: string[]): Promise<Map<string, AudienceOf>> {
    const rows = await this.store.audiences(ids);
    return new Map(rows.map((r) => [r.id, { commentsFrom: r.comments_from, messagesFrom: r.messages_from }]));
  }
}
