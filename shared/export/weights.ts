// Weights between tfjs models, exporters and files: read them off a model, put them back, permute
// them into other layouts, and a small self-describing binary bundle (JSON index + raw float32).
import type * as tfjs from '@tensorflow/tfjs';
import type { MappedTensor } from '../graph/layer';
import { elementCount, ExportError, type ExportTensor, type WeightMap } from './types';
import { msg, type Msg } from '../i18n/msg';

/** `${layer}/${param}` for every weight of a tfjs model, copied out of the tensors. */
export function weightsFromModel(model: tfjs.LayersModel): Map<string, ExportTensor> {
  const out = new Map<string, ExportTensor>();
  for (const layer of model.layers) {
    const values = layer.getWeights();
    layer.weights.forEach((v, i) => {
      const param = v.originalName.split('/').pop()!;
      out.set(`${layer.name}/${param}`, {
        shape: [...values[i].shape],
        data: Float32Array.from(values[i].dataSync() as Float32Array),
      });
    });
  }
  return out;
}

/**
 * Sets a model's weights from a map. Every weight of the model must be present with its exact
 * shape; extra entries are reported (a graph that changed since the weights were trained).
 */
export function applyWeights(tf: typeof tfjs, model: tfjs.LayersModel, weights: WeightMap): { unused: string[] } {
  const used = new Set<string>();
  const problems: Msg[] = [];
  for (const layer of model.layers) {
    if (!layer.weights.length) continue;
    const tensors: tfjs.Tensor[] = [];
    for (const v of layer.weights) {
      const key = `${layer.name}/${v.originalName.split('/').pop()!}`;
      const w = weights.get(key);
      if (!w) {
        problems.push(msg('errors3.weights.fitMissing', { key }));
        continue;
      }
      if (w.shape.length !== v.shape.length || w.shape.some((d, i) => d !== v.shape[i])) {
        problems.push(msg('errors3.weights.fitShape', { key, shape: w.shape.join(', '), needs: v.shape.join(', ') }));
        continue;
      }
      used.add(key);
      tensors.push(tf.tensor(w.data, [...w.shape], 'float32'));
    }
    if (tensors.length === layer.weights.length) layer.setWeights(tensors);
    tf.dispose(tensors);
  }
  if (problems.length)
    throw new ExportError(
      msg(problems.length > 8 ? 'errors3.weights.fitMore' : 'errors3.weights.fit', {
        list: problems.slice(1, 8).reduce((a, b) => msg('errors3.weights.semi', { a, b }), problems[0]),
        more: problems.length - 8,
      }),
    );
  return { unused: [...weights.keys()].filter((k) => !used.has(k)) };
}

/** Permutes the axes of a row-major tensor: out axis i is input axis perm[i]. */
export function permute(t: ExportTensor, perm: readonly number[]): ExportTensor {
  const rank = t.shape.length;
  if (perm.length !== rank)
    throw new Error(`permutation [${perm.join(', ')}] does not fit shape [${t.shape.join(', ')}]`);
  if (perm.every((p, i) => p === i)) return t;
  const outShape = perm.map((p) => t.shape[p]);
  const inStrides = new Array<number>(rank);
  for (let i = rank - 1, s = 1; i >= 0; i--) {
    inStrides[i] = s;
    s *= t.shape[i];
  }
  const strides = perm.map((p) => inStrides[p]);
  const out = new Float32Array(t.data.length);
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = t.data[src];
    for (let a = rank - 1; a >= 0; a--) {
      idx[a]++;
      src += strides[a];
      if (idx[a] < outShape[a]) break;
      src -= strides[a] * outShape[a];
      idx[a] = 0;
    }
  }
  return { shape: outShape, data: out };
}

/** Looks up a tfjs weight and brings it into a target layout (permute, then reshape). */
export function mappedWeight(
  weights: WeightMap,
  where: string,
  layer: string,
  param: string,
  perm?: readonly number[],
  shape?: readonly number[],
): MappedTensor {
  const name = `${layer}/${param}`;
  const w = weights.get(name);
  if (!w) throw new ExportError(msg('errors3.weights.missing', { where, name }));
  const p = perm ?? w.shape.map((_, i) => i);
  const t = permute(w, p);
  const target = shape ?? t.shape;
  if (elementCount(target) !== t.data.length)
    throw new ExportError(
      msg('errors3.weights.shape', { where, name, shape: w.shape.join(', '), target: target.join(', ') }),
    );
  return { shape: [...target], data: t.data, source: { name, shape: [...w.shape], perm: [...p] } };
}

