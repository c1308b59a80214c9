// Output-buffer recycling. A fresh multi-megabyte Float32Array costs far more than the arithmetic that fills it
// (measured here: ~13 ms of page faults to allocate and write 4 MB vs ~0.8 ms to write a reused one), and training
// allocates the same sizes every step. So our kernels take output arrays from a pool that is refilled when the cpu
// backend frees a tensor's data.
//
// Safety: only arrays this pool allocated are ever recycled, and an array is withdrawn for good ("escapes") as soon
// as anything else can hold it: read back to the user (readSync / read: dataSync(), data(), array() ...), written
// under a second tensor (write / move with it, or with a view of its buffer, e.g. a stock slice), so a recycled
// array is never visible to anyone. Arrays are reused only for outputs our kernels overwrite entirely (or zero first).
//
// Resident tensors: on a threaded core the pool hands out views on the shared wasm heap instead (Core.resident), so
// the elementwise kernels read their inputs and write their outputs in place, on every thread, with no copies. Such a
// view belongs to exactly one tensor's data and its block is freed when the backend frees that data. Nothing else
// ever holds one: reading a resident tensor back (readSync / read) first moves its data into an ordinary copy and
// frees the block (so a dataSync() result never changes after the tensor is disposed), and any other write or move of
// a heap view (a stock slice's subarray, a second tensor over the same array) stores a copy.
//
// When a kernel's scratch would reach past the resident tensors (wasm-core.ts reserve, ScratchError 'resident'), the
// kernel wrapper (index.ts) calls stopResident: every resident tensor's data moves into an ordinary copy, as a read-back
// does, and no block is handed out again, so the whole heap is the kernels' scratch from then on. The blocks a kernel
// that threw had taken, and not yet handed to a tensor, go back (begin / end).
import type { ResidentHeap } from './core';
import type { Backend, TensorInfo } from './types';

type DataId = object;

interface CpuBackendLike {
  data: { get(id: DataId): { values?: unknown } | undefined; has(id: DataId): boolean };
  write(values: unknown, shape: number[], dtype: string): DataId;
  move(dataId: DataId, values: unknown, shape: number[], dtype: string, refCount: number): void;
  readSync(dataId: DataId): unknown;
  disposeData(dataId: DataId, force?: boolean): boolean;
}

let current: BufferPool | null = null;
function setCurrent(p: BufferPool | null): void {
  current = p;
}

/**
 * Output array for our kernels: from the active pool if any, else fresh. Contents are garbage unless `zero`.
 * `resident` false keeps it out of the shared heap (see copyOut).
 */
export function allocF32(n: number, zero = false, resident = true): Float32Array {
  return current ? current.alloc(n, zero, resident) : new Float32Array(n);
}

/**
 * Copy of heap[from, from + n) into an output array: an ordinary one, never resident (V8 copies into shared memory
 * ~1.7x slower than into private memory, and a kernel that copies its output out gains nothing from a resident one).
 */
export function copyOut(heap: Float32Array, from: number, n: number): Float32Array {
  const a = allocF32(n, false, false);
  a.set(heap.subarray(from, from + n));
  return a;
}

/** Hands one of our output arrays to the backend as a new tensor (the one write() that is not an escape). */
export function makeOut(backend: Backend, shape: number[], values: Float32Array): TensorInfo {
  if (current) current.pending = values;
  try {
    return backend.makeTensorInfo(shape, 'float32', values);
  } finally {
    if (current) current.pending = null;
  }
}

export class BufferPool {
  private readonly free = new Map<number, Float32Array[]>();
  /** Buffers we handed out that nobody else can see yet. */
  private readonly owned = new WeakSet<ArrayBufferLike>();
  private pooledBytes = 0;
  pending: Float32Array | null = null;
  hits = 0;
  misses = 0;
  private restore: (() => void) | null = null;
  /** Views on the heap that a tensor's data holds (each block is bound to one tensor at most). */
  private readonly bound = new WeakSet<Float32Array>();
  residentHits = 0;
  residentMisses = 0;
  /** Set on a threaded core: outputs of at least minRecycleLength floats come from the shared heap. */
  resident: ResidentHeap | null = null;
  /** No more blocks are handed out (stopResident); the heap above stays for freeing the ones still bound. */
  residentStopped = false;
  /** The data id of each bound block (to move them all out in stopResident). */
  private readonly boundIds = new Map<DataId, Float32Array>();
  /** Blocks handed out since begin(), or null outside a begin / end. */
  private taken: Float32Array[] | null = null;
  private backend: CpuBackendLike | null = null;

