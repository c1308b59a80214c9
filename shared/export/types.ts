// What exporters take and give. Pure data: no tfjs, no file system.
import type { ExportTensor } from '../graph/layer';
import { errorText, type Msg, type MsgOrText } from '../i18n/msg';

export type { ExportTensor };

/** One output file: a plain name (no folders) and its bytes. */
export interface ExportFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * Trained weights keyed by tfjs weight name: `${layer}/${param}`, e.g. 'conv1/kernel',
 * 'bn1/moving_mean', 'add1__proj/kernel'. Layouts are tfjs's (channels last).
 */
export type WeightMap = ReadonlyMap<string, ExportTensor>;

/**
 * An export that cannot be done; the message says what is unsupported and where. `msg` is the message as data
 * (key + params) for the reader's language, `message` its English.
 */
export class ExportError extends Error {
  override readonly name: string = 'ExportError';
  readonly msg: Msg;
  constructor(m: MsgOrText, options?: ErrorOptions) {
    const t = errorText(m);
    super(t.message, options);
    this.msg = t.msg;
  }
}

export const elementCount = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
export const text = (s: string) => new TextEncoder().encode(s);
