// The words of the demo notes, theme by theme and script by script (English, simplified and, where
// the Taipei and Hong Kong writers use them, traditional Chinese). A note is one title and a few
// lines from its theme, with {slots} filled the same way in both; seed-plan.ts does the choosing.
// This file: everyday life (pets, food, travel, tea, outdoors, home); seed-texts-more.ts: the rest.
import type { SeedTheme } from './seed-data.ts';
import { MORE_THEMES } from './seed-texts-more.ts';

export type Script = 'en' | 'zh' | 'hant';
/** Lists per script; traditional is given only where someone writes it (the plan checks). */
export type Words = { en: readonly string[]; zh: readonly string[]; hant?: readonly string[] };
/** One value of a {slot}, in each script (traditional falls back to simplified when the same). */
export type Slot = { en: string; zh: string; hant?: string };

export type SceneKind = 'landscape' | 'skyline' | 'sea' | 'bowl' | 'cup' | 'cat' | 'dog' | 'room' | 'desk' | 'screen' | 'pagoda' | 'night' | 'abstract';

export interface ThemeText {
  /** what the photos show; a text card (the title on colour) is added by the plan */
  scenes: readonly SceneKind[];
  /** hashtags, '#' included; the first of a script is always used */
  tags: Words;
  titles: Words;
  lines: Words;
  slots: Record<string, readonly Slot[]>;
}

const s = (en: string, zh: string, hant?: string): Slot => (hant ? { en, zh, hant } : { en, zh });

const CATS: ThemeText = {
  scenes: ['cat', 'cat', 'room', 'cat'],
  tags: { en: ['#cattax', '#catsofbiji', '#caturday'], zh: ['#cattax', '#猫咪', '#铲屎官日常'], hant: ['#cattax', '#貓咪', '#貓奴日常'] },
  titles: {
    en: [
      'Paying my #cattax: {pet} edition',
      '{pet} discovered the laundry basket',
      '{pet} vs. the new scratching post',
      'Sunday nap with {pet}',
      'Rate {pet}’s loaf form, 1 to 10',
      'Is {pet} judging me right now',
      '{pet} has a new favourite box',
      '{pet} at 3 am, a documentary',
    ],
    zh: [
      '交猫税：{pet}的日常',
      '{pet}今天又拆家了',
      '{pet}的睡姿合集',
      '{pet}第一次晒太阳',
      '家有{pet}，快乐加倍',
      '{pet}的新纸箱',
      '半夜三点的{pet}',
      '给{pet}拍了组写真',
    ],
    hant: ['繳貓稅：{pet}的日常', '{pet}今天又在窗邊發呆', '{pet}的午睡時光', '和{pet}一起等雨停', '{pet}的新紙箱'],
  },
  lines: {
    en: [
      '{pet} sat in the box for three hours and refused to leave.',
      'The vet says {pet} is “big boned”. I say perfect.',
      '{pet} can hear the treat bag from two rooms away.',
      'Knocked my coffee off the table, looked me in the eye, did it again.',
      'Tax paid. Please enjoy responsibly.',
      'Every sunbeam in this apartment belongs to {pet}.',
      'Someone asked for more {pet} content, so here we are.',
    ],
    zh: [
      '在纸箱里一待就是三个小时，怎么叫都不出来。',
      '医生说{pet}是“骨架大”，我觉得刚刚好。',
      '隔着两个房间都能听到零食袋的声音。',
      '把我的杯子推下桌，看着我，又推了一次。',
      '猫税已交，请查收 🐾',
      '家里每一块阳光都是{pet}的。',
      '评论区说想看{pet}，安排！',
    ],
    hant: [
      '在紙箱裡一待就是三個小時，怎麼叫都不出來。',
      '家裡每一塊陽光都是{pet}的。',
      '把我的杯子推下桌，看著我，又推了一次。',
      '貓稅已繳，請查收 🐾',
      '雨天最適合和{pet}一起發呆。',
    ],
  },
  slots: {
    pet: [
      s('Mittens', '咪咪'),
      s('Mochi', '年糕'),
      s('Tofu', '豆腐'),
      s('Pumpkin', '橘子'),
      s('Oreo', '煤球'),
      s('Dumpling', '团子', '糰子'),
      s('Pepper', '胡椒'),
      s('Noodle', '面条', '麵條'),
    ],
  },
};

