// BLEU, chrF and the 13a/zh tokenizers against sacreBLEU. Unless a comment says otherwise, the cases and their
// tolerances are sacreBLEU's own (github.com/mjpost/sacrebleu at v2.6.0+, test/test_bleu.py,
// test/test_sentence_bleu.py, test/test_chrf.py). The cases that use the `intl` and `char` tokenizers are left
// out: this port has only `13a`, `zh` and `none`. sacreBLEU ships no test of its tokenizers 13a and zh, so
// those figures, and the FLORES ones, come from running sacreBLEU 2.6.0 itself, as each comment says.
//
// Run: npx tsx --test eval/metrics/metrics.test.ts
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type BleuOptions, bleu, computeBleu, tokenize13a, tokenizeZh } from './bleu.ts';
import { chrf } from './chrf.ts';

function assertClose(actual: number, expected: number, epsilon: number): void {
  assert.ok(Math.abs(actual - expected) < epsilon, `${actual} differs from ${expected} by ${epsilon} or more`);
}

// test_bleu.py: the README example, two reference streams.
const REFS = [
  ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
  ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
];
const HYPS = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];

/** compat.raw_corpus_bleu: no tokenization, `floor` smoothing (0.1 unless given), effective order. */
function rawCorpusBleu(hypotheses: string[], references: string[][], smoothValue?: number): number {
  return bleu(hypotheses, references, { tokenize: 'none', smooth: 'floor', smoothValue, effectiveOrder: true }).score / 100;
}

describe('BLEU: sacreBLEU test_bleu.py', () => {
  const EPSILON = 1e-8;

  it('raw corpus BLEU (test_raw_bleu)', () => {
    const cases: [string[], string[][], number][] = [
      [['this is a test', 'another test'], [['ref1', 'ref2']], 0.0],
      [['this is a test'], [['this is a test']], 1.0],
      [['this is a fest'], [['this is a test']], 0.223606797749979],
    ];
    for (const [hyps, refs, expected] of cases) assertClose(rawCorpusBleu(hyps, refs, 0.01), expected, EPSILON);
  });

  it('corpus BLEU (test_corpus_bleu)', () => {
    const cases: [string[], BleuOptions, number][] = [
      [HYPS, {}, 48.530827],
      [['', '', ''], {}, 0.0],
      [HYPS, { tokenize: 'none' }, 49.1919566],
      [HYPS, { tokenize: '13a' }, 48.530827],
      [HYPS, { smooth: 'none' }, 48.530827],
    ];
    for (const [hyps, opts, expected] of cases) assertClose(bleu(hyps, REFS, opts).score, expected, EPSILON);
  });

  it('effective order (test_effective_order)', () => {
    const cases: [string[], string[][], number][] = [
      [['test'], [['a test']], 0.3678794411714425],
      [['a test'], [['a test']], 1.0],
      [['a little test'], [['a test']], 0.03218297948685433],
    ];
    for (const [hyps, refs, expected] of cases) assertClose(rawCorpusBleu(hyps, refs, 0.01), expected, EPSILON);
  });

  it('match statistics (test_statistics)', () => {
    const result = bleu(['am I am a character sequence'], [['I am a symbol string sequence a a']], {
      tokenize: 'none',
      smooth: 'floor',
      smoothValue: 0.01,
      effectiveOrder: true,
    });
    assert.deepEqual(result.counts, [4, 2, 1, 0]);
    assert.deepEqual(result.totals, [6, 5, 4, 3]);
  });

  it('scoring from statistics (test_scoring)', () => {
    assertClose(computeBleu([9, 7, 5, 3], [10, 8, 6, 4], 11, 11, { smooth: 'none' }).score / 100, 0.8375922397, EPSILON);
  });

  it('floor smoothing offset (test_offset)', () => {
    const hyps = ['am I am a character sequence'];
    const refs = [['I am a symbol string sequence a a']];
    assertClose(rawCorpusBleu(hyps, refs, 0.0), 0, EPSILON);
    // Without a value, floor smoothing uses BLEU's default of 0.1.
    assertClose(rawCorpusBleu(hyps, refs), 0.1555722182, EPSILON);
  });

  it('degenerate statistics score exactly 0 (test_degenerate_statistics)', () => {
    const cases: [number[], number[], number, number, number][] = [
      [[0, 0, 0, 0], [4, 4, 2, 1], 0, 1, 0.0],
      [[0, 0, 0, 0], [10, 11, 12, 0], 14, 10, 0.0],
      [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.0],
      [[6, 5, 4, 0], [6, 5, 4, 3], 6, 6, 0.0],
      [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.1],
      [[0, 0, 0, 0], [0, 0, 0, 0], 1, 5, 0.01],
    ];
    for (const [correct, total, sysLen, refLen, offset] of cases) {
      assert.equal(computeBleu(correct, total, sysLen, refLen, { smooth: 'floor', smoothValue: offset }).score / 100, 0);
    }
  });

  it('max n-gram order (test_max_ngram_order)', () => {
    const expected = ['77.65', '60.50', '53.93', '48.53', '46.14', '43.28'];
    expected.forEach((score, i) => {
      assert.equal(bleu(HYPS, REFS, { maxNgramOrder: i + 1 }).score.toFixed(2), score);
    });
  });

  it('lowercase: an upper-cased system scores as the original (figure from sacreBLEU 2.6.0, BLEU(lowercase=True))', () => {
    const upper = HYPS.map((h) => h.toUpperCase());
    assertClose(bleu(upper, REFS, { lowercase: true }).score, 48.530827009929865, EPSILON);
  });

  it('refuses a reference stream of another length than the hypotheses', () => {
    assert.throws(() => bleu(HYPS, [['one reference']]), RangeError);
  });
});

