// The gateway on its own, with in-memory sockets: topics, frames, fan-out, bounded buffers.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { MemoryPubSub } from '../pubsub/memory.ts';
import { StreamError } from './frames.ts';
import { Gateway, type LiveSocket, topicChannel } from './gateway.ts';
import { textFrame } from './wire.ts';

/** A socket the test controls: what was sent, how much is "unsent", whether it answers pings. */
class FakeSocket extends EventEmitter implements LiveSocket {
  readyState = 1;
  bufferedAmount = 0;
  sent: string[] = [];
  closedWith: number | null = null;
  pings = 0;
  send(data: string | Buffer): void {
    this.sent.push(typeof data === 'string' ? data : data.toString('utf8'));
  }
  ping(): void {
    this.pings += 1;
  }
  close(code?: number): void {
    if (this.readyState !== 1) return;
    this.readyState = 3;
    this.closedWith = code ?? 1000;
    this.emit('close');
  }
  terminate(): void {
    this.close(1006);
  }
  /** the client sends a frame */
  say(frame: unknown): void {
    this.emit('message', Buffer.from(typeof frame === 'string' ? frame : JSON.stringify(frame)));
  }
  frames(): Array<Record<string, unknown>> {
    return this.sent.map((s) => JSON.parse(s) as Record<string, unknown>);
  }
}

/** In-process pub/sub that reports how many subscriptions are open. */
class CountingPubSub extends MemoryPubSub {
  open = 0;
  subscribes = 0;
  override async subscribe(channel: string, handler: (m: unknown) => void) {
    const unsubscribe = await super.subscribe(channel, handler);
    this.open++;
    this.subscribes++;
    return async () => {
      this.open--;
      await unsubscribe();
    };
  }
}

const settle = () => new Promise((r) => setImmediate(r));

function gateway(opts: ConstructorParameters<typeof Gateway>[1] = {}) {
  const pubsub = new CountingPubSub();
  const g = new Gateway(pubsub, opts);
  g.topic('user', { authorize: async (userId, id) => userId === id, hello: async () => ({ type: 'hello', unread: 0 }) });
  // A room anyone may join, as chat will declare; room "closed" refuses everyone.
  g.topic('room', { authorize: async (_userId, id) => id !== 'closed' });
  return { g, pubsub };
}

async function attach(g: Gateway, userId: string): Promise<FakeSocket> {
  const s = new FakeSocket();
  await g.attach(userId, s);
  return s;
}