// ---- Weight bundle: <name>.json (index) + <name>.bin (little-endian float32, concatenated) ----

export const BUNDLE_FORMAT = 'cnn-designer-weights';

export interface BundleEntry {
  readonly name: string;
  readonly shape: readonly number[];
  /** Offset in float32 elements into the .bin file. */
  readonly offset: number;
  /** Where a tensor in another layout came from (for weights coming back into the app). */
  readonly source?: MappedTensor['source'];
}

export interface BundleIndex {
  readonly format: typeof BUNDLE_FORMAT;
  readonly version: 1;
  /** 'tfjs': names and layouts as in the app; 'pytorch': state-dict names, PyTorch layouts. */
  readonly layout: 'tfjs' | 'pytorch';
  readonly dtype: 'float32';
  readonly tensors: readonly BundleEntry[];
}

export function encodeBundle(
  layout: BundleIndex['layout'],
  tensors: readonly (readonly [string, ExportTensor & { source?: MappedTensor['source'] }])[],
): { index: BundleIndex; bin: Uint8Array } {
  const total = tensors.reduce((a, [, t]) => a + t.data.length, 0);
  const bin = new Uint8Array(total * 4);
  const view = new DataView(bin.buffer);
  const entries: BundleEntry[] = [];
  let offset = 0;
  for (const [name, t] of tensors) {
    for (let i = 0; i < t.data.length; i++) view.setFloat32((offset + i) * 4, t.data[i], true);
    entries.push({ name, shape: [...t.shape], offset, ...(t.source ? { source: t.source } : {}) });
    offset += t.data.length;
  }
  return { index: { format: BUNDLE_FORMAT, version: 1, layout, dtype: 'float32', tensors: entries }, bin };
}

/** Reads a bundle back; `what` names the files in errors. Only the tfjs layout maps onto the app's weights. */
export function decodeBundle(indexJson: unknown, bin: Uint8Array, what: string | Msg): Map<string, ExportTensor> {
  const idx = indexJson as Partial<BundleIndex> | null;
  if (!idx || typeof idx !== 'object' || idx.format !== BUNDLE_FORMAT)
    throw new ExportError(msg('errors3.weights.notIndex', { what, format: BUNDLE_FORMAT }));
  if (idx.version !== 1 || idx.dtype !== 'float32' || !Array.isArray(idx.tensors))
    throw new ExportError(
      msg('errors3.weights.version', { what, version: String(idx.version), dtype: String(idx.dtype) }),
    );
  if (idx.layout !== 'tfjs') throw new ExportError(msg('errors3.weights.layout', { what, layout: String(idx.layout) }));
  if (bin.byteLength % 4 !== 0)
    throw new ExportError(msg('errors3.weights.odd', { what, bytes: String(bin.byteLength) }));
  const floats = bin.byteLength / 4;
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  const out = new Map<string, ExportTensor>();
  for (const [i, e] of idx.tensors.entries()) {
    if (
      !e ||
      typeof e.name !== 'string' ||
      !Array.isArray(e.shape) ||
      !(e.shape as unknown[]).every((d) => Number.isInteger(d) && (d as number) >= 0) ||
      !Number.isInteger(e.offset)
    ) {
      throw new ExportError(msg('errors3.weights.malformed', { what, i: String(i) }));
    }
    const n = elementCount(e.shape);
    if (e.offset < 0 || e.offset + n > floats)
      throw new ExportError(
        msg('errors3.weights.short', {
          what,
          name: e.name,
          from: String(e.offset),
          to: String(e.offset + n),
          floats: String(floats),
        }),
      );
    const data = new Float32Array(n);
    for (let k = 0; k < n; k++) data[k] = view.getFloat32((e.offset + k) * 4, true);
    out.set(e.name, { shape: [...e.shape], data });
  }
  return out;
}
