// Class folders with files that do not decode: skipped and listed (the data set keeps the rest, labels stay in
// step); a class with nothing decodable is an error naming its files; cancelling still cancels.
import { describe, expect, it } from 'vitest';
import { DataError, folderToDataset } from '.';

const shape = { height: 2, width: 2, channels: 1 };
const grey = (v: number) => ({ width: 1, height: 1, rgba: new Uint8Array([v, v, v, 255]) });

describe('folderToDataset with files that do not decode', () => {
  it('skips them, keeps the others with the right labels, and lists them', async () => {
    const listing = { classes: [{ name: 'b', files: ['1.png', 'bad.png', '2.png'] }, { name: 'a', files: ['x.jpg', 'empty.jpg'] }] };
    const decode = async (cls: string, f: string) => {
      if (f.startsWith('bad') || f.startsWith('empty')) throw new Error('The source image could not be decoded.');
      return grey(cls === 'a' ? 10 : f === '1.png' ? 100 : 200);
    };
    const progress: number[] = [];
    const d = await folderToDataset(listing, shape, decode, { onProgress: (done, total) => progress.push(done / total) });
    expect(d.n).toBe(3);
    expect(d.classNames).toEqual(['a', 'b']);
    expect([...d.labels]).toEqual([0, 1, 1]);
    expect([...d.images]).toEqual([10, 10, 10, 10, 100, 100, 100, 100, 200, 200, 200, 200]);
    expect(d.skipped).toEqual([
      { file: 'a/empty.jpg', reason: 'The source image could not be decoded.' },
      { file: 'b/bad.png', reason: 'The source image could not be decoded.' },
    ]);
    expect(progress.at(-1)).toBe(1);
  });

  it('refuses a class none of whose images decode, naming them', async () => {
    const listing = { classes: [{ name: 'cats', files: ['c.png'] }, { name: 'dogs', files: ['d1.jpg', 'd2.jpg', 'd3.jpg', 'd4.jpg'] }] };
    const decode = async (cls: string) => { if (cls === 'dogs') throw new Error('not an image'); return grey(1); };
    const e = await folderToDataset(listing, shape, decode).catch((x) => x);
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toBe('None of the 4 images in dogs/ could be decoded: dogs/d1.jpg (not an image), dogs/d2.jpg (not an image), dogs/d3.jpg (not an image), and 1 more.');
  });

  it('still stops when cancelled, rather than skipping the rest', async () => {
    const ac = new AbortController();
    const listing = { classes: [{ name: 'a', files: ['1.png', '2.png'] }, { name: 'b', files: ['3.png'] }] };
    const decode = async () => { ac.abort(); throw new Error('aborted'); };
    await expect(folderToDataset(listing, shape, decode, { signal: ac.signal })).rejects.toThrow('Loading was cancelled.');
  });
});
