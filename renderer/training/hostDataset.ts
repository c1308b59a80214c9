// In the desktop app the main process chooses and reads a data set's files (host.openDataset). This turns
// what it returns into exactly the DataSpec the browser build makes from its file inputs (ArrayBuffers for
// IDX, Blobs for images), so the training Worker cannot tell the two apart.
import { msg } from '../../shared/i18n/msg';
import { checkLabelsText, DataError, imageMimeType, imageSize, parseCifarLabels } from '../../shared/data';
import type { DatasetFile, OpenedDataset } from '../../shared/ipc/contract';
import type { DataSpec } from './protocol';

export interface InputShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** An ArrayBuffer holding exactly these bytes: the array's own when it spans all of it, else a copy. */
export function exactArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const own = bytes.buffer;
  return own instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === own.byteLength
    ? own
    : bytes.slice().buffer;
}

/** A Blob typed by the file's extension, as a File from an <input> would be. */
function imageBlob(f: DatasetFile): Blob {
  return new Blob([f.bytes as Uint8Array<ArrayBuffer>], { type: imageMimeType(f.name) });
}

/**
 * The Worker's DataSpec for a data set main has read, with the buffers to transfer (not copy) to it.
 * A folder needs the graph's Input shape (its images are resized to it): pass null only for the other kinds.
 */
export function datasetSpec(d: OpenedDataset, shape: InputShape | null): { spec: DataSpec; transfer: Transferable[] } {
  switch (d.kind) {
    case 'idx': {
      const images = exactArrayBuffer(d.images),
        labels = exactArrayBuffer(d.labels);
      const testImages = d.testImages && d.testLabels ? exactArrayBuffer(d.testImages) : undefined;
      const testLabels = d.testImages && d.testLabels ? exactArrayBuffer(d.testLabels) : undefined;
      const transfer = [images, labels, testImages, testLabels].filter((b): b is ArrayBuffer => b !== undefined);
      return { spec: { kind: 'idx', name: d.name, images, labels, testImages, testLabels }, transfer };
    }
    case 'cifar-sprite':
      return {
        spec: {
          kind: 'cifar-sprite',
          name: 'CIFAR-10',
          png: new Blob([d.png as Uint8Array<ArrayBuffer>], { type: 'image/png' }),
          labels: d.labels,
        },
        transfer: [],
      };
    case 'folder': {
      if (!shape) throw new DataError(msg('errors3.source.needsShape'));
      const files = d.files.map((f) => ({ className: f.className, name: f.name, file: imageBlob(f) }));
      const spec: DataSpec = {
        kind: 'folder',
        name: d.name,
        files,
        height: shape.height,
        width: shape.width,
        channels: shape.channels,
        ...(d.skipped?.length ? { skipped: d.skipped } : {}),
      };
      return { spec, transfer: [] };
    }
  }
}

/**
 * The labels of a sprite + labels JSON the browser build's file inputs picked, read as main reads them in the app:
 * the sprite's rows from its PNG header bound the JSON's size before it is read, and the parser takes only class
 * indices or one-hot rows (a 40 MB or deeply nested file would freeze the page, or overflow the stack posting it).
 */
export async function pickedSpriteLabels(png: File, json: File): Promise<number[] | number[][]> {
  const size = imageSize(new Uint8Array(await png.slice(0, 64).arrayBuffer()));
  if (!size) throw new DataError(msg('errors3.source.notPng', { name: png.name }));
  checkLabelsText(json.size, size.height, json.name, msg('errors3.source.rowsOf', { n: size.height, name: png.name }));
  return parseCifarLabels(await json.text(), json.name);
}
