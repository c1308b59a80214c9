// The catalogues: both locales have exactly the same keys with the same placeholders, the zh-CN entries use the
// glossary's terms, and every problem of the broken-file corpus renders in both languages with its numbers.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse, parseProject, type Problem } from '../graph';
import glossary from './glossary.json';
import { catalogues, detectLocale, english, translator, type Msg } from './index';
import { placeholders, type CatalogueTree } from './msg';

/** Every leaf of a catalogue, by dotted key. */
function flatten(tree: CatalogueTree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** What differs between two catalogues: keys only one has, and placeholders that do not match. */
export function catalogueDiff(a: CatalogueTree, b: CatalogueTree): string[] {
  const fa = flatten(a),
    fb = flatten(b);
  const out: string[] = [];
  for (const k of fa.keys()) if (!fb.has(k)) out.push(`missing in zh-CN: ${k}`);
  for (const k of fb.keys()) if (!fa.has(k)) out.push(`extra in zh-CN (not in en): ${k}`);
  for (const [k, v] of fa) {
    const w = fb.get(k);
    if (w === undefined) continue;
    const pa = placeholders(v).join(','),
      pb = placeholders(w).join(',');
    if (pa !== pb) out.push(`placeholders differ at ${k}: en {${pa}} vs zh-CN {${pb}}`);
  }
  return out;
}

const cats = catalogues();
const en = flatten(cats.en),
  zh = flatten(cats['zh-CN']);

describe('catalogues', () => {
  it('have the same keys and placeholders in en and zh-CN', () => {
    expect(catalogueDiff(cats.en, cats['zh-CN'])).toEqual([]);
    expect(en.size).toBeGreaterThan(300);
  });

  it('the check fails on a missing key, an extra key and a placeholder mismatch', () => {
    const a = { x: { a: 'A {{n}}', b: 'B' } },
      b = { x: { a: 'A {{m}}', c: 'C' } };
    expect(catalogueDiff(a, b)).toEqual([
      'missing in zh-CN: x.b',
      'extra in zh-CN (not in en): x.c',
      'placeholders differ at x.a: en {n} vs zh-CN {m}',
    ]);
  });

  it('zh-CN has no English sentence left and no empty entry', () => {
    const untranslated = [...zh].filter(
      ([k, v]) => !v.trim() || (v === en.get(k) && /[a-z]{3,} [a-z]{3,} [a-z]{3,}/i.test(v)),
    );
    expect(untranslated).toEqual([]);
  });

  it('zh-CN uses the glossary term wherever the English names the concept', () => {
    const wrong: string[] = [];
    for (const term of glossary.terms) {
      const re = new RegExp(term.en, 'i');
      const except = new Set((term as { except?: string[] }).except ?? []);
      for (const [k, v] of en) {
        if (except.has(k) || !re.test(v)) continue;
        const z = zh.get(k) ?? '';
        if (!z.includes(term.zh)) wrong.push(`${k}: "${term.concept}" should be ${term.zh}: ${z}`);
      }
    }
    expect(wrong).toEqual([]);
    // The glossary is the notes' vocabulary: each term is used somewhere.
    const all = [...zh.values()].join('\n');
    for (const term of glossary.terms) expect(all, term.concept).toContain(term.zh);
  });
});

describe('locale detection', () => {
  it('reads POSIX locales and language tags', () => {
    expect(detectLocale('zh_CN.UTF-8')).toBe('zh-CN');
    expect(detectLocale('zh-Hans-CN')).toBe('zh-CN');
    expect(detectLocale('zh')).toBe('zh-CN');
    expect(detectLocale('en_GB.UTF-8')).toBe('en');
    expect(detectLocale('C')).toBe('en');
    expect(detectLocale(undefined, '', 'zh-TW')).toBe('zh-CN');
    expect(detectLocale()).toBe('en');
  });
});

describe('every problem of the corpus renders in both languages with its numbers', () => {
  const dir = join(__dirname, '..', 'graph', 'corpus');
  const problems: Problem[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.cnn.json'))) {
    const loaded = parseProject(readFileSync(join(dir, f), 'utf8'));
    if (loaded.ok) problems.push(...analyse(loaded.doc).problems);
  }
  const zhT = translator('zh-CN'),
    enT = translator('en');
  const numbers = (m: Msg): number[] => Object.values(m.params ?? {}).filter((v): v is number => typeof v === 'number');

  it('covers many codes', () => expect(new Set(problems.map((p) => p.code)).size).toBeGreaterThanOrEqual(20));

  for (const p of problems) {
    const msgs = [p.msg, ...(p.fix ? [p.fix.msg] : [])];
    it(`${p.code} ${p.nodeId ?? ''} ${p.msg.key}`, () => {
      for (const m of msgs) {
        expect(zh.has(m.key), `zh-CN has ${m.key}`).toBe(true);
        expect(en.has(m.key), `en has ${m.key}`).toBe(true);
        const z = zhT.msg(m),
          e = enT.msg(m);
        expect(e).toBe(english(m));
        for (const text of [z, e]) expect(text).not.toMatch(/\{\{|\}\}|problem\.|param\./);
        expect(z).toMatch(/[\u4e00-\u9fff]/);
        for (const n of numbers(m)) {
          expect(z).toContain(zhT.number(n));
          expect(e).toContain(enT.number(n));
        }
        // Quoted strings (node ids, shapes) appear as they are.
        for (const v of Object.values(m.params ?? {}))
          if (typeof v === 'string' && v) expect(z, `${m.key} quotes ${v}`).toContain(v);
      }
    });
  }
});
