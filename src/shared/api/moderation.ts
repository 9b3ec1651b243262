// Trust & safety: reports, the moderation queue, its actions, appeals, the audit log, word lists
// and personal controls. Validated by the server, typed in the web client.
import { type Static, Type } from 'typebox';
import { Avatar, Handle } from './accounts.ts';

export const SAFETY_LIMITS = {
  reportText: 500,
  actionNote: 500,
  appealText: 1000,
  suspendDaysMax: 3650,
  listName: 60,
  termsPerList: 5000,
  termChars: 40,
  mutedWords: 200,
  mutedWordChars: 40,
} as const;

export const REPORT_TARGETS = ['note', 'comment', 'message', 'room_message', 'user'] as const;
export type ReportTargetType = (typeof REPORT_TARGETS)[number];
export const REPORT_REASONS = ['spam', 'harassment', 'hate', 'sexual', 'violence', 'misinformation', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
/** What a moderator may do with a case. `restore` undoes what an earlier action did (an appeal granted); `uphold` keeps it (an appeal refused). */
export const MODERATION_ACTIONS = ['dismiss', 'remove', 'limit', 'sensitive', 'suspend', 'ban', 'restore', 'uphold'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];
/** What opened a case. */
export const CASE_SOURCES = ['report', 'filter', 'image', 'duplicate'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];
export const FILTER_ACTIONS = ['refuse', 'hold', 'sensitive'] as const;
export type FilterAction = (typeof FILTER_ACTIONS)[number];
export const AUDIENCES = ['everyone', 'following', 'nobody'] as const;
export type Audience = (typeof AUDIENCES)[number];

const lit = <T extends string>(values: readonly T[]) => Type.Enum(values as unknown as [T, ...T[]]);
export const ReportTargetTypeSchema = lit(REPORT_TARGETS);
export const ReportReasonSchema = lit(REPORT_REASONS);
export const ModerationActionSchema = lit(MODERATION_ACTIONS);
export const FilterActionSchema = lit(FILTER_ACTIONS);
export const AudienceSchema = lit(AUDIENCES);
const Id = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });

// ---- reports

export const CreateReportBody = Type.Object(
  {
    targetType: ReportTargetTypeSchema,
    targetId: Type.String({ minLength: 1, maxLength: 64, description: 'the id of the note, comment, message or room message; a handle (or id) for a person' }),
    reason: ReportReasonSchema,
    text: Type.Optional(Type.String({ maxLength: SAFETY_LIMITS.reportText * 2, description: `at most ${SAFETY_LIMITS.reportText} characters once trimmed` })),
  },
  { additionalProperties: false },
);
export type CreateReportBody = Static<typeof CreateReportBody>;

export const ReportReceipt = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  /** false when this person had already reported it while the case was open (nothing new was recorded) */
  created: Type.Boolean(),
});
export type ReportReceipt = Static<typeof ReportReceipt>;

// ---- cases

export const PersonRef = Type.Object({ handle: Type.String(), displayName: Type.String(), avatar: Avatar });
export type PersonRef = Static<typeof PersonRef>;

