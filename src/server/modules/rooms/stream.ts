// The rooms on the live stream: the `room:<id>` topic (members only; its hello is the room frame
// with the last messages) and the `send` and `resume` frames that name a room.

import { StreamError } from '../../platform/realtime/frames.ts';
import type { Gateway } from '../../platform/realtime/gateway.ts';
import { streamFace } from './errors.ts';
import type { RoomsService } from './service.ts';

/** Turns what the service refused into the stream's error frame; anything else is the gateway's to log. */
async function asStream<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    const face = streamFace(err);
    if (!face) throw err;
    throw new StreamError(face.code, face.detail, face.retryAfterMs !== undefined ? { retryAfterMs: face.retryAfterMs } : {});
  }
}

/**
 * Several processes' batches of one tick as one frame: their items together in seq order, then the
 * other frames (deleted, room state) as they came — a delete always follows the batch with its message.
 */
export function mergeRoomFrames(messages: unknown[]): Array<Record<string, unknown>> {
  const items: Array<{ seq: number }> = [];
  const rest: Array<Record<string, unknown>> = [];
  let room: unknown;
  for (const m of messages) {
    if (m === null || typeof m !== 'object') continue;
    const f = m as { type?: unknown; room?: unknown; items?: unknown };
    if (f.type === 'messages' && Array.isArray(f.items)) {
      room = f.room;
      items.push(...(f.items as Array<{ seq: number }>));
    } else rest.push(m as Record<string, unknown>);
  }
  if (items.length === 0) return rest;
  items.sort((a, b) => a.seq - b.seq);
  const unique = items.filter((it, i) => i === 0 || it.seq !== items[i - 1]?.seq);
  return [{ type: 'messages', room, items: unique }, ...rest];
}

/** `coalesceMs`: when several processes share rooms (Redis), how long each gathers their batches of a tick. */
export function wireRoomStream(gateway: Gateway, rooms: RoomsService, coalesceMs: number | null = null): void {
  gateway.topic('room', {
    authorize: (userId, id) => rooms.isMember(userId, id),
    hello: (_userId, id) => rooms.hello(id),
    ...(coalesceMs ? { coalesce: { ms: coalesceMs, merge: mergeRoomFrames } } : {}),
  });
  gateway.command('send', 'room', async (ctx, frame) => {
    const room = frame.room as string;
    const r = await asStream(rooms.send(ctx.userId, room, { body: frame.body, clientId: frame.clientId }));
    ctx.reply({ type: 'sent', clientId: frame.clientId, room, id: r.item.id, seq: r.item.seq, ...(r.duplicate ? { duplicate: true } : {}) });
  });
  gateway.command('resume', 'room', async (ctx, frame) => {
    const room = frame.room as string;
    const items = await asStream(rooms.resume(ctx.userId, room, frame.after));
    ctx.reply(items === null ? { type: 'resync', room } : { type: 'messages', room, items });
  });
}
