// The demo community `npm run seed` creates: a bilingual crowd, English and Chinese speakers who
// follow each other across the language line. Plain data, so later features (notes, chat, boards)
// can grow it; scripts/seed.ts validates it against the API's own schemas before use. The first
// twelve are the founding dozen; seed-people.ts adds the rest (TikTok refugees, students, cooks,
// travellers, pet people, Taipei and Hong Kong writers).
import type { UiLanguage } from '../src/shared/api/accounts.ts';
import { MORE_PEOPLE } from './seed-people.ts';

export interface SeedPerson {
  handle: string;
  /** in the person's own script */
  displayName: string;
  /** at most 200 characters, as they would write it */
  bio: string;
  languages: string[];
  uiLanguage: UiLanguage;
  region: string;
  /** handles of other seeded people this person follows */
  follows: string[];
  /** what they post about (scripts/seed-texts.ts has the words and scenes for each) */
  themes: SeedTheme[];
  /** the script of their notes: English, simplified or traditional Chinese, or both languages */
  writes: SeedScript;
}

export type SeedScript = 'en' | 'zh' | 'hant' | 'both';

export const SEED_THEMES = [
  'cats',
  'dogs',
  'food',
  'travel',
  'student',
  'language',
  'refugee',
  'art',
  'tea',
  'work',
  'history',
  'coding',
  'writing',
  'outdoors',
  'music',
  'home',
] as const;
export type SeedTheme = (typeof SEED_THEMES)[number];

