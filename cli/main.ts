// Command-line interface: `npm run cli -- <command> ...`. The commands and their options are tables
// (cli/commands.ts, cli/options.ts); this file dispatches and writes the usage text from them.
import { columns, commandUsage, nearest, synopsis, UsageError } from './args';
import { COMMANDS, commandNamed } from './commands';
import { detectLocale, isLocale, LOCALES, translator, type Locale } from '../shared/i18n';
import type { Io } from './io';

const PROG = 'npm run cli --';

function usage(): string {
  const rows: [string, string][] = Object.entries(COMMANDS).map(([name, c]) => [
    synopsis(name, c.spec),
    c.spec.summary,
  ]);
  rows.push(['help [command]', "This text, or a command's options (also: <command> --help)"]);
  return `Usage: ${PROG} <command> [options]\n\nCommands:\n${columns(rows, 36)}`;
}

/** Runs a command and returns the process exit code (0 ok, 1 validation errors, 2 usage/file errors). */
/**
 * Takes `--lang L` / `--lang=L` out of the arguments (any position: it applies to every command). Throws
 * UsageError for an unknown language or a missing value.
 */
export function takeLang(argv: readonly string[]): { lang: Locale | undefined; rest: string[] } {
  const rest: string[] = [];
  let lang: Locale | undefined;
  const en = translator('en');
  const locales = LOCALES.join(', ');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (a !== '--lang' && !a.startsWith('--lang=')) {
      rest.push(a);
      continue;
    }
    const v = a === '--lang' ? argv[++i] : a.slice('--lang='.length);
    if (v === undefined || v === '') throw new UsageError(en.t('cli.missingLang', { locales }));
    if (!isLocale(v)) throw new UsageError(en.t('cli.badLang', { lang: v, locales }));
    lang = v;
  }
  return { lang, rest };
}

/** The CLI's language: `--lang`, else the POSIX locale variables in their order of precedence, else English. */
export function cliLocale(lang: Locale | undefined, env: Readonly<Record<string, string | undefined>>): Locale {
  return lang ?? detectLocale(env.LC_ALL, env.LC_MESSAGES, env.LANG);
}

export async function run(
  argvIn: string[],
  ioIn: Io,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<number> {
  let taken;
  try {
    taken = takeLang(argvIn);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    ioIn.err(e.message);
    return 2;
  }
  const io: Io = { ...ioIn, locale: taken.lang ?? ioIn.locale ?? cliLocale(undefined, env) };
  const [cmd, ...args] = taken.rest;
  if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    const about = cmd === 'help' && args[0] !== undefined ? commandNamed(args[0]) : undefined;
    if (about) {
      io.out(commandUsage(PROG, args[0], about.spec));
      return 0;
    }
    if (cmd === 'help' && args[0] !== undefined) {
      io.err(unknownCommand(args[0]));
      return 2;
    }
    io.out(usage());
    return cmd === undefined ? 2 : 0;
  }
  const c = commandNamed(cmd);
  if (!c) {
    io.err(unknownCommand(cmd));
    return 2;
  }
  try {
    const code = await c.parseAndRun(args, io);
    if (code === null) {
      io.out(commandUsage(PROG, cmd, c.spec));
      return 0;
    }
    return code;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n\n${commandUsage(PROG, cmd, c.spec)}`);
      return 2;
    }
    throw e;
  }
}

function unknownCommand(name: string): string {
  const near = nearest(name, Object.keys(COMMANDS));
  return `Unknown command "${name}".${near.length ? ` Did you mean ${near.join(' or ')}?` : ''}\n\n${usage()}`;
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
  run(
    process.argv.slice(2),
    { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') },
    process.env,
  )
    .then((code) => {
      process.exitCode = code;
    })
    .catch((e) => {
      process.stderr.write(`Unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    });
}
