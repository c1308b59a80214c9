import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { APP_CSP_META } from './shared/ipc/csp.ts';
import { dataAssets } from './scripts/viteDataPlugin.ts';

// The built page carries the app's Content-Security-Policy in a <meta>; the dev server does not
// (Vite's dev client needs inline scripts and a WebSocket).
function cspMeta(): Plugin {
  return {
    name: 'app-csp-meta',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace('<!--CSP-->', `<meta http-equiv="Content-Security-Policy" content="${APP_CSP_META}" />`),
  };
}

/**
 * Cross-origin isolation: without it a browser gives no SharedArrayBuffer, and the fast CPU kernels run on one
 * thread (shared/kernels/threads.ts). The app loads nothing from other origins, so require-corp costs nothing.
 * A static host serving dist-web must send the same two headers for the kernels' threads.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  plugins: [react(), cspMeta(), dataAssets()],
  build: {
    outDir: 'dist-web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
    // training.html: the Training panel on its own page (e2e test and benchmark; see renderer/training/standalone.tsx).
    rollupOptions: { input: { main: 'index.html', training: 'training.html' } },
  },
  worker: { format: 'es' },
  server: { port: 5173, headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
});
