// The translations the instance already has, one row per sentence: read in one query per text, written
// once per sentence however many readers asked at the same time (insert … on conflict do nothing).
import type { Kysely } from 'kysely';
import { nowIso } from '../../../platform/ids.ts';
import type { LanguageTables } from '../tables.ts';

export interface TranslationKey {
  hash: string;
  source: string;
  target: string;
  provider: string;
}

const CHUNK = 400;

export class TranslationStore {
  constructor(private readonly db: Kysely<LanguageTables>) {}

  /** Stored translations by hash, for one source → target pair and provider. */
  async find(source: string, target: string, provider: string, hashes: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < hashes.length; i += CHUNK) {
      const rows = await this.db
        .selectFrom('translations')
        .select(['hash', 'text'])
        .where('source_lang', '=', source)
        .where('target_lang', '=', target)
        .where('provider', '=', provider)
        .where('hash', 'in', hashes.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) out.set(r.hash, r.text);
    }
    return out;
  }

  async save(source: string, target: string, provider: string, entries: ReadonlyArray<{ hash: string; text: string }>): Promise<void> {
    const created_at = nowIso();
    for (let i = 0; i < entries.length; i += CHUNK / 2) {
      const rows = entries.slice(i, i + CHUNK / 2).map((e) => ({ hash: e.hash, text: e.text, source_lang: source, target_lang: target, provider, created_at }));
      await this.db
        .insertInto('translations')
        .values(rows)
        .onConflict((oc) => oc.columns(['hash', 'source_lang', 'target_lang', 'provider']).doNothing())
        .execute();
    }
  }

  /** Drops translations stored before `beforeIso` (sentences of edited or deleted texts among them). */
  async purge(beforeIso: string): Promise<number> {
    const r = await this.db.deleteFrom('translations').where('created_at', '<', beforeIso).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
