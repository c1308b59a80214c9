// What every layer type declares, in one place. The catalogue (catalogue.ts) collects them; the
// palette, inspector, validator, compiler and exporters all read from it.
import type * as tfjs from '@tensorflow/tfjs';
import type { Msg } from '../i18n/msg';
import type { Pair, ParamSpecs, ParamValues } from './params';
import type { LayerType, NodeCounts, Params, Problem, ReceptiveField, Shape } from './types';

export type Category =
  'Input' | 'Convolution' | 'Pooling' | 'Activation' | 'Normalisation' | 'Core' | 'Merge' | 'Output';

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

/** A float32 tensor handed to exporters: row-major data of `shape`. */
export interface ExportTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** A trained tensor in the target layout, remembering where it came from (for weights coming back). */
export interface MappedTensor extends ExportTensor {
  /** tfjs weight name ('conv1/kernel') and the permutation of its axes applied before the reshape to `shape`. */
  readonly source: { readonly name: string; readonly shape: readonly number[]; readonly perm: readonly number[] };
}

/** Context common to the exporters' per-layer mappings. Feature maps are NCHW on the export side. */
export interface ExportCtxBase<P> {
  readonly params: P;
  readonly inShapes: readonly Shape[];
  readonly outShape: Shape;
  /** Base tfjs layer name of this node (layerName(nodeId)); its extra layers are `${name}__pad` etc. */
  readonly name: string;
  /**
   * The trained tensor `param` of the tfjs layer `layer` (e.g. 'conv1', 'kernel'), with its axes
   * permuted by `perm` (tfjs layout -> target layout) and then reshaped to `shape` if given.
   */
  weight(layer: string, param: string, perm?: readonly number[], shape?: readonly number[]): MappedTensor;
}

export type OnnxAttr =
  | { readonly i: number }
  | { readonly f: number }
  | { readonly s: string }
  | { readonly ints: readonly number[] }
  | { readonly floats: readonly number[] };

export interface OnnxCtx<P> extends ExportCtxBase<P> {
  /** ONNX value names of the inputs, in port order. */
  readonly inputs: readonly string[];
  /** Adds an initializer (a tensor or int64 constants) and returns its name. */
  constant(hint: string, value: ExportTensor | { readonly int64: readonly number[] }): string;
  /** Appends a node and returns the name of its one output. */
  op(opType: string, inputs: readonly string[], attrs?: Readonly<Record<string, OnnxAttr>>, hint?: string): string;
}

export interface TorchCtx<P> extends ExportCtxBase<P> {
  /** Python expressions of the inputs (NCHW tensors, or [N, F] vectors), in port order. */
  readonly inputs: readonly string[];
  /**
   * Declares the submodule `self.<attr>` built by the Python expression `ctor` (e.g.
   * 'nn.Conv2d(3, 16, 3)') whose state-dict entries are `tensors`; returns 'self.<attr>'.
   * `attr` is a suffix; the generator prefixes the node's attribute name.
   */
  module(attr: string, ctor: string, tensors?: Readonly<Record<string, MappedTensor>>): string;
  /** Python attribute base name of this node (a valid identifier). */
  readonly attr: string;
}

/** A one-click setting of some of a layer's parameters (the inspector's preset buttons). */
/** One layer of a Keras / TF.js Layers model (model.json), as the importer hands it to a definition. */
export interface KerasLayer {
  readonly className: string;
  readonly name: string;
  /** The layer's Keras config, as model.json has it (unchecked: read it defensively). */
  readonly config: Readonly<Record<string, any>>;
  /** Names of the layers feeding it, in order. */
  readonly inbound: readonly string[];
}

/** The whole model, for a reader that folds in the layers our own export split off (`conv1__pad`). */
export interface KerasModel {
  layer(name: string): KerasLayer | undefined;
  /** The layers that take this one's output. */
  consumers(name: string): readonly KerasLayer[];
}

/** What one Keras layer becomes. */
export type KerasRead<P> =
  /**
   * A node of this type: `params` over its defaults. `absorbs` names other Keras layers folded into it
   * (they then pass their input on; weights of `<name>__x` become this node's `__x` layer's).
   */
  | { readonly params: Partial<P>; readonly absorbs?: readonly string[] }
  /** A node of another catalogue type (Keras Activation('softmax') is a Softmax node). */
  | { readonly as: LayerType; readonly params: Params }
  /** No node: the layer passes its input on (Activation('linear')). */
  | { readonly alias: true }
  /** The layer cannot be read: why, as message data (./layers/reasons.ts). */
  | { readonly unsupported: Msg; readonly absorbs?: readonly string[] };

/** How a layer type is read from a TF.js Layers model: the importer asks the catalogue. */
export interface KerasImport<P> {
  /** Keras class name -> reader. A class belongs to one layer type. */
  readonly classes: Readonly<Record<string, (layer: KerasLayer, model: KerasModel) => KerasRead<P>>>;
  /** Params that follow from the input shape, known after inference (a depthwise conv's groups); null when done. */
  afterShapes?(p: P, inShape: Shape): Partial<P> | null;
}

