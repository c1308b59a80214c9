// The PyTorch export: model.py + its weights + train.py (the in-app training setup, runnable on
// CPU, one GPU, or many under torchrun) + a README saying how to run and how to come back.
import { trainPyDataset, type DataKind } from '../../data/sources';
import type { GraphDoc } from '../../graph';
import type { TrainConfig } from '../../train';
import { markdownText } from '../escape';
import { text, type ExportFile, type WeightMap } from '../types';
import { serializeRunRecord, type RunRecord } from '../../train/runRecord';
import { encodeBundle } from '../weights';
import type { ExportOptions } from '../options';
import { buildTorchModel, exportPytorchModel } from './model';
import type { TrainSetup } from './setup';
import { trainPy } from './train';

export type { TrainSetup } from './setup';

export const DEFAULT_TRAIN_SETUP: TrainSetup = {
  dataset: 'mnist',
  epochs: 5,
  batchSize: 64,
  optimizer: 'adam',
  learningRate: 1e-3,
  momentum: 0.9,
  weightDecay: 0,
  schedule: 'constant',
  stepEpochs: 10,
  gamma: 0.1,
  seed: 42,
  augment: { flip: false, cropPadding: 0 },
  validationSplit: 0.1,
  normalise: 'unit',
};

/**
 * The app's training configuration (shared/train TrainConfig) and data choice as a TrainSetup. The data set
 * train.py loads is its source's (shared/data/sources.ts), by kind; the name only tells an IDX pair apart.
 */
export function trainSetupFrom(
  config: TrainConfig,
  data: { kind: DataKind; name?: string },
  validationSplit: number,
  normalise: TrainSetup['normalise'] = 'standard',
): TrainSetup {
  const dataset = trainPyDataset(data.kind, data.name);
  const s = config.schedule;
  return {
    dataset,
    epochs: config.epochs,
    batchSize: config.batchSize,
    optimizer: config.optimizer,
    learningRate: config.learningRate,
    momentum: config.momentum,
    weightDecay: 0,
    schedule: s.kind,
    stepEpochs: s.kind === 'step' ? s.everyEpochs : 10,
    gamma: s.kind === 'step' ? s.gamma : 0.1,
    seed: config.seed,
    augment: { flip: config.augmentation.flip, cropPadding: config.augmentation.cropPadding },
    validationSplit,
    normalise,
  };
}

/** What train.py needs to reproduce a recorded run: its data, split, preprocessing, schedule, optimiser, seed. */
export function trainSetupFromRecord(r: RunRecord): TrainSetup {
  const t = r.training;
  const s = t.schedule;
  const kind = (r.data.kind ?? 'mnist') as DataKind;
  let dataset: TrainSetup['dataset'];
  try {
    dataset = trainPyDataset(kind, r.data.name);
  } catch {
    dataset = 'idx';
  }
  return {
    dataset,
    epochs: t.epochs,
    batchSize: t.batchSize,
    optimizer: t.optimizer,
    learningRate: t.learningRate,
    momentum: t.momentum,
    weightDecay: 0,
    schedule: s.kind,
    stepEpochs: s.kind === 'step' ? s.everyEpochs : 10,
    gamma: s.kind === 'step' ? s.gamma : 0.1,
    ...(s.kind === 'cosine' && s.minFactor ? { cosineMinFactor: s.minFactor } : {}),
    seed: t.seed,
    augment: { ...r.data.augmentation },
    validationSplit: r.data.split.valFraction,
    normalise: r.preprocessing.kind,
    preprocessing: { scale: r.preprocessing.scale, mean: [...r.preprocessing.mean], std: [...r.preprocessing.std] },
    order: 'app',
    splitSeed: r.data.split.seed,
    ...(r.data.split.limit !== undefined ? { limit: r.data.split.limit } : {}),
    ...(r.data.firstImages?.train !== undefined ? { firstImages: r.data.firstImages.train } : {}),
    start: r.continued ? 'exported' : 'initial',
  };
}

