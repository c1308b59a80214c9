// `export` and `import` commands: the pure exporters in shared/export, with files written
// atomically (all or nothing) by the same writer the desktop app uses.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { atomicWriteAll, RollbackError } from '../electron/atomicWriteAll';
import { compile, MAX_WEIGHT_BYTES, type GraphDoc } from '../shared/graph';
import {
  BUNDLE_FORMAT,
  decodeBundle,
  EXPORT_FORMATS,
  exportModel,
  ExportError,
  ImportError,
  importOnnxModel,
  importTfjsModel,
  weightsFromModel,
  type ExportTensor,
  type ExportOptions,
} from '../shared/export';
import {
  checkRunWeights,
  describeRunRecord,
  parseRunRecord,
  RUN_RECORD_FILE,
  RunRecordError,
  serializeRunRecord,
  type RunRecord,
} from '../shared/train/runRecord';
import { parseProject } from '../shared/graph';
import {
  loadStoredWeights,
  parseProjectFiles,
  serializeProjectFiles,
  weightsFolderName,
} from '../shared/export/projectFiles';
import * as nodeFs from 'node:fs/promises';
import { blobReaderFor, saveProjectWithBlobs, type BlobFs } from '../electron/projectBlobs';
import { msg } from '../shared/i18n';
import { loadErrors, tr, type Io } from './io';
import type { ExportValues, ImportValues, RecordValues } from './options';
import { useCpuBackend } from './cpuBackend';
import { FileError, MAX_PROJECT_BYTES, readRegularFile, type FileWhat } from './files';

/** JSON files named on the command line (projects, model.json, weight indexes) share the project cap. */
const readText = (path: string, what: FileWhat): string =>
  readRegularFile(path, what, MAX_PROJECT_BYTES).toString('utf8');
/** Binary weights: at most a model's worth (the validator's MAX_WEIGHT_BYTES). */
const readWeights = (path: string): Buffer => readRegularFile(path, 'weights', MAX_WEIGHT_BYTES);

function loadWeightsBundle(path: string): Map<string, ExportTensor> {
  const text = readText(path, 'weightsIndex');
  let index: unknown;
  try {
    index = JSON.parse(text);
  } catch {
    throw new ExportError(msg('errors3.cli.indexJson', { path }));
  }
  const bin = path.replace(/\.json$/, '.bin');
  if (!existsSync(bin)) throw new ExportError(msg('errors3.cli.noBin', { path, bin }));
  return decodeBundle(index, readWeights(bin), path);
}

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** A training output (cli train --out DIR, or the app's): the folder or its model.json. */
export const isTrainingOutput = (p: string) => isDir(p) || basename(p) === 'model.json';

export interface TrainingOutput {
  readonly doc: GraphDoc;
  readonly weights: ReadonlyMap<string, ExportTensor>;
  /** null when the folder has no run.json (a TF.js model from elsewhere). */
  readonly record: RunRecord | null;
}

/**
 * Reads a training output folder: model.json + weights.bin, and run.json when present, which must describe
 * these weights (same hash) and whose graph is used. Throws ExportError / RunRecordError naming the file.
 */
export function readTrainingOutput(path: string): TrainingOutput {
  const dir = isDir(path) ? path : dirname(path);
  const modelJson = join(dir, 'model.json');
  if (!existsSync(modelJson)) throw new ExportError(msg('errors3.cli.noModelJson', { dir }));
  const recordPath = join(dir, RUN_RECORD_FILE);
  const record = existsSync(recordPath) ? parseRunRecord(readText(recordPath, 'runRecord'), recordPath) : null;
  const r = importTfjsModel(readText(modelJson, 'modelJson'), (p) => {
    const file = join(dir, basename(p));
    if (!existsSync(file)) throw new ExportError(msg('errors3.cli.incomplete', { file, dir }));
    return new Uint8Array(readWeights(file));
  });
  if (record) checkRunWeights(record, r.weights, join(dir, 'weights.bin'));
  return { doc: record ? record.graph.doc : r.doc, weights: r.weights, record };
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
    throw new ExportError(
      msg('errors3.cli.cannotWrite', { dir: resolve(dir), error: e instanceof Error ? e.message : String(e) }),
    );
  }
}

