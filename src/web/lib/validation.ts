// Client-side hints that mirror the server's rules (src/shared/api/accounts.ts is the source).
// The server re-checks everything; these only save a round trip and speak the user's language.
import { HANDLE_PATTERN, LANGUAGE_PATTERN } from '../../shared/api/accounts.ts';

export const LIMITS = {
  displayName: { min: 1, max: 40 },
  password: { min: 8, max: 256 },
  bio: { max: 200 },
  region: { max: 60 },
  languages: { min: 1, max: 10, codeMax: 20 },
} as const;

const handleRe = new RegExp(HANDLE_PATTERN);
const languageRe = new RegExp(LANGUAGE_PATTERN);

/** Length as JSON Schema counts it: in code points, so 👋 is one character, not two. */
export const textLength = (value: string) => Array.from(value).length;

export const isValidHandle = (value: string) => handleRe.test(value);
export const isLanguageCode = (value: string) => value.length <= LIMITS.languages.codeMax && languageRe.test(value);

export function isValidDisplayName(value: string) {
  const n = textLength(value.trim());
  return n >= LIMITS.displayName.min && n <= LIMITS.displayName.max;
}

/** Splits "ja, pt-BR" into codes, normalising the primary subtag to lower case. */
export function parseLanguageCodes(raw: string): string[] {
  return raw
    .split(/[\s,，、]+/)
    .map((code) => code.trim())
    .filter(Boolean)
    .map((code) => {
      const [primary = '', ...rest] = code.split('-');
      return [primary.toLowerCase(), ...rest].join('-');
    });
}
