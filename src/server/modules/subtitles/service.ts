// The rules of a video note's subtitles. Its author uploads a WebVTT or SRT file per language (checked
// strictly, kept as normalised WebVTT); anyone who may see the note may see its tracks and have one
// translated into English or Chinese, which is made once — per source track, target language and
// provider — through the language module's translator, and then served to every reader. Notes are
// read only through the functions the composition root hands over, which apply every visibility rule.
import type { SubtitleTrack } from '../../../shared/api/subtitles.ts';
import { SUBTITLE_LIMITS } from '../../../shared/api/subtitles.ts';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { newId, nowIso } from '../../platform/ids.ts';
import { type Cue, decodeSubtitleBytes, parseSubtitles, plainCueText, SubtitleError, toWebVtt } from './parse.ts';
import type { SubtitlesStore, TrackSummary } from './store.ts';
import type { SubtitleTrackRow } from './tables.ts';

export type TargetLang = 'en' | 'zh';
export type Asker = { userId: string } | { ip: string };

/** What the subtitles need of a note, as its reader may see it. */
export interface SubtitledNote {
  kind: 'images' | 'video';
  media: ReadonlyArray<{ durationMs?: number | null }>;
}

/** The notes read pipeline: the note, or NotFoundError when the reader may not see it. */
export interface SubtitlesReader {
  note(viewerId: string | null, id: string): Promise<SubtitledNote>;
}

/** The notes module's access check before a write: NotFoundError, or ForbiddenError (not_author). */
export interface SubtitlesNotes {
  requireAccess(viewerId: string, action: 'edit', id: string): Promise<unknown>;
}

/** The language module's translator, as much of it as subtitles use. */
export interface SubtitlesTranslator {
  /** the configured provider ("DeepL", or "CC-CEDICT" for the gloss) */
  readonly provider: { label: string };
  translate(
    texts: readonly string[],
    target: TargetLang,
    asker: Asker,
    source?: TargetLang,
  ): Promise<{ fields: ReadonlyArray<{ text: string }>; provider: string; kind: 'translation' | 'gloss' }>;
}

export interface SubtitlesServiceDeps {
  store: SubtitlesStore;
  reader: SubtitlesReader;
  notes: SubtitlesNotes;
  translator: SubtitlesTranslator;
}

/** A translated cue may run longer than its original (Chinese → English does); past this it is cut. */
const TRANSLATED_CUE_CHARS = SUBTITLE_LIMITS.cueChars * 3;

const invalid = (err: SubtitleError): ValidationError =>
  new ValidationError(err.message, [{ field: err.line === null ? 'content' : `content.line ${err.line}`, message: err.message }], 'invalid_subtitles');

const tooLarge = (): AppError => new AppError(413, 'file_too_large', `A subtitle file may be at most ${SUBTITLE_LIMITS.bytes / 1024} KB.`);

/** "en-GB" → "en": the translator's languages, or null for one it does not translate from. */
const translatable = (lang: string): TargetLang | null => {
  const primary = lang.split('-')[0];
  return primary === 'en' || primary === 'zh' ? primary : null;
};

/** The language's name in itself: "English", "中文", "日本語". */
export function languageName(lang: string): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(lang) ?? lang;
  } catch {
    return lang;
  }
}

const base = (noteId: string) => `/api/v1/notes/${noteId}/subtitles`;

export class SubtitlesService {
  /** translations being made in this process, so that readers asking at once wait for one */
  private readonly making = new Map<string, Promise<SubtitleTrackRow>>();

  constructor(private readonly deps: SubtitlesServiceDeps) {}

  /** A file's bytes as text (UTF-8, no binary), within the size limit; a 400 or 413 otherwise. */
  static decode(bytes: Uint8Array): string {
    if (bytes.length > SUBTITLE_LIMITS.bytes) throw tooLarge();
    try {
      return decodeSubtitleBytes(bytes);
    } catch (err) {
      throw err instanceof SubtitleError ? invalid(err) : err;
    }
  }

