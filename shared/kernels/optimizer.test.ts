// Fused optimizer updates (optimizer.ts) against stock tf.train.* as the oracle: the same numbers step by step
// (bit for bit on identical gradients), the same optimizer state through getWeights / setWeights (a resumed run),
// no kernel dispatches, no leaks, and never writing into a variable's data in place.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { nodeThreadWorkers } from '../../cli/threadWorkers';
import { buildLeNet5 } from './nets';
import { randArray, useFastCpu } from './testutil';

type Kind = 'sgd' | 'momentum' | 'nesterov' | 'adam' | 'rmsprop' | 'rmsprop-nomomentum';
const KINDS: Kind[] = ['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop', 'rmsprop-nomomentum'];

function make(kind: Kind): tf.Optimizer {
  switch (kind) {
    case 'sgd':
      return tf.train.sgd(0.05);
    case 'momentum':
      return tf.train.momentum(0.05, 0.9);
    case 'nesterov':
      return tf.train.momentum(0.05, 0.9, true);
    case 'adam':
      return tf.train.adam(0.01);
    case 'rmsprop':
      return tf.train.rmsprop(0.01, 0.9, 0.9);
    case 'rmsprop-nomomentum':
      return tf.train.rmsprop(0.01);
  }
}

// sizes: small (below the output pool's 4096) and large, odd lengths, a scalar
const SHAPES = [[5, 5, 1, 6], [6], [401, 13], [1]];
let run = 0;
const fast = useFastCpu();

/** Fresh variables with fixed starting values (unique names per run: tfjs registers variables by name). */
function vars(): tf.Variable[] {
  run++;
  return SHAPES.map((s, i) => {
    const n = s.reduce((a, b) => a * b, 1);
    return tf.variable(tf.tensor(randArray(n, 100 + i), s), true, `opt${run}_${i}`);
  });
}

/** Gradients for step `step`: fixed values, plus a term from the current weights (so the trajectories matter). */
function gradsAt(vs: tf.Variable[], step: number): Array<{ name: string; tensor: tf.Tensor }> {
  return vs.map((v, i) => ({
    name: v.name,
    tensor: tf.tidy(() => tf.add(tf.tensor(randArray(v.size, 1000 * step + i), v.shape), tf.mul(v, 0.3))),
  }));
}

/** `steps` applyGradients calls from `from`; returns the variables' and the optimizer's values. */
async function steps(opt: tf.Optimizer, vs: tf.Variable[], from: number, n: number): Promise<void> {
  for (let s = from; s < from + n; s++) {
    const g = gradsAt(vs, s);
    opt.applyGradients(g);
    tf.dispose(g.map((x) => x.tensor));
  }
}

async function state(opt: tf.Optimizer, vs: tf.Variable[]) {
  const w = await opt.getWeights();
  return {
    vars: vs.map((v) => Array.from(v.dataSync())),
    names: w.map((x) => x.name.replace(/^opt\d+_/, '')), // variable names differ per run (opt<run>_<i>)
    opt: w.map((x) => Array.from(x.tensor.dataSync())),
    iterations: opt.iterations,
  };
}

// fused: on the 1-thread wasm core (the [401, 13] variable goes through wasm/core.c opt_update, the others through
// the JS loop); fused-js: the plain-JS core (JS loops only); fused-2t: 2 threads with every update split across them
// (minParallelWork 0) and the new arrays resident in the shared heap
type SyncMode = 'stock' | 'fused' | 'unfused' | 'fused-js' | 'fused-tiny-heap';
type Mode = SyncMode | 'fused-2t';
function use(mode: SyncMode): void {
  if (mode === 'stock') fast.uninstall();
  else if (mode === 'fused-js') fast.install({ mode: 'js' });
  // 96 KiB of heap, 65 KiB of it below the core's base: the [401, 13] variable's update (3 to 7 arrays of 20 KB)
  // does not fit
  else if (mode === 'fused-tiny-heap') fast.install({ heapLimitBytes: 96 * 1024 });
  else fast.install({ fusedOptimizers: mode === 'fused' });
}
async function useReady(mode: Mode): Promise<void> {
  if (mode === 'fused-2t') await fast.installReady({ threads: 2, workers: nodeThreadWorkers, minParallelWork: 0 });
  else use(mode);
}

/** 25 steps in `mode`; the variables' and the optimizer's state at the end. */
async function trajectory(kind: Kind, mode: Mode) {
  await useReady(mode);
  const vs = vars();
  const opt = make(kind);
  await steps(opt, vs, 0, 25);
  const s = await state(opt, vs);
  opt.dispose();
  tf.dispose(vs);
  use('stock');
  return s;
}