const DOGS: ThemeText = {
  scenes: ['dog', 'dog', 'landscape', 'room'],
  tags: { en: ['#dogsofbiji', '#doglife'], zh: ['#狗狗', '#遛狗日常', '#萌宠'] },
  titles: {
    en: [
      '{pet} saw snow for the first time',
      'Morning walk with {pet}',
      '{pet} vs. the bath, round {n}',
      'Meet {pet}, chief of security',
      '{pet}’s birthday pup-cake',
      'Trail day with {pet}',
    ],
    zh: ['{pet}第一次看到雪', '和{pet}的清晨散步', '给{pet}洗澡大作战', '{pet}的生日蛋糕', '带{pet}去爬山', '小短腿{pet}冲鸭'],
  },
  lines: {
    en: [
      '{pet} pulled me for {n} blocks because a squirrel looked at him.',
      'Zero thoughts, just vibes and tennis balls.',
      'The groomer called him “a lot of dog”.',
      'Mud everywhere. Worth it.',
      '{pet} would like to say hi to all the corgis of Hangzhou.',
      'He knows “sit” in English and 坐 in Chinese now.',
    ],
    zh: [
      '为了追一只松鼠，拉着我跑了{n}条街。',
      '脑子里只有球和零食。',
      '美容师说它是“很有分量的狗”。',
      '全身是泥，但是开心就好。',
      '现在它听得懂“坐”也听得懂 sit 了。',
      '西湖边遛一圈，收获路人夸夸{n}次。',
    ],
  },
  slots: { pet: [s('Biscuit', '饼干'), s('Moose', '大壮'), s('Luna', '月亮'), s('Bear', '熊熊'), s('Peanut', '花生'), s('Koda', '可达')] },
};

const FOOD: ThemeText = {
  scenes: ['bowl', 'bowl', 'cup', 'bowl'],
  tags: { en: ['#foodie', '#美食', '#chinesefood'], zh: ['#美食', '#探店', '#家常菜'], hant: ['#美食', '#巷弄美食'] },
  titles: {
    en: [
      'Tried {dish} for the first time',
      '{dish} at {spot}: worth the queue?',
      'Homemade {dish}, attempt #{n}',
      'Honest review: {dish}',
      'My {dish} recipe, finally',
      'Ranking {dish} in my city',
    ],
    zh: ['{spot}的{dish}绝了', '第一次做{dish}', '在家复刻{dish}', '{dish}测评｜值得排队吗', '{dish}的第{n}次尝试', '吃遍全城的{dish}'],
    hant: ['{spot}的{dish}', '第一次做{dish}', '雨天就想吃{dish}', '{dish}的第{n}次嘗試'],
  },
  lines: {
    en: [
      'Found it at {spot}. No English menu, lots of pointing, zero regrets.',
      'The secret, according to the aunties in the comments, is patience.',
      'Spicy level: my Chengdu friends laughed, I cried.',
      'Pairing: cold tea and a long conversation.',
      'Would queue {n} minutes again. Already planning the next visit.',
      'Recipe in the comments if you want it!',
    ],
    zh: [
      '在{spot}发现的，老板人超好。',
      '秘诀就是火候和耐心，评论区的阿姨们说得对。',
      '辣度：成都朋友说微辣，我哭了。',
      '配一杯冰茶，完美。',
      '排队{n}分钟，值得！下次还来。',
      '想要菜谱的评论区扣1。',
    ],
    hant: ['在{spot}吃到的，老闆記得我的口味。', '火候和耐心，是外婆教的。', '配一杯熱豆漿，雨天也變得溫柔。', '排隊{n}分鐘，還是值得。'],
  },
  slots: {
    dish: [
      s('mapo tofu', '麻婆豆腐'),
      s('hotpot', '火锅', '火鍋'),
      s('xiaolongbao', '小笼包', '小籠包'),
      s('dan dan noodles', '担担面', '擔擔麵'),
      s('dim sum', '早茶点心', '港式點心'),
      s('jianbing', '煎饼果子', '煎餅果子'),
      s('beef noodle soup', '牛肉面', '牛肉麵'),
      s('scallion pancakes', '葱油饼', '蔥油餅'),
      s('egg tarts', '蛋挞', '蛋撻'),
      s('sheng jian bao', '生煎包'),
      s('roujiamo', '肉夹馍', '肉夾饃'),
      s('smoked brisket', '烟熏牛胸肉', '煙燻牛胸肉'),
      s('wild mushroom hotpot', '菌子火锅', '菌子火鍋'),
      s('clay pot rice', '煲仔饭', '煲仔飯'),
      s('pork dumplings', '猪肉饺子', '豬肉餃子'),
    ],
    spot: [
      s('a tiny alley shop', '巷子里的小店', '巷子裡的小店'),
      s('the night market', '夜市'),
      s('my mom’s kitchen', '妈妈的厨房', '媽媽的廚房'),
      s('a place near campus', '学校后门', '學校後門'),
      s('a 24-hour diner', '深夜食堂'),
      s('a street stall', '路边摊', '路邊攤'),
    ],
  },
};

