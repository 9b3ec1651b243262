// English strings for the learner aids: pinyin over Chinese text, the tap-a-word dictionary card and
// the About page's credits (merged into en.ts; learn.zh.ts fills the same keys).
export const learnEn = {
  learn: {
    toggle: 'Pinyin & dictionary',
    toggleHint: 'Shows pinyin over Chinese words; tap any word to look it up',
    loading: 'Reading the words…',
    failed: 'Couldn’t add pinyin. Try again.',
    wordTitle: 'Dictionary',
    close: 'Close',
    lookingUp: 'Looking it up…',
    noEntry: 'No dictionary entry for “{{word}}”.',
    traditional: 'Traditional',
    source: 'From CC-CEDICT',
    about: 'About the dictionary',
    save: 'Save to my words',
    saved: 'Saved to my words',
    signInToSave: 'Sign in to save words',
  },
  translate: {
    action: 'Translate',
    working: 'Translating…',
    by: 'Translated by {{provider}}',
    glossBy: 'Word gloss · {{provider}}',
    fallback: '{{provider}} is unavailable',
    showOriginal: 'Show original',
    showBoth: 'Show both',
    retry: 'Try again',
    autoLabel: 'Translate automatically',
    autoHint: 'Show notes, comments and bios in a language you don’t read already translated. You can always see the original.',
  },
  myWords: {
    title: 'My words',
    intro: 'Words you saved from the dictionary card, newest first.',
    empty: 'No words yet. Turn on “Pinyin & dictionary” under a note, tap a word and save it.',
    from: 'From “{{title}}”',
    remove: 'Remove {{word}}',
    more: 'Show more',
  },
  about: {
    title: 'About Biji',
    intro: 'Biji (笔记, “notes”) is an open-source place to share life in photos and short videos, where English and Chinese speakers meet.',
    creditsTitle: 'Credits',
    cedict:
      'The dictionary is CC-CEDICT, the community Chinese–English dictionary published by MDBG, used under the Creative Commons Attribution-ShareAlike 4.0 licence.',
    jieba: 'Chinese text is cut into words with jieba; pinyin comes from pinyin-pro.',
    licence: 'Biji itself is free software under the GNU AGPL 3.0 or later.',
  },
};
