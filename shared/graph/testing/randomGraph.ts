// Random graph construction for property tests and benchmarks. A recipe is a list of steps,
// each a layer kind plus numbers that pick its parameters; `buildRandomGraph` turns it into a
// document, choosing parameters that fit the current shape most of the time (so most graphs are
// valid) and occasionally not (so invalid ones are exercised too).
import { analyse } from '../analyse';
import { emptyDoc } from '../document';
import { addNode, connect } from '../edit';
import { FUSED_ACTIVATIONS } from '../layers/common';
import { ACTIVATION_KINDS } from '../layers/core';
import type { GraphDoc, LayerType, Params, Shape } from '../types';

export const STEP_KINDS = [
  'Conv2D',
  'Depthwise',
  'Conv2DTranspose',
  'Pool',
  'GlobalPool',
  'Activation',
  'BatchNorm',
  'Dropout',
  'Flatten',
  'Dense',
  'Softmax',
  'Residual',
  'Concat',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];
export interface Step {
  readonly kind: StepKind;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
}
export interface Recipe {
  readonly h: number;
  readonly w: number;
  readonly ch: number;
  readonly steps: readonly Step[];
  readonly wild: boolean;
}

const pick = <T>(xs: readonly T[], n: number): T => xs[n % xs.length];

export function buildRandomGraph(r: Recipe): GraphDoc {
  let doc = emptyDoc('random');
  let y = 0;
  const add = (type: LayerType, params: Params, from: Record<string, string>) => {
    const res = addNode(doc, type, { x: 0, y: (y += 100) }, params);
    doc = res.doc;
    for (const [port, src] of Object.entries(from)) doc = connect(doc, src, res.id, port).doc;
    return res.id;
  };
  const input = add('Input', { height: r.h, width: r.w, channels: r.ch }, {});
  const history: string[] = [input];
  let last = input;
  let shape: Shape = [r.h, r.w, r.ch];
  for (const s of r.steps) {
    const spatial = shape.length === 3;
    const small = spatial ? Math.min(shape[0], shape[1]) : 0;
    let id: string | null = null;
    switch (s.kind) {
      case 'Conv2D':
      case 'Depthwise': {
        if (!spatial && !r.wild) continue;
        const k = 1 + (s.a % Math.max(1, r.wild ? 7 : Math.min(5, small)));
        const padding = pick(['valid', 'same', 'full', 'explicit'] as const, s.b);
        // dilation square (2x2) or not (2x1, 2x3); tfjs (and so the catalogue) allows it at stride 1 only
        const dil = s.c % 5 === 0 ? 2 : 1;
        const stride = dil === 1 ? 1 + (s.d % 2) : 1;
        const dilW = dil === 1 ? 1 : 1 + ((s.c >> 4) % 3);
        const depthwise = s.kind === 'Depthwise' && spatial;
        id = add(
          'Conv2D',
          {
            filters: depthwise ? shape[2] * (1 + (s.d % 2)) : 1 + (s.d % 8),
            kernel: [k, 1 + ((s.a >> 3) % k)],
            stride: [stride, 1 + ((s.b >> 2) % stride)],
            padding,
            pad: [s.c % 3, (s.c >> 2) % 3],
            dilation: [dil, depthwise ? dil : dilW],
            groups: depthwise ? shape[2] : 1,
            bias: s.a % 2 === 0,
            activation: pick(FUSED_ACTIVATIONS, s.c),
          },
          { in: last },
        );
        break;
      }
      case 'Conv2DTranspose':
        if (!spatial || shape[0] > 16) continue;
        id = add(
          'Conv2DTranspose',
          {
            filters: 1 + (s.a % 6),
            kernel: [1 + (s.b % 4), 1 + (s.c % 4)],
            stride: [1 + (s.d % 2), 1 + (s.a % 2)],
            padding: pick(['valid', 'same'], s.b),
            bias: s.c % 2 === 0,
            activation: pick(FUSED_ACTIVATIONS, s.d >> 1),
          },
          { in: last },
        );
        break;
      case 'Pool': {
        if (!spatial) continue;
        const k = 1 + (s.a % Math.max(1, r.wild ? 4 : Math.min(3, small)));
        id = add(
          'Pool',
          {
            mode: pick(['max', 'avg'], s.b),
            size: [k, k],
            stride: [1 + (s.c % 2), 1 + (s.c % 2)],
            padding: pick(['valid', 'same', 'explicit', 'asymmetric'], s.d),
            pad: [Math.min(k >> 1, (s.d >> 2) % 2), Math.min(k >> 1, (s.d >> 3) % 2)],
            padEnd: [Math.min(k - 1, (s.d >> 4) % 3), Math.min(k - 1, (s.d >> 6) % 2)],
          },
          { in: last },
        );
        break;
      }
      case 'GlobalPool':
        if (!spatial) continue;
        id = add('GlobalPool', { mode: pick(['avg', 'max'], s.a) }, { in: last });
        break;
      case 'Activation':
        id = add(
          'Activation',
          { kind: pick(ACTIVATION_KINDS, s.a), negativeSlope: 0.1, alpha: r.wild && s.b % 5 === 0 ? 0.5 : 1 },
          { in: last },
        );
        break;
      case 'BatchNorm':
        id = add(
          'BatchNorm',
          { momentum: pick([0.9, 0.99, 0.5], s.a), epsilon: pick([1e-5, 1e-3], s.b) },
          { in: last },
        );
        break;
      case 'Dropout':
        id = add('Dropout', { rate: pick([0.25, 0, 0.9], s.a) }, { in: last });
        break;
      case 'Flatten':
        id = add('Flatten', { order: pick(['channels-last', 'channels-first'], s.a) }, { in: last });
        break;
      case 'Dense':
        if (spatial && !r.wild) continue;
        if (shape.length === 1 && shape[0] > 4096) continue;
        id = add(
          'Dense',
          { units: 1 + (s.a % 16), activation: pick(FUSED_ACTIVATIONS, s.b), bias: s.c % 3 !== 0 },
          { in: last },
        );
        break;
      case 'Softmax':
        id = add('Softmax', {}, { in: last });
        break;
      case 'Residual': {
        // Skip from an earlier node; the projection is chosen to fit unless the recipe is wild.
        // Never `last` itself: merging a tensor with itself is rejected (tfjs cannot run it).
        if (history.length < 2) continue;
        const skip = history.slice(0, -1)[s.a % (history.length - 1)];
        const main = analyse(doc).nodes.get(last)!.shape;
        const sk = analyse(doc).nodes.get(skip)!.shape;
        if (!main || !sk) continue;
        let projection = 'none',
          stride = 1;
        if (main.length === 3 && sk.length === 3 && (main.join() !== sk.join() || s.b % 3 === 0)) {
          for (let st = 1; st <= 8; st++)
            if (Math.floor((sk[0] - 1) / st) + 1 === main[0] && Math.floor((sk[1] - 1) / st) + 1 === main[1]) {
              stride = st;
              break;
            }
          projection = pick(['conv', 'conv_bn'], s.c);
        }
        if (r.wild && s.d % 4 === 0) projection = 'none';
        id = add('Residual', { projection, stride }, { main: last, skip });
        break;
      }
      case 'Concat': {
        const others = history.filter((h) => {
          const a = analyse(doc).nodes.get(h)!.shape;
          return a && a.length === shape.length && (shape.length === 1 || (a[0] === shape[0] && a[1] === shape[1]));
        });
        const pool = (r.wild ? history : others).filter((h) => h !== last);
        if (!pool.length) continue;
        const srcs = [
          ...new Set([last, ...Array.from({ length: 1 + (s.b % 2) }, (_, i) => pool[(s.a + i) % pool.length])]),
        ];
        const n = srcs.length;
        id = add('Concat', { inputs: n }, Object.fromEntries(srcs.map((src, i) => [`in${i + 1}`, src])));
        break;
      }
    }
    if (!id) continue;
    const a = analyse(doc).nodes.get(id)!;
    last = id;
    history.push(id);
    if (!a.shape) break; // an invalid step ends the recipe: the graph is kept as a negative example
    shape = a.shape;
  }
  return doc;
}
