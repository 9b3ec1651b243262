// An English name the dictionary lacks, spelled in Chinese characters the way Chinese writers spell
// foreign names (Vidal 维达尔, Pattavee 帕塔维): the name is cut into syllables, each a consonant and a
// vowel, a lone consonant, or a vowel, and each syllable is written with the character the Xinhua
// transliteration tables give it. The result is an approximation of the usual spelling, which Chinese
// text then follows with the name in Latin letters in parentheses, as the gloss does too.

/** Vowel columns of the table: a e i o u, and the nasal finals an en in on un. */
const COLUMNS = ['a', 'e', 'i', 'o', 'u', 'an', 'en', 'in', 'on', 'un'] as const;

/**
 * For each onset (after the spelling is normalized: c → k or s, ph → f, …): the characters for its
 * syllables in COLUMNS order ('' where the table has none and the plain vowel is used), then the
 * character for the consonant standing alone.
 */
const TABLE: Readonly<Record<string, string>> = {
  '': '阿埃伊奥乌安恩因翁温',
  b: '巴贝比博布班本宾邦本布',
  p: '帕佩皮波普潘彭平庞蓬普',
  d: '达德迪多杜丹登丁东敦德',
  t: '塔特蒂托图坦滕廷通屯特',
  g: '加盖吉戈古甘根金贡贡格',
  k: '卡凯基科库坎肯金孔昆克',
  f: '法费菲福富凡芬芬丰丰夫',
  v: '瓦韦维沃武万文文旺文夫',
  w: '瓦韦威沃伍万温温旺温',
  s: '萨塞西索苏桑森辛松孙斯',
  z: '扎泽齐佐祖赞曾津宗尊兹',
  sh: '沙谢希肖舒尚申欣雄顺什',
  ch: '查切奇乔丘钱琴钦琼春奇',
  j: '贾杰吉乔朱詹真金琼君吉',
  h: '哈赫希霍胡汉亨欣洪洪赫',
  m: '马梅米莫穆曼门明蒙蒙姆',
  n: '纳内尼诺努南嫩宁农农恩',
  l: '拉莱利洛卢兰伦林隆伦尔',
  r: '拉雷里罗鲁兰伦林朗伦尔',
  y: '亚耶伊约尤扬延因扬云伊',
  ts: '察策齐措楚灿岑钦聪纯茨',
  kw: '夸奎奎科库宽昆昆宽昆克',
};

const ONSETS = ['sh', 'ch', 'ts', 'kw', 'b', 'p', 'd', 't', 'g', 'k', 'f', 'v', 'w', 's', 'z', 'j', 'h', 'm', 'n', 'l', 'r', 'y'];

/** The spelling made closer to the sound: c, ph, th, ck, qu, x, doubled letters, a silent final e. */
function normalize(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z]/g, '')
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/ck/g, 'k')
    .replace(/qu/g, 'kw')
    .replace(/q/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/c([eiy])/g, 's$1')
    .replace(/tch/g, 'ch')
    .replace(/c(?!h)/g, 'k')
    .replace(/tz/g, 'ts')
    .replace(/wh/g, 'w')
    .replace(/kh/g, 'k')
    .replace(/(?<=[aeiou])h(?![aeiou])/g, '')
    .replace(/([b-df-hj-np-tv-z])\1/g, '$1')
    .replace(/(?<=[^aeiouy][aeiou][^aeiouy])e$/, '')
    .replace(/y(?![aeiou])/g, 'i');
}

/** The vowel sound of a vowel group, as a COLUMNS key. */
function vowel(group: string): string {
  if (/^(ai|ay|ei|ey|ea|ae)$/.test(group)) return group === 'ea' ? 'i' : 'e';
  if (/^(ee|ie|ii)$/.test(group)) return 'i';
  if (/^(ou|oo|ue|ui|uo)$/.test(group)) return 'u';
  if (/^(au|aw|oa|oe)$/.test(group)) return 'o';
  return group[0] as string;
}

/** A name in Chinese characters ("Vidal" → 维达尔), or '' when it has no letter to spell. */
export function transliterate(name: string): string {
  const s = normalize(name);
  let out = '';
  let i = 0;
  while (i < s.length) {
    let onset = ONSETS.find((o) => s.startsWith(o, i)) ?? '';
    const at = i + onset.length;
    if (onset === '' && i > 0 && /[aeiou]/.test(s[i] as string) && /[ie]/.test(s[i - 1] as string)) onset = 'y';
    else if (onset === '' && !/[aeiou]/.test(s[i] as string)) {
      i++;
      continue;
    }
    const row = TABLE[onset] as string;
    const group = /^[aeiou]+/.exec(s.slice(at))?.[0] ?? '';
    if (!group) {
      // A consonant without a vowel: the table's lone-consonant character (尔 for a final l or r).
      out += [...row][10] ?? '';
      i = at;
      continue;
    }
    // A vowel pair that is not one sound is two syllables: Virginia → …ni-a, the second as ya.
    const one = group.length === 1 || /^(ai|ay|ei|ey|ea|ae|ee|ie|ii|ou|oo|ue|ui|uo|au|aw|oa|oe)/.test(group);
    let v = vowel(one ? group.slice(0, 2) : (group[0] as string));
    let end = at + (one ? Math.min(group.length, 2) : 1);
    // A nasal that ends the syllable (followed by a consonant or the end) joins it: dan, lin, son.
    const next = s[end];
    if ((next === 'n' || next === 'm') && !/[aeiou]/.test(s[end + 1] ?? '') && !(next === 'm' && v === 'i')) {
      v = `${v}n`;
      end++;
      if (s[end] === 'g') end++;
    }
    const column = COLUMNS.indexOf(v as (typeof COLUMNS)[number]);
    out += [...row][column] ?? '';
    i = end;
  }
  return out;
}
