// The plain rules of accounts, without TypeBox, so the web client can import them without
// bundling the schema library. The API schemas (src/shared/api/accounts.ts) are built from these.
export const HANDLE_PATTERN = '^[A-Za-z0-9_.]{3,30}$';
export const LANGUAGE_PATTERN = '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$';
export const UI_LANGUAGES = ['en', 'zh'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

export const ACCOUNT_LIMITS = {
  handle: { min: 3, max: 30 },
  displayName: { min: 1, max: 40 },
  password: { min: 8, max: 256 },
  bio: { max: 200 },
  region: { max: 60 },
  languages: { min: 1, max: 10, codeMax: 20 },
} as const;
