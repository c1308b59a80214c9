// Every valid graph trains: random graphs from the differential test's generator, each compiled and
// trained one step (forward in training mode, the loss the app would use, gradients, an Adam update,
// a second forward) on the cpu backend with our fast kernels, some also on the stock kernels. The
// loss before and after the step and every gradient must be finite, and no step may throw: anything
// tfjs cannot train has to be a validator problem (the graph is then refused before training), never
// a crash after. The sampled graphs must cover every layer type and every option the catalogue offers.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { analyse, CATALOGUE, compile, type GraphDoc, type LayerType } from '../graph';
import { buildRandomGraph, STEP_KINDS, type Recipe } from '../graph/testing/randomGraph';
import { installFastCpuKernels, type CoreMode } from '../kernels';
import { split, type Dataset } from '../data';
import { DEFAULT_CONFIG } from './config';
import { lossOf, resolveLoss } from './loss';
import { prepare } from './session';

const SEED = 20261201;
const RUNS = 480;
const BATCH = 2;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const step = fc.record({
  kind: fc.constantFrom(...STEP_KINDS),
  a: fc.nat(1 << 16),
  b: fc.nat(1 << 16),
  c: fc.nat(1 << 16),
  d: fc.nat(1 << 16),
});
const recipe: fc.Arbitrary<Recipe> = fc.record({
  h: fc.integer({ min: 3, max: 12 }),
  w: fc.integer({ min: 3, max: 12 }),
  ch: fc.integer({ min: 1, max: 3 }),
  steps: fc.array(step, { minLength: 2, maxLength: 8 }),
  wild: fc.constant(false),
});

const bad = (v: ArrayLike<number>) => Array.prototype.some.call(v, (x: number) => !Number.isFinite(x));

/** A few images that fit the graph's Input and class count, split for prepare(). */
function fittingSplits(inShape: readonly number[], outShape: readonly number[]) {
  const [height, width, channels] = inShape,
    n = 4;
  const numClasses = outShape.length === 1 && outShape[0] >= 2 ? outShape[0] : 2;
  const data: Dataset = {
    name: 'fitting',
    images: new Uint8Array(n * height * width * channels).fill(7),
    labels: Uint8Array.from({ length: n }, (_, i) => i % numClasses),
    n,
    height,
    width,
    channels,
    numClasses,
    classNames: Array.from({ length: numClasses }, (_, i) => String(i)),
  };
  return split(data, { valFraction: 0, seed: 1 });
}

/**
 * One training step of a valid graph under the kernels installed now; throws with what went wrong.
 * Returns false when prepare() (the app's entry to training) rightly refused it before training.
 */
function trainOneStep(doc: GraphDoc, seed: number): boolean {
  const a = analyse(doc);
  const c = compile(doc, tf, { seed, analysis: a });
  if (!c.ok) throw new Error(`a graph without errors was refused: ${c.problems.map((p) => p.message).join('; ')}`);
  const inShape = a.nodes.get(a.inputId!)!.shape!,
    outShape = a.nodes.get(a.outputId!)!.shape!;
  if (!c.model.trainableWeights.length) {
    c.model.dispose();
    // nothing to train (tfjs's optimizers would throw): the app must refuse it before training starts
    const p = prepare(tf, doc, fittingSplits(inShape, outShape), { ...DEFAULT_CONFIG, probeEvery: 0 });
    if (p.ok) {
      p.session.dispose();
      throw new Error('prepare() accepted a graph without trainable weights');
    }
    // (an output that no data set fits, e.g. 1 unit, is refused by the data check first)
    const fits = outShape.length === 1 && outShape[0] >= 2;
    if (fits && !p.problems.some((q) => q.code === 'train-no-weights'))
      throw new Error(`refused for another reason: ${p.problems.map((q) => q.message).join('; ')}`);
    return false;
  }
  const classes = outShape[outShape.length - 1];
  const kind = resolveLoss('auto', doc, a);
  const optimizer = tf.train.adam(1e-3);
  const vars = c.model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  try {
    tf.tidy(() => {
      const x = tf.randomNormal([BATCH, ...inShape], 0, 1, 'float32', seed);
      // one-hot targets over the last axis, whatever the output's rank (the app's losses reduce over it)
      const labels = tf.randomUniform([BATCH, ...outShape.slice(0, -1)], 0, classes, 'int32', seed);
      const y = classes > 1 ? tf.oneHot(labels, classes).toFloat() : tf.ones([BATCH, ...outShape]); // oneHot needs depth >= 2
      const loss = () => lossOf(tf, kind, y, c.model.apply(x, { training: true }) as tf.Tensor);
      const { value, grads } = tf.variableGrads(loss, vars);
      const before = value.dataSync()[0];
      if (!Number.isFinite(before)) throw new Error(`loss ${before} before the step`);
      for (const [name, g] of Object.entries(grads))
        if (bad(g.dataSync())) throw new Error(`non-finite gradient for ${name}`);
      if (Object.keys(grads).length !== vars.length)
        throw new Error(`gradients for ${Object.keys(grads).length} of ${vars.length} trainable weights`);
      optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
      const after = loss().dataSync()[0];
      if (!Number.isFinite(after)) throw new Error(`loss ${after} after the step`);
    });
  } finally {
    optimizer.dispose();
    c.model.dispose();
  }
  return true;
}

