// 简体中文 strings for the learner aids (the keys of learn.en.ts).
import type { learnEn } from './learn.en.ts';

export const learnZh: typeof learnEn = {
  learn: {
    toggle: '拼音和词典',
    toggleHint: '在中文词语上方显示拼音；点任何词语查词典',
    loading: '正在读取词语…',
    failed: '没能加上拼音，请再试一次。',
    wordTitle: '词典',
    close: '关闭',
    lookingUp: '正在查…',
    noEntry: '词典里没有“{{word}}”。',
    traditional: '繁体',
    source: '释义来自 CC-CEDICT',
    about: '关于词典',
    save: '加入我的生词',
    saved: '已加入我的生词',
    signInToSave: '登录后可以收藏生词',
  },
  translate: {
    action: '翻译',
    working: '正在翻译…',
    by: '由 {{provider}} 翻译',
    glossBy: '逐词释义 · {{provider}}',
    fallback: '{{provider}} 暂时不可用',
    showOriginal: '查看原文',
    showBoth: '原文和译文',
    retry: '再试一次',
    autoLabel: '自动翻译',
    autoHint: '笔记、评论和简介不是你会读的语言时，直接显示译文。随时可以查看原文。',
  },
  myWords: {
    title: '我的生词',
    intro: '你从词典卡片里收藏的词语，最新的在前。',
    empty: '还没有生词。在笔记下方打开“拼音和词典”，点一个词语就可以收藏。',
    from: '来自“{{title}}”',
    remove: '删除 {{word}}',
    more: '显示更多',
  },
  about: {
    title: '关于笔记',
    intro: '笔记（Biji）是一个开源的平台，用照片和短视频分享生活，让说英语和说中文的人在这里相遇。',
    creditsTitle: '致谢',
    cedict: '词典使用 CC-CEDICT（由 MDBG 发布的社区汉英词典），遵循知识共享署名-相同方式共享 4.0 许可协议（CC BY-SA 4.0）。',
    jieba: '中文分词使用 jieba，拼音来自 pinyin-pro。',
    licence: '笔记本身是自由软件，以 GNU AGPL 3.0 或更高版本授权。',
  },
};
