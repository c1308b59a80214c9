// An export as one zip (the browser's single download): the files at the top level, as the desktop writes them
// into a folder. fflate is pure JavaScript, so this runs anywhere shared/ does.
import { unzipSync, zipSync } from 'fflate';
import { exportFileNamesProblem } from './fileNames';
import { ExportError, type ExportFile } from './types';

/** The zip of these files (names checked as for any export; compressed, fixed time stamp so the bytes repeat). */
export function zipExport(files: readonly ExportFile[]): Uint8Array {
  const problem = exportFileNamesProblem(files.map((f) => f.name));
  if (problem) throw new ExportError(`Cannot zip the export: ${problem}`);
  const mtime = new Date(Date.UTC(2020, 0, 1));
  return zipSync(Object.fromEntries(files.map((f) => [f.name, [f.bytes, { mtime }]])), { level: 6 });
}

/** The files of a zip made by zipExport (for tests and for reading an export back). */
export function unzipExport(bytes: Uint8Array): ExportFile[] {
  return Object.entries(unzipSync(bytes)).map(([name, b]) => ({ name, bytes: b }));
}
