import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates';
import { analyse, loadProject, parseProject, quoteValue, serializeProject } from './index';

const valid = () => TEMPLATES[1].build();

describe('project files', () => {
  it('round-trips every template through the file format unchanged', () => {
    for (const t of TEMPLATES) {
      const doc = t.build();
      const back = parseProject(serializeProject(doc));
      expect(back.ok && back.warnings).toEqual([]);
      if (back.ok) expect(back.doc).toEqual(doc);
    }
  });

  it('reports truncated JSON with its line and column, and an empty file', () => {
    const text = serializeProject(valid());
    const r = parseProject(text.slice(0, 200));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/not valid JSON .*(line \d+, column \d+)?.*truncated/);
    const e = parseProject('');
    expect(!e.ok && e.errors[0]).toBe('The file is empty.');
  });

  it('rejects other formats, newer versions and files without a version with a readable reason', () => {
    const cases: [unknown, RegExp][] = [
      [[1, 2, 3], /not a CNN Designer project/],
      [{ format: 'keras', version: 2 }, /not a CNN Designer project \(format is "keras"\)/],
      [{ nodes: [], edges: [] }, /no "version"/],
      [{ version: 9, nodes: [], edges: [] }, /newer CNN Designer \(format 9; this app reads up to 2\)/],
      [{ version: 2, nodes: [{ id: 'a', type: 'Conv3D' }], edges: [] }, /unknown layer type "Conv3D"/],
      [
        {
          version: 2,
          nodes: [
            { id: 'a', type: 'Input' },
            { id: 'a', type: 'Dense' },
          ],
          edges: [],
        },
        /"a" is used twice/,
      ],
      [{ version: 2, nodes: [{ id: 'bad id!', type: 'Input' }], edges: [] }, /nodes\[0\]\.id: ids are 1-64 letters/],
      [
        { version: 2, nodes: [{ id: 'a', type: 'Input', position: { x: 'left', y: 0 } }], edges: [] },
        /nodes\[0\]\.position\.x/,
      ],
    ];
    for (const [raw, re] of cases) {
      const r = loadProject(raw);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.join('\n')).toMatch(re);
    }
  });

  it('repairs broken references and bad parameter values, with a warning for each', () => {
    const r = loadProject({
      version: 2,
      nodes: [
        { id: 'in', type: 'Input', params: { height: 28, width: 28, channels: 1, colour: 'red' } },
        { id: 'c', type: 'Conv2D', params: { filters: 'many', kernel: 5 } },
        { id: 'add', type: 'Residual', params: {} },
      ],
      edges: [
        { id: 'e1', source: 'in', target: 'c', targetPort: 'input' },
        { id: 'e2', source: 'ghost', target: 'c' },
        { id: 'e1', source: 'c', target: 'add', targetPort: 'main' },
        { id: 'e4', source: 'in', target: 'add', targetPort: 'shortcut' },
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([
      'in: dropped unknown parameter "colour".',
      'c: parameter "filters" had the invalid value "many"; reset to 32.',
      'Connection in -> c: port "input" does not exist; connected to "in".',
      'Removed connection ghost -> c: node "ghost" does not exist.',
      'Connection id "e1" was used twice; renamed to "e1_2".',
      'Removed connection in -> add: Residual has no port "shortcut" (ports: main, skip).',
    ]);
    expect(r.doc.nodes[1].params.kernel).toEqual([5, 5]);
    expect(r.doc.edges.map((e) => e.id)).toEqual(['e1', 'e1_2']);
    expect(analyse(r.doc).problems.find((p) => p.code === 'port-unconnected')?.port).toBe('skip');
  });

  it('migrates a version 1 file', () => {
    const r = loadProject({
      version: 1,
      name: 'old net',
      layers: [
        { id: 'x', kind: 'input', config: { height: 32, width: 32, channels: 3 }, x: 0, y: 0 },
        { id: 'c', kind: 'conv', config: { filters: 8, kernelSize: 3, strides: 1, padding: 'same' }, x: 0, y: 100 },
        { id: 'p', kind: 'maxpool', config: { size: 2, stride: 2 }, x: 0, y: 200 },
      ],
      links: [
        { from: 'x', to: 'c' },
        { from: 'c', to: 'p' },
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toContain('Migrated from format version 1.');
    expect(r.doc.version).toBe(2);
    expect(r.doc.metadata.name).toBe('old net');
    expect(analyse(r.doc).nodes.get('p')!.shape).toEqual([16, 16, 8]);
  });

  it('never throws on garbage, and never on mutated projects; whatever loads also analyses without throwing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = loadProject(v);
        expect(typeof r.ok).toBe('boolean');
        if (r.ok) expect(analyse(r.doc).problems.filter((q) => q.code === 'internal')).toEqual([]);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        parseProject(s);
      }),
      { numRuns: 300 },
    );
    const base = JSON.parse(serializeProject(TEMPLATES[5].build()));
    const path = fc.array(
      fc.oneof(
        fc.constantFrom(
          'nodes',
          'edges',
          'params',
          'position',
          'metadata',
          'id',
          'type',
          'source',
          'target',
          'targetPort',
          'kernel',
          'stride',
          'filters',
          'projection',
        ),
        fc.nat(80),
      ),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(path, fc.jsonValue(), (p, value) => {
        const doc = structuredClone(base);
        let o: any = doc;
        for (const k of p.slice(0, -1)) {
          if (o == null || typeof o !== 'object') break;
          o = o[k as any];
        }
        if (o && typeof o === 'object') o[p[p.length - 1] as any] = value;
        const r = loadProject(doc);
        if (r.ok) {
          const a = analyse(r.doc);
          expect(Array.isArray(a.problems)).toBe(true);
          expect(a.problems.every((q) => q.message.length > 0)).toBe(true);
          expect(a.problems.filter((q) => q.code === 'internal')).toEqual([]);
        } else {
          expect(r.errors.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('quotes values from the file escaped and cut to 80 characters, in every message', () => {
    expect(quoteValue('ok')).toBe('"ok"');
    expect(quoteValue('a\nb\u001b[31m')).toBe('"a\\nb\\u001b[31m"');
    expect(quoteValue('y'.repeat(81))).toBe(`"${'y'.repeat(80)}…" (81 characters)`);
    expect(quoteValue(Array.from({ length: 1000 }, () => 1))).toBe(`[${'1,'.repeat(39)}1…`);
    const huge = 'T'.repeat(20_000_000);
    const r = loadProject({ version: 2, nodes: [{ id: 'a', type: huge }], edges: [] });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0]).toMatch(
        /^nodes\[0\] \("a"\): unknown layer type "T{80}…" \(20,000,000 characters\)\. Known types: /,
      );
    const f = loadProject({ version: 2, format: huge, nodes: [], edges: [] });
    expect(f.ok).toBe(false);
    if (!f.ok)
      expect(f.errors).toEqual([
        `This is not a CNN Designer project (format is "${'T'.repeat(80)}…" (20,000,000 characters)).`,
      ]);
  });
});
