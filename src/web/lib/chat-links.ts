// Links people paste into a chat that mean more than text.

const NOTE_LINK = /^(?:https?:\/\/[^/\s]+)?\/n\/([0-9a-f-]{36})\/?(?:[?#]\S*)?$/;

/** The note a message is a link to (the message is the link and nothing else), if it is one: it is shared as a card. */
export function noteIdOf(text: string): string | null {
  return NOTE_LINK.exec(text.trim())?.[1] ?? null;
}
