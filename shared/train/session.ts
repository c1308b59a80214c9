// Graph + data + hyperparameters -> a ready Trainer (compile, check the data against the graph, probe).
// The one entry point the CLI, the Worker and the benchmark share.
import type * as tfjs from '@tensorflow/tfjs';
import { analyse, compile, type GraphDoc, type Problem } from '../graph';
import { channelStats, dataProblems, type Normalisation, type Splits } from '../data';
import { configMessages, type TrainConfig } from './config';
import { english, say } from '../i18n/msg';
import { resolveLoss } from './loss';
import { kernelImages, makeProbe, probeNodes, type KernelImages, type Probe } from './probe';
import { Trainer, type TrainerEvents } from './trainer';
import { ErfProbe } from './erf';
import { WindowProbe } from './convExplain';
import { stepOnce, type StepView } from './stepOnce';
import type { DoctorSample } from './doctor';
import { DoctorSampler, type DoctorSamplerOptions } from './doctorSampler';

export interface Session {
  readonly trainer: Trainer;
  readonly model: tfjs.LayersModel;
  readonly probe: Probe | null;
  readonly norm: Normalisation;
  /** Effective receptive fields of the model's units (|d unit / d input| on the probe image). */
  readonly erf: ErfProbe;
  /** One batch step by step for one layer (stepOnce.ts): a real training step, between runs. */
  stepOnce(nodeId: string): Promise<StepView>;
  /** A convolution or pooling unit's window, kernel, bias and value, to work it out (convExplain.ts). */
  readonly window: WindowProbe;
  kernels(): KernelImages | null;
  /** Disposes the trainer state and the model: tf.memory() returns to its level before prepare. */
  dispose(): void;
}

export type Prepared = { ok: true; session: Session } | { ok: false; problems: Problem[] };

export interface PrepareOptions {
  readonly events?: TrainerEvents;
  /** 'unit' (x/255) or per-channel standardisation computed from the training split (default). */
  readonly normalise?: 'unit' | 'standard';
  /** Probe image index into splits.data (default: the first validation image, else the first training one). */
  readonly probeIndex?: number;
  /** Weights to start from (a previous session's), matched by order. */
  readonly initialWeights?: tfjs.Tensor[];
  /** The training doctor: per-layer statistics sampled now and then (doctorSampler.ts), handed to onSample. */
  readonly doctor?: { readonly onSample: (s: DoctorSample) => void; readonly options?: DoctorSamplerOptions };
}

export function prepare(
  tf: typeof tfjs,
  doc: GraphDoc,
  splits: Splits,
  config: TrainConfig,
  o: PrepareOptions = {},
): Prepared {
  const cfgErrors = configMessages(config);
  if (cfgErrors.length)
    return {
      ok: false,
      problems: cfgErrors.map((msg) => ({ severity: 'error', code: 'train-config', msg, message: english(msg) })),
    };
  const analysis = analyse(doc);
  const d = splits.data;
  const mismatch = dataProblems(doc, analysis, {
    height: d.height,
    width: d.width,
    channels: d.channels,
    numClasses: d.numClasses,
    name: d.name,
  });
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  if (errors.length || mismatch.length) return { ok: false, problems: [...errors, ...mismatch] };
  if (analysis.totals.trainable === 0) {
    // tfjs's optimizers throw on a model without trainable weights: say so before training starts.
    return {
      ok: false,
      problems: [
        {
          severity: 'error',
          code: 'train-no-weights',
          ...say('problem.train-no-weights'),
        },
      ],
    };
  }
  const c = compile(doc, tf, { seed: config.seed, analysis });
  if (!c.ok) return { ok: false, problems: [...c.problems] };
  if (o.initialWeights) {
    try {
      c.model.setWeights(o.initialWeights);
    } catch (e) {
      c.model.dispose();
      return {
        ok: false,
        problems: [
          {
            severity: 'error',
            code: 'train-weights',
            ...say('problem.train-weights', { error: (e as Error).message }),
          },
        ],
      };
    }
  }
  const norm: Normalisation = o.normalise === 'unit' ? { kind: 'unit' } : channelStats(d, splits.train);
  const probe = config.probeEvery > 0 ? makeProbe(tf, c.model, c.outputs, probeNodes(doc, analysis)) : null;
  const probeIndex = o.probeIndex ?? (splits.val.length ? splits.val[0] : splits.train[0]);
  const loss = resolveLoss(config.loss, doc, analysis);
  const doctor = o.doctor;
  const sampler = doctor
    ? new DoctorSampler(tf, c.model, c.outputs, c.layers, doc, analysis, d, splits.train, norm, loss, doctor.options)
    : null;
  const trainer = new Trainer(
    tf,
    c.model,
    {
      data: d,
      train: splits.train,
      val: splits.val,
      norm,
      loss,
      probe,
      probeIndex,
      afterBatch: sampler
        ? async (step, epoch, last) => {
            const sample = await sampler.afterBatch(step, epoch, last);
            if (sample) doctor!.onSample(sample);
          }
        : undefined,
      // The first sample, of the initial weights, before the first step (finished, with its update, after it).
      beforeFirstStep: sampler
        ? async (step) => {
            await sampler.afterBatch(step, 0, true);
          }
        : undefined,
    },
    config,
    o.events,
  );
  let disposed = false;
  return {
    ok: true,
    session: {
      trainer,
      model: c.model,
      probe,
      norm,
      erf: new ErfProbe(tf, c.model, c.outputs),
      stepOnce(nodeId) {
        const out = c.outputs.get(nodeId);
        if (!out) return Promise.reject(new Error(`${nodeId} has no output in the compiled model.`));
        const vars = (c.layers.get(nodeId) ?? []).flatMap((name) => c.model.getLayer(name).trainableWeights);
        return stepOnce(tf, c.model, out, vars, d, splits.train, norm, loss, config, nodeId);
      },
      window: new WindowProbe(tf, c.model, c.outputs, c.layers, doc, analysis),
      kernels: () => kernelImages(doc, analysis, c.model, c.layers),
      dispose() {
        if (disposed) return;
        disposed = true;
        trainer.dispose();
        sampler?.dispose();
        probe?.dispose();
        c.model.dispose();
      },
    },
  };
}
