// openDataset against real files in a temp folder (IDX pairs with real headers, a real PNG sprite, a class
// folder tree with nested, hidden and non-image files) and a scripted dialog; the caps against MemFs; a folder's
// limit (main reads only the seeded, stratified subset the browser build would take).
import { execFileSync } from 'node:child_process';
import * as nodeFs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { folderSubset } from '../shared/data/folder';
import { blackPng } from '../shared/data/testPng';
import { gunzipIfNeeded, idxPairToDataset, writeIdx } from '../shared/data/idx';
import { CHANNELS, MAX_DATASET_BYTES, MAX_DATASET_FILES, validators } from '../shared/ipc/contract';
import { datasetSpec } from '../renderer/training/hostDataset';
import { readFolderDataset } from './datasets';
import { datasetFilesDialog, datasetFolderDialog } from './dialogOptions';
import type { HandlerFs } from './handlers';
import { handlers } from './handlers';
import { registerIpc } from './ipcRouter';
import type { IpcEventLike } from './ipcRouter';
import { APP_ORIGIN, isTrustedSender } from './security';
import { fakeDeps, MemFs } from './testFakes';

let dir: string;
beforeEach(async () => {
  dir = await nodeFs.mkdtemp(path.join(os.tmpdir(), 'cnn-datasets-'));
});
afterEach(async () => {
  await nodeFs.rm(dir, { recursive: true, force: true });
});

function realDeps() {
  return fakeDeps(nodeFs as unknown as HandlerFs, {
    paths: { userData: path.join(dir, 'userData'), documents: dir },
    platform: process.platform,
  });
}

async function write(rel: string, data: Uint8Array | string): Promise<string> {
  const file = path.join(dir, rel);
  await nodeFs.mkdir(path.dirname(file), { recursive: true });
  await nodeFs.writeFile(file, data);
  return file;
}

/** n images of 2x2 pixels (pixel values i, i+1, ...) and their labels i % 3, as IDX files. */
function idxPair(n: number) {
  const pixels = Uint8Array.from({ length: n * 4 }, (_, i) => i % 256);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 3);
  return { images: writeIdx([n, 2, 2], pixels), labels: writeIdx([n], labels) };
}

const bytesOf = (b: Uint8Array | undefined) => (b ? [...b] : b);

/** The files opened for reading from now on (data-set files are read through a handle). */
function countReads(fs: MemFs): string[] {
  const read: string[] = [];
  const open = fs.open.bind(fs) as (file: string, flags: string | number, mode?: number) => Promise<never>;
  fs.open = ((file: string, flags: string | number, mode?: number) => {
    if (typeof flags === 'number') read.push(file);
    return open(file, flags, mode);
  }) as MemFs['open'];
  return read;
}