describe('fused optimizer updates match stock tf.train.* bit for bit', () => {
  for (const kind of KINDS)
    it(`${kind}: 25 steps, weights and optimizer state`, async () => {
      const stock = await trajectory(kind, 'stock');
      const fused = await trajectory(kind, 'fused');
      const unfused = await trajectory(kind, 'unfused');
      const js = await trajectory(kind, 'fused-js');
      const two = await trajectory(kind, 'fused-2t');
      expect(fused.iterations).toBe(25);
      expect(fused.names.length).toBe(stock.names.length);
      expect(fused.vars).toEqual(stock.vars);
      expect(fused.opt).toEqual(stock.opt);
      for (const other of [js, two]) {
        expect(other.vars).toEqual(stock.vars);
        expect(other.opt).toEqual(stock.opt);
      }
      // our kernels with the stock update (their binary ops are float32-exact too)
      expect(unfused.vars).toEqual(stock.vars);
    });

  it('a resumed run (optimizer getWeights -> a fresh optimizer setWeights, as Continue/loading do) matches stock', async () => {
    for (const kind of KINDS) {
      const resumed = async (first: Mode, second: Mode) => {
        await useReady(first);
        const vs = vars();
        const a = make(kind);
        await steps(a, vs, 0, 12);
        const saved = (await a.getWeights()).map((w) => ({ name: w.name, tensor: w.tensor.clone() }));
        a.dispose();
        await useReady(second);
        const b = make(kind);
        await b.setWeights(saved);
        await steps(b, vs, 12, 12);
        const s = await state(b, vs);
        b.dispose();
        tf.dispose(vs);
        use('stock');
        return s;
      };
      const stock = await resumed('stock', 'stock');
      for (const [a, b] of [
        ['fused', 'fused'],
        ['fused', 'stock'],
        ['stock', 'fused'],
        ['fused-2t', 'fused-js'], // saved from resident arrays on 2 threads, resumed on the plain-JS core
        ['fused-js', 'fused-2t'],
      ] as const) {
        const s = await resumed(a, b);
        expect(s.iterations, `${kind} ${a}->${b}`).toBe(24);
        expect(s.names, `${kind} ${a}->${b}`).toEqual(stock.names);
        expect(s.vars, `${kind} ${a}->${b}`).toEqual(stock.vars);
        expect(s.opt, `${kind} ${a}->${b}`).toEqual(stock.opt);
      }
    }
  });
});

