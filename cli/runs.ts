// `runs list` and `runs compare`: the run history kept in project files (shared/export/projectFiles.ts) and the
// run records of training output folders (cli train --out), listed and compared without tfjs.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseProjectFiles } from '../shared/export/projectFiles';
import { compareRuns, describeComparison, runSummaryLine, typesOf } from '../shared/train/runCompare';
import { parseRunRecord, RUN_RECORD_FILE, RunRecordError, type RunRecord } from '../shared/train/runRecord';
import { FileError, MAX_PROJECT_BYTES, readRegularFile, type FileWhat } from './files';
import { loadErrors, tr, type Io } from './io';
import type { RunsCompareValues, RunsListValues } from './options';

interface FoundRun {
  /** How to name it on the command line (runs compare). */
  readonly ref: string;
  readonly id: string;
  readonly record: RunRecord;
}

const readText = (path: string, what: FileWhat) => readRegularFile(path, what, MAX_PROJECT_BYTES).toString('utf8');
const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** The runs a project keeps; warnings about what was left out go to `io.err`. */
function projectRuns(file: string, io: Io): FoundRun[] {
  const p = parseProjectFiles(readText(file, 'project'));
  if (!p.ok) throw new FileError(`${tr(io).t('cli.cannotOpen', { file })}\n${loadErrors(p, io)}`);
  for (const w of p.warnings) io.err(tr(io).t('cli.note', { text: `${file}: ${w}` }));
  return p.runs.map((r) => ({ ref: `${file}#${r.id}`, id: r.id, record: r.record }));
}

function outputRun(dirOrRecord: string, io: Io): FoundRun {
  const file = isDir(dirOrRecord) ? join(dirOrRecord, RUN_RECORD_FILE) : dirOrRecord;
  if (!existsSync(file))
    throw new FileError(tr(io).t('runs.notOutput', { target: dirOrRecord, file: RUN_RECORD_FILE }));
  return { ref: dirOrRecord, id: basename(dirOrRecord), record: parseRunRecord(readText(file, 'runRecord'), file) };
}

function listRuns(target: string, io: Io): FoundRun[] {
  if (!isDir(target)) return projectRuns(target, io);
  if (existsSync(join(target, RUN_RECORD_FILE))) return [outputRun(target, io)];
  const found: FoundRun[] = [];
  for (const name of readdirSync(target).sort()) {
    const p = join(target, name);
    if (name.endsWith('.cnn.json') && !isDir(p)) found.push(...projectRuns(p, io));
    else if (isDir(p) && existsSync(join(p, RUN_RECORD_FILE))) found.push(outputRun(p, io));
  }
  return found;
}

/** `net.cnn.json#run-2`, a training output folder or its run.json. */
function findRun(ref: string, io: Io): FoundRun {
  const hash = ref.lastIndexOf('#');
  if (hash > 0 && !existsSync(ref)) {
    const file = ref.slice(0, hash),
      id = ref.slice(hash + 1);
    const runs = projectRuns(file, io);
    const r = runs.find((x) => x.id === id);
    if (!r)
      throw new FileError(
        runs.length
          ? tr(io).t('runs.unknownRun', { file, id, ids: runs.map((x) => x.id).join(', ') })
          : tr(io).t('runs.unknownRunNone', { file, id }),
      );
    return r;
  }
  if (!isDir(ref) && ref.endsWith('.cnn.json')) throw new FileError(tr(io).t('runs.isProject', { ref }));
  return outputRun(ref, io);
}

function fail(e: unknown, io: Io): number {
  if (e instanceof FileError || e instanceof RunRecordError) {
    io.err(tr(io).msg(e.msg));
    return 1;
  }
  throw e;
}

export async function runsListCommand(target: string, { json }: RunsListValues, io: Io): Promise<number> {
  try {
    const runs = listRuns(target, io);
    if (json)
      io.out(
        JSON.stringify(
          runs.map((r) => ({ ref: r.ref, id: r.id, record: r.record })),
          null,
          1,
        ),
      );
    else if (!runs.length) io.out(tr(io).t('runs.noRuns', { target }));
    else for (const r of runs) io.out(runSummaryLine(r.ref, r.record, tr(io).t));
    return 0;
  } catch (e) {
    return fail(e, io);
  }
}

export async function runsCompareCommand(a: string, b: string, { json }: RunsCompareValues, io: Io): Promise<number> {
  try {
    const ra = findRun(a, io),
      rb = findRun(b, io);
    const c = compareRuns(ra.record, rb.record, json ? undefined : tr(io).t); // JSON stays English
    io.out(
      json
        ? JSON.stringify(c, null, 1)
        : describeComparison(ra.ref, rb.ref, c, tr(io).t, typesOf(rb.record.graph.doc)).join('\n'),
    );
    return 0;
  } catch (e) {
    return fail(e, io);
  }
}
