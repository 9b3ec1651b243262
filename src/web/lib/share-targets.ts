// Who a note can be sent to from its share sheet: my conversations narrowed by what I type, and —
// when what I type is someone's handle I have no DM with yet — a new DM with them.
import type { ConversationView } from '../../shared/api/messages.ts';
import { HANDLE_PATTERN } from '../../shared/rules/accounts.ts';

const HANDLE = new RegExp(HANDLE_PATTERN);

/** What is typed, as compared: trimmed, lower-cased, without a leading "@". */
export function normaliseQuery(query: string): string {
  return query.trim().replace(/^@+/, '').toLowerCase();
}

/** A conversation the note can go to now: not one that ended (a block) and not a request I haven't answered. */
export function canReceiveShare(c: ConversationView): boolean {
  return !c.ended && c.viewer.state !== 'request';
}

/** The conversations whose name, or DM partner's handle or display name, contains what is typed (all of them for nothing typed). */
export function filterConversations(items: readonly ConversationView[], query: string): ConversationView[] {
  const q = normaliseQuery(query);
  const open = items.filter(canReceiveShare);
  if (!q) return open;
  return open.filter((c) => [c.name, c.peer?.handle ?? '', c.peer?.displayName ?? ''].some((text) => text.toLowerCase().includes(q)));
}

/**
 * The handle to offer a new DM with, when what is typed is a well-formed handle that is neither mine
 * nor the partner of a DM already listed (that DM is the row to tap instead).
 */
export function handleToStart(items: readonly ConversationView[], query: string, myHandle: string): string | null {
  const q = normaliseQuery(query);
  const handle = query.trim().replace(/^@+/, '');
  if (!q || !HANDLE.test(handle) || q === myHandle.toLowerCase()) return null;
  const known = items.some((c) => c.kind === 'dm' && c.peer?.handle.toLowerCase() === q);
  return known ? null : handle;
}
