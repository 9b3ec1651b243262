// The content policy every module that stores people's words asks before it writes: word lists in
// both languages, link limits and duplicate waves from new accounts, probation, suspensions. The
// moderation module implements it; the composition root hands it to the others, which know only
// this interface (so notes, comments, accounts, boards and chat never depend on moderation).
//
// `screen` answers before anything is written: a refusal is a 422 (or a 403 for a suspended
// person) that leaves nothing half-written, so the person keeps their text and can edit and send
// again. What it lets through may be held for a moderator or marked sensitive; for a note whose id
// is given, that state is in place before the note is, so it is never served unmoderated.

export type ScreenKind = 'note' | 'comment' | 'bio' | 'display_name' | 'board_name' | 'message' | 'room_message';

export interface ScreenInput {
  kind: ScreenKind;
  authorId: string;
  /** the id the content has or will have, when known before it is written (notes, comments, edits) */
  targetId?: string;
  /** the texts to check, by field name (errors name the field) */
  fields: ReadonlyArray<{ name: string; text: string }>;
  /** new content (duplicate waves, probation) rather than an edit */
  isNew: boolean;
  /** someone signing up: no account exists yet (only the word lists apply) */
  signUp?: boolean;
  /** media attached, for the duplicate-image check */
  mediaIds?: readonly string[];
}

export interface ScreenVerdict {
  /** held for a moderator: a note is shown to its author only until approved; other content is saved and reviewed */
  held: boolean;
  sensitive: boolean;
  /** why (list:term, duplicate, …), for the case a hold opens */
  flags: string[];
}

export interface ContentPolicy {
  /** Throws (422 content_refused / too_many_links, 403 suspended) when it may not be written; else what happens to it. */
  screen(input: ScreenInput): Promise<ScreenVerdict>;
  /** After content whose id was not known at screening is written: opens the review a held or sensitive verdict asks for. */
  review(target: { type: ScreenKind; id: string; authorId: string }, verdict: ScreenVerdict): Promise<void>;
}

export const CLEAN: ScreenVerdict = Object.freeze({ held: false, sensitive: false, flags: [] as string[] }) as ScreenVerdict;

/** No policy at all: for tools and tests that build a module alone. */
export const allowAll: ContentPolicy = { screen: async () => CLEAN, review: async () => {} };
