// The golden corpus: each broken project in corpus/ must produce exactly the problems listed in
// corpus/expected.json (severity, code, node, param/port, numbers quoted in the message, fix kind),
// the fix must remove the problem, and the compiler must refuse it with the same errors.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { analyse, applyFix, compile, parseProject } from './index';

interface Expected {
  severity: string;
  code: string;
  nodeId?: string;
  param?: string;
  port?: string;
  message?: string[];
  fix?: string;
}
const dir = join(__dirname, 'corpus');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Expected[]>;
const files = readdirSync(dir).filter((f) => f.endsWith('.cnn.json'));

describe('golden corpus of broken graphs', () => {
  it('has an expectation for every file and a file for every expectation', () => {
    expect(files.map((f) => f.replace('.cnn.json', '')).sort()).toEqual(Object.keys(expected).sort());
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  for (const file of files) {
    const name = file.replace('.cnn.json', '');
    it(name, () => {
      const loaded = parseProject(readFileSync(join(dir, file), 'utf8'));
      if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
      const a = analyse(loaded.doc);
      const want = expected[name];
      const got = a.problems.map((p) => ({
        severity: p.severity,
        code: p.code,
        nodeId: p.nodeId,
        param: p.param,
        port: p.port,
      }));
      const key = (p: { severity: string; code: string; nodeId?: string }) => `${p.severity}:${p.code}:${p.nodeId}`;
      expect(got.map(key).sort()).toEqual(want.map(key).sort());
      for (const w of want) {
        const p = a.problems.find((q) => key(q) === key(w))!;
        if (w.param) expect(p.param).toBe(w.param);
        if (w.port) expect(p.port).toBe(w.port);
        for (const s of w.message ?? []) expect(p.message).toContain(s);
        expect(p.fix?.kind).toBe(w.fix);
        if (p.fix && w.code !== 'cycle') {
          const fixed = analyse(applyFix(loaded.doc, p.fix).doc);
          expect(
            fixed.problems.some((q) => key(q) === key(w)),
            `fix "${p.fix.label}" removes ${w.code}`,
          ).toBe(false);
        }
      }
      const errors = a.problems.filter((p) => p.severity === 'error');
      // Compiling a 600M-parameter Dense would only measure tfjs's initialisers.
      if (!errors.length && a.totals.params > 5_000_000) return;
      const c = compile(loaded.doc, tf);
      if (errors.length) {
        expect(c.ok).toBe(false);
        if (!c.ok) expect(c.problems).toEqual(errors);
      } else {
        expect(c.ok).toBe(true);
        if (c.ok) c.model.dispose();
      }
    });
  }

  it('removing one edge of a cycle (the offered fix) breaks it', () => {
    const loaded = parseProject(readFileSync(join(dir, 'cycle.cnn.json'), 'utf8'));
    if (!loaded.ok) throw new Error('load');
    const p = analyse(loaded.doc).problems.find((q) => q.code === 'cycle')!;
    expect(analyse(applyFix(loaded.doc, p.fix!).doc).problems.some((q) => q.code === 'cycle')).toBe(false);
  });
});
