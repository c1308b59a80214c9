// No UI text outside the catalogues (here, not in renderer/, because it reads the sources with node:fs): every
// renderer .tsx file is parsed (TypeScript's own parser) and each
// piece of literal text a user could read is reported as file:line: JSX text, string and template literals in
// JSX expressions, and user-facing attributes (title, aria-label, placeholder, alt, label, aria-description...).
// Text without letters (symbols: ▾ ● ↶ ×, numbers, punctuation) is allowed; ALLOWED lists the few words that are
// not language (the product's name, unit symbols). Everything else must be a t('...') call.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
/** Literal text that is not language: names and unit symbols, the same in every locale. */
const ALLOWED = new Set([
  'CNN Designer',
  'MACs',
  'RF',
  'Adam',
  'RMSprop',
  'WebGL',
  'CPU',
  '&nbsp;',
  'ONNX',
  'PyTorch',
  'React Flow',
  'TensorFlow.js',
]);
const USER_ATTRIBUTES = new Set([
  'title',
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'placeholder',
  'alt',
  'label',
]);
const LETTERS = /[A-Za-z\u4e00-\u9fff]{2,}/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return files(p);
    return p.endsWith('.tsx') && !p.endsWith('.test.tsx') ? [p] : [];
  });
}

const isText = (s: string) => {
  const t = s.trim();
  return LETTERS.test(t) && !ALLOWED.has(t);
};

/** Every piece of literal UI text in one source file, as 'path:line: "text"'. */
export function literalText(path: string, source: string): string[] {
  const sf = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const out: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    out.push(`${relative(ROOT, path)}:${line}: "${text.trim().replace(/\s+/g, ' ')}"`);
  };
  /** String pieces of an expression a user would see (not inside a call such as t('key') or cls('a', 'b')). */
  const visible = (e: ts.Expression) => {
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) {
      if (isText(e.text)) report(e, e.text);
    } else if (ts.isTemplateExpression(e)) {
      const parts = [e.head.text, ...e.templateSpans.map((s) => s.literal.text)].join(' ');
      if (isText(parts)) report(e, parts);
      for (const s of e.templateSpans) visible(s.expression);
    } else if (ts.isConditionalExpression(e)) {
      visible(e.whenTrue);
      visible(e.whenFalse);
    } else if (ts.isBinaryExpression(e)) {
      // 'a' + b and a ?? 'b' show their strings; a === 'b' && c shows only c.
      const op = e.operatorToken.kind;
      if (
        op === ts.SyntaxKind.PlusToken ||
        op === ts.SyntaxKind.BarBarToken ||
        op === ts.SyntaxKind.QuestionQuestionToken
      )
        visible(e.left);
      if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.ExclamationEqualsEqualsToken)
        visible(e.right);
    } else if (ts.isParenthesizedExpression(e)) visible(e.expression);
  };
  const walk = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      if (isText(node.text)) report(node, node.text);
    } else if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) {
      visible(node.expression);
    } else if (ts.isJsxAttribute(node)) {
      const name = node.name.getText(sf);
      const init = node.initializer;
      if (USER_ATTRIBUTES.has(name) && init) {
        if (ts.isStringLiteral(init)) {
          if (isText(init.text)) report(init, init.text);
        } else if (ts.isJsxExpression(init) && init.expression) visible(init.expression);
      }
    }
    ts.forEachChild(node, walk);
  };
  walk(sf);
  return out;
}

describe('UI text lives in the catalogues', () => {
  it('finds literal text in JSX text, expressions and user-facing attributes (the check works)', () => {
    const src = `const A = () => <div title="Open a file" aria-label={ok ? 'Close it' : t('x')}>
      Hello there {'More words'} {\`\${n} items\`} ▾ {t('ui.ok')} <b className="big-word">×</b> CNN Designer</div>;`;
    expect(literalText(join(ROOT, 'renderer/x.tsx'), src)).toEqual([
      'renderer/x.tsx:1: "Open a file"',
      'renderer/x.tsx:1: "Close it"',
      'renderer/x.tsx:2: "Hello there"',
      'renderer/x.tsx:2: "More words"',
      'renderer/x.tsx:2: "items"',
    ]);
  });

  it('no renderer component has literal UI text (each leftover is listed as file:line)', () => {
    const leftovers = files(join(ROOT, 'renderer')).flatMap((f) => literalText(f, readFileSync(f, 'utf8')));
    expect(leftovers.join('\n')).toBe('');
  });
});
