// English words back to their dictionary form, so that "cats", "went" and "running" find the CC-CEDICT
// senses "cat", "go" and "run": the irregular forms from a table, the regular ones by rule. The rules
// propose candidates; the caller keeps the first one its dictionary knows.

/** Irregular verb forms and plurals → dictionary form. */
const IRREGULAR: Readonly<Record<string, string>> = {
  am: 'be',
  is: 'be',
  are: 'be',
  was: 'be',
  were: 'be',
  been: 'be',
  being: 'be',
  has: 'have',
  had: 'have',
  does: 'do',
  did: 'do',
  done: 'do',
  went: 'go',
  gone: 'go',
  said: 'say',
  made: 'make',
  took: 'take',
  taken: 'take',
  came: 'come',
  saw: 'see',
  seen: 'see',
  got: 'get',
  gotten: 'get',
  gave: 'give',
  given: 'give',
  found: 'find',
  thought: 'think',
  told: 'tell',
  became: 'become',
  left: 'leave',
  felt: 'feel',
  brought: 'bring',
  began: 'begin',
  begun: 'begin',
  kept: 'keep',
  held: 'hold',
  wrote: 'write',
  written: 'write',
  stood: 'stand',
  heard: 'hear',
  meant: 'mean',
  met: 'meet',
  ran: 'run',
  paid: 'pay',
  sat: 'sit',
  spoke: 'speak',
  spoken: 'speak',
  led: 'lead',
  grew: 'grow',
  grown: 'grow',
  lost: 'lose',
  fell: 'fall',
  fallen: 'fall',
  sent: 'send',
  built: 'build',
  understood: 'understand',
  drew: 'draw',
  drawn: 'draw',
  broke: 'break',
  broken: 'break',
  spent: 'spend',
  rose: 'rise',
  risen: 'rise',
  drove: 'drive',
  driven: 'drive',
  bought: 'buy',
  wore: 'wear',
  worn: 'wear',
  chose: 'choose',
  chosen: 'choose',
  sought: 'seek',
  threw: 'throw',
  thrown: 'throw',
  caught: 'catch',
  dealt: 'deal',
  won: 'win',
  fought: 'fight',
  taught: 'teach',
  ate: 'eat',
  eaten: 'eat',
  sold: 'sell',
  flew: 'fly',
  flown: 'fly',
  struck: 'strike',
  hung: 'hang',
  shot: 'shoot',
  woke: 'wake',
  woken: 'wake',
  knew: 'know',
  known: 'know',
  forgot: 'forget',
  forgotten: 'forget',
  hid: 'hide',
  hidden: 'hide',
  sang: 'sing',
  sung: 'sing',
  swam: 'swim',
  slept: 'sleep',
  stole: 'steal',
  stolen: 'steal',
  froze: 'freeze',
  frozen: 'freeze',
  shook: 'shake',
  shaken: 'shake',
  bit: 'bite',
  bitten: 'bite',
  blew: 'blow',
  blown: 'blow',
  fed: 'feed',
  fled: 'flee',
  lit: 'light',
  sank: 'sink',
  sunk: 'sink',
  stuck: 'stick',
  swore: 'swear',
  sworn: 'swear',
  tore: 'tear',
  torn: 'tear',
  wept: 'weep',
  bore: 'bear',
  born: 'bear',
  lay: 'lie',
  lain: 'lie',
  laid: 'lay',
  rode: 'ride',
  ridden: 'ride',
  sprang: 'spring',
  sprung: 'spring',
  drank: 'drink',
  drunk: 'drink',
  rang: 'ring',
  rung: 'ring',
  shone: 'shine',
  slid: 'slide',
  spun: 'spin',
  stung: 'sting',
  strove: 'strive',
  swung: 'swing',
  wound: 'wind',
  withdrew: 'withdraw',
  withdrawn: 'withdraw',
  overcame: 'overcome',
  undertook: 'undertake',
  undertaken: 'undertake',
  forbade: 'forbid',
  forbidden: 'forbid',
  forgave: 'forgive',
  forgiven: 'forgive',
  arose: 'arise',
  arisen: 'arise',
  awoke: 'awake',
  beat: 'beat',
  beaten: 'beat',
  bent: 'bend',
  bound: 'bind',
  bred: 'breed',
  burnt: 'burn',
  clung: 'cling',
  crept: 'creep',
  dug: 'dig',
  dove: 'dive',
  dreamt: 'dream',
  fit: 'fit',
  flung: 'fling',
  ground: 'grind',
  knelt: 'kneel',
  leant: 'lean',
  leapt: 'leap',
  learnt: 'learn',
  lent: 'lend',
  mistook: 'mistake',
  mistaken: 'mistake',
  overtook: 'overtake',
  overtaken: 'overtake',
  shrank: 'shrink',
  shrunk: 'shrink',
  smelt: 'smell',
  sped: 'speed',
  spelt: 'spell',
  spilt: 'spill',
  split: 'split',
  spat: 'spit',
  spoilt: 'spoil',
  stank: 'stink',
  strode: 'stride',
  strung: 'string',
  swept: 'sweep',
  swollen: 'swell',
  thrust: 'thrust',
  trod: 'tread',
  wove: 'weave',
  woven: 'weave',
  wrung: 'wring',
  children: 'child',
  men: 'man',
  women: 'woman',
  people: 'people',
  feet: 'foot',
  teeth: 'tooth',
  mice: 'mouse',
  geese: 'goose',
  lives: 'life',
  wives: 'wife',
  knives: 'knife',
  leaves: 'leaf',
  wolves: 'wolf',
  halves: 'half',
  shelves: 'shelf',
  thieves: 'thief',
  selves: 'self',
  loaves: 'loaf',
  data: 'data',
  criteria: 'criterion',
  phenomena: 'phenomenon',
  media: 'media',
  analyses: 'analysis',
  crises: 'crisis',
  theses: 'thesis',
  bases: 'base',
  better: 'good',
  best: 'good',
  worse: 'bad',
  worst: 'bad',
  less: 'little',
  least: 'little',
  further: 'far',
  farther: 'far',
  furthest: 'far',
  elder: 'old',
  eldest: 'old',
};

