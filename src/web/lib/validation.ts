// Client-side hints from the same rules the server's schemas are built from (src/shared/rules).
// The server re-checks everything; these only save a round trip and speak the user's language.
import { ACCOUNT_LIMITS, HANDLE_PATTERN, LANGUAGE_PATTERN } from '../../shared/rules/accounts.ts';

export const LIMITS = ACCOUNT_LIMITS;

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
