// `npm run bench [-- graph|fastcpu|ui ...]`: bundles the benchmarks with esbuild (no keepNames
// wrappers, as in the shipped app) and runs them, printing figures.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

mkdirSync('.bench', { recursive: true });
await build({
  entryPoints: ['bench/run.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: '.bench/run.mjs',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      // Node's ESM resolver needs the file name of a package's subpath without an "exports" map
      // (protobufjs/light, pulled in by the ONNX export through ./graph): point it at light.js.
      name: 'protobufjs-light',
      setup(b) {
        b.onResolve({ filter: /^protobufjs\/light$/ }, () => ({ path: 'protobufjs/light.js', external: true }));
      },
    },
  ],
});
const { main } = await import(pathToFileURL('.bench/run.mjs').href);
await main(process.argv.slice(2));
