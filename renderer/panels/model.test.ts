import { describe, expect, it } from 'vitest';
import { addNode, analyse, connect, emptyDoc, type Problem } from '../../shared/graph';
import { TEMPLATES } from '../../templates';
import {
  groupProblems,
  memoryFigures,
  numberText,
  parseNumber,
  problemKey,
  rfFigures,
  summaryRows,
  templateFigures,
} from './model';

describe('parseNumber', () => {
  it('accepts decimal notation, keeping values the engine must judge (out of range, not whole)', () => {
    expect(parseNumber('5')).toEqual({ ok: true, value: 5 });
    expect(parseNumber(' 2.5 ')).toEqual({ ok: true, value: 2.5 });
    expect(parseNumber('-3')).toEqual({ ok: true, value: -3 });
    expect(parseNumber('1e-5')).toEqual({ ok: true, value: 1e-5 });
    expect(parseNumber('.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseNumber('99999')).toEqual({ ok: true, value: 99999 });
  });
  it('refuses an empty box and text that Number() would quietly turn into something else', () => {
    expect(parseNumber('')).toEqual({ ok: false, error: 'Enter a number.' });
    expect(parseNumber('   ')).toMatchObject({ ok: false });
    expect(parseNumber('0x10')).toMatchObject({ ok: false, error: '"0x10" is not a number.' });
    expect(parseNumber('abc')).toMatchObject({ ok: false });
    expect(parseNumber('1e')).toMatchObject({ ok: false });
    expect(parseNumber('Infinity')).toMatchObject({ ok: false });
    expect(parseNumber('1e400')).toMatchObject({ ok: false, error: '1e400 is too large.' });
  });
  it('writes stored numbers back as typed, and nothing for a non-number', () => {
    expect(numberText(0.01)).toBe('0.01');
    expect(numberText(1e-5)).toBe('0.00001');
    expect(numberText(NaN)).toBe('');
    expect(numberText('x')).toBe('');
  });
});

describe('problems', () => {
  const p = (severity: Problem['severity'], code: string, nodeId?: string): Problem => ({
    severity,
    code,
    nodeId,
    msg: { key: `problem.${code}` },
    message: code,
  });
  it('groups errors first, then warnings, then info, keeping the engine order inside a group', () => {
    const groups = groupProblems([
      p('info', 'i1', 'a'),
      p('warning', 'w1', 'b'),
      p('error', 'e1', 'c'),
      p('info', 'i2'),
      p('error', 'e2', 'd'),
    ]);
    expect(groups.map((g) => g.severity)).toEqual(['error', 'warning', 'info']);
    expect(groups[0].problems.map((x) => x.code)).toEqual(['e1', 'e2']);
    expect(groups[2].problems.map((x) => x.code)).toEqual(['i1', 'i2']);
    expect(groupProblems([])).toEqual([]);
  });
  it('keys a problem by code and node, "graph" when it has none', () => {
    expect(problemKey(p('error', 'kernel-too-large', 'conv1'))).toBe('kernel-too-large-conv1');
    expect(problemKey(p('error', 'no-input'))).toBe('no-input-graph');
  });
});

describe('rfFigures', () => {
  it('splits size, jump and start, collapsing equal axes', () => {
    expect(rfFigures({ size: [5, 5], jump: [2, 2], start: [2.5, 2.5], global: false })).toEqual({
      size: '5x5',
      jump: '2',
      start: '2.5',
    });
    expect(rfFigures({ size: [3, 7], jump: [1, 2], start: [1, 3], global: false })).toEqual({
      size: '3x7',
      jump: '1x2',
      start: '1, 3',
    });
    expect(rfFigures({ size: [32, 32], jump: [1, 1], start: [15.5, 15.5], global: true })!.size).toBe('32x32 (global)');
    expect(rfFigures(null)).toBeNull();
  });
});

describe('summaryRows', () => {
  it('lists live nodes in topological order, then unused ones, with their counts', () => {
    let d = emptyDoc();
    d = addNode(d, 'Input', { x: 0, y: 0 }, { height: 28, width: 28, channels: 1 }, 'in').doc;
    d = addNode(d, 'Dropout', { x: 0, y: 0 }, {}, 'stray').doc; // connected to nothing: not on the path
    d = addNode(d, 'Conv2D', { x: 0, y: 0 }, { filters: 6, kernel: [5, 5], padding: 'valid' }, 'c1').doc;
    d = addNode(d, 'Flatten', { x: 0, y: 0 }, {}, 'f').doc;
    d = addNode(d, 'Dense', { x: 0, y: 0 }, { units: 10 }, 'out').doc;
    d = connect(d, 'in', 'c1', 'in').doc;
    d = connect(d, 'c1', 'f', 'in').doc;
    d = connect(d, 'f', 'out', 'in').doc;
    const a = analyse(d);
    const rows = summaryRows(a);
    expect(rows.map((r) => r.id)).toEqual(['in', 'c1', 'f', 'out', 'stray']);
    expect(rows.map((r) => r.live)).toEqual([true, true, true, true, false]);
    const c1 = rows[1];
    expect(c1.shape).toEqual([24, 24, 6]);
    expect(c1.params).toBe(5 * 5 * 6 + 6);
    expect(c1.macs).toBe(24 * 24 * 6 * 25);
    expect(rows[3].params).toBe(24 * 24 * 6 * 10 + 10);
    expect(rows[3].warnings).toBe(1); // softmax-missing
  });
  it('computes memory from the totals: float32 activations times the batch, parameters times 4', () => {
    const a = analyse(TEMPLATES.find((t) => t.id === 'lenet5-1998')!.build());
    const m = memoryFigures(a, 64);
    expect(m.activationPerBatch).toBe(a.totals.activationBytes * 64);
    expect(m.parameters).toBe(a.totals.params * 4);
  });
});

describe('templateFigures', () => {
  it('counts every template with the engine and matches the published figures', () => {
    for (const t of TEMPLATES) {
      const f = templateFigures(t.build());
      expect(f.trainable, t.id).toBe(t.trainable);
      expect(f.errors, t.id).toBe(0);
      expect(f.description.length, t.id).toBeGreaterThan(20);
    }
    expect(templateFigures(TEMPLATES.find((t) => t.id === 'resnet18')!.build()).input).toBe('224x224x3');
  });
});
