// Ranking metrics over graded judgments, as trec_eval computes them (ndcg_cut, recall, recip_rank):
// a ranked list of ids, and judgments id → grade (0 or absent: not relevant). An id ranked twice
// counts once, where it first appears.
//   nDCG@k   DCG of the first k results over the ideal DCG (the judgments sorted by grade, first k);
//            gain = the grade, discount = log2(rank + 1) (trec_eval's ndcg_cut; rank from 1).
//   Recall@k relevant results (grade ≥ 1) in the first k over all relevant ones; `capped`: over
//            min(k, relevant) instead, so a query with more relevant notes than k can reach 1
//            (BEIR's R_cap@k).
//   RR       1 / the rank of the first relevant result (0 if none is ranked); its mean is MRR.

export type Judgments = Readonly<Record<string, number>>;

/** The list without repeats (the first occurrence stands), cut at k. */
function firstK(ranked: readonly string[], k: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of ranked) {
    if (out.length >= k) break;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}

const discount = (rank: number): number => Math.log2(rank + 1);

/** Discounted cumulative gain of grades in rank order (rank 1 first). */
export function dcg(grades: readonly number[]): number {
  let sum = 0;
  for (const [i, g] of grades.entries()) sum += g / discount(i + 1);
  return sum;
}

/** nDCG@k; 0 when nothing is judged relevant (no ideal to reach). */
export function ndcgAt(ranked: readonly string[], judgments: Judgments, k: number): number {
  const ideal = dcg(
    Object.values(judgments)
      .filter((g) => g > 0)
      .sort((a, b) => b - a)
      .slice(0, k),
  );
  if (ideal === 0) return 0;
  return dcg(firstK(ranked, k).map((id) => Math.max(0, judgments[id] ?? 0))) / ideal;
}

/** Recall@k (grade ≥ 1 is relevant); 0 when nothing is judged relevant. */
export function recallAt(ranked: readonly string[], judgments: Judgments, k: number, opts: { capped?: boolean } = {}): number {
  const relevant = Object.values(judgments).filter((g) => g > 0).length;
  if (relevant === 0) return 0;
  const found = firstK(ranked, k).filter((id) => (judgments[id] ?? 0) > 0).length;
  return found / (opts.capped ? Math.min(k, relevant) : relevant);
}

/** Reciprocal rank of the first result of grade ≥ minGrade (default 1); 0 if there is none. */
export function reciprocalRank(ranked: readonly string[], judgments: Judgments, minGrade = 1): number {
  const list = firstK(ranked, Number.POSITIVE_INFINITY);
  const i = list.findIndex((id) => (judgments[id] ?? 0) >= minGrade);
  return i < 0 ? 0 : 1 / (i + 1);
}
