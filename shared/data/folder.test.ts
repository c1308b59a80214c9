// Class folders with files that do not decode: skipped and listed (the data set keeps the rest, labels stay in
// step); a class with nothing decodable is an error naming its files; cancelling still cancels. A limit's seeded,
// stratified subset (chosen from the names, before decoding); which photos are decoded smaller first.
import { describe, expect, it } from 'vitest';
import { DataError, folderSubset, folderToDataset, prescaleSize, stratifiedCounts } from '.';

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

describe('stratifiedCounts: how many images of each class a limit keeps', () => {
  it('gives each class its share, largest remainders first, summing to the limit', () => {
    expect(stratifiedCounts([100, 100, 100], 30)).toEqual([10, 10, 10]);
    expect(stratifiedCounts([50, 30, 20], 10)).toEqual([5, 3, 2]);
    expect(stratifiedCounts([10, 10, 10], 10)).toEqual([4, 3, 3]); // the tie goes to the first class
    expect(stratifiedCounts([7, 2, 1], 5)).toEqual([3, 1, 1]); // 3.5, 1, 0.5 -> floors 3, 1, 1 (at least one)
    for (const [sizes, limit] of [[[997, 13, 1, 40], 100], [[3, 3, 3, 3, 3], 7], [[1000, 1], 2], [[5, 9, 2, 30], 44]] as const) {
      const keep = stratifiedCounts(sizes, limit);
      expect(keep.reduce((a, b) => a + b, 0), `${sizes} limit ${limit}`).toBe(limit);
      keep.forEach((k, i) => {
        expect(k).toBeGreaterThanOrEqual(1);
        expect(k).toBeLessThanOrEqual(sizes[i]);
        expect(Math.abs(k - (limit * sizes[i]) / sizes.reduce((a, b) => a + b, 0))).toBeLessThan(sizes.length); // near its share
      });
    }
  });

  it('keeps one of a small class, taking it from the biggest', () => {
    expect(stratifiedCounts([1000, 1, 1], 10)).toEqual([8, 1, 1]);
  });

  it('keeps everything at or above the total, and one per class below the class count', () => {
    expect(stratifiedCounts([4, 5], 9)).toEqual([4, 5]);
    expect(stratifiedCounts([4, 5], 1e9)).toEqual([4, 5]);
    expect(stratifiedCounts([4, 5, 6], 2)).toEqual([1, 1, 1]);
    expect(stratifiedCounts([4, 5, 6], 1)).toEqual([1, 1, 1]);
  });
});

describe('folderSubset: the images a limit keeps', () => {
  const files = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}.png`);
  // Unsorted, with a non-image and an empty class, as a real listing can be.
  const listing = { classes: [{ name: 'dogs', files: [...files('d', 60).reverse(), 'notes.txt'] }, { name: 'cats', files: files('c', 30) }, { name: 'birds', files: files('b', 10) }, { name: 'empty', files: ['x.txt'] }] };

  it('takes each class its share, in file-name order, from the checked listing', () => {
    const s = folderSubset(listing, 20, 1);
    expect(s.total).toBe(100);
    expect(s.kept).toBe(20);
    expect(s.classes.map((c) => c.name)).toEqual(['birds', 'cats', 'dogs']);
    expect(s.classes.map((c) => c.files.length)).toEqual([2, 6, 12]);
    for (const c of s.classes) {
      expect(c.files).toEqual([...c.files].sort());
      expect(new Set(c.files).size).toBe(c.files.length);
      for (const f of c.files) expect(listing.classes.find((x) => x.name === c.name)!.files).toContain(f);
    }
  });

  it('is the same for the same seed and another for another seed', () => {
    expect(folderSubset(listing, 20, 1)).toEqual(folderSubset(listing, 20, 1));
    expect(folderSubset(listing, 20, 42)).toEqual(folderSubset(listing, 20, 42));
    expect(folderSubset(listing, 20, 2).classes.map((c) => c.files)).not.toEqual(folderSubset(listing, 20, 1).classes.map((c) => c.files));
    // Not simply the first files of each class.
    expect(folderSubset(listing, 20, 1).classes[2].files).not.toEqual(files('d', 12));
  });

  it('keeps every image without a limit or with one at or above the total', () => {
    for (const limit of [undefined, 100, 101, 1e9]) {
      const s = folderSubset(listing, limit, 7);
      expect(s).toMatchObject({ total: 100, kept: 100 });
      expect(s.classes.map((c) => c.files.length)).toEqual([10, 30, 60]);
    }
  });

  it('keeps one image of each class under a limit smaller than the class count', () => {
    const s = folderSubset(listing, 2, 3);
    expect(s.kept).toBe(3);
    expect(s.classes.map((c) => c.files.length)).toEqual([1, 1, 1]);
  });

  it('refuses a listing folderToDataset would refuse', () => {
    expect(() => folderSubset({ classes: [{ name: 'only', files: ['a.png'] }] }, 1, 1)).toThrow(DataError);
  });
});

describe('prescaleSize: when a big photo is decoded smaller first', () => {
  const t = { width: 28, height: 28 };
  it('decodes photos over 4x the target at twice the target, whatever their shape', () => {
    expect(prescaleSize({ width: 4000, height: 3000 }, t)).toEqual({ width: 56, height: 56 });
    expect(prescaleSize({ width: 3000, height: 4000 }, { width: 64, height: 32 })).toEqual({ width: 128, height: 64 });
    expect(prescaleSize({ width: 113, height: 60 }, t)).toEqual({ width: 56, height: 56 });
  });
  it('decodes the others in full (toShape alone)', () => {
    expect(prescaleSize({ width: 112, height: 112 }, t)).toBeNull(); // exactly 4x
    expect(prescaleSize({ width: 50, height: 50 }, t)).toBeNull();
    expect(prescaleSize({ width: 4000, height: 40 }, t)).toBeNull(); // a strip: would be stretched up
  });
});
