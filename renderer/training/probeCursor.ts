// The probe image the worker shows feature maps for: an image of the training or test set, and the list
// ◀ ▶ step through (the validation indices once a run has split the data, else the whole training set).
// Pure bookkeeping: no tfjs, no messages.
import type { Dataset } from '../../shared/data';
import type { ProbeInfo, ProbePick } from './protocol';

export interface LoadedData {
  readonly train: Dataset;
  readonly test?: Dataset;
}

interface Cursor {
  readonly source: 'train' | 'test';
  readonly index: number;
  readonly list: 'training' | 'validation' | 'test';
  /** The user picked it, so a new run keeps it instead of taking the first validation image. */
  readonly chosen: boolean;
}

export class ProbeCursor {
  private at: Cursor = { source: 'train', index: 0, list: 'training', chosen: false };
  /** The validation indices of the last run's split (into the training set). */
  private valIndices: Uint32Array | null = null;

  /** Fresh data: the first training image, no split yet. */
  constructor(private readonly data: LoadedData) {}

  /** The training-set index to probe, when the probe is a training image (prepare's probeIndex). */
  get trainIndex(): number | undefined {
    return this.at.source === 'train' ? this.at.index : undefined;
  }

  /**
   * A run split the data: the probe comes from the validation data unless the user chose one; a chosen
   * training image stays, and ◀ ▶ now step through the validation images.
   */
  split(val: ArrayLike<number>): void {
    this.valIndices = val.length ? Uint32Array.from(val) : null;
    const v = this.valIndices;
    if (!this.at.chosen && v) this.at = { source: 'train', index: v[0], list: 'validation', chosen: false };
    else if (this.at.source === 'train') this.at = { ...this.at, list: v ? 'validation' : 'training' };
  }

  /** Applies a pick; false when it names no image. */
  pick(pick: ProbePick): boolean {
    const { data } = this;
    if (pick.kind === 'image') {
      const d = pick.source === 'test' ? data.test : data.train;
      if (!d || !Number.isInteger(pick.index) || pick.index < 0 || pick.index >= d.n) return false;
      const list = pick.source === 'test' ? 'test' : this.valIndices?.includes(pick.index) ? 'validation' : 'training';
      this.at = { source: pick.source, index: pick.index, list, chosen: true };
      return true;
    }
    const list = this.listOf(this.at.list),
      n = list ? list.length : this.at.source === 'test' ? data.test!.n : data.train.n;
    if (!n) return false;
    const at = list ? Math.max(0, list.indexOf(this.at.index)) : this.at.index;
    const next = pick.kind === 'random' ? Math.floor(Math.random() * n) : (((at + pick.delta) % n) + n) % n;
    this.at = { ...this.at, index: list ? list[next] : next, chosen: true };
    return true;
  }

  /** The probe image and its place in its list, for the panel (null if its data set is missing). */
  info(): ProbeInfo | null {
    const p = this.at,
      d = p.source === 'test' ? this.data.test : this.data.train;
    if (!d) return null;
    const size = d.height * d.width * d.channels;
    const list = this.listOf(p.list);
    const position = list ? list.indexOf(p.index) : p.index;
    return {
      pixels: d.images.slice(p.index * size, (p.index + 1) * size),
      label: d.labels[p.index],
      source: p.source,
      index: p.index,
      list: p.list,
      position,
      of: list ? list.length : d.n,
    };
  }

  /** The indices a list steps through (null: all of the training set, in order). */
  private listOf(list: Cursor['list']): number[] | null {
    if (list === 'validation' && this.valIndices?.length) return Array.from(this.valIndices);
    if (list === 'test' && this.data.test) return Array.from({ length: this.data.test.n }, (_, i) => i);
    return null;
  }
}
