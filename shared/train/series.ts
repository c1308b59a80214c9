// Bounded, throttled metric streams: charts update at most ~10 times a second however fast batches run,
// and a long run keeps at most `max` points (older ones are merged pairwise, so resolution halves).

export interface Point {
  readonly x: number;
}

export class BoundedSeries<P extends Point = Point> {
  private pts: P[] = [];
  /** How many raw points each stored point averages (doubles on every compaction). */
  private stride = 1;
  private pending: P[] = [];
  constructor(private readonly max = 1000) {}

  push(p: P): void {
    if (this.stride === 1) this.pts.push(p);
    else {
      this.pending.push(p);
      if (this.pending.length >= this.stride) {
        this.pts.push(mean(this.pending));
        this.pending = [];
      }
    }
    if (this.pts.length > this.max) this.compact();
  }
  get points(): readonly P[] {
    return this.pts;
  }
  get length(): number {
    return this.pts.length;
  }
  clear(): void {
    this.pts = [];
    this.pending = [];
    this.stride = 1;
  }

  private compact(): void {
    const out: P[] = [];
    for (let i = 0; i + 1 < this.pts.length; i += 2) out.push(mean([this.pts[i], this.pts[i + 1]]));
    if (this.pts.length % 2) this.pending = [this.pts[this.pts.length - 1]];
    this.pts = out;
    this.stride *= 2;
  }
}

function mean<P extends Point>(ps: P[]): P {
  const o: Record<string, number> = {};
  const rows = ps as unknown as Record<string, number>[];
  for (const k of Object.keys(rows[0])) o[k] = rows.reduce((s, p) => s + p[k], 0) / ps.length;
  o.x = ps[ps.length - 1].x;
  return o as unknown as P;
}

/** Exponential moving average with bias correction (like TensorBoard's smoothing). */
export class Ema {
  private v = 0;
  private n = 0;
  constructor(private readonly beta = 0.9) {}
  push(x: number): number {
    this.v = this.beta * this.v + (1 - this.beta) * x;
    this.n++;
    return this.value;
  }
  get value(): number {
    return this.n ? this.v / (1 - Math.pow(this.beta, this.n)) : NaN;
  }
}

/** Lets a call through at most once per `ms` (the first call always passes). */
export class Throttle {
  private last = -Infinity;
  constructor(
    private readonly ms: number,
    private readonly now: () => number = () => Date.now(),
  ) {}
  due(): boolean {
    const t = this.now();
    if (t - this.last < this.ms) return false;
    this.last = t;
    return true;
  }
}
