import { describe, expect, it } from 'vitest';
import { datasetSpec, exactArrayBuffer } from './hostDataset';

describe('datasetSpec: what main read, as the DataSpec the browser build makes', () => {
  it('IDX: the bytes as ArrayBuffers, transferred, test pair included', () => {
    const images = new Uint8Array([1, 2, 3]),
      labels = new Uint8Array([4]),
      testImages = new Uint8Array([5, 6]),
      testLabels = new Uint8Array([7]);
    const { spec, transfer } = datasetSpec(
      { kind: 'idx', name: 'fashion', images, labels, testImages, testLabels },
      null,
    );
    expect(spec.kind).toBe('idx');
    if (spec.kind !== 'idx') return;
    expect(spec.name).toBe('fashion');
    expect([...new Uint8Array(spec.images)]).toEqual([1, 2, 3]);
    expect(spec.images).toBe(images.buffer); // no copy when the array spans its buffer
    expect([...new Uint8Array(spec.testLabels!)]).toEqual([7]);
    expect(transfer).toEqual([spec.images, spec.labels, spec.testImages, spec.testLabels]);
    const trainOnly = datasetSpec({ kind: 'idx', name: 'x', images, labels }, null);
    expect(trainOnly.transfer).toHaveLength(2);
    expect(trainOnly.spec).toMatchObject({ testImages: undefined, testLabels: undefined });
  });

  it('copies only bytes that are a view into a larger buffer', () => {
    const big = new Uint8Array([9, 1, 2, 9]);
    const b = exactArrayBuffer(big.subarray(1, 3));
    expect(b).not.toBe(big.buffer);
    expect([...new Uint8Array(b)]).toEqual([1, 2]);
  });

  it('sprite: a PNG Blob and the labels, named CIFAR-10 as in the browser', async () => {
    const { spec } = datasetSpec({ kind: 'cifar-sprite', png: new Uint8Array([0x89, 0x50]), labels: [3, 1] }, null);
    expect(spec).toMatchObject({ kind: 'cifar-sprite', name: 'CIFAR-10', labels: [3, 1] });
    if (spec.kind !== 'cifar-sprite') return;
    expect(spec.png.type).toBe('image/png');
    expect([...new Uint8Array(await spec.png.arrayBuffer())]).toEqual([0x89, 0x50]);
  });

  it('folder: one typed Blob per image, class and inner path kept, resized to the Input', async () => {
    const files = [
      { className: 'cat', name: 'a.PNG', bytes: new Uint8Array([1]) },
      { className: 'cat', name: '2019/b.jpg', bytes: new Uint8Array([2]) },
      { className: 'dog', name: 'c.webp', bytes: new Uint8Array([3]) },
    ];
    const { spec } = datasetSpec({ kind: 'folder', name: 'pets', files }, { height: 28, width: 28, channels: 1 });
    expect(spec).toMatchObject({ kind: 'folder', name: 'pets', height: 28, width: 28, channels: 1 });
    if (spec.kind !== 'folder') return;
    expect(spec.files.map((f) => [f.className, f.name, f.file.type])).toEqual([
      ['cat', 'a.PNG', 'image/png'],
      ['cat', '2019/b.jpg', 'image/jpeg'],
      ['dog', 'c.webp', 'image/webp'],
    ]);
    expect([...new Uint8Array(await spec.files[1].file.arrayBuffer())]).toEqual([2]);
    expect(() => datasetSpec({ kind: 'folder', name: 'pets', files }, null)).toThrow('Input shape');
  });
});