/** What the case is about, as moderators see it now (null when it no longer exists). */
export const CaseContent = Type.Object({
  type: ReportTargetTypeSchema,
  id: Type.String(),
  author: Type.Union([PersonRef, Type.Null()]),
  title: Type.String(),
  text: Type.String(),
  lang: Type.String(),
  /** a machine or gloss translation to the moderator's UI language, when the text is in another language */
  translation: Type.Union([Type.String(), Type.Null()]),
  images: Type.Array(Type.Object({ url: Type.String(), flagged: Type.Boolean(), score: Type.Union([Type.Number(), Type.Null()]) })),
  /** where to see it in the app (a note's page, a profile), when it has one */
  href: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type CaseContent = Static<typeof CaseContent>;

export const CaseState = Type.Object({
  removed: Type.Boolean(),
  held: Type.Boolean(),
  limited: Type.Boolean(),
  sensitive: Type.Boolean(),
  probationUntil: Type.Union([Type.String(), Type.Null()]),
});

export const AuthorHistory = Type.Object({
  handle: Type.String(),
  role: Type.String(),
  createdAt: Type.String(),
  suspendedUntil: Type.Union([Type.String(), Type.Null()]),
  banned: Type.Boolean(),
  /** cases about this person's content or account, this one excluded */
  cases: Type.Integer(),
  /** of those, the ones resolved with an action other than dismiss */
  actioned: Type.Integer(),
  recent: Type.Array(
    Type.Object({ caseId: Type.String(), action: Type.Union([ModerationActionSchema, Type.Null()]), targetType: ReportTargetTypeSchema, at: Type.String() }),
    {
      maxItems: 10,
    },
  ),
});
export type AuthorHistory = Static<typeof AuthorHistory>;

export const CaseStatusSchema = Type.Union([Type.Literal('open'), Type.Literal('resolved')]);

export const ModerationCase = Type.Object({
  id: Type.String(),
  status: CaseStatusSchema,
  source: lit(CASE_SOURCES),
  target: Type.Object({ type: ReportTargetTypeSchema, id: Type.String() }),
  reporterCount: Type.Integer(),
  reasons: Type.Array(Type.Object({ reason: ReportReasonSchema, count: Type.Integer() }), { description: 'most reported first' }),
  /** why a filter, the image check or the duplicate check opened it (terms hit, scores) */
  flags: Type.Array(Type.String()),
  content: Type.Union([CaseContent, Type.Null()]),
  state: CaseState,
  claimedBy: Type.Union([PersonRef, Type.Null()]),
  resolution: Type.Union([
    Type.Object({
      action: ModerationActionSchema,
      note: Type.String(),
      days: Type.Union([Type.Integer(), Type.Null()]),
      by: Type.Union([PersonRef, Type.Null()]),
      at: Type.String(),
    }),
    Type.Null(),
  ]),
  appeal: Type.Union([
    Type.Object({ text: Type.String(), at: Type.String(), state: Type.Union([Type.Literal('pending'), Type.Literal('decided')]) }),
    Type.Null(),
  ]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type ModerationCase = Static<typeof ModerationCase>;

/** A case in full: the reports themselves and the author's history. */
export const CaseDetail = Type.Intersect([
  ModerationCase,
  Type.Object({
    reports: Type.Array(
      Type.Object({ reporter: Type.Union([PersonRef, Type.Null()]), reason: ReportReasonSchema, text: Type.String(), createdAt: Type.String() }),
      {
        maxItems: 50,
      },
    ),
    authorHistory: Type.Union([AuthorHistory, Type.Null()]),
  }),
]);
export type CaseDetail = Static<typeof CaseDetail>;

export const CaseQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('appealed'), Type.Literal('claimed'), Type.Literal('resolved')], { default: 'open' })),
    targetType: Type.Optional(ReportTargetTypeSchema),
    cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]*$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
export type CaseQuery = Static<typeof CaseQuery>;
export const CasePage = Type.Object({ items: Type.Array(ModerationCase), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type CasePage = Static<typeof CasePage>;
export const CaseParams = Type.Object({ id: Id }, { additionalProperties: false });

export const CaseActionBody = Type.Object(
  {
    action: ModerationActionSchema,
    note: Type.String({ minLength: 1, maxLength: SAFETY_LIMITS.actionNote * 2, description: 'why, in a sentence the affected person is shown' }),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: SAFETY_LIMITS.suspendDaysMax, description: 'suspend only: for how many days' })),
  },
  { additionalProperties: false },
);
export type CaseActionBody = Static<typeof CaseActionBody>;

// ---- appeals and notices

export const AppealBody = Type.Object(
  { caseId: Id, text: Type.String({ minLength: 1, maxLength: SAFETY_LIMITS.appealText * 2 }) },
  { additionalProperties: false },
);
export type AppealBody = Static<typeof AppealBody>;

