// Chart points from the worker, kept bounded and handed to the charts at most twice a second (the worker
// already sends at most 10 messages a second), at once when asked (a run ends, the worker is gone).
import { BoundedSeries } from '../../shared/train';
import type { BatchPoint, Progress } from './protocol';
import type { Clock } from './supervisor';

/** Charts re-render at most this often. */
export const CHART_MS = 500;

export class ChartFeed {
  // At most 300 points per chart line: drawing cost stays flat however long the run.
  private readonly series = new BoundedSeries<BatchPoint & { x: number }>(300);
  private pending: Progress | null = null;
  private timer: unknown = null;

  constructor(
    private readonly publish: (batches: BatchPoint[], progress: Progress | null) => void,
    private readonly clock: Clock,
  ) {}

  get last(): BatchPoint | undefined {
    return this.series.points[this.series.points.length - 1];
  }

  push(points: readonly BatchPoint[], progress: Progress): void {
    for (const p of points) this.series.push({ ...p, x: p.step });
    this.pending = progress;
    this.soon();
  }

  clear(): void {
    this.series.clear();
  }

  now(): void {
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
    this.publish([...this.series.points], this.pending);
  }

  private soon(): void {
    if (this.timer !== null) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.publish([...this.series.points], this.pending);
    }, CHART_MS);
  }
}
