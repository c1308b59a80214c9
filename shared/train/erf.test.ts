// The receptive-field box (shared/graph/rfBox.ts) against the analysis and against tfjs's real gradient: with
// positive weights and linear layers nothing cancels, so the pixels a unit depends on fill exactly the box's part
// inside the image (their bounding box equals it); with random weights and ReLUs nothing lies outside it.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyse, compile, type GraphDoc, type LayerType, type Params } from '../graph';
import { rfBox, type PixelBox } from '../graph/rfBox';
import { GraphBuilder } from '../../templates/builder';
import { ErfProbe, errorMsg } from './erf';
import { translator } from '../i18n';
import { chain } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const lin = { activation: 'linear' };
type Spec = [string, LayerType, Params][];

const NETS: Record<string, () => GraphDoc> = {
  'strided and padded': () =>
    chain('strided', [
      ['input', 'Input', { height: 17, width: 15, channels: 2 }],
      ['c1', 'Conv2D', { filters: 3, kernel: [3, 3], stride: [2, 2], padding: 'same', ...lin }],
      ['c2', 'Conv2D', { filters: 3, kernel: [3, 5], padding: 'explicit', pad: [2, 1], ...lin }],
      ['p', 'Pool', { mode: 'avg', size: [2, 2], stride: [2, 2] }],
      ['c3', 'Conv2D', { filters: 2, kernel: [2, 2], stride: [1, 2], padding: 'full', ...lin }],
    ] as Spec),
  dilated: () =>
    chain('dilated', [
      ['input', 'Input', { height: 20, width: 20, channels: 1 }],
      ['d1', 'Conv2D', { filters: 2, kernel: [3, 3], dilation: [2, 2], padding: 'same', ...lin }],
      ['d2', 'Conv2D', { filters: 2, kernel: [3, 2], dilation: [1, 3], padding: 'valid', ...lin }],
    ] as Spec),
  residual: () => {
    const b = new GraphBuilder('residual', '');
    const x = b.add('Input', { height: 16, width: 16, channels: 1 }, undefined, 'input');
    const a = b.add('Conv2D', { filters: 2, kernel: [5, 5], padding: 'valid', ...lin }, x, 'a');
    const m1 = b.add('Conv2D', { filters: 2, kernel: [3, 3], stride: [2, 2], padding: 'same', ...lin }, a, 'm1');
    const m2 = b.add('Conv2D', { filters: 2, kernel: [3, 3], padding: 'same', ...lin }, m1, 'm2');
    b.add('Residual', { projection: 'conv', stride: 2 }, { main: m2, skip: a }, 'res');
    return b.build();
  },
};

/** Bounding box of the nonzero pixels of an H x W map (null when all are zero). */
function support(d: Float32Array, H: number, W: number): PixelBox | null {
  let top = H,
    left = W,
    bottom = -1,
    right = -1;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++)
      if (d[y * W + x] !== 0) {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
  return bottom < 0 ? null : { top, left, bottom, right };
}

