// The live connection (WebSocket `/api/v1/stream`) as an explicit state machine:
//
//   idle ─start─▶ connecting ─opened─▶ open ─closed─▶ closed ─schedule─▶ backoff ─timer/wake─▶ connecting
//     ▲                                  │ ▲
//     │                           hidden ▼ │ wake (tab visible again)
//     │                             backgrounded ─closed─▶ closed
//     └──────────────────────────── stop (signed out) ◀─────────── from any state
//
// `transition` is pure (tested on its own); `LiveConnection` runs it: it owns the one socket and the one
// timer, performs each state's entry action and hands every message to its subscribers. The screens
// see four phases (`phaseOf`): connecting, ready, backgrounded (the tab is hidden: nothing counts as
// read) and error (the server refused us, or many tries failed). Chat rides the same socket: frames
// go out through `send`, live-room topics are re-subscribed after every reconnect, and `onReady`
// listeners hear each (re)connection so they can resume their conversations from their last seq.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import type { LiveMessage } from '../../shared/api/notify.ts';
import type { ClientFrame, ServerFrame } from '../../shared/api/stream.ts';
import { accountKeys, useMe } from '../api/accounts.ts';
import { applyLiveMessage } from '../api/notify.ts';

export type LiveState =
  | { kind: 'idle' }
  | { kind: 'connecting'; attempt: number }
  | { kind: 'open'; attempt: number }
  /** connected, but the tab is hidden */
  | { kind: 'backgrounded'; attempt: number }
  | { kind: 'closed'; attempt: number; code: number }
  /** `hold`: the server refused us (4401, 4429); only a long wait or a new sign-in tries again. */
  | { kind: 'backoff'; attempt: number; delayMs: number; hold: boolean };

export type LiveEvent =
  | { type: 'start' }
  | { type: 'stop' }
  | { type: 'opened' }
  | { type: 'hello' }
  | { type: 'closed'; code: number }
  | { type: 'schedule' }
  | { type: 'timer' }
  /** The browser came back online or the tab became visible: no point waiting out the backoff. */
  | { type: 'wake' }
  /** The tab was hidden. */
  | { type: 'hidden' };

/** What the screens show: the state machine's states, folded into the four phases people see. */
export type LivePhase = 'idle' | 'connecting' | 'ready' | 'backgrounded' | 'error';

/** Failed tries after which a reconnect is shown as an error rather than "Reconnecting…". */
export const ERROR_AFTER_ATTEMPTS = 4;

export function phaseOf(state: LiveState): LivePhase {
  switch (state.kind) {
    case 'idle':
      return 'idle';
    case 'open':
      return 'ready';
    case 'backgrounded':
      return 'backgrounded';
    case 'backoff':
      return state.hold || state.attempt >= ERROR_AFTER_ATTEMPTS ? 'error' : 'connecting';
    default:
      return state.attempt >= ERROR_AFTER_ATTEMPTS ? 'error' : 'connecting';
  }
}

// Mirrors STREAM_CLOSE in shared/api/notify.ts (a runtime import from there would pull typebox into the bundle).
export const CLOSE_UNAUTHENTICATED = 4401;
export const CLOSE_TOO_MANY = 4429;
export const BACKOFF_MIN_MS = 1_000;
export const BACKOFF_MAX_MS = 30_000;
export const HOLD_MS = 60_000;

/** Exponential with "equal jitter": half the step is fixed, half random, so tabs don't return in lockstep. */
export function backoffDelay(attempt: number, random: () => number): number {
  const step = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(attempt, 16));
  return Math.max(BACKOFF_MIN_MS, Math.round(step / 2 + (random() * step) / 2));
}

export function transition(state: LiveState, event: LiveEvent, random: () => number = Math.random): LiveState {
  if (event.type === 'stop') return { kind: 'idle' };
  switch (state.kind) {
    case 'idle':
      return event.type === 'start' ? { kind: 'connecting', attempt: 0 } : state;
    case 'connecting':
      if (event.type === 'opened') return { kind: 'open', attempt: state.attempt };
      if (event.type === 'closed') return { kind: 'closed', attempt: state.attempt, code: event.code };
      return state;
    case 'open':
      // Only a hello proves the connection works end to end; then failures count from zero again.
      if (event.type === 'hello') return state.attempt === 0 ? state : { kind: 'open', attempt: 0 };
      if (event.type === 'closed') return { kind: 'closed', attempt: state.attempt, code: event.code };
      if (event.type === 'hidden') return { kind: 'backgrounded', attempt: state.attempt };
      return state;
    case 'backgrounded':
      if (event.type === 'wake') return { kind: 'open', attempt: state.attempt };
      if (event.type === 'hello') return state.attempt === 0 ? state : { kind: 'backgrounded', attempt: 0 };
      if (event.type === 'closed') return { kind: 'closed', attempt: state.attempt, code: event.code };
      return state;
    case 'closed': {
      if (event.type !== 'schedule') return state;
      const hold = state.code === CLOSE_UNAUTHENTICATED || state.code === CLOSE_TOO_MANY;
      const delayMs = hold ? HOLD_MS + Math.round(random() * HOLD_MS * 0.5) : backoffDelay(state.attempt, random);
      return { kind: 'backoff', attempt: state.attempt + 1, delayMs, hold };
    }
    case 'backoff':
      if (event.type === 'timer') return { kind: 'connecting', attempt: state.attempt };
      if (event.type === 'wake' && !state.hold) return { kind: 'connecting', attempt: state.attempt };
      // Signing in (again) is the one thing that lifts a hold early.
      if (event.type === 'start' && state.hold) return { kind: 'connecting', attempt: 0 };
      return state;
  }
}

