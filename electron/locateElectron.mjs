// Where the Electron binary is, or why there is none, and `npm start`'s way of getting it.
// Mirrors node_modules/electron/index.js (path.txt, ELECTRON_OVERRIDE_DIST_PATH) without throwing,
// so callers can explain plainly.
//
// Electron 41 downloads its binary only in its postinstall script (node_modules/electron/install.js),
// and package.json's allowScripts denies that script, so `npm install` leaves the binary out.
// ensureElectron() runs that same installer (it checks the download against Electron's published
// checksums) the first time `npm start` needs it.
import { spawn as nodeSpawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

/**
 * @param {{ env?: Record<string, string | undefined>, fromDir?: string }} [options]
 * @returns {{ ok: true, path: string } | { ok: false, reason: string, code: 'no-package' | 'override-missing' | 'no-binary', installScript?: string }}
 */
export function locateElectron(options = {}) {
  const env = options.env ?? process.env;
  const require = createRequire(path.join(options.fromDir ?? process.cwd(), 'package.json'));
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { ok: false, code: 'no-package', reason: 'the electron package is not installed (run npm install)' };
  }
  const pathTxt = path.join(pkgDir, 'path.txt');
  const executable = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const bin = path.join(override, executable || (process.platform === 'win32' ? 'electron.exe' : 'electron'));
    return existsSync(bin)
      ? { ok: true, path: bin }
      : {
          ok: false,
          code: 'override-missing',
          reason: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${bin} does not exist`,
        };
  }
  const installScript = path.join(pkgDir, 'install.js');
  if (!executable)
    return {
      ok: false,
      code: 'no-binary',
      installScript,
      reason: 'the Electron binary is not installed on this machine',
    };
  const bin = path.join(pkgDir, 'dist', executable);
  return existsSync(bin)
    ? { ok: true, path: bin }
    : {
        ok: false,
        code: 'no-binary',
        installScript,
        reason: `the Electron binary is not installed on this machine (${bin} is missing)`,
      };
}

const ALTERNATIVES = [
  '  To use a copy of Electron you already have, point ELECTRON_OVERRIDE_DIST_PATH at the folder that',
  '  contains its electron executable. To use the app now, run it in a browser:  npm run web',
];

/**
 * The Electron binary for `npm start`: found, or downloaded once by Electron's own installer.
 * Never throws; on failure `lines` is the whole message to print (then exit 1).
 * @param {{
 *   env?: Record<string, string | undefined>,
 *   fromDir?: string,
 *   spawn?: typeof import('node:child_process').spawn,
 *   log?: (line: string) => void,
 * }} [options]
 * @returns {Promise<{ ok: true, path: string, installed: boolean } | { ok: false, lines: string[] }>}
 */
export async function ensureElectron(options = {}) {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const found = locateElectron({ env, fromDir: options.fromDir });
  if (found.ok) return { ok: true, path: found.path, installed: false };
  if (found.code === 'no-package') return { ok: false, lines: [`npm start: ${found.reason}.`] };
  if (found.code === 'override-missing') {
    return {
      ok: false,
      lines: [
        `npm start: ${found.reason}.`,
        '',
        '  Point it at the folder that contains the electron executable, or unset it to use the',
        '  binary Electron downloads. To use the app now, run it in a browser:  npm run web',
      ],
    };
  }
  const script = /** @type {string} */ (found.installScript);
  const relative = path.relative(options.fromDir ?? process.cwd(), script);
  const command = `node ${relative.startsWith('..') || path.isAbsolute(relative) ? script : relative}`;
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return {
      ok: false,
      lines: [
        `npm start: ${found.reason}, and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not downloaded.`,
        '',
        `  Unset ELECTRON_SKIP_BINARY_DOWNLOAD to let npm start download it (${command}).`,
        ...ALTERNATIVES,
      ],
    };
  }
  log(`npm start: ${found.reason} (npm install does not run Electron's download script; package.json denies it).`);
  log(
    `npm start: downloading it once with Electron's own installer, which checks it against Electron's published checksums: ${command}`,
  );
  const spawn = options.spawn ?? nodeSpawn;
  const result = await new Promise((resolve) => {
    let child;
    try {
      child = spawn(process.execPath, [script], { cwd: options.fromDir, env, stdio: 'inherit' });
    } catch (e) {
      resolve(`could not be started: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    child.on('error', (e) => resolve(`could not be started: ${e.message}`));
    child.on('exit', (code, signal) => resolve(code === 0 ? null : `exited with ${signal ?? `code ${code}`}`));
  });
  const after = result === null ? locateElectron({ env, fromDir: options.fromDir }) : null;
  if (after?.ok) {
    log(`npm start: Electron is installed (${after.path}).`);
    return { ok: true, path: after.path, installed: true };
  }
  return {
    ok: false,
    lines: [
      result === null
        ? `npm start: Electron's installer (${command}) finished, but ${after && !after.ok ? after.reason : 'the binary is still missing'}.`
        : `npm start: ${found.reason}, and Electron's installer (${command}) ${result}.`,
      '',
      '  The installer downloads the binary from github.com/electron/electron/releases, so it needs',
      '  internet access (behind a proxy, set ELECTRON_GET_USE_PROXY=1 and GLOBAL_AGENT_HTTPS_PROXY).',
      `  Run ${command} again to retry; its own error is printed above.`,
      ...ALTERNATIVES,
    ],
  };
}
