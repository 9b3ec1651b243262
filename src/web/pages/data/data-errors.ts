// "Your data" refusals in the reader's language: a TikTok export the server would not read, an
// import or export in the wrong state, a wrong password when deleting the account. Anything else
// is said as every other page says it.
import type { TFunction } from 'i18next';
import { isApiError } from '../../api/client.ts';
import { describeError } from '../../lib/errors.ts';

export function describeDataError(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return describeError(t, error);
  switch (error.code) {
    case 'import_too_large':
    case 'file_too_large':
    case 'body_too_large':
    case 'http_413':
      return t('data.errors.tooLarge');
    case 'not_a_zip_or_json':
      return t('data.errors.notZipOrJson');
    case 'zip_unsafe_path':
      return t('data.errors.unsafePath');
    case 'zip_too_many_entries':
      return t('data.errors.tooManyEntries');
    case 'zip_ratio':
      return t('data.errors.ratio');
    case 'json_too_deep':
      return t('data.errors.tooDeep');
    case 'invalid_utf8':
      return t('data.errors.invalidUtf8');
    case 'invalid_json':
      return t('data.errors.invalidJson');
    case 'no_tiktok_json':
      return t('data.errors.noTikTokJson');
    case 'not_tiktok':
      return t('data.errors.notTikTok');
    case 'empty_file':
      return t('data.errors.emptyFile');
    case 'import_not_previewed':
      return t('data.errors.notPreviewed');
    case 'export_running':
      return t('data.errors.exportRunning');
    case 'export_expired':
      return t('data.errors.exportExpired');
    // DELETE /me answers a wrong password as a failed log-in would.
    case 'invalid_credentials':
      return t('data.errors.wrongPassword');
    case 'last_admin':
      return t('data.errors.lastAdmin');
    case 'tiktok_username_taken':
      return t('data.errors.tiktokTaken');
    default:
      return describeError(t, error);
  }
}
