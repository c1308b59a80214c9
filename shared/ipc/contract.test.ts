import { describe, expect, it } from 'vitest';
import {
  addRecent,
  CHANNELS,
  fileNameProblem,
  formatWindowTitle,
  INVOKE_NAMES,
  isMenuEvent,
  MAX_PROJECT_CHARS,
  parseRecentList,
  validators,
} from './contract';
import { APP_CSP, APP_CSP_META, devCsp } from './csp';

describe('IPC contract', () => {
  it('has one distinct channel per call', () => {
    expect(new Set(Object.values(CHANNELS)).size).toBe(INVOKE_NAMES.length);
    expect(Object.keys(validators).sort()).toEqual([...INVOKE_NAMES].sort());
  });

  it('checks the number of arguments', () => {
    expect(validators.openProject([])).toEqual({ ok: true, value: [] });
    expect(validators.openProject(['x'])).toEqual({ ok: false, message: 'openProject takes 0 arguments, got 1' });
    expect(validators.setDirty([])).toMatchObject({ ok: false, message: 'setDirty takes 1 argument, got 0' });
  });

  it('accepts a well-formed save request and rejects others, quoting the value', () => {
    expect(validators.saveProject([{ text: '{}', saveAs: false, currentPath: '/a/b.cnn.json' }])).toEqual({
      ok: true,
      value: [{ text: '{}', saveAs: false, currentPath: '/a/b.cnn.json' }],
    });
    expect(validators.saveProject([{ text: '{}', saveAs: 'yes' }])).toEqual({
      ok: false,
      message: 'saveProject: saveAs must be true or false, got "yes"',
    });
    expect(validators.saveProject([{ text: 3, saveAs: true }])).toMatchObject({
      ok: false,
      message: 'saveProject: text must be a string, got number 3',
    });
    expect(validators.saveProject([{ text: '', saveAs: true, path: '/etc/passwd' }])).toMatchObject({
      ok: false,
      message: 'saveProject: unknown field(s) path',
    });
    expect(validators.saveProject([{ text: '', saveAs: true, currentPath: 'a\u0000b' }])).toMatchObject({ ok: false });
    expect(validators.saveProject([null])).toMatchObject({
      ok: false,
      message: 'saveProject: the request must be an object, got null',
    });
  });

  it('limits text size', () => {
    expect(validators.writeRecovery(['x'.repeat(MAX_PROJECT_CHARS + 1)])).toMatchObject({
      ok: false,
      message: `writeRecovery: text is ${MAX_PROJECT_CHARS + 1} characters; the limit is ${MAX_PROJECT_CHARS}`,
    });
    expect(validators.writeRecovery(['x'.repeat(1000)])).toMatchObject({ ok: true });
  });

  it("writeRecovery takes the document's path as an optional second argument", () => {
    expect(validators.writeRecovery(['{}', '/a/b.cnn.json'])).toEqual({ ok: true, value: ['{}', '/a/b.cnn.json'] });
    expect(validators.writeRecovery(['{}', 'a\u0000b'])).toMatchObject({
      ok: false,
      message: 'writeRecovery: path contains a NUL character',
    });
    expect(validators.writeRecovery(['{}', 3])).toMatchObject({
      ok: false,
      message: 'writeRecovery: path must be a string, got number 3',
    });
    expect(validators.writeRecovery(['{}', '/a', 'x'])).toMatchObject({
      ok: false,
      message: 'writeRecovery takes 1 or 2 arguments, got 3',
    });
  });

  it('rejects export file names that could leave the folder', () => {
    const bytes = new Uint8Array([1, 2]);
    for (const name of [
      '../evil.json',
      'a/b.json',
      'a\\b.json',
      '..',
      '.',
      '',
      'con.json',
      'x?.bin',
      'trailing.',
      'a..b',
      '.bash_login',
      '.profile',
      '-rf',
      'a b.json',
      'mo\u0000del.json',
      'x'.repeat(101),
      7,
    ]) {
      const r = validators.exportFiles([
        {
          suggestedName: 'm',
          files: [
            { name: 'model.json', bytes },
            { name, bytes },
          ],
        },
      ]);
      expect(r.ok, String(name)).toBe(false);
    }
    expect(validators.exportFiles([{ suggestedName: 'm', files: [{ name: '.bash_login', bytes }] }])).toMatchObject({
      ok: false,
      message: expect.stringMatching(
        /^exportFiles: file 1: exported file name ".bash_login" starts with a dot .*plain names such as "model.json"/,
      ),
    });
    expect(
      validators.exportFiles([
        {
          suggestedName: 'lenet',
          files: [
            { name: 'model.json', bytes },
            { name: 'weights.bin', bytes },
          ],
        },
      ]),
    ).toMatchObject({ ok: true });
    expect(
      validators.exportFiles([
        {
          suggestedName: 'lenet',
          files: [
            { name: 'a.bin', bytes },
            { name: 'A.bin', bytes },
          ],
        },
      ]),
    ).toMatchObject({
      ok: false,
      message: 'exportFiles: exported file name "A.bin" appears twice',
    });
    expect(
      validators.exportFiles([{ suggestedName: 'lenet', files: [{ name: 'a.bin', bytes: [1, 2] }] }]),
    ).toMatchObject({
      ok: false,
      message: 'exportFiles: files[0].bytes must be a Uint8Array, got an array of 2',
    });
    expect(validators.exportFiles([{ suggestedName: 'lenet', files: [] }])).toMatchObject({
      ok: false,
      message: 'exportFiles: nothing to export: the list of files is empty',
    });
    expect(fileNameProblem('../x')).toContain('path separator');
  });

  it('rejects control characters in titles', () => {
    expect(validators.setTitle(['net.cnn.json'])).toMatchObject({ ok: true });
    expect(validators.setTitle(['a\nb'])).toMatchObject({ ok: false });
    expect(validators.setTitle([''])).toMatchObject({ ok: false });
  });

  it('recognises menu events', () => {
    expect(isMenuEvent({ command: 'save' })).toBe(true);
    expect(isMenuEvent({ command: 'openRecent', path: '/a.cnn.json' })).toBe(true);
    expect(isMenuEvent({ command: 'openRecent' })).toBe(false);
    expect(isMenuEvent({ command: 'format-disk' })).toBe(false);
    expect(isMenuEvent('save')).toBe(false);
  });

  it('formats the title and keeps the recent list ordered and bounded', () => {
    expect(formatWindowTitle('net.cnn.json', true)).toBe('*net.cnn.json \u2014 CNN Designer');
    expect(formatWindowTitle('Untitled', false)).toBe('Untitled \u2014 CNN Designer');
    let list = addRecent([], { path: '/a', name: 'a', openedAt: 1 }, 2);
    list = addRecent(list, { path: '/b', name: 'b', openedAt: 2 }, 2);
    list = addRecent(list, { path: '/a', name: 'a', openedAt: 3 }, 2);
    expect(list.map((e) => e.path)).toEqual(['/a', '/b']);
    list = addRecent(list, { path: '/c', name: 'c', openedAt: 4 }, 2);
    expect(list.map((e) => e.path)).toEqual(['/c', '/a']);
    expect(parseRecentList('not json')).toEqual([]);
    expect(parseRecentList(JSON.stringify([{ path: '/a', name: 'a', openedAt: 1 }, { path: 3 }]))).toEqual([
      { path: '/a', name: 'a', openedAt: 1 },
    ]);
  });
});

describe('CSP', () => {
  it('allows only the app itself, wasm compilation and blob workers', () => {
    expect(APP_CSP).toContain("default-src 'none'");
    expect(APP_CSP).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(APP_CSP).toContain("worker-src 'self' blob:");
    expect(APP_CSP).not.toMatch(/https?:|'unsafe-eval'|\*/);
    expect(APP_CSP_META).not.toContain('frame-ancestors');
    expect(devCsp('http://localhost:5173')).toContain('ws://localhost:5173');
  });
});
