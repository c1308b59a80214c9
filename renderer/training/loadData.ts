// Data loading inside the Worker: fetch (with progress and cancel) or bytes handed over by the app,
// decoded by the pure loaders in shared/data.
import {
  decodeCifarSprite, folderToDataset, gunzipIfNeeded, idxPairToDataset, syntheticDataset, DataError,
  MNIST_CLASSES, MNIST_FILES, MNIST_URL_BASE, type Dataset,
} from '../../shared/data';
import type { DataSpec } from './protocol';

export interface Loaded { train: Dataset; test?: Dataset }
type OnProgress = (done: number, total: number, phase: string) => void;

async function fetchBytes(url: string, signal: AbortSignal, onProgress: (done: number, total: number) => void): Promise<Uint8Array> {
  let res: Response;
  try { res = await fetch(url, { signal }); } catch (e) {
    if (signal.aborted) throw new DataError('Loading was cancelled.');
    throw new DataError(`Cannot fetch ${url}: ${(e as Error).message}`);
  }
  if (!res.ok) throw new DataError(`Cannot fetch ${url}: HTTP ${res.status}. Is the data installed (npm install) and the app built with it?`);
  const total = Number(res.headers.get('Content-Length') ?? 0);
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let done = 0;
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      parts.push(r.value); done += r.value.length;
      onProgress(done, total || done);
    }
  } catch (e) {
    if (signal.aborted) throw new DataError('Loading was cancelled.');
    throw e;
  }
  const out = new Uint8Array(done);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

export async function loadData(spec: DataSpec, baseUrl: string, signal: AbortSignal, onProgress: OnProgress): Promise<Loaded> {
  switch (spec.kind) {
    case 'mnist': {
      const names = [MNIST_FILES.trainImages, MNIST_FILES.trainLabels, MNIST_FILES.testImages, MNIST_FILES.testLabels];
      const got: number[] = names.map(() => 0), tot: number[] = [9.9e6, 2.9e4, 1.65e6, 5e3]; // gzip sizes, refined as headers arrive
      const bytes = await Promise.all(names.map((n, i) => fetchBytes(new URL(`${MNIST_URL_BASE}${n}.gz`, baseUrl).href, signal, (d, t) => {
        got[i] = d; tot[i] = t;
        onProgress(got.reduce((a, b) => a + b), tot.reduce((a, b) => a + b), 'downloading MNIST');
      })));
      onProgress(1, 1, 'decompressing');
      const [ti, tl, vi, vl] = await Promise.all(bytes.map((b, i) => gunzipIfNeeded(b, names[i])));
      if (signal.aborted) throw new DataError('Loading was cancelled.');
      const train = idxPairToDataset(ti, tl, { name: 'MNIST', numClasses: 10, classNames: [...MNIST_CLASSES], limit: spec.limit, imagesName: names[0], labelsName: names[1] });
      const test = idxPairToDataset(vi, vl, { name: 'MNIST test', numClasses: 10, classNames: [...MNIST_CLASSES], limit: spec.testLimit, imagesName: names[2], labelsName: names[3] });
      return { train, test };
    }
    case 'synthetic':
      return { train: syntheticDataset({ n: spec.n, size: spec.size, channels: spec.channels, seed: 1 }), test: syntheticDataset({ n: Math.ceil(spec.n / 5), size: spec.size, channels: spec.channels, seed: 2 }) };
    case 'idx': {
      onProgress(0, 1, 'decompressing');
      const [a, b] = await Promise.all([gunzipIfNeeded(new Uint8Array(spec.images), 'images file'), gunzipIfNeeded(new Uint8Array(spec.labels), 'labels file')]);
      const train = idxPairToDataset(a, b, { name: spec.name });
      let test: Dataset | undefined;
      if (spec.testImages && spec.testLabels) {
        const [c, d] = await Promise.all([gunzipIfNeeded(new Uint8Array(spec.testImages), 'test images file'), gunzipIfNeeded(new Uint8Array(spec.testLabels), 'test labels file')]);
        test = idxPairToDataset(c, d, { name: `${spec.name} test`, numClasses: train.numClasses });
      }
      return { train, test };
    }
    case 'cifar-sprite': {
      onProgress(0, 1, 'decoding sprite');
      const bmp = await createImageBitmap(spec.png);
      const canvas = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bmp, 0, 0);
      const px = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
      return { train: decodeCifarSprite(px, bmp.width, bmp.height, spec.labels, { name: spec.name }) };
    }
    case 'folder': {
      const byClass = new Map<string, Map<string, Blob>>();
      for (const f of spec.files) {
        if (!byClass.has(f.className)) byClass.set(f.className, new Map());
        byClass.get(f.className)!.set(f.name, f.file);
      }
      const listing = { classes: [...byClass].map(([name, m]) => ({ name, files: [...m.keys()] })) };
      const decode = async (cls: string, file: string) => {
        const bmp = await createImageBitmap(byClass.get(cls)!.get(file)!);
        const c = new OffscreenCanvas(bmp.width, bmp.height).getContext('2d')!;
        c.drawImage(bmp, 0, 0);
        return { width: bmp.width, height: bmp.height, rgba: c.getImageData(0, 0, bmp.width, bmp.height).data };
      };
      return { train: await folderToDataset(listing, spec, decode, { name: spec.name, signal, onProgress }) };
    }
  }
}
