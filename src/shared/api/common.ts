// Schemas every resource shares: problem+json errors and cursor pages.
import { type Static, type TSchema, Type } from 'typebox';
import { ERROR_CODES, ERRORS, type ErrorCode } from './errors.ts';

export { ERROR_CODES, ERRORS, type ErrorCode } from './errors.ts';

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.Enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]], {
      description: `stable machine-readable error code: ${ERROR_CODES.map((c) => `\`${c}\` (${ERRORS[c].status}) ${ERRORS[c].meaning}`).join(' · ')}`,
    }),
    detail: Type.String({ description: 'a sentence for people, in English; at most 300 characters' }),
    requestId: Type.Optional(Type.String({ description: 'the id of this request in the server logs (also the X-Request-Id header)' })),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), { maxItems: 20, description: 'the first field errors (at most 20)' }),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);
export type Problem = Static<typeof Problem>;

export const PageQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]*$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
export type PageQuery = Static<typeof PageQuery>;

export const Page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type PageOf<T> = { items: T[]; nextCursor: string | null };
