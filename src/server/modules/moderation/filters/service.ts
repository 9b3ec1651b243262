// The word lists: admins edit them here; everything people write is checked against them here.
//
// Each process keeps one compiled FilterEngine. A change to any list moves a generation, in this
// process at once and in every other one through the cache bus (`filter_lists` invalidations), and
// the next check waits for a rebuild from the database. So after the first load a check is a
// synchronous call on the engine (the promise is already settled); an edit made through process A
// is what process B checks against from the moment it hears of it. As a safety net for a lost
// message, an engine older than ENGINE_TTL_MS is rebuilt in the background while it keeps serving.
import type { CreateFilterListBody, FilterAction, FilterList, UpdateFilterListBody } from '../../../../shared/api/moderation.ts';
import type { CacheBus } from '../../../platform/cache/index.ts';
import { type Db, scoped } from '../../../platform/db/index.ts';
import { ConflictError, type FieldError, NotFoundError, ValidationError } from '../../../platform/errors.ts';
import { newId, nowIso } from '../../../platform/ids.ts';
import { loadFolding } from '../../language/fold.ts';
import { BUILTIN_TERM_COUNT, type BuiltinList, type EngineList, type FieldsVerdict, FilterEngine, type FilterVerdict } from './engine.ts';
import { baseFold } from './fold-text.ts';
import { type FilterListPatch, FilterStore } from './store.ts';
import type { FilterListRow, FilterTables } from './tables.ts';

export type { FieldsVerdict, FieldVerdict, FilterHit, FilterVerdict } from './engine.ts';

/** The cache bus name the lists' changes travel under. */
export const FILTER_CACHE = 'filter_lists';
const ENGINE_TTL_MS = 600_000;

/** The built-in lists: fixed ids (seeding is one idempotent insert), their names and default actions. */
export const BUILTIN_LISTS: Record<BuiltinList, { id: string; name: string; action: FilterAction }> = {
  en: { id: '00000000-0000-7000-8000-000000000e01', name: 'English', action: 'hold' },
  zh: { id: '00000000-0000-7000-8000-000000000e02', name: 'Chinese', action: 'hold' },
};

export interface FilterAuditEntry {
  actorId: string;
  action: 'filter_list';
  targetType: 'filter_list';
  targetId: string;
  note: string;
}

export interface FilterServiceDeps {
  db: Db;
  cache: CacheBus;
  /** records an admin's change in the moderation audit log */
  audit: (entry: FilterAuditEntry) => Promise<void>;
}

const parseList = (json: string): string[] => {
  const v: unknown = JSON.parse(json);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
};
const isBuiltin = (b: string | null): b is BuiltinList => b === 'en' || b === 'zh';

export class FilterService {
  private readonly store: FilterStore;
  private current: FilterEngine | null = null;
  /** moves on every change heard; the engine is current when it was built at this generation */
  private generation = 0;
  private builtAt = { generation: -1, time: 0 };
  private loading: Promise<FilterEngine> | null = null;
  private seeded = false;

  constructor(private readonly deps: FilterServiceDeps) {
    this.store = new FilterStore(scoped<FilterTables>(deps.db));
    deps.cache.watch(FILTER_CACHE, () => {
      this.generation += 1;
      // Rebuilt now rather than on the next write's clock; a failure shows on the next check.
      if (this.current) this.reload().catch(() => {});
    });
  }

  /** Seeds the built-in lists and compiles the engine (call at start so no request pays for it). */
  async ready(): Promise<void> {
    await this.engine();
  }

  /** The lists' verdict on one text. */
  async check(text: string): Promise<FilterVerdict> {
    const e = this.fresh() ?? (await this.engine());
    return e.check(text);
  }

  /** The verdict on several fields at once (a note's title and body): overall, and per field hit. */
  async checkFields(fields: ReadonlyArray<{ name: string; text: string }>): Promise<FieldsVerdict> {
    const e = this.fresh() ?? (await this.engine());
    return e.checkFields(fields);
  }

