// The escaping functions and the export file-name rule on their own, exactly: the property test
// (hostile.test.ts) proves the generated files safe end to end; these pin each rule and boundary, so a
// weakened escape or a dropped check fails here in milliseconds (mutation testing found them untested).
import { describe, expect, it } from 'vitest';
import { markdownText, plainText, pythonComment, pythonDocstring, pythonLiteral, pythonString } from './escape';
import { exportFileNameProblem, exportFileNamesProblem, MAX_EXPORT_FILES, MAX_EXPORT_NAME_CHARS } from './fileNames';

describe('escapes', () => {
  it('plainText: one line, backslashes doubled, unprintables as Python/C escapes by size', () => {
    expect(plainText('a\\b')).toBe('a\\\\b');
    expect(plainText('x\ny\rz\tw')).toBe('x\\ny\\rz\\tw');
    expect(plainText('\u0000\u007f\u0085\u00ad')).toBe('\\x00\\x7f\\x85\\xad');
    expect(plainText('\u2028\u2029\u202e\ufeff\uffff')).toBe('\\u2028\\u2029\\u202e\\ufeff\\uffff');
    expect(plainText('\u0600\u070f')).toBe('\\u0600\\u070f'); // format characters with 3 hex digits: padded to 4
    expect(plainText('\u{e0001}\u{10ffff}')).toBe('\\U000e0001\\U0010ffff');
    expect(plainText('\ud800')).toBe('\\ud800'); // a lone surrogate
    expect(plainText('卷积 Ā ü 𐀀 → "quote" #')).toBe('卷积 Ā ü 𐀀 → "quote" #');
  });

  it('pythonString: single-quoted, every quote, backslash and unprintable escaped', () => {
    expect(pythonString(`it's "x" \\ \n`)).toBe(`'it\\'s "x" \\\\ \\n'`);
    expect(pythonString('\u2028')).toBe("'\\u2028'");
    expect(pythonString('')).toBe("''");
  });

  it('pythonDocstring: double quotes escaped, newlines kept, other unprintables escaped', () => {
    expect(pythonDocstring(`a "b" 'c'\nd\\e\r"""`)).toBe(`"""a \\"b\\" 'c'\nd\\\\e\\r\\"\\"\\""""`);
  });

  it('pythonComment: one line, never an encoding declaration', () => {
    expect(pythonComment('x\n# coding: utf-7')).toBe('x\\n# coding\\x3a utf-7');
    expect(pythonComment('-*- coding=latin-1 -*-')).toBe('-*- coding\\x3dlatin-1 -*-');
    expect(pythonComment('codings: a, b')).toBe('codings: a, b');
  });

  it('markdownText: no markup, links, HTML or line breaks', () => {
    expect(markdownText('*a* _b_ `c` [d](e) <f> &g; !h #i |j ~k \\l\nm')).toBe(
      '\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\<f\\> \\&g; \\!h \\#i \\|j \\~k \\\\\\\\l\\\\nm',
    );
  });

  it('pythonLiteral: every JSON-like value as Python, pretty-printed like JSON.stringify', () => {
    expect(pythonLiteral(null)).toBe('None');
    expect(pythonLiteral(undefined)).toBe('None');
    expect(pythonLiteral(true)).toBe('True');
    expect(pythonLiteral(false)).toBe('False');
    expect(pythonLiteral(0)).toBe('0');
    expect(pythonLiteral(-2.5)).toBe('-2.5');
    expect(pythonLiteral(NaN)).toBe("float('nan')");
    expect(pythonLiteral(Infinity)).toBe("float('inf')");
    expect(pythonLiteral(-Infinity)).toBe("-float('inf')");
    expect(pythonLiteral('true')).toBe("'true'");
    expect(pythonLiteral([])).toBe('[]');
    expect(pythonLiteral({})).toBe('{}');
    expect(pythonLiteral({ gone: undefined })).toBe('{}');
    expect(pythonLiteral({ a: [1, 'x'], 'b\n': { c: null }, d: undefined })).toBe(
      "{\n    'a': [\n        1,\n        'x'\n    ],\n    'b\\n': {\n        'c': None\n    }\n}",
    );
    expect(pythonLiteral([[true]], 2)).toBe('[\n  [\n    True\n  ]\n]');
    expect(() => pythonLiteral(() => 1)).toThrow(/cannot write a function as a Python literal/);
  });
});

