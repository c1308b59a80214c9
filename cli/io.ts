// Where a command writes: stdout and stderr in the real CLI, arrays in tests. A leaf file, so that every
// command module can name it without importing the entry point that imports them.
import { translator, type Locale, type Msg, type Translator } from '../shared/i18n';

export interface Io {
  out(s: string): void;
  err(s: string): void;
  /** Transient progress (a bar redrawn with \r); train writes it to stderr when absent. */
  progress?(s: string): void;
  /** The language to write in (`--lang`, else LANG); English when absent. */
  readonly locale?: Locale;
}

const translators = new Map<Locale, Translator>();
/** The translator for a command's output. */
export function tr(io: Io): Translator {
  const locale = io.locale ?? 'en';
  let t = translators.get(locale);
  if (!t) translators.set(locale, (t = translator(locale)));
  return t;
}

/** Why a project cannot be read, one reason a line, in the CLI's language. */
export function loadErrors(r: { errors: readonly string[]; errorMsgs?: readonly Msg[] }, io: Io): string {
  return (r.errorMsgs?.map(tr(io).msg) ?? r.errors).map((e) => `  - ${e}`).join('\n');
}