describe('openDataset: IDX', () => {
  it('assigns four files by magic number (images idx3, labels idx1) and name (train / t10k), raw or gzipped', async () => {
    const train = idxPair(6),
      test = idxPair(3);
    const gz = zlib.gzipSync(train.images);
    const files = [
      await write('mnist/t10k-labels-idx1-ubyte', test.labels),
      await write('mnist/train-images-idx3-ubyte.gz', gz),
      await write('mnist/t10k-images-idx3-ubyte', test.images),
      await write('mnist/train-labels-idx1-ubyte', train.labels),
    ];
    const { deps, dialog } = realDeps();
    dialog.datasetFileAnswers.push(files);
    const d = await handlers.openDataset(['idx'], deps);
    expect(d).toMatchObject({ kind: 'idx', name: 'IDX data' });
    if (d?.kind !== 'idx') throw new Error('not idx');
    // The bytes as they are on disk (still gzipped): the worker decompresses them, as in the browser.
    expect(bytesOf(d.images)).toEqual([...gz]);
    expect(bytesOf(d.labels)).toEqual([...train.labels]);
    expect(bytesOf(d.testImages)).toEqual([...test.images]);
    expect(bytesOf(d.testLabels)).toEqual([...test.labels]);
    expect(d.images).toBeInstanceOf(Uint8Array);
    expect(d.images.byteLength).toBe(d.images.buffer.byteLength);
    const ds = idxPairToDataset(await gunzipIfNeeded(d.images), d.labels, { name: d.name });
    expect([ds.n, ds.height, ds.width]).toEqual([6, 2, 2]);
    expect(dialog.asked).toEqual([`dataset-files idx ${dir}`]);
  });

  it('takes two files as the training pair whatever their names, and names the data set after the images file', async () => {
    const p = idxPair(4);
    const { deps, dialog } = realDeps();
    dialog.datasetFileAnswers.push([
      await write('f/fashion-train-labels-idx1-ubyte', p.labels),
      await write('f/fashion-train-images-idx3-ubyte', p.images),
    ]);
    const d = await handlers.openDataset(['idx'], deps);
    expect(d).toMatchObject({ kind: 'idx', name: 'fashion' });
    expect(d).not.toHaveProperty('testImages');
    // The next dialog starts in the folder of this choice.
    dialog.datasetFileAnswers.push(null);
    expect(await handlers.openDataset(['idx'], deps)).toBeNull();
    expect(dialog.asked.at(-1)).toBe(`dataset-files idx ${path.join(dir, 'f')}`);
  });

  it('explains an incomplete or ambiguous choice', async () => {
    const a = idxPair(5),
      b = idxPair(2);
    const trainImages = await write('train-images-idx3-ubyte', a.images);
    const trainLabels = await write('train-labels-idx1-ubyte', a.labels);
    const testImages = await write('t10k-images-idx3-ubyte', b.images);
    const testLabels = await write('t10k-labels-idx1-ubyte', b.labels);
    const otherImages = await write('more-images-idx3-ubyte', b.images);
    const otherLabels = await write('more-labels-idx1-ubyte', b.labels);
    const cases: [string[], string][] = [
      [
        [trainImages],
        'No labels file among the chosen files (train-images-idx3-ubyte hold images): select them together in the dialog (Ctrl- or Shift-click), the labels file with its images file.',
      ],
      [[trainLabels, testLabels], 'No images file among the chosen files'],
      [
        [trainImages, trainLabels, testImages],
        'You chose 2 images files (train-images-idx3-ubyte, t10k-images-idx3-ubyte) and 1 labels file (train-labels-idx1-ubyte): each images file needs its labels file.',
      ],
      [
        [trainImages, trainLabels, otherImages, otherLabels],
        'Cannot tell which images file is for training and which for testing: train-images-idx3-ubyte, more-images-idx3-ubyte.',
      ],
      [
        [trainImages, testLabels],
        'train-images-idx3-ubyte holds 5 images but t10k-labels-idx1-ubyte holds 2 labels: they are not a pair.',
      ],
      [
        [trainImages, trainLabels, testImages, otherLabels, testLabels],
        'You chose 5 files; an IDX data set is 2 files (images and labels) or 4',
      ],
    ];
    for (const [files, message] of cases) {
      const { deps, dialog } = realDeps();
      dialog.datasetFileAnswers.push(files);
      await expect(handlers.openDataset(['idx'], deps), message).rejects.toMatchObject({
        code: 'invalid-data',
        message: expect.stringContaining(message),
      });
    }
  });

  it('refuses files that are not IDX images or labels, naming them', async () => {
    const p = idxPair(2);
    const labels = await write('labels-idx1-ubyte', p.labels);
    const { deps, dialog } = realDeps();
    dialog.datasetFileAnswers.push([
      await write('photo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4])),
      labels,
    ]);
    await expect(handlers.openDataset(['idx'], deps)).rejects.toMatchObject({
      code: 'invalid-data',
      message:
        'photo.png is not an IDX images or labels file: those start with 00 00 08 03 (images) or 00 00 08 01 (labels); it starts with 89 50 4e 47.',
    });
    dialog.datasetFileAnswers.push([
      await write('broken.gz', new Uint8Array([0x1f, 0x8b, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9])),
      labels,
    ]);
    await expect(handlers.openDataset(['idx'], deps)).rejects.toMatchObject({
      code: 'invalid-data',
      message: expect.stringContaining('broken.gz looks gzipped but is not valid gzip'),
    });
    dialog.datasetFileAnswers.push([path.join(dir, 'gone-images'), labels]);
    await expect(handlers.openDataset(['idx'], deps)).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('gone-images'),
    });
  });
});