/** The part of a WebSocket we use, so tests can hand in a fake. */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(code?: number, reason?: string): void;
  send(data: string): void;
}

export interface LiveEnv {
  url: () => string;
  createSocket: (url: string) => SocketLike;
  random: () => number;
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  /** Calls back when the connection is worth retrying now (online, tab visible); returns an unsubscribe. */
  onWake: (fn: () => void) => () => void;
  /** Calls back when the tab is hidden; returns an unsubscribe. */
  onHide?: (fn: () => void) => () => void;
}

const NOTIFY_TYPES = new Set(['hello', 'notification', 'read']);
const CHAT_TYPES = new Set(['messages', 'sent', 'deleted', 'read', 'typing', 'conversation', 'room', 'error', 'resync', 'subscribed']);

/** A chat frame (stream.ts's ServerFrame) — checked only for its type; the chat store reads the rest. */
export function parseChatFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  try {
    const m = JSON.parse(data) as { type?: unknown; unread?: unknown };
    // The notifications' "read" carries `unread`; a conversation's read receipt carries `conversation`.
    if (typeof m.type === 'string' && CHAT_TYPES.has(m.type) && !(m.type === 'read' && typeof m.unread === 'number')) return m as ServerFrame;
  } catch {
    // not JSON: ignore
  }
  return null;
}

function parseMessage(data: unknown): LiveMessage | null {
  if (typeof data !== 'string') return null;
  try {
    const m = JSON.parse(data) as { type?: unknown; unread?: unknown };
    if (typeof m.type === 'string' && NOTIFY_TYPES.has(m.type) && typeof m.unread === 'number') {
      return { type: m.type as LiveMessage['type'], unread: m.unread };
    }
  } catch {
    // not ours: ignore
  }
  return null;
}

export class LiveConnection {
  private state: LiveState = { kind: 'idle' };
  private socket: SocketLike | null = null;
  private timer: unknown = null;
  private unwake: (() => void) | null = null;
  private readonly listeners = new Set<(message: LiveMessage) => void>();
  private readonly watchers = new Set<() => void>();
  private readonly frameListeners = new Set<(frame: ServerFrame) => void>();
  private readonly readyListeners = new Set<() => void>();
  /** topics the screens want (live rooms), with how many screens want each */
  private readonly topics = new Map<string, number>();
  private unhide: (() => void) | null = null;

  constructor(private readonly env: LiveEnv) {}

  getState = (): LiveState => this.state;

  /** Signed in: connect (or lift a hold). */
  start(): void {
    if (!this.unwake) this.unwake = this.env.onWake(() => this.dispatch({ type: 'wake' }));
    if (!this.unhide && this.env.onHide) this.unhide = this.env.onHide(() => this.dispatch({ type: 'hidden' }));
    this.dispatch({ type: 'start' });
  }

  /** Signed out (or nobody listens): close and stay closed. */
  stop(): void {
    this.unwake?.();
    this.unwake = null;
    this.unhide?.();
    this.unhide = null;
    this.dispatch({ type: 'stop' });
  }

  /** Sends a frame if the socket is up; false when it is not (the caller keeps it for later). */
  send(frame: ClientFrame): boolean {
    const up = this.state.kind === 'open' || this.state.kind === 'backgrounded';
    if (!up || !this.socket) return false;
    try {
      this.socket.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  /** Every chat frame (stream.ts); returns an unsubscribe. */
  onFrame(listener: (frame: ServerFrame) => void): () => void {
    this.frameListeners.add(listener);
    return () => void this.frameListeners.delete(listener);
  }

  /** Called on every (re)connection, after the wanted topics are subscribed again: time to resume. */
  onReady(listener: () => void): () => void {
    this.readyListeners.add(listener);
    return () => void this.readyListeners.delete(listener);
  }

  /** Keeps a topic (e.g. `room:<id>`) subscribed across reconnects while someone wants it; returns a release. */
  holdTopic(topic: string): () => void {
    const n = this.topics.get(topic) ?? 0;
    this.topics.set(topic, n + 1);
    if (n === 0) this.send({ type: 'subscribe', topic });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.topics.get(topic) ?? 1) - 1;
      if (left > 0) this.topics.set(topic, left);
      else {
        this.topics.delete(topic);
        this.send({ type: 'unsubscribe', topic });
      }
    };
  }

