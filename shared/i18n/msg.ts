// A message as data: a catalogue key and the values it quotes. shared/graph builds problems and fixes as
// messages (never as sentences); the renderer and the CLI render them in the user's locale (./index.ts).
// `english` renders one with the `en` catalogue, for the `message`/`label` strings logs and thrown errors keep.

import { en } from './en';

/** A value a message quotes: a number (formatted for the locale), a string (quoted as is) or another message. */
export type MsgParam = string | number | Msg;
export type MsgParams = Readonly<Record<string, MsgParam>>;

export interface Msg {
  /** A key of the catalogues, e.g. 'problem.kernel-too-large'. */
  readonly key: string;
  readonly params?: MsgParams;
}

/** A catalogue: nested objects whose leaves are strings with `{{name}}` or `{{name, number}}` placeholders. */
export interface CatalogueTree {
  readonly [k: string]: string | CatalogueTree;
}

/** Look a dotted key up in a catalogue tree; undefined when absent. */
export function lookup(tree: CatalogueTree, key: string): string | undefined {
  let node: string | CatalogueTree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = Object.prototype.hasOwnProperty.call(node, part) ? node[part] : undefined;
  }
  return typeof node === 'string' ? node : undefined;
}

/** The placeholders of a catalogue string, sorted: '{{n, number}} of {{total}}' -> ['n', 'total']. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]).sort();
}

/**
 * Fill a template: `{{name}}` takes the value as it is, `{{name, number}}` formats a number with `locale`'s
 * grouping. A message-valued param is rendered first with `render`. Missing params show as `{{name}}`.
 */
export function interpolate(
  template: string,
  params: MsgParams | undefined,
  locale: string,
  render: (m: Msg) => string,
): string {
  return template.replace(
    /\{\{\s*([A-Za-z0-9_]+)\s*(?:,\s*([a-z]+)\s*)?\}\}/g,
    (whole, name: string, format?: string) => {
      const v = params?.[name];
      if (v === undefined) return whole;
      if (typeof v === 'object') return render(v);
      if (typeof v === 'number' && format === 'number') return formatNumber(v, locale);
      return String(v);
    },
  );
}

const numberFormats = new Map<string, Intl.NumberFormat>();
/** A number with the locale's digit grouping: 1234567 -> '1,234,567'. */
export function formatNumber(n: number, locale: string): string {
  let f = numberFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
    numberFormats.set(locale, f);
  }
  return f.format(n);
}

const englishTables: CatalogueTree[] = [];
/**
 * Adds English entries kept beside their code (the layer catalogue registers its labels here, see
 * shared/graph/catalogue.ts), so `english` can quote a parameter's label in a problem.
 */
export function addEnglish(tree: CatalogueTree): void {
  englishTables.push(tree);
}

/** A message in English (the `en` catalogue); the key itself if the catalogue lacks it. */
export function english(m: Msg): string {
  let text = lookup(en, m.key);
  for (const tree of englishTables) text ??= lookup(tree, m.key);
  return text === undefined ? m.key : interpolate(text, m.params, 'en-US', english);
}

/** A problem's message: the data and its English rendering, to spread into a Problem. */
export function say(key: string, params?: MsgParams): { readonly msg: Msg; readonly message: string } {
  const msg: Msg = params ? { key, params } : { key };
  return { msg, message: english(msg) };
}

/** A fix's label: the data and its English rendering, to spread into a Fix. */
export function fixSay(key: string, params?: MsgParams): { readonly msg: Msg; readonly label: string } {
  const msg: Msg = params ? { key, params } : { key };
  return { msg, label: english(msg) };
}

/** A message or a message's key and values: what an error class's constructor takes (see `MessageOf`). */
export type MsgOrText = string | Msg;

/**
 * The message of a thrown value, as data: an error built from a message (ExportError, ImportError, DataError,
 * FileError... given a Msg) keeps it as `msg`; any other error's own text is quoted as it is (errors2.text).
 */
export function messageOf(e: unknown): Msg {
  const m = (e as { msg?: unknown } | null)?.msg;
  if (isMsg(m)) return m;
  return { key: 'errors2.text', params: { text: e instanceof Error ? e.message : String(e) } };
}

/** True for a message value ({key, params?}). */
export function isMsg(v: unknown): v is Msg {
  return typeof v === 'object' && v !== null && typeof (v as Msg).key === 'string';
}

/**
 * What an error class's constructor does with its argument: a sentence is kept as it is (untranslated); a
 * message keeps its data for the reader's language (`msg`) and its English for logs (`message`).
 */
export function errorText(m: MsgOrText): { readonly message: string; readonly msg: Msg } {
  return typeof m === 'string'
    ? { message: m, msg: { key: 'errors2.text', params: { text: m } } }
    : { message: english(m), msg: m };
}

/** A message: `msg('errors2.x', {n: 1})` is {key: 'errors2.x', params: {n: 1}}. */
export const msg = (key: string, params?: MsgParams): Msg => (params ? { key, params } : { key });

/** A catalogue with exactly the keys of `T` (zh-CN against en), each leaf a string. */
export type SameKeys<T> = { readonly [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };

/** Messages joined by a space or a line break (errors3.join), e.g. a list of problems in one thrown error. */
export function joinMsgs(list: readonly Msg[], by: 'space' | 'line'): Msg {
  if (list.length === 0) return msg('errors2.text', { text: '' });
  return list.reduce((a, b) => msg(`errors3.join.${by}`, { a, b }));
}
