import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyse, compile, parseProject, serializeProject } from '../shared/graph';
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

describe('large templates: the published counts, and the compiled tfjs model agrees', () => {
  it.each([
    ['resnet50', 25_557_032, 168],
    ['vgg16', 138_357_544, 26],
  ])('%s has %d trainable parameters in tfjs too (%d nodes)', async (id, published, nodes) => {
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    const doc = TEMPLATES.find((t) => t.id === id)!.build();
    expect(doc.nodes.length).toBe(nodes);
    const a = analyse(doc);
    expect(a.totals.trainable).toBe(published);
    const c = compile(doc, tf);
    if (!c.ok) throw new Error(c.problems.map((p) => p.message).join('\n'));
    try {
      const trainable = c.model.trainableWeights.reduce(
        (s, w) => s + (w.shape as number[]).reduce((x, y) => x * y, 1),
        0,
      );
      expect(trainable).toBe(published);
      expect(c.model.countParams()).toBe(a.totals.trainable + a.totals.nonTrainable);
    } finally {
      c.model.dispose();
    }
  });

  it('ResNet-50 uses v1.5 bottlenecks (stride on the 3x3) and opens with its 16 blocks as collapsed groups', () => {
    const doc = TEMPLATES.find((t) => t.id === 'resnet50')!.build();
    const conv = (id: string) => doc.nodes.find((n) => n.id === id)!.params;
    expect(conv('layer2_0_conv2').stride).toEqual([2, 2]);
    expect(conv('layer2_0_conv1').stride).toEqual([1, 1]);
    expect(doc.groups!.map((g) => g.id).slice(0, 4)).toEqual(['layer1_0', 'layer1_1', 'layer1_2', 'layer2_0']);
    expect(doc.groups!.every((g) => g.collapsed && g.nodes.length === 10)).toBe(true);
    expect(Math.round(analyse(doc).totals.macs / 1e7) / 100).toBe(4.09);
  });
});
