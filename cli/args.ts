// Command-line options from one table per command: Node's util.parseArgs (strict) reads them, the table's
// types and ranges check them, and the same table writes the usage text. Unknown options are refused
// with the nearest known name ("Unknown option --bach. Did you mean --batch?"), never ignored.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { english, translator, type Msg, type MsgParams, type Translator } from '../shared/i18n';

interface Common {
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
  /** The default is not a constant: the usage says cliHelp.cmd.<id>.default.<name> ("0.001; 0.01 for sgd"). */
  readonly defaultText?: true;
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
  /** As the usage shows it: <file.cnn.json>. The message when it is missing is cliHelp.cmd.<id>.missing.<i>. */
  readonly name: string;
}

/**
 * A command's whole command line: its positionals (all required) and its options. Its words are in the
 * catalogues under cliHelp.cmd.<id>: summary, missing.<i>, opt.<name> (each option's help), notes.
 */
export interface CommandSpec<T extends OptionTable = OptionTable> {
  readonly id: string;
  readonly positionals: readonly Positional[];
  readonly options: T;
  /** cliHelp.cmd.<id>.notes: more text under the options in the command's --help. */
  readonly notes?: true;
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

/**
 * A mistake on the command line: the CLI prints the message (`msg`, in its language) and the command's usage,
 * and exits 2. `message` is the English, for logs.
 */
export class UsageError extends Error {
  readonly msg: Msg;
  constructor(key: string | Msg, params?: MsgParams) {
    const msg: Msg = typeof key === 'string' ? { key, ...(params ? { params } : {}) } : key;
    super(english(msg));
    this.msg = msg;
  }
}

const HELP: FlagOption = { type: 'boolean' };
const ENGLISH = translator('en');
const E = 'cliHelp.error';

/** A missing positional's message: cliHelp.cmd.<id>.missing.<i> (the run reference is quoted where it is used). */
export const missingMsg = (spec: CommandSpec, i: number): Msg => ({
  key: `cliHelp.cmd.${spec.id}.missing.${i}`,
  params: { runRef: { key: 'cliHelp.runRef' } },
});

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

/** "Unknown option --bach." with " Did you mean --batch?" when a known name is near. */
export function withNearest(text: Msg, near: readonly string[]): Msg {
  if (!near.length) return text;
  // the names are joined with the catalogue's " or " at display time: a message per name, nested
  const names = near
    .slice(1)
    .reduce<Msg | string>((acc, n) => ({ key: `${E}.joinOr`, params: { a: acc, b: n } }), near[0]);
  return { key: `${E}.didYouMean`, params: { text, names } };
}

function unknownOption(raw: string, table: OptionTable): UsageError {
  const near = nearest(raw.replace(/^-+/, ''), [...Object.keys(table), 'help']).map((n) => `--${n}`);
  return new UsageError(withNearest({ key: `${E}.unknownOption`, params: { option: raw } }, near));
}

const isNumeric = (s: OptionSpec): s is NumberOption => s.type === 'int' || s.type === 'number';
const looksNegative = (v: string) => /^-(\d|\.\d)/.test(v);

/** "DIR", "N", "tfjs|onnx|pytorch": what follows the option's name in the usage. */
function argText(s: OptionSpec): string {
  if (s.type === 'boolean') return '';
  if (s.type === 'string' && s.choices) return s.choices.join('|');
  return s.arg ?? (isNumeric(s) ? (s.type === 'int' ? 'N' : 'X') : 'VALUE');
}

/** A number option's range as a message: "a whole number 1..4096", "a number above 0 and below 10". */
export function rangeMsg(s: NumberOption): Msg {
  const R = 'cliHelp.range';
  const what: Msg = { key: s.type === 'int' ? `${R}.int` : `${R}.number` };
  if (s.min !== undefined && s.max !== undefined && s.above === undefined && s.below === undefined)
    return { key: `${R}.between`, params: { what, min: s.min, max: s.max } };
  const parts: Msg[] = [];
  if (s.min !== undefined) parts.push({ key: `${R}.min`, params: { n: s.min } });
  if (s.above !== undefined) parts.push({ key: `${R}.above`, params: { n: s.above } });
  if (s.max !== undefined) parts.push({ key: `${R}.max`, params: { n: s.max } });
  if (s.below !== undefined) parts.push({ key: `${R}.below`, params: { n: s.below } });
  if (!parts.length) return what;
  const bounds = parts.slice(1).reduce<Msg>((a, b) => ({ key: `${R}.joinAnd`, params: { a, b } }), parts[0]);
  return { key: `${R}.bounded`, params: { what, bounds } };
}

/** The range in `t`'s language (English by default). */
export const rangeText = (s: NumberOption, t: Translator = ENGLISH): string => t.msg(rangeMsg(s));

function checkNumber(name: string, s: NumberOption, text: string): number {
  const n = text.trim() === '' ? NaN : Number(text);
  const ok =
    Number.isFinite(n) &&
    (s.type === 'number' || Number.isInteger(n)) &&
    (s.min === undefined || n >= s.min) &&
    (s.max === undefined || n <= s.max) &&
    (s.above === undefined || n > s.above) &&
    (s.below === undefined || n < s.below);
  if (!ok) throw new UsageError(`${E}.mustBe`, { name, value: text, range: rangeMsg(s) });
  return n;
}

function checkString(name: string, s: StringOption, text: string): string {
  if (s.choices && !s.choices.includes(text)) {
    const what: Msg = s.noun
      ? { key: `${E}.choiceNoun`, params: { noun: { key: `cliHelp.noun.${s.noun}` }, value: text } }
      : { key: `${E}.choiceOption`, params: { name, value: text } };
    throw new UsageError(`${E}.unknownChoice`, { what, choices: s.choices.join(', ') });
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
      if (t.value !== undefined) throw new UsageError(`${E}.noValue`, { option: t.rawName, value: t.value });
      continue;
    }
    const needs = { option: t.rawName, arg: argText(s) };
    if (t.value === undefined) throw new UsageError(`${E}.needsValue`, needs);
    if (!t.inlineValue && t.value.startsWith('-')) {
      // A negative number is a value (`--seed -5`); anything else starting with a dash is the next option.
      if (isNumeric(s) && looksNegative(t.value)) {
        negative.add(t.index);
        continue;
      }
      throw new UsageError(`${E}.needsValueNotOption`, { ...needs, value: t.value });
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
      throw new UsageError(`${E}.parse`, { error: (e as Error).message });
    throw e;
  }
  const { values: raw, positionals } = parsed;
  if (raw.help) return null;

  if (positionals.length < spec.positionals.length) throw new UsageError(missingMsg(spec, positionals.length));
  if (positionals.length > spec.positionals.length) {
    const extra = positionals[spec.positionals.length];
    const takes: Msg = spec.positionals.length
      ? { key: `${E}.takesOnly`, params: { names: spec.positionals.map((p) => p.name).join(' ') } }
      : { key: `${E}.takesNothing` };
    throw new UsageError(extra.startsWith('-') ? `${E}.unexpected` : `${E}.unexpectedLostDashes`, {
      arg: extra,
      takes,
    });
  }
  const values: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(table)) {
    const v = raw[name];
    if (s.type === 'boolean') {
      values[name] = v === true;
      continue;
    }
    if (typeof v !== 'string') {
      if (s.required) throw new UsageError(`${E}.required`, { name, arg: argText(s) });
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

function defaultText(spec: CommandSpec, name: string, s: OptionSpec, t: Translator): string | undefined {
  if (s.type === 'boolean') return undefined;
  if (s.type !== 'string' && s.defaultText) return t.t(`cliHelp.cmd.${spec.id}.default.${name}`);
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

/** What a command does, in `t`'s language (cliHelp.cmd.<id>.summary). */
export const commandSummary = (spec: CommandSpec, t: Translator = ENGLISH): string =>
  t.t(`cliHelp.cmd.${spec.id}.summary`);

/** An option's help, in `t`'s language (cliHelp.cmd.<id>.opt.<name>). */
export const optionHelp = (spec: CommandSpec, name: string, t: Translator = ENGLISH): string =>
  t.t(`cliHelp.cmd.${spec.id}.opt.${name}`);

/**
 * A command's --help, in `t`'s language: its synopsis, what it does, and every option with its values, range
 * and default.
 */
export function commandUsage(prog: string, name: string, spec: CommandSpec, t: Translator = ENGLISH): string {
  const rows: [string, string][] = Object.entries(spec.options).map(([n, s]) => {
    const arg = argText(s);
    const dflt = defaultText(spec, n, s, t);
    const notes = [
      s.type === 'int' || s.type === 'number' ? rangeText(s, t) : '',
      s.type !== 'boolean' && s.required ? t.t('cliHelp.required') : '',
      dflt !== undefined ? t.t('cliHelp.default', { value: dflt }) : '',
    ].filter(Boolean);
    const help = optionHelp(spec, n, t);
    return [
      `--${n}${arg ? ` ${arg}` : ''}`,
      notes.length ? t.t('cliHelp.withNotes', { help, notes: notes.join(t.t('cliHelp.notesSep')) }) : help,
    ];
  });
  rows.push(['-h, --help', t.t('cliHelp.helpOption')]);
  const notes = spec.notes ? `\n\n${t.t(`cliHelp.cmd.${spec.id}.notes`, { runRef: t.t('cliHelp.runRef') })}` : '';
  return `${t.t('cliHelp.usage', { prog, synopsis: synopsis(name, spec) })}\n\n${commandSummary(spec, t)}\n\n${t.t('cliHelp.options')}\n${columns(rows, 22)}${notes}`;
}
