// An in-memory image classification data set: NHWC pixels as bytes (0..255) and one class index per image.
// Pixels stay bytes until a batch is made: 60k MNIST images are 47 MB here instead of 188 MB as floats.
import { errorText, type Msg, type MsgOrText } from '../i18n/msg';

export interface Dataset {
  readonly name: string;
  /** n * height * width * channels bytes, image after image, NHWC. */
  readonly images: Uint8Array;
  /** One class index per image, in 0..numClasses-1. */
  readonly labels: Uint8Array;
  readonly n: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly numClasses: number;
  readonly classNames?: readonly string[];
}

/** A data set cut into the parts training uses. Indices point into `data` (no pixel copies). */
export interface Splits {
  readonly data: Dataset;
  readonly train: Uint32Array;
  readonly val: Uint32Array;
  /** A separate held-out set (e.g. MNIST's 10k test images), evaluated once at the end. */
  readonly test?: Dataset;
}

/**
 * Raised for data that cannot be used; the message says what and where, with the numbers. Given a message
 * (key + params) it keeps it as `msg`, for the reader's language; `message` is its English.
 */
export class DataError extends Error {
  override readonly name = 'DataError';
  readonly msg: Msg;
  constructor(m: MsgOrText, options?: ErrorOptions) {
    const t = errorText(m);
    super(t.message, options);
    this.msg = t.msg;
  }
}

/** Progress callback for loaders: done/total in bytes or items; `phase` says what is happening. */
export type Progress = (done: number, total: number, phase: Msg) => void;

export const imageSize = (d: Pick<Dataset, 'height' | 'width' | 'channels'>) => d.height * d.width * d.channels;
