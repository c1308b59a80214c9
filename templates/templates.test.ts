import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyse, parseProject, serializeProject } from '../shared/graph';
import { TEMPLATES } from './index';

describe('templates', () => {
  for (const t of TEMPLATES) {
    it(`${t.id}: trainable parameters = ${t.trainable.toLocaleString('en-US')}${t.published ? ' (published figure)' : ''}, no errors, and the committed file matches the builder`, () => {
      const doc = t.build();
      const a = analyse(doc);
      expect(a.totals.trainable).toBe(t.trainable);
      expect(a.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(a.live.size).toBe(doc.nodes.length);
      const text = readFileSync(new URL(`./json/${t.id}.cnn.json`, import.meta.url), 'utf8');
      expect(text, 'run: npx tsx scripts/write-templates.ts').toBe(serializeProject(doc));
      expect(parseProject(text).ok).toBe(true);
    });
  }

  it("multiply-accumulates match torchvision's published figures (AlexNet 0.71 G, ResNet-18 1.81 G)", () => {
    const macs = (id: string) => analyse(TEMPLATES.find((t) => t.id === id)!.build()).totals.macs;
    expect(macs('alexnet')).toBe(714_188_480);
    expect(Math.round(macs('resnet18') / 1e7) / 100).toBe(1.81);
  });

  it('ResNet-20 with option A shortcuts would have 269,722 parameters: the difference is exactly the projections', () => {
    const a = analyse(TEMPLATES.find((t) => t.id === 'resnet20')!.build());
    const projections = [...a.nodes.values()]
      .filter((n) => n.id.endsWith('_add'))
      .reduce((s, n) => s + n.counts.trainable, 0);
    expect(a.totals.trainable - projections).toBe(269_722);
  });
});
