// `npm start`'s first step on a fresh `npm install`: find Electron's binary or download it with
// Electron's own installer. Real package folders in a temp dir; only the download is stubbed (the
// injected spawn plays install.js: it writes path.txt and dist/electron, or fails as offline would).
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureElectron, locateElectron } from './locateElectron.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A project folder with node_modules/electron as `npm install` leaves it (allowScripts denies install.js). */
function project(withBinary: boolean): { root: string; pkg: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cnn-electron-'));
  dirs.push(root);
  const pkg = path.join(root, 'node_modules', 'electron');
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(root, 'package.json'), '{"name":"x"}');
  fs.writeFileSync(path.join(pkg, 'package.json'), '{"name":"electron","version":"41.7.1","main":"index.js"}');
  fs.writeFileSync(path.join(pkg, 'install.js'), 'process.exit(3)');
  if (withBinary) installBinary(pkg);
  return { root, pkg };
}

function installBinary(pkg: string): void {
  fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(pkg, 'dist', 'electron'), '#!/bin/sh\n');
  fs.writeFileSync(path.join(pkg, 'path.txt'), 'electron\n'); // a trailing newline is tolerated
}

/** A stand-in for child_process.spawn that records each call and plays the installer. */
function fakeSpawn(play: (args: string[]) => { code?: number; error?: Error }) {
  const calls: { command: string; args: string[]; options: any }[] = [];
  const spawn = ((command: string, args: string[], options: unknown) => {
    calls.push({ command, args, options });
    const child = new EventEmitter();
    const outcome = play(args);
    setImmediate(() =>
      outcome.error ? child.emit('error', outcome.error) : child.emit('exit', outcome.code ?? 0, null),
    );
    return child;
  }) as any;
  return { spawn, calls };
}

const quiet = () => {
  const lines: string[] = [];
  return { lines, log: (l: string) => lines.push(l) };
};

describe('ensureElectron (npm start)', () => {
  it('uses the binary that is there without running the installer', async () => {
    const { root, pkg } = project(true);
    const { spawn, calls } = fakeSpawn(() => ({ code: 0 }));
    const log = quiet();
    expect(await ensureElectron({ fromDir: root, env: {}, spawn, log: log.log })).toEqual({
      ok: true,
      path: path.join(pkg, 'dist', 'electron'),
      installed: false,
    });
    expect(calls).toEqual([]);
    expect(log.lines).toEqual([]);
  });

  it("runs Electron's own installer once when the binary is missing, says so, then starts", async () => {
    const { root, pkg } = project(false);
    expect(locateElectron({ fromDir: root, env: {} })).toMatchObject({
      ok: false,
      code: 'no-binary',
      installScript: path.join(pkg, 'install.js'),
    });
    const { spawn, calls } = fakeSpawn(() => {
      installBinary(pkg); // what install.js does after downloading and checking the zip
      return { code: 0 };
    });
    const log = quiet();
    const env = { PATH: '/usr/bin' };
    expect(await ensureElectron({ fromDir: root, env, spawn, log: log.log })).toEqual({
      ok: true,
      path: path.join(pkg, 'dist', 'electron'),
      installed: true,
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      command: process.execPath,
      args: [path.join(pkg, 'install.js')],
      options: { cwd: root, env, stdio: 'inherit' },
    });
    expect(log.lines.join('\n')).toMatch(/not installed .*package\.json denies it/);
    expect(log.lines.join('\n')).toContain(
      "Electron's own installer, which checks it against Electron's published checksums: node node_modules/electron/install.js",
    );
    // The next start finds it and does not download again.
    expect(await ensureElectron({ fromDir: root, env, spawn, log: log.log })).toMatchObject({
      ok: true,
      installed: false,
    });
    expect(calls).toHaveLength(1);
  });

  it('tells the truth when the installer fails (no network): what failed, the override and npm run web', async () => {
    const { root } = project(false);
    const { spawn, calls } = fakeSpawn(() => ({ code: 1 }));
    const result = await ensureElectron({ fromDir: root, env: {}, spawn, log: quiet().log });
    expect(calls).toHaveLength(1);
    expect(result.ok).toBe(false);
    const text = (result as { lines: string[] }).lines.join('\n');
    expect(text).toContain(
      "npm start: the Electron binary is not installed on this machine, and Electron's installer (node node_modules/electron/install.js) exited with code 1.",
    );
    expect(text).toContain('needs\n  internet access');
    expect(text).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    expect(text).toContain('npm run web');
    expect(text).not.toMatch(/downloads its binary the first time it runs/);

    const broken = fakeSpawn(() => ({ error: new Error('spawn ENOENT') }));
    const r2 = await ensureElectron({ fromDir: root, env: {}, spawn: broken.spawn, log: quiet().log });
    expect((r2 as { lines: string[] }).lines[0]).toContain('could not be started: spawn ENOENT');

    // An installer that exits 0 without a binary (as install.js does when told to skip) is not success.
    const silent = fakeSpawn(() => ({ code: 0 }));
    const r3 = await ensureElectron({ fromDir: root, env: {}, spawn: silent.spawn, log: quiet().log });
    expect((r3 as { lines: string[] }).lines[0]).toBe(
      "npm start: Electron's installer (node node_modules/electron/install.js) finished, but the Electron binary is not installed on this machine.",
    );
  });

  it('does not download when ELECTRON_SKIP_BINARY_DOWNLOAD is set, and says why', async () => {
    const { root } = project(false);
    const { spawn, calls } = fakeSpawn(() => ({ code: 0 }));
    const result = await ensureElectron({
      fromDir: root,
      env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      spawn,
      log: quiet().log,
    });
    expect(calls).toEqual([]);
    expect(result.ok).toBe(false);
    const text = (result as { lines: string[] }).lines.join('\n');
    expect(text).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not downloaded');
    expect(text).toContain('Unset ELECTRON_SKIP_BINARY_DOWNLOAD');
    expect(text).toContain('npm run web');
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH and never downloads over it', async () => {
    const { root } = project(false);
    const own = fs.mkdtempSync(path.join(os.tmpdir(), 'cnn-electron-own-'));
    dirs.push(own);
    const { spawn, calls } = fakeSpawn(() => ({ code: 0 }));
    const missing = await ensureElectron({
      fromDir: root,
      env: { ELECTRON_OVERRIDE_DIST_PATH: own },
      spawn,
      log: quiet().log,
    });
    expect((missing as { lines: string[] }).lines[0]).toBe(
      `npm start: ELECTRON_OVERRIDE_DIST_PATH is set, but ${path.join(own, 'electron')} does not exist.`,
    );
    fs.writeFileSync(path.join(own, 'electron'), '');
    expect(
      await ensureElectron({ fromDir: root, env: { ELECTRON_OVERRIDE_DIST_PATH: own }, spawn, log: quiet().log }),
    ).toEqual({ ok: true, path: path.join(own, 'electron'), installed: false });
    expect(calls).toEqual([]);
  });

  it('asks for npm install when the electron package itself is missing', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cnn-electron-none-'));
    dirs.push(root);
    expect(await ensureElectron({ fromDir: root, env: {}, log: quiet().log })).toEqual({
      ok: false,
      lines: ['npm start: the electron package is not installed (run npm install).'],
    });
  });
});
