// All or nothing, proven by failing each file-system step in turn: for 1..4 files, over a folder
// holding an old export (and a file of the user's own), every stat, open, write, fsync, close, rename
// and unlink fails once in some run; after each run the folder holds exactly the old set or exactly
// the new one, and no temp or backup file.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as nodeFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AtomicFs, FileHandlePort } from './atomicWrite';
import { atomicWriteAll, RollbackError } from './atomicWriteAll';

const folders: string[] = [];
afterEach(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cnn-write-all-'));
  folders.push(dir);
  return dir;
}

/** Node's fs/promises, except that step number `failAt` (counting from 1) throws EIO. */
class FailingFs implements AtomicFs {
  steps: string[] = [];
  constructor(readonly failAt: number) {}

  private step(what: string): void {
    this.steps.push(what);
    if (this.steps.length === this.failAt)
      throw Object.assign(new Error(`EIO: injected failure at step ${this.failAt} (${what})`), { code: 'EIO' });
  }

  async stat(file: string) {
    this.step(`stat ${file}`);
    return nodeFs.stat(file);
  }
  async rename(from: string, to: string) {
    this.step(`rename ${from} ${to}`);
    return nodeFs.rename(from, to);
  }
  async unlink(file: string) {
    this.step(`unlink ${file}`);
    return nodeFs.unlink(file);
  }
  async open(file: string, flags: string, mode?: number): Promise<FileHandlePort> {
    this.step(`open ${file} ${flags}`);
    const h = await nodeFs.open(file, flags, mode);
    return {
      writeFile: async (data) => {
        this.step(`write ${file}`);
        await h.writeFile(data);
      },
      sync: async () => {
        this.step(`fsync ${file}`);
        await h.sync();
      },
      close: async () => {
        await h.close();
        this.step(`close ${file}`);
      },
    };
  }
}

const snapshot = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((n) => [n, readFileSync(join(dir, n), 'utf8')]),
  );

const OLD = { 'model.py': 'old model', 'train.py': 'old train', 'README.md': 'old readme' };
const NEW_NAMES = ['model.py', 'model.weights.json', 'train.py', 'README.md'];

describe('atomicWriteAll', () => {
  for (let n = 1; n <= NEW_NAMES.length; n++) {
    it(`${n} file(s): a failure at every step leaves exactly the old set or exactly the new set`, async () => {
      const files = NEW_NAMES.slice(0, n).map((name) => ({ name, data: `new ${name}` }));
      const outcomes = { old: 0, new: 0 };
      for (let k = 1; ; k++) {
        const dir = tempFolder();
        for (const [name, text] of Object.entries(OLD)) writeFileSync(join(dir, name), text);
        writeFileSync(join(dir, 'notes.txt'), "the user's own file");
        const before = snapshot(dir);
        const after = { ...before, ...Object.fromEntries(files.map((f) => [f.name, f.data])) };
        const fs = new FailingFs(k);
        let error: unknown = null;
        await atomicWriteAll(dir, files, { fs, platform: 'linux' }).catch((e) => {
          error = e;
        });
        const now = snapshot(dir);
        const where = `failure at step ${k}: ${fs.steps[k - 1] ?? '(none)'}`;
        expect(error, where).not.toBeInstanceOf(RollbackError);
        if (error) {
          expect(now, where).toEqual(before);
          outcomes.old++;
        } else {
          expect(now, where).toEqual(after);
          outcomes.new++;
        }
        if (fs.steps.length < k) break; // this run had no step k: every step has been failed once
      }
      // Every step before the commit's end rolls back; the folder sync and the clean-up do not undo it.
      expect(outcomes.old).toBeGreaterThan(5 * n);
      expect(outcomes.new).toBeGreaterThan(1);
    });
  }

  it("writes into an empty folder and keeps the old files' permissions", async () => {
    const dir = tempFolder();
    writeFileSync(join(dir, 'train.py'), 'old', { mode: 0o755 });
    await atomicWriteAll(dir, [
      { name: 'model.json', data: '{}' },
      { name: 'train.py', data: 'new' },
    ]);
    expect(snapshot(dir)).toEqual({ 'model.json': '{}', 'train.py': 'new' });
    expect((await nodeFs.stat(join(dir, 'train.py'))).mode & 0o777).toBe(0o755);
  });

  it("refuses names that are not the exporter's own and writes nothing", async () => {
    for (const name of ['.bash_login', 'a/b', '..', 'x\\y', '../evil.py']) {
      const dir = tempFolder();
      await expect(
        atomicWriteAll(dir, [
          { name: 'model.json', data: '{}' },
          { name, data: 'x' },
        ]),
      ).rejects.toThrow(/exported file name .* (starts with a dot|contains a path separator|contains "\.\.")/);
      expect(readdirSync(dir)).toEqual([]);
    }
  });
  it('refuses a folder where a file should go and leaves every file as it was', async () => {
    const dir = tempFolder();
    writeFileSync(join(dir, 'model.json'), 'old');
    await nodeFs.mkdir(join(dir, 'README.md'));
    await expect(
      atomicWriteAll(dir, [
        { name: 'model.json', data: 'new' },
        { name: 'README.md', data: 'readme' },
      ]),
    ).rejects.toThrow(/README\.md exists and is not a file/);
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'model.json']);
  });

  it('writes strings as UTF-8 and bytes as they are', async () => {
    const dir = tempFolder();
    await atomicWriteAll(dir, [
      { name: 'a.txt', data: '卷积 ✓' },
      { name: 'b.bin', data: new Uint8Array([0, 255, 7]) },
    ]);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('卷积 ✓');
    expect([...readFileSync(join(dir, 'b.bin'))]).toEqual([0, 255, 7]);
  });
});
