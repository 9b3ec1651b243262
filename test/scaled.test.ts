// Two real processes on PostgreSQL and Redis, as behind a load balancer: each keeps its own read
// cache, and a change made through one is never served stale by the other beyond pub/sub's delay.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { client, type ProcessPair, type ServerProcess, startProcessPair } from './support/server-process.ts';

/** How long a stale answer may be served after the change's response: "within a second". */
const WITHIN_MS = 1_000;

describe('two processes sharing PostgreSQL and Redis', () => {
  let pair: ProcessPair;
  let a: ServerProcess;
  let b: ServerProcess;

  before(async () => {
    pair = await startProcessPair();
    ({ a, b } = pair);
  });
  after(async () => {
    await pair?.stop();
  });

  /** Polls process B until `check` holds; the time it took after the change answered. */
  async function untilB(p: string, check: (status: number, json: unknown) => boolean, within = WITHIN_MS, token?: string): Promise<number> {
    const start = Date.now();
    const cb = client(b.url);
    for (let i = 0; i < 500; i++) {
      const r = await cb.call('GET', p, token);
      if (check(r.status, r.json)) return Date.now() - start;
      if (Date.now() - start > within) break;
      await sleep(10);
    }
    return Number.POSITIVE_INFINITY;
  }

  it('a note made only-me, edited or deleted through A is answered that way by B within a second', async () => {
    const ca = client(a.url);
    const ana = await ca.signUp('scaled_ana');
    const id = await ca.postNote(ana.token, 'seen by everyone');
    const path = `/api/v1/notes/${id}`;
    // B reads it (and caches it) before each change.
    const cb = client(b.url);
    assert.equal((await cb.call('GET', path)).status, 200);
    assert.equal((await cb.call('GET', path)).status, 200);

    assert.equal((await ca.call('PATCH', path, ana.token, { title: 'edited in A' })).status, 200);
    const edited = await untilB(path, (s, j) => s === 200 && (j as { title: string }).title === 'edited in A');
    assert.ok(edited <= WITHIN_MS, `B served the old title for ${edited} ms`);

    assert.equal((await ca.call('PATCH', path, ana.token, { visibility: 'only_me' })).status, 200);
    const hidden = await untilB(path, (s) => s === 404);
    assert.ok(hidden <= WITHIN_MS, `B still served the only-me note ${hidden} ms later`);

    assert.equal((await ca.call('PATCH', path, ana.token, { visibility: 'public' })).status, 200);
    assert.ok((await untilB(path, (s) => s === 200)) <= WITHIN_MS);
    assert.equal((await ca.call('DELETE', path, ana.token)).status, 204);
    const deleted = await untilB(path, (s) => s === 404);
    assert.ok(deleted <= WITHIN_MS, `B still served the deleted note ${deleted} ms later`);
  });

  it('a new display name through A shows on B’s profile and note author within a second, and counts lag at most a second', async () => {
    const ca = client(a.url);
    const bo = await ca.signUp('scaled_bo');
    const fan = await ca.signUp('scaled_fan');
    const id = await ca.postNote(bo.token, 'bo’s note');
    const cb = client(b.url);
    assert.equal((await cb.call('GET', `/api/v1/notes/${id}`)).status, 200);
    assert.equal((await cb.call('GET', '/api/v1/users/scaled_bo')).status, 200);
    assert.equal((await ca.call('PATCH', '/api/v1/me', bo.token, { displayName: 'Bo 波' })).status, 200);
    const renamed = await untilB(`/api/v1/notes/${id}`, (s, j) => s === 200 && (j as { author: { displayName: string } }).author.displayName === 'Bo 波');
    assert.ok(renamed <= WITHIN_MS, `B showed the old name for ${renamed} ms`);
    assert.equal((await ca.call('PUT', `/api/v1/notes/${id}/like`, fan.token)).status, 204);
    // Counts are not invalidated across processes: they may lag, by at most a second (plus a poll).
    const liked = await untilB(`/api/v1/notes/${id}`, (s, j) => s === 200 && (j as { counts: { likes: number } }).counts.likes === 1, WITHIN_MS + 200);
    assert.ok(liked <= WITHIN_MS + 200, `B showed the old like count for ${liked} ms`);
  });

  it('what a signed-in reader did or suffered through A — a like, a block — shows on B within a second', async () => {
    const ca = client(a.url);
    const cy = await ca.signUp('scaled_cy');
    const dee = await ca.signUp('scaled_dee');
    const id = await ca.postNote(cy.token, 'cy’s note');
    const path = `/api/v1/notes/${id}`;
    const cb = client(b.url);
    // B caches how Dee stands to Cy and what Dee did to the note.
    for (let i = 0; i < 2; i++) assert.equal(((await cb.call('GET', path, dee.token)).json as { viewer: { liked: boolean } }).viewer.liked, false);
    assert.equal((await ca.call('PUT', `${path}/like`, dee.token)).status, 204);
    const liked = await untilB(path, (st, j) => st === 200 && (j as { viewer: { liked: boolean } }).viewer.liked, WITHIN_MS, dee.token);
    assert.ok(liked <= WITHIN_MS, `B showed Dee the note unliked for ${liked} ms`);
    assert.equal((await ca.call('PUT', '/api/v1/users/scaled_dee/block', cy.token)).status, 204);
    const blocked = await untilB(path, (st) => st === 404, WITHIN_MS, dee.token);
    assert.ok(blocked <= WITHIN_MS, `B still showed Dee the note of someone who blocked her ${blocked} ms later`);
  });
});
