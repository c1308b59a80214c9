// What train.py reproduces of the app's training run: a type only, in a leaf file, so that export.ts
// (which writes train.py) and train.ts (which fills it in) need not import each other.
/** What train.py reproduces of the app's training run. */
export interface TrainSetup {
  /** mnist / fashion-mnist: the four IDX files (raw or .gz) in --data; cifar10: data_batch_1..5 (binary or python version); idx: `idxFiles`. */
  readonly dataset: 'mnist' | 'fashion-mnist' | 'cifar10' | 'idx';
  readonly idxFiles?: {
    readonly trainImages: string;
    readonly trainLabels: string;
    readonly testImages?: string;
    readonly testLabels?: string;
  };
  readonly epochs: number;
  /** The global batch: each of W processes takes batchSize / W. */
  readonly batchSize: number;
  readonly optimizer: 'sgd' | 'adam' | 'rmsprop';
  readonly learningRate: number;
  /** SGD momentum (0 = plain SGD). */
  readonly momentum: number;
  readonly weightDecay: number;
  readonly schedule: 'constant' | 'step' | 'cosine';
  /** step schedule: multiply the rate by `gamma` every `stepEpochs` epochs. */
  readonly stepEpochs: number;
  readonly gamma: number;
  readonly seed: number;
  readonly augment: { readonly flip: boolean; readonly cropPadding: number };
  /** Fraction of the training images held out for validation (the last ones, as in the app). */
  readonly validationSplit: number;
  /** unit: pixels / 255; standard: then per channel (x - mean) / std over the training images (the app's default). */
  readonly normalise: 'unit' | 'standard';
  /** The run's recorded preprocessing (model.py's SCALE, MEAN, STD): train.py then uses model.preprocess. */
  readonly preprocessing?: {
    readonly scale: number;
    readonly mean: readonly number[];
    readonly std: readonly number[];
  };
  /** 'app': one process takes the app's seeded split, batch order, augmentation draws and per-batch schedule. */
  readonly order?: 'app' | 'torch';
  /** The seed of the app's split (order 'app'). */
  readonly splitSeed?: number;
  /** The app's limit on training images (order 'app'): that many, drawn by the split's shuffle. */
  readonly limit?: number;
  /** The app loaded only the first N training images of the file (order 'app'). */
  readonly firstImages?: number;
  /** The cosine schedule's floor as a fraction of the rate. */
  readonly cosineMinFactor?: number;
  /** Which weights train.py starts from by default (initial: the run's own starting weights). */
  readonly start?: 'initial' | 'exported' | 'scratch';
}
