// `npm start`: one process. A supervisor or container runtime stops Biji by sending SIGTERM to the
// process it started — npm, which forwards it to its child. That child used to be the shell running
// `a && b`, which died at once and left the server running orphaned on its port. Now the script is
// `exec node …` (the shell becomes this process: a POSIX shell is needed, as on Linux and macOS),
// the web client is built when stale in a child process that is waited for, and the server then
// runs in this very process, so the signal reaches its graceful shutdown.
import { spawn } from 'node:child_process';

const build = spawn(process.execPath, ['--import', 'tsx', 'scripts/build-web.ts', '--if-stale'], { stdio: 'inherit' });
// A stop request during the build stops the build and us with it.
const stopBuild = (signal: NodeJS.Signals) => build.kill(signal);
process.on('SIGTERM', stopBuild);
process.on('SIGINT', stopBuild);
const code = await new Promise<number>((resolve) => build.once('exit', (c, signal) => resolve(c ?? (signal ? 128 : 1))));
process.off('SIGTERM', stopBuild);
process.off('SIGINT', stopBuild);
if (code !== 0) process.exit(code);

await import('../src/server/main.ts');
