// Command-line interface: `npm run cli -- <command> ...`.
import { analyse, parseProject, type GraphDoc } from '../shared/graph';
import { FileError, readProjectText } from './files';
import { problemsText, summaryText } from './summary';

export interface Io { out(s: string): void; err(s: string): void }

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  summary <file.cnn.json> [--batch N]   Keras-style table (layer, output shape, receptive field, params, MACs) and problems
  validate <file.cnn.json>              List problems; exits 1 if there are errors
  train <file.cnn.json> --dataset mnist|cifar10|idx|synthetic [--epochs N] [--limit N] --out DIR
                                        Train on the CPU (fast kernels) and save a TF.js model (train --help)
  export <file.cnn.json> --format tfjs|onnx|pytorch --out DIR [--weights F]
                                        Write the model for other tools (atomically: all files or none)
  import <model.json> --out <file.cnn.json>
                                        Open a TF.js Layers model as an editable project with its weights
  help                                  This text`;

function readProject(path: string | undefined, io: Io): GraphDoc | null {
  if (!path) { io.err('Missing file argument.\n\n' + USAGE); return null; }
  let text: string;
  try {
    text = readProjectText(path);
  } catch (e) {
    if (e instanceof FileError) { io.err(e.message); return null; }
    throw e;
  }
  const r = parseProject(text);
  if (!r.ok) { io.err(`Cannot open ${path}:\n${r.errors.map((e) => `  - ${e}`).join('\n')}`); return null; }
  for (const w of r.warnings) io.err(`note: ${w}`);
  return r.doc;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Runs a command and returns the process exit code (0 ok, 1 validation errors, 2 usage/file errors). */
export async function run(argv: string[], io: Io): Promise<number> {
  const [cmd, ...args] = argv;
  switch (cmd) {
    case 'summary': {
      const doc = readProject(args[0], io);
      if (!doc) return 2;
      const batch = Number(option(args, '--batch') ?? 1);
      if (!Number.isInteger(batch) || batch < 1) { io.err('--batch must be a positive whole number.'); return 2; }
      const a = analyse(doc);
      io.out(summaryText(a, batch));
      io.out('\nProblems:\n' + problemsText(a.problems));
      return 0;
    }
    case 'validate': {
      const doc = readProject(args[0], io);
      if (!doc) return 2;
      const a = analyse(doc);
      const t = a.totals;
      io.out(problemsText(a.problems));
      io.out(`\n${t.errors} error(s), ${t.warnings} warning(s), ${t.infos} info(s).`);
      return t.errors ? 1 : 0;
    }
    case undefined: case 'help': case '--help': case '-h':
      io.out(USAGE);
      return cmd === undefined ? 2 : 0;
    default: {
      const more = await import('./commands').then((m) => m.COMMANDS[cmd]).catch(() => undefined);
      if (more) return more(args, io);
      io.err(`Unknown command "${cmd}".\n\n${USAGE}`);
      return 2;
    }
  }
}

/**
 * When whoever reads our output goes away (`summary big.cnn.json | head`), stop at once and quietly
 * with status 0, as a command killed by SIGPIPE would stop: the rest of the output has no reader.
 */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    // Anything else (a full disk behind `> out.txt`) is a failure, but still not a stack trace.
    if (stream !== process.stderr) process.stderr.write(`Cannot write the output: ${e.message}\n`);
    process.exit(2);
  });
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!);
if (isMain) {
  exitQuietlyOnClosedPipe(process.stdout);
  exitQuietlyOnClosedPipe(process.stderr);
  run(process.argv.slice(2), { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') })
    .then((code) => { process.exitCode = code; })
    .catch((e) => { process.stderr.write(`Unexpected error: ${e instanceof Error ? e.message : String(e)}\n`); process.exitCode = 2; });
}
