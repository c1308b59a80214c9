// The i18n layer: the two locales, their catalogues and a typed translator over i18next. Pure TypeScript: the
// renderer (through react-i18next, renderer/i18n.tsx), the CLI and the training worker all use it.
//
// Design: problems and fixes are data (shared/graph builds `Msg`s: a key and the values quoted), sentences live
// only in the catalogues (en.ts, zh-CN.ts; the layer and command tables' English stays in those tables and is
// folded in by tables.ts). `{{x, number}}` placeholders format numbers with Intl for the locale.
import i18next, { type i18n as I18n } from 'i18next';
import { en } from './en';
import { type CatalogueTree, type Msg, type MsgParams } from './msg';
import { CATALOGUE } from '../graph/catalogue';
import { commandEntries, dataSourceEntries, layerEntries } from './tables';
import { zhCN } from './zh-CN';
import { zhTables } from './zh-CN.tables';
import { isLocale, LOCALES, type Locale } from './locales';

export type { Msg, MsgParam, MsgParams } from './msg';
export { english, errorText, formatNumber, isMsg, messageOf, msg, placeholders, type MsgOrText } from './msg';

export { isLocale, LOCALE_NAMES, LOCALE_SHORT, LOCALES, type Locale } from './locales';

/**
 * The locale for a language tag or POSIX locale: 'zh_CN.UTF-8', 'zh-CN', 'zh-Hans-SG', 'zh' -> 'zh-CN';
 * anything else (or nothing, 'C', 'POSIX') -> 'en'.
 */
export function detectLocale(...tags: readonly (string | null | undefined)[]): Locale {
  for (const tag of tags) {
    if (!tag) continue;
    const t = tag.trim().toLowerCase().replace(/_/g, '-');
    if (isLocale(tag)) return tag;
    if (t === 'zh' || t.startsWith('zh-')) return 'zh-CN';
    if (t === 'en' || t.startsWith('en-')) return 'en';
  }
  return 'en';
}

type Tree = { [k: string]: string | Tree };
function merge(a: CatalogueTree, b: CatalogueTree): CatalogueTree {
  const out: Tree = { ...a } as Tree;
  for (const [k, v] of Object.entries(b)) {
    const have = out[k];
    out[k] = typeof have === 'object' && typeof v === 'object' ? (merge(have, v) as Tree) : (v as Tree | string);
  }
  return out;
}

let built: Readonly<Record<Locale, CatalogueTree>> | null = null;
/** Both catalogues, complete: the static sentences and the layer and command tables. */
export function catalogues(): Readonly<Record<Locale, CatalogueTree>> {
  built ??= {
    en: merge(merge(merge(en, layerEntries(CATALOGUE)), commandEntries()), dataSourceEntries()),
    'zh-CN': merge(zhCN, zhTables),
  };
  return built;
}

/** An i18next instance holding both catalogues, set to `locale` (English fills any gap). */
export function createI18n(locale: Locale, plugins: readonly Parameters<I18n['use']>[0][] = []): I18n {
  const c = catalogues();
  const inst = i18next.createInstance();
  for (const p of plugins) inst.use(p);
  void inst.init({
    lng: locale,
    fallbackLng: 'en',
    supportedLngs: [...LOCALES],
    resources: { en: { translation: c.en }, 'zh-CN': { translation: c['zh-CN'] } },
    initAsync: false,
    interpolation: { escapeValue: false },
    nsSeparator: false,
    returnNull: false,
    showSupportNotice: false,
  } as Parameters<I18n['init']>[0]);
  return inst;
}

export interface Translator {
  readonly locale: Locale;
  /** The text of a key with its values; the key itself when no catalogue has it. */
  t(key: string, params?: MsgParams): string;
  /** A message (a problem's or a fix's `msg`). */
  msg(m: Msg): string;
  /** A number with the locale's grouping; `digits` fixes the fraction digits. */
  number(n: number, digits?: number): string;
  /** A percentage of a fraction: 0.953 -> '95.3%'. */
  percent(fraction: number, digits?: number): string;
  /** A date and time, short. */
  dateTime(d: Date | number): string;
  /** A layer type's title, a parameter's label, an enum option's label (the catalogue's table entries). */
  layerTitle(type: string): string;
  paramLabel(type: string, param: string): string;
  paramDoc(type: string, param: string): string;
  optionLabel(type: string, param: string, option: string): string;
}

/** A translator for `locale`, over `i18n` (a fresh instance when not given). */
export function translator(locale: Locale, i18n: I18n = createI18n(locale)): Translator {
  const fixed = i18n.getFixedT(locale);
  const render = (params: MsgParams | undefined): Record<string, string | number> | undefined => {
    if (!params) return undefined;
    const out: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(params)) out[k] = typeof v === 'object' ? self.msg(v) : v;
    return out;
  };
  const nf = new Map<number, Intl.NumberFormat>();
  // Made on first use: most translators never format a date, and an Intl formatter costs ~0.1 ms to build.
  let dtf: Intl.DateTimeFormat | undefined;
  const self: Translator = {
    locale,
    t: (key, params) => fixed(key, { ...render(params), defaultValue: key }) as string,
    msg: (m) => self.t(m.key, m.params),
    number(n, digits) {
      const key = digits ?? -1;
      let f = nf.get(key);
      if (!f) {
        f = new Intl.NumberFormat(
          locale,
          digits === undefined
            ? { maximumFractionDigits: 6 }
            : { minimumFractionDigits: digits, maximumFractionDigits: digits },
        );
        nf.set(key, f);
      }
      return f.format(n);
    },
    percent: (fraction, digits = 1) =>
      new Intl.NumberFormat(locale, {
        style: 'percent',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(fraction),
    dateTime: (d) => (dtf ??= new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })).format(d),
    layerTitle: (type) => self.t(`layer.${type}.title`),
    paramLabel: (type, param) => self.t(`param.${type}.${param}.label`),
    paramDoc: (type, param) => self.t(`param.${type}.${param}.doc`),
    optionLabel: (type, param, option) => self.t(`param.${type}.${param}.options.${option}`),
  };
  return self;
}