  // The cap must hold a training step's whole working set of our outputs, or every step pays fresh page faults
  // again: ResNet-20 at batch 64 recycles ~610 MB (at 256 MB, 184 of 326 allocations per step missed).
  constructor(
    private readonly maxPooledBytes = 1024 << 20,
    private readonly minRecycleLength = 4096,
  ) {}

  alloc(n: number, zero: boolean, resident = true): Float32Array {
    if (resident && this.resident && !this.residentStopped && n >= this.minRecycleLength) {
      const r = this.resident.alloc(n);
      if (r) {
        this.residentHits++;
        this.taken?.push(r);
        if (zero) r.fill(0);
        return r;
      }
      this.residentMisses++; // the heap is full: an ordinary array
    }
    if (n >= this.minRecycleLength) {
      const list = this.free.get(n);
      const a = list?.pop();
      if (a) {
        this.pooledBytes -= a.byteLength;
        this.hits++;
        if (zero) a.fill(0);
        this.owned.add(a.buffer);
        return a;
      }
      this.misses++;
      const f = new Float32Array(n);
      this.owned.add(f.buffer);
      return f;
    }
    return new Float32Array(n);
  }

  /**
   * Starts recording the resident blocks handed out (around one kernel call). Returns what to pass to end(): the
   * enclosing record, if any.
   */
  begin(): Float32Array[] | null {
    const outer = this.taken;
    this.taken = [];
    return outer;
  }

  /**
   * Ends the record begin() started. `failed` (the kernel threw): the blocks it took that no tensor holds go back, so
   * nothing it wrote half-way stays in the heap or reaches tfjs. Otherwise they join the enclosing record, if any.
   */
  end(outer: Float32Array[] | null, failed: boolean): void {
    const taken = this.taken ?? [];
    this.taken = outer;
    if (!failed) {
      outer?.push(...taken);
      return;
    }
    for (const v of taken) if (!this.bound.has(v)) this.resident?.free(v);
  }

  /**
   * No more resident blocks from now on, and every resident tensor's data moves into an ordinary copy (its block
   * freed): the whole heap is the kernels' scratch again. Call only between kernels (no kernel may be holding heap
   * offsets). Returns the bytes moved.
   */
  stopResident(): number {
    this.residentStopped = true;
    const h = this.resident;
    if (!h) return 0;
    let moved = 0;
    for (const [id, v] of this.boundIds) {
      const d = this.backend?.data.get(id);
      if (d && d.values === v) {
        d.values = v.slice();
        moved += v.byteLength;
      }
      this.bound.delete(v);
      h.free(v);
    }
    this.boundIds.clear();
    return moved;
  }

  /** Drops every pooled buffer (the GC takes them back); recycling goes on from empty. */
  trim(): number {
    const freed = this.pooledBytes;
    this.free.clear();
    this.pooledBytes = 0;
    return freed;
  }

  private escape(values: unknown): void {
    if (values && typeof values === 'object' && 'buffer' in values) this.owned.delete((values as Float32Array).buffer);
  }

  private recycle(values: unknown): void {
    if (!(values instanceof Float32Array) || !this.owned.has(values.buffer)) return;
    this.owned.delete(values.buffer);
    if (values.byteOffset !== 0 || values.byteLength !== values.buffer.byteLength) return;
    if (this.pooledBytes + values.byteLength > this.maxPooledBytes) return;
    let list = this.free.get(values.length);
    if (!list) this.free.set(values.length, (list = []));
    list.push(values);
    this.pooledBytes += values.byteLength;
  }

