// A small generated set for instant demos and tests: each class is a bar at its own angle through the
// centre, drawn with random thickness, offset and noise. Learnable in seconds, not trivially separable.
import { mulberry32 } from './rng';
import type { Dataset } from './types';

/** The synthetic set's name as runs record it (the app shows it in the user's language: ui.data.syntheticName). */
export const SYNTHETIC_NAME = 'Synthetic bars';

export interface SyntheticOptions { n?: number; size?: number; channels?: number; classes?: number; seed?: number }

export function syntheticDataset(o: SyntheticOptions = {}): Dataset {
  const n = o.n ?? 2000, s = o.size ?? 28, ch = o.channels ?? 1, k = Math.min(o.classes ?? 10, 255);
  const rng = mulberry32(o.seed ?? 1);
  const images = new Uint8Array(n * s * s * ch), labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const cls = i % k;
    labels[i] = cls;
    const angle = (cls / k) * Math.PI + (rng() - 0.5) * 0.15;
    const nx = -Math.sin(angle), ny = Math.cos(angle);
    const cx = s / 2 + (rng() - 0.5) * s * 0.3, cy = s / 2 + (rng() - 0.5) * s * 0.3;
    const thick = 1 + rng() * s * 0.08;
    for (let y = 0; y < s; y++) for (let x = 0; x < s; x++) {
      const d = Math.abs((x - cx) * nx + (y - cy) * ny);
      const v = Math.max(0, Math.min(255, (d < thick ? 220 : 0) + (rng() - 0.5) * 60));
      for (let c = 0; c < ch; c++) images[((i * s + y) * s + x) * ch + c] = v;
    }
  }
  return { name: SYNTHETIC_NAME, images, labels, n, height: s, width: s, channels: ch, numClasses: k, classNames: Array.from({ length: k }, (_, c) => `${Math.round((c / k) * 180)}°`) };
}
