// Safeguards that no other test would miss. Handlers: a project path that is not a regular
// file (a folder, a FIFO that would block main's read forever) is refused before it is read.
// app://: refusals are refusals (not just paths that happen to stay inside), and every response's headers.
// Real files in a temp folder, the real fs.
import { execFileSync } from 'node:child_process';
import * as nodeFs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HandlerFs } from './handlers';
import { handlers } from './handlers';
import { contentTypeFor, resolveAppFile, serveAppRequest } from './appProtocol';
import { errorCode, HostError, ioError } from './hostError';
import { createPreloadApi } from './preloadApi';
import { isTrustedSender } from './security';
import { fakeDeps } from './testFakes';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await nodeFs.rm(d, { recursive: true, force: true });
});

async function tempDeps() {
  const dir = await nodeFs.mkdtemp(path.join(os.tmpdir(), 'cnn-safeguards-'));
  dirs.push(dir);
  const { deps, dialog } = fakeDeps(nodeFs as unknown as HandlerFs, {
    paths: { userData: path.join(dir, 'user'), documents: dir },
  });
  return { dir, deps, dialog };
}

/** Settles within `ms`, or rejects saying it hung (a FIFO read never returns). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms)),
  ]);
}

describe('opening a project refuses what is not a regular file', () => {
  it('a folder named like a project', async () => {
    const { dir, deps, dialog } = await tempDeps();
    const folder = path.join(dir, 'looks-like.cnn.json');
    await nodeFs.mkdir(folder);
    dialog.openAnswers.push(folder);
    await expect(handlers.openProject([], deps)).rejects.toMatchObject({
      code: 'not-found',
      message: `Cannot open ${folder}: it is not a file`,
    });
    expect(deps.session.granted.has(folder)).toBe(false);
  });

  it.skipIf(process.platform === 'win32')('a FIFO, without blocking main on reading it', async () => {
    const { dir, deps, dialog } = await tempDeps();
    const fifo = path.join(dir, 'pipe.cnn.json');
    execFileSync('mkfifo', [fifo]);
    dialog.openAnswers.push(fifo);
    await expect(within(handlers.openProject([], deps), 3_000)).rejects.toMatchObject({
      code: 'not-found',
      message: `Cannot open ${fifo}: it is not a file`,
    });
  });

  it('a recent entry that has become a folder', async () => {
    const { dir, deps, dialog } = await tempDeps();
    const file = path.join(dir, 'net.cnn.json');
    await nodeFs.writeFile(file, '{"nodes":[]}');
    dialog.openAnswers.push(file);
    await handlers.openProject([], deps);
    await nodeFs.rm(file);
    await nodeFs.mkdir(file);
    await expect(handlers.openRecent([file], deps)).rejects.toMatchObject({
      code: 'not-found',
      message: `Cannot open ${file}: it is not a file`,
    });
  });
});

describe('app:// protocol refusals and headers', () => {
  const root = path.resolve('/opt/app/dist-web');
  it('refuses, not just confines, encoded NULs, backslashes (separators on Windows), bad encodings and foreign origins', () => {
    for (const url of [
      'app://cnn/..%5c..%5cpackage.json',
      'app://cnn/a%5cb.js',
      'app://cnn/index.html%00.png',
      'app://cnn/%E0%A4%A',
      'app://other/index.html',
      'https://cnn/index.html',
      'app://cnn:1/index.html',
      'not a url',
    ]) {
      expect(resolveAppFile(url, root, 'app://cnn'), url).toBeNull();
    }
    expect(resolveAppFile('app://cnn', root, 'app://cnn')).toBe(path.join(root, 'index.html'));
  });

  it('gives every file type of the build its exact content type (nosniff makes the browser hold it to that)', () => {
    const types: Record<string, string> = {
      'a.html': 'text/html; charset=utf-8',
      'a.js': 'text/javascript; charset=utf-8',
      'a.mjs': 'text/javascript; charset=utf-8',
      'a.css': 'text/css; charset=utf-8',
      'a.json': 'application/json; charset=utf-8',
      'a.js.map': 'application/json; charset=utf-8',
      'a.wasm': 'application/wasm',
      'a.svg': 'image/svg+xml',
      'a.png': 'image/png',
      'a.jpg': 'image/jpeg',
      'a.ico': 'image/x-icon',
      'a.woff2': 'font/woff2',
      'a.woff': 'font/woff',
      'a.ttf': 'font/ttf',
      'a.txt': 'text/plain; charset=utf-8',
      'a.gz': 'application/octet-stream',
    };
    for (const [file, type] of Object.entries(types)) expect(contentTypeFor(file), file).toBe(type);
  });

  it('sends the CSP, nosniff and the cross-origin isolation headers (COOP, COEP) with every response, found or not', async () => {
    const dir = await nodeFs.mkdtemp(path.join(os.tmpdir(), 'cnn-web-'));
    dirs.push(dir);
    await nodeFs.writeFile(path.join(dir, 'index.html'), '<!doctype html>');
    const options = { root: dir, origin: 'app://cnn', csp: 'the-csp', readFile: (f: string) => nodeFs.readFile(f) };
    for (const [url, status, type] of [
      ['app://cnn/index.html', 200, 'text/html; charset=utf-8'],
      ['app://cnn/missing.js', 404, 'text/plain'],
      ['app://evil/index.html', 404, 'text/plain'],
    ] as const) {
      const r = await serveAppRequest(url, options);
      expect(r.status, url).toBe(status);
      expect(Object.fromEntries(r.headers)).toEqual({
        'content-security-policy': 'the-csp',
        'x-content-type-options': 'nosniff',
        'cross-origin-opener-policy': 'same-origin',
        // Cross-origin isolation (with COOP above): SharedArrayBuffer for the threaded CPU kernels.
        'cross-origin-embedder-policy': 'require-corp',
        'content-type': type,
      });
    }
  });
});

describe('defence in depth behind the IPC validators', () => {
  it('exportFiles refuses a name that would leave the chosen folder even if it got past the contract', async () => {
    const { dir, deps, dialog } = await tempDeps();
    const folder = path.join(dir, 'out');
    await nodeFs.mkdir(folder);
    dialog.folderAnswers.push(folder);
    const request = { suggestedName: 'm', files: [{ name: '../escaped.txt', bytes: new Uint8Array([1]) }] };
    await expect(handlers.exportFiles([request], deps)).rejects.toMatchObject({
      code: 'invalid-args',
      message: expect.stringMatching(/^exportFiles: file 1: exported file name "\.\.\/escaped\.txt" starts with a dot/),
    });
    expect(dialog.folderAnswers).toEqual([folder]); // refused before the folder dialog was shown
    await expect(nodeFs.stat(path.join(dir, 'escaped.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('openRecent opens only paths on the recent list, also when the list is not empty', async () => {
    const { dir, deps, dialog } = await tempDeps();
    const mine = path.join(dir, 'mine.cnn.json');
    const other = path.join(dir, 'other.txt');
    await nodeFs.writeFile(mine, '{}');
    await nodeFs.writeFile(other, 'secret');
    dialog.openAnswers.push(mine);
    await handlers.openProject([], deps);
    await expect(handlers.openRecent([other], deps)).rejects.toMatchObject({ code: 'not-granted' });
    expect(await handlers.openRecent([mine], deps)).toMatchObject({ text: '{}' });
  });

  it('file errors say what happened, by error code', () => {
    const err = (code: string) => Object.assign(new Error(`${code}: raw`), { code });
    expect(ioError('Cannot save', '/a', err('ENOENT')).message).toBe(
      'Cannot save /a: the file does not exist (moved or deleted?)',
    );
    expect(ioError('Cannot save', '/a', err('ENOSPC')).message).toBe(
      'Cannot save /a: the disk is full; the previous file is unchanged',
    );
    expect(ioError('Cannot save', '/a', err('EACCES')).message).toBe('Cannot save /a: permission denied');
    expect(ioError('Cannot save', '/a', err('EPERM')).message).toBe('Cannot save /a: permission denied');
    expect(ioError('Cannot save', '/a', err('EIO'))).toMatchObject({ code: 'io', message: 'Cannot save /a: EIO: raw' });
    expect(ioError('Cannot save', '/a', 'plain')).toMatchObject({ code: 'io', message: 'Cannot save /a: plain' });
    expect(ioError('Cannot save', '/a', { code: 'ENOSPC' }).message).toContain('the disk is full');
    expect(errorCode(null)).toBeUndefined();
    expect(errorCode('ENOENT')).toBeUndefined();
    expect(new HostError('io', 'x').name).toBe('HostError');
  });

  it('the top frame may have parent undefined or null; any parent is an iframe', () => {
    expect(isTrustedSender({ url: 'app://cnn/index.html', parent: undefined }, ['app://cnn'])).toBe(true);
    expect(isTrustedSender({ url: 'app://cnn/index.html', parent: 0 }, ['app://cnn'])).toBe(false);
  });

  it('the preload refuses a menu listener that is not a function', () => {
    const api = createPreloadApi(
      { invoke: async () => undefined, on: () => undefined, removeListener: () => undefined },
      'linux',
    );
    expect(() => api.onMenu('alert(1)' as never)).toThrow('cnnHost.onMenu needs a function');
  });
});