describe('openDataset: sprite PNG + labels JSON', () => {
  const sprite = (rows: number) => {
    const png = new PNG({ width: 1024, height: rows });
    png.data.fill(200);
    return new Uint8Array(PNG.sync.write(png));
  };

  it('tells the PNG from the JSON by content and returns class indices (one-hot rows converted)', async () => {
    const png = sprite(3);
    const { deps, dialog } = realDeps();
    dialog.datasetFileAnswers.push([
      await write('c/labels.json', '[[0,0,1],[1,0,0],[0,1,0]]'),
      await write('c/batch.png', png),
    ]);
    const d = await handlers.openDataset(['cifar-sprite'], deps);
    expect(d).toMatchObject({ kind: 'cifar-sprite', labels: [2, 0, 1] });
    if (d?.kind !== 'cifar-sprite') throw new Error('not a sprite');
    expect(bytesOf(d.png)).toEqual([...png]);
    expect(dialog.asked).toEqual([`dataset-files cifar-sprite ${dir}`]);
  });

  it('explains a wrong choice or bad labels', async () => {
    const png = await write('s.png', sprite(2));
    const cases: [string[], string][] = [
      [[png], 'Choose two files together: the sprite PNG and its labels JSON (you chose 1: s.png).'],
      [
        [png, await write('t.png', sprite(2))],
        'Both s.png and t.png are PNG images: choose one sprite PNG and its labels JSON.',
      ],
      [[await write('a.json', '[1]'), await write('b.json', '[2]')], 'Neither a.json nor b.json is a PNG image'],
      [[png, await write('bad.json', '[1, oops]')], 'bad.json is not JSON: unexpected "o" at character 5.'],
      [
        [png, await write('braces.json', '{oops')],
        'braces.json must be a JSON array of labels (one class index or one-hot row per image).',
      ],
      [[png, await write('obj.json', '{"labels":[1,2]}')], 'obj.json must be a JSON array of labels'],
      [
        [png, await write('neg.json', '[1,-1]')],
        'neg.json: label 1 is -1; expected a class index (0 to 255) or a one-hot row.',
      ],
      [
        [png, await write('three.json', '[1,2,3]')],
        's.png holds 2 rows (one image each) but three.json holds 3 labels: they are not a pair.',
      ],
    ];
    for (const [files, message] of cases) {
      const { deps, dialog } = realDeps();
      dialog.datasetFileAnswers.push(files);
      await expect(handlers.openDataset(['cifar-sprite'], deps), message).rejects.toMatchObject({
        code: 'invalid-data',
        message: expect.stringContaining(message),
      });
    }
  });
});

