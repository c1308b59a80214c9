// The effective receptive field of one unit: |d unit / d input| for the current weights, one image, via
// tfjs's gradient. Where the theoretical field (rfBox.ts) says which pixels a unit COULD see, this says which it
// does depend on, and how much. Runs in the training Worker (or Node), never on the UI thread.
import type * as tfjs from '@tensorflow/tfjs';
import { say, type Msg, type MsgParams } from '../i18n/msg';

/** Why a unit cannot be explained: English `message` for logs, `msg` for the UI (rendered in the user's locale). */
export class ExplainError extends Error {
  readonly msg: Msg;
  constructor(key: string, params?: MsgParams) {
    const s = say(`explain.${key}`, params);
    super(s.message);
    this.msg = s.msg;
  }
}

/** The message of an error for the UI, when it carries one. */
export const errorMsg = (e: unknown): Msg | undefined => (e instanceof ExplainError ? e.msg : undefined);

export interface UnitRef {
  readonly nodeId: string;
  readonly y: number;
  readonly x: number;
  readonly channel: number;
}

export interface EffectiveRF {
  readonly height: number;
  readonly width: number;
  /** |d unit / d pixel| summed over the input channels, row-major H x W. */
  readonly data: Float32Array;
  readonly max: number;
  /** The unit's own value for this image (pre-gradient forward pass). */
  readonly value: number;
}

/** Computes effective receptive fields of units of `model` (side models are cached per node). */
export class ErfProbe {
  private readonly sides = new Map<string, tfjs.LayersModel>();

  constructor(
    private readonly tf: typeof tfjs,
    private readonly model: tfjs.LayersModel,
    private readonly outputs: ReadonlyMap<string, tfjs.SymbolicTensor>,
  ) {}

  /** Throws a clear error when the unit is not a spatial unit of the model. */
  async compute(image: tfjs.Tensor4D, u: UnitRef): Promise<EffectiveRF> {
    const { tf } = this;
    const out = this.outputs.get(u.nodeId);
    if (!out) throw new ExplainError('noOutput', { node: u.nodeId });
    const shape = out.shape;
    if (shape.length !== 4) throw new ExplainError('notMap', { node: u.nodeId, d: shape.length - 1 });
    const [, H, W, C] = shape as number[];
    if (![u.y < H, u.x < W, u.channel < C, u.y >= 0, u.x >= 0, u.channel >= 0].every(Boolean))
      throw new ExplainError('outside', { y: u.y, x: u.x, c: u.channel, node: u.nodeId, h: H, w: W, ch: C });
    let side = this.sides.get(u.nodeId);
    if (!side) {
      side = tf.model({ inputs: this.model.inputs, outputs: out });
      this.sides.set(u.nodeId, side);
    }
    const s = side;
    const [grad, value] = tf.tidy(() => {
      const f = (img: tfjs.Tensor) => {
        const o = s.apply(img, { training: false }) as tfjs.Tensor4D;
        return tf.sum(tf.slice(o, [0, u.y, u.x, u.channel], [1, 1, 1, 1]));
      };
      const { value: v, grad: g } = tf.valueAndGrad(f)(image);
      return [tf.sum(tf.abs(g), -1), v];
    });
    try {
      const [data, [val]] = await Promise.all([grad.data() as Promise<Float32Array>, value.data()]);
      let max = 0;
      for (const x of data) if (x > max) max = x;
      return { height: image.shape[1], width: image.shape[2], data, max, value: val };
    } finally {
      tf.dispose([grad, value]);
    }
  }
}