/** What moderation did to me, or how my report ended: what the person concerned is told. */
export const ModerationNotice = Type.Object({
  caseId: Type.String(),
  kind: Type.Union([Type.Literal('action'), Type.Literal('report_outcome')]),
  action: ModerationActionSchema,
  target: Type.Object({ type: ReportTargetTypeSchema, id: Type.String() }),
  /** a note's title or the start of the text, when it still exists */
  excerpt: Type.String(),
  note: Type.String(),
  days: Type.Union([Type.Integer(), Type.Null()]),
  /** action notices only: may I appeal (once, and not yet) */
  canAppeal: Type.Boolean(),
  appeal: Type.Union([
    Type.Object({ text: Type.String(), at: Type.String(), state: Type.Union([Type.Literal('pending'), Type.Literal('decided')]) }),
    Type.Null(),
  ]),
  at: Type.String(),
});
export type ModerationNotice = Static<typeof ModerationNotice>;
export const NoticePage = Type.Object({ items: Type.Array(ModerationNotice), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type NoticePage = Static<typeof NoticePage>;

// ---- audit

export const AuditEntry = Type.Object({
  id: Type.String(),
  caseId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String({ description: 'a case action, or approve / promote / demote / filter_list' }),
  actor: Type.Union([PersonRef, Type.Null()]),
  target: Type.Object({ type: Type.String(), id: Type.String() }),
  note: Type.String(),
  days: Type.Union([Type.Integer(), Type.Null()]),
  at: Type.String(),
});
export type AuditEntry = Static<typeof AuditEntry>;
export const AuditQuery = Type.Object(
  {
    actor: Type.Optional(Handle),
    action: Type.Optional(Type.String({ pattern: '^[a-z_]{1,20}$' })),
    caseId: Type.Optional(Id),
    targetType: Type.Optional(Type.String({ pattern: '^[a-z_]{1,20}$' })),
    cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]*$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;
export const AuditPage = Type.Object({ items: Type.Array(AuditEntry), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type AuditPage = Static<typeof AuditPage>;

// ---- new accounts on probation

export const ProbationPerson = Type.Object({
  handle: Type.String(),
  displayName: Type.String(),
  avatar: Avatar,
  createdAt: Type.String(),
  probationUntil: Type.String(),
  notes: Type.Integer({ description: 'their notes now shown to followers only' }),
});
export const ProbationPage = Type.Object({ items: Type.Array(ProbationPerson), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type ProbationPage = Static<typeof ProbationPage>;
export type ProbationPerson = Static<typeof ProbationPerson>;

// ---- word lists (admins)

export const FilterList = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** a list that ships with Biji ('en' through obscenity, 'zh' maintained in the repo): its own terms are fixed, extra ones may be added */
  builtin: Type.Union([Type.String(), Type.Null()]),
  action: FilterActionSchema,
  enabled: Type.Boolean(),
  /** the terms an admin added */
  terms: Type.Array(Type.String()),
  /** words never to flag, though they contain a term */
  allowed: Type.Array(Type.String()),
  builtinTermCount: Type.Integer(),
  updatedAt: Type.String(),
});
export type FilterList = Static<typeof FilterList>;
export const FilterListPage = Type.Object({ items: Type.Array(FilterList) });
const Term = Type.String({ minLength: 1, maxLength: SAFETY_LIMITS.termChars });
export const CreateFilterListBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: SAFETY_LIMITS.listName }),
    action: FilterActionSchema,
    terms: Type.Optional(Type.Array(Term, { maxItems: SAFETY_LIMITS.termsPerList })),
    allowed: Type.Optional(Type.Array(Term, { maxItems: SAFETY_LIMITS.termsPerList })),
  },
  { additionalProperties: false },
);
export type CreateFilterListBody = Static<typeof CreateFilterListBody>;
export const UpdateFilterListBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: SAFETY_LIMITS.listName })),
    action: Type.Optional(FilterActionSchema),
    enabled: Type.Optional(Type.Boolean()),
    terms: Type.Optional(Type.Array(Term, { maxItems: SAFETY_LIMITS.termsPerList })),
    allowed: Type.Optional(Type.Array(Term, { maxItems: SAFETY_LIMITS.termsPerList })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateFilterListBody = Static<typeof UpdateFilterListBody>;
/** Try a text against the lists as they stand (admins). */
export const FilterTestBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false });
export const FilterTestResult = Type.Object({
  action: Type.Union([FilterActionSchema, Type.Null()]),
  hits: Type.Array(Type.Object({ list: Type.String(), term: Type.String(), action: FilterActionSchema })),
});
export type FilterTestResult = Static<typeof FilterTestResult>;

// ---- personal controls

export const Controls = Type.Object({
  commentsFrom: AudienceSchema,
  messagesFrom: AudienceSchema,
  /** words, and #topics, whose notes leave my lists and feeds (still reachable by link) */
  mutedWords: Type.Array(Type.String()),
});
export type Controls = Static<typeof Controls>;
export const UpdateControlsBody = Type.Object(
  {
    commentsFrom: Type.Optional(AudienceSchema),
    messagesFrom: Type.Optional(AudienceSchema),
    mutedWords: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: SAFETY_LIMITS.mutedWordChars }), { maxItems: SAFETY_LIMITS.mutedWords, uniqueItems: true }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateControlsBody = Static<typeof UpdateControlsBody>;
