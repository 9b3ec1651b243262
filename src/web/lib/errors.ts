// Turns any thrown value into a sentence in the reader's language.
import type { TFunction } from 'i18next';
import { ApiError, NETWORK_ERROR } from '../api/client.ts';

/** Codes whose meaning we can say better than the server's English `detail` (typed by the catalogue in
 * shared/api/errors.ts: a misspelt or retired code in a `case` does not compile). */
export function describeError(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('common.genericError');
  switch (error.code) {
    case NETWORK_ERROR:
      return t('common.networkError');
    case 'rate_limited':
      return t('common.rateLimited');
    case 'invalid_credentials':
      return t('auth.invalidCredentials');
    case 'handle_taken':
      return t('auth.handleTaken');
    case 'password_too_common':
      return t('auth.passwordTooCommon');
    case 'blocked':
      return t('profile.cannotFollow');
    // Trust & safety: refusals the person must understand in their own language (their text is kept by the form).
    case 'content_refused':
    case 'too_many_links':
    case 'suspended':
    case 'banned':
    case 'comments_restricted':
    case 'messages_restricted':
    case 'moderators_only':
    case 'admins_only':
      return t(`errors.${error.code}`);
    default:
      // 4xx details are written for people; 5xx details are hidden by the server anyway.
      return error.status >= 400 && error.status < 500 && error.detail ? error.detail : t('common.genericError');
  }
}

/** A text refused for what it says (or its links): the form keeps the text and names the field. */
export const isRefusal = (error: unknown): boolean => error instanceof ApiError && (error.code === 'content_refused' || error.code === 'too_many_links');

/**
 * Server-side field errors keyed by field name (first message wins). Given `t`, a refused text's
 * field reads the refusal in the reader's language rather than the server's English fragment.
 */
export function fieldErrors(error: unknown, t?: TFunction): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  const refusal = t && isRefusal(error) ? describeError(t, error) : null;
  for (const { field, message: raw } of error.errors) {
    const message = refusal ?? raw;
    // Accept "handle", "/handle" and "/languages/0" alike.
    const name = field.replace(/^\/+/, '').split(/[/.[]/)[0] ?? field;
    out[name] ??= message;
  }
  return out;
}
