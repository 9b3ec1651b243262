// The words of the demo notes, continued (seed-texts.ts has the types and everyday life): campus,
// language exchange, the TikTok-refugee wave, art, work, history, code, writing and music.
import type { Slot, ThemeText } from './seed-texts.ts';

const s = (en: string, zh: string, hant?: string): Slot => (hant ? { en, zh, hant } : { en, zh });

const STUDENT: ThemeText = {
  scenes: ['desk', 'desk', 'skyline', 'night'],
  tags: { en: ['#studygram', '#studentlife'], zh: ['#大学生活', '#学习打卡', '#期末周'] },
  titles: {
    en: ['Finals week survival kit', 'My study desk, day {n}', 'Dorm life in one photo', 'Library at 2 am', 'Study with me: {n} hours'],
    zh: ['期末周生存指南', '宿舍好物分享', '图书馆占座实录', '考研倒计时{n}天', '学习打卡第{n}天', '校园的秋天'],
  },
  lines: {
    en: [
      'Coffee count: {n}. Pages read: fewer than that.',
      'The library cat is the real MVP.',
      'Pomodoro: 25 minutes on, 5 minutes of scrolling Biji.',
      'My roommate from Chengdu taught me to survive on instant noodles with an egg.',
    ],
    zh: [
      '今天喝了{n}杯咖啡，书还没看完。',
      '图书馆的猫才是真正的学霸。',
      '番茄钟二十五分钟，然后刷五分钟笔记。',
      '室友带了家里的辣酱，宿舍的泡面升级了。',
      '期末加油，大家都能过！',
    ],
  },
  slots: {},
};

const LANGUAGE: ThemeText = {
  scenes: ['desk', 'abstract'],
  tags: { en: ['#learnchinese', '#languageexchange', '#中文'], zh: ['#学英语', '#语言交换', '#中美网友'] },
  titles: {
    en: [
      'Chinese word of the day: {word}',
      'I tried ordering in Mandarin',
      'Tones are hard, a thread',
      'What my Chengdu friends taught me',
      'Day {n} of learning Chinese',
    ],
    zh: ['今天学会的英语俚语：{slang}', '和美国网友互相教语言', '教外国朋友说四川话', '英语角第{n}期', '美国网友问我什么是{word}'],
  },
  lines: {
    en: [
      'Today’s word: {word}. My friend says I use it wrong. I will keep using it.',
      'Ordered noodles in Mandarin, got dumplings. Still a win.',
      'Shoutout to everyone in my comments correcting my tones with so much patience.',
      'Trade: I teach you “{slang}”, you teach me “{word}”.',
      'Flashcards on the bus, {n} new words a day.',
    ],
    zh: [
      '今天学会了“{slang}”，美国朋友说我用得很地道。',
      '我教他们说“{word}”，他们教我说“{slang}”，公平交易。',
      '发音还要练，但至少点菜没问题了。',
      '评论区的美国网友都好认真地在学中文，感动。',
      '每天背{n}个单词，坚持就是胜利。',
    ],
  },
  slots: {
    word: [
      s('加油 (jiāyóu)', '加油'),
      s('绝绝子 (juéjuézǐ)', '绝绝子'),
      s('摆烂 (bǎilàn)', '摆烂'),
      s('好吃 (hǎochī)', '好吃'),
      s('内卷 (nèijuǎn)', '内卷'),
      s('躺平 (tǎngpíng)', '躺平'),
      s('巴适 (bāshì)', '巴适'),
    ],
    slang: [s('no cap', 'no cap'), s('it’s giving', 'it’s giving'), s('lowkey', 'lowkey'), s('slay', 'slay'), s('bet', 'bet')],
  },
};

const REFUGEE: ThemeText = {
  scenes: ['skyline', 'abstract', 'night'],
  tags: { en: ['#tiktokrefugee', '#hello', '#中美网友'], zh: ['#tiktokrefugee', '#中美网友', '#欢迎美国网友'] },
  titles: {
    en: [
      'Hello from {city}! New here',
      'TikTok refugee, day {n}',
      'Why I’m staying on Biji',
      'Things that confuse us Americans',
      'Paying my respects (and #cattax)',
    ],
    zh: ['欢迎美国网友！', '和TikTok难民聊天的第{n}天', '中美网友对账现场', '美国网友问的问题太可爱了', '给美国朋友介绍{city}'],
  },
  lines: {
    en: [
      'Hi from {city}! I was told to pay the #cattax but I only have a dog. Is that allowed?',
      'Everyone here is so nice. Why is everyone so nice.',
      'My new friend in Guangzhou is teaching me to cook and I am teaching her slang.',
      'We compared rent, groceries and health insurance for {n} minutes. Eye-opening.',
      'Not going back. This app has pandas.',
    ],
    zh: [
      '欢迎来自{city}的朋友！有问题尽管问。',
      '和美国网友对了一晚上账，房租、医保、菜价，大家都不容易。',
      '教他们说“你好”，他们教我说 “what’s up”。',
      '最喜欢看美国网友晒猫，猫税交得真积极。',
      '聊了{n}分钟，发现大家都一样，想吃好吃的，想被理解。',
    ],
  },
  slots: { city: [s('Ohio', '俄亥俄'), s('Texas', '德州'), s('Chicago', '芝加哥'), s('New York', '纽约'), s('LA', '洛杉矶'), s('Detroit', '底特律')] },
};