describe('openDataset: a sprite and labels that would cost too much to read', () => {
  const choose = async (png: Uint8Array, labels: string) => {
    const { deps, dialog } = realDeps();
    dialog.datasetFileAnswers.push([await write('big/sprite.png', png), await write('big/labels.json', labels)]);
    return handlers.openDataset(['cifar-sprite'], deps);
  };

  it("refuses a labels JSON longer than the sprite's rows need, before parsing it", async () => {
    const png = await blackPng(1024, 3);
    // 3 rows: at most 3 * 128 + 4096 characters. 40 MB froze main for 6 s; this one is refused by its length.
    const long = `[${'0,'.repeat(2500)}0]`;
    await expect(choose(png, long)).rejects.toMatchObject({
      code: 'invalid-data',
      message:
        'labels.json is 5,003 bytes long; the labels of the 3 rows of sprite.png take at most 4,480 (128 per image). Is it the labels file that goes with them?',
    });
    expect(await choose(png, '[0, 1, 2]\n')).toMatchObject({ kind: 'cifar-sprite', labels: [0, 1, 2] });
  });

  it('refuses nesting and anything but numbers at the first wrong character (no stack overflow, no objects built)', async () => {
    const png = await blackPng(1024, 1000);
    const deep = `${'['.repeat(60_000)}${']'.repeat(60_000)}`; // within the size bound for 1,000 rows
    await expect(choose(png, deep)).rejects.toMatchObject({
      code: 'invalid-data',
      message:
        'labels.json must be a JSON array of labels (one class index or one-hot row per image); at character 3 it holds an array inside a one-hot row.',
    });
    await expect(choose(png, `[${'{},'.repeat(999)}{}]`)).rejects.toMatchObject({
      message: expect.stringContaining('at character 2 it holds an object.'),
    });
    await expect(choose(png, '["cat"]')).rejects.toMatchObject({
      message: expect.stringContaining('at character 2 it holds a string.'),
    });
  });

  it('refuses a sprite whose header declares more pixels than an image may have, before anything decodes it', async () => {
    const png = await blackPng(20_000, 20_000);
    expect(png.length).toBeLessThan(100_000);
    await expect(choose(png, '[]')).rejects.toMatchObject({
      code: 'invalid-data',
      message:
        'sprite.png is 20000x20000 pixels (400 megapixels, 1,526 MiB decoded); at most 67.1 megapixels per image are decoded. Use a smaller image.',
    });
  });

  it('leaves out folder images too large to decode, and refuses a folder whose images decode to more than the limit', async () => {
    const huge = await blackPng(20_000, 20_000);
    const max = await blackPng(8192, 8192); // 64 Mi pixels: the largest an image may be (256 MiB decoded)
    await write('f/a/small.png', await blackPng(4, 4));
    await write('f/a/huge.png', huge);
    await write('f/b/max.png', max);
    const { deps, dialog } = realDeps();
    dialog.datasetFolderAnswers.push(path.join(dir, 'f'));
    const d = await handlers.openDataset(['folder'], deps);
    if (d?.kind !== 'folder') throw new Error('not a folder');
    expect(d.files.map((f) => `${f.className}/${f.name}`)).toEqual(['a/small.png', 'b/max.png']);
    expect(d.skipped).toEqual([
      'a/huge.png (20000x20000 pixels (400 megapixels, 1,526 MiB decoded); at most 67.1 megapixels per image are decoded)',
    ]);
    // 33 such images decode to 8.25 GiB: refused before the page decodes any.
    for (let i = 0; i < 32; i++) await write(`f/b/max${i}.png`, max);
    dialog.datasetFolderAnswers.push(path.join(dir, 'f'));
    await expect(handlers.openDataset(['folder'], deps)).rejects.toMatchObject({
      code: 'too-large',
      message: `The 35 images in ${path.join(dir, 'f')} decode to 8.3 GiB of pixels; the limit is 8 GiB per data set. Choose fewer or smaller images (a limit on the number of images reads fewer).`,
    });
  });
});

describe('openDataset: folder with one subfolder per class', () => {
  it('takes first-level subfolders as classes, nested images in their class, and skips loose, hidden and non-image files', async () => {
    const root = path.join(dir, 'pets');
    await write('pets/cat/a.png', 'cat-a');
    await write('pets/cat/2019/summer/b.jpg', 'cat-b');
    await write('pets/cat/.hidden.png', 'hidden');
    await write('pets/cat/notes.txt', 'not an image');
    await write('pets/cat/.thumbs/c.png', 'in a hidden folder');
    await write('pets/dog/D.JPEG', 'dog-d');
    await write('pets/dog/e.webp', 'dog-e');
    await write('pets/dog/f.bmp', 'dog-f');
    await write('pets/dog/g.gif', 'dog-g');
    await write('pets/dog/h.tiff', 'not supported');
    await write('pets/.secret/x.png', 'hidden class');
    await write('pets/top.png', 'directly in the chosen folder');
    await write('pets/words/readme.md', 'a folder without images is no class');
    await nodeFs.mkdir(path.join(root, 'empty'));
    await nodeFs.symlink(path.join(root, 'cat', 'a.png'), path.join(root, 'dog', 'linked.png')); // a link to a file: followed
    await nodeFs.symlink(root, path.join(root, 'dog', 'loop')); // a link to a folder: not followed
    const { deps, dialog } = realDeps();
    dialog.datasetFolderAnswers.push(root);
    const d = await handlers.openDataset(['folder'], deps);
    if (d?.kind !== 'folder') throw new Error('not a folder');
    expect(d.name).toBe('pets');
    expect(d.files.map((f) => [f.className, f.name, new TextDecoder().decode(f.bytes)])).toEqual([
      ['cat', '2019/summer/b.jpg', 'cat-b'],
      ['cat', 'a.png', 'cat-a'],
      ['dog', 'D.JPEG', 'dog-d'],
      ['dog', 'e.webp', 'dog-e'],
      ['dog', 'f.bmp', 'dog-f'],
      ['dog', 'g.gif', 'dog-g'],
      ['dog', 'linked.png', 'cat-a'],
    ]);
    expect(dialog.asked).toEqual([`dataset-folder ${dir}`]);
    dialog.datasetFolderAnswers.push(null);
    expect(await handlers.openDataset(['folder'], deps)).toBeNull();
    expect(dialog.asked.at(-1)).toBe(`dataset-folder ${dir}`);
  });

  it('says so when no image is in a class subfolder', async () => {
    await write('flat/a.png', 'a');
    await write('flat/b.png', 'b');
    await write('flat/docs/readme.txt', 'r');
    const { deps, dialog } = realDeps();
    dialog.datasetFolderAnswers.push(path.join(dir, 'flat'));
    await expect(handlers.openDataset(['folder'], deps)).rejects.toMatchObject({
      code: 'invalid-data',
      message:
        `No images in class subfolders of ${path.join(dir, 'flat')}: a folder data set needs one subfolder per class with its images ` +
        '(png, jpg, jpeg, bmp, gif, webp) inside; the 2 files directly in it belong to no class.',
    });
  });
});

