// The subtitles module as the composition root wires it: a video note's WebVTT tracks, uploaded by its
// author and translated for its readers. It owns the subtitle_tracks table; it reads notes only through
// the read pipeline and access check it is handed, translates through the language module's translator,
// and learns of a deleted note from its event.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Db, scoped } from '../../platform/db/index.ts';
import type { EventBus } from '../../platform/events/index.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { RouteKit } from '../../platform/routes.ts';
import { createSubtitlesPersonalData } from './personal-data.ts';
import { subtitlesRoutes } from './routes.ts';
import { type SubtitlesNotes, type SubtitlesReader, SubtitlesService, type SubtitlesTranslator } from './service.ts';
import { SubtitlesStore } from './store.ts';
import type { SubtitlesTables } from './tables.ts';

export interface SubtitlesModuleDeps {
  db: Db;
  events: EventBus;
  kit: RouteKit;
  /** the notes read pipeline (visibility rules in one place) */
  reader: SubtitlesReader;
  /** the notes module's access check before a write */
  notes: SubtitlesNotes;
  /** the language module's translator */
  translator: SubtitlesTranslator;
  /** the ids of a person's notes (the notes service's), for their export and erasure */
  noteIds?: (userId: string) => Promise<readonly string[]>;
}

export interface SubtitlesModule {
  service: SubtitlesService;
  routes: FastifyPluginAsyncTypebox;
  personalData: PersonalData;
}

export function createSubtitlesModule(deps: SubtitlesModuleDeps): SubtitlesModule {
  const db = scoped<SubtitlesTables>(deps.db);
  const store = new SubtitlesStore(db);
  const service = new SubtitlesService({ store, reader: deps.reader, notes: deps.notes, translator: deps.translator });
  deps.events.on('note.deleted', 'subtitles', async (p) => service.noteDeleted(p.noteId));
  const personalData = createSubtitlesPersonalData({ db, ...(deps.noteIds ? { noteIds: deps.noteIds } : {}) });
  return { service, routes: subtitlesRoutes(service, deps.kit), personalData };
}

export { SubtitlesService } from './service.ts';
