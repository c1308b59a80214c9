// Threads for the wasm core: N instances of the threaded module (wasm/core-mt.wasm, same C source, imported shared
// memory) over ONE shared WebAssembly.Memory. The calling thread (Node's main thread, or the browser's training
// Worker) is thread 0 and owns every allocation; threads 1..N-1 are workers that sit in Atomics.wait on a small
// control block, claim the round's jobs one at a time (thread 0 too), count each one done and go back to waiting.
// A job touches only its own output rows and its own thread's scratch (see the *_rows functions in wasm/core.c), so
// nothing but the job counter needs synchronising.
//
// shared/ knows no Worker API: the platform layer passes a WorkerFactory (cli/threadWorkers.ts for Node's
// worker_threads, renderer/training/worker.ts for Web Workers). The worker's code is a plain-JS string
// (WORKER_SOURCE), so it needs no bundler or TypeScript loader on either side.

/** A started worker: enough to hand it its first message and to end it. */
export interface ThreadWorker {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

/**
 * Starts a worker that runs `source`, a JavaScript function expression, with the data of the first message it
 * receives. Node: `new Worker(\`require('node:worker_threads').parentPort.once('message', ${source})\`, { eval: true })`.
 * Browser: a blob-URL Worker whose code is `self.onmessage = (e) => (${source})(e.data)`.
 */
export type WorkerFactory = (source: string) => ThreadWorker;

/** Node and browsers both have setTimeout; shared/ compiles without either's type library. */
const timers = globalThis as unknown as { setTimeout(fn: (v?: unknown) => void, ms: number): unknown };

/** Control block (Int32Array over a SharedArrayBuffer). */
const GEN = 0; // round generation: bumped by thread 0 to wake the workers for a round
const DONE = 1; // jobs finished this round
const QUIT = 2; // 1: workers return
const FAILED = 3; // 1: a worker's call threw (thread 0 rethrows)
const READY = 4; // workers that have instantiated the module and wait for jobs
const NEXT = 5; // (jobs this round << 16) | next unclaimed job: claimed with compareExchange
const SCR_MASK = 6; // bit i set: argument i gets thread index * SCR_STRIDE added (per-thread scratch)
const SCR_STRIDE = 7;
const TOTAL = 8; // jobs this round; NEXT's high half (jobs published so far) may lag behind it (runStreamed)
const JOB0 = 16;
const SLOT = 32; // per job: [function index, argument count, ...arguments]
export const MAX_JOB_ARGS = SLOT - 2;
/** Most jobs in one round (a kernel cut into more pieces than threads; see ThreadPool.run). */
export const MAX_JOBS = 256;
const FLAG0 = JOB0 + MAX_JOBS * SLOT; // per job: 1 once it is done (runStreamed copies its output out then)
/** Seconds thread 0 waits for one round before it gives up on the workers. */
const STUCK_S = 120;

// Dynamic scheduling: a round's jobs sit in a table; every thread, the caller included, claims the next job with a
// compareExchange on NEXT until none is left, so a thread the OS descheduled (a busy machine) or a slow piece holds
// up only its own job, and the others take the rest. The job count rides in NEXT's high half, so a claim can never
// read the job count of another round; a job's arguments are read after its claim, when the table is complete.
// Workers spin briefly before they sleep: a kernel's next round usually comes within microseconds, and waking a
// sleeping thread costs tens of microseconds. Kept short: on a busy machine a spinning thread steals a core.
const WORKER_SOURCE = `function (init) {
  const c = new Int32Array(init.control);
  const mod = new WebAssembly.Module(init.bytes);
  const ex = new WebAssembly.Instance(mod, { env: { memory: init.memory } }).exports;
  const fns = init.names.map((n) => ex[n]);
  const args = [];
  let gen = init.gen;
  Atomics.add(c, ${READY}, 1);
  for (;;) {
    let spins = 0;
    while (Atomics.load(c, ${GEN}) === gen) {
      if (++spins > 4000) Atomics.wait(c, ${GEN}, gen, 1000);
    }
    gen = Atomics.load(c, ${GEN});
    if (Atomics.load(c, ${QUIT}) === 1) return;
    let idle = 0;
    for (;;) {
      const v = Atomics.load(c, ${NEXT});
      const nj = v >>> 16, j = v & 0xffff;
      if (j >= nj) {
        // every published job is taken: the round is over, or thread 0 is still copying the next piece in
        if (nj >= Atomics.load(c, ${TOTAL})) break;
        // sleep almost at once: thread 0 notifies each publish, and a piece's copy takes far longer than a wake-up,
        // while spinning through every copy doubled the CPU time of the memory-bound kernels (measured)
        if (++idle > 200) Atomics.wait(c, ${NEXT}, v, 100);
        continue;
      }
      if (Atomics.compareExchange(c, ${NEXT}, v, v + 1) !== v) continue;
      idle = 0;
      const b = ${JOB0} + j * ${SLOT};
      const n = c[b + 1];
      args.length = n;
      for (let i = 0; i < n; i++) args[i] = c[b + 2 + i];
      const mask = c[${SCR_MASK}];
      if (mask !== 0) for (let i = 0; i < n; i++) if ((mask >>> i) & 1) args[i] += init.index * c[${SCR_STRIDE}];
      try {
        fns[c[b]].apply(null, args);
      } catch (e) {
        Atomics.store(c, ${FAILED}, 1);
      }
      Atomics.store(c, ${FLAG0} + j, 1);
      Atomics.add(c, ${DONE}, 1);
      Atomics.notify(c, ${DONE}); // thread 0 waits for the last job (run) or for any job to copy out (runStreamed)
    }
  }
}`;

/**
 * Per-thread scratch: each argument in `args` (0-based, counted after the export name, < 30) gets thread index *
 * `stride` added, so thread t works in its own copy whichever jobs it takes.
 */
export interface PerThread {
  args: readonly number[];
  stride: number;
}

interface WasmMemoryCtor {
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => {
    readonly buffer: ArrayBufferLike;
    grow(pages: number): number;
  };
}

/** true, or why threads cannot run here (the caller falls back to one thread and says so). */
export function threadsSupported(): true | string {
  const g = globalThis as {
    SharedArrayBuffer?: unknown;
    Atomics?: { wait?: unknown };
    crossOriginIsolated?: boolean;
    WebAssembly?: WasmMemoryCtor;
  };
  if (g.crossOriginIsolated === false) return 'this page is not cross-origin isolated';
  if (typeof g.SharedArrayBuffer !== 'function') return 'SharedArrayBuffer is unavailable';
  if (typeof g.Atomics?.wait !== 'function') return 'Atomics.wait is unavailable';
  try {
    new g.WebAssembly!.Memory({ initial: 1, maximum: 1, shared: true });
  } catch (e) {
    return `shared WebAssembly memory is unavailable (${(e as Error).message})`;
  }
  return true;
}

/** The automatic thread count: one per core but one (the rest of the app and the OS keep a core), at least 1. */
export function autoThreads(cores: number | undefined): number {
  return Math.max(1, Math.floor((cores ?? 1) - 1));
}

/** Upper bound for an explicit thread count (a typo such as 1000 must not start 1000 workers). */
export const MAX_THREADS = 64;

export class ThreadPool {
  private readonly control: Int32Array;
  private readonly workers: ThreadWorker[] = [];
  private disposed = false;

