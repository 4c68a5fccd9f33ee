/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';

// Node's process, without pulling in @types/node for two environment variables.
declare const process: { env: Record<string, string | undefined> };

/** The CSP of the brief, plus the extra directives of src-tauri/tauri.conf.json that work in a <meta> tag
 *  (frame-ancestors does not), without tauri.conf.json's 'unsafe-inline' styles. Written into index.html only for the browser tests
 *  (COCKPIT_CSP_META=1), so that Playwright proves the UI runs under it; Tauri sets its own header. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src ipc: http://ipc.localhost; " +
  "object-src 'none'; base-uri 'self'; form-action 'none'";

function cspMeta(): Plugin {
  return {
    name: 'cockpit-csp-meta',
    apply: 'build',
    transformIndexHtml(html) {
      if (process.env.COCKPIT_CSP_META !== '1') return html;
      return html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`);
    },
  };
}

export default defineConfig({
  // Plain esbuild JSX: no Babel plugin needed.
  esbuild: { jsx: 'automatic' },
  plugins: [cspMeta()],
  base: './',
  clearScreen: false,
  build: {
    outDir: process.env.COCKPIT_OUT_DIR ?? 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Tauri serves the files itself; keep one CSS file and no inline assets that CSP would block.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1000,
  },
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // Whole screens render in jsdom (Settings has six sections); on a two-core machine that is busy
    // compiling they take several seconds. A hang still fails, after 30 s rather than 5 s.
    testTimeout: 30_000,
  },
});
