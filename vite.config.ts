// Builds the web client (src/web) into dist/web, which the server serves with an SPA fallback.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./src/web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));
// `npm run dev`-style work: the API server listens here (PORT, default 8080).
const apiTarget = `http://127.0.0.1:${process.env.API_PORT ?? '8080'}`;

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    // The production CSP is `script-src 'self'`: keep every script an external file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // The server reads it to preload a landing page's own chunk with the entry (platform/web.ts).
    manifest: true,
    // No source maps in what the server serves: they doubled the download of anyone who opened
    // devtools and published the whole client source tree (`npm run dev` still has them).
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, ws: true, changeOrigin: false },
    },
  },
});