describe('openDataset: a folder reads nothing outside itself', () => {
  const linux = process.platform === 'linux';

  it('follows links only to files inside the chosen folder, refuses FIFOs, and names everything it left out', async () => {
    const outside = await write('outside/secret.png', 'SECRET');
    await write('outside/more/hidden.png', 'MORE SECRET');
    const root = path.join(dir, 'pets');
    await write('pets/cat/a.png', 'cat-a');
    await write('pets/dog/b.png', 'dog-b');
    const link = (target: string, at: string) => nodeFs.symlink(target, path.join(root, at));
    await link(outside, 'cat/x.png'); // a file outside
    await link('../../outside/secret.png', 'cat/relative.png'); // the same, as a relative link
    if (linux) await link('/proc/self/environ', 'cat/env.png'); // size 0 on stat: the byte cap never saw it
    await link(path.join(dir, 'outside', 'more'), 'cat/outdir'); // a folder outside
    await link(path.join(dir, 'outside'), 'evil'); // a class folder that is a link outside
    await link('loop2.png', 'dog/loop1.png'); // a loop of links
    await link('loop1.png', 'dog/loop2.png');
    await link('gone.png', 'dog/dangling.png');
    await link('../cat/a.png', 'dog/inside.png'); // inside: followed
    execFileSync('mkfifo', [path.join(root, 'dog', 'pipe.png')]); // opening it would block for ever
    // The folder chosen through a link to it: its real path is the boundary.
    await nodeFs.symlink(root, path.join(dir, 'pets-link'));
    const { deps, dialog } = realDeps();
    dialog.datasetFolderAnswers.push(path.join(dir, 'pets-link'));
    const d = await handlers.openDataset(['folder'], deps);
    if (d?.kind !== 'folder') throw new Error('not a folder');
    expect(d.files.map((f) => [f.className, f.name, new TextDecoder().decode(f.bytes)])).toEqual([
      ['cat', 'a.png', 'cat-a'],
      ['dog', 'b.png', 'dog-b'],
      ['dog', 'inside.png', 'cat-a'],
    ]);
    const out = await nodeFs.realpath(path.join(dir, 'outside'));
    expect(d.skipped).toEqual([
      ...(linux ? [`cat/env.png (a link to /proc/${process.pid}/environ, outside the chosen folder)`] : []),
      `cat/outdir (a link to ${out}/more, outside the chosen folder)`,
      `cat/relative.png (a link to ${out}/secret.png, outside the chosen folder)`,
      `cat/x.png (a link to ${out}/secret.png, outside the chosen folder)`,
      'dog/dangling.png (a link to nothing)',
      'dog/loop1.png (a loop of links)',
      'dog/loop2.png (a loop of links)',
      'dog/pipe.png (not a regular file (a pipe, device or socket))',
      `evil (a link to ${out}, outside the chosen folder)`,
    ]);
    // The page shows them with the data set (the worker passes them on as a warning).
    const { spec } = datasetSpec(d, { height: 2, width: 2, channels: 1 });
    expect(spec).toMatchObject({ kind: 'folder', skipped: d.skipped });
  });

  it('counts the bytes it reads, not the sizes stat reports (a /proc file says 0), and opens every file by its real path', async () => {
    await write('p/a/1.png', '0123456789');
    await write('p/b/2.png', 'abcdefghij');
    const opened: string[] = [];
    // The real file system, but stat says size 0 for files, as /proc's files do: only the reads can see the size.
    const lying = {
      ...nodeFs,
      realpath: nodeFs.realpath,
      readdir: nodeFs.readdir,
      stat: async (f: string) => Object.assign(await nodeFs.stat(f), { size: 0 }),
      open: (f: string, flags: number) => (opened.push(f), nodeFs.open(f, flags)),
    } as unknown as HandlerFs;
    const root = path.join(dir, 'p');
    await expect(readFolderDataset(root, lying, undefined, 15)).rejects.toMatchObject({
      code: 'too-large',
      message:
        `The 2 images in ${root} hold more than 1 MB when read (more than their sizes on disk say: a file is growing, or is no ordinary file); ` +
        'the limit is 1 MB per data set (the most the app hands from its main process to the page in one go). Choose fewer or smaller files.',
    });
    const d = await readFolderDataset(root, lying, undefined, 20);
    expect(d.files.map((f) => new TextDecoder().decode(f.bytes))).toEqual(['0123456789', 'abcdefghij']);
    for (const f of d.files) expect(f.bytes.byteLength).toBe(f.bytes.buffer.byteLength); // exactly its bytes: nothing extra crosses IPC
    const real = await nodeFs.realpath(root);
    expect(opened.slice(-2).sort()).toEqual([path.join(real, 'a', '1.png'), path.join(real, 'b', '2.png')]);
  });

  it.runIf(linux)(
    'reads a chosen IDX or sprite file through a bounded read too: a FIFO is refused without blocking',
    async () => {
      const p = idxPair(2);
      const fifo = path.join(dir, 'train-images-idx3-ubyte');
      execFileSync('mkfifo', [fifo]);
      const { deps, dialog } = realDeps();
      dialog.datasetFileAnswers.push([fifo, await write('train-labels-idx1-ubyte', p.labels)]);
      await expect(handlers.openDataset(['idx'], deps)).rejects.toMatchObject({
        code: 'invalid-data',
        message: `Cannot read ${fifo}: it is not a file`,
      });
    },
  );
});

