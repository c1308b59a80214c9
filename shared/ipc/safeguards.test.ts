// The IPC contract's limits and refusals, each at its boundary, so that loosening one (a cap
// removed, > turned into >=, a check skipped) fails a test. Also pins the exact CSP.
import { describe, expect, it } from 'vitest';
import {
  addRecent,
  fileNameProblem,
  isMenuEvent,
  MAX_EXPORT_BYTES,
  MAX_EXPORT_FILES,
  MAX_NAME_CHARS,
  MAX_PATH_CHARS,
  MAX_PROJECT_CHARS,
  parseRecentList,
  validators,
} from './contract';
import { APP_CSP, APP_CSP_META, devCsp } from './csp';

const bytes = new Uint8Array([1, 2, 3]);
const exportOf = (files: unknown, extra: Record<string, unknown> = {}) =>
  validators.exportFiles([{ suggestedName: 'lenet', files, ...extra }]);

describe('IPC limits at their boundaries', () => {
  it(`paths: 1 to ${MAX_PATH_CHARS} characters, no NUL`, () => {
    const longest = '/' + 'a'.repeat(MAX_PATH_CHARS - 1);
    expect(validators.openRecent([longest])).toEqual({ ok: true, value: [longest] });
    expect(validators.openRecent([longest + 'a'])).toEqual({
      ok: false,
      message: `openRecent: path is ${MAX_PATH_CHARS + 1} characters; the limit is ${MAX_PATH_CHARS}`,
    });
    expect(validators.openRecent([''])).toEqual({ ok: false, message: 'openRecent: path is empty' });
    expect(validators.openRecent(['/a\u0000b'])).toEqual({
      ok: false,
      message: 'openRecent: path contains a NUL character',
    });
    expect(validators.openRecent([7])).toEqual({
      ok: false,
      message: 'openRecent: path must be a string, got number 7',
    });
    expect(validators.saveProject([{ text: '', saveAs: false, currentPath: longest + 'a' }])).toEqual({
      ok: false,
      message: `saveProject: currentPath is ${MAX_PATH_CHARS + 1} characters; the limit is ${MAX_PATH_CHARS}`,
    });
    expect(validators.saveProject([{ text: '', saveAs: false, currentPath: '' }])).toEqual({
      ok: false,
      message: 'saveProject: currentPath is empty',
    });
  });

  it(`names and titles: 1 to ${MAX_NAME_CHARS} characters`, () => {
    const longest = 'n'.repeat(MAX_NAME_CHARS);
    expect(validators.setTitle([longest])).toEqual({ ok: true, value: [longest] });
    expect(validators.setTitle([longest + 'n'])).toEqual({
      ok: false,
      message: `setTitle: documentName must have 1 to ${MAX_NAME_CHARS} characters, got ${MAX_NAME_CHARS + 1}`,
    });
    expect(validators.confirmDiscard([longest + 'n'])).toMatchObject({ ok: false });
    expect(validators.confirmDiscard([null])).toEqual({
      ok: false,
      message: 'confirmDiscard: documentName must be a string, got null',
    });
    expect(fileNameProblem('m'.repeat(MAX_NAME_CHARS))).toBeNull();
    expect(fileNameProblem('m'.repeat(MAX_NAME_CHARS + 1))).toBe(
      `file name must have 1 to ${MAX_NAME_CHARS} characters, got ${MAX_NAME_CHARS + 1}`,
    );
  });

  it(`project text: at most ${MAX_PROJECT_CHARS} characters`, () => {
    const largest = 'x'.repeat(MAX_PROJECT_CHARS);
    expect(validators.writeRecovery([largest])).toMatchObject({ ok: true });
    expect(validators.saveProject([{ text: largest, saveAs: true }])).toMatchObject({ ok: true });
    expect(validators.saveProject([{ text: largest + 'x', saveAs: true }])).toEqual({
      ok: false,
      message: `saveProject: text is ${MAX_PROJECT_CHARS + 1} characters; the limit is ${MAX_PROJECT_CHARS}`,
    });
  });

  it(`export: at most ${MAX_EXPORT_FILES} files`, () => {
    const files = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `f${i}.bin`, bytes }));
    expect(exportOf(files(MAX_EXPORT_FILES))).toMatchObject({ ok: true });
    expect(exportOf(files(MAX_EXPORT_FILES + 1))).toEqual({
      ok: false,
      message: `exportFiles: ${MAX_EXPORT_FILES + 1} files; the limit is ${MAX_EXPORT_FILES}`,
    });
  });

  it('export: room for the largest template (AlexNet, 244 MB of weights)', () => {
    const buffer = new ArrayBuffer(4 * 1024 * 1024);
    const files = Array.from({ length: MAX_EXPORT_FILES }, (_, i) => ({
      name: `f${i}.bin`,
      bytes: new Uint8Array(buffer),
    })); // 256 MiB in all
    expect(exportOf(files)).toMatchObject({ ok: true });
  });

  it(`export: at most ${MAX_EXPORT_BYTES} bytes in all`, () => {
    // Views of one buffer: the sizes are real Uint8Array lengths without allocating 2 GiB.
    const share = MAX_EXPORT_BYTES / MAX_EXPORT_FILES;
    const buffer = new ArrayBuffer(share + 1);
    const files = (last: number) =>
      Array.from({ length: MAX_EXPORT_FILES }, (_, i) => ({
        name: `f${i}.bin`,
        bytes: new Uint8Array(buffer, 0, i === MAX_EXPORT_FILES - 1 ? last : share),
      }));
    expect(exportOf(files(share))).toMatchObject({ ok: true });
    expect(exportOf(files(share + 1))).toEqual({
      ok: false,
      message: `exportFiles: ${MAX_EXPORT_BYTES + 1} bytes in all; the limit is ${MAX_EXPORT_BYTES}`,
    });
  });
});