describe('BLEU: sacreBLEU test_sentence_bleu.py (one segment, effective order)', () => {
  const EPSILON = 1e-3;
  const sentenceBleu = (sys: string, ref: string, opts: BleuOptions) => bleu([sys], [ref], { ...opts, effectiveOrder: true }).score;

  it('smoothing methods and tokenizers', () => {
    // Example from sacreBLEU issue #98.
    const REF = 'producţia de zahăr brut se exprimă în zahăr alb;';
    const SYS = 'Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;';
    const cases: [BleuOptions, number][] = [
      [{ smooth: 'exp' }, 8.493],
      [{ smooth: 'none' }, 0.0],
      [{ smooth: 'floor' }, 4.51688],
      [{ smooth: 'floor', smoothValue: 0.1 }, 4.51688],
      [{ smooth: 'floor', smoothValue: 0.5 }, 10.1],
      [{ smooth: 'add-k' }, 14.882],
      [{ smooth: 'add-k', smoothValue: 1 }, 14.882],
      [{ smooth: 'add-k', smoothValue: 2 }, 21.389],
      [{ smooth: 'exp', tokenize: 'none' }, 7.347],
    ];
    for (const [opts, expected] of cases) assertClose(sentenceBleu(SYS, REF, opts), expected, EPSILON);
  });

  it('no match scores 0 whatever the smoothing', () => {
    // Example from sacreBLEU issue #141.
    const cases: BleuOptions[] = [
      { smooth: 'exp' },
      { smooth: 'none' },
      { smooth: 'floor' },
      { smooth: 'floor', smoothValue: 0.1 },
      { smooth: 'add-k' },
      { smooth: 'add-k', smoothValue: 1 },
    ];
    for (const opts of cases) assertClose(sentenceBleu('this is a cat', 'okay thanks', opts), 0, EPSILON);
  });
});

describe('chrF: sacreBLEU test_chrf.py', () => {
  const EPSILON = 1e-4;

  it('epsilon smoothing, beta 3 (test_chrf)', () => {
    const cases: [string[], string[], number][] = [
      [['abcdefg'], ['hijklmnop'], 0.0],
      [['a'], ['b'], 0.0],
      [[''], ['b'], 0.0],
      [[''], ['ref'], 0.0],
      [[''], ['reference'], 0.0],
      [['aa'], ['ab'], 8.3333],
      [['a', 'b'], ['a', 'c'], 8.3333],
      [['a'], ['a'], 16.6667],
      [['a b c'], ['a b c'], 50.0],
      [['a b c'], ['abc'], 50.0],
      [
        [' risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .'],
        ['risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .'],
        63.36173,
      ],
      [
        [' Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. '],
        ['Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.'],
        64.1302698,
      ],
      [['Niemand hat die Absicht, eine Mauer zu errichten'], ['Niemand hat die Absicht, eine Mauer zu errichten'], 100.0],
    ];
    for (const [hyps, refs, expected] of cases) {
      assertClose(chrf(hyps, refs, { charOrder: 6, wordOrder: 0, beta: 3, eps_smoothing: true }), expected, EPSILON);
    }
  });

  it('effective order, sacreBLEU < 2.0 mode and the default (test_chrf_eff_order)', () => {
    const cases: [string[], string[], number][] = [
      [['a'], ['a'], 100.0],
      [[''], ['reference'], 0.0],
      [['a b c'], ['a b c'], 100.0],
      [['a b c'], ['abc'], 100.0],
      [[''], ['c'], 0.0],
      [['a', 'b'], ['a', 'c'], 50.0],
      [['aa'], ['ab'], 25.0],
    ];
    for (const [hyps, refs, expected] of cases) {
      assertClose(chrf(hyps, refs, { charOrder: 6, wordOrder: 0, beta: 3, eps_smoothing: false }), expected, EPSILON);
    }
  });

  it('whitespace kept in character n-grams (test_chrf_keep_whitespace)', () => {
    const cases: [string[], string[], number][] = [
      [
        ['Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich.'],
        ['Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.'],
        67.3481606,
      ],
      [
        ['risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .'],
        ['risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .'],
        65.2414427,
      ],
    ];
    for (const [hyps, refs, expected] of cases) assertClose(chrf(hyps, refs, { beta: 3, whitespace: true }), expected, EPSILON);
  });

  it('sentence level, defaults with epsilon smoothing (test_chrf_sentence_level)', () => {
    const cases: [string, string, number][] = [
      [
        'Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.',
        'Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.',
        39.14078509,
      ],
      [
        'Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.',
        'A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.',
        31.22557079,
      ],
      [
        'Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.',
        'Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.',
        57.15704367,
      ],
    ];
    for (const [hyp, ref, expected] of cases) assertClose(chrf([hyp], [ref], { eps_smoothing: true }), expected, EPSILON);
  });

  it('several references, chrF and chrF++ (figures from sacreBLEU 2.6.0: CHRF() and CHRF(word_order=2) on the README example)', () => {
    assertClose(chrf(HYPS, REFS), 59.72751782684763, 1e-9);
    assertClose(chrf(HYPS, REFS, { wordOrder: 2 }), 59.15310444399262, 1e-9);
  });
});

