import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { APP_CSP_META } from './shared/ipc/csp.ts';

// The built page carries the app's Content-Security-Policy in a <meta>; the dev server does not
// (Vite's dev client needs inline scripts and a WebSocket).
function cspMeta(): Plugin {
  return {
    name: 'app-csp-meta',
    apply: 'build',
    transformIndexHtml: (html) => html.replace('<!--CSP-->', `<meta http-equiv="Content-Security-Policy" content="${APP_CSP_META}" />`),
  };
}

export default defineConfig({
  base: './',
  plugins: [react(), cspMeta()],
  build: { outDir: 'dist-web', emptyOutDir: true, chunkSizeWarningLimit: 4096, sourcemap: false },
  worker: { format: 'es' },
  server: { port: 5173 },
});
