// The content policy (platform/policy.ts) as moderation implements it: asked by every module
// before it stores people's words. In order: the account's standing (a suspended or banned person
// writes nothing), a new account's link limit, the word lists (refuse / hold / sensitive), a wave
// of the same text or picture (held), and a new account's probation. For a note whose id is known,
// what it decides is written before the note exists, so the note is never served unmoderated.
import { createHash } from 'node:crypto';
import * as linkify from 'linkifyjs';
import type { FilterAction } from '../../../shared/api/moderation.ts';
import type { Config, RateRule } from '../../config.ts';
import { AppError, type FieldError, ForbiddenError } from '../../platform/errors.ts';
import type { ContentPolicy, ScreenInput, ScreenKind, ScreenVerdict } from '../../platform/policy.ts';
import type { RateLimiter } from '../../platform/ratelimit/index.ts';
import type { Standing } from '../accounts/index.ts';

const HOUR_MS = 3_600_000;
/** Shorter texts repeat innocently ("nice!", "好看"): only longer ones count as a wave. */
const DUPLICATE_MIN_CHARS = 24;
const RANK: Record<FilterAction, number> = { sensitive: 1, hold: 2, refuse: 3 };

export interface FilterCheck {
  check(text: string): Promise<{ action: FilterAction | null; hits: Array<{ list: string; term: string; action: FilterAction }> }>;
}

export interface ImageHashes {
  /** perceptual hashes of these media items, where known */
  hashes(mediaIds: readonly string[]): Promise<Map<string, string>>;
  /** how many media items with a hash this close were stored since then */
  countSimilar(dhash: string, sinceIso: string): Promise<number>;
}

export interface ScreenDeps {
  settings: Config['safety'];
  standing(userId: string): Promise<Standing | null>;
  approved(userId: string): Promise<boolean>;
  filters: FilterCheck | null;
  images: ImageHashes | null;
  /** counts repeated texts across processes (Redis when scaled) */
  counter: RateLimiter;
  /** puts a note's state in place before the note is written */
  markNote(noteId: string, authorId: string, mark: { held: boolean; sensitive: boolean; probationUntil: number | null }, flags: string[]): Promise<void>;
  /** opens a case for a moderator (held or flagged content) */
  openCase(target: { type: ScreenKind; id: string; authorId: string }, source: 'filter' | 'duplicate', flags: string[]): Promise<void>;
  now?: () => number;
}

/** The kinds of content a case can be about; the rest (bios, names, board names) are the person's. */
const CASE_TARGET: Record<ScreenKind, 'note' | 'comment' | 'message' | 'room_message' | 'user'> = {
  note: 'note',
  comment: 'comment',
  message: 'message',
  room_message: 'room_message',
  bio: 'user',
  display_name: 'user',
  board_name: 'user',
};

export function suspendedError(until: string): AppError {
  return new ForbiddenError(`Your account is suspended until ${until}: you can read, but not post or change anything.`, 'suspended');
}

export class SafetyScreen implements ContentPolicy {
  private readonly now: () => number;

