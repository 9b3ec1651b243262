// What the demo people say to each other under notes, and what they call their boards. English
// speakers answer Chinese notes in English (and try a word or two of Chinese), and the other way
// round: the cross-language conversation is the point of Biji.
import type { SeedTheme } from './seed-data.ts';
import type { Script } from './seed-texts.ts';

type ByScript = Record<Script, readonly string[]>;

export const COMMENTS: ByScript = {
  en: [
    'This is so pretty 😍',
    'Saving this!',
    'OK this made my day',
    'The colours!!',
    'Greetings from Ohio 👋',
    'Teach me how to say this in Chinese?',
    '好看! (did I use that right?)',
    'I’m adding this to my list',
    'You have the best taste',
    'Wow. Just wow.',
    '谢谢 for sharing! Still learning 😅',
  ],
  zh: [
    '太好看了吧！',
    '收藏了，谢谢分享',
    '哈哈哈哈笑死我了',
    '博主好会拍',
    '欢迎来中国玩！',
    '这个颜色绝了',
    '学到了',
    '已关注，期待更新',
    'Welcome! 欢迎欢迎',
    '英文好棒！Your English is great',
  ],
  hant: ['好美！', '收藏了，謝謝分享', '好有畫面感', '文字好溫柔', '下次一起去吧', '這張構圖好喜歡'],
};

/** A few comments only fit some themes; they are mixed in with the ones above. */
export const THEME_COMMENTS: Partial<Record<SeedTheme, ByScript>> = {
  cats: {
    en: ['Tax received and approved 🐱', 'pspspsps', 'That loaf is a 10'],
    zh: ['这就是传说中的猫税吗', '猫猫好可爱', '想rua'],
    hant: ['貓貓好可愛', '想摸'],
  },
  dogs: { en: ['Good boy!!', 'The ears!!!'], zh: ['狗狗好乖', '小短腿太可爱了'], hant: ['狗狗好乖'] },
  food: {
    en: ['I’m so hungry now', 'Recipe please 🙏', 'Adding this to my list for Chengdu'],
    zh: ['看饿了', '在哪家店？', '菜谱求分享'],
    hant: ['看餓了', '在哪一家？'],
  },
  travel: {
    en: ['Adding to my trip list!', 'How did you get there?', 'Where is this? I need to go'],
    zh: ['攻略收藏了', '交通方便吗？', '求地址～', '好想去！'],
    hant: ['好想去', '交通方便嗎？', '想去！'],
  },
  language: {
    en: ['Your Chinese is better than mine!', 'Tones are so hard, solidarity'],
    zh: ['你的中文好棒！', '我也在学英语，一起加油'],
    hant: ['一起加油！'],
  },
  refugee: { en: ['Welcome, fellow refugee 🫡', 'Same here, from Texas!'], zh: ['欢迎欢迎！', '美国网友好可爱'], hant: ['歡迎！'] },
};

/** The note's author answering a comment. */
export const AUTHOR_REPLIES: ByScript = {
  en: ['Thank you!!', 'Haha yes!', 'DM me, I’ll send the details', 'You should come visit!', '谢谢! Did I say that right?', 'Glad you like it 😊'],
  zh: ['谢谢喜欢～', '哈哈哈是的', '私信你地址', '欢迎来玩！', 'Thank you! 谢谢！', '下次再分享'],
  hant: ['謝謝你～', '真的！', '下次一起去', '謝謝喜歡'],
};

/** The commenter answering the author's reply. */
export const BACK_REPLIES: ByScript = {
  en: ['Haha thanks!', 'Will do!', 'Got it, thank you 🙏', 'OK adding it to my list'],
  zh: ['好的谢谢！', '收到～', '哈哈好的', '记下了'],
  hant: ['好的謝謝！', '收到～', '記下了'],
};

/** Someone else joining a thread. */
export const ECHOES: ByScript = {
  en: ['Same!', '+1, I was going to ask', 'Following this thread', 'Came here to say this'],
  zh: ['同问！', '+1', '蹲一个回复', '我也想知道'],
  hant: ['同問！', '+1', '我也想知道'],
};

/** A board name a person might make, in their own script, for a theme they care about. */
export const BOARD_NAMES: Partial<Record<SeedTheme, Record<Script, string>>> = {
  cats: { en: 'Cats 🐱', zh: '猫猫', hant: '貓貓' },
  dogs: { en: 'Good dogs', zh: '狗狗', hant: '狗狗' },
  food: { en: 'Recipes to try', zh: '想吃的', hant: '想吃的' },
  travel: { en: 'Places to go', zh: '想去的地方', hant: '想去的地方' },
  art: { en: 'Inspiration', zh: '灵感', hant: '靈感' },
  language: { en: 'Chinese study', zh: '学英语', hant: '學英文' },
  outdoors: { en: 'Trails', zh: '户外路线', hant: '戶外路線' },
  tea: { en: 'Tea notes', zh: '茶', hant: '茶' },
  writing: { en: 'Words', zh: '文字', hant: '文字' },
};

/** A mention in a comment, calling a friend over. */
export const CALL_FRIEND: Record<Script, (handle: string) => string> = {
  en: (h) => `@${h} look at this!`,
  zh: (h) => `@${h} 快来看`,
  hant: (h) => `@${h} 快來看`,
};
