import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    // No source maps: the packaged app and the runtime never ship or serve them (issue 8 item 16).
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
});
