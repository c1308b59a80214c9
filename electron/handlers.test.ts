import * as nodeFs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HandlerFs } from './handlers';
import { discardAndClose, handlers, HostError, withProjectExtension } from './handlers';
import { decideClose } from './session';
import { fakeDeps, MemFs } from './testFakes';

const DOCS = '/home/u/Documents';
const USER = '/home/u/.config/cnn-designer';

describe('openProject / openRecent', () => {
  it('returns null when the dialog is cancelled', async () => {
    const { deps, dialog } = fakeDeps();
    dialog.openAnswers.push(null);
    expect(await handlers.openProject([], deps)).toBeNull();
    expect(dialog.asked).toEqual([`open ${DOCS}`]);
  });

  it('reads the chosen file, grants its path and records it as recent', async () => {
    const fs = new MemFs({ [`${DOCS}/lenet.cnn.json`]: '{"nodes":[]}' });
    const { deps, dialog } = fakeDeps(fs);
    dialog.openAnswers.push(`${DOCS}/lenet.cnn.json`);
    expect(await handlers.openProject([], deps)).toEqual({
      path: `${DOCS}/lenet.cnn.json`,
      name: 'lenet.cnn.json',
      text: '{"nodes":[]}',
    });
    expect(deps.session.granted.has(`${DOCS}/lenet.cnn.json`)).toBe(true);
    expect(await handlers.listRecent([], deps)).toMatchObject([
      { path: `${DOCS}/lenet.cnn.json`, name: 'lenet.cnn.json' },
    ]);
    // persisted for the next run
    expect(JSON.parse(fs.text(`${USER}/recent-projects.json`)!)).toMatchObject([{ path: `${DOCS}/lenet.cnn.json` }]);
  });

  it('loads the recent list written by an earlier run and starts the dialog in the last folder', async () => {
    const fs = new MemFs({
      [`${USER}/recent-projects.json`]: JSON.stringify([{ path: '/p/a.cnn.json', name: 'a.cnn.json', openedAt: 5 }]),
    });
    const { deps, dialog } = fakeDeps(fs);
    dialog.openAnswers.push(null);
    await handlers.openProject([], deps);
    expect(dialog.asked).toEqual(['open /p']);
  });

  it('survives a corrupt recent list', async () => {
    const fs = new MemFs({ [`${USER}/recent-projects.json`]: '{truncated' });
    const { deps } = fakeDeps(fs);
    expect(await handlers.listRecent([], deps)).toEqual([]);
  });

  it('opens only paths that are in its own recent list', async () => {
    const fs = new MemFs({ '/etc/passwd': 'root:x', [`${DOCS}/a.cnn.json`]: 'A' });
    const { deps, dialog } = fakeDeps(fs);
    await expect(handlers.openRecent(['/etc/passwd'], deps)).rejects.toMatchObject({ code: 'not-granted' });
    dialog.openAnswers.push(`${DOCS}/a.cnn.json`);
    await handlers.openProject([], deps);
    expect(await handlers.openRecent([`${DOCS}/a.cnn.json`], deps)).toMatchObject({ text: 'A' });
  });

  it('forgets a recent entry the renderer could not open (persisted, menu told); other paths change nothing', async () => {
    const fs = new MemFs({ [`${DOCS}/bad.cnn.json`]: 'not json', [`${DOCS}/good.cnn.json`]: '{}' });
    const changes: string[][] = [];
    const { deps, dialog } = fakeDeps(fs, { onRecentChanged: (l) => changes.push(l.map((e) => e.name)) });
    dialog.openAnswers.push(`${DOCS}/good.cnn.json`, `${DOCS}/bad.cnn.json`);
    await handlers.openProject([], deps);
    await handlers.openProject([], deps);
    changes.length = 0;
    await handlers.forgetRecent(['/etc/passwd'], deps);
    expect(changes).toEqual([]);
    await handlers.forgetRecent([`${DOCS}/bad.cnn.json`], deps);
    expect((await handlers.listRecent([], deps)).map((e) => e.name)).toEqual(['good.cnn.json']);
    expect(changes).toEqual([['good.cnn.json']]);
    expect(JSON.parse(fs.text(`${USER}/recent-projects.json`)!)).toMatchObject([{ path: `${DOCS}/good.cnn.json` }]);
    // The file stays granted: the open document may be that file's, and saving it back repairs it.
    expect(deps.session.granted.has(`${DOCS}/bad.cnn.json`)).toBe(true);
    await expect(handlers.openRecent([`${DOCS}/bad.cnn.json`], deps)).rejects.toMatchObject({ code: 'not-granted' });
  });

  it('drops a recent entry whose file has gone, with a message naming it', async () => {
    const fs = new MemFs({
      [`${USER}/recent-projects.json`]: JSON.stringify([
        { path: `${DOCS}/gone.cnn.json`, name: 'gone.cnn.json', openedAt: 1 },
      ]),
    });
    const changes: number[] = [];
    const { deps } = fakeDeps(fs, { onRecentChanged: (l) => changes.push(l.length) });
    const err = await handlers.openRecent([`${DOCS}/gone.cnn.json`], deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    expect(err).toMatchObject({
      code: 'not-found',
      message: `Cannot open ${DOCS}/gone.cnn.json: the file does not exist (moved or deleted?)`,
    });
    expect(await handlers.listRecent([], deps)).toEqual([]);
    expect(changes).toEqual([0]);
  });

  it('refuses files too large to be a project', async () => {
    const fs = new MemFs();
    fs.files.set('/big.cnn.json', { data: { length: 70 * 1024 * 1024 } as Uint8Array, mode: 0o644, mtimeMs: 0 });
    const { deps, dialog } = fakeDeps(fs);
    dialog.openAnswers.push('/big.cnn.json');
    await expect(handlers.openProject([], deps)).rejects.toMatchObject({ code: 'too-large' });
  });
});

describe('saveProject', () => {
  it('asks for a path when there is none, adds the extension, and grants the result', async () => {
    const fs = new MemFs();
    fs.dirs.add(DOCS);
    const { deps, dialog } = fakeDeps(fs);
    dialog.saveAnswers.push(`${DOCS}/mynet`);
    expect(await handlers.saveProject([{ text: 'T1', saveAs: false }], deps)).toEqual({
      path: `${DOCS}/mynet.cnn.json`,
      name: 'mynet.cnn.json',
    });
    expect(dialog.asked).toEqual([`save ${DOCS}/Untitled.cnn.json`]);
    expect(fs.text(`${DOCS}/mynet.cnn.json`)).toBe('T1');
    // Save again: no dialog, same file.
    expect(
      await handlers.saveProject([{ text: 'T2', saveAs: false, currentPath: `${DOCS}/mynet.cnn.json` }], deps),
    ).toMatchObject({ name: 'mynet.cnn.json' });
    expect(dialog.asked).toHaveLength(1);
    expect(fs.text(`${DOCS}/mynet.cnn.json`)).toBe('T2');
    expect(fs.list(DOCS)).toEqual(['mynet.cnn.json']);
  });

  it('never writes to a path main did not hand out: it asks instead', async () => {
    const fs = new MemFs({ '/home/u/.bashrc': 'keep me' });
    fs.dirs.add(DOCS);
    const { deps, dialog } = fakeDeps(fs);
    dialog.saveAnswers.push(null);
    expect(
      await handlers.saveProject([{ text: 'evil', saveAs: false, currentPath: '/home/u/.bashrc' }], deps),
    ).toBeNull();
    expect(fs.text('/home/u/.bashrc')).toBe('keep me');
    expect(dialog.asked).toEqual([`save ${DOCS}/Untitled.cnn.json`]);
  });

  it("a hostile document name never picks the Save dialog's folder: Documents and a plain base name only", async () => {
    const hostile: [string, string][] = [
      ['../../home/u/.config/autostart/evil.desktop', 'home-u-.config-autostart-evil.desktop.cnn.json'],
      ['/etc/cron.d/x', 'etc-cron.d-x.cnn.json'],
      ['..\\..\\Windows\\System32\\x', 'Windows-System32-x.cnn.json'],
      ['.bashrc', 'bashrc.cnn.json'],
      ['..', 'Untitled.cnn.json'],
      ['a\u2028b\u0007c', 'a-b-c.cnn.json'],
      ['CON', '_CON.cnn.json'],
      ['net.cnn.json', 'net.cnn.json'],
      ['x'.repeat(255), `${'x'.repeat(100)}.cnn.json`],
    ];
    for (const [name, expected] of hostile) {
      const fs = new MemFs();
      fs.dirs.add(DOCS);
      const { deps, dialog } = fakeDeps(fs);
      await handlers.setTitle([name], deps);
      dialog.saveAnswers.push(null);
      expect(await handlers.saveProject([{ text: 'T', saveAs: true }], deps)).toBeNull();
      expect(dialog.asked).toEqual([`save ${DOCS}/${expected}`]);
      expect(path.posix.dirname(dialog.asked[0].slice(5))).toBe(DOCS);
    }
  });

  it('Save As always asks, starting from the current file', async () => {
    const fs = new MemFs({ [`${DOCS}/a.cnn.json`]: 'A' });
    const { deps, dialog } = fakeDeps(fs);
    dialog.openAnswers.push(`${DOCS}/a.cnn.json`);
    await handlers.openProject([], deps);
    dialog.saveAnswers.push(`${DOCS}/b.cnn.json`);
    expect(
      await handlers.saveProject([{ text: 'B', saveAs: true, currentPath: `${DOCS}/a.cnn.json` }], deps),
    ).toMatchObject({ name: 'b.cnn.json' });
    expect(dialog.asked).toEqual([`open ${DOCS}`, `save ${DOCS}/a.cnn.json`]);
    expect(fs.text(`${DOCS}/a.cnn.json`)).toBe('A');
    expect(fs.text(`${DOCS}/b.cnn.json`)).toBe('B');
    expect((await handlers.listRecent([], deps)).map((e) => e.name)).toEqual(['b.cnn.json', 'a.cnn.json']);
  });

  it('asks before the added extension would overwrite another file', async () => {
    const fs = new MemFs({ [`${DOCS}/net.cnn.json`]: 'other' });
    const { deps, dialog } = fakeDeps(fs);
    dialog.saveAnswers.push(`${DOCS}/net`);
    dialog.overwriteAnswers.push(false);
    expect(await handlers.saveProject([{ text: 'mine', saveAs: true }], deps)).toBeNull();
    expect(fs.text(`${DOCS}/net.cnn.json`)).toBe('other');
  });

  it('reports a full disk, keeps the old file and leaves no temp file', async () => {
    const fs = new MemFs({ [`${DOCS}/a.cnn.json`]: 'old' });
    const { deps, dialog } = fakeDeps(fs);
    dialog.openAnswers.push(`${DOCS}/a.cnn.json`);
    await handlers.openProject([], deps);
    fs.failWritesWith = 'ENOSPC';
    await expect(
      handlers.saveProject([{ text: 'new', saveAs: false, currentPath: `${DOCS}/a.cnn.json` }], deps),
    ).rejects.toMatchObject({
      code: 'io',
      message: `Cannot save ${DOCS}/a.cnn.json: the disk is full; the previous file is unchanged`,
    });
    expect(fs.text(`${DOCS}/a.cnn.json`)).toBe('old');
    expect(fs.list(DOCS)).toEqual(['a.cnn.json']);
  });
});

describe('recovery', () => {
  it('writes, reads and clears the recovery file in userData', async () => {
    const { deps, fs } = fakeDeps();
    expect(await handlers.readRecovery([], deps)).toBeNull();
    await handlers.writeRecovery(['{"draft":1}'], deps);
    expect(await handlers.readRecovery([], deps)).toMatchObject({ text: '{"draft":1}' });
    expect((fs as MemFs).list(USER)).toEqual(['recovery.cnn.json']);
    await handlers.clearRecovery([], deps);
    await handlers.clearRecovery([], deps); // twice is fine
    expect(await handlers.readRecovery([], deps)).toBeNull();
  });
});

describe("recovery keeps the document's file", () => {
  it('stores a granted path with the draft and restores it (granted again) in the next run', async () => {
    const fs = new MemFs({ [`${DOCS}/net.cnn.json`]: 'saved' });
    const first = fakeDeps(fs);
    first.dialog.openAnswers.push(`${DOCS}/net.cnn.json`);
    await handlers.openProject([], first.deps);
    await handlers.writeRecovery(['draft', `${DOCS}/net.cnn.json`], first.deps);

    const next = fakeDeps(fs); // a new run: nothing granted yet
    expect(await handlers.readRecovery([], next.deps)).toMatchObject({
      text: 'draft',
      path: `${DOCS}/net.cnn.json`,
      name: 'net.cnn.json',
    });
    // Saving the restored document goes to its file without a dialog.
    expect(
      await handlers.saveProject([{ text: 'restored', saveAs: false, currentPath: `${DOCS}/net.cnn.json` }], next.deps),
    ).toMatchObject({ name: 'net.cnn.json' });
    expect(next.dialog.asked).toEqual([]);
    expect(fs.text(`${DOCS}/net.cnn.json`)).toBe('restored');
  });

  it('drops a path main never granted, and one that is no longer in the recent list or has gone', async () => {
    const fs = new MemFs({ '/home/u/.bashrc': 'rc', [`${DOCS}/a.cnn.json`]: 'A' });
    const { deps, dialog } = fakeDeps(fs);
    await handlers.writeRecovery(['draft', '/home/u/.bashrc'], deps);
    expect(await handlers.readRecovery([], fakeDeps(fs).deps)).toEqual({ text: 'draft', savedAt: expect.any(Number) });

    dialog.openAnswers.push(`${DOCS}/a.cnn.json`);
    await handlers.openProject([], deps);
    await handlers.writeRecovery(['draft', `${DOCS}/a.cnn.json`], deps);
    await fs.unlink(`${DOCS}/a.cnn.json`);
    const next = fakeDeps(fs);
    expect(await handlers.readRecovery([], next.deps)).toEqual({ text: 'draft', savedAt: expect.any(Number) });
    expect(next.deps.session.granted.size).toBe(0);

    // A hand-edited draft naming a file outside the recent list is not trusted either.
    fs.put(
      `${USER}/recovery.cnn.json`,
      new TextEncoder().encode(
        JSON.stringify({ format: 'cnn-designer-recovery', version: 1, text: 'x', path: '/home/u/.bashrc' }),
      ),
    );
    expect(await handlers.readRecovery([], fakeDeps(fs).deps)).toEqual({ text: 'x', savedAt: expect.any(Number) });
  });

  it('reads a draft written before drafts carried a path', async () => {
    const fs = new MemFs({ [`${USER}/recovery.cnn.json`]: '{"format":"cnn-designer","nodes":[]}' });
    expect(await handlers.readRecovery([], fakeDeps(fs).deps)).toMatchObject({
      text: '{"format":"cnn-designer","nodes":[]}',
    });
  });
});

describe('changed on disk since it was opened', () => {
  const FILE = `${DOCS}/net.cnn.json`;
  async function opened(fs: MemFs) {
    const d = fakeDeps(fs);
    d.dialog.openAnswers.push(FILE);
    await handlers.openProject([], d.deps);
    return d;
  }

  it('asks before overwriting a file another program changed; Cancel keeps theirs', async () => {
    const fs = new MemFs({ [FILE]: 'v1' });
    const { deps, dialog } = await opened(fs);
    fs.clock++;
    fs.put(FILE, new TextEncoder().encode('theirs'));
    dialog.changedOnDiskAnswers.push(false);
    expect(await handlers.saveProject([{ text: 'mine', saveAs: false, currentPath: FILE }], deps)).toBeNull();
    expect(fs.text(FILE)).toBe('theirs');
    expect(dialog.asked.at(-1)).toBe(`changed ${FILE}`);
    dialog.changedOnDiskAnswers.push(true);
    expect(await handlers.saveProject([{ text: 'mine', saveAs: false, currentPath: FILE }], deps)).toMatchObject({
      name: 'net.cnn.json',
    });
    expect(fs.text(FILE)).toBe('mine');
  });

  it('does not ask when only this app wrote the file since', async () => {
    const fs = new MemFs({ [FILE]: 'v1' });
    const { deps, dialog } = await opened(fs);
    await handlers.saveProject([{ text: 'v2', saveAs: false, currentPath: FILE }], deps);
    await handlers.saveProject([{ text: 'v3, longer', saveAs: false, currentPath: FILE }], deps);
    expect(dialog.asked).toEqual([`open ${DOCS}`]);
    expect(fs.text(FILE)).toBe('v3, longer');
  });

  it('still checks after a restored draft: the stamp travels with it', async () => {
    const fs = new MemFs({ [FILE]: 'v1' });
    const { deps } = await opened(fs);
    await handlers.writeRecovery(['draft', FILE], deps);
    fs.clock++;
    fs.put(FILE, new TextEncoder().encode('changed while the app was down'));
    const next = fakeDeps(fs);
    await handlers.readRecovery([], next.deps);
    next.dialog.changedOnDiskAnswers.push(false);
    expect(await handlers.saveProject([{ text: 'draft', saveAs: false, currentPath: FILE }], next.deps)).toBeNull();
    expect(fs.text(FILE)).toBe('changed while the app was down');
  });
});

describe('exportFiles', () => {
  const files = [
    { name: 'model.json', bytes: new TextEncoder().encode('{"format":"layers-model"}') },
    { name: 'weights.bin', bytes: new Uint8Array([1, 2, 3]) },
  ];

  it('writes every file into the chosen folder and remembers the folder', async () => {
    const fs = new MemFs();
    fs.dirs.add('/out');
    const { deps, dialog } = fakeDeps(fs);
    dialog.folderAnswers.push('/out', null);
    expect(await handlers.exportFiles([{ suggestedName: 'lenet-tfjs', files }], deps)).toEqual({
      folder: '/out',
      written: ['model.json', 'weights.bin'],
    });
    expect(fs.list('/out')).toEqual(['model.json', 'weights.bin']);
    expect(await handlers.exportFiles([{ suggestedName: 'lenet-tfjs', files }], deps)).toBeNull();
    expect(dialog.asked).toEqual([
      `folder Export lenet-tfjs: choose a folder ${DOCS}`,
      'folder Export lenet-tfjs: choose a folder /out',
    ]);
  });

  it('asks before replacing files and changes nothing when refused', async () => {
    const fs = new MemFs({ '/out/model.json': 'old' });
    const { deps, dialog } = fakeDeps(fs);
    dialog.folderAnswers.push('/out');
    dialog.overwriteAnswers.push(false);
    expect(await handlers.exportFiles([{ suggestedName: 'm', files }], deps)).toBeNull();
    expect(dialog.asked.at(-1)).toBe('overwrite /out model.json');
    expect(fs.list('/out')).toEqual(['model.json']);
  });

  it('writes nothing when the disk fills up part way', async () => {
    const fs = new MemFs({ '/out/model.json': 'old' });
    const { deps, dialog } = fakeDeps(fs);
    dialog.folderAnswers.push('/out');
    dialog.overwriteAnswers.push(true);
    fs.failWritesWith = 'ENOSPC';
    await expect(handlers.exportFiles([{ suggestedName: 'm', files }], deps)).rejects.toMatchObject({ code: 'io' });
    expect(fs.list('/out')).toEqual(['model.json']);
    expect(fs.text('/out/model.json')).toBe('old');
  });
});

describe('exportFiles on a real folder', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await nodeFs.rm(d, { recursive: true, force: true });
  });
  const realFolder = async () => {
    const d = await nodeFs.mkdtemp(path.join(os.tmpdir(), 'cnn-export-handler-'));
    dirs.push(d);
    return d;
  };
  const bytes = new TextEncoder().encode('x');

  it('refuses dotfiles, paths and ".." before asking anything, and writes nothing', async () => {
    for (const name of ['.bash_login', 'a/b', '..', 'x\\y', '../evil.py', '.profile']) {
      const folder = await realFolder();
      const { deps, dialog } = fakeDeps(nodeFs as unknown as HandlerFs);
      dialog.folderAnswers.push(folder);
      dialog.overwriteAnswers.push(true);
      const err = await handlers
        .exportFiles(
          [
            {
              suggestedName: 'net',
              files: [
                { name: 'model.json', bytes },
                { name, bytes },
              ],
            },
          ],
          deps,
        )
        .catch((e: unknown) => e);
      expect(err, name).toBeInstanceOf(HostError);
      expect(err).toMatchObject({
        code: 'invalid-args',
        message: expect.stringMatching(/^exportFiles: file 2: exported file name .*plain names such as "model.json"/),
      });
      expect(dialog.asked, name).toEqual([]);
      expect(await nodeFs.readdir(folder), name).toEqual([]);
      expect(await nodeFs.readdir(path.dirname(folder))).not.toContain('evil.py');
    }
  });

  it('keeps the old export whole when the second file cannot be put in place', async () => {
    const folder = await realFolder();
    await nodeFs.writeFile(path.join(folder, 'model.json'), 'old json');
    await nodeFs.writeFile(path.join(folder, 'weights.bin'), 'old bin');
    let renames = 0;
    const fs = {
      ...nodeFs,
      rename: async (from: string, to: string) => {
        if (path.basename(to) === 'weights.bin' && ++renames === 1)
          throw Object.assign(new Error('EIO: injected'), { code: 'EIO' });
        return nodeFs.rename(from, to);
      },
    } as unknown as HandlerFs;
    const { deps, dialog } = fakeDeps(fs);
    dialog.folderAnswers.push(folder);
    dialog.overwriteAnswers.push(true);
    const files = [
      { name: 'model.json', bytes: new TextEncoder().encode('new json') },
      { name: 'weights.bin', bytes: new TextEncoder().encode('new bin') },
    ];
    await expect(handlers.exportFiles([{ suggestedName: 'net', files }], deps)).rejects.toMatchObject({ code: 'io' });
    expect((await nodeFs.readdir(folder)).sort()).toEqual(['model.json', 'weights.bin']);
    expect(await nodeFs.readFile(path.join(folder, 'model.json'), 'utf8')).toBe('old json');
    expect(await nodeFs.readFile(path.join(folder, 'weights.bin'), 'utf8')).toBe('old bin');
  });
});

