// Taking everything away: an export is a job that asks every module for the person's data and
// streams it into one zip (README.txt first), stored until it expires and downloadable only by
// its owner. One export of a person runs at a time.
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { ExportView } from '../../../shared/api/portability.ts';
import type { Config } from '../../config.ts';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { JobQueue } from '../../platform/jobs/types.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { Storage } from '../../platform/storage/types.ts';
import { archiveReadme } from './archive/readme.ts';
import { openZipArchive } from './archive/zip-writer.ts';
import type { PortabilityStore } from './store.ts';
import type { DataExportRow } from './tables.ts';

declare module '../../platform/jobs/types.ts' {
  interface JobTypes {
    'portability.export': { exportId: string };
  }
}

export interface ExportsDeps {
  store: PortabilityStore;
  storage: Storage;
  jobs: JobQueue;
  config: Pick<Config, 'portability' | 'publicUrl' | 'dataDir'>;
  /** every module's personal data, this module's own included */
  modules: () => readonly PersonalData[];
  handleOf: (userId: string) => Promise<string>;
  now?: () => number;
}

export class ExportsService {
  constructor(private readonly d: ExportsDeps) {}

  private iso(): string {
    return new Date(this.d.now ? this.d.now() : Date.now()).toISOString();
  }

  async start(userId: string): Promise<{ id: string }> {
    if (await this.d.store.activeExport(userId)) throw new AppError(409, 'export_running', 'An export of yours is still being made; wait for it to finish.');
    const id = newId();
    const at = this.iso();
    await this.d.store.insertExport({
      id,
      user_id: userId,
      status: 'queued',
      progress_done: 0,
      progress_total: this.d.modules().length,
      storage_key: null,
      bytes: null,
      error: null,
      created_at: at,
      updated_at: at,
      expires_at: null,
    });
    await this.d.jobs.enqueue('portability.export', { exportId: id });
    return { id };
  }

  async own(userId: string, id: string): Promise<DataExportRow> {
    const row = await this.d.store.getExport(id);
    if (!row || row.user_id !== userId) throw new NotFoundError('export');
    return row;
  }

  list(userId: string): Promise<DataExportRow[]> {
    return this.d.store.listExports(userId, 10);
  }

  /** The job: writes the archive to a temporary file, module after module, then stores it. */
  async run(exportId: string): Promise<void> {
    const row = await this.d.store.getExport(exportId);
    if (!row || (row.status !== 'queued' && row.status !== 'running')) return;
    const modules = this.d.modules();
    await this.d.store.updateExport(row.id, { status: 'running', progress_done: 0, progress_total: modules.length, updated_at: this.iso() });
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'biji-export-'));
    const file = path.join(dir, 'archive.zip');
    try {
      const zip = openZipArchive(file);
      try {
        const instance = this.d.config.publicUrl ? new URL(this.d.config.publicUrl).host : 'localhost';
        await zip.file('README.txt', archiveReadme({ handle: await this.d.handleOf(row.user_id), instance, createdAt: row.created_at, modules }));
        let done = 0;
        for (const m of modules) {
          await m.export(row.user_id, zip);
          done++;
          await this.d.store.updateExport(row.id, { progress_done: done, updated_at: this.iso() });
        }
      } catch (err) {
        zip.abort(err as Error);
        throw err;
      }
      const bytes = await zip.finish();
      const key = `exports/${row.id}/biji-archive.zip`;
      await this.d.storage.moveFile(key, file, 'application/zip');
      const ttl = this.d.config.portability.exportTtlHours * 3600_000;
      await this.d.store.updateExport(row.id, {
        status: 'done',
        storage_key: key,
        bytes,
        updated_at: this.iso(),
        expires_at: new Date((this.d.now ? this.d.now() : Date.now()) + ttl).toISOString(),
      });
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  }

  async failed(exportId: string, error: string): Promise<void> {
    await this.d.store.updateExport(exportId, { status: 'failed', error: error.slice(0, 500), updated_at: this.iso() });
  }

  /** The archive's bytes, for its owner only, while it lasts. */
  async download(userId: string, id: string): Promise<{ body: Readable; size: number; name: string }> {
    const row = await this.own(userId, id);
    if (row.status === 'expired' || (row.expires_at && row.expires_at < this.iso()))
      throw new AppError(410, 'export_expired', 'This export has expired; start a new one.');
    if (row.status !== 'done' || !row.storage_key) throw new NotFoundError('export');
    const obj = await this.d.storage.get(row.storage_key);
    if (!obj) throw new NotFoundError('export');
    return { body: obj.body, size: obj.size, name: `biji-archive-${row.created_at.slice(0, 10)}.zip` };
  }

  /** Deletes archives past their time. */
  async sweep(): Promise<number> {
    const rows = await this.d.store.expiredExports(this.iso(), 200);
    for (const r of rows) {
      if (r.storage_key) await this.d.storage.delete([r.storage_key]);
      await this.d.store.updateExport(r.id, { status: 'expired', storage_key: null, updated_at: this.iso() });
    }
    return rows.length;
  }

  view(row: DataExportRow): ExportView {
    const expired = row.status === 'expired' || (row.expires_at !== null && row.expires_at < this.iso());
    const status = expired ? 'expired' : row.status;
    return {
      id: row.id,
      status,
      progress: { done: row.progress_done, total: row.progress_total },
      ...(status === 'done' ? { url: `/api/v1/me/exports/${row.id}/download` } : {}),
      bytes: row.bytes,
      expiresAt: row.expires_at,
      createdAt: row.created_at,
    };
  }
}
