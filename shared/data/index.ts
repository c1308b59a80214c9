// Data sets for training: pure parsers, checks and preprocessing (no Node built-ins, no DOM).
export * from './types';
export { mulberry32, shuffleInPlace, type Rng } from './rng';
export { parseIdx, idxPairToDataset, gunzipIfNeeded, idxDeclaredBytes, MAX_IDX_BYTES, isGzip, writeIdx, checkLabels, type Idx, type IdxPairOptions } from './idx';
export {
  decodeCifarSprite, cifarSpritesToDataset, parseCifarLabels, checkLabelsText, spritesFor, CIFAR10_CLASSES, CIFAR10_FILES, CIFAR10_DIR, CIFAR10_URL_BASE,
  CIFAR10_PER_SPRITE, CIFAR10_GET_COMMAND, type SpriteOptions,
} from './cifar';
export { checkFolderListing, folderSubset, folderToDataset, prescaleSize, stratifiedCounts, toShape, PRESCALE_ABOVE, type FolderListing, type DecodedImage } from './folder';
export { imageSize, imageTooLarge, checkImageSize, DecodeBudget, DecodeLimitError, MAX_DECODED_BYTES, MAX_IMAGE_PIXELS, type ImageSize } from './imageSize';
export { parseLabelsJson, labelsTextLimit, LABEL_CHARS_PER_IMAGE } from './labelsJson';
export { syntheticDataset, type SyntheticOptions } from './synthetic';
export { split, makeBatch, channelStats, classCounts, NO_AUGMENTATION, type Normalisation, type Augmentation, type Batch, type SplitOptions } from './prep';
export { dataProblems, lastDense, type DataShape } from './match';
export { MNIST_FILES, MNIST_URL_BASE, MNIST_CLASSES } from './mnist';
export { IMAGE_EXTENSIONS, IMAGE_TYPES, isImageFile, imageMimeType } from './imageFiles';
export {
  DATA_SOURCES, DATA_KINDS, DESKTOP_DATA_KINDS, CLI_DATA_KINDS, defineDataSource, trainPyDataset, limitFolderItems,
  type DataSource, type DataKind, type DesktopDataKind, type CliDataKind,
} from './sources';
