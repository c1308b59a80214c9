// The Canvas component's subscription (useViews.ts canvasSnapshot): a parameter edit that changes only the text of
// faces and labels (every shape downstream) must not hand the Canvas a new snapshot, so neither it nor React Flow
// renders for it; anything the Canvas draws (positions, wiring, groups, a node's worst problem, labels for go-to)
// must. Real store, real view model, real analysis.
import { describe, expect, it } from 'vitest';
import { addNode, connect, emptyDoc, type GraphDoc } from '../../shared/graph';
import { createEditorStore } from '../store/store';
import { canvasSnapshot, faceSnapshot } from './useViews';
import { createViewModel } from './viewModel';

function chain(blocks: number): GraphDoc {
  let d = addNode(emptyDoc('t'), 'Input', { x: 0, y: 0 }, { height: 32, width: 32, channels: 16 }, 'input').doc;
  let prev = 'input';
  for (let i = 0; i < blocks; i++) {
    const id = `conv${i}`;
    d = addNode(
      d,
      'Conv2D',
      { x: 0, y: 100 * (i + 1) },
      { filters: 16, kernel: [3, 3], padding: 'same' } as never,
      id,
    ).doc;
    d = connect(d, prev, id, 'in').doc;
    prev = id;
  }
  return d;
}

const tick = () => new Promise<void>((r) => queueMicrotask(r));

describe("the Canvas's snapshot of the views", () => {
  it('stays the same object over edits that change only shapes (30 edits of the Input: no Canvas render)', async () => {
    const store = createEditorStore();
    store.getState().loadDoc(chain(40));
    const vm = createViewModel(store);
    const snap = canvasSnapshot(vm);
    const first = snap();
    let notified = 0;
    vm.subscribe(() => notified++);
    for (let i = 0; i < 30; i++) {
      store.getState().setParam('input', 'height', 34 + 2 * i);
      await tick();
      expect(vm.get().edges.get(vm.get().doc.edges[39].id)!.label).toBe(`${34 + 2 * i}x32x16`);
      expect(snap()).toBe(first);
    }
    expect(notified).toBe(30); // the faces and labels were told every time
    vm.dispose();
  });

  it('changes when anything the Canvas draws changes: a move, a new edge, a label, a node turning red', async () => {
    const store = createEditorStore();
    store.getState().loadDoc(chain(3));
    const vm = createViewModel(store);
    const snap = canvasSnapshot(vm);
    let last = snap();
    const changed = async (what: string, act: () => void) => {
      act();
      await tick();
      const now = snap();
      expect(now, what).not.toBe(last);
      expect(now.doc, what).toBe(store.getState().doc);
      last = now;
    };
    await changed('move', () => store.getState().moveNodes(new Map([['conv1', { x: 300, y: 5 }]])));
    await changed('label', () =>
      store.getState().edit({ key: 'ui.undo.layout' }, (d) => ({
        ...d,
        nodes: d.nodes.map((n) => (n.id === 'conv1' ? { ...n, label: 'stem' } : n)),
      })),
    );
    await changed('edge', () => store.getState().connect('input', 'conv2', 'in'));
    // A kernel larger than the image with 'valid' padding: conv0 gets an error (its face and the minimap turn red).
    await changed('severity', () => {
      store.getState().setParam('conv0', 'padding', 'valid');
      store.getState().setParam('conv0', 'kernel', [40, 40]);
    });
    expect(snap().severityOf('conv0')).toBe('error');
    vm.dispose();
  });

  it("a face's snapshot stays the same object while only its stats line changes, and follows its other text", async () => {
    const store = createEditorStore();
    store.getState().loadDoc(chain(5));
    const vm = createViewModel(store);
    const snap = faceSnapshot(vm, 'conv3');
    const first = snap()!;
    for (let i = 0; i < 10; i++) {
      store.getState().setParam('input', 'height', 34 + 2 * i);
      await tick();
      expect(vm.get().nodes.get('conv3')!.shape).toBe(`${34 + 2 * i}x32x16`);
      expect(snap()).toBe(first);
    }
    store.getState().setParam('conv3', 'activation', 'relu');
    await tick();
    expect(snap()).not.toBe(first);
    expect(snap()!.activation).toBe('relu');
    expect(faceSnapshot(vm, 'nope')()).toBeUndefined();
    vm.dispose();
  });
});

