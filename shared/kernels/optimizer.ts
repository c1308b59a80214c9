// Fused optimizer updates for the fast CPU kernels. tfjs's optimizers update each variable with ~2 (SGD) to ~14
// (Adam) separate ops, each a full engine dispatch (scope, kernel lookup, output tensor, bookkeeping): for Adam on
// LeNet-5 that is ~140 dispatches per step for ~62k numbers. While our kernels are installed on the cpu backend,
// applyGradients of tfjs's own SGD, Momentum, Adam and RMSProp optimizers (their prototypes, restored on uninstall)
// instead computes every new value of a variable in one pass over its arrays.
//
// Same numbers as stock: every step rounds to float32 in the order tfjs's ops do (Math.fround after each op; float32
// +, -, *, / and sqrt are correctly rounded both ways), so the results are identical to tf.train.* on the cpu backend.
// Same state: the optimizer's own fields (moments, accBeta1/2, iterations) are read and written exactly as the stock
// code leaves them, so getWeights / setWeights, dispose and a resumed run (Continue) see no difference.
//
// Not in place: the new values go into fresh arrays (from our output pool) that replace the variables' data with
// Variable.assign. Writing into a variable's array would be unsafe on tfjs's cpu backend: tensors share data
// (clone and reshape share the dataId: the trainer's NaN-rollback snapshot is `w.read().clone()`), and dataSync() /
// data() hand callers the backing array itself, so an in-place write would change snapshots and read-back weights.
//
// On the wasm core (ewcore.ts optimizerCore, wasm/core.c opt_update) a variable of EW_MIN elements or more is updated
// by the SIMD loop, on every thread when its new arrays are resident; the JS loops below do the rest and any update
// the core cannot take (a ScratchError: out of heap). Both give the same bits.
//
// Falls back to the stock update for anything else: another backend, non-float32 data, centered RMSProp, or a call
// made while a gradient tape is recording (stock ops would be recorded; ours would not).
import { allocF32, makeOut } from './alloc';
import { OPT_ADAM, OPT_MOMENTUM, OPT_RMSPROP, OPT_SGD } from './ewcore';
import type { Backend, TensorInfo, TF } from './types';

type Tensor = TensorInfo & { size: number; dispose(): void };
type Variable = Tensor & { assign(t: Tensor): void; name: string };
type NamedGrads = Record<string, Tensor | null> | Array<{ name: string; tensor: Tensor | null }>;
type Slot = { originalName: string; variable: Variable } | undefined;

interface EngineLike {
  registeredVariables: Record<string, Variable>;
  state: { gradientDepth: number };
  makeTensorFromTensorInfo(info: TensorInfo, backend?: unknown): Tensor;
}

/**
 * The wasm core's update of one variable (ewcore.ts optimizerCore): its new value and state slots, or null when
 * the JS loop is to do it (too small to pay for the call, or the core is out of heap).
 */
export type CoreUpdate = (
  kind: number,
  p: Float32Array,
  g: Float32Array,
  state: Float32Array[],
  params: number[],
) => Float32Array[] | null;

/** What each patched optimizer needs from tf, resolved once per install. */
interface Ctx {
  tf: TF;
  engine: EngineLike;
  backend: Backend;
  core?: CoreUpdate;
}

const f = Math.fround;

type ApplyGradients = (this: OptimizerLike, g: NamedGrads) => void;
interface OptimizerLike {
  incrementIterations(): void;
  [k: string]: unknown;
}

/** The update's arguments per variable: its value, gradient, and the state slots it owns. */
interface Item {
  value: Variable;
  grad: Tensor | null;
  i: number;
}

function items(ctx: Ctx, g: NamedGrads): Item[] | null {
  const names = Array.isArray(g) ? g.map((v) => v.name) : Object.keys(g);
  const out: Item[] = [];
  for (let i = 0; i < names.length; i++) {
    const value = ctx.engine.registeredVariables[names[i]];
    const grad = Array.isArray(g) ? g[i].tensor : g[names[i]];
    if (!value || value.dtype !== 'float32' || !(vals(ctx, value) instanceof Float32Array)) return null;
    if (grad && (grad.dtype !== 'float32' || grad.size !== value.size || !(vals(ctx, grad) instanceof Float32Array)))
      return null;
    out.push({ value, grad, i });
  }
  return out;
}

/** The backing array of a cpu tensor, read without readSync (which would withdraw it from our buffer pool). */
function vals(ctx: Ctx, t: TensorInfo): Float32Array {
  return ctx.backend.data.get(t.dataId)?.values as Float32Array;
}