const VOWEL = /[aeiouy]/;

/** Suffixes that make one word of a family from another, for words the dictionary has only in another form. */
const DERIVED: readonly (readonly [string, string])[] = [
  ['ious', 'ion'],
  ['tic', 'sis'],
  ['ial', 'e'],
  ['ular', 'ule'],
  ['ction', 'ce'],
  ['ically', 'ic'],
  ['ous', ''],
  ['ern', ''],
  ['ional', 'ion'],
  ['al', ''],
  ['ic', 'y'],
  ['ness', ''],
  ['ment', ''],
  ['ity', ''],
  ['ers', ''],
  ['er', ''],
  ['ists', ''],
  ['ist', ''],
  ['ive', 'ion'],
  ['ation', 'e'],
  ['ion', 'e'],
  ['able', ''],
  ['ful', ''],
];

/**
 * Dictionary forms `word` (lower-case) may be, most likely first, itself included: "cats" → cats, cat;
 * "running" → running, run, runn, running; "tried" → tried, try, trie, tri. An irregular form gives its
 * table entry only after itself.
 */
export function lemmas(word: string): string[] {
  return lemmaForms(word).forms;
}

/** lemmas(), and how many of them (from the first) only undo an inflection (cats → cat, went → go), not a derivation (station ↛ state). */
export function lemmaForms(word: string): { forms: string[]; inflections: number } {
  const out = [word];
  const irregular = IRREGULAR[word];
  if (irregular) out.push(irregular);
  const add = (stem: string) => {
    if (stem.length >= 2 && VOWEL.test(stem) && !out.includes(stem)) out.push(stem);
  };
  const n = word.length;
  if (n > 3 && word.endsWith('ies')) add(`${word.slice(0, -3)}y`);
  if (n > 3 && /(s|x|z|ch|sh|o)es$/.test(word)) add(word.slice(0, -2));
  if (n > 2 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) add(word.slice(0, -1));
  let inflections = 0;
  for (const suffix of ['ed', 'ing', 'er', 'est']) {
    // the comparative and agent -er (bigger, worker) is read only after the inflections proper
    if (suffix === 'er') inflections = out.length;
    if (n < suffix.length + 2 || !word.endsWith(suffix)) continue;
    const stem = word.slice(0, -suffix.length);
    if (/i$/.test(stem) && suffix !== 'ing') add(`${stem.slice(0, -1)}y`);
    // stopped → stop, running → run
    if (/([bdgklmnprt])\1$/.test(stem)) add(stem.slice(0, -1));
    add(stem);
    add(`${stem}e`);
  }
  if (n > 4 && word.endsWith('ly')) {
    const stem = word.slice(0, -2);
    if (stem.endsWith('i')) add(`${stem.slice(0, -1)}y`);
    add(stem);
    add(`${stem}le`);
  }
  // British spellings: civilisation, colour, travellers, kilometres.
  const american = word
    .replace(/is(e|ed|es|ing|ation)$/, 'iz$1')
    .replace(/our(s?)$/, 'or$1')
    .replace(/ll(ed|ing|er|ers)$/, 'l$1')
    .replace(/tre(s?)$/, 'ter$1');
  if (american !== word) for (const l of lemmas(american)) add(l);
  // Last, a word of the same family: religious → religion, eastern → east, threat → threaten.
  for (const [from, to] of DERIVED) if (n > from.length + 2 && word.endsWith(from)) add(word.slice(0, -from.length) + to);
  if (word.endsWith('t')) add(`${word}en`);
  return { forms: out, inflections };
}

