// 简体中文 strings for a video note's subtitles (the keys of subtitles.en.ts). (Chinese has one plural
// form: the `_one` keys are only there to satisfy the type.)
import type { Messages } from './en.ts';

export const subtitlesZh: Pick<Messages, 'subtitles'> = {
  subtitles: {
    label: '字幕',
    off: '关闭',
    translated: '{{lang}}（翻译）',
    glossed: '{{lang}}（逐词释义）',
    translate: '翻译字幕',
    translating: '正在翻译…',
    bilingual: '双语',
    bilingualHint: '同时显示原文和译文字幕',
    editorTitle: '字幕',
    editorHint: 'WebVTT（.vtt）或 SubRip（.srt）文件，UTF-8 编码，不超过 512 KB。新文件会替换同一语言的字幕。',
    language: '字幕语言',
    add: '添加字幕',
    uploading: '正在上传字幕…',
    added_one: '已添加字幕：{{count}} 句。',
    added_other: '已添加字幕：{{count}} 句。',
    lines_one: '{{count}} 句',
    lines_other: '{{count}} 句',
    remove: '删除',
    removeLabel: '删除{{label}}字幕',
    none: '还没有字幕。',
    errors: {
      wrongType: '请选择 .vtt 或 .srt 字幕文件。',
      tooLarge: '文件超过 512 KB。',
      empty: '文件是空的。',
      notText: '这不是文本文件：请存为 UTF-8 编码的 WebVTT 或 SRT。',
      utf16: '文件是 UTF-16 编码：请存为 UTF-8。',
      invalid: '这份字幕无法使用：',
    },
  },
};
