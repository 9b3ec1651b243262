// The baseline server: Fastify with one JSON route (and a 204 PUT), no plugins, no logger. Run as its own
// process by bench/lib/servers.ts; prints {"port":N} once listening, stops on SIGTERM.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/ok', async () => ({ ok: true }));
// The write baseline: a PUT answered 204 with no body, as Biji answers a like.
app.put('/ok', async (_req, reply) => reply.code(204).send());

const shutdown = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
if (!addr || typeof addr !== 'object') throw new Error('bare Fastify: no address');
process.stdout.write(`${JSON.stringify({ port: addr.port })}\n`);
