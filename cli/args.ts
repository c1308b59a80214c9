// Command-line options from one table per command: Node's util.parseArgs (strict) reads them, the table's
// types and ranges check them, and the same table writes the usage text. Unknown options are refused
// with the nearest known name ("Unknown option --bach. Did you mean --batch?"), never ignored.
import { parseArgs, type ParseArgsConfig } from 'node:util';

interface Common {
  readonly help: string;
  /** Shown in the command's one-line synopsis (`[--batch N]`), not only under "Options". */
  readonly brief?: boolean;
}
export interface StringOption extends Common {
  readonly type: 'string';
  /** The value's placeholder in the usage text (DIR, F); the choices when there are some. */
  readonly arg?: string;
  readonly choices?: readonly string[];
  readonly default?: string;
  readonly required?: boolean;
  /** Names the value in "Unknown format "keras": use ..."; without it the message says "Unknown --format keras". */
  readonly noun?: string;
}
export interface NumberOption extends Common {
  /** int: a whole number. */
  readonly type: 'int' | 'number';
  readonly arg?: string;
  readonly default?: number;
  /** What the usage says when the default is not a constant ("0.001; 0.01 for sgd"). */
  readonly defaultText?: string;
  readonly min?: number;
  readonly max?: number;
  /** Exclusive bounds. */
  readonly above?: number;
  readonly below?: number;
  readonly required?: boolean;
}
export interface FlagOption extends Common {
  readonly type: 'boolean';
}
export type OptionSpec = StringOption | NumberOption | FlagOption;
export type OptionTable = Readonly<Record<string, OptionSpec>>;

export interface Positional {
  /** As the usage shows it: <file.cnn.json>. */
  readonly name: string;
  /** The message when it is missing. */
  readonly missing: string;
}

/** A command's whole command line: its positionals (all required) and its options. */
export interface CommandSpec<T extends OptionTable = OptionTable> {
  readonly summary: string;
  readonly positionals: readonly Positional[];
  readonly options: T;
  /** More text under the options in the command's --help. */
  readonly notes?: string;
}

type ValueOf<S> = S extends FlagOption
  ? boolean
  : S extends NumberOption
    ? number
    : S extends { readonly choices: readonly (infer C)[] }
      ? C
      : string;
type Always<S> = S extends FlagOption
  ? true
  : S extends { readonly default: unknown }
    ? true
    : S extends { readonly required: true }
      ? true
      : false;
/** The checked values of a table: numbers as numbers, choices as their literal union, undefined where no default. */
export type Values<T extends OptionTable> = {
  -readonly [K in keyof T]: Always<T[K]> extends true ? ValueOf<T[K]> : ValueOf<T[K]> | undefined;
};

export interface Parsed<T extends OptionTable> {
  readonly positionals: string[];
  readonly values: Values<T>;
}

/** A mistake on the command line: the CLI prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {}

const HELP: FlagOption = { type: 'boolean', help: 'this text' };

/** Levenshtein distance (insert, delete, substitute: 1 each). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** The known names nearest to `name` when near enough to be a typo: 1 edit for names up to 4 letters, else 2. */
export function nearest(name: string, known: readonly string[]): string[] {
  const limit = name.length <= 4 ? 1 : 2;
  let best = limit + 1,
    out: string[] = [];
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < best) {
      best = d;
      out = [k];
    } else if (d === best) out.push(k);
  }
  return out;
}

function unknownOption(raw: string, table: OptionTable): UsageError {
  const near = nearest(raw.replace(/^-+/, ''), [...Object.keys(table), 'help']);
  const hint = near.length ? ` Did you mean ${near.map((n) => `--${n}`).join(' or ')}?` : '';
  return new UsageError(`Unknown option ${raw}.${hint}`);
}

const isNumeric = (s: OptionSpec): s is NumberOption => s.type === 'int' || s.type === 'number';
const looksNegative = (v: string) => /^-(\d|\.\d)/.test(v);

