// Saving over existing files on a real disk: links, hard links, read-only files, crash leftovers.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTempName, tempPathFor } from './atomicWrite';
import type { HandlerFs } from './handlers';
import { handlers, removeStaleTempFiles } from './handlers';
import type { SaveFs } from './safeSave';
import { removeStaleTemps, saveOverFile } from './safeSave';
import { fakeDeps } from './testFakes';

const posix = process.platform !== 'win32';
const realFs = fs as unknown as SaveFs;
const opts = { fs: realFs, platform: process.platform };

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cnn-safesave-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe.runIf(posix)('saveOverFile', () => {
  it('saves through a symbolic link: the link survives and its target gets the content', async () => {
    const real = path.join(dir, 'projects', 'net.cnn.json');
    await fs.mkdir(path.dirname(real));
    await fs.writeFile(real, 'old');
    const link = path.join(dir, 'link.cnn.json');
    await fs.symlink(real, link);
    await saveOverFile(link, 'new', opts);
    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
    expect(await fs.readlink(link)).toBe(real);
    expect(await fs.readFile(real, 'utf8')).toBe('new');
    expect(await fs.readdir(dir)).toEqual(['link.cnn.json', 'projects']);
    expect(await fs.readdir(path.dirname(real))).toEqual(['net.cnn.json']);
  });

  it('keeps hard links: every name sees the new content (written in place, no temp left)', async () => {
    const a = path.join(dir, 'a.cnn.json');
    const b = path.join(dir, 'b.cnn.json');
    await fs.writeFile(a, 'old content, longer than the new one');
    await fs.link(a, b);
    const inode = (await fs.stat(a)).ino;
    await saveOverFile(a, 'new', opts);
    expect(await fs.readFile(a, 'utf8')).toBe('new');
    expect(await fs.readFile(b, 'utf8')).toBe('new');
    expect((await fs.stat(a)).ino).toBe(inode);
    expect((await fs.stat(b)).nlink).toBe(2);
    expect((await fs.readdir(dir)).sort()).toEqual(['a.cnn.json', 'b.cnn.json']);
  });

  it('hard link, failed in-place write: the staged copy makes the file whole again (that name is split off)', async () => {
    const a = path.join(dir, 'a.cnn.json');
    const b = path.join(dir, 'b.cnn.json');
    await fs.writeFile(a, 'old');
    await fs.link(a, b);
    const failing: SaveFs = {
      ...realFs,
      open: async (file, flags, mode) => {
        const handle = await fs.open(file, flags, mode);
        if (file !== a || flags !== 'w') return handle;
        return {
          writeFile: async (data: Uint8Array) => {
            await handle.write(data.subarray(0, 2));
            throw Object.assign(new Error('EIO: simulated'), { code: 'EIO' });
          },
          sync: () => handle.sync(),
          close: () => handle.close(),
        };
      },
    };
    await expect(saveOverFile(a, 'new content', { fs: failing, platform: process.platform })).rejects.toMatchObject({
      code: 'EIO',
    });
    expect(await fs.readFile(a, 'utf8')).toBe('new content');
    expect((await fs.readdir(dir)).sort()).toEqual(['a.cnn.json', 'b.cnn.json']);
  });

  it('refuses a read-only file (by its mode bits, even as root) and leaves it unchanged', async () => {
    const file = path.join(dir, 'locked.cnn.json');
    await fs.writeFile(file, 'keep me');
    await fs.chmod(file, 0o444);
    await expect(saveOverFile(file, 'new', opts)).rejects.toMatchObject({
      name: 'HostError',
      message: `Cannot save ${file}: the file is read-only. Use Save As to save a copy under another name, or make the file writable first.`,
    });
    expect(await fs.readFile(file, 'utf8')).toBe('keep me');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o444);
    expect(await fs.readdir(dir)).toEqual(['locked.cnn.json']);
  });

  it('saveProject reports the read-only file to the renderer and keeps it', async () => {
    const file = path.join(dir, 'locked.cnn.json');
    await fs.writeFile(file, 'keep me');
    await fs.chmod(file, 0o444);
    const { deps, dialog } = fakeDeps(fs as unknown as HandlerFs, {
      paths: { userData: path.join(dir, 'user'), documents: dir },
      platform: process.platform,
    });
    dialog.openAnswers.push(file);
    await handlers.openProject([], deps);
    await expect(handlers.saveProject([{ text: 'new', saveAs: false, currentPath: file }], deps)).rejects.toMatchObject(
      { code: 'io', message: expect.stringMatching(/read-only\. Use Save As/) },
    );
    expect(await fs.readFile(file, 'utf8')).toBe('keep me');
  });
});

