// Command-line interface: `npm run cli -- <command> ...`. The commands and their options are tables
// (cli/commands.ts, cli/options.ts); this file dispatches and writes the usage text from them.
import { columns, commandSummary, commandUsage, nearest, synopsis, UsageError, withNearest } from './args';
import { COMMANDS, commandNamed } from './commands';
import { detectLocale, isLocale, LOCALES, translator, type Locale, type Translator } from '../shared/i18n';
import { tr, type Io } from './io';

const PROG = 'npm run cli --';

/** The CLI's --help, in `t`'s language. */
function usage(t: Translator): string {
  const rows: [string, string][] = Object.entries(COMMANDS).map(([name, c]) => [
    synopsis(name, c.spec),
    commandSummary(c.spec, t),
  ]);
  rows.push(['help [command]', t.t('cliHelp.helpCommand')]);
  return `${t.t('cliHelp.usageCommands', { prog: PROG })}\n\n${t.t('cliHelp.commands')}\n${columns(rows, 36)}`;
}

/** Runs a command and returns the process exit code (0 ok, 1 validation errors, 2 usage/file errors). */
/**
 * Takes `--lang L` / `--lang=L` out of the arguments (any position: it applies to every command). Throws
 * UsageError for an unknown language or a missing value.
 */
export function takeLang(argv: readonly string[]): { lang: Locale | undefined; rest: string[] } {
  const rest: string[] = [];
  let lang: Locale | undefined;
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
    if (v === undefined || v === '') throw new UsageError('cli.missingLang', { locales });
    if (!isLocale(v)) throw new UsageError('cli.badLang', { lang: v, locales });
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
    // no --lang to go by: the language of LANG
    ioIn.err(translator(ioIn.locale ?? cliLocale(undefined, env)).msg(e.msg));
    return 2;
  }
  const io: Io = { ...ioIn, locale: taken.lang ?? ioIn.locale ?? cliLocale(undefined, env) };
  const t = tr(io);
  const [cmd, ...args] = taken.rest;
  if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    const about = cmd === 'help' && args[0] !== undefined ? commandNamed(args[0]) : undefined;
    if (about) {
      io.out(commandUsage(PROG, args[0], about.spec, t));
      return 0;
    }
    if (cmd === 'help' && args[0] !== undefined) {
      io.err(unknownCommand(args[0], t));
      return 2;
    }
    io.out(usage(t));
    return cmd === undefined ? 2 : 0;
  }
  const c = commandNamed(cmd);
  if (!c) {
    io.err(unknownCommand(cmd, t));
    return 2;
  }
  try {
    const code = await c.parseAndRun(args, io);
    if (code === null) {
      io.out(commandUsage(PROG, cmd, c.spec, t));
      return 0;
    }
    return code;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${t.msg(e.msg)}\n\n${commandUsage(PROG, cmd, c.spec, t)}`);
      return 2;
    }
    throw e;
  }
}

function unknownCommand(name: string, t: Translator): string {
  const near = nearest(name, Object.keys(COMMANDS));
  return `${t.msg(withNearest({ key: 'cliHelp.error.unknownCommand', params: { name } }, near))}\n\n${usage(t)}`;
}

/**
 * When whoever reads our output goes away (`summary big.cnn.json | head`), stop at once and quietly
 * with status 0, as a command killed by SIGPIPE would stop: the rest of the output has no reader.
 */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    // Anything else (a full disk behind `> out.txt`) is a failure, but still not a stack trace.
    if (stream !== process.stderr)
      process.stderr.write(`${processT().t('cliHelp.error.cannotWrite', { error: e.message })}\n`);
    process.exit(2);
  });
}

/** The translator of this process's language (LANG; `--lang` where given). */
function processT(): Translator {
  let lang: Locale | undefined;
  try {
    lang = takeLang(process.argv.slice(2)).lang;
  } catch {
    lang = undefined;
  }
  return translator(cliLocale(lang, process.env));
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
      process.stderr.write(
        `${processT().t('cliHelp.error.unexpectedError', { error: e instanceof Error ? e.message : String(e) })}\n`,
      );
      process.exitCode = 2;
    });
}