/** "DIR", "N", "tfjs|onnx|pytorch": what follows the option's name in the usage. */
function argText(s: OptionSpec): string {
  if (s.type === 'boolean') return '';
  if (s.type === 'string' && s.choices) return s.choices.join('|');
  return s.arg ?? (isNumeric(s) ? (s.type === 'int' ? 'N' : 'X') : 'VALUE');
}

/** "a whole number 1..4096", "a number above 0 and below 10". */
export function rangeText(s: NumberOption): string {
  const what = s.type === 'int' ? 'a whole number' : 'a number';
  if (s.min !== undefined && s.max !== undefined && s.above === undefined && s.below === undefined)
    return `${what} ${s.min}..${s.max}`;
  const parts = [
    s.min !== undefined && `>= ${s.min}`,
    s.above !== undefined && `above ${s.above}`,
    s.max !== undefined && `<= ${s.max}`,
    s.below !== undefined && `below ${s.below}`,
  ].filter((p): p is string => !!p);
  return parts.length ? `${what} ${parts.join(' and ')}` : what;
}

function checkNumber(name: string, s: NumberOption, text: string): number {
  const n = text.trim() === '' ? NaN : Number(text);
  const ok =
    Number.isFinite(n) &&
    (s.type === 'number' || Number.isInteger(n)) &&
    (s.min === undefined || n >= s.min) &&
    (s.max === undefined || n <= s.max) &&
    (s.above === undefined || n > s.above) &&
    (s.below === undefined || n < s.below);
  if (!ok) throw new UsageError(`--${name} ${text}: must be ${rangeText(s)}.`);
  return n;
}

function checkString(name: string, s: StringOption, text: string): string {
  if (s.choices && !s.choices.includes(text)) {
    const what = s.noun ? `${s.noun} "${text}"` : `--${name} ${text}`;
    throw new UsageError(`Unknown ${what}: use ${s.choices.join(', ')}.`);
  }
  return text;
}

/**
 * Reads `argv` (the words after the command's name) against `spec`. Returns null when --help was asked for;
 * throws a UsageError naming the first mistake: an unknown option (with the nearest known one), a missing or
 * out-of-range value, a missing or extra positional.
 */