describe('fused optimizer updates: dispatch, memory, safety', () => {
  it('runs no tfjs kernels per step while installed, and the stock ops after uninstall', async () => {
    const kernelsPerStep = async () => {
      const vs = vars();
      const opt = make('adam');
      await steps(opt, vs, 0, 1); // creates the moment variables
      const g = gradsAt(vs, 1);
      const info = await tf.profile(() => opt.applyGradients(g));
      tf.dispose(g.map((x) => x.tensor));
      opt.dispose();
      tf.dispose(vs);
      return info.kernels.length;
    };
    use('fused');
    expect(fast.handle!.optimizers).toEqual(['SGDOptimizer', 'MomentumOptimizer', 'AdamOptimizer', 'RMSPropOptimizer']);
    expect(await kernelsPerStep()).toBe(0);
    use('stock');
    expect(await kernelsPerStep()).toBeGreaterThan(10 * SHAPES.length);
  });

  it('keeps tf.memory() steady over steps', async () => {
    use('fused');
    for (const kind of KINDS) {
      const vs = vars();
      const opt = make(kind);
      await steps(opt, vs, 0, 2);
      const m0 = tf.memory();
      await steps(opt, vs, 2, 10);
      const m1 = tf.memory();
      expect(m1.numTensors, kind).toBe(m0.numTensors);
      expect(m1.numDataBuffers, kind).toBe(m0.numDataBuffers);
      expect(m1.numBytes, kind).toBe(m0.numBytes);
      opt.dispose();
      tf.dispose(vs);
    }
  });

  it('never writes in place: a clone (the rollback snapshot) and a read-back array keep the old values', async () => {
    use('fused');
    for (const kind of KINDS) {
      const vs = vars();
      const opt = make(kind);
      await steps(opt, vs, 0, 2);
      const snap = vs.map((v) => v.clone()); // shares the dataId, like Trainer.snapshot()
      const read = vs.map((v) => v.dataSync()); // the backing array itself on the cpu backend
      const copies = read.map((a) => Array.from(a));
      await steps(opt, vs, 2, 3);
      snap.forEach((s, i) => expect(Array.from(s.dataSync()), kind).toEqual(copies[i]));
      read.forEach((a, i) => expect(Array.from(a), kind).toEqual(copies[i]));
      expect(Array.from(vs[0].dataSync())).not.toEqual(copies[0]);
      tf.dispose(snap);
      opt.dispose();
      tf.dispose(vs);
    }
  });

  it('an update the wasm heap cannot hold runs in the JS loop instead: same bits, no error', async () => {
    for (const kind of ['sgd', 'adam'] as const) {
      const stock = await trajectory(kind, 'stock');
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      try {
        const s = await trajectory(kind, 'fused-tiny-heap');
        expect(s.vars).toEqual(stock.vars);
        expect(s.opt).toEqual(stock.opt);
        // one warning per install, from whichever call ran out first (the gradients' Add here); an update that let
        // its ScratchError through would have thrown out of applyGradients
        expect(warn.mock.calls.filter(([m]) => /fell back for memory/.test(String(m)))).toHaveLength(1);
      } finally {
        warn.mockRestore();
      }
    }
  });

  it('centered RMSProp and calls inside a gradient tape take the stock update (same numbers)', async () => {
    const centered = async (mode: SyncMode) => {
      use(mode);
      const vs = vars();
      const opt = tf.train.rmsprop(0.01, 0.9, 0.5, 1e-7, true);
      await steps(opt, vs, 0, 5);
      const s = await state(opt, vs);
      opt.dispose();
      tf.dispose(vs);
      return s;
    };
    const stock = await centered('stock');
    expect((await centered('fused')).vars).toEqual(stock.vars);
    // inside tf.grad the update is recorded like stock ops (here: the gradient of a loss taken after an update)
    const inTape = (mode: SyncMode) => {
      use(mode);
      const v = tf.variable(tf.tensor([0.5, -1, 2]), true, `opt_tape_${mode}_${run++}`);
      const opt = tf.train.sgd(0.1);
      const x = tf.tensor([1, 2, 3]);
      const g = tf.grad((x: tf.Tensor) => {
        opt.applyGradients([{ name: v.name, tensor: tf.onesLike(v) }]);
        return tf.sum(tf.mul(x, v)) as tf.Scalar;
      })(x);
      const r = [Array.from(g.dataSync()), Array.from(v.dataSync())];
      tf.dispose([g, x, v]);
      opt.dispose();
      return r;
    };
    expect(inTape('fused')).toEqual(inTape('stock'));
  });
});

describe('LeNet-5 training through minimize: fused updates vs the stock update on our kernels', () => {
  // Stock tfjs as the oracle for the update itself is above (identical gradients); here the gradients come from our
  // kernels in both runs, so the fused run must give the very same losses and weights (training.test.ts compares
  // our kernels' training with stock kernels).
  for (const kind of ['adam', 'momentum', 'rmsprop', 'sgd'] as const)
    it(`${kind}: 20 steps, identical losses and weights`, () => {
      const x = tf.tensor(randArray(16 * 28 * 28, 5, 0, 1), [16, 28, 28, 1]);
      const labels = tf.tensor1d(
        Array.from({ length: 16 }, (_, i) => (i * 7) % 10),
        'int32',
      );
      const y = tf.oneHot(labels, 10).toFloat();
      const train = (mode: SyncMode) => {
        use(mode);
        const model = buildLeNet5(tf as never) as unknown as tf.LayersModel;
        tf.tidy(() =>
          model.weights.forEach((w, i) =>
            w.write(
              tf.tensor(randArray(tf.util.sizeFromShape(w.shape as number[]), 50 + i, -0.2, 0.2), w.shape as number[]),
            ),
          ),
        );
        const opt = make(kind);
        const losses: number[] = [];
        for (let s = 0; s < 20; s++) {
          const loss = opt.minimize(
            () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
            true,
          )!;
          losses.push(loss.dataSync()[0]);
          loss.dispose();
        }
        const w = model.weights.map((v) => Array.from(v.read().dataSync()));
        opt.dispose();
        model.dispose();
        use('stock');
        return { losses, w };
      };
      const unfused = train('unfused');
      const fused = train('fused');
      expect(fused.losses).toEqual(unfused.losses);
      expect(fused.w).toEqual(unfused.w);
      expect(fused.losses[19]).toBeLessThan(fused.losses[0]);
      tf.dispose([x, y, labels]);
    });
});