/** `export <file> --format F --out DIR`, the options checked by cli/args against cli/options EXPORT. */
export async function exportCommand(
  file: string,
  { format, out, seed, weights: wPath, output, bare }: ExportValues,
  io: Io,
): Promise<number> {
  const options: ExportOptions = {
    ...(output ? { output: output as 'probabilities' | 'logits' } : {}),
    ...(bare ? { bare: true } : {}),
  };
  try {
    await useCpuBackend(tf);
    if (isTrainingOutput(file)) {
      if (wPath) throw new ExportError(msg('errors3.cli.weightsFlag'));
      const t = readTrainingOutput(file);
      io.err(
        t.record
          ? `weights: ${file} (run of ${t.record.createdAt}; test accuracy ${t.record.test ? `${(t.record.test.accuracy * 100).toFixed(2)}%` : 'none'})`
          : `weights: ${file} (no ${RUN_RECORD_FILE}: the export cannot carry the preprocessing)`,
      );
      const files = await exportModel(format, t.doc, t.weights, tf, undefined, { ...options, record: t.record });
      await writeAll(out, files);
      io.out(
        `${tr(io).t('cli.exported', { format: EXPORT_FORMATS[format].label, out: resolve(out) })}\n${files.map((f) => `  ${tr(io).t('cli.fileBytes', { name: f.name, bytes: f.bytes.byteLength })}`).join('\n')}`,
      );
      return 0;
    }
    const parsed = parseProjectFiles(readText(file, 'project'));
    if (!parsed.ok) {
      io.err(`${tr(io).t('cli.cannotOpen', { file })}\n${loadErrors(parsed, io)}`);
      return 2;
    }
    for (const w of parsed.warnings) io.err(tr(io).t('cli.note', { text: w }));
    const stored = await loadStoredWeights(parsed.weights, blobReaderFor(file, nodeFs as unknown as BlobFs));
    if (stored.warning) io.err(tr(io).t('cli.note', { text: stored.warning }));
    const p = { doc: parsed.doc, weights: stored.weights };
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
      io.err(tr(io).t('cli.weightsFile', { file: wPath }));
    } else if (p.weights) {
      weights = p.weights;
      io.err(tr(io).t('cli.weightsProject', { folder: weightsFolderName(basename(file)) }));
    } else {
      weights = weightsFromModel(c.model);
      io.err(tr(io).t('cli.weightsFresh', { seed }));
    }
    c.model.dispose();
    const files = await exportModel(format, doc, weights, tf, undefined, options);
    await writeAll(out, files);
    io.out(
      `${tr(io).t('cli.exported', { format: EXPORT_FORMATS[format].label, out: resolve(out) })}\n${files.map((f) => `  ${tr(io).t('cli.fileBytes', { name: f.name, bytes: f.bytes.byteLength })}`).join('\n')}`,
    );
    return 0;
  } catch (e) {
    if (e instanceof ExportError || e instanceof ImportError || e instanceof FileError || e instanceof RunRecordError) {
      io.err(tr(io).t('cli.exportFailed', { error: e.msg }));
      return 1;
    }
    if (e instanceof RollbackError) {
      io.err(tr(io).t('cli.exportFailedPartly', { error: e.message }));
      return 1;
    }
    throw e;
  }
}

/** model.json (TF.js Layers, weights beside it) or train.py's trained.weights.json (graph from run.json or --project). */
function importJson(file: string, project: string | undefined) {
  const text = readText(file, 'modelJson');
  const folder = dirname(file);
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    // importTfjsModel says what is wrong with it
  }
  const bundle = !!parsed && typeof parsed === 'object' && (parsed as { format?: unknown }).format === BUNDLE_FORMAT;
  return bundle
    ? { doc: graphForWeights(file, project), weights: loadWeightsBundle(file), warnings: [] as string[] }
    : importTfjsModel(text, (p) => {
        const path = join(folder, basename(p));
        return existsSync(path) ? new Uint8Array(readWeights(path)) : undefined;
      });
}