const FOUNDERS: SeedPerson[] = [
  {
    handle: 'ohio_cat_mom',
    displayName: 'Linda Kowalski',
    bio: "Mittens' human. Here for the #cattax 🐱 Columbus, OH. Learning 你好 one word at a time.",
    languages: ['en'],
    uiLanguage: 'en',
    region: 'Ohio, USA',
    follows: ['brooklyn_ink', 'chengdu_xiaoyu', 'taipei_illus', 'jayden_from_ohio', 'gz_grandma_chen'],
    themes: ['cats', 'language', 'home'],
    writes: 'en',
  },
  {
    handle: 'chengdu_xiaoyu',
    displayName: '小雨',
    bio: '成都大学生，想练英语 🐼 火锅专家。Chengdu student practising my English, please correct me!',
    languages: ['zh', 'en'],
    uiLanguage: 'zh',
    region: '四川成都',
    follows: ['ohio_cat_mom', 'seattle_rn', 'jayden_from_ohio', 'bj_coder', 'shanghai_foodie', 'texas_bbq_dad'],
    themes: ['student', 'food', 'language'],
    writes: 'both',
  },
  {
    handle: 'shanghai_foodie',
    displayName: '阿敏',
    bio: '上海吃货，小笼包研究员。每周探一家弄堂小馆 🥟 愿意用生煎秘诀换烧烤秘诀。',
    languages: ['zh'],
    uiLanguage: 'zh',
    region: '上海',
    follows: ['texas_bbq_dad', 'chengdu_xiaoyu', 'hangzhou_tea', 'brooklyn_ink'],
    themes: ['food', 'travel'],
    writes: 'zh',
  },
  {
    handle: 'texas_bbq_dad',
    displayName: 'Hank Dawson',
    bio: "Brisket, pickup trucks, three kids. Smoking meat low and slow since '98. Y'all's soup dumplings look amazing 🤠",
    languages: ['en'],
    uiLanguage: 'en',
    region: 'Texas, USA',
    follows: ['shanghai_foodie', 'ohio_cat_mom', 'hangzhou_tea'],
    themes: ['food', 'refugee', 'dogs'],
    writes: 'en',
  },
  {
    handle: 'gz_grandma_chen',
    displayName: '陈婆婆',
    bio: '广州阿婆，68岁，跟孙女学英语。早茶、粤剧、广场舞。Good morning everyone! 😊',
    languages: ['zh', 'en'],
    uiLanguage: 'zh',
    region: '广东广州',
    follows: ['chengdu_xiaoyu', 'ohio_cat_mom', 'shanghai_foodie', 'seattle_rn'],
    themes: ['food', 'language', 'music'],
    writes: 'zh',
  },
  {
    handle: 'brooklyn_ink',
    displayName: 'Maya Rosen',
    bio: "Brooklyn artist. Ink, risograph and too much coffee. Drawing everyone's cats for the #cattax.",
    languages: ['en'],
    uiLanguage: 'en',
    region: 'New York, USA',
    follows: ['taipei_illus', 'ohio_cat_mom', 'shanghai_foodie', 'xian_history'],
    themes: ['art', 'cats'],
    writes: 'en',
  },
  {
    handle: 'bj_coder',
    displayName: '李浩',
    bio: '北京程序员，写 TypeScript 和 Rust，下班后写开源。Happy to talk code in English or 中文.',
    languages: ['zh', 'en'],
    uiLanguage: 'zh',
    region: '北京',
    follows: ['chengdu_xiaoyu', 'seattle_rn', 'brooklyn_ink', 'xian_history'],
    themes: ['coding', 'student'],
    writes: 'both',
  },
  {
    handle: 'taipei_illus',
    displayName: '林筱婷',
    bio: '台北插畫家 ✏️ 畫貓、畫街景、畫珍珠奶茶。接案中，也在練英文。Taipei illustrator, commissions open.',
    languages: ['zh', 'en'],
    uiLanguage: 'zh',
    region: '台北',
    follows: ['brooklyn_ink', 'ohio_cat_mom', 'hangzhou_tea', 'bj_coder'],
    themes: ['art', 'cats', 'food'],
    writes: 'hant',
  },
  {
    handle: 'seattle_rn',
    displayName: 'Priya Nair',
    bio: 'ER nurse in Seattle. Night shifts, rainy hikes, and Mandarin flashcards on my breaks. 加油!',
    languages: ['en', 'zh'],
    uiLanguage: 'en',
    region: 'Washington, USA',
    follows: ['chengdu_xiaoyu', 'gz_grandma_chen', 'xian_history', 'bj_coder', 'ohio_cat_mom'],
    themes: ['work', 'outdoors', 'language'],
    writes: 'en',
  },
  {
    handle: 'xian_history',
    displayName: '王老师',
    bio: '西安中学历史老师。兵马俑、城墙、肉夹馍。用中文和英文讲中国历史。History teacher in Xi’an.',
    languages: ['zh', 'en'],
    uiLanguage: 'zh',
    region: '陕西西安',
    follows: ['seattle_rn', 'jayden_from_ohio', 'chengdu_xiaoyu', 'brooklyn_ink'],
    themes: ['history', 'travel'],
    writes: 'zh',
  },
  {
    handle: 'jayden_from_ohio',
    displayName: 'Jayden',
    bio: 'TikTok refugee 🫡 Dayton OH, 16. Here for the memes and my new Chinese friends. Learning 谢谢 and 你好.',
    languages: ['en'],
    uiLanguage: 'en',
    region: 'Ohio, USA',
    follows: ['ohio_cat_mom', 'chengdu_xiaoyu', 'xian_history', 'bj_coder', 'shanghai_foodie'],
    themes: ['refugee', 'language', 'student'],
    writes: 'en',
  },
  {
    handle: 'hangzhou_tea',
    displayName: '周师傅',
    bio: '杭州龙井茶农，家里三代种茶。春茶季最忙 🍵 有关茶的问题尽管问。',
    languages: ['zh'],
    uiLanguage: 'zh',
    region: '浙江杭州',
    follows: ['shanghai_foodie', 'taipei_illus', 'texas_bbq_dad'],
    themes: ['tea', 'travel'],
    writes: 'zh',
  },
];

export const SEED_PEOPLE: SeedPerson[] = [...FOUNDERS, ...MORE_PEOPLE];
