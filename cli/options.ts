// Each command's command line in one table: its positionals and its options (type, range or choices,
// default). cli/args.ts parses and checks against these tables and writes the usage text from them, in the
// CLI's language: the words (summary, each option's help, a missing positional's message, notes) are in the
// catalogues under cliHelp.cmd.<id> (shared/i18n/en.ts, zh-CN.ts). cli/commands.ts pairs each with what it
// runs. Data only, so `--help` and a typo cost no tfjs start-up.
import { CLI_DATA_KINDS } from '../shared/data/sources';
import type { ExportFormat } from '../shared/export';
import type { CommandSpec, Values } from './args';

const PROJECT = {
  name: '<file.cnn.json>',
} as const;

export const SUMMARY = {
  id: 'summary',
  positionals: [PROJECT],
  options: {
    batch: {
      type: 'int',
      arg: 'N',
      min: 1,
      default: 1,
      brief: true,
    },
  },
} as const satisfies CommandSpec;

export const VALIDATE = {
  id: 'validate',
  positionals: [PROJECT],
  options: {},
} as const satisfies CommandSpec;

export const TRAIN = {
  id: 'train',
  positionals: [{ name: '<file.cnn.json>' }],
  options: {
    dataset: {
      type: 'string',
      choices: CLI_DATA_KINDS,
      default: 'mnist',
      brief: true,
    },
    data: { type: 'string', arg: 'DIR' },
    images: { type: 'string', arg: 'F' },
    labels: { type: 'string', arg: 'F' },
    'test-images': { type: 'string', arg: 'F' },
    'test-labels': { type: 'string', arg: 'F' },
    epochs: { type: 'int', min: 1, default: 1, brief: true },
    batch: { type: 'int', min: 1, max: 4096, default: 64 },
    lr: { type: 'number', above: 0, below: 10, defaultText: true },
    optimizer: { type: 'string', choices: ['adam', 'sgd', 'rmsprop'], default: 'adam' },
    momentum: { type: 'number', min: 0, below: 1, default: 0.9 },
    schedule: {
      type: 'string',
      choices: ['constant', 'step', 'cosine'],
      default: 'constant',
    },
    seed: { type: 'int', default: 1 },
    val: {
      type: 'number',
      min: 0,
      max: 0.9,
      default: 0.1,
    },
    limit: { type: 'int', min: 1, brief: true },
    'test-limit': { type: 'int', min: 1 },
    out: {
      type: 'string',
      arg: 'DIR',
      brief: true,
    },
    kernels: {
      type: 'string',
      choices: ['wasm', 'js', 'stock'],
      default: 'wasm',
    },
    threads: {
      type: 'int',
      min: 1,
      max: 64,
      defaultText: true,
    },
  },
} as const satisfies CommandSpec;

/** Every export format, checked against shared/export's list by the compiler (a type import: no exporter loads for --help). */
const FORMATS = ['tfjs', 'onnx', 'pytorch'] as const satisfies readonly ExportFormat[];
const _everyFormat: Exclude<ExportFormat, (typeof FORMATS)[number]> extends never ? true : never = true;

export const EXPORT = {
  id: 'export',
  notes: true,
  positionals: [
    {
      name: '<file.cnn.json|DIR>',
    },
  ],
  options: {
    format: {
      type: 'string',
      choices: FORMATS,
      required: true,
      noun: 'format',
    },
    out: { type: 'string', arg: 'DIR', required: true },
    weights: {
      type: 'string',
      arg: 'F',
      brief: true,
    },
    seed: { type: 'int', default: 42 },
    output: {
      type: 'string',
      choices: ['probabilities', 'logits'],
    },
    bare: {
      type: 'boolean',
    },
  },
} as const satisfies CommandSpec;

export const IMPORT = {
  id: 'import',
  positionals: [
    {
      name: '<model.onnx|model.json|weights.json>',
    },
  ],
  options: {
    out: { type: 'string', arg: '<file.cnn.json>', required: true },
    project: {
      type: 'string',
      arg: '<file.cnn.json>',
    },
    'fold-batchnorm': {
      type: 'boolean',
    },
  },
} as const satisfies CommandSpec;

export const RECORD = {
  id: 'record',
  positionals: [{ name: '<DIR|run.json>' }],
  options: {
    json: { type: 'boolean' },
  },
} as const satisfies CommandSpec;

export type TrainValues = Values<typeof TRAIN.options>;
export type ExportValues = Values<typeof EXPORT.options>;
export type ImportValues = Values<typeof IMPORT.options>;
export type RecordValues = Values<typeof RECORD.options>;

export const RUNS = {
  id: 'runs',
  notes: true,
  positionals: [{ name: '<list|compare>' }, { name: '...' }],
  options: {},
} as const satisfies CommandSpec;

export const RUNS_LIST = {
  id: 'runsList',
  positionals: [
    {
      name: '<file.cnn.json|DIR>',
    },
  ],
  options: { json: { type: 'boolean' } },
} as const satisfies CommandSpec;

export const RUNS_COMPARE = {
  id: 'runsCompare',
  notes: true,
  positionals: [{ name: '<run A>' }, { name: '<run B>' }],
  options: { json: { type: 'boolean' } },
} as const satisfies CommandSpec;

export type RunsListValues = Values<typeof RUNS_LIST.options>;
export type RunsCompareValues = Values<typeof RUNS_COMPARE.options>;