const ART: ThemeText = {
  scenes: ['abstract', 'abstract', 'skyline', 'room'],
  tags: { en: ['#art', '#illustration', '#sketchbook'], zh: ['#插画', '#画画', '#手绘'], hant: ['#插畫', '#底片攝影', '#日常速寫'] },
  titles: {
    en: ['Inked {subject} today', 'Risograph test prints', 'Drawing everyone’s cats, part {n}', 'Sketchbook tour, {n} pages', 'Colour study: {subject}'],
    zh: ['今日插画：{subject}', '画了一整天的{subject}', '手绘{subject}', '速写本第{n}页'],
    hant: ['今日插畫：{subject}', '速寫本裡的{subject}', '底片裡的{subject}', '第{n}卷底片'],
  },
  lines: {
    en: [
      'Two colours, one afternoon, too much coffee.',
      'Drew this from a photo a follower sent me.',
      'Commissions open if anyone wants their cat immortalized.',
      'The paper is cheap, the ink is not.',
    ],
    zh: ['两种颜色，一个下午。', '照着粉丝发来的照片画的。', '接稿中，可以画你家的猫。', '最近在练习光影。'],
    hant: ['兩種顏色，一個下午。', '照著讀者寄來的照片畫的。', '霓虹招牌一盞一盞熄滅，我按下快門。', '舊樓的窗口，每一扇都有故事。'],
  },
  slots: {
    subject: [
      s('a street corner', '街角'),
      s('a rainy window', '雨天的窗', '雨天的窗'),
      s('neon signs', '霓虹招牌'),
      s('a noodle shop', '面馆', '麵館'),
      s('an old bicycle', '旧自行车', '舊單車'),
      s('my cat', '我家猫', '我家貓'),
    ],
  },
};

const WORK: ThemeText = {
  scenes: ['night', 'desk', 'bowl'],
  tags: { en: ['#worklife', '#nightshift'], zh: ['#打工人', '#上班日常'] },
  titles: {
    en: ['Night shift snack ranking', '{n} hours in, still smiling', 'What I eat on a 12-hour shift', 'Shop talk: {n} years in'],
    zh: ['打工人的午饭', '加班到{n}点', '后厨的一天', '上班第{n}年的感悟'],
  },
  lines: {
    en: [
      'Hydrate. Eat something green. Text your mom.',
      'Shout out to every night-shift worker reading this.',
      'My feet hurt but the team is the best.',
      'Coffee number {n}. Still standing.',
    ],
    zh: ['多喝水，多吃菜，记得给妈妈打电话。', '致敬每一个夜班人。', '腿很累，但同事们超好。', '今天是第{n}杯咖啡。'],
  },
  slots: {},
};

const HISTORY: ThemeText = {
  scenes: ['pagoda', 'pagoda', 'skyline'],
  tags: { en: ['#history', '#chinesehistory'], zh: ['#历史', '#博物馆', '#西安'] },
  titles: {
    en: ['What I learned at {site}', '{site} in {n} minutes', 'A history teacher at {site}'],
    zh: ['{site}里的小细节', '带学生参观{site}', '{site}的{n}个冷知识', '用英文讲{site}'],
  },
  lines: {
    en: [
      'Every soldier has a different face. Every single one.',
      'Ask the guide about the colours they used to have.',
      'Go on a weekday; the light in the afternoon is beautiful.',
      'I teach this to teenagers and they still say “whoa”.',
    ],
    zh: ['每个兵俑的脸都不一样。', '可以问问讲解员它们原来的颜色。', '工作日下午去，光线最好。', '给学生讲了{n}遍，他们还是会“哇”。'],
  },
  slots: {
    site: [
      s('the Terracotta Army', '兵马俑'),
      s('the Xi’an city wall', '西安城墙'),
      s('the Forbidden City', '故宫'),
      s('the Giant Wild Goose Pagoda', '大雁塔'),
      s('Kashgar Old Town', '喀什古城'),
    ],
  },
};

