// The plain limits of notes, comments and boards, without TypeBox, for the server's schemas and
// the web client's counters alike. Title, body, photo and comment limits are the defaults of
// settings (NOTE_TITLE_MAX_UNITS …): an instance may change them, and the server's field errors say so.
export const NOTE_LIMITS = {
  /** weighted units: a CJK character counts 2, any other grapheme 1 */
  titleUnits: 40,
  bodyUnits: 2000,
  images: 18,
  commentUnits: 1000,
  placeChars: 60,
} as const;

export const BOARD_LIMITS = { nameChars: 30, perPerson: 200 } as const;
