// Dilated Conv2D trains: the compiled layer's forward equals tfjs's own dilated convolution, and its
// gradients (input, kernel, bias) equal central finite differences of that convolution and PyTorch's
// autograd (Debian's /usr/bin/python3 with torch 1.13), on the stock cpu backend and with our fast
// kernels (js and wasm cores). WebGL is covered by e2e/training-dilated.e2e.ts.
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../templates/builder';
import { mulberry32 } from '../../data';
import { exportTfjs, weightsFromModel } from '../../export';
import { installFastCpuKernels, type CoreMode } from '../../kernels';
import { compile } from '../compile';
import { defaultParams } from '../params';
import type { GraphDoc } from '../types';
import { Conv2D, convPadding, type ConvValues } from './conv';

const PYTHON = process.env.CNN_EXPORT_PYTHON ?? '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
const torchOk = probe.status === 0;
if (!torchOk)
  console.warn(
    `SKIPPED the PyTorch comparison: no torch for ${PYTHON}. Install it with: apt-get install python3-torch`,
  );

interface Case {
  label: string;
  h: number;
  w: number;
  c: number;
  params: ConvValues;
}
const conv = (p: Partial<ConvValues>): ConvValues => ({
  ...defaultParams(Conv2D.params),
  filters: 3,
  activation: 'linear',
  ...p,
});
const CASES: Case[] = [
  { label: "3x3 d2 'same'", h: 7, w: 6, c: 2, params: conv({ kernel: [3, 3], dilation: [2, 2], padding: 'same' }) },
  // an even kernel: TF 'same' puts the odd zero at the end; dilation differs per axis
  { label: "2x3 d(3,2) 'same'", h: 6, w: 9, c: 2, params: conv({ kernel: [2, 3], dilation: [3, 2], padding: 'same' }) },
  {
    label: "3x2 d(2,1) 'valid'",
    h: 8,
    w: 5,
    c: 3,
    params: conv({ kernel: [3, 2], dilation: [2, 1], padding: 'valid', filters: 2 }),
  },
  {
    label: 'explicit pad (1,2) 2x2 d2, no bias',
    h: 5,
    w: 6,
    c: 1,
    params: conv({ kernel: [2, 2], dilation: [2, 2], padding: 'explicit', pad: [1, 2], bias: false }),
  },
];
const BATCH = 2;

/** Input -> the Conv2D under test ('conv'), compiled; its weights randomised (seeded). */
function build(k: Case, seed: number) {
  const b = new GraphBuilder('dilated', '');
  b.add('Conv2D', k.params, b.add('Input', { height: k.h, width: k.w, channels: k.c }, undefined, 'input'), 'conv');
  const c = compile(b.build(), tf, { seed });
  if (!c.ok) throw new Error(c.problems.map((p) => p.message).join('; '));
  const r = mulberry32(seed);
  const layer = c.model.getLayer('conv');
  layer.setWeights(
    layer.getWeights().map((w) =>
      tf.tensor(
        Float32Array.from({ length: w.size }, () => r() * 2 - 1),
        w.shape,
      ),
    ),
  );
  const x = tf.tensor4d(
    Float32Array.from({ length: BATCH * k.h * k.w * k.c }, () => r() * 2 - 1),
    [BATCH, k.h, k.w, k.c],
  );
  const outShape = c.model.outputs[0].shape.slice(1) as number[];
  const rw = tf.tensor(
    Float32Array.from({ length: BATCH * outShape.reduce((a, s) => a * s, 1) }, () => r() * 2 - 1),
    [BATCH, ...outShape],
  );
  return { model: c.model, layer, x, rw };
}

