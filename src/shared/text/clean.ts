// What people type, made safe to show to others: no invisible or direction-changing characters that
// let "admin" be spelt differently, text run right-to-left over its neighbours, or a name look blank.
// One definition for the server (display names now; titles, comments and board names next) and the
// web client (counters that measure what the server will keep).
//
// Removed: control characters (C0/C1 but tab and newline), format characters (\p{Cf}: bidi embeddings,
// overrides and isolates U+202A–U+202E and U+2066–U+2069, marks U+200E/U+200F/U+061C, zero-width
// space/joiners U+200B–U+200D, word joiner and invisible operators U+2060–U+2064, BOM U+FEFF,
// Mongolian vowel separator U+180E, soft hyphen, tags …) and every other default-ignorable code point
// (Hangul fillers U+115F/U+1160/U+3164/U+FFA0, combining grapheme joiner, variation selectors where
// they select nothing …), plus the Braille blank U+2800 that renders as an empty cell.
//
// Kept, because real writing needs them: a zero-width joiner inside an emoji sequence (👨‍👩‍👧) and
// joiners between letters of scripts that shape with them (Arabic, Indic); a variation selector after
// a character it can select a form of (❤️, CJK ideographic variants); emoji tag sequences (🏴 flags of
// England, Scotland, Wales); Mongolian free variation selectors after Mongolian letters.

const INVISIBLE = '[\\p{Cc}\\p{Cf}\\p{Default_Ignorable_Code_Point}\\u2800]';
const SCRIPTS_WITH_JOINERS =
  '[\\p{Script=Arabic}\\p{Script=Syriac}\\p{Script=Devanagari}\\p{Script=Bengali}\\p{Script=Gurmukhi}\\p{Script=Gujarati}\\p{Script=Oriya}\\p{Script=Tamil}\\p{Script=Telugu}\\p{Script=Kannada}\\p{Script=Malayalam}\\p{Script=Sinhala}]';
const EMOJI = '\\p{Extended_Pictographic}[\\uFE0F\\p{Emoji_Modifier}]?';

// Alternatives tried left to right at each position: the sequences to keep come first, whole; a
// lone invisible character last. Anything matched by a keep-alternative is returned unchanged.
// Lookbehinds sit after the character they guard, so they run only where such a character is.
const JOINER = '[\\u200C\\u200D]';
const SELECTOR = '[\\uFE00-\\uFE0F\\u{E0100}-\\u{E01EF}]';
const KEEP = [
  '\\u{1F3F4}[\\u{E0020}-\\u{E007E}]+\\u{E007F}', // a subdivision flag: black flag, tag letters, cancel tag
  `${EMOJI}(?:\\u200D${EMOJI})*`, // an emoji with its presentation selector or skin tone, and its ZWJ partners
  '[0-9#*]\\uFE0F\\u20E3', // a keycap: 1️⃣
  `${JOINER}(?<=${SCRIPTS_WITH_JOINERS}\\p{M}*${JOINER})(?=${SCRIPTS_WITH_JOINERS})`, // a joiner inside a word
  `${SELECTOR}(?<=[^\\p{ASCII}\\p{Cc}\\p{Cf}\\p{Default_Ignorable_Code_Point}]${SELECTOR})`, // a selector after a letter
  '[\\u180B-\\u180D\\u180F](?<=\\p{Script=Mongolian}[\\u180B-\\u180D\\u180F])', // Mongolian free variation selectors
  '[\\t\\n]', // tab and newline: control characters that text may hold
];
const PATTERN = new RegExp(`(${KEEP.join('|')})|${INVISIBLE}`, 'gu');

/** Removes invisible, control (but tab and newline) and direction-changing characters. */
export function stripInvisible(text: string): string {
  return text.replace(PATTERN, (_match, keep: string | undefined) => keep ?? '');
}

/** A one-line text (a name, a title, a board name): stripped, whitespace runs as one space, trimmed, NFC. */
export function cleanLine(text: string): string {
  // Whitespace first (a CR or line separator becomes a space, not nothing), again after stripping.
  return stripInvisible(text.replace(/\s+/gu, ' ')).replace(/ {2,}/g, ' ').trim().normalize('NFC');
}

/** A multi-line text (a note body, a comment): stripped, line breaks as \n, trimmed, NFC. */
export function cleanMultiline(text: string): string {
  return stripInvisible(text.replace(/\r\n?|[\u2028\u2029]/gu, '\n'))
    .trim()
    .normalize('NFC');
}