/** The table's forms that are not a verb's past: present tenses, plurals, comparatives. */
const NOT_PAST = new Set(
  'am is are has does people children men women data media feet teeth mice geese lives wives knives leaves wolves halves shelves thieves selves loaves criteria phenomena analyses crises theses bases better best worse worst less least further farther furthest elder eldest'.split(
    ' ',
  ),
);

/** Irregular past tenses (not participles): a verb in one of them happened, and Chinese may say 了. */
export const IRREGULAR_PAST = new Set(Object.keys(IRREGULAR).filter((w) => !/(en|wn|un|ung|ne)$/.test(w) && !NOT_PAST.has(w) && !/^(being|been)$/.test(w)));

/** Dictionary form → irregular past tense (go → went), from the table above. */
const PAST = new Map<string, string>();
/** British past tenses (learnt, burnt) the table reads but American text, and so the gloss, writes regularly. */
const BRITISH_PAST = /^(burnt|dreamt|leant|leapt|learnt|smelt|spelt|spilt|spoilt)$/;
for (const [form, base] of Object.entries(IRREGULAR))
  if (IRREGULAR_PAST.has(form) && !PAST.has(base) && form !== base && !BRITISH_PAST.test(form)) PAST.set(base, form);
/** Verbs whose past tense is the verb itself: let, put, cut. */
const SAME_PAST = new Set('beat bet burst cast cost cut fit hit hurt let put quit read set shed shut split spread thrust upset'.split(' '));

