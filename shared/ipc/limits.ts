// The IPC security limits: the most main accepts from the page (and reads for it). Both hosts and the CLI use them.
import { MAX_EXPORT_FILES } from '../export/fileNames';

export { MAX_EXPORT_FILES };

export const MAX_PROJECT_CHARS = 64 * 1024 * 1024;
export const MAX_PATH_CHARS = 4096;
export const MAX_NAME_CHARS = 255;
export const MAX_EXPORT_BYTES = 2 * 1024 * 1024 * 1024;
export const PROJECT_EXTENSION = '.cnn.json';
/** At most this many images in a folder data set. */
export const MAX_DATASET_FILES = 100_000;
/**
 * At most this many bytes of data-set files in all. Main sends them to the page in one IPC reply, and
 * Electron serialises a reply into one buffer that fails (or crashes) past 512 MiB; this leaves room for
 * the file names and the serialiser's overhead.
 */
export const MAX_DATASET_BYTES = 400 * 1024 * 1024;
