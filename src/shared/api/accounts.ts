// The accounts contract: validated by the server, typed in the web client.
import { type Static, Type } from 'typebox';
import { HANDLE_PATTERN, ACCOUNT_LIMITS as L, LANGUAGE_PATTERN } from '../rules/accounts.ts';
import { Page } from './common.ts';

export { ACCOUNT_LIMITS, HANDLE_PATTERN, LANGUAGE_PATTERN, UI_LANGUAGES, type UiLanguage } from '../rules/accounts.ts';

export const Handle = Type.String({ pattern: HANDLE_PATTERN, minLength: L.handle.min, maxLength: L.handle.max });
export const DisplayName = Type.String({ minLength: L.displayName.min, maxLength: L.displayName.max });
export const Password = Type.String({ minLength: L.password.min, maxLength: L.password.max });
export const Languages = Type.Array(Type.String({ pattern: LANGUAGE_PATTERN, maxLength: L.languages.codeMax }), {
  minItems: L.languages.min,
  maxItems: L.languages.max,
  uniqueItems: true,
});
export const UiLanguageSchema = Type.Union([Type.Literal('en'), Type.Literal('zh')]);

/**
 * A TikTok username as a person types it on their profile: TikTok's own rule (letters, digits, _ and .,
 * 2–24 characters), with an optional leading '@'; stored lower-case without it. The same rule as
 * TIKTOK_USERNAME_PATTERN in ./portability.ts, which imports this file (so it cannot be imported here).
 */
export const TIKTOK_USERNAME_INPUT_PATTERN = '^@?[A-Za-z0-9_.]{2,24}$';
/** self-declared, shown as such: null when the person declared none */
export const TikTokUsername = Type.Union([
  Type.String({ description: 'a TikTok username the person says is theirs (self-declared, not verified)' }),
  Type.Null(),
]);

export const Avatar = Type.Union([Type.Object({ url: Type.String(), placeholder: Type.Optional(Type.String()) }), Type.Null()]);

export const SignUpBody = Type.Object(
  {
    handle: Handle,
    password: Password,
    displayName: DisplayName,
    languages: Type.Optional(Languages),
    uiLanguage: Type.Optional(UiLanguageSchema),
  },
  { additionalProperties: false },
);
export type SignUpBody = Static<typeof SignUpBody>;

export const LogInBody = Type.Object(
  { handle: Type.String({ minLength: 1, maxLength: L.handle.max }), password: Type.String({ minLength: 1, maxLength: L.password.max }) },
  { additionalProperties: false },
);
export type LogInBody = Static<typeof LogInBody>;

export const Me = Type.Object({
  id: Type.String(),
  handle: Type.String(),
  displayName: Type.String(),
  bio: Type.String(),
  languages: Type.Array(Type.String()),
  uiLanguage: UiLanguageSchema,
  /** show text in a language the person does not read translated at once (they can still see the original) */
  autoTranslate: Type.Boolean(),
  region: Type.Union([Type.String(), Type.Null()]),
  avatar: Avatar,
  role: Type.Union([Type.Literal('admin'), Type.Literal('moderator'), Type.Literal('member')]),
  followersCount: Type.Integer(),
  followingCount: Type.Integer(),
  createdAt: Type.String(),
  tiktokUsername: TikTokUsername,
});
export type Me = Static<typeof Me>;

export const AuthResult = Type.Object({
  user: Me,
  token: Type.String(),
  /** true when this log-in cancelled the account's scheduled deletion (it was within its grace period) */
  deletionCancelled: Type.Optional(Type.Boolean()),
});
export type AuthResult = Static<typeof AuthResult>;

export const UpdateMeBody = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    bio: Type.Optional(Type.String({ maxLength: L.bio.max })),
    languages: Type.Optional(Languages),
    uiLanguage: Type.Optional(UiLanguageSchema),
    autoTranslate: Type.Optional(Type.Boolean()),
    region: Type.Optional(Type.Union([Type.String({ maxLength: L.region.max }), Type.Null()])),
    /** the person's TikTok username (with or without '@'), or null to remove it */
    tiktokUsername: Type.Optional(Type.Union([Type.String({ pattern: TIKTOK_USERNAME_INPUT_PATTERN, maxLength: 25 }), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMeBody = Static<typeof UpdateMeBody>;

export const ViewerState = Type.Union([
  Type.Object({
    following: Type.Boolean(),
    followedBy: Type.Boolean(),
    blocking: Type.Boolean(),
    muting: Type.Boolean(),
  }),
  Type.Null(),
]);

export const Profile = Type.Object({
  handle: Type.String(),
  displayName: Type.String(),
  bio: Type.String(),
  bioLangs: Type.Array(Type.String(), { description: 'the languages the bio is written in, the main one first ([] when too short to tell)' }),
  languages: Type.Array(Type.String()),
  region: Type.Union([Type.String(), Type.Null()]),
  avatar: Avatar,
  followersCount: Type.Integer(),
  followingCount: Type.Integer(),
  createdAt: Type.String(),
  tiktokUsername: TikTokUsername,
  viewer: ViewerState,
});
export type Profile = Static<typeof Profile>;

export const UserSummary = Type.Object({
  handle: Type.String(),
  displayName: Type.String(),
  bio: Type.String(),
  avatar: Avatar,
});
export type UserSummary = Static<typeof UserSummary>;
export const UserPage = Page(UserSummary);

export const HandleParams = Type.Object({ handle: Handle }, { additionalProperties: false });

export const SessionInfo = Type.Object({
  id: Type.String(),
  current: Type.Boolean(),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  lastUsedAt: Type.String(),
  expiresAt: Type.String(),
});
export type SessionInfo = Static<typeof SessionInfo>;
export const SessionList = Type.Object({ items: Type.Array(SessionInfo) });
export const SessionIdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) }, { additionalProperties: false });