const TRAVEL: ThemeText = {
  scenes: ['landscape', 'skyline', 'sea', 'pagoda', 'landscape'],
  tags: { en: ['#travel', '#旅行', '#travelchina'], zh: ['#旅行', '#旅行攻略', '#周末去哪儿'], hant: ['#旅行', '#散步'] },
  titles: {
    en: [
      '{days} days in {place}: do this',
      'First time in {place}',
      '{place} on a budget',
      'Sunrise at {place}',
      'Getting lost in {place}',
      '{place}, I’ll be back',
    ],
    zh: ['{place}{days}日游攻略', '一个人去{place}', '{place}｜比照片还美', '在{place}看日出', '{place}迷路记', '{place}穷游指南'],
    hant: ['{place}散步筆記', '一個人去{place}', '在{place}等日落', '{place}的{days}天'],
  },
  lines: {
    en: [
      'Day 1: got lost, ate noodles, found the best view by accident.',
      'Trains are fast, clean and on time. My hometown could never.',
      'Everyone was so kind when I tried my terrible Mandarin.',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a dollar sign, then the seed's {n} placeholder ("$30")
      'Budget: about ${n}0 a day including all the snacks.',
      'Go early. By 9 am the crowds arrive.',
      'Photos don’t do it justice, but here we are.',
    ],
    zh: [
      '第一天就迷路，却意外找到了最美的观景台。',
      '建议早上七点前到，人少光线好。',
      '人均每天{n}0元，吃住行全包。',
      '路上遇到的人都特别热情。',
      '照片拍不出万分之一的美。',
      '下次还要带爸妈一起来。',
    ],
    hant: ['沿著老街慢慢走，轉角有一間很好的咖啡店。', '黃昏的光落在水面上，像一首沒寫完的詩。', '下次想在雨天再來一次。', '走了{n}公里，腳很累，心很滿。'],
  },
  slots: {
    place: [
      s('Chengdu', '成都'),
      s('Jiuzhaigou', '九寨沟', '九寨溝'),
      s('Xi’an', '西安'),
      s('Guilin', '桂林'),
      s('Dali', '大理'),
      s('Chongqing', '重庆', '重慶'),
      s('Huangshan', '黄山', '黃山'),
      s('Kashgar', '喀什'),
      s('Zhangjiajie', '张家界', '張家界'),
      s('Hong Kong', '香港'),
      s('Taipei', '台北'),
      s('the Bund', '外滩', '外灘'),
    ],
  },
};