/** The graph for a weights file of train.py: --project, else run.json beside it. */
function graphForWeights(file: string, project: string | undefined): GraphDoc {
  if (project) {
    const p = parseProject(readText(project, 'project'));
    if (!p.ok) throw new ImportError(`Cannot open ${project}: ${p.errors.slice(0, 3).join(' ')}`);
    return p.doc;
  }
  const recordPath = join(dirname(file), RUN_RECORD_FILE);
  if (!existsSync(recordPath)) throw new ImportError(msg('errors3.cli.noRecord', { file, record: RUN_RECORD_FILE }));
  return parseRunRecord(readText(recordPath, 'runRecord'), recordPath).graph.doc;
}

/** An ONNX file: a model's weights (MAX_WEIGHT_BYTES) and its graph. */
const MAX_ONNX_BYTES = MAX_WEIGHT_BYTES + MAX_PROJECT_BYTES;

/** `import <model.onnx|model.json|trained.weights.json> --out <file.cnn.json> [--project P]`. */
export async function importCommand(file: string, values: ImportValues, io: Io): Promise<number> {
  const { out, project } = values;
  const foldBatchNorm = values['fold-batchnorm'] === true;
  try {
    const onnx = /\.onnx$/i.test(file);
    if (foldBatchNorm && !onnx) {
      io.err(`--fold-batchnorm applies to ONNX models (.onnx) only; ${basename(file)} is not one.`);
      return 2;
    }
    const r = onnx
      ? importOnnxModel(
          new Uint8Array(readRegularFile(file, 'onnx', MAX_ONNX_BYTES)),
          basename(file).replace(/\.onnx$/i, ''),
          { foldBatchNorm },
        )
      : importJson(file, project);
    for (const w of r.warnings) io.err(tr(io).t('cli.note', { text: w }));
    await useCpuBackend(tf);
    const c = compile(r.doc, tf);
    if (!c.ok) {
      io.err(
        `${tr(io).t('cli.importProblems')}\n${c.problems.map((q) => `  - ${q.nodeId ?? ''}: ${tr(io).msg(q.msg)}`).join('\n')}`,
      );
      return 1;
    }
    const { applyWeights } = await import('../shared/export');
    try {
      applyWeights(tf, c.model, r.weights);
    } finally {
      c.model.dispose();
    }
    mkdirSync(dirname(resolve(out)), { recursive: true });
    const saved = serializeProjectFiles(r.doc, r.weights);
    await saveProjectWithBlobs(out, saved.text, saved.blobs, { fs: nodeFs as unknown as BlobFs });
    io.out(
      tr(io).t('cli.imported', {
        nodes: r.doc.nodes.length,
        tensors: r.weights.size,
        out: resolve(out),
        folder: weightsFolderName(basename(out)),
      }),
    );
    return 0;
  } catch (e) {
    if (e instanceof ExportError || e instanceof ImportError || e instanceof FileError || e instanceof RunRecordError) {
      io.err(tr(io).t('cli.importFailed', { error: e.msg }));
      return 1;
    }
    throw e;
  }
}

/** `record <DIR|run.json> [--json]`: the run record, after checking the weights beside it are its own. */
export async function recordCommand(file: string, { json }: RecordValues, io: Io): Promise<number> {
  try {
    const dir = isDir(file) ? file : dirname(file);
    const recordPath = join(dir, RUN_RECORD_FILE);
    if (!existsSync(recordPath))
      throw new RunRecordError(msg('errors2.record.notOutput', { dir, file: RUN_RECORD_FILE }));
    let record: RunRecord;
    if (existsSync(join(dir, 'model.json'))) {
      await useCpuBackend(tf);
      const t = readTrainingOutput(dir);
      record = t.record!;
    } else {
      record = parseRunRecord(readText(recordPath, 'runRecord'), recordPath);
      io.err(tr(io).t('cli.recordUnchecked', { dir }));
    }
    io.out(json ? serializeRunRecord(record).trimEnd() : describeRunRecord(record, tr(io).t).join('\n'));
    return 0;
  } catch (e) {
    if (e instanceof ExportError || e instanceof ImportError || e instanceof FileError || e instanceof RunRecordError) {
      io.err(tr(io).msg(e.msg));
      return 1;
    }
    throw e;
  }
}
