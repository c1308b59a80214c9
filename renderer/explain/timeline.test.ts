// The feature-map timeline keeps at most TIMELINE_BYTES: the oldest epochs go first, the first epoch stays.
import { describe, expect, it } from 'vitest';
import { addFrame, type EpochFrame } from './timeline';

const frame = (epoch: number, bytes: number): EpochFrame => ({ epoch, maps: [], kernels: null, bytes });

describe('feature-map timeline', () => {
  it('stays within its byte limit, keeping the first and the latest epochs', () => {
    let frames: EpochFrame[] = [];
    for (let e = 0; e < 100; e++) frames = addFrame(frames, frame(e, 1000), 10_000);
    expect(frames.reduce((s, f) => s + f.bytes, 0)).toBeLessThanOrEqual(10_000);
    expect(frames.map((f) => f.epoch)).toEqual([0, 91, 92, 93, 94, 95, 96, 97, 98, 99]);
  });
  it('an epoch probed again replaces its frame', () => {
    const frames = addFrame([frame(0, 1), frame(1, 1)], frame(1, 5));
    expect(frames.map((f) => [f.epoch, f.bytes])).toEqual([
      [0, 1],
      [1, 5],
    ]);
  });
});
