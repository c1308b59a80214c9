// Where the Electron binary is, or why there is none. Mirrors node_modules/electron/index.js
// (path.txt, ELECTRON_OVERRIDE_DIST_PATH) without throwing, so callers can explain plainly.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

/**
 * @param {{ env?: Record<string, string | undefined>, fromDir?: string }} [options]
 * @returns {{ ok: true, path: string } | { ok: false, reason: string }}
 */
export function locateElectron(options = {}) {
  const env = options.env ?? process.env;
  const require = createRequire(path.join(options.fromDir ?? process.cwd(), 'package.json'));
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'the electron package is not installed (run npm install)' };
  }
  const pathTxt = path.join(pkgDir, 'path.txt');
  const executable = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const bin = path.join(override, executable || (process.platform === 'win32' ? 'electron.exe' : 'electron'));
    return existsSync(bin) ? { ok: true, path: bin } : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${bin} does not exist` };
  }
  if (!executable) return { ok: false, reason: 'the Electron binary is not installed on this machine' };
  const bin = path.join(pkgDir, 'dist', executable);
  return existsSync(bin) ? { ok: true, path: bin } : { ok: false, reason: `the Electron binary is not installed on this machine (${bin} is missing)` };
}