  constructor(private readonly deps: ScreenDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The route kit's guard: a suspended person may not write; a new account has a stricter budget. */
  async writeRule(userId: string): Promise<RateRule | null> {
    const s = await this.deps.standing(userId);
    this.refuseRestricted(s);
    return s && this.isNew(s) ? this.deps.settings.newAccountWrites : null;
  }

  async screen(input: ScreenInput): Promise<ScreenVerdict> {
    const settings = this.deps.settings;
    const standing = input.signUp ? null : await this.deps.standing(input.authorId);
    if (!input.signUp) this.refuseRestricted(standing);
    const young = standing !== null && this.isNew(standing);
    const texts = input.fields.filter((f) => f.text.trim().length > 0);

    if (young) {
      const errors: FieldError[] = [];
      for (const f of texts) {
        const links = linkify.find(f.text).filter((l) => l.type === 'url' || l.type === 'email').length;
        if (links > settings.newAccountMaxLinks)
          errors.push({ field: f.name, message: `holds ${links} links; new accounts may use ${settings.newAccountMaxLinks}` });
      }
      if (errors.length > 0)
        throw new AppError(
          422,
          'too_many_links',
          `New accounts may put at most ${settings.newAccountMaxLinks} links in one text for their first ${settings.newAccountHours} hours.`,
          errors,
        );
    }

    let held = false;
    let sensitive = false;
    const flags: string[] = [];
    let source: 'filter' | 'duplicate' = 'filter';
    if (this.deps.filters) {
      const refused: FieldError[] = [];
      for (const f of texts) {
        const v = await this.deps.filters.check(f.text);
        if (!v.action) continue;
        for (const h of v.hits) flags.push(`${h.list}:${h.term}`);
        const strongest = v.hits.reduce((a, h) => (RANK[h.action] > RANK[a.action] ? h : a));
        if (v.action === 'refuse') refused.push({ field: f.name, message: `holds “${strongest.term}”, which this community does not allow` });
        else if (v.action === 'hold') held = true;
        else sensitive = true;
      }
      if (refused.length > 0)
        throw new AppError(422, 'content_refused', 'This holds words this community does not allow. Nothing was saved: edit it and send it again.', refused);
    }

    if (input.isNew && (input.kind === 'note' || input.kind === 'comment' || input.kind === 'message' || input.kind === 'room_message')) {
      const wave = await this.isWave(texts.map((f) => f.text).join('\n'), input.mediaIds ?? []);
      if (wave) {
        held = true;
        flags.push(wave);
        if (flags.length === 1) source = 'duplicate';
      }
    }

    let probationUntil: number | null = null;
    if (input.kind === 'note' && input.isNew && standing && settings.probationHours > 0) {
      const ends = Date.parse(standing.createdAt) + settings.probationHours * HOUR_MS;
      if (ends > this.now() && !(await this.deps.approved(input.authorId))) probationUntil = ends;
    }

    const verdict: ScreenVerdict = { held, sensitive, flags };
    if (input.kind === 'note' && input.targetId && (held || sensitive || probationUntil !== null)) {
      await this.deps.markNote(input.targetId, input.authorId, { held, sensitive, probationUntil }, flags);
      if (held || sensitive) await this.deps.openCase({ type: 'note', id: input.targetId, authorId: input.authorId }, source, flags);
    } else if (input.targetId && (held || sensitive)) {
      await this.deps.openCase({ type: input.kind, id: input.targetId, authorId: input.authorId }, source, flags);
    }
    return verdict;
  }

  async review(target: { type: ScreenKind; id: string; authorId: string }, verdict: ScreenVerdict): Promise<void> {
    if (!verdict.held && !verdict.sensitive) return;
    const source = verdict.flags.every((f) => f.startsWith('duplicate')) ? 'duplicate' : 'filter';
    const id = CASE_TARGET[target.type] === 'user' ? target.authorId : target.id;
    await this.deps.openCase({ type: target.type, id, authorId: target.authorId }, source, verdict.flags);
  }

  private refuseRestricted(s: Standing | null): void {
    if (!s || s.banned) throw new ForbiddenError('This account is banned from this instance.', 'banned');
    if (s.suspendedUntil !== null && Date.parse(s.suspendedUntil) > this.now()) throw suspendedError(s.suspendedUntil);
  }

  private isNew(s: Standing): boolean {
    return this.now() - Date.parse(s.createdAt) < this.deps.settings.newAccountHours * HOUR_MS;
  }

  /** The same text, or a picture this like another, posted too often lately by anyone: a spam wave. */
  private async isWave(text: string, mediaIds: readonly string[]): Promise<string | null> {
    const { duplicateMax, duplicateWindowS } = this.deps.settings;
    const rule = { limit: duplicateMax - 1, windowMs: duplicateWindowS * 1000 };
    const folded = text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
    if ([...folded].length >= DUPLICATE_MIN_CHARS) {
      const key = `dup:text:${createHash('sha256').update(folded).digest('base64url').slice(0, 22)}`;
      if (!(await this.deps.counter.hit(key, rule)).allowed) return 'duplicate:text';
    }
    if (this.deps.images && mediaIds.length > 0) {
      const since = new Date(this.now() - duplicateWindowS * 1000).toISOString();
      for (const h of new Set((await this.deps.images.hashes(mediaIds)).values())) {
        if ((await this.deps.images.countSimilar(h, since)) >= duplicateMax) return 'duplicate:image';
      }
    }
    return null;
  }
}