  /** The verdict now, without waiting: null when the engine is not loaded or a change is pending. */
  checkNow(text: string): FilterVerdict | null {
    return this.fresh()?.check(text) ?? null;
  }

  /** What an admin tries in the lists' page: the same verdict as a write would get. */
  async test(text: string): Promise<FilterVerdict> {
    return this.check(text);
  }

  async lists(): Promise<FilterList[]> {
    await this.seed();
    return (await this.store.all()).map(present);
  }

  async create(actorId: string, body: CreateFilterListBody): Promise<FilterList> {
    await this.seed();
    const name = cleanName(body.name);
    if (await this.store.nameTaken(name)) throw nameTaken();
    const at = nowIso();
    const row: FilterListRow = {
      id: newId(),
      name,
      builtin: null,
      action: body.action,
      enabled: 1,
      terms: JSON.stringify(cleanTerms(body.terms ?? [], 'terms')),
      allowed: JSON.stringify(cleanTerms(body.allowed ?? [], 'allowed')),
      version: 1,
      updated_by: actorId,
      created_at: at,
      updated_at: at,
    };
    await this.store.insert(row);
    await this.changed(row.id, row.version);
    await this.deps.audit(auditEntry(actorId, row.id, `created list "${name}" (${row.action}, ${parseList(row.terms).length} terms)`));
    return present(row);
  }

  async update(actorId: string, id: string, body: UpdateFilterListBody): Promise<FilterList> {
    await this.seed();
    const before = await this.store.byId(id);
    if (!before) throw listNotFound();
    const patch: FilterListPatch = {};
    const changes: string[] = [];
    if (body.name !== undefined) {
      const name = cleanName(body.name);
      if (name !== before.name) {
        if (await this.store.nameTaken(name, id)) throw nameTaken();
        patch.name = name;
        changes.push(`renamed "${before.name}" → "${name}"`);
      }
    }
    if (body.action !== undefined && body.action !== before.action) {
      patch.action = body.action;
      changes.push(`action ${before.action} → ${body.action}`);
    }
    if (body.enabled !== undefined && (body.enabled ? 1 : 0) !== before.enabled) {
      patch.enabled = body.enabled ? 1 : 0;
      changes.push(body.enabled ? 'enabled' : 'disabled');
    }
    for (const field of ['terms', 'allowed'] as const) {
      const next = body[field];
      if (next === undefined) continue;
      const cleaned = cleanTerms(next, field);
      const old = parseList(before[field]);
      const added = cleaned.filter((t) => !old.includes(t)).length;
      const removed = old.filter((t) => !cleaned.includes(t)).length;
      if (added === 0 && removed === 0 && cleaned.length === old.length) continue;
      patch[field] = JSON.stringify(cleaned);
      changes.push(`${field} +${added} −${removed}`);
    }
    if (changes.length === 0) return present(before);
    const version = await this.store.update(id, patch, actorId, nowIso());
    if (version === null) throw listNotFound();
    await this.changed(id, version);
    const label = patch.name ?? before.name;
    await this.deps.audit(auditEntry(actorId, id, `list "${label}": ${changes.join('; ')}`));
    const after = await this.store.byId(id);
    if (!after) throw listNotFound();
    return present(after);
  }

  async remove(actorId: string, id: string): Promise<void> {
    await this.seed();
    const row = await this.store.byId(id);
    if (!row) throw listNotFound();
    if (row.builtin !== null) throw new ConflictError('A built-in list cannot be deleted; disable it instead.');
    if (!(await this.store.delete(id))) throw listNotFound();
    await this.changed(id, row.version + 1);
    await this.deps.audit(auditEntry(actorId, id, `deleted list "${row.name}"`));
  }

  // ---- the engine