  /** The tracks of a note the reader may see: uploaded ones, and one translation per source and target. */
  async list(viewerId: string | null, noteId: string): Promise<SubtitleTrack[]> {
    await this.deps.reader.note(viewerId, noteId);
    const rows = await this.deps.store.listOf(noteId);
    const uploaded = new Map(rows.filter((r) => r.kind === 'uploaded').map((r) => [r.id, r]));
    const chosen = new Map<string, TrackSummary>();
    for (const r of rows) {
      if (r.kind !== 'translated' || !r.source_track_id || !uploaded.has(r.source_track_id)) continue;
      const key = `${r.source_track_id}|${r.lang}`;
      const had = chosen.get(key);
      if (!had || this.preferred(r, had)) chosen.set(key, r);
    }
    const out: SubtitleTrack[] = [];
    for (const u of uploaded.values()) {
      out.push(present(u, null));
      for (const t of chosen.values()) if (t.source_track_id === u.id) out.push(present(t, u.lang));
    }
    return out;
  }

  /** The author's file for one language, in place of any before it (whose translations go with it). */
  async upload(authorId: string, noteId: string, lang: string, content: string, label?: string): Promise<SubtitleTrack> {
    await this.deps.notes.requireAccess(authorId, 'edit', noteId);
    const note = await this.deps.reader.note(authorId, noteId);
    if (note.kind !== 'video') throw new ConflictError('Only a video note can carry subtitles.');
    if (Buffer.byteLength(content, 'utf8') > SUBTITLE_LIMITS.bytes) throw tooLarge();
    if (content.trim() === '') throw invalid(new SubtitleError('The file is empty.'));
    let cues: Cue[];
    try {
      cues = parseSubtitles(content, { durationMs: note.media[0]?.durationMs ?? null }).cues;
    } catch (err) {
      throw err instanceof SubtitleError ? invalid(err) : err;
    }
    const row: SubtitleTrackRow = {
      id: newId(),
      note_id: noteId,
      lang,
      label: label?.trim() || languageName(lang),
      kind: 'uploaded',
      source_track_id: null,
      provider: null,
      provider_kind: null,
      vtt: toWebVtt(cues),
      cue_count: cues.length,
      created_at: nowIso(),
    };
    const { store } = this.deps;
    const placed = await store.root.transaction().execute((trx) => store.within(trx).replaceUploaded(row));
    if (!placed) throw new ConflictError('Another upload of subtitles in this language finished at the same moment: try again.');
    return present(row, null);
  }

  /** Removes the author's track in one language, and every translation made from it. */
  async remove(authorId: string, noteId: string, lang: string): Promise<void> {
    await this.deps.notes.requireAccess(authorId, 'edit', noteId);
    const { store } = this.deps;
    const removed = await store.root.transaction().execute((trx) => store.within(trx).removeUploaded(noteId, lang));
    if (!removed) throw new NotFoundError('This note has no subtitles in that language.');
  }

  /** An uploaded track's WebVTT. */
  async vtt(viewerId: string | null, noteId: string, lang: string): Promise<{ id: string; vtt: string }> {
    await this.deps.reader.note(viewerId, noteId);
    const row = await this.deps.store.uploaded(noteId, lang);
    if (!row) throw new NotFoundError('This note has no subtitles in that language.');
    return { id: row.id, vtt: row.vtt };
  }

  /** A translation's WebVTT: the one `version` names, else the configured provider's, else the newest. */
  async translationVtt(viewerId: string | null, noteId: string, lang: string, target: TargetLang, version?: string): Promise<{ id: string; vtt: string }> {
    const source = await this.source(viewerId, noteId, lang);
    const rows = await this.deps.store.translationsOf(source.id, target);
    const row = rows.find((r) => r.id === version) ?? rows.reduce<SubtitleTrackRow | undefined>((a, r) => (!a || this.preferred(r, a) ? r : a), undefined);
    if (!row) throw new NotFoundError('These subtitles have not been translated into that language yet.');
    return { id: row.id, vtt: row.vtt };
  }

