// Bundles the main process and the preload into dist-electron/ (CommonJS, one file each).
// The preload runs sandboxed, where require() knows only 'electron' and a few built-ins, so it must be
// a single self-contained file: each entry is bundled on its own, never split into shared chunks.
// esbuild is a pinned devDependency (also what tsx and vite use).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // Electron 41's bundled Node is at least 22, so nothing needs down-levelling.
  target: 'node22',
  external: ['electron'],
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  define: { 'process.env.NODE_ENV': JSON.stringify(process.env.NODE_ENV ?? 'production') },
};

export async function buildElectron() {
  await Promise.all([
    build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist-electron/main.cjs' }),
    build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist-electron/preload.cjs' }),
  ]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  await buildElectron();
  console.log(`dist-electron/main.cjs and dist-electron/preload.cjs built in ${Date.now() - t0} ms`);
}