/** A fresh variable-sized output array; set(v, out) swaps it in as v's data. */
function set(ctx: Ctx, v: Variable, values: Float32Array): void {
  const info = makeOut(ctx.backend, v.shape, values);
  const t = ctx.engine.makeTensorFromTensorInfo(info, ctx.backend);
  v.assign(t);
  t.dispose();
}

function setScalar(ctx: Ctx, v: Variable, x: number): void {
  const t = ctx.tf.scalar(x) as unknown as Tensor;
  v.assign(t);
  t.dispose();
}

/** Lazily creates a zero state variable like stock (zerosLike(value).variable(false), same originalName). */
function slot(ctx: Ctx, list: Slot[], i: number, value: Variable, suffix: string): Variable {
  if (list[i] == null)
    list[i] = {
      originalName: `${value.name}/${suffix}`,
      variable: ctx.tf.tidy(() =>
        ctx.tf.zerosLike(value as unknown as Parameters<TF['zerosLike']>[0]).variable(false),
      ) as unknown as Variable,
    };
  return list[i]!.variable;
}

const scalarOf = (ctx: Ctx, t: unknown) => vals(ctx, t as TensorInfo)[0];

/**
 * The update of one variable on the wasm core, when it takes it (ctx.core): the state slots' new arrays, then the
 * value's, swapped in as the JS loops below do. false: the JS loop is to do it.
 */
function onCore(ctx: Ctx, kind: number, value: Variable, grad: Tensor, slots: Variable[], params: number[]): boolean {
  const r = ctx.core?.(
    kind,
    vals(ctx, value),
    vals(ctx, grad),
    slots.map((v) => vals(ctx, v)),
    params,
  );
  if (!r) return false;
  slots.forEach((v, i) => set(ctx, v, r[i + 1]));
  set(ctx, value, r[0]);
  return true;
}

/** tf.train.sgd: value += c * g, with c = scalar(-learningRate). */
function sgd(ctx: Ctx, o: OptimizerLike, its: Item[]): void {
  const c = scalarOf(ctx, o.c);
  for (const { value, grad } of its) {
    if (!grad) continue;
    if (onCore(ctx, OPT_SGD, value, grad, [], [c])) continue;
    const p = vals(ctx, value),
      g = vals(ctx, grad);
    const np = allocF32(p.length);
    for (let k = 0; k < p.length; k++) np[k] = f(f(c * g[k]) + p[k]);
    set(ctx, value, np);
  }
}

/** tf.train.momentum: acc = m * acc + g; value += c * acc (Nesterov: c * (g + acc * m)). */
function momentum(ctx: Ctx, o: OptimizerLike, its: Item[]): void {
  const c = scalarOf(ctx, o.c),
    m = scalarOf(ctx, o.m);
  const nesterov = !!o.useNesterov;
  const accs = o.accumulations as Slot[];
  for (const { value, grad, i } of its) {
    const accV = slot(ctx, accs, i, value, 'momentum');
    if (!grad) continue;
    if (onCore(ctx, OPT_MOMENTUM, value, grad, [accV], [c, m, nesterov ? 1 : 0])) continue;
    const p = vals(ctx, value),
      g = vals(ctx, grad),
      acc = vals(ctx, accV);
    const np = allocF32(p.length),
      na = allocF32(p.length);
    for (let k = 0; k < p.length; k++) {
      const a = f(f(m * acc[k]) + g[k]);
      na[k] = a;
      np[k] = nesterov ? f(f(c * f(g[k] + f(a * m))) + p[k]) : f(f(c * a) + p[k]);
    }
    set(ctx, accV, na);
    set(ctx, value, np);
  }
}

/** tf.train.adam, as adam_optimizer.ts computes it op by op. */
function adam(ctx: Ctx, o: OptimizerLike, its: Item[]): void {
  const accB1 = o.accBeta1 as Variable,
    accB2 = o.accBeta2 as Variable;
  const ab1 = scalarOf(ctx, accB1),
    ab2 = scalarOf(ctx, accB2);
  const b1 = f(o.beta1 as number),
    b2 = f(o.beta2 as number);
  const omb1 = f(1 - (o.beta1 as number)),
    omb2 = f(1 - (o.beta2 as number));
  const oma1 = f(1 - ab1),
    oma2 = f(1 - ab2);
  const eps = f(o.epsilon as number),
    nlr = f(-(o.learningRate as number));
  const ms = o.accumulatedFirstMoment as Slot[],
    vs = o.accumulatedSecondMoment as Slot[];
  for (const { value, grad, i } of its) {
    const mV = slot(ctx, ms, i, value, 'm'),
      vV = slot(ctx, vs, i, value, 'v');
    if (!grad) continue;
    if (onCore(ctx, OPT_ADAM, value, grad, [mV, vV], [b1, b2, omb1, omb2, oma1, oma2, eps, nlr])) continue;
    const p = vals(ctx, value),
      g = vals(ctx, grad),
      m = vals(ctx, mV),
      v = vals(ctx, vV);
    const n = p.length;
    const np = allocF32(n),
      nm = allocF32(n),
      nv = allocF32(n);
    for (let k = 0; k < n; k++) {
      const gk = g[k];
      const mk = f(f(m[k] * b1) + f(gk * omb1));
      const vk = f(f(v[k] * b2) + f(f(gk * gk) * omb2));
      nm[k] = mk;
      nv[k] = vk;
      const mh = f(mk / oma1),
        vh = f(vk / oma2);
      np[k] = f(f(f(mh / f(f(Math.sqrt(vh)) + eps)) * nlr) + p[k]);
    }
    set(ctx, mV, nm);
    set(ctx, vV, nv);
    set(ctx, value, np);
  }
  setScalar(ctx, accB1, f(ab1 * b1));
  setScalar(ctx, accB2, f(ab2 * b2));
}

