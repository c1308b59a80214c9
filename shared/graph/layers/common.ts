// Small helpers shared by the layer definitions.
import { say } from '../../i18n/msg';
import type * as tfjs from '@tensorflow/tfjs';
import { choice } from '../params';
import type { Problem, Shape } from '../types';
import { shapeText } from '../layer';

export type { Pair } from '../params';

/**
 * BatchNorm's epsilon: the default of a BatchNorm node, and the one of Residual's projection BatchNorm
 * (tfjs, ONNX and PyTorch mappings, and the importer that recognises that projection).
 */
export const BN_EPSILON = 1e-5;
/** Momentum of Residual's projection BatchNorm (Keras convention: weight of the old statistics). */
export const PROJECTION_BN_MOMENTUM = 0.9;

/** Activations that tfjs layers accept as a fused `activation` string. */
export const FUSED_ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'tanh', 'softmax'] as const;
export type FusedActivation = (typeof FUSED_ACTIVATIONS)[number];

export const fusedActivation = (def: FusedActivation, options: readonly FusedActivation[] = FUSED_ACTIVATIONS) =>
  choice('Activation', options, def, 'Activation applied to the output (fused into this layer). "linear" means none.');

export function glorot(tf: typeof tfjs, seed: number) {
  return tf.initializers.glorotUniform({ seed });
}

export function expectSpatial(nodeId: string, title: string, s: Shape): Problem | null {
  if (s.length === 3) return null;
  return {
    severity: 'error',
    code: 'needs-feature-map',
    nodeId,
    ...say('problem.needs-feature-map', { layer: title, shape: shapeText(s) }),
  };
}

export const elements = (s: Shape) => s.reduce((a, b) => a * b, 1);

// Port lists are shared constants: analysis asks for them for every node on every pass.
export const IN_PORT: readonly string[] = Object.freeze(['in']);
export const NO_PORTS: readonly string[] = Object.freeze([]);
export const RESIDUAL_PORTS: readonly string[] = Object.freeze(['main', 'skip']);
const CONCAT_PORTS = Array.from({ length: 9 }, (_, n) =>
  Object.freeze(Array.from({ length: n }, (_, i) => `in${i + 1}`)),
);
export const concatPorts = (n: number): readonly string[] => CONCAT_PORTS[Math.max(2, Math.min(8, Math.round(n) || 2))];