describe('title, dirty state and closing', () => {
  it('shows the document name and the unsaved mark', async () => {
    const { deps, window } = fakeDeps();
    await handlers.setTitle(['net.cnn.json'], deps);
    expect(window.title).toBe('net.cnn.json \u2014 CNN Designer');
    await handlers.setDirty([true], deps);
    expect(window.title).toBe('*net.cnn.json \u2014 CNN Designer');
    expect(window.edited).toBe(true);
  });

  it('closes a clean window without asking; a dirty one asks', () => {
    const { deps } = fakeDeps();
    const asked: string[] = [];
    expect(decideClose(deps.session, (n) => (asked.push(n), 'cancel'))).toBe('close');
    expect(asked).toEqual([]);
    deps.session.dirty = true;
    expect(decideClose(deps.session, () => 'cancel')).toBe('stay');
    expect(decideClose(deps.session, () => 'discard')).toBe('discard-then-close');
  });

  it('"Don\'t Save" on close clears the recovery draft, so the next start does not offer it again', async () => {
    const fs = new MemFs();
    const { deps, window } = fakeDeps(fs);
    await handlers.writeRecovery(['{"draft":1}'], deps);
    await handlers.setDirty([true], deps);
    expect(decideClose(deps.session, () => 'discard')).toBe('discard-then-close');
    await discardAndClose(deps);
    expect(window.closed).toBe(1);
    expect(await handlers.readRecovery([], deps)).toBeNull();
    // The close that follows does not ask again.
    expect(
      decideClose(deps.session, () => {
        throw new Error('asked twice');
      }),
    ).toBe('close');
  });

  it('"Don\'t Save" wins over autosaves that were on their way while the question was open', async () => {
    const { deps } = fakeDeps(new MemFs());
    await handlers.writeRecovery(['{"draft":1}'], deps);
    const inFlight = handlers.writeRecovery(['{"draft":2}'], deps);
    const closing = discardAndClose(deps);
    const late = handlers.writeRecovery(['{"draft":3}'], deps);
    await Promise.all([inFlight, closing, late]);
    expect(await handlers.readRecovery([], deps)).toBeNull();
  });

  it('"Save" on close closes after the save succeeds, and not when it is cancelled', async () => {
    const fs = new MemFs();
    fs.dirs.add(DOCS);
    const { deps, dialog, window } = fakeDeps(fs);
    await handlers.setDirty([true], deps);
    expect(decideClose(deps.session, () => 'save')).toBe('save-then-close');
    dialog.saveAnswers.push(null); // the user cancels the save dialog
    await handlers.saveProject([{ text: 'x', saveAs: false }], deps);
    await handlers.setDirty([false], deps);
    expect(window.closed).toBe(0);

    await handlers.setDirty([true], deps);
    expect(decideClose(deps.session, () => 'save')).toBe('save-then-close');
    dialog.saveAnswers.push(`${DOCS}/x.cnn.json`);
    await handlers.saveProject([{ text: 'x', saveAs: false }], deps);
    await handlers.setDirty([false], deps);
    expect(window.closed).toBe(1);
  });

  it('confirmDiscard asks the native dialog', async () => {
    const { deps, dialog } = fakeDeps();
    dialog.unsavedAnswers.push('discard');
    expect(await handlers.confirmDiscard(['net.cnn.json'], deps)).toBe('discard');
  });
});