describe("the view model's keyed listeners (one node's face, one edge's label)", () => {
  it('hear every change of their entry over random edits, and an edit downstream tells only what it changed', async () => {
    const store = createEditorStore();
    store.getState().loadDoc(chain(30));
    const vm = createViewModel(store);
    const doc = store.getState().doc;
    const seen = new Map<string, unknown>();
    let calls = 0;
    for (const n of doc.nodes) {
      seen.set(n.id, vm.get().nodes.get(n.id));
      vm.subscribeNode(n.id, () => (calls++, seen.set(n.id, vm.get().nodes.get(n.id))));
    }
    for (const e of doc.edges) {
      seen.set(e.id, vm.get().edges.get(e.id));
      vm.subscribeEdge(e.id, () => (calls++, seen.set(e.id, vm.get().edges.get(e.id))));
    }
    const upToDate = () => {
      const v = vm.get();
      for (const n of doc.nodes) expect(seen.get(n.id), n.id).toBe(v.nodes.get(n.id));
      for (const e of doc.edges) expect(seen.get(e.id), e.id).toBe(v.edges.get(e.id));
    };
    // A seeded walk of edits anywhere in the chain: sizes, filters, kernels, padding, activations.
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 60; i++) {
      const k = rnd(30);
      const edit = rnd(5);
      const s = store.getState();
      if (edit === 0) s.setParam('input', 'height', 20 + rnd(30));
      else if (edit === 1) s.setParam(`conv${k}`, 'filters', 8 + rnd(3) * 8);
      else if (edit === 2) s.setParam(`conv${k}`, 'kernel', [1 + 2 * rnd(3), 3]);
      else if (edit === 3) s.setParam(`conv${k}`, 'padding', rnd(2) ? 'same' : 'valid');
      else s.setParam(`conv${k}`, 'activation', rnd(2) ? 'relu' : 'linear');
      await tick();
      upToDate();
    }
    // The last layer's activation: its face alone changes (no edge leaves it).
    store.getState().setParam('conv29', 'activation', 'relu');
    store.getState().setParam('conv29', 'activation', 'linear');
    await tick();
    calls = 0;
    store.getState().setParam('conv29', 'activation', 'relu');
    await tick();
    upToDate();
    expect(calls).toBe(1);
    // conv27's filters: every face and label whose entry changed is told (conv27's and conv28's faces, the labels
    // below), and no other.
    calls = 0;
    const before = new Map(seen);
    store.getState().setParam('conv27', 'filters', 24);
    await tick();
    upToDate();
    const changed = [...seen].filter(([id, v]) => before.get(id) !== v).length;
    expect(changed).toBeGreaterThan(0);
    expect(calls).toBe(changed);
    vm.dispose();
  });
});

describe("the view model's narrow listeners (a face's head, a label's dashed state)", () => {
  it('are told exactly when what they show changes: an edit that changes only shapes tells none of them', async () => {
    const store = createEditorStore();
    store.getState().loadDoc(chain(30));
    const vm = createViewModel(store);
    const doc = store.getState().doc;
    // What the face's React render shows (faceSnapshot) and whether the edge is drawn dashed, as last told.
    const snaps = new Map(doc.nodes.map((n) => [n.id, faceSnapshot(vm, n.id)]));
    const shown = new Map<string, unknown>();
    const heads: string[] = [];
    let unknowns = 0;
    for (const n of doc.nodes) {
      shown.set(n.id, snaps.get(n.id)!());
      vm.subscribeNodeHead(n.id, () => (heads.push(n.id), shown.set(n.id, snaps.get(n.id)!())));
    }
    for (const e of doc.edges) {
      shown.set(e.id, vm.get().edges.get(e.id)!.unknown);
      vm.subscribeEdgeUnknown(e.id, () => (unknowns++, shown.set(e.id, vm.get().edges.get(e.id)!.unknown)));
    }
    const upToDate = () => {
      for (const n of doc.nodes) expect(shown.get(n.id), n.id).toBe(snaps.get(n.id)!());
      for (const e of doc.edges) expect(shown.get(e.id), e.id).toBe(vm.get().edges.get(e.id)!.unknown);
    };
    // Every shape below changes, and the Input's summary ("40x32x16"): no face's head.
    const labels = () => doc.edges.map((e) => vm.get().edges.get(e.id)!.label).join();
    const before = labels();
    store.getState().setParam('input', 'height', 40);
    await tick();
    expect(labels()).not.toBe(before);
    expect([heads, unknowns]).toEqual([[], 0]);
    expect(vm.get().nodes.get('input')!.summary).toMatch(/^40/);
    upToDate();
    // Too small for the valid 3x3 kernels of conv3 and conv4: faces turn red and the labels below go unknown.
    store.getState().setParam('conv3', 'padding', 'valid');
    store.getState().setParam('conv4', 'padding', 'valid');
    store.getState().setParam('input', 'height', 3);
    await tick();
    upToDate();
    expect(heads.length).toBeGreaterThan(0);
    expect(unknowns).toBeGreaterThan(0);
    // A seeded walk of edits: the faces' heads and the dashed state always follow.
    let seed = 11;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 60; i++) {
      const k = rnd(30);
      const s = store.getState();
      const edit = rnd(4);
      if (edit === 0) s.setParam('input', 'height', 2 + rnd(40));
      else if (edit === 1) s.setParam(`conv${k}`, 'filters', 8 + rnd(3) * 8);
      else if (edit === 2) s.setParam(`conv${k}`, 'padding', rnd(2) ? 'same' : 'valid');
      else s.setParam(`conv${k}`, 'activation', rnd(2) ? 'relu' : 'linear');
      await tick();
      upToDate();
    }
    vm.dispose();
  });
});
