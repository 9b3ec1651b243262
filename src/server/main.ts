// Start Biji: read config, build the app, listen, and shut down gracefully on SIGTERM/SIGINT.

import { buildApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`Biji cannot start: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}

const { app, ctx } = await buildApp(config, { startJobs: true });
if (!config.rateLimits.enabled) app.log.warn('RATE_LIMITS=off: sign-up, log-in and write limits are disabled (benchmarks and load tests only)');

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
  const timer = setTimeout(() => {
    app.log.error('shutdown took too long; exiting');
    process.exit(1);
  }, config.shutdownTimeoutMs);
  timer.unref();
  try {
    await app.close(); // stops accepting, waits for in-flight requests, then closes the database (onClose)
    process.exit(0);
  } catch (err) {
    app.log.error({ err }, 'error during shutdown');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

try {
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ database: ctx.db.kind, dataDir: config.dataDir, redis: !!ctx.redis }, `Biji is serving at http://${config.host}:${config.port}`);
} catch (err) {
  app.log.fatal({ err }, 'could not start');
  await app.close().catch(() => {});
  process.exit(1);
}
