// The built-in Chinese word list (the `zh` list). Its terms are matched as substrings of the text
// after folding (NFKC, lower case, traditional → simplified, separators between Han characters
// removed: see fold-text.ts), so each term is written once, in simplified characters; 幹你娘,
// 傻 逼, 傻*逼 and ｓｂ-style variants all meet the same entry. A term holding Latin letters (加vx,
// nmsl) must sit on a word boundary at its Latin ends, so `加v` does not fire inside 加vip.
//
// How to maintain it
// - Add a term only when it is (nearly) always abusive, sexual or spam: a substring match has no
//   context, and a hit holds a person's note for a moderator. When a word is also an everyday word
//   or part of one (操作, 几把椅子, 波霸奶茶, 途中出现 ⊃ 中出), leave it out, or add the innocent
//   words to ZH_ALLOWED (a hit inside an allowed word is ignored: 印度支那 ⊃ 支那). Words also
//   meet across word boundaries: 群交 is not listed because of 人群交流, 社群交往.
// - Before adding terms, look for innocent words that hold them in jieba's dictionary
//   (@node-rs/jieba/dict.txt) and in real text (the FLORES sentences of bench/safety.ts).
// - Admins add local terms in the app (extra terms on this list, or lists of their own); this file
//   holds what every instance should catch. Keep the groups sorted loosely by theme.
// - It starts from the 47 words of `bad-words-chinese` (1.0.2, mostly traditional and Taiwanese),
//   folded to simplified. Those left out are in PACKAGE_TOO_BROAD with the reason; terms-zh.test.ts
//   checks that every package word is either here or there, so an update of the package is noticed.

/** Insults, curses, threats. */
const INSULTS = words(`
  # 傻逼 and its spellings
  傻逼 傻屄 傻b 傻比 傻叉 傻x 煞笔 沙比 撒比 傻缺 二逼 逼样 装逼 装b
  妈逼 你妈逼 妈了个逼 妈拉个巴子 妈卖批 贱逼 骚逼 烂逼 臭逼 逼崽子 屄 肏
  # mothers, fathers, ancestors
  操你妈 操你娘 操你大爷 操你祖宗 操他妈 操她妈 草你妈 草泥马 艹你妈 日你妈 日你娘 日你祖宗
  干你娘 干你妈 他妈的 你妈的 去你妈的 去你妈 你妈死了 你妈炸了 死妈 死全家 全家死光
  你全家死 狗娘养的 婊子养的 龟儿子 王八蛋 王八羔子 龟孙子 狗日的 狗日 恁爸 恁娘
  祖妈 懒趴 鸡巴 鸡吧 吃屎吧 去吃屎
  # names for people
  杂种 狗杂种 狗杂碎 贱人 贱货 贱种 贱婢 贱骨头 婊子 臭婊子 婊 绿茶婊 圣母婊 婊砸
  骚货 烂货 浪货 人渣 畜生 畜牲 狗东西 死肥猪 死胖子 低能儿 孬种 瘪三 小瘪三 屁眼 操蛋
  # threats
  去死吧 滚你妈 滚你大爷 弄死你 砍死你 捅死你 杀你全家 灭你全家 杀了你全家
  # Latin abbreviations of the above, used to dodge filters (on word boundaries)
  nmsl cnm cnmb nmb mlgb wqnmlgb rnm rnmb qnmd sbnc
`);

/** Slurs about peoples, bodies, sexualities. */
const SLURS = words(`
  支那 支那人 支那猪 小日本 日本鬼子 日本猪 倭猪 东亚病夫 黑鬼 黑猴 黑蛆 尼哥 白皮猪 洋鬼子
  印度阿三 高丽棒子 台巴子 湾湾狗 大陆狗 港灿 蝗虫国 绿教 死基佬 基佬 屁精 二椅子 娘炮 人妖 死gay
  同性恋去死 残疾狗 死瘸子 死瞎子
`);

/** Sexual terms and sexual services. */
const SEXUAL = words(`
  做爱 性交 口交 肛交 乳交 足交 兽交 乱伦 换妻 撸管 自慰 手淫 大屌 巨屌 骚穴 淫穴 浪穴 嫩穴
  肉棒 肉便器 爆乳 奶子 阴毛 淫荡 淫妇 淫娃 淫乱 淫秽 淫水 浪叫 叫床 射精 颜射 内射 口爆 吞精 性奴
  强奸 轮奸 迷奸 诱奸 奸淫 恋童 儿童色情 萝莉色情 色情片 色情视频 色情网站 黄色网站 黄色视频 黄片 a片
  毛片 成人片 成人视频 成人电影 三级片 av女优 看片加 裸聊 裸照 裸贷 约炮 炮友 找炮友 一夜情 援交 援交妹
  援助交际 卖淫 嫖娼 嫖客 嫖妓 妓女 全套服务 特殊服务 大保健 莞式服务 按摩小姐 小姐上门 找小姐 楼凤
  外围女 兼职妹 包养 求包养 性感荷官 荷官在线 偷拍视频 催情药 春药 迷药 听话水 蒙汗药
`);

