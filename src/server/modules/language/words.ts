// My words: the dictionary words a learner saved from the card, newest first, each with the note it was
// met in. A word is kept in its simplified form (the folding makes 火鍋 and 火锅 one word), with its
// pinyin and first senses as saved, so the list reads without the dictionary.
import type { Kysely } from 'kysely';
import type { MyWord, MyWordsPage } from '../../../shared/api/language.ts';
import { HAN } from '../../../shared/text/han.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { nowIso } from '../../platform/ids.ts';
import { decodeCursor, encodeCursor } from '../../platform/routes.ts';
import { POINTER } from './dictionary.ts';
import { loadFolding } from './fold.ts';
import type { LanguageService } from './service.ts';
import type { LanguageTables, MyWordRow } from './tables.ts';

/** Most words one person keeps. */
export const MAX_WORDS = 5000;

/** Titles of the notes words came from, as the reader may see them (the read pipeline's). */
export type NoteTitles = (viewerId: string, noteIds: readonly string[]) => Promise<Map<string, string>>;

export class MyWords {
  constructor(
    private readonly db: Kysely<LanguageTables>,
    private readonly language: LanguageService,
    private readonly titles: NoteTitles,
    private readonly canSee: (viewerId: string, noteId: string) => Promise<boolean>,
  ) {}

  async save(userId: string, word: string, noteId?: string): Promise<MyWord> {
    const q = word.normalize('NFC').trim();
    if (!HAN.test(q)) throw new ValidationError('Only Chinese words are saved.', [{ field: 'word', message: 'a Chinese word' }]);
    const d = await this.language.ready();
    let entries = d.lookup(q);
    if (entries.length === 0) entries = d.lookup((await loadFolding())(q));
    const e = entries[0];
    if (!e) throw new NotFoundError(`"${q}" is not in the dictionary.`);
    const note = noteId && (await this.canSee(userId, noteId)) ? noteId : null;
    const gloss = e.senses
      .filter((s) => !POINTER.test(s))
      .slice(0, 3)
      .join('; ');
    const row: MyWordRow = {
      user_id: userId,
      word: e.simplified,
      traditional: e.traditional,
      pinyin: e.pinyin,
      gloss: gloss || (e.senses[0] ?? ''),
      note_id: note,
      created_at: nowIso(),
    };
    const count = await this.db
      .selectFrom('my_words')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const exists = await this.db.selectFrom('my_words').select('word').where('user_id', '=', userId).where('word', '=', row.word).executeTakeFirst();
    if (!exists && Number(count?.n ?? 0) >= MAX_WORDS)
      throw new ValidationError(`You can keep ${MAX_WORDS} words; remove some first.`, [{ field: 'word', message: 'too many words' }]);
    // Saving again moves the word to the top (and to the note it was met in this time).
    await this.db
      .insertInto('my_words')
      .values(row)
      .onConflict((oc) => oc.columns(['user_id', 'word']).doUpdateSet({ note_id: row.note_id, created_at: row.created_at }))
      .execute();
    return (await this.present(userId, [row]))[0] as MyWord;
  }

  async remove(userId: string, word: string): Promise<void> {
    const q = word.normalize('NFC').trim();
    const folded = HAN.test(q) ? (await loadFolding())(q) : q;
    await this.db
      .deleteFrom('my_words')
      .where('user_id', '=', userId)
      .where('word', 'in', [...new Set([q, folded])])
      .execute();
  }

  async list(userId: string, cursor: string | undefined, limit: number): Promise<MyWordsPage> {
    const after = decodeCursor(cursor, ['time', 'word']);
    let q = this.db.selectFrom('my_words').selectAll().where('user_id', '=', userId);
    if (after) {
      const [time, word] = after as [string, string];
      q = q.where((eb) => eb.or([eb('created_at', '<', time), eb.and([eb('created_at', '=', time), eb('word', '<', word)])]));
    }
    const rows = await q
      .orderBy('created_at', 'desc')
      .orderBy('word', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.present(userId, page),
      nextCursor: rows.length > limit && last ? encodeCursor([last.created_at, last.word]) : null,
    };
  }

  private async present(userId: string, rows: readonly MyWordRow[]): Promise<MyWord[]> {
    const ids = [...new Set(rows.flatMap((r) => (r.note_id ? [r.note_id] : [])))];
    const titles = ids.length > 0 ? await this.titles(userId, ids) : new Map<string, string>();
    return rows.map((r) => {
      const title = r.note_id ? titles.get(r.note_id) : undefined;
      return {
        word: r.word,
        traditional: r.traditional,
        pinyin: r.pinyin,
        gloss: r.gloss,
        note: r.note_id && title !== undefined ? { id: r.note_id, title } : null,
        savedAt: r.created_at,
      };
    });
  }
}
