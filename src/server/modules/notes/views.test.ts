import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sha256 } from '../../platform/ids.ts';
import { ViewCounter, type ViewRow } from './views.ts';

const SALT = 'test-salt';
const at = (iso: string) => Date.parse(iso);

function counter() {
  const written: ViewRow[] = [];
  const views = new ViewCounter(
    async (rows) => {
      written.push(...rows);
      return [...new Set(rows.map((r) => r.note_id))];
    },
    { salt: SALT, flushMs: 60_000 },
  );
  return { views, written };
}

describe('view counter', () => {
  it('counts an anonymous reader once a day, under a key that turns with the day', async () => {
    const { views, written } = counter();
    const reader = { userId: null, ip: '203.0.113.7', userAgent: 'Mozilla/5.0' };
    views.record('n1', reader, at('2026-12-01T08:00:00Z'));
    views.record('n1', reader, at('2026-12-01T23:59:59.999Z'));
    views.record('n2', reader, at('2026-12-01T12:00:00Z'));
    views.record('n1', reader, at('2026-12-02T00:00:00Z'));
    await views.flush();
    views.record('n1', reader, at('2026-12-02T18:00:00Z'));
    await views.flush();

    const key = (day: string) => `anon:${sha256(`${SALT}|${day}|203.0.113.7|Mozilla/5.0`).slice(0, 32)}`;
    assert.deepEqual(
      written.map((r) => [r.note_id, r.viewer_key, r.day]),
      [
        ['n1', key('2026-12-01'), '2026-12-01'],
        ['n2', key('2026-12-01'), '2026-12-01'],
        ['n1', key('2026-12-02'), '2026-12-02'],
      ],
    );
    assert.notEqual(key('2026-12-01'), key('2026-12-02'));
  });

  it('tells anonymous readers apart by address and by browser, and signed-in readers by id', async () => {
    const { views, written } = counter();
    const now = at('2026-12-01T10:00:00Z');
    views.record('n1', { userId: null, ip: '203.0.113.7', userAgent: 'A' }, now);
    views.record('n1', { userId: null, ip: '203.0.113.7', userAgent: 'B' }, now);
    views.record('n1', { userId: null, ip: '203.0.113.8', userAgent: 'A' }, now);
    views.record('n1', { userId: 'u1', ip: '203.0.113.7', userAgent: 'A' }, now);
    views.record('n1', { userId: 'u1', ip: '198.51.100.1', userAgent: 'C' }, now);
    await views.flush();
    assert.equal(written.length, 4);
    assert.equal(new Set(written.map((r) => r.viewer_key)).size, 4);
    assert.equal(written.filter((r) => r.viewer_key === 'u1').length, 1);
  });

  it('goes back to an earlier day when the clock does (a key is never taken from the wrong day)', async () => {
    const { views, written } = counter();
    const reader = { userId: null, ip: '203.0.113.7', userAgent: 'A' };
    views.record('n1', reader, at('2026-12-02T00:00:01Z'));
    views.record('n1', reader, at('2026-12-01T23:59:59Z'));
    await views.flush();
    assert.deepEqual(
      written.map((r) => r.day),
      ['2026-12-02', '2026-12-01'],
    );
    assert.equal(written[1]?.viewer_key, `anon:${sha256(`${SALT}|2026-12-01|203.0.113.7|A`).slice(0, 32)}`);
  });
});