/** Each enum option and bool value of the catalogue, plus dilation and depthwise, as "Type.param=value". */
function optionsOf(doc: GraphDoc): string[] {
  const seen: string[] = [];
  for (const n of doc.nodes) {
    seen.push(n.type);
    for (const [param, spec] of Object.entries(CATALOGUE[n.type].params)) {
      const v = n.params[param];
      if (spec.kind === 'enum' || spec.kind === 'bool') seen.push(`${n.type}.${param}=${String(v)}`);
    }
    if (n.type === 'Conv2D') {
      const d = n.params.dilation as [number, number];
      if (d[0] > 1 || d[1] > 1) seen.push(`Conv2D.dilation=${d[0] === d[1] ? 'square' : 'non-square'}`);
      if ((n.params.groups as number) > 1) seen.push('Conv2D.depthwise');
    }
  }
  return seen;
}

function everyOption(): string[] {
  const all: string[] = ['Conv2D.dilation=square', 'Conv2D.dilation=non-square', 'Conv2D.depthwise'];
  for (const [type, def] of Object.entries(CATALOGUE) as [LayerType, (typeof CATALOGUE)[LayerType]][]) {
    all.push(type);
    for (const [param, spec] of Object.entries(def.params)) {
      if (spec.kind === 'enum') for (const o of spec.options) all.push(`${type}.${param}=${o}`);
      if (spec.kind === 'bool') all.push(`${type}.${param}=true`, `${type}.${param}=false`);
    }
  }
  return all;
}

it(`random valid graphs each train one step with finite loss and gradients (fast kernels; every 6th also stock) (seed ${SEED})`, () => {
  console.log(`every-graph-trains: fast-check seed ${SEED}, ${RUNS} runs`);
  const fast = installFastCpuKernels(tf, { mode: 'wasm' });
  const covered = new Set<string>();
  let trained = 0,
    dilated = 0,
    refused = 0,
    nothingToTrain = 0,
    stock = 0;
  const t0 = Date.now();
  try {
    fc.assert(
      fc.property(recipe, (r) => {
        const doc = buildRandomGraph(r);
        if (analyse(doc).totals.errors) {
          refused++;
          return;
        }
        if (!trainOneStep(doc, 7)) {
          nothingToTrain++;
          return;
        }
        trained++;
        const options = optionsOf(doc);
        if (options.some((o) => o.startsWith('Conv2D.dilation='))) dilated++;
        for (const o of options) covered.add(o);
        if (trained % 6 === 0) {
          // the stock cpu kernels (and stock gradients) on the same graph
          const modes: CoreMode[] = [fast.mode];
          fast.uninstall();
          try {
            trainOneStep(doc, 7);
            stock++;
          } finally {
            installFastCpuKernels(tf, { mode: modes[0] });
          }
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  } finally {
    installFastCpuKernels(tf, { mode: 'wasm' }).uninstall();
  }
  const missing = everyOption().filter((o) => !covered.has(o));
  console.log(
    `every-graph-trains: ${trained} valid graphs trained one step (${dilated} with a dilated conv; ${stock} also on stock kernels), ${refused} refused by the validator, ${nothingToTrain} by prepare() (no trainable weights), ` +
      `${covered.size} layer types/options covered, ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  expect(missing, 'catalogue options no trained graph used: extend shared/graph/testing/randomGraph.ts').toEqual([]);
  expect(trained).toBeGreaterThanOrEqual(RUNS / 2);
  expect(dilated).toBeGreaterThanOrEqual(20);
});
