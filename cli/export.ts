// `export` and `import` commands: the pure exporters in shared/export, with files written
// atomically (all or nothing) by the same writer the desktop app uses.
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { atomicWriteMany } from '../electron/atomicWrite';
import { atomicWriteAll, RollbackError } from '../electron/atomicWriteAll';
import { compile, MAX_WEIGHT_BYTES, type GraphDoc } from '../shared/graph';
import {
  decodeBundle,
  EXPORT_FORMATS,
  exportModel,
  ExportError,
  ImportError,
  importTfjsModel,
  parseProjectWithWeights,
  serializeProjectWithWeights,
  weightsFromModel,
  type ExportTensor,
} from '../shared/export';
import { tr, type Io } from './io';
import type { ExportValues, ImportValues } from './options';
import { useCpuBackend } from './cpuBackend';
import { FileError, MAX_PROJECT_BYTES, readRegularFile } from './files';

/** JSON files named on the command line (projects, model.json, weight indexes) share the project cap. */
const readText = (path: string, what: string): string =>
  readRegularFile(path, what, MAX_PROJECT_BYTES).toString('utf8');
/** Binary weights: at most a model's worth (the validator's MAX_WEIGHT_BYTES). */
const readWeights = (path: string): Buffer => readRegularFile(path, 'a weights file', MAX_WEIGHT_BYTES);

function loadWeightsBundle(path: string): Map<string, ExportTensor> {
  const text = readText(path, 'a weights index');
  let index: unknown;
  try {
    index = JSON.parse(text);
  } catch {
    throw new ExportError(`${path} is not valid JSON: it is not a weights index (.weights.json).`);
  }
  const bin = path.replace(/\.json$/, '.bin');
  if (!existsSync(bin)) throw new ExportError(`${path} needs its values file ${bin}, which is missing.`);
  return decodeBundle(index, readWeights(bin), path);
}

/** All or nothing, as the desktop app writes an export (electron/atomicWriteAll). */
async function writeAll(dir: string, files: readonly { name: string; bytes: Uint8Array }[]): Promise<void> {
  try {
    mkdirSync(dir, { recursive: true });
    await atomicWriteAll(
      dir,
      files.map((f) => ({ name: f.name, data: f.bytes })),
    );
  } catch (e) {
    if (e instanceof RollbackError) throw e;
    throw new ExportError(`cannot write into ${resolve(dir)}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** `export <file> --format F --out DIR`, the options checked by cli/args against cli/options EXPORT. */
export async function exportCommand(
  file: string,
  { format, out, seed, weights: wPath }: ExportValues,
  io: Io,
): Promise<number> {
  try {
    await useCpuBackend(tf);
    const p = parseProjectWithWeights(readText(file, 'a project file'));
    if (!p.ok) {
      io.err(`Cannot open ${file}:\n${p.errors.map((e) => `  - ${e}`).join('\n')}`);
      return 2;
    }
    for (const w of p.warnings) io.err(`note: ${w}`);
    const doc: GraphDoc = p.doc;
    const c = compile(doc, tf, { seed });
    if (!c.ok) {
      io.err(
        `${tr(io).t('cli.cannotExport', { file })}\n${c.problems.map((q) => `  - ${q.nodeId ? `${q.nodeId}: ` : ''}${tr(io).msg(q.msg)}`).join('\n')}`,
      );
      return 1;
    }
    let weights: ReadonlyMap<string, ExportTensor>;
    if (wPath) {
      weights = loadWeightsBundle(wPath);
      io.err(`weights: ${wPath}`);
    } else if (p.weights) {
      weights = p.weights;
      io.err('weights: saved in the project');
    } else {
      weights = weightsFromModel(c.model);
      io.err(`weights: none saved, exporting a fresh initialisation (seed ${seed})`);
    }
    c.model.dispose();
    const files = await exportModel(format, doc, weights, tf);
    await writeAll(out, files);
    io.out(
      `Exported ${EXPORT_FORMATS[format].label} to ${resolve(out)}:\n${files.map((f) => `  ${f.name} (${f.bytes.byteLength.toLocaleString('en-US')} bytes)`).join('\n')}`,
    );
    return 0;
  } catch (e) {
    if (e instanceof ExportError || e instanceof ImportError || e instanceof FileError) {
      io.err(`Export failed, nothing was written: ${e.message}`);
      return 1;
    }
    if (e instanceof RollbackError) {
      io.err(`Export failed: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

/** `import <model.json> --out <file.cnn.json>`. */
export async function importCommand(file: string, { out }: ImportValues, io: Io): Promise<number> {
  try {
    const text = readText(file, 'a TF.js model.json');
    const folder = dirname(file);
    const r = importTfjsModel(text, (p) => {
      const path = join(folder, basename(p));
      return existsSync(path) ? new Uint8Array(readWeights(path)) : undefined;
    });
    for (const w of r.warnings) io.err(`note: ${w}`);
    await useCpuBackend(tf);
    const c = compile(r.doc, tf);
    if (!c.ok) {
      io.err(
        `The imported graph has problems:\n${c.problems.map((q) => `  - ${q.nodeId ?? ''}: ${q.message}`).join('\n')}`,
      );
      return 1;
    }
    const { applyWeights } = await import('../shared/export');
    applyWeights(tf, c.model, r.weights);
    c.model.dispose();
    mkdirSync(dirname(resolve(out)), { recursive: true });
    await atomicWriteMany([{ path: out, data: serializeProjectWithWeights(r.doc, r.weights) }]);
    io.out(`Imported ${r.doc.nodes.length} nodes with ${r.weights.size} weight tensors into ${resolve(out)}.`);
    return 0;
  } catch (e) {
    if (e instanceof ExportError || e instanceof ImportError || e instanceof FileError) {
      io.err(`Import failed: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
