// `npm run bench [-- graph|fastcpu|ui ...]`: bundles the benchmarks with esbuild (no keepNames
// wrappers, as in the shipped app) and runs them, printing figures.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

mkdirSync('.bench', { recursive: true });

// --baseline <git ref> (fastcpu): that commit's shared/kernels, bundled to .bench/baseline.mjs, timed beside ours
const bi = process.argv.indexOf('--baseline');
if (bi >= 0) {
  const ref = process.argv[bi + 1];
  if (!ref || ref.startsWith('--')) {
    console.error('--baseline wants a git commit or branch, e.g. --baseline main');
    process.exit(2);
  }
  const dir = '.bench/baseline';
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let tar;
  try {
    tar = execFileSync('git', ['archive', ref, 'shared/kernels'], { maxBuffer: 1 << 28 });
  } catch {
    console.error(`--baseline: git has no shared/kernels at "${ref}" (a commit or branch of this repository)`);
    process.exit(2);
  }
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  await build({
    entryPoints: [`${dir}/shared/kernels/index.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: '.bench/baseline.mjs',
    packages: 'external',
    logLevel: 'warning',
  });
  // the bundle stands alone; the extracted sources (tests among them) must not linger where tools look for files
  rmSync(dir, { recursive: true, force: true });
}
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