describe('openDataset: a folder with a limit', () => {
  /** /photos: cats 6, dogs 12, owls 2 images (1 byte each, the file's index); reads counted. */
  function photos() {
    const fs = new MemFs();
    const sizes = { cats: 6, dogs: 12, owls: 2 };
    let i = 0;
    for (const [cls, n] of Object.entries(sizes))
      for (let k = 0; k < n; k++)
        fs.put(`/photos/${cls}/${k < 3 ? '' : 'more/'}${cls[0]}${k}.jpg`, new Uint8Array([i++]));
    fs.put('/photos/cats/notes.txt', new Uint8Array([0]));
    return { fs, read: countReads(fs) };
  }

  it("reads only the images the seeded stratified subset keeps (the browser build's subset) and says how many the folder holds", async () => {
    const { fs, read } = photos();
    const { deps, dialog } = fakeDeps(fs);
    dialog.datasetFolderAnswers.push('/photos');
    const d = await handlers.openDataset(['folder', { limit: 10, seed: 5 }], deps);
    if (d?.kind !== 'folder') throw new Error('not a folder');
    expect(d.total).toBe(20);
    expect(d.files).toHaveLength(10);
    expect(read).toHaveLength(10);
    const count = (cls: string) => d.files.filter((f) => f.className === cls).length;
    expect([count('cats'), count('dogs'), count('owls')]).toEqual([3, 6, 1]);
    // Exactly the files folderSubset picks from the same names with the same seed.
    dialog.datasetFolderAnswers.push('/photos');
    const all = await handlers.openDataset(['folder'], deps);
    if (all?.kind !== 'folder') throw new Error('not a folder');
    const listing = { classes: ['cats', 'dogs', 'owls'].map((name) => ({ name, files: [] as string[] })) };
    expect(all.total).toBeUndefined();
    for (const f of all.files) listing.classes.find((c) => c.name === f.className)!.files.push(f.name);
    const expected = folderSubset(listing, 10, 5).classes.flatMap((c) => c.files.map((f) => `${c.name}/${f}`));
    expect(d.files.map((f) => `${f.className}/${f.name}`).sort()).toEqual(expected.sort());
    // The same seed again: the same files; bytes are each file's own.
    dialog.datasetFolderAnswers.push('/photos');
    const again = await handlers.openDataset(['folder', { limit: 10, seed: 5 }], deps);
    expect(again).toEqual(d);
    for (const f of d.files)
      expect(f.bytes).toEqual(all.files.find((a) => a.className === f.className && a.name === f.name)!.bytes);
  });

  it('reads everything, with no total, when the limit keeps everything; keeps one per class under a smaller limit', async () => {
    const { fs, read } = photos();
    const { deps, dialog } = fakeDeps(fs);
    dialog.datasetFolderAnswers.push('/photos');
    const d = await handlers.openDataset(['folder', { limit: 20, seed: 1 }], deps);
    expect(d).toMatchObject({ kind: 'folder', name: 'photos' });
    expect(d && 'files' in d && d.files).toHaveLength(20);
    expect(d && 'total' in d).toBe(false);
    expect(read).toHaveLength(20);
    dialog.datasetFolderAnswers.push('/photos');
    const one = await handlers.openDataset(['folder', { limit: 1, seed: 1 }], deps);
    expect(one).toMatchObject({ total: 20 });
    expect(one && 'files' in one && one.files.map((f) => f.className)).toEqual(['cats', 'dogs', 'owls']);
  });

  it('applies the size cap to the files it reads, and refuses a single class as the worker would', async () => {
    const fs = new MemFs();
    fs.put('/mixed/a/huge.png', { length: MAX_DATASET_BYTES });
    fs.put('/mixed/a/small.png', new Uint8Array([1]));
    fs.put('/mixed/b/small.png', new Uint8Array([2]));
    const listing = {
      classes: [
        { name: 'a', files: ['huge.png', 'small.png'] },
        { name: 'b', files: ['small.png'] },
      ],
    };
    const seed = [...Array(50).keys()].find((s) => folderSubset(listing, 2, s).classes[0].files[0] === 'small.png')!;
    const { deps, dialog } = fakeDeps(fs);
    dialog.datasetFolderAnswers.push('/mixed');
    expect(await handlers.openDataset(['folder', { limit: 2, seed }], deps)).toMatchObject({
      total: 3,
      files: [
        { className: 'a', name: 'small.png' },
        { className: 'b', name: 'small.png' },
      ],
    });
    dialog.datasetFolderAnswers.push('/mixed');
    await expect(handlers.openDataset(['folder', { limit: 3, seed }], deps)).rejects.toMatchObject({
      code: 'too-large',
      message: expect.stringContaining('The 3 images in /mixed add up to 401 MB'),
    });

    fs.put('/one/only/x.png', new Uint8Array([1]));
    dialog.datasetFolderAnswers.push('/one');
    await expect(handlers.openDataset(['folder', { limit: 1, seed }], deps)).rejects.toMatchObject({
      code: 'invalid-data',
      message: expect.stringContaining('A class folder needs at least 2 subfolders with images'),
    });
  });
});

