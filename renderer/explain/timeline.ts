// The feature-map timeline: the probe's feature maps and the first layer's kernels as they were at the end of each
// epoch, so a slider can scrub through how they formed. Fed by the training store (the maps it holds when an
// epoch's metrics arrive are that epoch's last probe); bounded in bytes, the oldest epochs (but the first) go first.
import { create } from 'zustand';
import type { FeatureMap, KernelImages } from '../../shared/train';
import { useTraining } from '../training/trainingStore';

export interface EpochFrame {
  readonly epoch: number;
  readonly maps: readonly FeatureMap[];
  readonly kernels: KernelImages | null;
  readonly bytes: number;
}

/** At most this many bytes of maps and kernels are kept (said in the UI). */
export const TIMELINE_BYTES = 16 * 1024 * 1024;

interface TimelineState {
  frames: EpochFrame[];
  /** The epoch shown (index into frames), or null: the live maps. */
  at: number | null;
}

export const useTimeline = create<TimelineState>()(() => ({ frames: [], at: null }));

const bytesOf = (maps: readonly FeatureMap[], k: KernelImages | null) =>
  maps.reduce((s, m) => s + m.data.byteLength + 8 * m.channels, 0) + (k?.data.byteLength ?? 0);

/** Adds a frame, dropping the oldest (but the first) until the total fits `limit`. Pure. */
export function addFrame(frames: readonly EpochFrame[], f: EpochFrame, limit = TIMELINE_BYTES): EpochFrame[] {
  const out = [...frames.filter((x) => x.epoch !== f.epoch), f];
  let total = out.reduce((s, x) => s + x.bytes, 0);
  while (total > limit && out.length > 2) total -= out.splice(1, 1)[0].bytes;
  return out;
}

let lastEpochs = 0;
useTraining.subscribe((s) => {
  const n = s.epochs.length;
  // Fewer epochs than before: a fresh run (Continue keeps them), so a fresh timeline.
  if (n < lastEpochs) useTimeline.setState({ frames: [], at: null });
  if (n > lastEpochs && s.maps.length) {
    const e = s.epochs[n - 1];
    const frame = { epoch: e.epoch, maps: s.maps, kernels: s.kernels, bytes: bytesOf(s.maps, s.kernels) };
    useTimeline.setState((t) => ({ frames: addFrame(t.frames, frame) }));
  }
  lastEpochs = n;
});

/** The maps and kernels to show: the chosen epoch's, or the live ones. */
export function useShownMaps(live: { maps: FeatureMap[]; kernels: KernelImages | null }) {
  const frame = useTimeline((t) => (t.at === null ? null : (t.frames[t.at] ?? null)));
  return frame ? { maps: [...frame.maps], kernels: frame.kernels, epoch: frame.epoch } : { ...live, epoch: null };
}
