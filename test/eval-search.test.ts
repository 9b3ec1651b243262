// The search evaluation's own guard (eval/search.ts; the evaluation itself seeds an instance and takes
// minutes the first time: `npm run eval -- search`). Here, without a database: the labelled set still
// names notes the seed plans, public, and covers every query group; and a run's scoring and report work.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkLabels, type QueryOutcome, report, score, summarize } from '../eval/search.ts';
import { GROUPS, QUERIES } from '../eval/search-queries.ts';
import { SEED_PEOPLE } from '../scripts/seed-data.ts';
import { planSeed } from '../scripts/seed-plan.ts';

describe('eval: search', () => {
  it('labels only notes the seed plans (public) and people it creates', () => {
    const plan = planSeed(SEED_PEOPLE);
    assert.deepEqual(checkLabels(QUERIES, plan.notes, new Set(SEED_PEOPLE.map((p) => p.handle))), []);
  });

  it('catches a label the seed no longer plans, or plans followers-only', () => {
    const plan = planSeed(SEED_PEOPLE);
    const hidden = plan.notes.find((n) => n.visibility === 'followers');
    assert.ok(hidden);
    const problems = checkLabels(
      [
        { q: 'x', group: 'en', about: '', relevant: { 'nobody|nothing': 2 } },
        { q: 'y', group: 'en', about: '', relevant: { [`${hidden.author}|${hidden.title}`]: 2 } },
        { q: 'z', group: 'users', type: 'users', about: '', relevant: { not_a_seed_person: 2 } },
      ],
      plan.notes,
      new Set(SEED_PEOPLE.map((p) => p.handle)),
    );
    assert.equal(problems.length, 3, problems.join('\n'));
  });

  it('has at least 60 queries, five or more in every group', () => {
    assert.ok(QUERIES.length >= 60);
    for (const g of GROUPS) assert.ok(QUERIES.filter((q) => q.group === g).length >= 5, `group ${g}`);
  });

  it('scores and reports a run', () => {
    const q = QUERIES[0]!;
    const best = Object.entries(q.relevant)
      .sort((a, b) => b[1] - a[1])
      .map(([key]) => key);
    const outcome = (returned: string[]): QueryOutcome => ({
      q: q.q,
      group: q.group,
      type: 'notes',
      about: q.about,
      ...score(q, returned, 10),
      returned,
      relevant: q.relevant,
      expansions: [],
      error: null,
    });
    const perfect = outcome(best);
    assert.equal(perfect.ndcg, 1);
    assert.equal(perfect.rr, 1);
    const none = outcome([]);
    assert.equal(none.ndcg, 0);
    const s = summarize([perfect, none]);
    assert.equal(s.all.queries, 2);
    assert.equal(s.all.ndcg, 0.5);
    assert.equal(s.all.empty, 1);
    const text = report({ k: 10, notes: 1, people: 1, outcomes: [perfect, none], ...s, seconds: { dataset: 0, index: 0, queries: 0 }, datasetFrom: 'cache' });
    assert.match(text, /nDCG@10/);
    assert.match(text, /no result/);
  });
});
