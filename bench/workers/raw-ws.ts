// A bare WebSocket client for the room bench's receivers: tens of thousands of them share two cores
// with the servers, so each frame must cost as little as possible — no per-message objects, no
// stream machinery beyond the TCP socket, payloads handed over as views of the bytes read. It
// speaks just what a receiver needs (RFC 6455): the handshake, text frames in, pings answered,
// and small masked text frames out. The senders use the real `ws` client.
import { randomBytes } from 'node:crypto';
import net from 'node:net';

export interface RawWs {
  send(text: string): void;
  close(): void;
  readonly open: boolean;
}

/** A client frame: FIN, opcode, the mask bit with an all-zero key (XOR with 0 leaves the payload as is). */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  const head = n < 126 ? 6 : 8;
  const f = Buffer.alloc(head + n);
  f[0] = 0x80 | opcode;
  if (n < 126) f[1] = 0x80 | n;
  else {
    f[1] = 0x80 | 126;
    f.writeUInt16BE(n, 2);
  }
  payload.copy(f, head);
  return f;
}

export function rawConnect(
  url: string,
  headers: Record<string, string>,
  localAddress: string,
  on: { text(payload: Buffer): void; close(): void; open(): void },
): RawWs {
  const u = new URL(url);
  const sock = net.connect({ host: u.hostname, port: Number(u.port), localAddress });
  sock.setNoDelay(true);
  let open = false;
  let closed = false;
  let pending: Buffer | null = null;
  const finish = () => {
    if (closed) return;
    closed = true;
    open = false;
    sock.destroy();
    on.close();
  };
  sock.on('connect', () => {
    const extra = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    sock.write(
      `GET ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`,
    );
  });
  const frames = (buf: Buffer) => {
    let at = 0;
    for (;;) {
      if (buf.length - at < 2) break;
      const b1 = buf[at + 1] as number;
      let len = b1 & 0x7f;
      let head = 2;
      if (len === 126) {
        if (buf.length - at < 4) break;
        len = buf.readUInt16BE(at + 2);
        head = 4;
      } else if (len === 127) {
        if (buf.length - at < 10) break;
        len = Number(buf.readBigUInt64BE(at + 2));
        head = 10;
      }
      if (buf.length - at < head + len) break;
      const opcode = (buf[at] as number) & 0x0f;
      const payload = buf.subarray(at + head, at + head + len);
      if (opcode === 0x1) on.text(payload);
      else if (opcode === 0x9) sock.write(clientFrame(0xa, Buffer.from(payload)));
      else if (opcode === 0x8) return finish();
      at += head + len;
    }
    pending = at < buf.length ? Buffer.from(buf.subarray(at)) : null;
  };
  sock.on('data', (chunk: Buffer) => {
    const buf = pending ? Buffer.concat([pending, chunk]) : chunk;
    pending = null;
    if (!open) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        pending = Buffer.from(buf);
        return;
      }
      if (!buf.subarray(0, 12).toString('latin1').startsWith('HTTP/1.1 101')) return finish();
      open = true;
      on.open();
      frames(buf.subarray(end + 4));
      return;
    }
    frames(buf);
  });
  sock.on('error', finish);
  sock.on('close', finish);
  return {
    send: (text) => {
      if (open) sock.write(clientFrame(0x1, Buffer.from(text)));
    },
    close: finish,
    get open() {
      return open;
    },
  };
}
