import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * The bundled font's CSS lists a .woff fallback beside every .woff2; Chromium/Electron only
 * ever loads the .woff2, so the fallbacks are dropped instead of doubling the font's size.
 */
function woff2Only(): Plugin {
  return {
    name: 'kiosk-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/@fontsource[\\/].*\.css$/.test(id)) return null;
      return { code: code.replace(/,\s*url\([^)]*\.woff\)\s*format\('woff'\)/g, ''), map: null };
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [woff2Only(), react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    // No source maps: the packaged app and the runtime never ship or serve them (issue 8 item 16).
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
});