describe('openDataset: caps', () => {
  it(`refuses a folder of more than ${MAX_DATASET_FILES} images, naming the cap`, async () => {
    const fs = new MemFs();
    const one = new Uint8Array([1]);
    for (let i = 0; i <= MAX_DATASET_FILES; i++) fs.put(`/big/c${i % 2}/${i}.png`, one);
    const { deps, dialog } = fakeDeps(fs);
    dialog.datasetFolderAnswers.push('/big');
    await expect(handlers.openDataset(['folder'], deps)).rejects.toMatchObject({
      code: 'too-large',
      message:
        '/big holds more than 100,000 images; the limit is 100,000 per data set. Choose a folder with fewer images (for example a subset of each class).',
    });
  });

  it('refuses more bytes than one transfer to the page carries, before reading them', async () => {
    const fs = new MemFs();
    fs.put('/big/a/1.png', new Uint8Array([1]));
    fs.put('/big/b/2.png', { length: MAX_DATASET_BYTES });
    fs.put('/idx/train-images-idx3-ubyte', { length: MAX_DATASET_BYTES });
    fs.put('/idx/train-labels-idx1-ubyte', new Uint8Array(9));
    const read = countReads(fs);
    const { deps, dialog } = fakeDeps(fs);
    dialog.datasetFolderAnswers.push('/big');
    await expect(handlers.openDataset(['folder'], deps)).rejects.toMatchObject({
      code: 'too-large',
      message:
        'The 2 images in /big add up to 401 MB; the limit is 400 MB per data set (the most the app hands from its main process to the page in one go). Choose fewer or smaller files.',
    });
    dialog.datasetFileAnswers.push(['/idx/train-images-idx3-ubyte', '/idx/train-labels-idx1-ubyte']);
    await expect(handlers.openDataset(['idx'], deps)).rejects.toMatchObject({
      code: 'too-large',
      message: expect.stringContaining('The 2 chosen files add up to 401 MB'),
    });
    expect(read).toEqual([]);
  });
});

