// Reading a TikTok export ("Download your data", JSON format): a pure library, no database.
export { TikTokImportError, type TikTokImportErrorCode, tiktokErrorMessage } from './errors.ts';
export { readPrunedJson } from './json-stream.ts';
export { detectLayout, hashtagsOf, parseDate, parseTikTokData } from './parse.ts';
export { PREVIEW_LIMITS, previewOf } from './preview.ts';
export { isUnsafeEntryName, readTikTokUpload } from './read-upload.ts';
export {
  DEFAULT_UPLOAD_LIMITS,
  type TikTokComment,
  type TikTokExport,
  type TikTokFollow,
  type TikTokPost,
  type TikTokProfile,
  type TikTokVideoLink,
  type UploadLimits,
} from './types.ts';
