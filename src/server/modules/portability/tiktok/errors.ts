// Why an upload was refused, as a stable code (mapped to 4xx problems by the HTTP layer) with a
// message a person can act on, in English and 简体中文.

export type TikTokImportErrorCode =
  | 'not_a_zip_or_json'
  | 'zip_unsafe_path'
  | 'zip_too_many_entries'
  | 'zip_too_large'
  | 'zip_ratio'
  | 'json_too_large'
  | 'json_too_deep'
  | 'invalid_utf8'
  | 'invalid_json'
  | 'no_tiktok_json'
  | 'not_tiktok';

const MESSAGES: Record<TikTokImportErrorCode, { en: string; zh: string }> = {
  not_a_zip_or_json: {
    en: 'This file is neither a .zip nor a .json file. Upload the .zip TikTok sent you, or the user_data_tiktok.json inside it.',
    zh: '这个文件既不是 .zip 也不是 .json 文件。请上传 TikTok 发给你的 .zip，或其中的 user_data_tiktok.json。',
  },
  zip_unsafe_path: {
    en: 'This archive contains file names that point outside of it, so we did not open it.',
    zh: '这个压缩包里有指向包外的文件名，我们没有打开它。',
  },
  zip_too_many_entries: {
    en: 'This archive contains too many files to be a TikTok export.',
    zh: '这个压缩包里的文件太多，不像是 TikTok 导出文件。',
  },
  zip_too_large: {
    en: 'This archive unpacks to more data than we accept.',
    zh: '这个压缩包解压后的数据超出了我们接受的大小。',
  },
  zip_ratio: {
    en: 'This archive is compressed suspiciously well (it may be a zip bomb), so we did not unpack it.',
    zh: '这个压缩包的压缩比异常高（可能是压缩炸弹），我们没有解压它。',
  },
  json_too_large: {
    en: 'The export file is larger than we accept.',
    zh: '导出文件超出了我们接受的大小。',
  },
  json_too_deep: {
    en: 'The export file is nested too deeply to be a TikTok export.',
    zh: '导出文件的嵌套层级太深，不像是 TikTok 导出文件。',
  },
  invalid_utf8: {
    en: 'The export file is not valid UTF-8 text.',
    zh: '导出文件不是有效的 UTF-8 文本。',
  },
  invalid_json: {
    en: 'The export file is not valid JSON. Ask TikTok for your data in the JSON format.',
    zh: '导出文件不是有效的 JSON。请向 TikTok 申请 JSON 格式的数据。',
  },
  no_tiktok_json: {
    en: 'We found no user_data_tiktok.json or user_data.json in this archive. Ask TikTok for your data in the JSON format.',
    zh: '这个压缩包里没有 user_data_tiktok.json 或 user_data.json。请向 TikTok 申请 JSON 格式的数据。',
  },
  not_tiktok: {
    en: 'We found no TikTok data in this file.',
    zh: '我们在这个文件里没有找到 TikTok 数据。',
  },
};

/** A refused upload. `message` is English; `messageZh` the same in 简体中文. */
export class TikTokImportError extends Error {
  readonly code: TikTokImportErrorCode;
  readonly messageZh: string;

  constructor(code: TikTokImportErrorCode, detail?: string) {
    super(MESSAGES[code].en);
    this.name = 'TikTokImportError';
    this.code = code;
    this.messageZh = MESSAGES[code].zh;
    // The detail is for logs only (it may name a file inside the archive); never shown to people.
    if (detail) this.cause = detail;
  }
}

export function tiktokErrorMessage(code: TikTokImportErrorCode, lang: 'en' | 'zh'): string {
  return MESSAGES[code][lang];
}
