/**
 * Vite build of the renderer.
 *
 * One build serves both hosts: Electron loads `dist/renderer/index.html` from file://, and the
 * engine's HTTP server serves the same folder in web mode. `base: './'` keeps every asset URL
 * relative so both work without knowing where the files live.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // xterm + its WebGL addon are legitimately large; the default 500 kB warning is noise here.
    chunkSizeWarningLimit: 1500,
  },
});