describe('IPC requests of the wrong shape are refused, naming what is wrong', () => {
  it('export requests', () => {
    expect(exportOf([{ name: 'model.json', bytes }])).toEqual({
      ok: true,
      value: [{ suggestedName: 'lenet', files: [{ name: 'model.json', bytes }] }],
    });
    expect(validators.exportFiles(['x'])).toEqual({
      ok: false,
      message: 'exportFiles: the request must be an object, got "x"',
    });
    expect(validators.exportFiles([[1]])).toEqual({
      ok: false,
      message: 'exportFiles: the request must be an object, got an array of 1',
    });
    expect(validators.exportFiles([bytes])).toEqual({
      ok: false,
      message: 'exportFiles: the request must be an object, got Uint8Array(3)',
    });
    expect(exportOf([], { folder: '/etc', mode: 1 })).toEqual({
      ok: false,
      message: 'exportFiles: unknown field(s) folder, mode',
    });
    expect(validators.exportFiles([{ suggestedName: '../x', files: [] }])).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^exportFiles: suggestedName: /),
    });
    expect(exportOf({ length: 1 })).toEqual({
      ok: false,
      message: 'exportFiles: files must be an array, got an object',
    });
    expect(exportOf(['model.json'])).toEqual({
      ok: false,
      message: 'exportFiles: files[0] must be {name, bytes}, got "model.json"',
    });
    expect(exportOf([{ name: 'a/b', bytes }])).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^exportFiles: file 1: exported file name "a\/b" contains a path separator/),
    });
    expect(
      exportOf([
        { name: 'Model.JSON', bytes },
        { name: 'model.json', bytes },
      ]),
    ).toEqual({ ok: false, message: 'exportFiles: exported file name "model.json" appears twice' });
    expect(validators.exportFiles([])).toEqual({ ok: false, message: 'exportFiles takes 1 argument, got 0' });
  });

  it('save requests keep only the fields they had', () => {
    expect(validators.saveProject([{ text: 't', saveAs: true }])).toStrictEqual({
      ok: true,
      value: [{ text: 't', saveAs: true }],
    });
    expect(validators.saveProject([{ text: 't', saveAs: true }, 'extra'])).toEqual({
      ok: false,
      message: 'saveProject takes 1 argument, got 2',
    });
    expect(validators.saveProject([{ text: 't', saveAs: true, a: 1, b: 2 }])).toEqual({
      ok: false,
      message: 'saveProject: unknown field(s) a, b',
    });
    expect(validators.saveProject([{ text: 'x'.repeat(41), saveAs: 'x'.repeat(41) }])).toEqual({
      ok: false,
      message: 'saveProject: saveAs must be true or false, got a string of 41 characters',
    });
    expect(validators.saveProject([{ text: 't', saveAs: 'x'.repeat(40) }])).toEqual({
      ok: false,
      message: `saveProject: saveAs must be true or false, got "${'x'.repeat(40)}"`,
    });
  });

  it('every call checks its number of arguments', () => {
    expect(validators.listRecent([1])).toEqual({ ok: false, message: 'listRecent takes 0 arguments, got 1' });
    expect(validators.readRecovery([1])).toEqual({ ok: false, message: 'readRecovery takes 0 arguments, got 1' });
    expect(validators.clearRecovery([1])).toEqual({ ok: false, message: 'clearRecovery takes 0 arguments, got 1' });
    expect(validators.writeRecovery([])).toEqual({ ok: false, message: 'writeRecovery takes 1 or 2 arguments, got 0' });
    expect(validators.writeRecovery(['t'])).toEqual({ ok: true, value: ['t'] });
    expect(validators.setTitle([])).toEqual({ ok: false, message: 'setTitle takes 1 argument, got 0' });
    expect(validators.setTitle(['a', 'b'])).toEqual({ ok: false, message: 'setTitle takes 1 argument, got 2' });
    // Extra arguments are refused, not ignored.
    expect(validators.openRecent(['/a.cnn.json', '/b'])).toEqual({
      ok: false,
      message: 'openRecent takes 1 argument, got 2',
    });
    expect(validators.confirmDiscard(['a', 'b'])).toEqual({
      ok: false,
      message: 'confirmDiscard takes 1 argument, got 2',
    });
    expect(validators.confirmDiscard(['net.cnn.json'])).toEqual({ ok: true, value: ['net.cnn.json'] });
    expect(validators.openDataset([])).toEqual({ ok: false, message: 'openDataset takes 1 or 2 arguments, got 0' });
    expect(validators.openDataset(['folder', { limit: 1, seed: -5 }])).toEqual({
      ok: true,
      value: ['folder', { limit: 1, seed: -5 }],
    });
    expect(validators.openDataset(['folder', { limit: 0, seed: 1 }])).toEqual({
      ok: false,
      message: 'openDataset: limit must be a whole number from 1, got number 0',
    });
    expect(validators.openDataset(['folder', { limit: 5, seed: 1, a: 1, b: 2 }])).toEqual({
      ok: false,
      message: 'openDataset: unknown option(s) a, b',
    });
    expect(validators.setDirty([true])).toEqual({ ok: true, value: [true] });
    expect(validators.setDirty([1])).toEqual({
      ok: false,
      message: 'setDirty: dirty must be true or false, got number 1',
    });
    // The menu's language: one of the app's locales, nothing else reaches main's menu builder.
    expect(validators.setLocale(['zh-CN'])).toEqual({ ok: true, value: ['zh-CN'] });
    expect(validators.setLocale(['fr']).ok).toBe(false);
    expect(validators.setLocale([]).ok).toBe(false);
  });

  it('file names: Windows-reserved device names only as whole names', () => {
    for (const name of ['con', 'CON.json', 'nul.txt', 'com1', 'com9.bin', 'lpt1.json', 'aux'])
      expect(fileNameProblem(name), name).toMatch(/reserved on Windows/);
    for (const name of ['console.json', 'xcon.json', 'comx.json', 'lptx.bin', 'com10', 'aux1', 'model.json'])
      expect(fileNameProblem(name), name).toBeNull();
    expect(fileNameProblem('.')).not.toBeNull();
    expect(fileNameProblem('a\u0000b')).toBe('file name "a\\u0000b" contains control characters');
    expect(fileNameProblem(3)).toBe('file name must be a string, got number 3');
  });

  it('menu events from main are checked too', () => {
    expect(isMenuEvent(null)).toBe(false);
    expect(isMenuEvent(['save'])).toBe(false);
    expect(isMenuEvent({ command: 'openRecent', path: '' })).toBe(false);
    expect(isMenuEvent({ command: 'openRecent', path: '/a\u0000' })).toBe(false);
  });

  it('the stored recent list: malformed entries are dropped, one entry per path', () => {
    const good = { path: '/p/a.cnn.json', name: 'a.cnn.json', openedAt: 1 };
    expect(parseRecentList('')).toEqual([]);
    expect(parseRecentList(null)).toEqual([]);
    expect(parseRecentList('{"path":"/a"}')).toEqual([]);
    expect(
      parseRecentList(
        JSON.stringify([
          good,
          null,
          [good],
          { ...good, path: '' },
          { ...good, name: 3 },
          { ...good, openedAt: '1' },
          { ...good, path: 'x'.repeat(MAX_PATH_CHARS + 1) },
        ]),
      ),
    ).toEqual([good]);
    const b = { path: '/p/b.cnn.json', name: 'b', openedAt: 2 };
    expect(addRecent([b, good], { ...good, openedAt: 3 })).toEqual([{ ...good, openedAt: 3 }, b]);
  });
});

describe('Content-Security-Policy', () => {
  const production =
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; " +
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' blob: data:; media-src 'none'; object-src 'none'; " +
    "frame-src 'none'; base-uri 'none'; form-action 'none'";

  it('is exactly the app policy (any change to it is deliberate)', () => {
    expect(APP_CSP).toBe(`${production}; frame-ancestors 'none'`);
    expect(APP_CSP_META).toBe(production);
  });

  it("the dev policy adds only the dev server's origin, its WebSocket and inline scripts", () => {
    expect(devCsp('http://localhost:5173')).toBe(
      "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline' http://localhost:5173; worker-src 'self' blob:; " +
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self' blob: data: http://localhost:5173 ws://localhost:5173; media-src 'none'; object-src 'none'; " +
        "frame-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(devCsp('https://dev.example')).toContain(
      "connect-src 'self' blob: data: https://dev.example wss://dev.example;",
    );
    expect(devCsp('http://http.example')).toContain('ws://http.example;');
  });
});