export function parseCommand<T extends OptionTable>(spec: CommandSpec<T>, argv: readonly string[]): Parsed<T> | null {
  const table: OptionTable = spec.options;
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, s] of Object.entries(table)) options[name] = { type: s.type === 'boolean' ? 'boolean' : 'string' };

  // First a lenient pass for messages in our words: parseArgs' strict errors do not suggest a near name.
  const args = [...argv];
  const negative = new Set<number>(); // indexes of `--seed` in `--seed -5`
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const word = args[t.index];
    // `-epochs` reads as the short options -e -p -o ...: name the word the user typed.
    if (t.rawName.length === 2 && word.length > 2 && !word.startsWith('--'))
      throw unknownOption(word.split('=')[0], table);
    const s = t.name === 'help' ? HELP : Object.hasOwn(table, t.name) ? table[t.name] : undefined; // not --constructor
    if (!s) throw unknownOption(t.rawName, table);
    if (s.type === 'boolean') {
      if (t.value !== undefined) throw new UsageError(`${t.rawName} takes no value (got "${t.value}").`);
      continue;
    }
    const needs = `${t.rawName} needs a value: ${t.rawName} ${argText(s)}`;
    if (t.value === undefined) throw new UsageError(`${needs}.`);
    if (!t.inlineValue && t.value.startsWith('-')) {
      // A negative number is a value (`--seed -5`); anything else starting with a dash is the next option.
      if (isNumeric(s) && looksNegative(t.value)) {
        negative.add(t.index);
        continue;
      }
      throw new UsageError(`${needs} (${t.value} is an option, not its value).`);
    }
  }
  // Then the strict parse, with `--seed -5` written as `--seed=-5`, which strict mode reads as a value.
  const strictArgs = args.flatMap((a, i) =>
    negative.has(i) ? [`${a}=${args[i + 1]}`] : negative.has(i - 1) ? [] : [a],
  );
  let parsed;
  try {
    parsed = parseArgs({ args: strictArgs, options, strict: true, allowPositionals: true });
  } catch (e) {
    // anything the first pass did not word itself
    if (String((e as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS'))
      throw new UsageError((e as Error).message);
    throw e;
  }
  const { values: raw, positionals } = parsed;
  if (raw.help) return null;

  const missing = spec.positionals.slice(positionals.length)[0];
  if (missing) throw new UsageError(missing.missing);
  if (positionals.length > spec.positionals.length) {
    const extra = positionals[spec.positionals.length];
    const takes = spec.positionals.length ? `only ${spec.positionals.map((p) => p.name).join(' ')}` : 'no arguments';
    throw new UsageError(
      `Unexpected argument "${extra}": this command takes ${takes}` +
        (extra.startsWith('-') ? '.' : ' (did an option lose its leading --?).'),
    );
  }
  const values: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(table)) {
    const v = raw[name];
    if (s.type === 'boolean') {
      values[name] = v === true;
      continue;
    }
    if (typeof v !== 'string') {
      if (s.required) throw new UsageError(`--${name} is required: --${name} ${argText(s)}.`);
      values[name] = s.default;
      continue;
    }
    values[name] = isNumeric(s) ? checkNumber(name, s, v) : checkString(name, s, v);
  }
  return { positionals, values: values as Values<T> };
}

/** `summary <file.cnn.json> [--batch N]`: the positionals, required options, brief options, then [options]. */
export function synopsis(name: string, spec: CommandSpec): string {
  const opts = Object.entries(spec.options);
  const show = (n: string, s: OptionSpec) => `--${n}${s.type === 'boolean' ? '' : ` ${argText(s)}`}`;
  const parts = [
    name,
    ...spec.positionals.map((p) => p.name),
    ...opts.filter(([, s]) => s.type !== 'boolean' && s.required).map(([n, s]) => show(n, s)),
    ...opts.filter(([, s]) => s.brief && !(s.type !== 'boolean' && s.required)).map(([n, s]) => `[${show(n, s)}]`),
  ];
  if (opts.some(([, s]) => !s.brief && !(s.type !== 'boolean' && s.required))) parts.push('[options]');
  return parts.join(' ');
}

function defaultText(s: OptionSpec): string | undefined {
  if (s.type === 'boolean') return undefined;
  if (s.type !== 'string' && s.defaultText) return s.defaultText;
  return s.default === undefined ? undefined : String(s.default);
}

/** Two columns; a first column wider than `width` puts the second on the next line. */
export function columns(rows: readonly (readonly [string, string])[], width: number, indent = '  '): string {
  return rows
    .map(([a, b]) =>
      a.length < width ? `${indent}${a.padEnd(width)}  ${b}` : `${indent}${a}\n${indent}${' '.repeat(width)}  ${b}`,
    )
    .join('\n');
}

/** A command's --help: its synopsis, what it does, and every option with its values, range and default. */
export function commandUsage(prog: string, name: string, spec: CommandSpec): string {
  const rows: [string, string][] = Object.entries(spec.options).map(([n, s]) => {
    const arg = argText(s);
    const notes = [
      s.type === 'int' || s.type === 'number' ? rangeText(s) : '',
      s.type !== 'boolean' && s.required ? 'required' : '',
      defaultText(s) !== undefined ? `default ${defaultText(s)}` : '',
    ].filter(Boolean);
    return [`--${n}${arg ? ` ${arg}` : ''}`, `${s.help}${notes.length ? ` (${notes.join('; ')})` : ''}`];
  });
  rows.push(['-h, --help', HELP.help]);
  return `Usage: ${prog} ${synopsis(name, spec)}\n\n${spec.summary}\n\nOptions:\n${columns(rows, 22)}${spec.notes ? `\n\n${spec.notes}` : ''}`;
}
