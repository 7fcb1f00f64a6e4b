import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The console build. Vite 8 transforms TS/JSX with oxc: Preact's automatic JSX runtime is set
 * here rather than through a plugin. No inline scripts (the pages' CSP forbids them), so the
 * module-preload polyfill is off and every asset is a file under /assets/.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
    reportCompressedSize: false,
  },
});
