// What the portability module holds of a person: their imports (previews, not the uploads), drafts,
// the imported comments archive, TikTok usernames they followed, and their exports.
import { camelRow, type PersonalData } from '../../platform/personal-data.ts';
import type { Storage } from '../../platform/storage/types.ts';
import type { PortabilityStore } from './store.ts';

const own = { kind: 'personal', owner: ['user_id'] } as const;

async function* camel(rows: AsyncIterable<object>): AsyncGenerator<Record<string, unknown>> {
  for await (const r of rows) yield camelRow(r as Record<string, unknown>);
}

export function createPortabilityPersonalData(store: PortabilityStore, storage: Storage): PersonalData {
  return {
    module: 'portability',
    tables: { data_imports: own, import_drafts: own, import_comments: own, import_follows: own, data_exports: own },
    files: {
      'imports/imports.json': 'your TikTok imports: when, what the export held (the preview), what you chose and what was done',
      'imports/drafts.json': 'drafts made from your TikTok posts, not published yet',
      'imports/tiktok-comments.json': 'the comments you wrote on TikTok, as imported (private)',
      'imports/tiktok-following.json': 'the TikTok usernames you followed, kept to find your friends here',
      'exports.json': 'your exports (this one included)',
    },
    async export(userId, out) {
      await out.json('imports/imports.json', camel(store.rowsOf('data_imports', userId, 'id')));
      await out.json('imports/drafts.json', camel(store.rowsOf('import_drafts', userId, 'id')));
      await out.json('imports/tiktok-comments.json', camel(store.rowsOf('import_comments', userId, 'id')));
      await out.json('imports/tiktok-following.json', camel(store.rowsOf('import_follows', userId, 'tiktok_username')));
      await out.json('exports.json', camel(store.rowsOf('data_exports', userId, 'id')));
    },
    async erase(userId) {
      const keys = (await store.storageKeysOf(userId)).flatMap((r) => (r.key ? [r.key] : []));
      if (keys.length > 0) await storage.delete(keys);
      await store.deleteAllOf(userId);
    },
  };
}