async function check(doc: GraphDoc, positive: boolean) {
  const a = analyse(doc);
  expect(a.problems.filter((p) => p.severity === 'error')).toEqual([]);
  const c = compile(doc, tf, { seed: 3, analysis: a });
  if (!c.ok) throw new Error(c.problems[0].message);
  const input = doc.nodes.find((n) => n.type === 'Input')!.params;
  const H = Number(input.height),
    W = Number(input.width),
    C = Number(input.channels);
  if (positive) c.model.setWeights(c.model.getWeights().map((w) => tf.abs(w).add(0.05)));
  const img = tf.tidy(() =>
    positive ? tf.ones<tf.Rank.R4>([1, H, W, C]) : tf.randomNormal<tf.Rank.R4>([1, H, W, C], 0, 1, 'float32', 7),
  );
  const probe = new ErfProbe(tf, c.model, c.outputs);
  let checked = 0;
  for (const id of a.order) {
    const shape = a.nodes.get(id)!.shape!;
    const rf = a.nodes.get(id)!.rf!;
    if (id === a.inputId || shape.length !== 3) continue;
    const [h, w] = shape;
    // Corners (which reach into the padding) and the middle.
    for (const [y, x] of [
      [0, 0],
      [h - 1, w - 1],
      [Math.floor(h / 2), Math.floor(w / 2)],
      [0, w - 1],
    ]) {
      const box = rfBox(rf, y, x, H, W);
      // The box is the analysis's numbers: centre start + i * jump, size pixels wide.
      expect(box.full.bottom - box.full.top + 1).toBe(rf.size[0]);
      expect(box.full.right - box.full.left + 1).toBe(rf.size[1]);
      expect((box.full.top + box.full.bottom) / 2).toBeCloseTo(rf.start[0] + y * rf.jump[0], 9);
      expect((box.full.left + box.full.right) / 2).toBeCloseTo(rf.start[1] + x * rf.jump[1], 9);
      const e = await probe.compute(img, { nodeId: id, y, x, channel: 0 });
      const s = support(e.data, H, W);
      if (positive) expect({ id, y, x, s }).toEqual({ id, y, x, s: box.inImage });
      else if (s && box.inImage) {
        expect(s.top).toBeGreaterThanOrEqual(box.inImage.top);
        expect(s.left).toBeGreaterThanOrEqual(box.inImage.left);
        expect(s.bottom).toBeLessThanOrEqual(box.inImage.bottom);
        expect(s.right).toBeLessThanOrEqual(box.inImage.right);
      } else expect(s).toBeNull();
      checked++;
    }
  }
  img.dispose();
  c.model.dispose();
  return checked;
}

describe('receptive field box and effective receptive field', () => {
  for (const [name, build] of Object.entries(NETS)) {
    it(`${name}: the box is the analysis's field, and the gradient fills exactly its part in the image`, async () => {
      expect(await check(build(), true)).toBeGreaterThan(4);
    });
    it(`${name}: with random weights the gradient is zero outside the box`, async () => {
      expect(await check(build(), false)).toBeGreaterThan(4);
    });
  }

  it('a corner unit of a padded conv reaches into the padding; a global field is the whole image', () => {
    const a = analyse(NETS['strided and padded']());
    const box = rfBox(a.nodes.get('c3')!.rf!, 0, 0, 17, 15);
    expect(box.padded).toBe(true);
    expect(box.full.top).toBeLessThan(0);
    expect(rfBox({ size: [1, 1], jump: [1, 1], start: [0, 0], global: true }, 0, 0, 8, 6).inImage).toEqual({
      top: 0,
      left: 0,
      bottom: 7,
      right: 5,
    });
  });

  it('names a unit outside the map or a node without a map', async () => {
    const doc = NETS.dilated();
    const c = compile(doc, tf, { seed: 1 });
    if (!c.ok) throw new Error('compile');
    const p = new ErfProbe(tf, c.model, c.outputs);
    const img = tf.zeros([1, 20, 20, 1]) as tf.Tensor4D;
    await expect(p.compute(img, { nodeId: 'd2', y: 99, x: 0, channel: 0 })).rejects.toThrow(/outside d2's/);
    await expect(p.compute(img, { nodeId: 'nope', y: 0, x: 0, channel: 0 })).rejects.toThrow(/no output/);
    // The UI gets the reason as a message, rendered in the user's language.
    const e = await p.compute(img, { nodeId: 'd2', y: 99, x: 0, channel: 0 }).catch((x: unknown) => x);
    const m = errorMsg(e);
    expect(m && translator('zh-CN').msg(m)).toMatch(/^单元 \(99, 0, 通道 0\) 超出了 d2 的 .+ 特征图。$/);
    expect(m && translator('en').msg(m)).toBe((e as Error).message);
    img.dispose();
    c.model.dispose();
  });
});