/** One ONNX node as the importer hands it to a definition's reader (attributes decoded, constants folded). */
export interface OnnxNode {
  readonly opType: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** An int or float attribute, or `def` when absent. */
  num(attr: string, def: number): number;
  /** An ints/floats attribute, or `def` when absent. */
  nums(attr: string, def: readonly number[]): readonly number[];
  /** A string attribute, or `def` when absent. */
  str(attr: string, def: string): string;
  /** A tensor attribute, or null when absent. */
  tensor(attr: string): { readonly dims: readonly number[]; readonly data: Float32Array | readonly number[] } | null;
  /** Names of attributes the node sets. */
  readonly attrNames: readonly string[];
}

/** What a reader may ask about the rest of the ONNX graph. */
export interface OnnxGraph {
  /** The editor shape (NHWC without batch: [H, W, C], or [F]) of a value computed by the graph; null for constants. */
  shape(value: string): Shape | null;
  /** A constant (initializer, Constant node or folded shape arithmetic): float data or integers, with its dims. */
  constant(value: string): { readonly dims: readonly number[]; readonly data: Float32Array | readonly number[] } | null;
  /**
   * A float constant as a weight in the tfjs layout: its axes permuted by `perm` after an optional reshape
   * to `reshape` (ONNX layout -> tfjs layout). Throws a config error naming it when it is missing or not float.
   */
  weight(value: string, perm?: readonly number[], reshape?: readonly number[]): ExportTensor;
  /** The node producing a value (undefined for graph inputs and initializers). */
  producer(value: string): OnnxNode | undefined;
  /** The nodes reading a value. */
  consumers(value: string): readonly OnnxNode[];
  /** The user asked to fold each BatchNormalization that alone follows a Conv into the conv's kernel and bias. */
  readonly foldBatchNorm: boolean;
  /** Is the value the model's output? */
  isOutput(value: string): boolean;
}

/** What one ONNX node becomes. */
export type OnnxRead<P> =
  | {
      readonly params: Partial<P>;
      /** The node's weights in the tfjs layout, by tfjs parameter name ('kernel', 'bias', 'gamma'...). */
      readonly weights?: Readonly<Record<string, ExportTensor | undefined>>;
      /** ONNX values feeding the ports, in port order (default: the node's first input). */
      readonly inputs?: readonly string[];
      /** Later nodes folded into this one (MatMul's bias Add): their output is this node's output. */
      readonly absorbs?: readonly OnnxNode[];
    }
  /** A node of another catalogue type (ONNX Softmax over channels is a Softmax node, Clip(0, 6) an Activation). */
  | {
      readonly as: LayerType;
      readonly params: Params;
      readonly weights?: Readonly<Record<string, ExportTensor | undefined>>;
      readonly inputs?: readonly string[];
    }
  /** No node: the output is the first input (Dropout, Identity, a Flatten of a vector). */
  | { readonly alias: true }
  /** The node cannot be read: why, as message data (./layers/reasons.ts). */
  | { readonly unsupported: Msg };

/** How a layer type is read from ONNX models: op type -> reader. An op type belongs to one layer type. */
export interface OnnxImport<P> {
  readonly ops: Readonly<Record<string, (node: OnnxNode, graph: OnnxGraph) => OnnxRead<P>>>;
}

/**
 * Ops (ONNX op types, Keras class names) this layer type is the nearest alternative to, with how to
 * rebuild them from it: the importers' messages for what they cannot read.
 */
export interface Alternatives {
  readonly onnx?: Readonly<Record<string, string>>;
  readonly keras?: Readonly<Record<string, string>>;
}

/** The sliding window a layer's output size and receptive field follow (Conv2D, Pool). */
export interface SlidingWindow {
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly dilation: Pair;
  /** 'valid', 'same', 'full' or 'explicit' (then `pad` zeros on each side, or before only when `padEnd` is given). */
  readonly padding: string;
  readonly pad: Pair;
  /** Explicit padding after (bottom, right) where it differs from `pad` (before: top, left). */
  readonly padEnd?: Pair;
}

export interface Preset<P = Params> {
  readonly label: string;
  readonly params: P;
}

/**
 * A layer type's definition. `S` is its parameter specs and `P` the values they describe, so inside a
 * definition `p.filters` is a number, `p.kernel` a Pair and `p.padding` one of its options. The catalogue
 * holds them as `LayerDef` (any specs, values by name): the analysis hands each definition the params of
 * a node of its type, which the loader has checked against these specs.
 */
export interface LayerDef<P = Params, S extends ParamSpecs = ParamSpecs> extends LayerBody<P, S> {
  readonly presets?: readonly Preset[];
}