  /**
   * @param threads total threads including the caller (>= 2)
   * @param fnNames the exports a job may call, by index
   */
  constructor(
    readonly threads: number,
    bytes: Uint8Array,
    memory: unknown,
    private readonly fnNames: readonly string[],
    factory: WorkerFactory,
  ) {
    this.control = new Int32Array(new SharedArrayBuffer((FLAG0 + MAX_JOBS) * 4));
    try {
      for (let i = 1; i < threads; i++) {
        const w = factory(WORKER_SOURCE);
        this.workers.push(w);
        w.postMessage({ control: this.control.buffer, bytes, memory, names: fnNames, index: i, gen: 0 });
      }
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  get workerCount(): number {
    return this.workers.length;
  }

  /** Every worker has started and waits for jobs. */
  get ready(): boolean {
    return Atomics.load(this.control, READY) === this.threads - 1;
  }

  /**
   * Resolves true once every worker waits for jobs, false after `timeoutMs`. Asynchronous on purpose: a browser
   * may start a worker only when its creator's event loop runs, so nothing may block waiting for one.
   */
  async whenReady(timeoutMs: number): Promise<boolean> {
    const t0 = Date.now();
    while (!this.ready && !this.disposed) {
      if (Date.now() - t0 > timeoutMs) return false;
      await new Promise((r) => timers.setTimeout(r, 5));
    }
    return this.ready;
  }

  /**
   * Runs every job ([export name, ...i32 arguments]) and returns when all are done. The threads (the caller, through
   * `self` on its own instance, among them) each take the next unclaimed job until none is left, so jobs may
   * outnumber threads (up to MAX_JOBS): cutting a kernel into a few pieces per thread balances the load. Jobs of
   * one round must touch disjoint memory, except scratch made per-thread with `perThread`.
   */
  run(
    jobs: ReadonlyArray<readonly [string, ...number[]]>,
    self: (job: readonly [string, ...number[]]) => void,
    perThread?: PerThread,
  ): void {
    if (this.disposed) throw new Error('fast-cpu threads: the thread pool was disposed');
    const c = this.control;
    if (jobs.length > MAX_JOBS) throw new Error(`fast-cpu threads: ${jobs.length} jobs (at most ${MAX_JOBS})`);
    if (!this.ready || jobs.length <= 1) {
      // Until every worker has started, the caller does all the work: waiting here could wait forever (see whenReady).
      for (const j of jobs) self(j);
      return;
    }
    const nj = this.writeTable(jobs, perThread);
    Atomics.store(c, TOTAL, nj);
    Atomics.store(c, NEXT, nj << 16);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    let err: unknown = null;
    for (;;) {
      const v = Atomics.load(c, NEXT);
      const j = v & 0xffff;
      if (j >= nj) break;
      if (Atomics.compareExchange(c, NEXT, v, v + 1) !== v) continue;
      try {
        if (!err) self(jobs[j]);
      } catch (e) {
        err = e;
      }
      Atomics.add(c, DONE, 1);
    }
    this.waitAllDone(nj, jobs[0][0]);
    if (err) throw err;
    if (Atomics.load(c, FAILED)) throw new Error('fast-cpu threads: a worker thread failed in its wasm call');
  }

  /** Writes the round's job table (the previous round is over: NEXT exhausted, every claimed job done). */
  private writeTable(jobs: ReadonlyArray<readonly [string, ...number[]]>, perThread?: PerThread): number {
    const c = this.control;
    jobs.forEach((job, j) => {
      const base = JOB0 + j * SLOT;
      const fi = this.fnNames.indexOf(job[0]);
      if (fi < 0 || job.length - 1 > MAX_JOB_ARGS) throw new Error(`fast-cpu threads: bad job ${job[0]}`);
      c[base] = fi;
      c[base + 1] = job.length - 1;
      for (let i = 1; i < job.length; i++) c[base + 1 + i] = job[i] as number;
    });
    c[SCR_MASK] = perThread ? perThread.args.reduce((m, a) => m | (1 << a), 0) : 0;
    c[SCR_STRIDE] = perThread ? perThread.stride : 0;
    Atomics.store(c, FAILED, 0);
    Atomics.store(c, DONE, 0);
    return jobs.length;
  }

  /** Returns once `nj` jobs of this round are done; throws (and ends the workers) when one never finishes. */
  private waitAllDone(nj: number, what: string): void {
    const c = this.control;
    let spins = 0,
      waits = 0;
    for (;;) {
      const done = Atomics.load(c, DONE);
      if (done >= nj) break;
      if (++spins > 4000 && Atomics.wait(c, DONE, done, 1000) === 'timed-out' && ++waits >= STUCK_S) {
        // a worker died mid-job (or never will finish): better an error than a frozen training run
        this.dispose();
        throw new Error(`fast-cpu threads: ${nj - done} of ${nj} jobs (${what}) did not finish within ${STUCK_S} s`);
      }
    }
  }

  /** Claims and runs the next published job on the calling thread; false when none is left to claim. */
  private claimOne(
    jobs: ReadonlyArray<readonly [string, ...number[]]>,
    self: (job: readonly [string, ...number[]]) => void,
  ): boolean | { error: unknown } {
    const c = this.control;
    for (;;) {
      const v = Atomics.load(c, NEXT);
      const j = v & 0xffff;
      if (j >= v >>> 16) return false;
      if (Atomics.compareExchange(c, NEXT, v, v + 1) !== v) continue;
      let r: true | { error: unknown } = true;
      try {
        self(jobs[j]);
      } catch (e) {
        r = { error: e };
      }
      Atomics.store(c, FLAG0 + j, 1);
      Atomics.add(c, DONE, 1);
      return r;
    }
  }

  /**
   * run() with the copies overlapped: `before(k)` (thread 0 copies job k's input into the heap) runs just before job
   * k is handed out, and `after(k)` (thread 0 copies its output out) as soon as job k is done, in any order. The
   * workers are woken before the first copy, so they are warm when job 0 appears, and they compute while thread 0
   * copies: for the memory-bound elementwise kernels the copies are most of the time, and only thread 0 can make
   * them (the tensors live outside the shared memory). Thread 0 runs jobs itself whenever it would otherwise wait.
   */
  runStreamed(
    jobs: ReadonlyArray<readonly [string, ...number[]]>,
    self: (job: readonly [string, ...number[]]) => void,
    before: (k: number) => void,
    after: (k: number) => void,
    perThread?: PerThread,
  ): void {
    if (this.disposed) throw new Error('fast-cpu threads: the thread pool was disposed');
    const c = this.control;
    if (jobs.length > MAX_JOBS) throw new Error(`fast-cpu threads: ${jobs.length} jobs (at most ${MAX_JOBS})`);
    if (!this.ready || jobs.length <= 1) {
      jobs.forEach((j, k) => {
        before(k);
        self(j);
        after(k);
      });
      return;
    }
    const nj = this.writeTable(jobs, perThread);
    for (let j = 0; j < nj; j++) c[FLAG0 + j] = 0;
    Atomics.store(c, TOTAL, nj);
    Atomics.store(c, NEXT, 0); // nothing published yet: the workers wake and wait for job 0
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    let published = 0;
    let err: unknown = null;
    try {
      for (; published < nj; published++) {
        before(published);
        Atomics.add(c, NEXT, 1 << 16);
        Atomics.notify(c, NEXT);
      }
    } catch (e) {
      err = e;
      Atomics.store(c, TOTAL, published); // the workers stop waiting for jobs that will never come
    }
    // copy each job out as soon as it is done, in whatever order they finish; run jobs while none is done
    const consumed = new Uint8Array(published);
    let left = published,
      first = 0,
      spins = 0,
      waited = 0;
    while (left > 0) {
      const done = Atomics.load(c, DONE);
      let progressed = false;
      for (let k = first; k < published; k++)
        if (!consumed[k] && Atomics.load(c, FLAG0 + k) !== 0) {
          consumed[k] = 1;
          left--;
          progressed = true;
          if (!err) after(k);
        }
      while (first < published && consumed[first]) first++;
      if (progressed) continue;
      const r = this.claimOne(jobs, self);
      if (r !== false) {
        if (r !== true && !err) err = r.error;
        continue;
      }
      if (++spins > 4000 && Atomics.wait(c, DONE, done, 1000) === 'timed-out' && ++waited >= STUCK_S) {
        this.dispose();
        throw new Error(`fast-cpu threads: job ${first} of ${nj} (${jobs[0][0]}) did not finish within ${STUCK_S} s`);
      }
    }
    this.waitAllDone(published, jobs[0][0]);
    if (err) throw err;
    if (Atomics.load(c, FAILED)) throw new Error('fast-cpu threads: a worker thread failed in its wasm call');
  }

  /** Ends the workers (they leave their wait loop, then are terminated). Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    Atomics.store(this.control, QUIT, 1);
    Atomics.add(this.control, GEN, 1);
    Atomics.notify(this.control, GEN);
    for (const w of this.workers) w.terminate();
    this.workers.length = 0;
  }
}
