// The error catalogue: every `code` a problem+json response may carry, with its HTTP status and
// what it means. The server's AppError and sendProblem accept only these codes (a new code is added
// here first), the OpenAPI Problem schema lists them, and the web client switches on them by type.
// Plain data without TypeBox, so the web client imports it without the schema library.

export const ERRORS = {
  // 400: the request itself is wrong
  validation_failed: { status: 400, meaning: 'A field is missing, of the wrong type, or out of its limits; `errors` names each field.' },
  malformed_json: { status: 400, meaning: 'The body is not valid JSON.' },
  body_too_complex: { status: 400, meaning: 'The JSON body nests deeper than 32 levels or holds more than 10,000 values.' },
  invalid_unicode: { status: 400, meaning: 'A text is not valid UTF-8 / well-formed Unicode (e.g. a lone surrogate) or holds a NUL character.' },
  forbidden_key: { status: 400, meaning: 'The JSON body has a `__proto__` or `constructor` key.' },
  bad_url: { status: 400, meaning: 'The URL has an invalid percent-encoding or is otherwise unreadable.' },
  invalid_cursor: { status: 400, meaning: 'The cursor is not one this server gave out; start again without it.' },
  bad_request: { status: 400, meaning: 'The request is malformed in a way no more specific code describes.' },
  invalid_media: { status: 400, meaning: 'A media id is not an upload of yours that may be used here.' },
  password_too_common: { status: 400, meaning: 'The password is among the most common ones or too close to your handle or name.' },
  cannot_follow_self: { status: 400, meaning: 'A person cannot follow themselves.' },
  cannot_block_self: { status: 400, meaning: 'A person cannot block themselves.' },
  self_target: { status: 400, meaning: 'A person cannot do this to themselves.' },
  empty_note: { status: 400, meaning: 'A note needs a title or some text.' },
  invalid_tag: { status: 400, meaning: 'That is not a hashtag: 1–50 letters, marks, digits or _ of any script, without the "#".' },
  not_failed: { status: 400, meaning: 'Only a note whose video failed can be tried again.' },
  text_too_long: { status: 400, meaning: 'A text is over its limit in weighted units (a CJK character counts 2).' },
  too_many_media: { status: 400, meaning: 'A note holds more photos than this instance allows.' },
  empty_file: { status: 400, meaning: 'The uploaded file is empty.' },
  file_required: { status: 400, meaning: 'The upload has no file in a field named "file".' },
  too_many_files: { status: 400, meaning: 'An upload carries one file at a time.' },
  too_many_fields: { status: 400, meaning: 'The upload form has too many fields.' },
  malformed_multipart: { status: 400, meaning: 'The multipart body is malformed or ends early.' },
  invalid_subtitles: { status: 400, meaning: 'The subtitle file is not UTF-8 WebVTT or SRT, has no cues, or breaks a limit; `errors` names the line.' },
  // 401: who is asking is unknown
  unauthenticated: { status: 401, meaning: 'Sign in to do this.' },
  invalid_token: { status: 401, meaning: 'The bearer token is malformed, unknown, revoked or expired.' },
  invalid_credentials: { status: 401, meaning: 'Wrong handle or password.' },
  // 403: known, but not allowed
  forbidden: { status: 403, meaning: 'You may not do this.' },
  csrf_failed: { status: 403, meaning: 'A cookie-authenticated write did not come from a Biji page (Origin check).' },
  blocked: { status: 403, meaning: 'One of the two people has blocked the other.' },
  not_author: { status: 403, meaning: 'Only the author may do this.' },
  not_owner: { status: 403, meaning: 'Only the owner may do this.' },
  not_allowed: { status: 403, meaning: 'Only the author of the comment or of its note may do this.' },
  comments_off: { status: 403, meaning: 'The author has turned comments off for this note.' },
  not_member: { status: 403, meaning: 'You are not a member of this conversation (or no longer one).' },
  not_admin: { status: 403, meaning: 'Only the owner or an admin of the group may do this.' },
  request_pending: { status: 403, meaning: 'The other person has not accepted your message request yet; wait for their answer.' },
  conversation_ended: { status: 403, meaning: 'This conversation ended (a block either way): it can be read, not written to.' },
  // 404
  not_found: { status: 404, meaning: 'No such thing, or not one you may see.' },
  comment_not_found: { status: 404, meaning: 'No such comment, or not one you may see.' },
  conversation_not_found: { status: 404, meaning: 'No such conversation, or not one you are in.' },
  message_not_found: { status: 404, meaning: 'No such message, or not one you may see.' },
  invite_not_found: { status: 404, meaning: 'No such invite link, or it was revoked or has expired.' },
  // 409: the state of things does not allow it
  conflict: { status: 409, meaning: 'The request conflicts with the current state.' },
  handle_taken: { status: 409, meaning: 'Someone already has that handle.' },
  board_name_taken: { status: 409, meaning: 'You already have a board with that name.' },
  default_board: { status: 409, meaning: 'The default board cannot be renamed or deleted.' },
  too_many_boards: { status: 409, meaning: 'A person has as many boards as allowed.' },
  client_id_reused: { status: 409, meaning: 'This clientId was already used for a different message in this conversation.' },
  group_full: { status: 409, meaning: 'The group has as many members as allowed.' },
  not_group: { status: 409, meaning: 'This can be done in a group chat only, not in a direct message.' },
  // 413–431: sizes, types and protocol
  body_too_large: { status: 413, meaning: 'The body is larger than this endpoint accepts.' },
  file_too_large: { status: 413, meaning: 'The uploaded file is larger than allowed for its kind.' },
  too_many_pixels: { status: 413, meaning: 'The image has more pixels than allowed.' },
  uri_too_long: { status: 414, meaning: 'A path segment is longer than any id or handle can be.' },
  unsupported_media_type: { status: 415, meaning: 'The body is not in a content type this endpoint reads.' },
  unsupported_type: { status: 415, meaning: 'The uploaded file is not a supported photo or video format.' },
  range_not_satisfiable: { status: 416, meaning: 'The Range header lies outside the file.' },
  no_video_stream: { status: 422, meaning: 'The video file has no video in it.' },
  unsupported_codec: { status: 422, meaning: 'The video is in a codec that cannot be decoded here.' },
  corrupt_video: { status: 422, meaning: 'The video could not be read.' },
  corrupt_image: { status: 422, meaning: 'The image could not be decoded.' },
  video_too_long: { status: 422, meaning: 'The video is longer than allowed.' },
  upgrade_required: { status: 426, meaning: 'This endpoint speaks WebSocket only.' },
  rate_limited: { status: 429, meaning: 'Too many requests; Retry-After says when to try again.' },
  // 5xx: our fault (a bug) or not ready
  internal: { status: 500, meaning: 'Something went wrong on the server; the request id finds it in the logs.' },
  not_ready: { status: 503, meaning: 'The server cannot reach its database.' },
  unavailable: { status: 503, meaning: 'The server is shutting down; retry on another instance or shortly.' },
} as const satisfies Record<string, { status: number; meaning: string }>;

/** A code the server may answer with. */
export type ErrorCode = keyof typeof ERRORS;

export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export const isErrorCode = (value: unknown): value is ErrorCode => typeof value === 'string' && Object.hasOwn(ERRORS, value);