const TEA: ThemeText = {
  scenes: ['cup', 'landscape', 'cup'],
  tags: { en: ['#tea', '#chinesetea'], zh: ['#喝茶', '#茶生活', '#龙井'] },
  titles: {
    en: ['My first gongfu tea session', '{tea} 101 for beginners', 'Tea farm visit, day {n}', 'Why {tea} tastes like spring'],
    zh: ['{tea}开采了', '{tea}冲泡小技巧', '茶园的第{n}天', '一杯{tea}的讲究', '春茶季，忙并快乐着'],
  },
  lines: {
    en: [
      'Water at 85 °C, not boiling: the leaves will thank you.',
      'Three infusions in and it keeps changing.',
      'The farmer laughed at my tiny cup. Then refilled it {n} times.',
      'Slow down. That’s the whole lesson.',
    ],
    zh: ['水温八十五度，别用开水。', '第三泡最香，别急着倒掉。', '今年雨水足，茶叶特别嫩。', '慢下来，就是喝茶的意义。', '有问题评论区问我，知无不言。'],
  },
  slots: { tea: [s('Longjing', '龙井'), s('Pu’er', '普洱'), s('Tieguanyin', '铁观音'), s('jasmine tea', '茉莉花茶'), s('white tea', '白茶')] },
};

const OUTDOORS: ThemeText = {
  scenes: ['landscape', 'sea', 'landscape'],
  tags: { en: ['#outdoors', '#hiking', '#getoutside'], zh: ['#户外', '#徒步', '#跑步打卡'] },
  titles: {
    en: ['Summit at sunrise: {peak}', '{n} miles before breakfast', 'Rainy trail, happy legs', 'Gear I actually use'],
    zh: ['徒步{peak}', '晨跑打卡第{n}天', '雨中徒步也快乐', '新手户外装备清单'],
  },
  lines: {
    en: ['Left at 4 am. Worth every yawn.', 'Legs: destroyed. Soul: restored.', 'Pack more water than you think.', 'Saw {n} other hikers all day. Perfect.'],
    zh: ['凌晨四点出发，值了。', '腿废了，心满了。', '水一定要多带。', '一路上只遇到{n}个人，太安静了。'],
  },
  slots: {
    peak: [s('Mount Rainier', '雷尼尔山'), s('Yangshuo', '阳朔'), s('Mount Emei', '峨眉山'), s('Diamond Head', '钻石头山'), s('the Great Wall', '野长城')],
  },
};

const HOME: ThemeText = {
  scenes: ['room', 'room', 'abstract'],
  tags: { en: ['#plants', '#homedecor', '#cozy'], zh: ['#出租屋改造', '#植物', '#家居'] },
  titles: {
    en: ['Plant shelf update, week {n}', 'Thrifted this {item}', 'Small room, big cozy', 'Rainy day reset'],
    zh: ['出租屋改造第{n}周', '二手淘到的{item}', '阳台小花园', '周末大扫除'],
  },
  lines: {
    en: [
      'Cost: $30 and one long Saturday.',
      'The monstera is thriving, the fern is... trying.',
      'Secondhand, but it looks brand new.',
      'My cat immediately claimed it.',
    ],
    zh: ['总花费三百块，一个周末搞定。', '龟背竹长疯了，蕨类还在努力。', '二手的，但看起来像新的。', '猫第一时间占领了。'],
  },
  slots: { item: [s('lamp', '台灯'), s('rattan chair', '藤椅'), s('bookshelf', '书架'), s('tea table', '茶几')] },
};

export const THEMES: Record<SeedTheme, ThemeText> = {
  cats: CATS,
  dogs: DOGS,
  food: FOOD,
  travel: TRAVEL,
  tea: TEA,
  outdoors: OUTDOORS,
  home: HOME,
  ...MORE_THEMES,
};