/** tfjs's own dilated convolution (the forward pass tfjs gets right; only its gradient is missing). */
function nativeConv(k: Case, x: tf.Tensor4D, kernel: tf.Tensor4D, bias: tf.Tensor | undefined): tf.Tensor {
  const [ph, pw] = convPadding(k.params, k.h, k.w);
  const d = k.params.dilation as [number, number];
  const pad =
    k.params.padding === 'same'
      ? ('same' as const)
      : ([
          [0, 0],
          [ph.before, ph.after],
          [pw.before, pw.after],
          [0, 0],
        ] as [[number, number], [number, number], [number, number], [number, number]]);
  const y = tf.conv2d(x, kernel, 1, pad, 'NHWC', d);
  return bias ? tf.add(y, bias) : y;
}

/** L = sum(r*y + y^2/2), in float64 from the float32 outputs. */
function lossOf(y: Float32Array, r: Float32Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += r[i] * y[i] + 0.5 * y[i] * y[i];
  return s;
}

interface Grads {
  x: Float32Array;
  kernel: Float32Array;
  bias: Float32Array | null;
}

/** dL/dx, dL/dkernel, dL/dbias through the compiled model, under the kernels installed now. */
function modelGrads(k: Case, seed: number): Grads {
  const { model, layer, x, rw } = build(k, seed);
  try {
    const loss = (y: tf.Tensor) => tf.sum(tf.add(tf.mul(rw, y), tf.mul(0.5, tf.square(y)))) as tf.Scalar;
    const dx = tf.grad((xx: tf.Tensor) => loss(model.apply(xx, { training: true }) as tf.Tensor))(x);
    const vars = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const { value, grads } = tf.variableGrads(() => loss(model.apply(x, { training: true }) as tf.Tensor), vars);
    const out = {
      x: dx.dataSync() as Float32Array,
      kernel: grads[vars[0].name].dataSync() as Float32Array,
      bias: vars[1] ? (grads[vars[1].name].dataSync() as Float32Array) : null,
    };
    tf.dispose([dx, value, ...Object.values(grads)]);
    return out;
  } finally {
    tf.dispose([x, rw]);
    model.dispose();
  }
}

/** Central differences of tfjs's native dilated conv + L, every input, kernel and bias value. */
function finiteDifferences(k: Case, seed: number): Grads {
  const { model, layer, x, rw } = build(k, seed);
  const [kernel, bias] = layer.getWeights() as [tf.Tensor4D, tf.Tensor | undefined];
  const r = rw.dataSync() as Float32Array;
  const vals = [x, kernel, bias].map((t) => (t ? Float32Array.from(t.dataSync()) : null));
  // Tolerance: L is quadratic in each single value (y is affine in it), so the central difference has
  // no truncation error for any step h; what is left is float32 rounding in y. Each output sums at most
  // 18 products of values below 1 (error <= 18 * 2^-24 * 18 ~ 2e-5 at worst, ~1e-6 typically), and L
  // weighs <= 168 outputs by |r + y| < ~5, so |error in L| < ~2e-3 in the worst case; a large step
  // (h = 0.5, exact in float32 around values in [-1, 1]) divides it by 2h = 1, against gradients of
  // magnitude ~10: 1e-4 relative holds with a margin (measured worst: 4.5e-7).
  const h = 0.5;
  const L = (v: (Float32Array | null)[]) =>
    tf.tidy(() => {
      const t = v.map((a, i) => (a ? tf.tensor(a, [x, kernel, bias][i]!.shape) : undefined));
      return lossOf(nativeConv(k, t[0] as tf.Tensor4D, t[1] as tf.Tensor4D, t[2]).dataSync() as Float32Array, r);
    });
  const out = vals.map((a) => {
    if (!a) return null;
    const g = new Float32Array(a.length);
    for (let i = 0; i < a.length; i++) {
      const v0 = a[i];
      a[i] = v0 + h;
      const up = L(vals);
      a[i] = v0 - h;
      const down = L(vals);
      a[i] = v0;
      g[i] = (up - down) / (2 * h);
    }
    return g;
  });
  tf.dispose([x, rw]); // getWeights gives the variables themselves: the model disposes those
  model.dispose();
  return { x: out[0]!, kernel: out[1]!, bias: out[2] };
}