  /** Hooks the cpu backend instance's data lifecycle; returns false if it does not look like tfjs's cpu backend. */
  attach(backend: unknown): boolean {
    const b = backend as CpuBackendLike;
    if (
      !b ||
      typeof b.write !== 'function' ||
      typeof b.disposeData !== 'function' ||
      typeof b.readSync !== 'function' ||
      typeof b.move !== 'function' ||
      !b.data ||
      typeof b.data.get !== 'function'
    )
      return false;
    const own = Object.getOwnPropertyDescriptors(b);
    const escape = (v: unknown) => this.escape(v);
    const recycle = (v: unknown) => this.recycle(v);
    const isPending = (v: unknown) => v === this.pending;
    const heap = () => this.resident;
    const bound = this.bound,
      boundIds = this.boundIds;
    /** `values` if it may be stored as a tensor's data, else (a view on the heap not to be bound) an ordinary copy. */
    const storable = (values: unknown, pending: boolean): unknown => {
      const h = heap();
      if (!h || !h.isHeapView(values)) return values;
      const a = values as Float32Array;
      if (pending && h.offsetOf(a) >= 0 && !bound.has(a)) {
        bound.add(a);
        return a;
      }
      return a.slice();
    };
    const unbind = (values: unknown): boolean => {
      const h = heap();
      if (!h || !(values instanceof Float32Array) || h.offsetOf(values) < 0) return false;
      bound.delete(values);
      h.free(values);
      return true;
    };
    const write = b.write,
      move = b.move,
      readSync = b.readSync,
      disposeData = b.disposeData;
    b.write = function (this: CpuBackendLike, values, shape, dtype) {
      const pending = isPending(values);
      values = storable(values, pending);
      if (!pending) escape(values);
      const id = write.call(this, values, shape, dtype);
      if (pending && bound.has(values as Float32Array)) boundIds.set(id, values as Float32Array);
      return id;
    };
    b.move = function (this: CpuBackendLike, dataId, values, shape, dtype, refCount) {
      values = storable(values, false);
      escape(values);
      return move.call(this, dataId, values, shape, dtype, refCount);
    };
    b.readSync = function (this: CpuBackendLike, dataId) {
      const d = this.data.get(dataId);
      const values = d?.values;
      if (d && heap()?.isHeapView(values)) {
        // read back: the data moves out of the heap for good (the caller may keep the array forever)
        d.values = (values as Float32Array).slice();
        if (unbind(values)) boundIds.delete(dataId);
      } else escape(values);
      return readSync.call(this, dataId);
    };
    b.disposeData = function (this: CpuBackendLike, dataId, force) {
      const values = this.data.get(dataId)?.values;
      const r = disposeData.call(this, dataId, force);
      if (values !== undefined && !this.data.has(dataId)) {
        if (unbind(values)) boundIds.delete(dataId);
        else recycle(values);
      }
      return r;
    };
    setCurrent(this);
    this.backend = b;
    this.restore = () => {
      for (const k of ['write', 'move', 'readSync', 'disposeData'] as const) {
        if (own[k]) Object.defineProperty(b, k, own[k]);
        else delete (b as unknown as Record<string, unknown>)[k];
      }
    };
    return true;
  }

  detach(): void {
    this.restore?.();
    this.restore = null;
    if (current === this) setCurrent(null);
    this.free.clear();
    this.pooledBytes = 0;
    this.boundIds.clear();
    this.backend = null;
  }

  stats() {
    const r = this.resident?.stats();
    return {
      hits: this.hits,
      misses: this.misses,
      pooledBytes: this.pooledBytes,
      residentHits: this.residentHits,
      residentMisses: this.residentMisses,
      residentBytes: r?.liveBytes ?? 0,
      residentBlocks: r?.liveBlocks ?? 0,
      residentTopBytes: r?.topBytes ?? 0,
      /** Bytes of the resident region in no block: free blocks and the room above the top one. */
      residentFreeBytes: r ? r.freeBytes + r.limitBytes - r.topBytes : 0,
      residentStopped: this.residentStopped,
    };
  }
}
