// What every layer type declares, in one place. The catalogue (catalogue.ts) collects them; the
// palette, inspector, validator, compiler and exporters all read from it.
import type * as tfjs from '@tensorflow/tfjs';
import type { ParamSpecs } from './params';
import type { LayerType, NodeCounts, Params, Problem, ReceptiveField, Shape } from './types';

export type Category = 'Input' | 'Convolution' | 'Pooling' | 'Activation' | 'Normalisation' | 'Core' | 'Merge' | 'Output';

export interface InferCtx<P> {
  readonly nodeId: string;
  readonly params: P;
  /** Input shapes in port order; all known (inference stops upstream of an unknown shape). */
  readonly inputs: readonly Shape[];
  /** Edge feeding each port, in port order (for fixes that insert a node on it). */
  readonly inEdges: readonly string[];
}

export interface InferResult {
  readonly shape: Shape | null;
  readonly problems?: readonly Problem[];
}

export interface RFCtx<P> {
  readonly params: P;
  readonly inputs: readonly ReceptiveField[];
  readonly inShapes: readonly Shape[];
  readonly outShape: Shape;
  /** Network input size [H, W], for layers that see everything. */
  readonly inputHW: readonly [number, number];
}

export interface TfCtx<P> {
  readonly tf: typeof tfjs;
  readonly params: P;
  readonly inputs: readonly tfjs.SymbolicTensor[];
  readonly inShapes: readonly Shape[];
  readonly outShape: Shape;
  /** Base name for the tfjs layers of this node (unique, derived from the node id). */
  readonly name: string;
  /** Seed for this node's initialisers (derived from the model seed and node id). */
  readonly seed: number;
}

export interface Preset { readonly label: string; readonly params: Params }

export interface LayerDef<P extends Params = Params> {
  readonly type: LayerType;
  readonly title: string;
  readonly category: Category;
  /** One-paragraph explanation for the inspector and palette tooltip. */
  readonly doc: string;
  /** Output size and receptive-field formulas, as shown in the inspector. */
  readonly formulas: readonly string[];
  readonly params: ParamSpecs;
  readonly presets?: readonly Preset[];
  /** Input port names, in order. Input has none. */
  ports(p: P): readonly string[];
  /** Short text for the node face, e.g. '6@5x5 s1 valid'. */
  summary(p: P): string;
  /** True if this node applies softmax / a saturating activation (validator hints). */
  activationOf?(p: P): string | null;
  infer(ctx: InferCtx<P>): InferResult;
  rf(ctx: RFCtx<P>): ReceptiveField;
  counts(p: P, inShapes: readonly Shape[], outShape: Shape): NodeCounts;
  /** Build this node's tfjs layers (functional API) and return its output tensor. */
  tfjs(ctx: TfCtx<P>): tfjs.SymbolicTensor;
}

export const noCounts: NodeCounts = { trainable: 0, nonTrainable: 0, macs: 0 };

export const shapeText = (s: Shape | null): string => (s ? s.join('x') : '?');

/** Define a layer with its params typed; keeps the catalogue checkable by the compiler. */
export function defineLayer<P extends Params>(def: LayerDef<P>): LayerDef<Params> {
  return def as unknown as LayerDef<Params>;
}
