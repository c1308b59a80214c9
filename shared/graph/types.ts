// Core data types of the graph engine. The document (what is saved) is plain JSON; everything
// derived from it (shapes, receptive fields, counts, problems) lives in Analysis and is never saved.
import type { Msg } from '../i18n/msg';

export type LayerType =
  | 'Input'
  | 'Conv2D'
  | 'Conv2DTranspose'
  | 'Pool'
  | 'GlobalPool'
  | 'Activation'
  | 'BatchNorm'
  | 'Dropout'
  | 'Flatten'
  | 'Dense'
  | 'Softmax'
  | 'Residual'
  | 'Concat';

export type ParamValue = number | boolean | string | readonly [number, number];
export type Params = Readonly<Record<string, ParamValue>>;

export interface GraphNode {
  readonly id: string;
  readonly type: LayerType;
  readonly params: Params;
  readonly position: { readonly x: number; readonly y: number };
  /** Optional user label shown on the canvas. */
  readonly label?: string;
}

export interface GraphEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly targetPort: string;
}

export interface GraphMetadata {
  readonly name: string;
  readonly description?: string;
  readonly created?: string;
  readonly modified?: string;
}

/**
 * A named set of nodes the canvas can show as one box (a residual block, a stage). Presentation only: the
 * engine analyses the flat graph and never reads groups. A node belongs to at most one group.
 */
export interface GraphGroup {
  readonly id: string;
  readonly label: string;
  readonly nodes: readonly string[];
  /** Shown as one node on the canvas. */
  readonly collapsed: boolean;
}

export interface GraphDoc {
  readonly format: 'cnn-designer';
  readonly version: number;
  readonly metadata: GraphMetadata;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Collapsible groups of nodes (optional: files without it have none). */
  readonly groups?: readonly GraphGroup[];
}

/** A tensor shape without the batch axis: [H, W, C] for feature maps, [F] for vectors. */
export type Shape = readonly number[];

/** Receptive field of one output unit, per spatial axis [h, w], in input pixels. */
export interface ReceptiveField {
  readonly size: readonly [number, number];
  /** Effective stride: distance in input pixels between neighbouring outputs. */
  readonly jump: readonly [number, number];
  /** Centre of the first output's field, in input pixel coordinates (may be negative or fractional). */
  readonly start: readonly [number, number];
  /** True once a Flatten/Dense/global pool has mixed every position: the unit sees the whole input. */
  readonly global: boolean;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * What every fix carries: `msg`, its label as data (a catalogue key and the values it quotes), which the renderer
 * and the CLI show in the user's locale; `label` is that message in English (for logs and tests).
 */
interface FixText {
  readonly label: string;
  readonly msg: Msg;
}

export type Fix = FixText &
  (
    | {
        readonly kind: 'setParam';
        readonly nodeId: string;
        readonly param: string;
        readonly value: ParamValue;
        readonly also?: Readonly<Record<string, ParamValue>>;
      }
    | {
        readonly kind: 'insertNode';
        readonly edgeId: string;
        readonly type: LayerType;
        readonly params?: Params;
      }
    | {
        readonly kind: 'appendNode';
        readonly after: string;
        readonly type: LayerType;
        readonly params?: Params;
      }
    | {
        readonly kind: 'addInput';
        readonly before: string;
        readonly port: string;
        readonly params?: Params;
      }
    | { readonly kind: 'removeEdge'; readonly edgeId: string }
    | { readonly kind: 'removeNode'; readonly nodeId: string }
  );

export interface Problem {
  readonly severity: Severity;
  /** Stable machine-readable code, e.g. 'kernel-too-large'. */
  readonly code: string;
  readonly nodeId?: string;
  readonly param?: string;
  readonly port?: string;
  /**
   * The message as data: a catalogue key (problem.<code> or a variant of it) and the values it quotes. The UI and
   * the CLI render it in the user's locale (shared/i18n); shared/graph holds no sentences.
   */
  readonly msg: Msg;
  /** `msg` in English, kept for logs, thrown errors and tests; never shown by the UI. */
  readonly message: string;
  readonly fix?: Fix;
}

export interface NodeCounts {
  /** Trainable parameters (weights, biases, BN gamma/beta, PReLU alpha). */
  readonly trainable: number;
  /** Non-trainable parameters (BN moving mean/variance). */
  readonly nonTrainable: number;
  /** Multiply-accumulates per sample (conv, transposed conv and dense layers). */
  readonly macs: number;
}

export interface NodeAnalysis {
  readonly id: string;
  /** Output shape, or null where it cannot be inferred (an error explains why). */
  readonly shape: Shape | null;
  readonly inputShapes: readonly (Shape | null)[];
  readonly rf: ReceptiveField | null;
  readonly counts: NodeCounts;
  /** Output activation size per sample, in bytes (float32). */
  readonly activationBytes: number;
  readonly problems: readonly Problem[];
}

export interface Totals {
  readonly trainable: number;
  readonly nonTrainable: number;
  readonly params: number;
  readonly macs: number;
  readonly activationBytes: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

export interface Analysis {
  readonly doc: GraphDoc;
  readonly nodes: ReadonlyMap<string, NodeAnalysis>;
  /** Node ids in topological order (nodes in cycles left out). */
  readonly order: readonly string[];
  /** Ids of nodes on a path from the Input to the output: what the compiler builds. */
  readonly live: ReadonlySet<string>;
  readonly inputId: string | null;
  readonly outputId: string | null;
  readonly problems: readonly Problem[];
  readonly totals: Totals;
  /** Internal caches that make re-analysis after an edit incremental. */
  readonly cache: unknown;
}