/** tf.train.rmsprop (not centered): ms = d * ms + (1 - d) g^2; mom = mu * mom + lr g / sqrt(ms + eps); value -= mom. */
function rmsprop(ctx: Ctx, o: OptimizerLike, its: Item[]): void {
  const d = f(o.decay as number),
    omd = f(1 - (o.decay as number));
  const mu = f(o.momentum as number),
    lr = f(o.learningRate as number),
    eps = f(o.epsilon as number);
  const mss = o.accumulatedMeanSquares as Slot[],
    moms = o.accumulatedMoments as Slot[];
  for (const { value, grad, i } of its) {
    const msV = slot(ctx, mss, i, value, 'rms'),
      momV = slot(ctx, moms, i, value, 'momentum');
    if (!grad) continue;
    if (onCore(ctx, OPT_RMSPROP, value, grad, [msV, momV], [d, omd, mu, lr, eps])) continue;
    const p = vals(ctx, value),
      g = vals(ctx, grad),
      ms = vals(ctx, msV),
      mom = vals(ctx, momV);
    const n = p.length;
    const np = allocF32(n),
      nms = allocF32(n),
      nmom = allocF32(n);
    for (let k = 0; k < n; k++) {
      const gk = g[k];
      const s = f(f(ms[k] * d) + f(f(gk * gk) * omd));
      const a = f(f(mom[k] * mu) + f(f(gk * lr) / f(Math.sqrt(f(s + eps)))));
      nms[k] = s;
      nmom[k] = a;
      np[k] = f(p[k] - a);
    }
    set(ctx, msV, nms);
    set(ctx, momV, nmom);
    set(ctx, value, np);
  }
}

type Fused = (ctx: Ctx, o: OptimizerLike, its: Item[]) => void;

/**
 * Patches applyGradients of tf's SGD, Momentum, Adam and RMSProp optimizer classes; returns the names patched and
 * an uninstall that restores the original methods exactly.
 */
export function installFusedOptimizers(tf: TF, core?: CoreUpdate): { optimizers: string[]; uninstall(): void } {
  const t = tf as unknown as Record<string, { prototype: Record<string, unknown> } | undefined>;
  const engine = tf.engine() as unknown as EngineLike;
  const classes: Array<[string, Fused, (o: OptimizerLike) => boolean]> = [
    ['SGDOptimizer', sgd, () => true],
    ['MomentumOptimizer', momentum, () => true],
    ['AdamOptimizer', adam, () => true],
    ['RMSPropOptimizer', rmsprop, (o) => !o.centered],
  ];
  const restore: Array<() => void> = [];
  const optimizers: string[] = [];
  for (const [name, fused, ok] of classes) {
    const proto = t[name]?.prototype;
    if (!proto || !Object.prototype.hasOwnProperty.call(proto, 'applyGradients')) continue;
    const desc = Object.getOwnPropertyDescriptor(proto, 'applyGradients')!;
    const stock = desc.value as ApplyGradients;
    const patched: ApplyGradients = function (this: OptimizerLike, g) {
      if (tf.getBackend() === 'cpu' && engine.state.gradientDepth === 0 && ok(this)) {
        const ctx: Ctx = { tf, engine, backend: tf.backend() as unknown as Backend, core };
        const its = items(ctx, g);
        if (its) {
          fused(ctx, this, its);
          this.incrementIterations();
          return;
        }
      }
      stock.call(this, g);
    };
    Object.defineProperty(proto, 'applyGradients', { ...desc, value: patched });
    restore.push(() => Object.defineProperty(proto, 'applyGradients', desc));
    optimizers.push(name);
  }
  return {
    optimizers,
    uninstall() {
      for (const r of restore.splice(0)) r();
    },
  };
}
