// Feature-map probe: one image through a side model that shares the trained layers and outputs every
// spatial (HxWxC) node; activations are quantised to bytes per channel so a message stays small.
import type * as tfjs from '@tensorflow/tfjs';
import { layerDef, type Analysis, type GraphDoc } from '../graph';

export interface FeatureMap {
  readonly nodeId: string;
  readonly height: number;
  readonly width: number;
  /** Channels sent (at most maxChannels of the node's). */
  readonly channels: number;
  readonly totalChannels: number;
  /** channels x height x width bytes, channel-major; 0..255 maps to min..max of that channel. */
  readonly data: Uint8Array;
  readonly min: Float32Array;
  readonly max: Float32Array;
}

export interface KernelImages {
  readonly nodeId: string;
  readonly kh: number;
  readonly kw: number;
  /** 1 (grey, mean over input channels) or 3 (RGB input). */
  readonly channels: number;
  readonly count: number;
  /** count x kh x kw x channels bytes, each filter scaled to its own min..max. */
  readonly data: Uint8Array;
}

/** Nodes worth probing: live, not the Input, with a spatial output. */
export function probeNodes(doc: GraphDoc, a: Analysis): string[] {
  return a.order.filter(
    (id) =>
      id !== a.inputId &&
      a.live.has(id) &&
      (a.nodes.get(id)?.shape?.length ?? 0) === 3 &&
      doc.nodes.some((n) => n.id === id),
  );
}

/** What the network says the probe image is: the most likely class and its probability. */
export interface ProbePrediction {
  readonly label: number;
  readonly probability: number;
}

export interface Probe {
  readonly nodeIds: readonly string[];
  run(image: tfjs.Tensor4D): Promise<FeatureMap[]>;
  /** The network's prediction for the image of the last run (null before one, or without a class output). */
  lastPrediction(): ProbePrediction | null;
  dispose(): void;
}

/**
 * The most likely class of one output vector. Probabilities (a Softmax output: non-negative, summing to 1) are
 * taken as they are; anything else is treated as logits and put through a softmax first.
 */
export function topClass(v: ArrayLike<number>): ProbePrediction | null {
  if (!v.length) return null;
  let best = 0,
    sum = 0,
    neg = false;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) return null;
    if (v[i] > v[best]) best = i;
    sum += v[i];
    if (v[i] < 0) neg = true;
  }
  if (!neg && Math.abs(sum - 1) < 1e-3) return { label: best, probability: v[best] };
  let z = 0;
  for (let i = 0; i < v.length; i++) z += Math.exp(v[i] - v[best]);
  return { label: best, probability: 1 / z };
}

export function makeProbe(
  tf: typeof tfjs,
  model: tfjs.LayersModel,
  outputs: ReadonlyMap<string, tfjs.SymbolicTensor>,
  nodeIds: readonly string[],
  maxChannels = 32,
): Probe | null {
  const ids = nodeIds.filter((id) => outputs.has(id));
  if (!ids.length) return null;
  // The class output (a [batch, classes] vector) rides along, so the panel can say what the image is taken for.
  const head = model.outputs[0];
  const classes = head && head.shape.length === 2 ? head : null;
  // Shares the layers (and so the weights) with the model being trained; owns no variables of its own.
  const side = tf.model({
    inputs: model.inputs,
    outputs: [...ids.map((id) => outputs.get(id)!), ...(classes ? [classes] : [])],
  });
  let last: ProbePrediction | null = null;
  return {
    nodeIds: ids,
    async run(image) {
      const outs = tf.tidy(() => {
        const r = side.predict(image);
        return (Array.isArray(r) ? r : [r]) as tfjs.Tensor[];
      });
      try {
        const vals = await Promise.all(outs.map((t) => t.data() as Promise<Float32Array>));
        last = classes ? topClass(vals[ids.length]) : null;
        return ids.map((id, k) => quantise(id, outs[k].shape as number[], vals[k], maxChannels));
      } finally {
        tf.dispose(outs);
      }
    },
    lastPrediction: () => last,
    dispose() {
      /* the side model holds only references to the main model's layers */
    },
  };
}

/** [1, h, w, c] floats -> bytes per channel (channel-major). */
export function quantise(nodeId: string, shape: readonly number[], v: Float32Array, maxChannels: number): FeatureMap {
  const [, h, w, C] = shape;
  const c = Math.min(C, maxChannels);
  const data = new Uint8Array(c * h * w),
    min = new Float32Array(c),
    max = new Float32Array(c);
  for (let ch = 0; ch < c; ch++) {
    let lo = Infinity,
      hi = -Infinity;
    for (let p = 0; p < h * w; p++) {
      const x = v[p * C + ch];
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    min[ch] = lo;
    max[ch] = hi;
    const s = hi > lo ? 255 / (hi - lo) : 0;
    for (let p = 0; p < h * w; p++) data[ch * h * w + p] = Math.round((v[p * C + ch] - lo) * s);
  }
  return { nodeId, height: h, width: w, channels: c, totalChannels: C, data, min, max };
}

/** The first convolution's kernels as small images (what the first layer looks for); the catalogue says which types have them. */
export function kernelImages(
  doc: GraphDoc,
  a: Analysis,
  model: tfjs.LayersModel,
  layers: ReadonlyMap<string, readonly string[]>,
  maxFilters = 64,
): KernelImages | null {
  const id = a.order.find((n) => {
    const node = a.live.has(n) ? doc.nodes.find((x) => x.id === n) : undefined;
    return !!node && !!layerDef(node.type).kernelImages;
  });
  if (!id) return null;
  const name = layers.get(id)?.find((l) => {
    try {
      return model.getLayer(l).getWeights().length > 0;
    } catch {
      return false;
    }
  });
  if (!name) return null;
  const w = model.getLayer(name).getWeights()[0];
  if (!w || w.shape.length !== 4) return null;
  const [kh, kw, cin, cout] = w.shape;
  const v = w.dataSync() as Float32Array;
  const ch = cin === 3 ? 3 : 1,
    count = Math.min(cout, maxFilters);
  const data = new Uint8Array(count * kh * kw * ch);
  for (let f = 0; f < count; f++) {
    const px = new Float32Array(kh * kw * ch);
    for (let p = 0; p < kh * kw; p++) {
      if (ch === 3) for (let c = 0; c < 3; c++) px[p * 3 + c] = v[(p * cin + c) * cout + f];
      else {
        let s = 0;
        for (let c = 0; c < cin; c++) s += v[(p * cin + c) * cout + f];
        px[p] = s / cin;
      }
    }
    let lo = Infinity,
      hi = -Infinity;
    for (const x of px) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    const s = hi > lo ? 255 / (hi - lo) : 0;
    px.forEach((x, i) => {
      data[f * kh * kw * ch + i] = Math.round((x - lo) * s);
    });
  }
  return { nodeId: id, kh, kw, channels: ch, count, data };
}
