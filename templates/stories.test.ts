// Every node a template story highlights exists in its template (a renamed node would silently break the tour).
import { describe, expect, it } from 'vitest';
import { TEMPLATES, templateById } from './index';
import { STORIES, storyOfTemplate } from './stories';
import { catalogues } from '../shared/i18n';
import { lookup } from '../shared/i18n/msg';

describe('template stories', () => {
  it('cover LeNet-5 (1998), AlexNet (2012) and ResNet (2015), and name only nodes of their templates', () => {
    expect(STORIES.map((s) => `${s.name} ${s.year}`)).toEqual(['LeNet-5 1998', 'AlexNet 2012', 'ResNet 2015']);
    for (const s of STORIES) {
      const doc = templateById(s.templateId)!.build();
      const ids = new Set(doc.nodes.map((n) => n.id));
      for (const step of s.steps) {
        expect(step.nodes.length).toBeGreaterThan(0);
        for (const id of step.nodes)
          expect({ story: s.name, id, found: ids.has(id) }).toEqual({ story: s.name, id, found: true });
      }
    }
  });

  it("every card of a family tells its family's story (VGG has none)", () => {
    const told = Object.fromEntries(TEMPLATES.map((t) => [t.id, storyOfTemplate(t)?.name ?? null]));
    expect(told).toEqual({
      'lenet5-1998': 'LeNet-5',
      'lenet5-mnist': 'LeNet-5',
      alexnet: 'AlexNet',
      'alexnet-cifar': 'AlexNet',
      vgg16: null,
      resnet18: 'ResNet',
      resnet20: 'ResNet',
      resnet50: 'ResNet',
    });
  });

  it("keep their words only in the catalogues: each step's title and text, in both languages, and nothing more", () => {
    for (const s of STORIES) {
      // one source: the story is which nodes each step shows, the words are ui.tours.<key>.*
      expect(Object.keys(s).sort()).toEqual(['key', 'name', 'steps', 'templateId', 'year']);
      for (const step of s.steps) expect(Object.keys(step)).toEqual(['nodes']);
      for (const [locale, c] of Object.entries(catalogues())) {
        const has = (k: string) => ({ locale, k, ok: !!lookup(c, `ui.tours.${s.key}.${k}`) });
        expect(has('introduced').ok).toBe(true);
        s.steps.forEach((_, i) => {
          for (const part of ['title', 'text'])
            expect(has(`s${i + 1}.${part}`)).toEqual({ ...has(`s${i + 1}.${part}`), ok: true });
        });
        expect(has(`s${s.steps.length + 1}.title`).ok).toBe(false); // no step the story lacks
      }
    }
  });
});
