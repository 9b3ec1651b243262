// What notify holds about a person: the notifications they received (exported), and every
// notification that names them — those they caused for others, those about their notes and
// comments (erased). Notify keeps no counters: unread counts are counted from the rows, so erasing
// rows corrects them; open tabs of the people whose notifications went are told to refresh the badge.
import type { ArchiveWriter, PersonalData } from '../../platform/personal-data.ts';
import type { NotifyService } from './service.ts';
import type { NotifyStore } from './store.ts';

export interface NotifyPersonalDeps {
  store: NotifyStore;
  /** live badge updates for the people whose notifications were erased (none: nobody is nudged) */
  service?: Pick<NotifyService, 'badgesChanged'>;
  /**
   * The ids of the person's notes and comments (from the notes and comments modules): others'
   * notifications about them go too. None: only those naming the person directly.
   */
  authoredIds?: (userId: string) => Promise<string[]>;
}

const PAGE = 500;
/** People whose badge is refreshed after an erasure, at most (a badge is refreshed on the next read anyway). */
const NUDGE_MAX = 1000;

const camel = (row: object) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]));

export function createNotifyPersonalData(deps: NotifyPersonalDeps): PersonalData {
  const { store } = deps;
  return {
    module: 'notify',
    tables: { notifications: { kind: 'personal', owner: ['recipient_id'] } },
    files: { 'notifications.json': 'The notifications you received: who did what (like, comment, follow…), about which note, and when you read them.' },

    async export(userId: string, out: ArchiveWriter): Promise<void> {
      await out.json(
        'notifications.json',
        (async function* () {
          let after: string | null = null;
          for (;;) {
            const rows = await store.ownPage(userId, after, PAGE);
            for (const r of rows) yield camel(r);
            const last = rows[rows.length - 1];
            if (rows.length < PAGE || !last) return;
            after = last.id;
          }
        })(),
      );
    },

    async erase(userId: string): Promise<void> {
      const authored = deps.authoredIds ? await deps.authoredIds(userId) : [];
      const told = new Set<string>();
      // The direct ones first, then those about each slice of their notes and comments.
      const slices: string[][] = [[]];
      for (let i = 0; i < authored.length; i += PAGE) slices.push(authored.slice(i, i + PAGE));
      for (const subjects of slices) {
        for (;;) {
          // One delete statement a batch: no count of notify's moves with it, so no wider transaction is needed.
          const { deleted, recipients } = await store.eraseBatch(userId, subjects, PAGE);
          for (const r of recipients) if (r !== userId && told.size < NUDGE_MAX) told.add(r);
          if (deleted < PAGE) break;
        }
      }
      await deps.service?.badgesChanged([...told]);
    },
  };
}
