// Real files in a temp folder: the point is what is left on disk after a failure.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AtomicFs, FileHandlePort } from './atomicWrite';
import { atomicWrite, atomicWriteMany } from './atomicWrite';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cnn-atomic-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

/** The real fs, except that chosen operations fail the way a full disk or a crash would. */
function failingFs(fail: { writeAfterBytes?: number; sync?: boolean; renameOf?: string }): AtomicFs {
  const real = fs as unknown as AtomicFs;
  return {
    ...real,
    open: async (file, flags, mode) => {
      const handle = (await fs.open(file, flags, mode)) as unknown as FileHandlePort & {
        write(b: Uint8Array): Promise<unknown>;
      };
      if (flags === 'r') return handle;
      return {
        async writeFile(data: Uint8Array) {
          if (fail.writeAfterBytes !== undefined && data.length > fail.writeAfterBytes) {
            await handle.write(data.subarray(0, fail.writeAfterBytes)); // half of it really reaches the disk
            throw errno('ENOSPC');
          }
          await handle.writeFile(data);
        },
        async sync() {
          if (fail.sync) throw errno('EIO');
          await handle.sync();
        },
        close: () => handle.close(),
      };
    },
    rename: async (from, to) => {
      if (fail.renameOf && path.basename(to) === fail.renameOf) throw errno('EXDEV');
      await fs.rename(from, to);
    },
    unlink: (f) => fs.unlink(f),
    stat: (f) => fs.stat(f),
  };
}

describe('atomicWrite on a real disk', () => {
  it('creates and replaces a file, leaving no temp files', async () => {
    const file = path.join(dir, 'net.cnn.json');
    await atomicWrite(file, '{"v":1}');
    await atomicWrite(file, '{"v":2}');
    expect(await fs.readFile(file, 'utf8')).toBe('{"v":2}');
    expect(await fs.readdir(dir)).toEqual(['net.cnn.json']);
  });

  it('keeps the old file and removes the temp file when the disk fills up mid-write', async () => {
    const file = path.join(dir, 'net.cnn.json');
    await fs.writeFile(file, 'old content');
    const big = new Uint8Array(100_000).fill(65);
    await expect(atomicWrite(file, big, { fs: failingFs({ writeAfterBytes: 4096 }) })).rejects.toMatchObject({
      code: 'ENOSPC',
    });
    expect(await fs.readFile(file, 'utf8')).toBe('old content');
    expect(await fs.readdir(dir)).toEqual(['net.cnn.json']);
  });

  it('keeps the old file when fsync fails', async () => {
    const file = path.join(dir, 'net.cnn.json');
    await fs.writeFile(file, 'old content');
    await expect(atomicWrite(file, 'new', { fs: failingFs({ sync: true }) })).rejects.toMatchObject({ code: 'EIO' });
    expect(await fs.readFile(file, 'utf8')).toBe('old content');
    expect(await fs.readdir(dir)).toEqual(['net.cnn.json']);
  });

  it('keeps the old file when the rename fails', async () => {
    const file = path.join(dir, 'net.cnn.json');
    await fs.writeFile(file, 'old content');
    await expect(atomicWrite(file, 'new', { fs: failingFs({ renameOf: 'net.cnn.json' }) })).rejects.toMatchObject({
      code: 'EXDEV',
    });
    expect(await fs.readFile(file, 'utf8')).toBe('old content');
    expect(await fs.readdir(dir)).toEqual(['net.cnn.json']);
  });

  it('keeps the permissions of the file it replaces', async () => {
    if (process.platform === 'win32') return;
    const file = path.join(dir, 'private.cnn.json');
    await fs.writeFile(file, 'old', { mode: 0o600 });
    await fs.chmod(file, 0o600);
    await atomicWrite(file, 'new');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
  });

  it('writes several files all-or-nothing when staging fails', async () => {
    await fs.writeFile(path.join(dir, 'model.json'), 'old model');
    const files = [
      { path: path.join(dir, 'model.json'), data: 'new model' },
      { path: path.join(dir, 'weights.bin'), data: new Uint8Array(50_000) },
    ];
    await expect(atomicWriteMany(files, { fs: failingFs({ writeAfterBytes: 1000 }) })).rejects.toMatchObject({
      code: 'ENOSPC',
    });
    expect(await fs.readFile(path.join(dir, 'model.json'), 'utf8')).toBe('old model');
    expect((await fs.readdir(dir)).sort()).toEqual(['model.json']);

    await atomicWriteMany(files);
    expect(await fs.readFile(path.join(dir, 'model.json'), 'utf8')).toBe('new model');
    expect((await fs.stat(path.join(dir, 'weights.bin'))).size).toBe(50_000);
    expect((await fs.readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
  });

  it('fails cleanly when the folder does not exist', async () => {
    await expect(atomicWrite(path.join(dir, 'missing', 'x.json'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('syncs the data before the rename and the folder after it', async () => {
    const log: string[] = [];
    const real = fs as unknown as AtomicFs;
    const name = (f: string) => (f === dir ? '<dir>' : path.basename(f).replace(/\.[0-9a-f-]+\.tmp$/, '.TMP'));
    const recording: AtomicFs = {
      open: async (file, flags, mode) => {
        const h = await real.open(file, flags, mode);
        log.push(`open ${name(file)} ${flags}`);
        return {
          writeFile: async (d) => (log.push(`write ${name(file)}`), h.writeFile(d)),
          sync: async () => (log.push(`sync ${name(file)}`), h.sync()),
          close: async () => (log.push(`close ${name(file)}`), h.close()),
        };
      },
      rename: async (a, b) => (log.push(`rename ${name(a)} -> ${name(b)}`), real.rename(a, b)),
      unlink: (f) => real.unlink(f),
      stat: (f) => real.stat(f),
    };
    await atomicWrite(path.join(dir, 'net.cnn.json'), 'x', { fs: recording, tempSuffix: () => '1234-abcd' });
    expect(log).toEqual([
      'open .net.cnn.json.TMP wx',
      'write .net.cnn.json.TMP',
      'sync .net.cnn.json.TMP',
      'close .net.cnn.json.TMP',
      'rename .net.cnn.json.TMP -> net.cnn.json',
      'open <dir> r',
      'sync <dir>',
      'close <dir>',
    ]);
  });
});
