// Conversations across two real server processes sharing PostgreSQL and Redis, as behind a load
// balancer: a DM sent on process A reaches the recipient's socket on process B; after a reconnect
// (to either process) a resume gives exactly the messages missed — no gap, no duplicate.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, type ProcessPair, type ServerProcess, startProcessPair } from './support/server-process.ts';
import { connect, type LiveClient, type StreamFrame } from './support/ws-client.ts';

const wsOf = (p: ServerProcess) => `${p.url.replace(/^http/, 'ws')}/api/v1/stream`;

async function open(p: ServerProcess, token: string): Promise<LiveClient> {
  const r = await connect(wsOf(p), { authorization: `Bearer ${token}` });
  assert.ok(r.ok, 'the stream opened');
  assert.equal((await r.client.next()).type, 'hello');
  return r.client;
}

/** The next frame of a type, others (conversation changes, read receipts) passed over. */
async function nextOf(c: LiveClient, type: string): Promise<StreamFrame> {
  for (;;) {
    const f = await c.next(10_000);
    if (f.type === type) return f;
  }
}

const seqsOf = (f: StreamFrame) => (f.items as Array<{ seq: number }>).map((m) => m.seq);

describe('conversations across two processes sharing PostgreSQL and Redis', () => {
  const sockets: LiveClient[] = [];
  let pair: ProcessPair;
  let a: ServerProcess;
  let b: ServerProcess;

  before(async () => {
    pair = await startProcessPair();
    ({ a, b } = pair);
  });
  after(async () => {
    for (const s of sockets) s.socket.terminate();
    await pair?.stop();
  });

  it('delivers a DM sent on A to the recipient on B, and resumes without gap or duplicate after a reconnect', async () => {
    const ca = client(a.url);
    const ana = await ca.signUp('msc_ana');
    const bo = await ca.signUp('msc_bo');
    assert.equal((await ca.call('PUT', `/api/v1/users/${bo.handle}/follow`, ana.token)).status, 204);
    assert.equal((await ca.call('PUT', `/api/v1/users/${ana.handle}/follow`, bo.token)).status, 204);
    const started = await ca.call('POST', '/api/v1/conversations', ana.token, { members: [bo.handle] });
    assert.equal(started.status, 201);
    const id = (started.json as { id: string }).id;

    const onA = await open(a, ana.token);
    const onB = await open(b, bo.token);
    sockets.push(onA, onB);
    onA.socket.send(JSON.stringify({ type: 'send', conversation: id, clientId: 'x1', body: 'from process A' }));
    const sent = await nextOf(onA, 'sent');
    assert.equal(sent.seq, 1);
    const got = await nextOf(onB, 'messages');
    assert.equal(got.conversation, id);
    assert.deepEqual(
      (got.items as Array<{ seq: number; body: string; id: string }>).map((m) => [m.seq, m.body, m.id]),
      [[1, 'from process A', sent.id]],
    );

    // B's person reads, then drops off; A's keeps writing (over the stream and over HTTP on B).
    onB.socket.send(JSON.stringify({ type: 'ack', conversation: id, seq: 1 }));
    assert.deepEqual(
      [await nextOf(onA, 'read')].map((f) => [f.handle, f.seq]),
      [[bo.handle, 1]],
    );
    onB.socket.terminate();
    for (let i = 2; i <= 6; i++) {
      onA.socket.send(JSON.stringify({ type: 'send', conversation: id, clientId: `x${i}`, body: `missed ${i}` }));
      assert.equal((await nextOf(onA, 'sent')).seq, i);
    }
    const viaB = await client(b.url).call('POST', `/api/v1/conversations/${id}/messages`, ana.token, { body: 'missed 7', clientId: 'x7' });
    assert.equal(viaB.status, 201);
    // A retry of an earlier send through the other process is not posted again.
    onA.socket.send(JSON.stringify({ type: 'send', conversation: id, clientId: 'x3', body: 'missed 3' }));
    assert.deepEqual(
      [await nextOf(onA, 'sent')].map((f) => [f.seq, f.duplicate]),
      [[3, true]],
    );

    // Back, on the other process this time: resume from the last seq held.
    const back = await open(a, bo.token);
    sockets.push(back);
    back.socket.send(JSON.stringify({ type: 'resume', conversation: id, after: 1 }));
    const resumed = await nextOf(back, 'messages');
    assert.deepEqual(seqsOf(resumed), [2, 3, 4, 5, 6, 7]);
    // Live again: the next message, on B, arrives once and follows on.
    onA.socket.send(JSON.stringify({ type: 'send', conversation: id, clientId: 'x8', body: 'live again' }));
    assert.deepEqual(seqsOf(await nextOf(back, 'messages')), [8]);
    const history = await client(b.url).call('GET', `/api/v1/conversations/${id}/messages?limit=100`, bo.token);
    assert.deepEqual(
      (history.json as { items: Array<{ seq: number }> }).items.map((m) => m.seq),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
  });
});
