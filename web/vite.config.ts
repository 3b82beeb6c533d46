import { defineConfig } from 'vitest/config';

// Node's `process`, declared here rather than pulling Node's types into the browser code's type check.
declare const process: { env: Record<string, string | undefined> };

// The server to proxy to during `npm run dev` (the dashboard is served by the server itself in production).
const server = process.env.LIGHTNING_URL ?? 'http://127.0.0.1:5250';

export default defineConfig({
  // esbuild's own JSX transform: no React plugin needed (and none to install); only Fast Refresh is missed in dev.
  esbuild: { jsx: 'automatic' },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      '/api': { target: server, ws: true },
      '/health': { target: server },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