/** Spam, fraud and illegal trade: the phrases of a spam wave (contact bait, fake invoices, click farms). */
const SPAM = words(`
  # contact bait
  加微信 加我微信 微信同号 加vx 加wx 加v信 加薇 薇信 加威信 加扣扣 加qq 加q群 vx同号
  私聊领取 加群领取 扫码领取 点击链接领取 领取红包 恭喜中奖 您已中奖 免费送iphone
  # invoices, papers, exams
  代开发票 发票代开 代开增值税 代开普票 代开专票 办假证 假证件 假文凭 假学历 代考 替考 枪手代考
  代写论文 论文代写 考试答案出售
  # click farms and paid engagement
  刷单 刷单返利 兼职刷单 刷信誉 刷流水 刷粉 刷赞 刷评论 刷量 代刷 买粉 僵尸粉 出售账号 卖号
  引流推广 精准引流
  # easy money
  日赚 日入过万 日赚千元 月入过万 月入十万 躺赚 轻松赚钱 在家赚钱 网赚 兼职日结 日结工资 手机兼职
  宝妈兼职 打字员兼职 点赞员 稳赚不赔 保本高收益 高额回报 翻倍收益 保证收益 零投资 拉人头 发展下线
  带单 喊单 荐股 免费荐股 炒股群 股票群 投资理财群 币圈带单 老师带你赚 杀猪盘
  # gambling
  网络博彩 网赌 线上赌场 网上赌场 澳门赌场 澳门首家 百家乐 时时彩 真人娱乐 棋牌平台 提现秒到
  充值返利 彩票平台 赌球
  # money, cards, loans
  信用卡套现 无抵押贷款 黑户贷款 黑户可贷 秒下款 收购银行卡 出售银行卡 出售身份证 银行卡四件套
  四件套出售
  # fakes, snooping, weapons, drugs, organs
  一比一高仿 高仿包 查开房 开房记录 窃听器 针孔摄像头 出售枪支 气枪出售 枪支出售 冰毒 麻古 海洛因
  摇头丸 k粉 迷幻药 代孕中介 代孕服务 卖肾 器官买卖
  # impersonation scams
  退款客服 客服退款 快递理赔 理赔客服 安全账户 资金清查 注销校园贷 解冻费 保证金解冻
`);

/** Words that contain a term but are innocent (a hit inside one of them is ignored). */
export const ZH_ALLOWED: readonly string[] = words(`
  印度支那 密支那 水乳交融 聊以自慰 马屁精
`);

/** The built-in Chinese terms, simplified, without duplicates. */
export const ZH_TERMS: readonly string[] = [...new Set([...INSULTS, ...SLURS, ...SEXUAL, ...SPAM])];

/**
 * Words of `bad-words-chinese` deliberately not in the list (folded to simplified), each too
 * common as, or inside, an everyday word for a context-free substring match, or too mild to hold
 * a note for (often said of oneself).
 */
export const PACKAGE_TOO_BROAD: Readonly<Record<string, string>> = {
  去你的: 'also "(go) to your …": 要去你的家',
  干你: 'also "do your …": 干你的活',
  干您: 'also "do your …"',
  干林: 'a name and a place (干林村)',
  赣你: '赣 is also Jiangxi',
  赣您: '赣 is also Jiangxi',
  赣林: 'a name and a place',
  林北: 'a Taiwanese "I" and a place name',
  老母: 'also "old mother"',
  操你: 'also 操你的心 (worry about you); 操你妈 etc. are listed',
  王八: 'also "turtle"; 王八蛋 is listed',
  白目: 'mild Taiwanese "clueless"',
  白痴: 'mild, often said of oneself (我真是个白痴)',
  脑残: 'mild; 脑残粉 is a devoted fan',
  智障: 'mild, often said of oneself; also the medical term',
  混蛋: 'mild',
  浑蛋: 'mild',
  混帐: 'mild',
  下贱: 'mild, also literary',
  犯贱: 'mild, often said of oneself (我真犯贱)',
  妓: 'also 艺妓 (geisha), 歌妓: travel and history',
  屎: 'also 拉屎 (a pet or a baby), 屎壳郎 (a beetle)',
  洨: 'a river (洨河)',
  粪: 'also 粪便 (medicine), 粪肥 (farming)',
  孬: 'also 孬好 (dialect "good or bad"); 孬种 is listed',
};

/** A group of terms, one or more a line separated by spaces; lines starting with # are comments. */
function words(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(/\s+/))
    .filter((w) => w.length > 0);
}