describe('tokenizers 13a and zh', () => {
  // [input, tokenizer_13a output, tokenizer_zh output], each output from sacreBLEU 2.6.0's
  // Tokenizer13a()(s) and TokenizerZh()(s). Inputs: lines of test_bleu.py, test_sentence_bleu.py and
  // test_tokenizer_ter.py, then cases written for the rules: HTML entities, <skipped> and line breaks (13a
  // only), numbers, the punctuation that zh's ranges take in by accident (“ ” — … → ★ ✓), a CJK Extension B
  // character (not split), full-width forms, and whitespace that Python and JavaScript disagree on.
  const CASES: [string, string, string][] = [
    ['The dog bit the man.', 'The dog bit the man .', 'The dog bit the man .'],
    ["It wasn't surprising.", "It wasn't surprising .", "It wasn't surprising ."],
    ['The man had just bitten him.', 'The man had just bitten him .', 'The man had just bitten him .'],
    [
      'Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;',
      'Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb ;',
      'Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb ;',
    ],
    ['美众院公布对特', '美众院公布对特', '美 众 院 公 布 对 特'],
    [
      '&quot;Hello&quot; &amp;quot; &lt;b&gt; <skipped>line-\nbreak\nnext',
      '" Hello " & quot ; < b > linebreak next',
      '& quot ; Hello & quot ; & amp ; quot ; & lt ; b & gt ; < skipped > line- break next',
    ],
    [
      'Prices: 3.5, 1,000 and 10-20 km. (e.g. x-y) $5/kg @home #tag',
      'Prices : 3.5 , 1,000 and 10 - 20 km . ( e . g . x-y ) $ 5 / kg @ home # tag',
      'Prices : 3.5 , 1,000 and 10 - 20 km . ( e . g . x-y ) $ 5 / kg @ home # tag',
    ],
    ['“Quoted” — dash… → ok ★ ✓', '“Quoted” — dash… → ok ★ ✓', '“ Quoted ” — dash … → ok ★ ✓'],
    [
      '𠀀 and 火锅 and ⿰ and 々〆 and ＡＢＣ１２３，。',
      '𠀀 and 火锅 and ⿰ and 々〆 and ＡＢＣ１２３，。',
      '𠀀 and 火 锅 and ⿰ and 々 〆 and Ａ Ｂ Ｃ １ ２ ３ ， 。',
    ],
    [
      '  周一，斯坦福大学医学院的科学家宣布：一种可打印的微型芯片。 ',
      '周一，斯坦福大学医学院的科学家宣布：一种可打印的微型芯片。',
      '周 一 ， 斯 坦 福 大 学 医 学 院 的 科 学 家 宣 布 ： 一 种 可 打 印 的 微 型 芯 片 。',
    ],
    ['iPhone 15 售价 5,999 元。', 'iPhone 15 售价 5,999 元。', 'iPhone 15 售 价 5,999 元 。'],
    ['a\x85b\u3000c\ufeffd\x1ce\u00a0f', 'a b c\ufeffd e f', 'a b c\ufeffd e f'],
  ];

  it('sample strings', () => {
    for (const [input, expected13a, expectedZh] of CASES) {
      assert.equal(tokenize13a(input), expected13a, `13a: ${JSON.stringify(input)}`);
      assert.equal(tokenizeZh(input), expectedZh, `zh: ${JSON.stringify(input)}`);
    }
  });
});

