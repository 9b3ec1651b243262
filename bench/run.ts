// `npm run bench -- <name>`: runs bench/<name>.ts. Benchmarks print figures and ratios against a
// baseline measured in the same run; they never fail on timings (machines differ, CI is noisy).
import { pathToFileURL } from 'node:url';

/** One entry a capability; the import is lazy so listing them starts nothing. */
export const BENCHMARKS: Record<string, { about: string; load: () => Promise<{ run(args: string[]): Promise<void> }> }> = {
  accounts: {
    about: 'profile reads vs bare Fastify; sign-ups vs raw argon2id (--pg: on PostgreSQL)',
    load: () => import('./accounts.ts'),
  },
  data: {
    about: 'export of 1,000 notes and 5,000 photos vs zipping the same files with yazl (MB/s, peak RSS); import of a 20 MB TikTok export (seconds, peak RSS)',
    load: () => import('./data.ts'),
  },
  feed: {
    about:
      'Explore (visitors; readers paging 3 pages) and Following vs bare Fastify, on a generated dataset kept in ./data (--pg; --full: 1M notes, --small: 20k; --fresh)',
    load: () => import('./feed.ts'),
  },
  language: {
    about: 'the CC-CEDICT index (load time, heap), look-ups both ways, pinyin over FLORES-200 dev sentences vs jieba alone',
    load: () => import('./language.ts'),
  },
  media: {
    about: 'a 12 MP JPEG into all derivatives: MediaService.ingest vs raw sharp',
    load: () => import('./media.ts'),
  },
  notes: {
    about: 'note page reads vs bare Fastify; like writes per second (--pg: on PostgreSQL)',
    load: () => import('./notes.ts'),
  },
  room: {
    about:
      'one live room: N members over real WebSockets from client processes, 20 messages/s; delivery p50/p99, messages/s, server RSS and CPU vs a 100-member room (--n=5000,20000,50000,5000x2; --senders, --seconds, --rate, --profile)',
    load: () => import('./room.ts'),
  },
  safety: {
    about: 'word filters: texts/s (English, Chinese, mixed) vs obscenity alone; note creation with SAFETY_FILTERS on vs off (target ≤ 10 % slower)',
    load: () => import('./safety.ts'),
  },
  search: {
    about:
      'two-word queries (English, Chinese, cross-lingual) and suggestions as typed vs bare Fastify; index build rate and size, on a generated dataset kept in ./data (--pg; --full: 1M notes, --small: 20k; --fresh; --profile)',
    load: () => import('./search.ts'),
  },
  startup: {
    about: '`npm start` to ready, and server RSS idle and after a first use, vs a bare Fastify process (--runs N)',
    load: () => import('./startup.ts'),
  },
  web: {
    about: 'Lighthouse (mobile) on the home, a note and a profile page: the four category scores, FCP, LCP (--runs N)',
    load: () => import('./web.ts'),
  },
};

function list(): void {
  console.log('usage: npm run bench -- <name>\n\navailable benchmarks:');
  for (const [name, b] of Object.entries(BENCHMARKS)) console.log(`  ${name.padEnd(12)} ${b.about}`);
}

export async function main(argv: string[]): Promise<number> {
  const name = argv[0];
  if (!name) {
    list();
    return 0;
  }
  const bench = BENCHMARKS[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}"\n`);
    list();
    return 2;
  }
  try {
    await (await bench.load()).run(argv.slice(1));
    return 0;
  } catch (err) {
    // A failure to set up (a server that does not start, a fixture that is wrong) is not a figure.
    console.error(`\nbenchmark "${name}" could not run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(await main(process.argv.slice(2)));
