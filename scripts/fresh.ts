// `npm start`'s first step: exits 0 when the web client and the server are built from the current
// sources, 1 when one must be built. The server build compiles this file into dist/fresh.mjs, which
// plain Node runs in a few milliseconds; only when it says "stale" (or is not built yet) does the
// prestart run the TypeScript build (tsx and the bundlers: a second or more of start-up).
import { stale } from './stale.ts';

process.exitCode = stale('web') || stale('server') ? 1 : 0;
