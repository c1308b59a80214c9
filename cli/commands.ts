// The CLI's commands in one table: name -> its command line (cli/options.ts, from which parsing and the
// usage text are derived) and what it runs. train, export and import load tfjs, so their modules are
// imported when they run, not when the CLI starts.
import { analyse, parseProject, type GraphDoc } from '../shared/graph';
import { missingMsg, parseCommand, UsageError, type CommandSpec, type OptionTable, type Parsed } from './args';
import { FileError, readProjectText } from './files';
import { loadErrors, tr, type Io } from './io';
import { EXPORT, IMPORT, RECORD, RUNS, RUNS_COMPARE, RUNS_LIST, SUMMARY, TRAIN, VALIDATE } from './options';
import { problemsText, summaryText } from './summary';

export interface Command {
  readonly spec: CommandSpec;
  /** Parses `argv` (the words after the command's name) and runs; null when --help was asked for. Throws UsageError. */
  parseAndRun(argv: readonly string[], io: Io): Promise<number | null>;
}

function command<T extends OptionTable>(spec: CommandSpec<T>, run: (p: Parsed<T>, io: Io) => Promise<number>): Command {
  return {
    spec,
    async parseAndRun(argv, io) {
      const p = parseCommand(spec, argv);
      return p && run(p, io);
    },
  };
}

function readProject(path: string, io: Io): GraphDoc | null {
  let text: string;
  try {
    text = readProjectText(path);
  } catch (e) {
    if (e instanceof FileError) {
      io.err(tr(io).msg(e.msg));
      return null;
    }
    throw e;
  }
  const r = parseProject(text);
  if (!r.ok) {
    io.err(`${tr(io).t('cli.cannotOpen', { file: path })}\n${loadErrors(r, io)}`);
    return null;
  }
  for (const w of r.warnings) io.err(tr(io).t('cli.note', { text: w }));
  return r.doc;
}

/** Exit codes: 0 ok, 1 the input has errors (validation, training, export), 2 usage or file errors. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  summary: command(SUMMARY, async ({ positionals: [file], values }, io) => {
    const doc = readProject(file, io);
    if (!doc) return 2;
    const a = analyse(doc);
    io.out(summaryText(a, values.batch, tr(io)));
    io.out(`\n${tr(io).t('cli.problems')}\n${problemsText(a.problems, tr(io))}`);
    return 0;
  }),
  validate: command(VALIDATE, async ({ positionals: [file] }, io) => {
    const doc = readProject(file, io);
    if (!doc) return 2;
    const a = analyse(doc);
    const t = a.totals;
    io.out(problemsText(a.problems, tr(io)));
    io.out(`\n${tr(io).t('cli.counts', { errors: t.errors, warnings: t.warnings, infos: t.infos })}`);
    return t.errors ? 1 : 0;
  }),
  train: command(TRAIN, async ({ positionals: [file], values }, io) =>
    (await import('./train')).trainCommand(file, values, io),
  ),
  export: command(EXPORT, async ({ positionals: [file], values }, io) =>
    (await import('./export')).exportCommand(file, values, io),
  ),
  import: command(IMPORT, async ({ positionals: [file], values }, io) =>
    (await import('./export')).importCommand(file, values, io),
  ),
  record: command(RECORD, async ({ positionals: [file], values }, io) =>
    (await import('./export')).recordCommand(file, values, io),
  ),
  runs: {
    spec: RUNS,
    // Two actions, each parsed strictly against its own table.
    async parseAndRun([action, ...rest], io) {
      if (action === undefined) throw new UsageError(missingMsg(RUNS, 0));
      if ([action, ...rest].some((a) => a === '--help' || a === '-h')) return null;
      const runs = await import('./runs');
      if (action === 'list') {
        const p = parseCommand(RUNS_LIST, rest);
        return p && runs.runsListCommand(p.positionals[0], p.values, io);
      }
      if (action === 'compare') {
        const p = parseCommand(RUNS_COMPARE, rest);
        return p && runs.runsCompareCommand(p.positionals[0], p.positionals[1], p.values, io);
      }
      throw new UsageError('cliHelp.error.unknownAction', { action });
    },
  },
};

/** The command called `name`, if there is one (not an Object.prototype property such as "constructor"). */
export const commandNamed = (name: string): Command | undefined =>
  Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