/** The past tense of a verb phrase's first word: "invent" → "invented", "take off" → "took off". */
export function pastTense(phrase: string): string {
  const space = phrase.indexOf(' ');
  const verb = space < 0 ? phrase : phrase.slice(0, space);
  const rest = space < 0 ? '' : phrase.slice(space);
  const irregular = PAST.get(verb);
  if (irregular) return irregular + rest;
  if (SAME_PAST.has(verb) || /[^e]ed$/.test(verb)) return phrase;
  if (!/^[a-z]+$/.test(verb)) return phrase;
  if (verb.endsWith('e')) return `${verb}d${rest}`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ied${rest}`;
  if (doublesFinal(verb)) return `${verb}${verb.slice(-1)}ed${rest}`;
  return `${verb}ed${rest}`;
}

/** Longer verbs stressed on a last syllable that ends in one consonant: transfer, control, permit, expel. */
const STRESSED_LAST = /^((ad|com|e|o|per|sub|trans)mit|(com|ex|pro|re)pel|(con|pa)trol|(in|oc|re)cur|(con|de|in|pre|re|trans)fer|regret|equip)$/;

/** Whether a verb doubles its last letter before -ed and -ing: stop → stopped, transfer → transferred. */
export function doublesFinal(verb: string): boolean {
  return /^[^aeiou]*[aeiou][bdgmnpt]$/.test(verb) || STRESSED_LAST.test(verb);
}

/** Dictionary form → irregular past participle (go → gone, take → taken), from the table above. */
const PARTICIPLE = new Map<string, string>();
for (const [form, base] of Object.entries(IRREGULAR)) if (/(en|wn|un|ung|ne)$/.test(form) && form !== base && !PARTICIPLE.has(base)) PARTICIPLE.set(base, form);

/** Verbs whose participle is the verb itself: come, become, run. */
const SAME_PARTICIPLE = new Set(['come', 'become', 'overcome', 'run']);

/** The past participle of a verb phrase's first word: "grow" → "grown", "play" → "played". */
export function pastParticiple(phrase: string): string {
  const space = phrase.indexOf(' ');
  const verb = space < 0 ? phrase : phrase.slice(0, space);
  if (SAME_PARTICIPLE.has(verb)) return phrase;
  const irregular = PARTICIPLE.get(verb);
  return irregular ? irregular + (space < 0 ? '' : phrase.slice(space)) : pastTense(phrase);
}

/** Nouns English does not count (or whose plural is the same word): no -s. */
const UNCOUNTED = new Set(
  'people police staff cattle sheep fish deer luggage baggage information equipment furniture advice news water money music research traffic evidence knowledge weather rice software homework hardware health safety wealth history nature energy electricity pollution progress damage freedom education transport transportation agriculture literature peace violence poverty gravity oxygen clothing machinery livestock wildlife scenery vegetation springtime'.split(
    ' ',
  ),
);

const IRREGULAR_PLURAL: Readonly<Record<string, string>> = {
  man: 'men',
  woman: 'women',
  child: 'children',
  foot: 'feet',
  tooth: 'teeth',
  mouse: 'mice',
  person: 'people',
};

/** The plural of a noun phrase's last word: "cell" → "cells", "country" → "countries". */
export function plural(phrase: string): string {
  const space = phrase.lastIndexOf(' ');
  const head = phrase.slice(0, space + 1);
  const noun = phrase.slice(space + 1);
  if (!/^[a-z]+$/.test(noun) || noun.endsWith('s')) return phrase;
  if (UNCOUNTED.has(noun)) return phrase;
  const irregular = IRREGULAR_PLURAL[noun];
  if (irregular) return head + irregular;
  if (/(s|x|z|ch|sh)$/.test(noun)) return `${head}${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${head}${noun.slice(0, -1)}ies`;
  return `${head}${noun}s`;
}

/** A country's or a continent's adjective, by its English name: China → Chinese, Canada → Canadian. */
const DEMONYM: Readonly<Record<string, string>> = {
  'United States': 'American',
  America: 'American',
  'United Kingdom': 'British',
  Britain: 'British',
  England: 'English',
  Scotland: 'Scottish',
  Ireland: 'Irish',
  China: 'Chinese',
  Japan: 'Japanese',
  'South Korea': 'South Korean',
  'North Korea': 'North Korean',
  Vietnam: 'Vietnamese',
  Thailand: 'Thai',
  India: 'Indian',
  Pakistan: 'Pakistani',
  Afghanistan: 'Afghan',
  Iran: 'Iranian',
  Iraq: 'Iraqi',
  Israel: 'Israeli',
  Syria: 'Syrian',
  Lebanon: 'Lebanese',
  Palestine: 'Palestinian',
  'Saudi Arabia': 'Saudi',
  Turkey: 'Turkish',
  Egypt: 'Egyptian',
  Kenya: 'Kenyan',
  Nigeria: 'Nigerian',
  Indonesia: 'Indonesian',
  Malaysia: 'Malaysian',
  Philippines: 'Filipino',
  Mongolia: 'Mongolian',
  Taiwan: 'Taiwanese',
  Russia: 'Russian',
  Ukraine: 'Ukrainian',
  France: 'French',
  Germany: 'German',
  Italy: 'Italian',
  Spain: 'Spanish',
  Portugal: 'Portuguese',
  Greece: 'Greek',
  Holland: 'Dutch',
  Netherlands: 'Dutch',
  Belgium: 'Belgian',
  Switzerland: 'Swiss',
  Austria: 'Austrian',
  Poland: 'Polish',
  Hungary: 'Hungarian',
  Romania: 'Romanian',
  'Czech Republic': 'Czech',
  Sweden: 'Swedish',
  Norway: 'Norwegian',
  Denmark: 'Danish',
  Finland: 'Finnish',
  Iceland: 'Icelandic',
  Canada: 'Canadian',
  Mexico: 'Mexican',
  Cuba: 'Cuban',
  Brazil: 'Brazilian',
  Argentina: 'Argentine',
  Chile: 'Chilean',
  Peru: 'Peruvian',
  Colombia: 'Colombian',
  Venezuela: 'Venezuelan',
  Australia: 'Australian',
  Europe: 'European',
  Asia: 'Asian',
  Africa: 'African',
};

/** The adjective of a country or continent named in English (Canada → Canadian), or undefined. */
export const demonym = (place: string): string | undefined => DEMONYM[place];

/** A nation's people by its adjective: Canadians, Israelis, Greeks, but the Chinese, the French, the Swiss. */
export const nationals = (adjective: string): string => (/(ese|sh|ch|ss)$/.test(adjective) ? adjective : `${adjective}s`);