describe('stale temp files', () => {
  it('parses exactly the names tempPathFor makes', () => {
    expect(parseTempName(path.basename(tempPathFor('/a/net.cnn.json', '4242-0123456789ab')))).toEqual({
      target: 'net.cnn.json',
      pid: 4242,
    });
    for (const other of [
      '.net.cnn.json.swp',
      'net.cnn.json',
      '.net.cnn.json.4242-xyz.tmp',
      '.net.cnn.json.4242-0123456789ab.tmp.bak',
      '.x.tmp',
    ]) {
      expect(parseTempName(other)).toBeNull();
    }
  });

  it('removes its own leftovers of known files from dead writers, and nothing else', async () => {
    const dead = 999_999_999;
    const alive = 424_242;
    const file = path.join(dir, 'net.cnn.json');
    const names = {
      stale: path.basename(tempPathFor(file, `${dead}-0123456789ab`)),
      live: path.basename(tempPathFor(file, `${alive}-0123456789ab`)),
      // This process's own temp file (a save in progress): kept even though the liveness check below says no.
      own: path.basename(tempPathFor(file, `${process.pid}-0123456789ab`)),
      otherFile: path.basename(tempPathFor(path.join(dir, 'someone-else.txt'), `${dead}-0123456789ab`)),
      notOurs: '.net.cnn.json.backup.tmp',
    };
    await fs.writeFile(file, 'project');
    for (const n of Object.values(names)) await fs.writeFile(path.join(dir, n), 'x');
    const removed = await removeStaleTemps([file], realFs as never, (pid) => pid === alive);
    expect(removed).toEqual([path.join(dir, names.stale)]);
    expect((await fs.readdir(dir)).sort()).toEqual(
      [names.live, names.own, names.notOurs, names.otherFile, 'net.cnn.json'].sort(),
    );
  });

  it('cleans beside recent files, their link targets and in userData at start-up', async () => {
    const userData = path.join(dir, 'user');
    const docs = path.join(dir, 'docs');
    const real = path.join(dir, 'real');
    await Promise.all([fs.mkdir(userData), fs.mkdir(docs), fs.mkdir(real)]);
    await fs.writeFile(path.join(real, 'net.cnn.json'), '{}');
    if (posix) await fs.symlink(path.join(real, 'net.cnn.json'), path.join(docs, 'net.cnn.json'));
    else await fs.writeFile(path.join(docs, 'net.cnn.json'), '{}');
    await fs.writeFile(
      path.join(userData, 'recent-projects.json'),
      JSON.stringify([{ path: path.join(docs, 'net.cnn.json'), name: 'net.cnn.json', openedAt: 1 }]),
    );
    const stale = (f: string) => tempPathFor(f, '999999999-00000000000a');
    const leftovers = [
      stale(path.join(docs, 'net.cnn.json')),
      stale(path.join(userData, 'recovery.cnn.json')),
      stale(path.join(userData, 'recent-projects.json')),
    ];
    if (posix) leftovers.push(stale(path.join(real, 'net.cnn.json')));
    for (const f of leftovers) await fs.writeFile(f, 'half');
    await fs.writeFile(path.join(userData, 'notes.txt'), 'keep');
    const { deps } = fakeDeps(fs as unknown as HandlerFs, {
      paths: { userData, documents: docs },
      platform: process.platform,
    });
    expect((await removeStaleTempFiles(deps, () => false)).sort()).toEqual(leftovers.sort());
    expect((await fs.readdir(userData)).sort()).toEqual(['notes.txt', 'recent-projects.json']);
    expect(await fs.readdir(docs)).toEqual(['net.cnn.json']);
    expect(await fs.readdir(real)).toEqual(['net.cnn.json']);
  });
});