  /**
   * The track in `lang` translated into `target`: the stored one by the configured provider, or made
   * now (once, however many readers ask at the same moment) and stored for everyone after.
   */
  async translate(viewerId: string | null, asker: Asker, noteId: string, lang: string, target: TargetLang): Promise<SubtitleTrack> {
    const source = await this.source(viewerId, noteId, lang);
    if (translatable(lang) === target)
      throw new ValidationError('These subtitles are already in that language.', [{ field: 'target', message: 'differs from the track' }]);
    const key = `${source.id}|${target}`;
    let pending = this.making.get(key);
    if (!pending) {
      pending = this.storedOrMade(source, target, asker).finally(() => this.making.delete(key));
      this.making.set(key, pending);
    }
    return present(await pending, source.lang);
  }

  /** Drops every track of a deleted note (idempotent: the event may come again). */
  async noteDeleted(noteId: string): Promise<void> {
    await this.deps.store.removeNote(noteId);
  }

  private async source(viewerId: string | null, noteId: string, lang: string): Promise<SubtitleTrackRow> {
    await this.deps.reader.note(viewerId, noteId);
    const row = await this.deps.store.uploaded(noteId, lang);
    if (!row) throw new NotFoundError('This note has no subtitles in that language.');
    return row;
  }

  /** The configured provider's stored translation, or one made now. */
  private async storedOrMade(source: SubtitleTrackRow, target: TargetLang, asker: Asker): Promise<SubtitleTrackRow> {
    const provider = this.deps.translator.provider.label;
    const stored = (await this.deps.store.translationsOf(source.id, target)).find((r) => r.provider === provider);
    return stored ?? this.make(source, target, asker);
  }

  private async make(source: SubtitleTrackRow, target: TargetLang, asker: Asker): Promise<SubtitleTrackRow> {
    const { cues } = parseSubtitles(source.vtt, { maxCues: Number.POSITIVE_INFINITY, maxCueChars: Number.POSITIVE_INFINITY });
    // One text per cue, its lines kept: the translator cuts them into sentences and caches each one.
    const from = translatable(source.lang);
    const result = await this.deps.translator.translate(
      cues.map((c) => c.text),
      target,
      asker,
      ...(from ? [from] : []),
    );
    const translated = cues.map((c, i) => {
      const text = plainCueText((result.fields[i]?.text ?? '').split('\n'));
      const chars = [...text];
      return { ...c, text: text === '' ? c.text : chars.length > TRANSLATED_CUE_CHARS ? `${chars.slice(0, TRANSLATED_CUE_CHARS - 1).join('')}…` : text };
    });
    const row: SubtitleTrackRow = {
      id: newId(),
      note_id: source.note_id,
      lang: target,
      label: languageName(target),
      kind: 'translated',
      source_track_id: source.id,
      provider: result.provider,
      provider_kind: result.kind,
      vtt: toWebVtt(translated),
      cue_count: translated.length,
      created_at: nowIso(),
    };
    await this.deps.store.insertTranslation(row);
    // Another process may have stored the same translation first: that one is the one everyone gets.
    const rows = await this.deps.store.translationsOf(source.id, target);
    return rows.find((r) => r.provider === row.provider) ?? row;
  }

  /** Whether translation `a` is shown rather than `b`: the configured provider's, else the newer. */
  private preferred(a: TrackSummary, b: TrackSummary): boolean {
    const provider = this.deps.translator.provider.label;
    if ((a.provider === provider) !== (b.provider === provider)) return a.provider === provider;
    return a.created_at > b.created_at || (a.created_at === b.created_at && a.id > b.id);
  }
}

function present(r: TrackSummary, sourceLang: string | null): SubtitleTrack {
  const url =
    r.kind === 'uploaded' ? `${base(r.note_id)}/${r.lang}.vtt?v=${r.id}` : `${base(r.note_id)}/${sourceLang ?? ''}/translations/${r.lang}.vtt?v=${r.id}`;
  return {
    id: r.id,
    lang: r.lang,
    label: r.label,
    kind: r.kind,
    source: r.kind === 'translated' ? sourceLang : null,
    provider: r.provider,
    providerKind: r.provider_kind,
    url,
    cueCount: r.cue_count,
    createdAt: r.created_at,
  };
}