/** The same gradients from PyTorch autograd in float64 (one python process for all cases). */
function torchGrads(seed: number): Grads[] {
  const jobs = CASES.map((k) => {
    const { model, layer, x, rw } = build(k, seed);
    const [kernel, bias] = layer.getWeights();
    const [ph, pw] = convPadding(k.params, k.h, k.w);
    const job = {
      x: Array.from(x.dataSync()),
      xShape: x.shape,
      kernel: Array.from(kernel.dataSync()),
      kShape: kernel.shape,
      bias: bias ? Array.from(bias.dataSync()) : null,
      r: Array.from(rw.dataSync()),
      rShape: rw.shape,
      pads: [pw.before, pw.after, ph.before, ph.after],
      dilation: k.params.dilation,
    };
    tf.dispose([x, rw]); // getWeights gives the variables themselves: the model disposes those
    model.dispose();
    return job;
  });
  const dir = mkdtempSync(join(tmpdir(), 'cnn-atrous-'));
  try {
    const file = join(dir, 'jobs.json');
    writeFileSync(file, JSON.stringify(jobs));
    const script = `
import json, sys, torch
import torch.nn.functional as F
out = []
for j in json.load(open(sys.argv[1])):
    x = torch.tensor(j['x'], dtype=torch.float64).reshape(j['xShape']).permute(0, 3, 1, 2).requires_grad_()
    w = torch.tensor(j['kernel'], dtype=torch.float64).reshape(j['kShape']).permute(3, 2, 0, 1).requires_grad_()
    b = torch.tensor(j['bias'], dtype=torch.float64).requires_grad_() if j['bias'] is not None else None
    r = torch.tensor(j['r'], dtype=torch.float64).reshape(j['rShape']).permute(0, 3, 1, 2)
    y = F.conv2d(F.pad(x, j['pads']), w, b, dilation=tuple(j['dilation']))
    (r * y + 0.5 * y * y).sum().backward()
    out.append({'x': x.grad.permute(0, 2, 3, 1).flatten().tolist(), 'kernel': w.grad.permute(2, 3, 1, 0).flatten().tolist(),
                'bias': b.grad.tolist() if b is not None else None})
print(json.dumps(out))
`;
    const p = spawnSync(PYTHON, ['-c', script, file], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (p.status !== 0) throw new Error(`python failed: ${p.stderr}`);
    return (JSON.parse(p.stdout) as { x: number[]; kernel: number[]; bias: number[] | null }[]).map((g) => ({
      x: Float32Array.from(g.x),
      kernel: Float32Array.from(g.kernel),
      bias: g.bias ? Float32Array.from(g.bias) : null,
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Max |a - b| over max(1, max |b|). */
function relErr(a: Float32Array | null, b: Float32Array | null): number {
  if (!a || !b) return a === b ? 0 : Infinity;
  if (a.length !== b.length) return Infinity;
  let diff = 0,
    mag = 1;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]) || (a[i] === b[i] ? 0 : Infinity));
    mag = Math.max(mag, Math.abs(b[i]));
  }
  return diff / mag;
}

const MODES: (CoreMode | 'stock')[] = ['stock', 'js', 'wasm'];
function withKernels<T>(mode: CoreMode | 'stock', fn: () => T): T {
  const handle = mode === 'stock' ? null : installFastCpuKernels(tf, { mode });
  try {
    return fn();
  } finally {
    handle?.uninstall();
  }
}

const SEED = 11;
let fd: Grads[] = [];
let torch: Grads[] | null = null;

beforeAll(async () => {
  await tf.setBackend('cpu');
  fd = CASES.map((k) => finiteDifferences(k, SEED));
  torch = torchOk ? torchGrads(SEED) : null;
});

describe('dilated Conv2D', () => {
  it.each(MODES)("%s kernels: the compiled layer computes what tfjs's dilated conv2d computes", (mode) =>
    withKernels(mode, () => {
      for (const k of CASES) {
        const { model, layer, x, rw } = build(k, SEED);
        const [kernel, bias] = layer.getWeights() as [tf.Tensor4D, tf.Tensor | undefined];
        const [got, want] = tf.tidy(() => [model.predict(x) as tf.Tensor, nativeConv(k, x, kernel, bias)]);
        expect(got.shape, k.label).toEqual(want.shape);
        expect(relErr(got.dataSync() as Float32Array, want.dataSync() as Float32Array), k.label).toBeLessThan(1e-6);
        tf.dispose([got, want, x, rw]);
        model.dispose();
      }
    }),
  );

  it.each(MODES)(
    "%s kernels: gradients equal central finite differences of tfjs's dilated conv (within 1e-4)",
    (mode) =>
      withKernels(mode, () => {
        let worst = 0;
        CASES.forEach((k, i) => {
          const g = modelGrads(k, SEED);
          for (const part of ['x', 'kernel', 'bias'] as const) {
            const e = relErr(g[part], fd[i][part]);
            worst = Math.max(worst, e);
            expect(e, `${k.label}: d/d${part}`).toBeLessThan(1e-4);
          }
        });
        console.log(`${mode}: worst relative difference to finite differences ${worst.toExponential(2)}`);
      }),
  );

  it.skipIf(!torchOk).each(MODES)('%s kernels: gradients equal PyTorch autograd (float64) within 1e-4', (mode) =>
    withKernels(mode, () => {
      let worst = 0;
      CASES.forEach((k, i) => {
        const g = modelGrads(k, SEED);
        for (const part of ['x', 'kernel', 'bias'] as const) {
          const e = relErr(g[part], torch![i][part]);
          worst = Math.max(worst, e);
          expect(e, `${k.label}: d/d${part}`).toBeLessThan(1e-4);
        }
      });
      console.log(`${mode}: worst relative difference to PyTorch ${worst.toExponential(2)}`);
    }),
  );
});

describe('dilated Conv2D export', () => {
  it("the TF.js export is a stock Conv2D with its dilation_rate, its weights, and tfjs's own forward pass gives our outputs", async () => {
    const k = CASES[1];
    const b = new GraphBuilder('dilated', '');
    b.add('Conv2D', k.params, b.add('Input', { height: k.h, width: k.w, channels: k.c }, undefined, 'input'), 'conv');
    const doc: GraphDoc = b.build();
    const { model, x, rw } = build(k, SEED);
    const weights = weightsFromModel(model);
    const ours = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array);
    model.dispose();
    const files = await exportTfjs(doc, weights, tf);
    const mj = JSON.parse(new TextDecoder().decode(files[0].bytes));
    const layer = (mj.modelTopology.model_config ?? mj.modelTopology).config.layers.find(
      (l: { name: string }) => l.name === 'conv',
    );
    expect(layer.class_name).toBe('Conv2D');
    expect(layer.config).toMatchObject({
      dilation_rate: [3, 2],
      kernel_size: [2, 3],
      strides: [1, 1],
      padding: 'same',
    });
    const bin = files[1].bytes;
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: mj.modelTopology,
        weightSpecs: mj.weightsManifest[0].weights,
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer,
      }),
    );
    // a freshly loaded model runs tfjs's own dilated conv2d: the export carries no trace of how we train it
    const theirs = tf.tidy(() => (loaded.predict(x) as tf.Tensor).dataSync() as Float32Array);
    expect(relErr(ours, theirs)).toBeLessThan(1e-6);
    expect(
      Float32Array.from(new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength))),
    ).toEqual(Float32Array.from([...weights.values()].flatMap((w) => [...w.data])));
    loaded.dispose();
    tf.dispose([x, rw]);
  });
});
