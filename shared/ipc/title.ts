// What both hosts show: the window title and a data set's name.
export const APP_NAME = 'CNN Designer';

/** The window title both hosts show: `*lenet.cnn.json - CNN Designer` when there are unsaved changes. */
export function formatWindowTitle(documentName: string, dirty: boolean): string {
  return `${dirty ? '*' : ''}${documentName} \u2014 ${APP_NAME}`;
}

/**
 * The data-set name both builds show for an IDX pair, from the images file's name:
 * `fashion-train-images-idx3-ubyte.gz` -> `fashion`; MNIST's own `train-images-idx3-ubyte` -> `IDX data`.
 */
export function idxDatasetName(imagesFileName: string): string {
  return imagesFileName.replace(/[-.]?(train-)?images.*$/i, '') || 'IDX data';
}
