// Coming over from TikTok: an uploaded export is read once into a preview (nothing of the person's
// account changes yet) and its parsed form, without the sections we never read, is kept in storage
// until it is applied or expires. Applying runs as a job: the profile if asked, captions as private
// drafts, liked and favourited videos as links in a private board, comments as a private archive,
// followed usernames kept to find friends. Every step is idempotent, so a retried job finishes it.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip as gunzipCb, gzip as gzipCb } from 'node:zlib';
import type { ImportCounts, ImportPreview, ImportView } from '../../../shared/api/portability.ts';
import { ACCOUNT_LIMITS } from '../../../shared/rules/accounts.ts';
import { NOTE_LIMITS } from '../../../shared/rules/notes.ts';
import { weightedLength } from '../../../shared/text/weighted-length.ts';
import type { Config } from '../../config.ts';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { JobQueue } from '../../platform/jobs/types.ts';
import type { Storage } from '../../platform/storage/types.ts';
import type { PortabilityStore } from './store.ts';
import type { DataImportRow, ImportDraftRow } from './tables.ts';
import { previewOf, readTikTokUpload, type TikTokExport, TikTokImportError } from './tiktok/index.ts';

declare module '../../platform/jobs/types.ts' {
  interface JobTypes {
    'portability.apply-import': { importId: string };
  }
}

/** What the importer needs of people (the accounts module). */
export interface ImportPeople {
  updateMe(userId: string, patch: { displayName?: string; bio?: string }): Promise<unknown>;
  /** people who declared these TikTok usernames (lower case), by username */
  byTikTokUsernames(usernames: readonly string[]): Promise<Map<string, { userId: string; handle: string; displayName: string; avatar: unknown }>>;
  /** whom the viewer follows among these ids */
  following(viewerId: string, ids: readonly string[]): Promise<Set<string>>;
  uiLanguage(userId: string): Promise<'en' | 'zh'>;
}

/** What the importer needs of boards. */
export interface ImportBoards {
  createPrivateBoard(userId: string, name: string): Promise<{ id: string }>;
  addLinks(userId: string, boardId: string, links: { url: string; title: string | null; source: string; savedAt: string }[]): Promise<number>;
}

export interface ImportsDeps {
  store: PortabilityStore;
  storage: Storage;
  jobs: JobQueue;
  config: Pick<Config, 'portability'>;
  people: ImportPeople;
  boards: ImportBoards;
  now?: () => number;
}

/** A preview not applied within a day is forgotten. */
const PREVIEW_TTL_MS = 24 * 3600_000;
/** Lists an import keeps at most (a real export has far fewer of each). */
const MAX_FOLLOWS = 20_000;
const STEP = 200;

const EMPTY_COUNTS: ImportCounts = { profile: false, drafts: 0, links: 0, comments: 0, following: 0, matched: 0 };

interface StoredCounts extends ImportCounts {
  boardId?: string | null;
}

/** The export's refusals as problems: size is 413, anything else about the file 422. */
function refusal(err: TikTokImportError): AppError {
  const code = err.code === 'zip_too_large' || err.code === 'json_too_large' ? 'import_too_large' : err.code;
  return new AppError(code === 'import_too_large' ? 413 : 422, code, err.message);
}

/** zlib on the thread pool: a 100 MB export must not stall the event loop for every other request. */
const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);

const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

/** Cuts a text to a number of weighted units (a CJK character counts 2) on grapheme boundaries. */
export function clipUnits(text: string, max: number): string {
  if (weightedLength(text) <= max) return text;
  let out = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    if (weightedLength(out + segment) > max) break;
    out += segment;
  }
  return out.trimEnd();
}

const ELLIPSIS = '…';

/**
 * A caption's draft title: its first line without hashtags, within the title limit. A longer line is
 * cut at its last space (when that keeps most of it; Chinese has none) and ends with an ellipsis.
 */
