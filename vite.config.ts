// The renderer bundle: renderer/ → dist-renderer/, relative asset URLs so the same files load from
// app://modemdeck/ (Electron) and from the browser host.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist-renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: false,
    // No inline scripts or eval: the CSP allows 'self' scripts only.
    modulePreload: { polyfill: false },
  },
});
