// The PyTorch export: model.py + its weights + train.py (the in-app training setup, runnable on
// CPU, one GPU, or many under torchrun) + a README saying how to run and how to come back.
import { trainPyDataset, type DataKind } from '../../data/sources';
import type { GraphDoc } from '../../graph';
import type { TrainConfig } from '../../train';
import { markdownText } from '../escape';
import { text, type ExportFile, type WeightMap } from '../types';
import { exportPytorchModel } from './model';
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

const readme = (doc: GraphDoc, setup: TrainSetup) => `# ${markdownText(doc.metadata.name)}: PyTorch export

Files: model.py (the network as an nn.Module), model.weights.json + model.weights.bin (its weights,
loaded by model.py with torch alone), train.py (the training set-up of the app).

Use the model:

    python3 -c "import torch, model; net = model.load_weights(model.Net()).eval(); print(net(torch.rand(1, *model.INPUT_SHAPE)))"

Train (${markdownText(`${setup.dataset}, ${setup.epochs} epochs, batch ${setup.batchSize}, ${setup.optimizer} lr ${setup.learningRate}, seed ${setup.seed}`)}):

    python3 train.py --data DIR                              # CPU or one GPU
    torchrun --nproc_per_node 4 train.py --data DIR          # 4 GPUs (or CPU processes) on one machine
    torchrun --nnodes 2 --node_rank 0 --nproc_per_node 8 --master_addr HOST --master_port 29500 train.py --data DIR

Debian's torchrun (PyTorch 1.13 on Python 3.11) fails with "'NoneType' object has no attribute 'get'":
add \`--redirects 1 --tee 1\` after \`torchrun\` there.

train.py writes trained.pt (a PyTorch state dict) and trained.weights.json + trained.weights.bin:
import those into CNN Designer (or \`npm run cli -- export PROJECT --weights trained.weights.json ...\`)
to continue with the trained weights in the app.
`;

export function exportPytorch(
  doc: GraphDoc,
  weights: WeightMap,
  setup: TrainSetup = DEFAULT_TRAIN_SETUP,
): ExportFile[] {
  const { files } = exportPytorchModel(doc, weights);
  return [
    ...files,
    { name: 'train.py', bytes: text(trainPy(doc, setup)) },
    { name: 'README.md', bytes: text(readme(doc, setup)) },
  ];
}
