// `npm run eval -- <name> [flags]`: runs eval/<name>.ts. An evaluation replays a seeded, simulated
// community through the real code and prints quality figures against baselines measured in the same
// run; the same seed gives the same figures.
import { pathToFileURL } from 'node:url';

/** One entry an evaluation; the import is lazy so listing them starts nothing. */
export const EVALUATIONS: Record<string, { about: string; load: () => Promise<{ run(args: string[]): Promise<number> }> }> = {
  feed: {
    about:
      'Explore: a simulated community replayed through the real ranker; NDCG@20, Recall@20, small-author and cross-language shares vs random, most-popular, newest',
    load: () => import('./feed.ts'),
  },
  translate: {
    about:
      'Translation: BLEU and chrF (as sacreBLEU) on FLORES-200 dev, both directions, for the gloss, the pipeline in front of LibreTranslate (Argos), and the configured provider',
    load: () => import('./translate.ts'),
  },
  search: {
    about:
      'Search: 145 labelled queries (English, Chinese, traditional, pinyin, typos, cross-lingual, hashtags, people) on the seeded demo community through the real API; nDCG@10, Recall@10, MRR per query group',
    load: () => import('./search.ts'),
  },
};

function list(): void {
  console.log('usage: npm run eval -- <name> [flags]   (flags: npm run eval -- <name> --help)\n\navailable evaluations:');
  for (const [name, e] of Object.entries(EVALUATIONS)) console.log(`  ${name.padEnd(8)} ${e.about}`);
}

export async function main(argv: string[]): Promise<number> {
  const name = argv[0];
  if (!name) {
    list();
    return 0;
  }
  const evaluation = EVALUATIONS[name];
  if (!evaluation) {
    console.error(`unknown evaluation "${name}"\n`);
    list();
    return 2;
  }
  try {
    return await (await evaluation.load()).run(argv.slice(1));
  } catch (err) {
    console.error(`\nevaluation "${name}" could not run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(await main(process.argv.slice(2)));