describe('openDataset: the call itself', () => {
  it('accepts only the three kinds, checked before any dialog opens', async () => {
    expect(validators.openDataset(['folder'])).toEqual({ ok: true, value: ['folder'] });
    expect(validators.openDataset(['/etc'])).toEqual({
      ok: false,
      message: 'openDataset: kind must be one of "idx", "cifar-sprite", "folder", got "/etc"',
    });
    expect(validators.openDataset([])).toEqual({ ok: false, message: 'openDataset takes 1 or 2 arguments, got 0' });
    expect(validators.openDataset(['folder', { limit: 1, seed: 1 }, 3])).toEqual({
      ok: false,
      message: 'openDataset takes 1 or 2 arguments, got 3',
    });
    expect(validators.openDataset(['idx', '/home/u/data'])).toEqual({
      ok: false,
      message: 'openDataset: options (a limit) are for the "folder" kind only, got kind "idx"',
    });
    // A folder's options: {limit, seed}, whole numbers, nothing else.
    expect(validators.openDataset(['folder', { limit: 500, seed: -3 }])).toEqual({
      ok: true,
      value: ['folder', { limit: 500, seed: -3 }],
    });
    expect(validators.openDataset(['folder', '/home/u/data'])).toEqual({
      ok: false,
      message: 'openDataset: options must be {limit, seed}, got "/home/u/data"',
    });
    expect(validators.openDataset(['folder', { limit: 5, seed: 1, path: '/etc' }])).toEqual({
      ok: false,
      message: 'openDataset: unknown option(s) path',
    });
    for (const limit of [0, -1, 2.5, NaN, Infinity, '10', null]) {
      expect(validators.openDataset(['folder', { limit, seed: 1 }])).toMatchObject({
        ok: false,
        message: expect.stringMatching(/^openDataset: limit must be a whole number from 1, got /),
      });
    }
    for (const seed of [0.5, NaN, 2 ** 60, undefined]) {
      expect(validators.openDataset(['folder', { limit: 5, seed }])).toMatchObject({
        ok: false,
        message: expect.stringMatching(/^openDataset: seed must be a whole number, got /),
      });
    }

    const table = new Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>();
    const { deps, dialog } = fakeDeps();
    registerIpc({ handle: (channel, listener) => void table.set(channel, listener) }, handlers, deps, {
      isTrustedSender: (f) => isTrustedSender(f, [APP_ORIGIN]),
    });
    const fromApp: IpcEventLike = { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } };
    expect(await table.get(CHANNELS.openDataset)!(fromApp, { kind: 'folder', path: '/etc' })).toEqual({
      ok: false,
      error: {
        code: 'invalid-args',
        message: 'openDataset: kind must be one of "idx", "cifar-sprite", "folder", got an object',
      },
    });
    dialog.datasetFolderAnswers.push(null);
    expect(await table.get(CHANNELS.openDataset)!(fromApp, 'folder')).toEqual({ ok: true, value: null });
    expect(dialog.asked).toEqual(['dataset-folder /home/u/Documents']);
  });

  it('words the dialogs: several files at once, or one folder', () => {
    const idx = datasetFilesDialog('idx', '/d');
    expect(idx.properties).toEqual(['openFile', 'multiSelections']);
    expect(idx).not.toHaveProperty('filters'); // MNIST's files have no extension
    const sprite = datasetFilesDialog('cifar-sprite', '/d');
    expect(sprite.filters?.[0]).toEqual({ name: 'Sprite PNG and labels JSON', extensions: ['png', 'json'] });
    expect(datasetFolderDialog('/d')).toMatchObject({ defaultPath: '/d', properties: ['openDirectory'] });
  });
});
