// Test support for the notify module: a real database and accounts service (the whole context),
// and a stand-in for the notes read pipeline's answer to "which notes may this person see", so the
// tests can move a note in and out of sight without posting real photos.
import type { AppContext } from '../../src/server/app.ts';
import type { DbKind } from '../../src/server/platform/db/index.ts';
import { newId } from '../../src/server/platform/ids.ts';
import type { NotificationSubject } from '../../src/shared/api/notify.ts';
import { STRONG_PASSWORD, testContext } from './app.ts';

export interface TestUser {
  id: string;
  handle: string;
  token: string;
}

export interface Ground {
  ctx: AppContext;
  notes: FakeNotes;
  user(handle: string): Promise<TestUser>;
  close(): Promise<void>;
}

export async function openGround(kind: DbKind): Promise<Ground> {
  const { ctx, close } = await testContext(kind);
  return {
    ctx,
    notes: new FakeNotes(),
    user: async (handle) => {
      const r = await ctx.accounts.signUp({ handle, password: STRONG_PASSWORD, displayName: `N ${handle}` }, { ip: '127.0.0.1', userAgent: 'test' });
      return { id: r.user.id, handle: r.user.handle, token: r.token };
    },
    close,
  };
}

/** Which notes a viewer may see: here a note is public or seen only by listed people. */
export class FakeNotes {
  private readonly notes = new Map<string, { title: string; visibleTo: Set<string> | null }>();

  add(title = 'A note', visibleTo: string[] | null = null): string {
    const id = newId();
    this.notes.set(id, { title, visibleTo: visibleTo ? new Set(visibleTo) : null });
    return id;
  }

  /** The note became visible only to these people (or was deleted, with none). */
  restrict(id: string, visibleTo: string[] = []): void {
    const n = this.notes.get(id);
    if (n) n.visibleTo = new Set(visibleTo);
  }

  readonly subjects = async (viewerId: string, ids: string[]): Promise<Map<string, NotificationSubject>> => {
    const out = new Map<string, NotificationSubject>();
    for (const id of ids) {
      const n = this.notes.get(id);
      if (n && (n.visibleTo === null || n.visibleTo.has(viewerId))) out.set(id, { id, title: n.title, cover: null });
    }
    return out;
  };
}