describe('export file names', () => {
  const HOW = 'exported files have plain names such as "model.json": letters, digits, "_", "-" and "." (not first)';

  it("accepts the exporters' own names", () => {
    for (const n of [
      'model.json',
      'model.weights.bin',
      'train.py',
      'README.md',
      'a',
      'A-b_c.1',
      'x'.repeat(MAX_EXPORT_NAME_CHARS),
      'console.txt',
      'com.json',
      'comx',
      'nul1',
      'lpt',
      'prn_x',
    ]) {
      expect(exportFileNameProblem(n), n).toBeNull();
    }
  });

  it('refuses each kind of bad name, saying why', () => {
    expect(exportFileNameProblem(5)).toBe("an exported file's name must be a string, got number");
    expect(exportFileNameProblem(null)).toBe("an exported file's name must be a string, got null");
    expect(exportFileNameProblem('')).toBe(`an exported file has an empty name: ${HOW}`);
    const long = 'y'.repeat(MAX_EXPORT_NAME_CHARS + 1);
    expect(exportFileNameProblem(long)).toBe(
      `exported file name "${'y'.repeat(60)}..." has ${MAX_EXPORT_NAME_CHARS + 1} characters; the limit is ${MAX_EXPORT_NAME_CHARS}`,
    );
    const sixty = `${'z'.repeat(59)} `; // exactly 60 characters: quoted whole
    expect(exportFileNameProblem(sixty)).toBe(
      `exported file name "${sixty}" has a character other than letters, digits, "_", "-" and ".": ${HOW}`,
    );
    expect(exportFileNameProblem('.bash_login')).toBe(
      `exported file name ".bash_login" starts with a dot (a hidden file such as .bashrc): ${HOW}`,
    );
    expect(exportFileNameProblem('a/b')).toBe(`exported file name "a/b" contains a path separator: ${HOW}`);
    expect(exportFileNameProblem('a\\b')).toBe(`exported file name "a\\\\b" contains a path separator: ${HOW}`);
    expect(exportFileNameProblem('a..b')).toBe(`exported file name "a..b" contains "..": ${HOW}`);
    expect(exportFileNameProblem('a b')).toBe(
      `exported file name "a b" has a character other than letters, digits, "_", "-" and ".": ${HOW}`,
    );
    expect(exportFileNameProblem('-rf')).toBe(
      `exported file name "-rf" has a character other than letters, digits, "_", "-" and ".": ${HOW}`,
    ); // not first
  });

  it('refuses Windows reserved device names, with or without an extension, in any case', () => {
    for (const n of ['CON', 'con', 'Prn.txt', 'AUX.json', 'nul.tar.gz', 'COM1', 'com9.py', 'LPT1', 'lpt9.x']) {
      expect(exportFileNameProblem(n), n).toBe(
        `exported file name ${JSON.stringify(n)} is reserved on Windows: ${HOW}`,
      );
    }
    expect(exportFileNameProblem('model.')).toBe(
      `exported file name "model." ends with a dot, which Windows drops: ${HOW}`,
    );
  });

  it('a list: not empty, at most MAX_EXPORT_FILES, each name checked, no two the same ignoring case', () => {
    expect(exportFileNamesProblem([])).toBe('nothing to export: the list of files is empty');
    const many = Array.from({ length: MAX_EXPORT_FILES }, (_, i) => `f${i}`);
    expect(exportFileNamesProblem(many)).toBeNull();
    expect(exportFileNamesProblem([...many, 'g'])).toBe(
      `${MAX_EXPORT_FILES + 1} files to export; the limit is ${MAX_EXPORT_FILES}`,
    );
    expect(exportFileNamesProblem(['ok.json', '.profile'])).toBe(
      `file 2: exported file name ".profile" starts with a dot (a hidden file such as .bashrc): ${HOW}`,
    );
    expect(exportFileNamesProblem(['Model.JSON', 'model.json'])).toBe('exported file name "model.json" appears twice');
    expect(exportFileNamesProblem(['a.json', 'b.json'])).toBeNull();
  });
});
