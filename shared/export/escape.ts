// The one way a user string (project name, node id, data file name: anything from a document)
// reaches a generated file: through the escaping function of that file's language. A shared
// project is untrusted input, and its name must never become code, markup or a line of its own.
//
//   Python string literal  pythonString     'it\'s'          (evaluates back to exactly the input)
//   Python docstring       pythonDocstring  """..."""        (the whole docstring, user parts included)
//   Python # comment       pythonComment    one line, nothing Python reads (no encoding cookie)
//   Markdown inline text   markdownText     one line, no markup, no HTML
//   plain text (ONNX doc_string, messages)  plainText  one line, unprintables shown as escapes
//   JSON                   JSON.stringify   (already exact; used as is)

/**
 * Code points shown as escapes instead of raw: controls (C0, C1, DEL: \n, \r, NUL, U+0085),
 * line and paragraph separators (U+2028/2029), format characters (bidi overrides that make source
 * read differently from how it runs, BOM, zero-width), lone surrogates, private-use and unassigned
 * code points. Letters, marks, digits, punctuation, symbols and spaces stay readable, in any script.
 */
const UNPRINTABLE = /[^\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]/gu;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Python's (and C's) escape for one code point: \n, \xNN, \uNNNN or \UNNNNNNNN. */
function codePointEscape(ch: string): string {
  if (NAMED[ch]) return NAMED[ch];
  const cp = ch.codePointAt(0)!;
  if (cp < 0x100) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}

/** Backslashes doubled and unprintable code points as escapes: one line, and unambiguous. */
function visible(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(UNPRINTABLE, codePointEscape);
}

/** One line of plain text: backslashes doubled, unprintables (newlines, NUL, U+2028...) as escapes. */
export function plainText(s: string): string {
  return visible(s);
}

function pythonBody(s: string, quote: "'" | '"', keepNewlines: boolean): string {
  const body = s.replace(/\\/g, '\\\\').replace(quote === "'" ? /'/g : /"/g, `\\${quote}`);
  return body.replace(UNPRINTABLE, (ch) => (keepNewlines && ch === '\n' ? ch : codePointEscape(ch)));
}

/** A Python str literal whose value is exactly `s` (lone surrogates included). */
export function pythonString(s: string): string {
  return `'${pythonBody(s, "'", false)}'`;
}

/**
 * A whole docstring: `"""` + text + `"""`. Every `"` and backslash in `text` is escaped, so nothing
 * in it can close the string early; its newlines stay as real line breaks.
 */
export function pythonDocstring(text: string): string {
  return `"""${pythonBody(text, '"', true)}"""`;
}

/**
 * Text for after a `#`: one line (a newline would start a line of code), and never an encoding
 * declaration (`coding: utf-7` on line 1 or 2 turns later bytes into code), wherever it is used.
 */
export function pythonComment(s: string): string {
  return visible(s).replace(/(?<=coding)[:=]/g, (c) => (c === ':' ? '\\x3a' : '\\x3d'));
}

/** Markdown inline text that renders as exactly these characters: no links, emphasis, HTML or new lines. */
export function markdownText(s: string): string {
  return visible(s).replace(/[\\`*_[\]<>&!#|~]/g, '\\$&');
}

/**
 * A Python literal (dict, list, str, int/float, True/False/None) for JSON-like data, pretty-printed
 * with `indent` spaces per level like JSON.stringify(v, null, indent). Strings go through
 * pythonString; undefined members are left out, as JSON leaves them out.
 */
export function pythonLiteral(value: unknown, indent = 4, depth = 0): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string') return pythonString(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return "float('nan')";
    if (!Number.isFinite(value)) return value > 0 ? "float('inf')" : "-float('inf')";
    return String(value);
  }
  const pad = ' '.repeat(indent * (depth + 1)),
    end = ' '.repeat(indent * depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v: unknown) => pad + pythonLiteral(v, indent, depth + 1)).join(',\n')}\n${end}]`;
  }
  if (typeof value !== 'object')
    throw new TypeError(`pythonLiteral: cannot write a ${typeof value} as a Python literal`);
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${pad}${pythonString(k)}: ${pythonLiteral(v, indent, depth + 1)}`).join(',\n')}\n${end}}`;
}
