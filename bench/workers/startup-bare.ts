// The start-up baseline: Fastify with a readiness route and nothing else, on PORT, as Biji listens.
// Started by bench/startup.ts exactly as it starts Biji alone (node --import tsx); stops on SIGTERM.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/api/ready', async () => ({ status: 'ready' }));

const shutdown = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