  /** Every message the server sends; returns an unsubscribe. */
  subscribe(listener: (message: LiveMessage) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** State changes (for useSyncExternalStore); returns an unsubscribe. */
  watch = (watcher: () => void): (() => void) => {
    this.watchers.add(watcher);
    return () => void this.watchers.delete(watcher);
  };

  private dispatch(event: LiveEvent): void {
    const next = transition(this.state, event, this.env.random);
    if (next === this.state) return;
    const kindChanged = next.kind !== this.state.kind;
    this.state = next;
    if (kindChanged) this.enter(next);
    // An entry action may have moved on already (closed → backoff), and told the watchers itself.
    if (this.state === next) for (const watcher of this.watchers) watcher();
  }

  /** Each state's entry action. */
  private enter(state: LiveState): void {
    this.clearTimer();
    switch (state.kind) {
      case 'idle':
        this.dropSocket();
        return;
      case 'connecting':
        this.dropSocket();
        // On the next turn: a stop in the same turn (React's effect double-run) then costs nothing.
        this.timer = this.env.setTimer(() => {
          this.timer = null;
          this.open();
        }, 0);
        return;
      case 'open':
        return;
      case 'closed':
        this.dropSocket();
        this.dispatch({ type: 'schedule' });
        return;
      case 'backoff':
        this.timer = this.env.setTimer(() => {
          this.timer = null;
          this.dispatch({ type: 'timer' });
        }, state.delayMs);
        return;
    }
  }

  private open(): void {
    let socket: SocketLike;
    try {
      socket = this.env.createSocket(this.env.url());
    } catch {
      this.dispatch({ type: 'closed', code: 1006 });
      return;
    }
    this.socket = socket;
    // Handlers check that their socket is still the current one: a late event of an old socket is ignored.
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.dispatch({ type: 'opened' });
      for (const topic of this.topics.keys()) this.send({ type: 'subscribe', topic });
      for (const listener of this.readyListeners) listener();
    };
    socket.onmessage = (ev) => {
      if (this.socket !== socket) return;
      const frame = parseChatFrame(ev.data);
      if (frame) for (const listener of this.frameListeners) listener(frame);
      const message = parseMessage(ev.data);
      if (!message) return;
      if (message.type === 'hello') this.dispatch({ type: 'hello' });
      for (const listener of this.listeners) listener(message);
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.dispatch({ type: 'closed', code: ev.code });
    };
    socket.onerror = () => {
      // A close event always follows; that is where we act.
    };
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    try {
      socket.close(1000, 'bye');
    } catch {
      // already closing
    }
  }

  private clearTimer(): void {
    if (this.timer !== null) this.env.clearTimer(this.timer);
    this.timer = null;
  }
}

function browserEnv(): LiveEnv {
  return {
    url: () => `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/v1/stream`,
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    random: Math.random,
    setTimer: (fn, ms) => window.setTimeout(fn, ms),
    clearTimer: (handle) => window.clearTimeout(handle as number),
    onWake: (fn) => {
      const onVisible = () => {
        if (document.visibilityState === 'visible') fn();
      };
      window.addEventListener('online', fn);
      document.addEventListener('visibilitychange', onVisible);
      return () => {
        window.removeEventListener('online', fn);
        document.removeEventListener('visibilitychange', onVisible);
      };
    },
    onHide: (fn) => {
      const onHidden = () => {
        if (document.visibilityState === 'hidden') fn();
      };
      document.addEventListener('visibilitychange', onHidden);
      return () => document.removeEventListener('visibilitychange', onHidden);
    },
  };
}

let shared: LiveConnection | null = null;

/** The page's one live connection (created on first use, so importing this file touches no browser API). */
export function liveConnection(): LiveConnection {
  shared ??= new LiveConnection(browserEnv());
  return shared;
}

/** The connection's state, for a status line or a test hook. */
export function useLiveState(): LiveState {
  const connection = liveConnection();
  return useSyncExternalStore(connection.watch, connection.getState, connection.getState);
}

/** The connection's phase as people see it: connecting / ready / backgrounded / error. */
export function useLivePhase(): LivePhase {
  return phaseOf(useLiveState());
}

/**
 * Keeps the live connection running while someone is signed in, and feeds its messages into the
 * query cache (unread count, notifications list). Mount once, in the app shell.
 */
export function useLiveUpdates(): void {
  const queryClient = useQueryClient();
  const userId = useMe().data?.id ?? null;
  useEffect(() => {
    if (!userId) return;
    const connection = liveConnection();
    const offMessages = connection.subscribe((message) => applyLiveMessage(queryClient, message));
    // Repeated failures to even connect may mean the session ended: asking /me settles it (a 401
    // there signs the app out, which stops us).
    const offState = connection.watch(() => {
      const state = connection.getState();
      if (state.kind === 'backoff' && state.attempt >= 2) void queryClient.invalidateQueries({ queryKey: accountKeys.me() });
    });
    connection.start();
    return () => {
      offState();
      offMessages();
      connection.stop();
    };
  }, [userId, queryClient]);
}
