// The image check's table (migration 0011): one row per media item scored, with its hash.
import type { Kysely } from 'kysely';
import type { ImageScores } from './classifier.ts';

export interface MediaSafetyRow {
  media_id: string;
  owner_id: string;
  /** JSON: ImageScores */
  scores: string;
  score: number;
  flagged: number;
  dhash: string | null;
  created_at: string;
}

export interface MediaSafetyTables {
  media_safety: MediaSafetyRow;
}

export interface StoredScore {
  score: number;
  flagged: boolean;
  dhash: string | null;
  scores: ImageScores;
}

/** The smallest UUIDv7 (our ids) made at or after `iso`: ids compare in time order, as text too. */
export function firstIdAt(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new Error(`not a time: ${iso}`);
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
  return `${hex.slice(0, 8)}-${hex.slice(8)}-7000-8000-000000000000`;
}

export class MediaSafetyStore {
  constructor(readonly db: Kysely<MediaSafetyTables>) {}

  /** Insert or replace the row: a job that runs twice leaves one row, its first time kept. */
  async upsert(row: MediaSafetyRow): Promise<void> {
    await this.db
      .insertInto('media_safety')
      .values(row)
      .onConflict((oc) =>
        oc.column('media_id').doUpdateSet({ owner_id: row.owner_id, scores: row.scores, score: row.score, flagged: row.flagged, dhash: row.dhash }),
      )
      .execute();
  }

  async byIds(ids: readonly string[]): Promise<Map<string, StoredScore>> {
    const out = new Map<string, StoredScore>();
    const unique = [...new Set(ids)];
    // Bounded statements: a few hundred ids each, far below either database's parameter limit.
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await this.db
        .selectFrom('media_safety')
        .select(['media_id', 'score', 'flagged', 'dhash', 'scores'])
        .where('media_id', 'in', unique.slice(i, i + 500))
        .execute();
      for (const r of rows) {
        out.set(r.media_id, { score: Number(r.score), flagged: Number(r.flagged) === 1, dhash: r.dhash, scores: JSON.parse(r.scores) as ImageScores });
      }
    }
    return out;
  }

  /** Rows with exactly this hash scored since then (the (dhash, created_at) index answers it). */
  async countExact(dhash: string, sinceIso: string): Promise<number> {
    const r = await this.db
      .selectFrom('media_safety')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('dhash', '=', dhash)
      .where('created_at', '>=', sinceIso)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /**
   * The hashes of the latest `limit` media uploaded and scored since then, newest first: a walk
   * down the primary key (time-ordered ids) from now to `sinceIso`, never further.
   */
  async recentHashes(sinceIso: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('media_safety')
      .select('dhash')
      .where('media_id', '>=', firstIdAt(sinceIso))
      .where('created_at', '>=', sinceIso)
      .where('dhash', 'is not', null)
      .orderBy('media_id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.dhash as string);
  }
}