describe('realtime gateway', () => {
  it('puts a new connection on its person’s topic and says hello first, naming the topic', async () => {
    const { g } = gateway();
    const s = await attach(g, 'u1');
    assert.deepEqual(s.frames(), [{ type: 'hello', unread: 0, topic: 'user:u1' }]);
    await g.publish('user:u1', { type: 'notification', unread: 1 });
    await settle();
    assert.deepEqual(s.frames()[1], { type: 'notification', unread: 1, topic: 'user:u1' });
    await g.close();
  });

  it('subscribes to other topics by frame, checks who may, and unsubscribes', async () => {
    const { g } = gateway();
    const s = await attach(g, 'u1');
    s.say({ type: 'subscribe', topic: 'room:cats' });
    s.say({ type: 'subscribe', topic: 'room:closed' });
    s.say({ type: 'subscribe', topic: 'user:u2' });
    s.say({ type: 'subscribe', topic: 'planet:mars' });
    await settle();
    await settle();
    const f = s.frames().slice(1);
    assert.deepEqual(
      f.find((x) => x.topic === 'room:cats'),
      { type: 'subscribed', topic: 'room:cats' },
    );
    assert.equal(f.find((x) => x.topic === 'room:closed')?.code, 'forbidden_topic');
    assert.equal(f.find((x) => x.topic === 'user:u2')?.code, 'forbidden_topic', 'nobody holds another person’s topic');
    assert.equal(f.find((x) => x.topic === 'planet:mars')?.code, 'unknown_topic');
    await g.publish('room:cats', { type: 'message', text: '喵' });
    await settle();
    assert.deepEqual(s.frames().at(-1), { type: 'message', text: '喵', topic: 'room:cats' });
    s.say({ type: 'unsubscribe', topic: 'room:cats' });
    await settle();
    const count = s.sent.length;
    await g.publish('room:cats', { type: 'message', text: 'gone' });
    await settle();
    assert.deepEqual(s.frames().slice(count - 1), [{ type: 'unsubscribed', topic: 'room:cats' }]);
    await g.close();
  });

  it('answers a frame that is not one with an error and keeps the connection; ping gets pong', async () => {
    const { g } = gateway();
    const s = await attach(g, 'u1');
    for (const bad of ['not json', { type: 'subscribe' }, { type: 'subscribe', topic: 'ROOM:X' }, { type: 'shout', topic: 'room:a' }, [1, 2]]) s.say(bad);
    s.say({ type: 'ping' });
    await settle();
    const codes = s
      .frames()
      .slice(1)
      .map((f) => f.code ?? f.type);
    assert.deepEqual(codes, ['bad_json', 'bad_frame', 'bad_frame', 'unknown_type', 'bad_frame', 'pong']);
    assert.equal(s.readyState, 1);
    await g.close();
  });

  it('hands chat frames to the module that took them, by target, and turns its StreamError into an error frame', async () => {
    const { g } = gateway();
    const seen: string[] = [];
    g.command('send', 'room', (ctx, f) => {
      seen.push(`${ctx.userId}:${f.room}:${f.body}:${ctx.holds('room:r1')}`);
      if (f.body === 'slow') throw new StreamError('slow_mode', 'Slow mode is on.', { retryAfterMs: 4000 });
      if (f.body === 'boom') throw new Error('a bug');
      ctx.reply({ type: 'sent', clientId: f.clientId, room: f.room, id: 'm1', seq: 1 });
    });
    assert.throws(() => g.command('send', 'room', () => {}), /declared twice/);
    const s = await attach(g, 'u1');
    s.say({ type: 'subscribe', topic: 'room:r1' });
    await settle();
    s.say({ type: 'send', room: 'r1', clientId: 'a', body: 'hi' });
    s.say({ type: 'send', room: 'r1', clientId: 'b', body: 'slow' });
    s.say({ type: 'send', room: 'r1', clientId: 'c', body: 'boom' });
    s.say({ type: 'send', conversation: 'c1', clientId: 'd', body: 'hi' });
    s.say({ type: 'send', clientId: 'e', body: 'nowhere' });
    s.say({ type: 'send', room: 'r1', conversation: 'c1', clientId: 'f', body: 'both' });
    await settle();
    assert.deepEqual(seen, ['u1:r1:hi:true', 'u1:r1:slow:true', 'u1:r1:boom:true']);
    const answers = s.frames().filter((f) => f.type === 'sent' || f.type === 'error');
    assert.deepEqual(
      answers.map((f) => [f.type, f.code ?? null, f.clientId]),
      [
        ['sent', null, 'a'],
        ['error', 'slow_mode', 'b'],
        ['error', 'unavailable', 'c'],
        ['error', 'unknown_type', 'd'],
        ['error', 'bad_frame', 'e'],
        ['error', 'bad_frame', 'f'],
      ],
    );
    assert.equal(answers[1]?.retryAfterMs, 4000);
    assert.equal(answers[1]?.room, 'r1');
    assert.equal(g.localSubscribers('room:r1'), 1);
    assert.equal(g.localPeople('room:r1'), 1);
    await g.close();
  });

  it('answers a flooding socket rate_limited, and closes it with 4008 when it keeps on', async () => {
    const { g } = gateway({ maxFramesPer10s: 5 });
    const s = await attach(g, 'u1');
    for (let i = 0; i < 7; i++) s.say({ type: 'ping' });
    await settle();
    const types = s
      .frames()
      .slice(1)
      .map((f) => f.code ?? f.type);
    assert.deepEqual(types, ['pong', 'pong', 'pong', 'pong', 'pong', 'rate_limited', 'rate_limited']);
    assert.equal(s.readyState, 1);
    for (let i = 0; i < 10; i++) s.say({ type: 'ping' });
    await settle();
    assert.equal(s.closedWith, 4008);
    const other = await attach(g, 'u2');
    other.say({ type: 'ping' });
    await settle();
    assert.equal(other.frames().at(-1)?.type, 'pong', 'everyone else is still served');
    await g.close();
  });

  it('holds one pub/sub subscription a topic however many sockets hold it, serialises each message once, and drops it with the last socket', async () => {
    const { g, pubsub } = gateway();
    const sockets: FakeSocket[] = [];
    // 2,000 people in one room: one subscription, one JSON string written to every socket.
    for (let i = 0; i < 2_000; i++) {
      const s = await attach(g, `p${i}`);
      s.say({ type: 'subscribe', topic: 'room:big' });
      sockets.push(s);
    }
    await settle();
    const roomSubscriptions = pubsub.subscribes - 2_000; // each person's own topic is one more
    assert.equal(roomSubscriptions, 1);
    await g.publish('room:big', { type: 'message', text: 'hello everyone' });
    await settle();
    const last = sockets.map((s) => s.sent.at(-1));
    assert.ok(
      last.every((x) => x === last[0]),
      'every socket got the very same string',
    );
    assert.deepEqual(JSON.parse(last[0] as string), { type: 'message', text: 'hello everyone', topic: 'room:big' });
    assert.equal(pubsub.open, 2_001);
    for (const s of sockets) s.close();
    await settle();
    assert.equal(pubsub.open, 0, 'every subscription is released with its last socket');
    assert.equal(g.stats().topics, 0);
    await g.close();
  });

  it('sends a reader that stopped reading nothing more until it drains, then one resync', async () => {
    const { g } = gateway({ maxBufferedBytes: 1000 });
    const s = await attach(g, 'slow');
    const fast = await attach(g, 'fast');
    s.say({ type: 'subscribe', topic: 'room:busy' });
    fast.say({ type: 'subscribe', topic: 'room:busy' });
    await settle();
    s.bufferedAmount = 5_000; // the client stopped reading: the kernel and ws hold 5 KB for it
    for (let i = 0; i < 50; i++) await g.publish('room:busy', { type: 'message', i });
    await settle();
    const sentWhileBehind = s.frames().filter((f) => f.type === 'message').length;
    assert.equal(sentWhileBehind, 0, 'nothing more is buffered for a socket over the limit');
    assert.equal(fast.frames().filter((f) => f.type === 'message').length, 50, 'others are not held up');
    s.bufferedAmount = 0; // it caught up
    await g.publish('room:busy', { type: 'message', i: 50 });
    await settle();
    assert.deepEqual(
      s
        .frames()
        .slice(-2)
        .map((f) => f.type),
      ['resync', 'message'],
    );
    await g.close();
  });

  it('cuts off a socket that stays behind too long', async () => {
    const { g } = gateway({ maxBufferedBytes: 1000, maxBehindMs: 0 });
    const s = await attach(g, 'stuck');
    s.bufferedAmount = 5_000;
    await g.publish('user:stuck', { type: 'notification', unread: 1 });
    await settle();
    await new Promise((r) => setTimeout(r, 5));
    await g.publish('user:stuck', { type: 'notification', unread: 2 });
    await settle();
    assert.equal(s.closedWith, 1006);
    await g.close();
  });

  it('closes a sixth socket of one person with 4429, and a socket asking for more than its topics', async () => {
    const { g } = gateway({ maxTopicsPerSocket: 2 });
    const five = [];
    for (let i = 0; i < 5; i++) five.push(await attach(g, 'many'));
    const sixth = await attach(g, 'many');
    assert.equal(sixth.closedWith, 4429);
    assert.ok(five.every((s) => s.readyState === 1));
    const s = five[0]!;
    s.say({ type: 'subscribe', topic: 'room:a' });
    s.say({ type: 'subscribe', topic: 'room:b' });
    await settle();
    await settle();
    assert.equal(s.frames().find((f) => f.topic === 'room:b')?.code, 'too_many_topics');
    await g.close();
  });

  it('drops a socket that stops answering pings, and on shutdown closes the rest with 1001', async () => {
    const { g, pubsub } = gateway({ heartbeatMs: 20, closeGraceMs: 50 });
    const silent = await attach(g, 'silent');
    const polite = await attach(g, 'polite');
    const timer = setInterval(() => polite.emit('pong'), 5);
    try {
      const until = Date.now() + 2_000;
      while (silent.closedWith === null && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      assert.equal(silent.closedWith, 1006);
      assert.equal(polite.readyState, 1);
    } finally {
      clearInterval(timer);
    }
    await g.close();
    assert.equal(polite.closedWith, 1001);
    assert.equal(pubsub.open, 0);
    assert.equal(await pubsub.hasSubscribers(topicChannel('user:polite')), false);
  });
});

describe('prepared frames', () => {
  it('frames a text payload once with the length in 7, 16 or 64 bits (RFC 6455), unmasked and final', () => {
    for (const [n, head] of [
      [125, [0x81, 125]],
      [126, [0x81, 126, 0, 126]],
      [65_536, [0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0]],
    ] as const) {
      const f = textFrame(Buffer.alloc(n, 0x61));
      assert.deepEqual([...f.subarray(0, head.length)], [...head]);
      assert.equal(f.length, head.length + n);
      assert.equal(f[f.length - 1], 0x61);
    }
  });
});