const readme = (
  doc: GraphDoc,
  setup: TrainSetup,
  o: ExportOptions,
) => `# ${markdownText(doc.metadata.name)}: PyTorch export

Files: model.py (the network as an nn.Module), model.weights.json + model.weights.bin (its weights,
loaded by model.py with torch alone), train.py (the training set-up of the app)${o.record ? ', run.json (the run record: data, preprocessing, settings and metrics of the training run), initial.weights.json/.bin (the weights that run started from)' : ''}.

Input: \`preprocess(pixels)\` turns raw pixel values 0..255 (N x C x H x W, uint8 or float) into the model's
input exactly as training did: (pixel * SCALE - MEAN[c]) / STD[c] per channel (model.py holds the values).
Output: \`forward()\` returns ${o.output === 'probabilities' ? 'class probabilities (softmax)' : 'logits, as PyTorch code expects with CrossEntropyLoss; `predict(net, pixels)` gives probabilities'}.

Use the model:

    python3 -c "import torch, model; net = model.load_weights(model.Net()).eval(); print(model.predict(net, torch.randint(0, 256, (1, *model.INPUT_SHAPE))))"

Train (${markdownText(`${setup.dataset}, ${setup.epochs} epochs, batch ${setup.batchSize}, ${setup.optimizer} lr ${setup.learningRate}, seed ${setup.seed}`)}):

    python3 train.py --data DIR                              # CPU or one GPU${setup.order === 'app' ? ': reproduces the recorded run' : ''}
    torchrun --nproc_per_node 4 train.py --data DIR          # 4 GPUs (or CPU processes) on one machine
    torchrun --nnodes 2 --node_rank 0 --nproc_per_node 8 --master_addr HOST --master_port 29500 train.py --data DIR

Debian's torchrun (PyTorch 1.13 on Python 3.11) fails with "'NoneType' object has no attribute 'get'":
add \`--redirects 1 --tee 1\` after \`torchrun\` there.

train.py writes trained.pt (a PyTorch state dict) and trained.weights.json + trained.weights.bin:
import those into CNN Designer (Import, or \`npm run cli -- import trained.weights.json --out p.cnn.json\`:
the graph comes from run.json beside them) or export them again
(\`npm run cli -- export PROJECT --weights trained.weights.json ...\`).
${setup.order === 'app' ? '\nWith the run record, one process follows the app exactly: its seeded split and batch order, the recorded\npreprocessing, per-batch schedule and optimiser, from the same initial weights; `--limit N` / `--epochs N` cut it\nshort, `--start exported` continues from the trained weights instead.\n' : ''}`;

/**
 * model.py (+ weights), train.py and a README. With a run record: preprocess() applies the run's preprocessing,
 * train.py reproduces the run (trainSetupFromRecord), and run.json + the run's initial weights (`initial`, the
 * graph compiled with the run's seed) come along. forward() returns logits unless `o.output` is 'probabilities'.
 */
export function exportPytorch(
  doc: GraphDoc,
  weights: WeightMap,
  setup: TrainSetup = DEFAULT_TRAIN_SETUP,
  o: ExportOptions = {},
  initial?: WeightMap,
): ExportFile[] {
  const torch = { preprocessing: o.preprocessing ?? o.record?.preprocessing ?? null, output: o.output ?? 'logits' };
  const { files } = exportPytorchModel(doc, weights, torch);
  const s: TrainSetup = o.record ? trainSetupFromRecord(o.record) : setup;
  const extra: ExportFile[] = [];
  if (o.record) {
    extra.push({ name: 'run.json', bytes: text(serializeRunRecord(o.record)) });
    if (initial) {
      const { index, bin } = encodeBundle('pytorch', buildTorchModel(doc, initial, torch).tensors);
      extra.push(
        { name: 'initial.weights.json', bytes: text(JSON.stringify(index, null, 1) + '\n') },
        { name: 'initial.weights.bin', bytes: bin },
      );
    }
  }
  return [
    ...files,
    ...extra,
    { name: 'train.py', bytes: text(trainPy(doc, initial || !o.record ? s : { ...s, start: 'exported' })) },
    { name: 'README.md', bytes: text(readme(doc, s, { ...o, output: torch.output })) },
  ];
}
