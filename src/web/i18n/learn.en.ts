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
