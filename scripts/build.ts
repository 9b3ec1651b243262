// `npm run build` (and, with --if-stale, `npm start`'s prestart): the web client and the server, in
// one process, each only when its sources changed with --if-stale.
export {};

await import('./build-web.ts');
await import('./build-server.ts');
