// A live room across two real server processes on PostgreSQL and Redis, as behind a load
// balancer: a message posted on A reaches the members connected to B (one publish per batch per
// room; each process fans out to its own sockets), and the live member count sums both processes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, type ProcessPair, type ServerProcess, startProcessPair } from './support/server-process.ts';
import { connect, type LiveClient, type StreamFrame } from './support/ws-client.ts';

async function until(c: LiveClient, match: (f: StreamFrame) => boolean): Promise<StreamFrame> {
  for (let i = 0; i < 50; i++) {
    const f = await c.next(5_000);
    if (match(f)) return f;
  }
  throw new Error('no matching frame among 50');
}

describe('a live room across two processes sharing PostgreSQL and Redis', () => {
  const sockets: LiveClient[] = [];
  let pair: ProcessPair;
  let a: ServerProcess;
  let b: ServerProcess;

  before(async () => {
    pair = await startProcessPair({ ROOM_PRESENCE_MS: '300' });
    ({ a, b } = pair);
  });
  after(async () => {
    for (const s of sockets) s.socket.terminate();
    await pair?.stop();
  });

  const enter = async (base: string, token: string, roomId: string) => {
    const r = await connect(`${base.replace('http', 'ws')}/api/v1/stream`, { authorization: `Bearer ${token}` });
    assert.ok(r.ok);
    sockets.push(r.client);
    r.client.socket.send(JSON.stringify({ type: 'subscribe', topic: `room:${roomId}` }));
    return { c: r.client, hello: await until(r.client, (f) => f.type === 'room') };
  };

  it('delivers a message sent on A to members on B, and counts the people of both processes', async () => {
    const ca = client(a.url);
    const cb = client(b.url);
    const admin = await ca.signUp('rooms_admin');
    const ana = await ca.signUp('rooms_ana');
    const bo = await cb.signUp('rooms_bo');
    const created = await ca.call('POST', '/api/v1/rooms', admin.token, { name: 'TikTok Refugees 🐱', description: 'hi' });
    assert.equal(created.status, 201);
    const roomId = (created.json as { id: string }).id;
    for (const [c, who] of [
      [ca, ana],
      [cb, bo],
    ] as const)
      assert.equal((await c.call('POST', `/api/v1/rooms/${roomId}/join`, who.token)).status, 200);

    const onA = await enter(a.url, ana.token, roomId);
    const onB = await enter(b.url, bo.token, roomId);
    // Each process counts its own and hears the other's report: both see two.
    await until(onA.c, (f) => f.type === 'room' && f.members === 2);
    await until(onB.c, (f) => f.type === 'room' && f.members === 2);
    const listed = await cb.call('GET', `/api/v1/rooms/${roomId}`, bo.token);
    assert.equal((listed.json as { liveMembers: number }).liveMembers, 2);

    onA.c.socket.send(JSON.stringify({ type: 'send', room: roomId, body: 'hello from A 你好', clientId: 'a-1' }));
    const sent = await until(onA.c, (f) => f.type === 'sent');
    const got = await until(onB.c, (f) => f.type === 'messages');
    const items = got.items as Array<{ id: string; body: string; seq: number; author: { handle: string } }>;
    assert.deepEqual(
      items.map((i) => [i.id, i.body, i.author.handle]),
      [[sent.id, 'hello from A 你好', 'rooms_ana']],
    );

    // And back: posted over HTTP on B, heard on A.
    const posted = await cb.call('POST', `/api/v1/rooms/${roomId}/messages`, bo.token, { body: 'hi from B' });
    assert.equal(posted.status, 201);
    const back = await until(onA.c, (f) => f.type === 'messages' && (f.items as Array<{ body: string }>).some((i) => i.body === 'hi from B'));
    assert.deepEqual(
      (back.items as Array<{ body: string; seq: number }>).map((i) => [i.seq, i.body]),
      [[2, 'hi from B']],
    );

    onB.c.socket.close();
    await until(onA.c, (f) => f.type === 'room' && f.members === 1);
  });
});