export function draftTitle(caption: string): string {
  const line = (caption.split(/\r?\n/)[0] ?? '')
    .replace(/#[\p{L}\p{N}_]+/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  const max = NOTE_LIMITS.titleUnits;
  if (weightedLength(line) <= max) return line;
  const cut = clipUnits(line, max - weightedLength(ELLIPSIS));
  const space = cut.lastIndexOf(' ');
  const words = space >= cut.length * 0.6 ? cut.slice(0, space) : cut;
  return `${words.replace(/[\s,.;:!?，。；：！？、]+$/u, '')}${ELLIPSIS}`;
}

export class ImportsService {
  constructor(private readonly d: ImportsDeps) {}

  private now(): number {
    return this.d.now ? this.d.now() : Date.now();
  }

  /** Reads an uploaded export (a file on disk) into a preview; the person's account is not touched. */
  async create(userId: string, filePath: string): Promise<DataImportRow> {
    let exp: TikTokExport;
    try {
      exp = await readTikTokUpload(filePath, { maxJsonBytes: this.d.config.portability.importMaxJsonBytes });
    } catch (err) {
      if (err instanceof TikTokImportError) throw refusal(err);
      throw err;
    }
    const usernames = exp.following.slice(0, MAX_FOLLOWS).map((f) => f.username);
    const found = await this.d.people.byTikTokUsernames(usernames);
    const preview = previewOf(exp, [...found.values()].filter((p) => p.userId !== userId).length);
    const id = newId();
    const key = `imports/${id}/export.json.gz`;
    await this.d.storage.put(key, await gzip(JSON.stringify(exp)), 'application/gzip');
    const at = new Date(this.now()).toISOString();
    const row: DataImportRow = {
      id,
      user_id: userId,
      source: 'tiktok',
      status: 'previewed',
      layout: exp.layout,
      upload_key: key,
      preview: JSON.stringify(preview),
      options: null,
      progress_done: 0,
      progress_total: 0,
      counts: JSON.stringify(EMPTY_COUNTS),
      error: null,
      created_at: at,
      updated_at: at,
      expires_at: new Date(this.now() + PREVIEW_TTL_MS).toISOString(),
    };
    try {
      await this.d.store.insertImport(row);
    } catch (err) {
      await this.d.storage.delete([key]);
      throw err;
    }
    return row;
  }

  async own(userId: string, id: string): Promise<DataImportRow> {
    const row = await this.d.store.getImport(id);
    if (!row || row.user_id !== userId) throw new NotFoundError('import');
    return row;
  }

  list(userId: string): Promise<DataImportRow[]> {
    return this.d.store.listImports(userId, 20);
  }

  /** Starts applying: once per import, as a job. */
  async apply(userId: string, id: string, options: { profile: boolean; posts: boolean; likes: boolean; comments: boolean }): Promise<DataImportRow> {
    const row = await this.own(userId, id);
    const claimed = await this.d.store.claimApply(row.id, userId, JSON.stringify(options), new Date(this.now()).toISOString());
    if (!claimed) throw new AppError(409, 'import_not_previewed', 'This import was applied already, or has expired: upload the export again.');
    await this.d.jobs.enqueue('portability.apply-import', { importId: row.id });
    return this.own(userId, id);
  }

  /** The job: applies what the person chose, reporting progress as it goes. */
  /** A new private board for an import's links: a later import gets "<name> (2)", "(3)"… beside the first. */
  private async linksBoard(userId: string, name: string): Promise<string> {
    for (let n = 1; n <= 50; n++) {
      try {
        return (await this.d.boards.createPrivateBoard(userId, n === 1 ? name : `${name} (${n})`)).id;
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'board_name_taken')) throw err;
      }
    }
    throw new AppError(409, 'board_name_taken', 'Too many boards of TikTok links already.');
  }

  async run(importId: string): Promise<void> {
    const row = await this.d.store.getImport(importId);
    if (!row || (row.status !== 'queued' && row.status !== 'running') || !row.upload_key) return;
    const options = JSON.parse(row.options ?? '{}') as { profile?: boolean; posts?: boolean; likes?: boolean; comments?: boolean };
    const stored = await this.d.storage.get(row.upload_key);
    if (!stored) {
      await this.d.store.updateImport(row.id, { status: 'failed', error: 'the uploaded export is gone', updated_at: this.iso() });
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of stored.body) chunks.push(c as Buffer);
    const exp = JSON.parse((await gunzip(Buffer.concat(chunks))).toString('utf8')) as TikTokExport;
    const links = options.likes
      ? [
          ...exp.liked.map((l) => ({ url: l.link, title: null, source: 'tiktok_like', savedAt: l.date ?? row.created_at })),
          ...exp.favorites.map((l) => ({ url: l.link, title: null, source: 'tiktok_favorite', savedAt: l.date ?? row.created_at })),
        ].filter((l) => /^https?:\/\//i.test(l.url))
      : [];
    const posts = options.posts ? exp.posts : [];
    const comments = options.comments ? exp.comments : [];
    const follows = exp.following.slice(0, MAX_FOLLOWS);
    const total = (options.profile ? 1 : 0) + posts.length + links.length + comments.length + follows.length;
    const counts: StoredCounts = { ...EMPTY_COUNTS, ...(JSON.parse(row.counts) as StoredCounts) };
    let done = 0;
    const progress = async () => this.d.store.updateImport(row.id, { status: 'running', progress_done: done, progress_total: total, updated_at: this.iso() });
    await progress();

    if (options.profile) {
      const patch: { displayName?: string; bio?: string } = {};
      const name = exp.profile.displayName ?? null;
      if (name) patch.displayName = [...name].slice(0, ACCOUNT_LIMITS.displayName.max).join('').trim();
      if (exp.profile.bio) patch.bio = [...exp.profile.bio].slice(0, ACCOUNT_LIMITS.bio.max).join('').trim();
      if (patch.displayName || patch.bio) {
        await this.d.people.updateMe(row.user_id, patch);
        counts.profile = true;
      }
      done++;
    }

    for (let i = 0; i < posts.length; i += STEP) {
      const at = this.iso();
      const drafts: ImportDraftRow[] = posts.slice(i, i + STEP).map((p) => ({
        id: newId(),
        user_id: row.user_id,
        import_id: row.id,
        title: draftTitle(p.caption),
        body: clipUnits(p.caption, NOTE_LIMITS.bodyUnits),
        hashtags: JSON.stringify(p.hashtags),
        visibility: p.whoCanView === 'only_me' ? 'only_me' : p.whoCanView === 'friends' ? 'followers' : 'public',
        // Never null: drafts are listed by it (a post without a date sorts at its import).
        original_at: p.date ?? at,
        original_likes: p.likes,
        source_ref: sha(`post\n${p.date ?? ''}\n${p.link ?? ''}\n${p.caption}`),
        created_at: at,
      }));
      await this.d.store.insertDrafts(drafts);
      done += drafts.length;
      await progress();
    }
    if (posts.length > 0) counts.drafts = await this.d.store.countDrafts(row.user_id);

    if (links.length > 0) {
      if (!counts.boardId) {
        const zh = (await this.d.people.uiLanguage(row.user_id)) === 'zh';
        counts.boardId = await this.linksBoard(row.user_id, zh ? 'TikTok 点赞和收藏' : 'TikTok likes & favourites');
        await this.d.store.updateImport(row.id, { counts: JSON.stringify(counts), updated_at: this.iso() });
      }
      let added = 0;
      for (let i = 0; i < links.length; i += STEP) {
        added += await this.d.boards.addLinks(row.user_id, counts.boardId, links.slice(i, i + STEP));
        done += Math.min(STEP, links.length - i);
        await progress();
      }
      counts.links = Math.max(counts.links, added);
    }

    for (let i = 0; i < comments.length; i += STEP) {
      const at = this.iso();
      await this.d.store.insertComments(
        comments.slice(i, i + STEP).map((c) => ({
          id: newId(),
          user_id: row.user_id,
          import_id: row.id,
          text: c.text,
          written_at: c.date ?? at,
          post_url: c.postUrl,
          source_ref: sha(`comment\n${c.date ?? ''}\n${c.postUrl ?? ''}\n${c.text}`),
          created_at: at,
        })),
      );
      done += Math.min(STEP, comments.length - i);
      await progress();
    }
    counts.comments = comments.length;

    for (let i = 0; i < follows.length; i += STEP) {
      const at = this.iso();
      await this.d.store.insertFollows(
        follows.slice(i, i + STEP).map((f) => ({
          user_id: row.user_id,
          tiktok_username: f.username,
          import_id: row.id,
          followed_at: f.date,
          state: 'waiting' as const,
          notified_at: null,
          created_at: at,
        })),
      );
      done += Math.min(STEP, follows.length - i);
      await progress();
    }
    counts.following = follows.length;
    const found = await this.d.people.byTikTokUsernames(follows.map((f) => f.username));
    counts.matched = [...found.values()].filter((p) => p.userId !== row.user_id).length;

    // The parsed export is not kept once applied.
    await this.d.store.updateImport(row.id, {
      status: 'done',
      progress_done: total,
      progress_total: total,
      counts: JSON.stringify(counts),
      upload_key: null,
      updated_at: this.iso(),
    });
    await this.d.storage.delete([row.upload_key]);
  }

  /** A failed job (its last attempt): the person sees why, and the parsed export is deleted. */
  async failed(importId: string, error: string): Promise<void> {
    const row = await this.d.store.getImport(importId);
    if (!row) return;
    await this.d.store.updateImport(importId, { status: 'failed', error: error.slice(0, 500), upload_key: null, updated_at: this.iso() });
    if (row.upload_key) await this.d.storage.delete([row.upload_key]);
  }

  /** Deletes parsed exports nobody applied in time. */
  async sweep(): Promise<number> {
    const rows = await this.d.store.staleImports(this.iso(), 200);
    for (const r of rows) {
      if (r.upload_key) await this.d.storage.delete([r.upload_key]);
      await this.d.store.updateImport(r.id, { status: r.status === 'previewed' ? 'expired' : r.status, upload_key: null, updated_at: this.iso() });
    }
    return rows.length;
  }

  view(row: DataImportRow): ImportView {
    const counts = { ...EMPTY_COUNTS, ...(JSON.parse(row.counts) as StoredCounts) };
    const { boardId = null, ...rest } = counts;
    return {
      id: row.id,
      status: row.status,
      progress: { done: row.progress_done, total: row.progress_total },
      counts: rest,
      preview: JSON.parse(row.preview) as ImportPreview,
      boardId,
      error: row.status === 'failed' ? (row.error ?? 'failed') : null,
      createdAt: row.created_at,
    };
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}
