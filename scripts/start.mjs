#!/usr/bin/env node
// `npm start`: build the renderer (vite) and the main/preload bundles (esbuild), then run Electron.
//   npm start -- --dev         use the Vite dev server (hot reload) instead of dist-web/
//   npm start -- --no-build    run what is already built
// Anything else after `--` is passed to Electron.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectron } from '../electron/locateElectron.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const dev = argv.includes('--dev');
const noBuild = argv.includes('--no-build');
const electronArgs = argv.filter((a) => a !== '--dev' && a !== '--no-build');

function fail(lines) {
  process.stderr.write(`${lines.join('\n')}\n`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? cmd)} exited with ${signal ?? code}`)),
    );
  });
}

async function waitForServer(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the Vite dev server did not answer at ${url} within ${timeoutMs / 1000} s`);
}

// Check first: building takes a while and is pointless without the binary. A missing binary is
// downloaded once by Electron's own installer (see electron/locateElectron.mjs).
const electron = await ensureElectron({ fromDir: root });
if (!electron.ok) fail(electron.lines);

const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
let devServer = null;
try {
  if (!noBuild) {
    if (!dev) await run(process.execPath, [vite, 'build']);
    const { buildElectron } = await import('../electron/build.mjs');
    await buildElectron();
  }
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  if (dev) {
    const url = 'http://localhost:5173/';
    devServer = spawn(process.execPath, [vite, '--port', '5173', '--strictPort'], { cwd: root, stdio: 'inherit' });
    await waitForServer(url, 30_000);
    env.VITE_DEV_SERVER_URL = url;
  }
  const app = spawn(electron.path, ['.', ...electronArgs], { cwd: root, stdio: 'inherit', env });
  const code = await new Promise((resolve) => {
    app.on('error', (e) => {
      process.stderr.write(`npm start: could not run ${electron.path}: ${e.message}\n`);
      resolve(1);
    });
    app.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  devServer?.kill();
  process.exit(code);
} catch (e) {
  devServer?.kill();
  fail([`npm start: ${e instanceof Error ? e.message : String(e)}`]);
}