  private fresh(): FilterEngine | null {
    const e = this.current;
    if (!e || this.builtAt.generation !== this.generation) return null;
    if (Date.now() - this.builtAt.time > ENGINE_TTL_MS && !this.loading) this.reload().catch(() => {});
    return e;
  }

  private async engine(): Promise<FilterEngine> {
    return this.fresh() ?? this.reload();
  }

  /** Builds the engine from the database; a change heard meanwhile builds it once more. */
  private reload(): Promise<FilterEngine> {
    this.loading ??= (async () => {
      try {
        for (;;) {
          const generation = this.generation;
          const engine = await this.build();
          this.current = engine;
          this.builtAt = { generation, time: Date.now() };
          if (generation === this.generation) return engine;
        }
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  private async build(): Promise<FilterEngine> {
    await this.seed();
    const [rows, fold] = await Promise.all([this.store.all(), loadFolding()]);
    return new FilterEngine(rows.map(toEngineList), fold);
  }

  private async seed(): Promise<void> {
    if (this.seeded) return;
    const at = nowIso();
    await this.store.insertMissing(
      (Object.keys(BUILTIN_LISTS) as BuiltinList[]).map((b) => ({
        id: BUILTIN_LISTS[b].id,
        name: BUILTIN_LISTS[b].name,
        builtin: b,
        action: BUILTIN_LISTS[b].action,
        enabled: 1,
        terms: '[]',
        allowed: '[]',
        version: 1,
        updated_by: null,
        created_at: at,
        updated_at: at,
      })),
    );
    this.seeded = true;
  }

  /** Every process (this one at once) rebuilds its engine. */
  private async changed(id: string, version: number): Promise<void> {
    await this.deps.cache.publish(FILTER_CACHE, id, version);
  }
}

function toEngineList(row: FilterListRow): EngineList {
  return {
    name: row.name,
    builtin: isBuiltin(row.builtin) ? row.builtin : null,
    action: row.action as FilterAction,
    enabled: row.enabled === 1,
    terms: parseList(row.terms),
    allowed: parseList(row.allowed),
  };
}

function present(row: FilterListRow): FilterList {
  return {
    id: row.id,
    name: row.name,
    builtin: row.builtin,
    action: row.action as FilterList['action'],
    enabled: row.enabled === 1,
    terms: parseList(row.terms),
    allowed: parseList(row.allowed),
    builtinTermCount: isBuiltin(row.builtin) ? BUILTIN_TERM_COUNT[row.builtin] : 0,
    updatedAt: row.updated_at,
  };
}

const auditEntry = (actorId: string, targetId: string, note: string): FilterAuditEntry => ({
  actorId,
  action: 'filter_list',
  targetType: 'filter_list',
  targetId,
  note: note.slice(0, 500),
});

const listNotFound = () => new NotFoundError('No such word list.');
const nameTaken = () => new ConflictError('Another list has this name.', 'conflict', [{ field: 'name', message: 'choose another name' }]);

function cleanName(raw: string): string {
  const name = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (name.length === 0) throw new ValidationError('A list needs a name.', [{ field: 'name', message: 'must not be blank' }]);
  return name;
}

/** Terms trimmed, blanks dropped, duplicates (as the filter sees them) kept once; a term that is only punctuation is a 400. */
function cleanTerms(raw: readonly string[], field: 'terms' | 'allowed'): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  raw.forEach((t, i) => {
    const term = t.normalize('NFC').trim().replace(/\s+/g, ' ');
    if (term.length === 0) return;
    const key = baseFold(term).trim();
    if (!/[\p{L}\p{N}]/u.test(key)) {
      errors.push({ field: `${field}/${i}`, message: 'needs at least one letter or digit' });
      return;
    }
    if (seen.has(key)) return;
    seen.add(key);
    out.push(term);
  });
  if (errors.length > 0) throw new ValidationError('Some terms have nothing a filter could match.', errors);
  return out;
}