/** Everything a definition declares but its presets (typed differently where it is written). */
interface LayerBody<P, S extends ParamSpecs> {
  readonly type: LayerType;
  /** Prefix of new node ids (conv1, conv2, ...). */
  readonly idPrefix: string;
  readonly title: string;
  readonly category: Category;
  /** One-paragraph explanation for the inspector and palette tooltip. */
  readonly doc: string;
  /** Output size and receptive-field formulas, as shown in the inspector. */
  readonly formulas: readonly string[];
  readonly params: S;
  /**
   * Parameters a node added in the editor starts with, where they differ from the parameter defaults. A
   * default is also what a project file that leaves the parameter out means, so it cannot change without
   * changing what old files say; a new node can start differently.
   */
  readonly newNode?: Partial<P>;
  /** Input port names, in order. Input has none. */
  ports(p: P): readonly string[];
  /** Short text for the node face, e.g. '6@5x5 s1 valid', or a catalogue message (summary.*) where it has words. */
  summary(p: P): string | Msg;
  /**
   * Its first tfjs weight is a spatial kernel [kh, kw, C_in, F] (depthwise: [kh, kw, C, M]) worth showing
   * as small images: the training panel shows the first such node's kernels.
   */
  readonly kernelImages?: boolean;
  /** Its sliding window, for the inspector's worked example of the out and rf formulas. */
  window?(p: P): SlidingWindow;
  /**
   * How the worked convolution (shared/train/convExplain.ts) works one output unit out: a weighted sum over its
   * window ('conv'), or the window's max or mean: of its real values ('avg', TensorFlow's 'same'), or counting the
   * padding as zeros ('avg-counting-padding', PyTorch's default). Absent: not worked out (needs `window` too).
   */
  explain?(p: P): 'conv' | 'max' | 'avg' | 'avg-counting-padding';
  /**
   * It normalises its input's statistics (BatchNorm). The training doctor does not diagnose vanishing gradients
   * in "a deep plain stack" that holds one.
   */
  readonly normalises?: boolean;
  /** It adds a shortcut around other layers (Residual): likewise, a stack with one is not a plain stack. */
  readonly skipPath?: boolean;
  /** It regularises by dropping values in training (Dropout): the doctor's overfitting fix adds one only if none is there. */
  readonly regularises?: boolean;
  /**
   * Every output is connected to every input (Dense): the analysis warns when its weights grow large (most of a
   * classic CNN's weights sit in such layers).
   */
  readonly fullyConnected?: boolean;
  /**
   * It turns a spatial map into a vector (Flatten, global pooling): the analysis says when the units feeding it
   * see less than the whole image.
   */
  readonly collapsesSpace?: boolean;
  /** True if this node applies softmax / a saturating activation (validator hints). */
  activationOf?(p: P): string | null;
  infer(ctx: InferCtx<P>): InferResult;
  rf(ctx: RFCtx<P>): ReceptiveField;
  counts(p: P, inShapes: readonly Shape[], outShape: Shape): NodeCounts;
  /**
   * How many tfjs layers `tfjs` chains on the longest path through this node (1 if absent), so
   * the validator can keep the model under the depth tfjs-layers can build (limits.ts MAX_DEPTH).
   */
  tfjsDepth?(p: P): number;
  /**
   * The parameter this node's weights grow with linearly (Dense's units, a conv's filters), if any: the
   * validator's fix for a layer whose weights are too large scales it down (limits.ts).
   */
  widthParam?(p: P): string | undefined;
  /** Build this node's tfjs layers (functional API) and return its output tensor. */
  tfjs(ctx: TfCtx<P>): tfjs.SymbolicTensor;
  /** How TF.js Layers models (model.json) are imported as nodes of this type. */
  readonly fromKeras?: KerasImport<P>;
  /** How ONNX models are imported as nodes of this type. */
  readonly fromOnnx?: OnnxImport<P>;
  /** Ops no layer type reads for which this one is the nearest alternative. */
  readonly alternatives?: Alternatives;
  /** The English of the reasons its readers give for what they cannot import (reason.<key>; ./layers/reasons.ts). */
  readonly reasons?: Readonly<Record<string, string>>;
  /** Emit this node's ONNX nodes (opset 13, NCHW) and return the name of its output value. */
  onnx?(ctx: OnnxCtx<P>): string;
  /** Declare this node's PyTorch modules and return the Python expression of its output. */
  torch?(ctx: TorchCtx<P>): string;
}

export const noCounts: NodeCounts = { trainable: 0, nonTrainable: 0, macs: 0 };

export const shapeText = (s: Shape | null): string => (s ? s.join('x') : '?');

/**
 * A definition as its layer file writes it: values typed by its specs `S`, and presets that name only
 * its own parameters, with values of their types. For every concrete `S` it is a `LayerDef` as it is.
 */
export interface TypedLayerDef<S extends ParamSpecs> extends LayerBody<ParamValues<S>, S> {
  readonly presets?: readonly Preset<Partial<ParamValues<S>>>[];
}

/** The parameter values of a defined layer: `LayerValues<typeof Conv2D>['padding']` is `'valid' | 'same' | ...`. */
export type LayerValues<D> = D extends TypedLayerDef<infer S> ? ParamValues<S> : never;

/**
 * Define a layer: its parameter values are typed from its `params` specs (enum options keep their
 * literal types), so every method reads `p.name` checked by the compiler. No cast: the catalogue
 * checks each definition against `LayerDef` as it is.
 */
export function defineLayer<S extends ParamSpecs>(def: TypedLayerDef<S>): TypedLayerDef<S> {
  return def;
}