const FLORES = fileURLToPath(new URL('../../../shared/data/flores-dev/', import.meta.url));
const readLines = (name: string): string[] => fs.readFileSync(`${FLORES}${name}`, 'utf8').split('\n').slice(0, -1);

// The shared data lies beside the project on every machine that runs the suite (CI included): missing, it fails.
describe('FLORES-200 dev: the same figures as Python sacreBLEU 2.6.0', () => {
  it('tokenizes all four files exactly as sacreBLEU does', () => {
    // sha256 of the tokenized lines joined by "\n", from sacreBLEU 2.6.0's Tokenizer13a and TokenizerZh.
    const expected: [string, string, string][] = [
      ['dev.en', '13a', 'fd70be5aa26c07c666f1d46009895df844792b95eae9f3e36158676f83d4009a'],
      ['dev.en', 'zh', '3afeb513dec0d45e61a81ec7535e98961c316322aab6f02d858053c4591cf12b'],
      ['dev.zh', '13a', 'c1af78d88165fb35bec1ad0519adee5c43927bf8dc437e1ae7cc6d5a0830112d'],
      ['dev.zh', 'zh', '2b04cafc3dd2a77739a58202e20802ae2cf95366c3d90ce46dc5a43ab2575aa1'],
      ['dev.argos.zh-en.en', '13a', '5fa19b8e9e5949a0f21d12c324d0dc0e41406c09ae01688ae5c4a551cda04df8'],
      ['dev.argos.zh-en.en', 'zh', '51fbacad9ce8a1fe52e5aefb655f2206f58dc3ce3930cf868f3d365ddf3e9622'],
      ['dev.argos.en-zh.zh', '13a', 'bd9bb28b91fc0d31a924e01508508cdd2d8c78e015e4e1e3fd3ee3ba6428c95f'],
      ['dev.argos.en-zh.zh', 'zh', '9adebc1619a5ffa36493e60b90ce8020b4110aa5a754f5332b96675f1d2779be'],
    ];
    for (const [file, tokenizer, sha256] of expected) {
      const tokenize = tokenizer === 'zh' ? tokenizeZh : tokenize13a;
      const digest = createHash('sha256').update(readLines(file).map(tokenize).join('\n')).digest('hex');
      assert.equal(digest, sha256, `${file} with ${tokenizer}`);
    }
  });

  // Python: lines = open(f).read().split('\n')[:-1]; BLEU(tokenize=tok).corpus_score(hyps, [refs]),
  // CHRF().corpus_score(hyps, [refs]) and CHRF(word_order=2).corpus_score(hyps, [refs]) with sacreBLEU 2.6.0.
  // The port reproduces them to the last bit; 1e-9 leaves room only for a libm's last digit.
  it('Argos zh→en (English target, BLEU tokenize 13a)', () => {
    const hyps = readLines('dev.argos.zh-en.en');
    const refs = readLines('dev.en');
    const b = bleu(hyps, refs, { tokenize: '13a' });
    assertClose(b.score, 23.416356576847097, 1e-9);
    assert.deepEqual(b.counts, [13529, 6747, 3746, 2124]);
    assert.deepEqual(b.totals, [23693, 22696, 21699, 20702]);
    assert.equal(b.sysLen, 23693);
    assert.equal(b.refLen, 23555);
    assert.equal(b.bp, 1);
    assertClose(chrf(hyps, refs), 53.610004877640364, 1e-9);
    assertClose(chrf(hyps, refs, { wordOrder: 2 }), 51.01361410588496, 1e-9);
  });

  it('Argos en→zh (Chinese target, BLEU tokenize zh)', () => {
    const hyps = readLines('dev.argos.en-zh.zh');
    const refs = readLines('dev.zh');
    const b = bleu(hyps, refs, { tokenize: 'zh' });
    assertClose(b.score, 32.04028587150927, 1e-9);
    assert.deepEqual(b.counts, [22865, 14625, 9420, 6350]);
    assert.deepEqual(b.totals, [34776, 33779, 32782, 31785]);
    assert.equal(b.sysLen, 34776);
    assert.equal(b.refLen, 38590);
    assertClose(chrf(hyps, refs), 28.838281852250546, 1e-9);
    assertClose(chrf(hyps, refs, { wordOrder: 2 }), 21.813632019176303, 1e-9);
  });
});