const CODING: ThemeText = {
  scenes: ['screen', 'screen', 'desk'],
  tags: { en: ['#coding', '#opensource', '#typescript'], zh: ['#程序员', '#开源', '#编程'] },
  titles: {
    en: ['Shipped my side project', 'TypeScript tip: {tip}', 'My {n}th open-source PR', 'Desk setup for late nights'],
    zh: ['程序员的周末', '开源项目第{n}个PR合并了', '今日学习：{tip}', '写代码的夜晚'],
  },
  lines: {
    en: [
      'Tests green on the first try. Suspicious.',
      'Maintainers in three time zones reviewed it in one day.',
      'Rubber duck debugging, but the duck is my cat.',
      'If it compiles, ship it (with tests).',
    ],
    zh: ['测试一次全绿，反而有点慌。', '三个时区的维护者一天就审完了。', '小黄鸭调试法，只不过鸭子是我的猫。', '熬到{n}点终于修好了。'],
  },
  slots: {
    tip: [s('use satisfies', '用 satisfies'), s('narrow with in', '用 in 收窄类型'), s('const type params', 'const 类型参数'), s('never over any', '少用 any')],
  },
};

const WRITING: ThemeText = {
  scenes: ['sea', 'night', 'skyline', 'landscape'],
  tags: { en: ['#writing', '#poetry'], zh: ['#随笔', '#诗'], hant: ['#隨筆', '#寫作', '#詩'] },
  titles: {
    en: ['Notes from a rainy afternoon', 'A poem for the harbour', 'Letter to {who}'],
    zh: ['雨天随笔', '写给{who}的信', '夜班车上的诗'],
    hant: ['雨天隨筆', '寫給{who}的信', '{place}的黃昏', '夜班小巴上的詩', '第{n}封沒寄出的信'],
  },
  lines: {
    en: ['The ferry horn sounds the same as it did when I was ten.', 'Some cities you visit; some cities visit you.', 'I wrote this on the back of a receipt.'],
    zh: ['渡轮的汽笛声和十岁时一模一样。', '有些城市你去过，有些城市来过你。', '写在一张收据的背面。'],
    hant: [
      '渡輪的汽笛聲，和我十歲時聽到的一模一樣。',
      '有些城市你去過，有些城市來過你。',
      '寫在茶餐廳收據的背面，奶茶還是溫的。',
      '雨停的時候，巷口的豆漿店剛好開門。',
      '霓虹燈下的影子，比白天誠實一些。',
    ],
  },
  slots: {
    who: [s('my younger self', '十年前的自己', '十年前的自己'), s('the city', '这座城市', '這座城市'), s('my grandmother', '外婆'), s('a stranger', '陌生人')],
    place: [s('Victoria Harbour', '维多利亚港', '維多利亞港'), s('Tamsui', '淡水'), s('Kowloon', '九龙', '九龍')],
  },
};

const MUSIC: ThemeText = {
  scenes: ['night', 'abstract', 'skyline'],
  tags: { en: ['#music', '#musician'], zh: ['#音乐', '#街头音乐'] },
  titles: {
    en: ['Learning {song} on {instrument}', 'Street jam, {n} songs in', 'Bluegrass meets guzheng'],
    zh: ['学弹{song}', '街头唱了{n}首歌', '广场舞歌单分享'],
  },
  lines: {
    en: [
      'A guy from Shenzhen sent me the sheet music. Internet friends are the best.',
      'Played for {n} minutes before the rain came.',
      'Duet with a stranger in the comments, anyone?',
    ],
    zh: ['深圳的网友发来了谱子，网友真好。', '唱了{n}分钟，下雨了。', '评论区有人想合奏吗？'],
  },
  slots: {
    song: [s('Mo Li Hua', '茉莉花'), s('a Teresa Teng song', '月亮代表我的心'), s('Fly Me to the Moon', '月亮代表我的心')],
    instrument: [s('mandolin', '曼陀林'), s('trumpet', '小号'), s('violin', '小提琴')],
  },
};

export const MORE_THEMES = {
  student: STUDENT,
  language: LANGUAGE,
  refugee: REFUGEE,
  art: ART,
  work: WORK,
  history: HISTORY,
  coding: CODING,
  writing: WRITING,
  music: MUSIC,
} satisfies Record<string, ThemeText>;