describe('against a real temp folder', () => {
  let dir: string;
  afterEach(async () => {
    if (dir) await nodeFs.rm(dir, { recursive: true, force: true });
  });

  it('save, reopen through the recent list, recovery and export', async () => {
    dir = await nodeFs.mkdtemp(path.join(os.tmpdir(), 'cnn-handlers-'));
    const docs = path.join(dir, 'Documents');
    await nodeFs.mkdir(docs);
    const { deps, dialog } = fakeDeps(nodeFs as unknown as HandlerFs, {
      paths: { userData: path.join(dir, 'userData'), documents: docs },
      platform: process.platform,
    });
    dialog.saveAnswers.push(path.join(docs, 'net'));
    const saved = await handlers.saveProject([{ text: '{"v":1}', saveAs: false }], deps);
    expect(saved).toEqual({ path: path.join(docs, 'net.cnn.json'), name: 'net.cnn.json' });

    deps.session.recent = null; // a new run reads the list from disk
    deps.session.granted.clear();
    const [entry] = await handlers.listRecent([], deps);
    expect(await handlers.openRecent([entry.path], deps)).toEqual({
      path: saved!.path,
      name: 'net.cnn.json',
      text: '{"v":1}',
    });

    await handlers.writeRecovery(['draft'], deps);
    expect((await handlers.readRecovery([], deps))?.text).toBe('draft');
    await handlers.clearRecovery([], deps);
    expect(await handlers.readRecovery([], deps)).toBeNull();

    const out = path.join(dir, 'out');
    await nodeFs.mkdir(out);
    dialog.folderAnswers.push(out);
    await handlers.exportFiles(
      [{ suggestedName: 'net', files: [{ name: 'model.json', bytes: new Uint8Array([123, 125]) }] }],
      deps,
    );
    expect(await nodeFs.readFile(path.join(out, 'model.json'), 'utf8')).toBe('{}');
    expect((await nodeFs.readdir(out)).sort()).toEqual(['model.json']);
    expect((await nodeFs.readdir(path.join(dir, 'userData'))).sort()).toEqual(['recent-projects.json']);
  });
});

describe('withProjectExtension', () => {
  it('adds .cnn.json only to names without an extension', () => {
    expect(withProjectExtension('/a/net')).toBe('/a/net.cnn.json');
    expect(withProjectExtension('/a.b/net')).toBe('/a.b/net.cnn.json');
    expect(withProjectExtension('/a/net.cnn.json')).toBe('/a/net.cnn.json');
    expect(withProjectExtension('/a/net.json')).toBe('/a/net.json');
  });
});
