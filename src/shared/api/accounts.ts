// The accounts contract: validated by the server, typed in the web client.
import { Type, type Static } from 'typebox';
import { Page } from './common.ts';

export const HANDLE_PATTERN = '^[A-Za-z0-9_.]{3,30}$';
export const LANGUAGE_PATTERN = '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$';
export const UI_LANGUAGES = ['en', 'zh'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

export const Handle = Type.String({ pattern: HANDLE_PATTERN, minLength: 3, maxLength: 30 });
export const DisplayName = Type.String({ minLength: 1, maxLength: 40 });
export const Password = Type.String({ minLength: 8, maxLength: 256 });
export const Languages = Type.Array(Type.String({ pattern: LANGUAGE_PATTERN, maxLength: 20 }), {
  minItems: 1,
  maxItems: 10,
  uniqueItems: true,
});
export const UiLanguageSchema = Type.Union([Type.Literal('en'), Type.Literal('zh')]);

export const Avatar = Type.Union([
  Type.Object({ url: Type.String(), placeholder: Type.Optional(Type.String()) }),
  Type.Null(),
]);

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
  { handle: Type.String({ minLength: 1, maxLength: 30 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
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
  region: Type.Union([Type.String(), Type.Null()]),
  avatar: Avatar,
  role: Type.Union([Type.Literal('admin'), Type.Literal('member')]),
  followersCount: Type.Integer(),
  followingCount: Type.Integer(),
  createdAt: Type.String(),
});
export type Me = Static<typeof Me>;

export const AuthResult = Type.Object({ user: Me, token: Type.String() });
export type AuthResult = Static<typeof AuthResult>;

export const UpdateMeBody = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    bio: Type.Optional(Type.String({ maxLength: 200 })),
    languages: Type.Optional(Languages),
    uiLanguage: Type.Optional(UiLanguageSchema),
    region: Type.Optional(Type.Union([Type.String({ maxLength: 60 }), Type.Null()])),
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
  languages: Type.Array(Type.String()),
  region: Type.Union([Type.String(), Type.Null()]),
  avatar: Avatar,
  followersCount: Type.Integer(),
  followingCount: Type.Integer(),
  createdAt: Type.String(),
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
export const SessionIdParams = Type.Object(
  { id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) },
  { additionalProperties: false },
);
