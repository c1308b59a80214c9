import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyDoc, parseProject, serializeProject } from '../../shared/graph';
import type { DiscardChoice, Host, OpenedProject, Recovery, SaveOptions } from '../host/host';
import { HostError } from '../host/host';
import { createEditorStore, undoLabel } from '../store/store';
import { setLocale } from '../i18n';
import { TEMPLATES } from '../../templates';
import { validators } from '../../shared/ipc/contract';
import {
  discardRecovery,
  documentName,
  findRecovery,
  newFile,
  openFile,
  openRecentFile,
  renameProject,
  restoreRecovery,
  save,
  startAutosave,
  syncTitle,
  type FileDeps,
} from './files';

/** A host that records what it was asked and answers from queues. */
function fakeHost() {
  const calls: string[] = [];
  const state = {
    toOpen: null as OpenedProject | null | Error,
    discard: 'discard' as DiscardChoice,
    saveAs: { path: '/p/net.cnn.json', name: 'net.cnn.json' } as { path: string; name: string } | null,
    saved: [] as { text: string; options: SaveOptions }[],
    recovery: null as Recovery | null,
    title: '',
    dirty: false,
  };
  const host: Host = {
    kind: 'browser',
    async openProject() {
      calls.push('open');
      if (state.toOpen instanceof Error) throw state.toOpen;
      return state.toOpen;
    },
    async openRecent(path) {
      calls.push(`recent:${path}`);
      throw new HostError('not-found', `Cannot open ${path}: it has gone`);
    },
    async listRecent() {
      return [];
    },
    async forgetRecent(path) {
      calls.push(`forget:${path}`);
    },
    async saveProject(text, options) {
      calls.push('save');
      state.saved.push({ text, options });
      return state.saveAs;
    },
    async readRecovery() {
      return state.recovery;
    },
    async writeRecovery(text, path) {
      calls.push('writeRecovery');
      state.recovery = { text, savedAt: 1_700_000_000_000, ...(path ? { path, name: path.split('/').pop()! } : {}) };
    },
    async clearRecovery() {
      calls.push('clearRecovery');
      state.recovery = null;
    },
    async exportFiles() {
      return null;
    },
    async confirmDiscard(name) {
      calls.push(`confirm:${name}`);
      return state.discard;
    },
    setTitle(name) {
      state.title = name;
    },
    setLocale() {},
    setDirty(d) {
      state.dirty = d;
    },
    onMenu() {
      return () => undefined;
    },
  };
  return { host, calls, state };
}

const lenet = () => TEMPLATES.find((t) => t.id === 'lenet5-mnist')!.build();

let deps: FileDeps;
let fake: ReturnType<typeof fakeHost>;
beforeEach(() => {
  fake = fakeHost();
  deps = { store: createEditorStore(), host: fake.host };
});

describe('file commands', () => {
  it('renames the project: an undoable edit that marks it unsaved, and the next Save asks for a new file', async () => {
    const stop = syncTitle(deps);
    fake.state.toOpen = { path: '/p/lenet.cnn.json', name: 'lenet.cnn.json', text: serializeProject(lenet()) };
    await openFile(deps);
    expect(renameProject(deps, '   ')).toBe(false);
    expect(renameProject(deps, 'lenet.cnn.json')).toBe(false);
    expect(deps.store.getState().doc).toBe(deps.store.getState().savedDoc);
    expect(renameProject(deps, '  My   LeNet ')).toBe(true);
    const s = deps.store.getState();
    expect(s.doc.metadata.name).toBe('My LeNet');
    expect(documentName(s)).toBe('My LeNet');
    expect(fake.state.title).toBe('My LeNet');
    expect(fake.state.dirty).toBe(true);
    expect(undoLabel(s)).toBe('Rename');
    await save(deps, false);
    expect(fake.state.saved.at(-1)?.options.saveAs).toBe(true);
    s.undo();
    expect(deps.store.getState().doc.metadata.name).not.toBe('My LeNet');
    // Locked while training: refused with the store's notice.
    deps.store.getState().setLocked(true);
    expect(renameProject(deps, 'Other')).toBe(false);
    expect(deps.store.getState().notice?.text).toMatch(/locked while training/);
    stop();
  });

  it('opens a project, names the window after the file and marks edits unsaved', async () => {
    const stop = syncTitle(deps);
    fake.state.toOpen = { path: '/p/lenet.cnn.json', name: 'lenet.cnn.json', text: serializeProject(lenet()) };
    expect(await openFile(deps)).toBe(true);
    const s = deps.store.getState();
    expect(s.doc.nodes).toHaveLength(10);
    expect(s.fileName).toBe('lenet.cnn.json');
    expect(fake.state.title).toBe('lenet.cnn.json');
    expect(fake.state.dirty).toBe(false);
    s.setParam(s.doc.nodes[1].id, 'filters', 8);
    expect(fake.state.dirty).toBe(true);
    stop();
  });

  it('keeps the current graph and says why when the file is corrupt, truncated or of the wrong schema', async () => {
    deps.store.getState().loadDoc(lenet(), { path: '/p/a.cnn.json', name: 'a.cnn.json' });
    const before = deps.store.getState().doc;
    const good = serializeProject(lenet());
    for (const [text, why] of [
      [good.slice(0, good.length / 2), /not valid JSON.*truncated/],
      ['{"format":"cnn-designer","version":7,"nodes":[],"edges":[]}', /newer CNN Designer/],
      [
        '{"format":"cnn-designer","version":2,"nodes":[{"id":"x","type":"Conv9D"}],"edges":[]}',
        /unknown layer type "Conv9D"/,
      ],
      ['[1,2,3]', /not a CNN Designer project/],
    ] as const) {
      fake.state.toOpen = { path: '/p/bad.cnn.json', name: 'bad.cnn.json', text };
      expect(await openFile(deps)).toBe(false);
      const s = deps.store.getState();
      expect(s.doc).toBe(before);
      expect(s.fileName).toBe('a.cnn.json');
      expect(s.notice?.kind).toBe('error');
      expect(s.notice?.text).toMatch(/^Could not open bad\.cnn\.json: /);
      expect(s.notice?.text).toMatch(why);
      expect(s.notice?.text).toMatch(/current graph was kept/);
      // A file that failed to open is not offered again under Recent.
      expect(fake.calls.at(-1)).toBe('forget:/p/bad.cnn.json');
    }
    expect(fake.calls.filter((c) => c.startsWith('forget:'))).toHaveLength(4);
  });

  it("lists what opening repaired in the reader's language (zh-CN: no English sentence)", async () => {
    const text = JSON.stringify({
      format: 'cnn-designer',
      version: 2,
      metadata: { name: 'p' },
      nodes: [{ id: 'in', type: 'Input', params: { height: 'tall', colour: 1 }, position: { x: 0, y: 0 } }],
      edges: [{ source: 'in', target: 'ghost' }],
    });
    fake.state.toOpen = { path: '/p/fixed.cnn.json', name: 'fixed.cnn.json', text };
    await setLocale('zh-CN');
    try {
      expect(await openFile(deps)).toBe(true);
    } finally {
      await setLocale('en');
    }
    const notice = deps.store.getState().notice?.text ?? '';
    expect(notice).toContain('fixed.cnn.json');
    expect(notice).toContain('参数 "height" 的值 "tall" 无效，已重置为 28');
    expect(notice).toContain('节点 "ghost" 不存在');
    expect(notice, notice).not.toMatch(/\b[A-Za-z]{2,}(?: +[A-Za-z]{2,}){2,}\b/);
  });

  it('asks before discarding unsaved changes: cancel keeps them, save saves first', async () => {
    const s = () => deps.store.getState();
    s().addNode('Input', { x: 0, y: 0 });
    fake.state.discard = 'cancel';
    expect(await newFile(deps)).toBe(false);
    expect(s().doc.nodes).toHaveLength(1);
    expect(fake.calls).toContain('confirm:Untitled');
    fake.state.discard = 'save';
    expect(await newFile(deps)).toBe(true);
    expect(fake.state.saved).toHaveLength(1);
    expect(s().doc.nodes).toHaveLength(0);
    expect(s().fileName).toBeNull();
  });

  it('saves to the document path, Save As asks afresh; edits made during the save stay unsaved', async () => {
    const s = () => deps.store.getState();
    s().addNode('Input', { x: 0, y: 0 });
    expect(await save(deps, false)).toBe(true);
    expect(fake.state.saved[0].options).toEqual({ saveAs: false });
    expect(s().filePath).toBe('/p/net.cnn.json');
    expect(s().doc).toBe(s().savedDoc);
    expect(parseProject(fake.state.saved[0].text)).toMatchObject({ ok: true, doc: { nodes: [{ type: 'Input' }] } });
    expect(fake.calls).toContain('clearRecovery');
    await save(deps, true);
    expect(fake.state.saved[1].options).toEqual({ saveAs: true, path: '/p/net.cnn.json' });

    // The dialog is open while the user edits: the edit must not be marked saved.
    let release!: () => void;
    fake.host.saveProject = async () => {
      await new Promise<void>((r) => {
        release = r;
      });
      return { path: '/p/x.cnn.json', name: 'x.cnn.json' };
    };
    const saving = save(deps, false);
    await Promise.resolve();
    s().addNode('Dense', { x: 0, y: 100 });
    release();
    await saving;
    expect(s().doc).not.toBe(s().savedDoc);
    expect(s().savedDoc.nodes).toHaveLength(1);
    // A cancelled dialog changes nothing.
    fake.host.saveProject = async () => null;
    expect(await save(deps, true)).toBe(false);
    expect(s().fileName).toBe('x.cnn.json');
  });

  it('reports host failures (a recent file that has gone) without touching the graph', async () => {
    expect(await openRecentFile(deps, '/gone.cnn.json')).toBe(false);
    expect(deps.store.getState().notice).toEqual({ kind: 'error', text: 'Cannot open /gone.cnn.json: it has gone' });
    fake.state.toOpen = new HostError('too-large', 'Cannot open big.cnn.json: it is too large');
    expect(await openFile(deps)).toBe(false);
    expect(deps.store.getState().notice?.text).toMatch(/too large/);
  });
});

describe('a document name with control characters (from a file or a restored draft)', () => {
  it('New and Open still ask and go on: the name is cleaned to one the desktop contract accepts', async () => {
    // The desktop host refuses what its contract refuses; this fake does the same.
    fake.host.confirmDiscard = async (name) => {
      const v = validators.confirmDiscard([name]);
      if (!v.ok) throw new HostError('invalid-args', v.message);
      fake.calls.push(`confirm:${name}`);
      return 'discard';
    };
    const doc = { ...lenet(), metadata: { ...lenet().metadata, name: 'evil\nname\u2028with\tcontrols' } };
    const offer = (await findRecovery({
      ...deps,
      host: { ...fake.host, readRecovery: async () => ({ text: serializeProject(doc), savedAt: 1 }) },
    }))!;
    restoreRecovery(deps, offer);
    expect(documentName(deps.store.getState())).toBe('evil name with controls');
    expect(await newFile(deps)).toBe(true);
    expect(fake.calls).toContain('confirm:evil name with controls');
    expect(deps.store.getState().doc.nodes).toHaveLength(0);

    restoreRecovery(deps, offer);
    fake.state.toOpen = { path: '/p/lenet.cnn.json', name: 'lenet.cnn.json', text: serializeProject(lenet()) };
    expect(await openFile(deps)).toBe(true);
    expect(deps.store.getState().fileName).toBe('lenet.cnn.json');
  });

  it('bounds a very long name and falls back to Untitled for an empty one', () => {
    const long = { ...emptyDoc(), metadata: { name: 'x'.repeat(10_000) } };
    expect(documentName({ fileName: null, doc: long })).toHaveLength(255);
    expect(documentName({ fileName: null, doc: { ...emptyDoc(), metadata: { name: '\n\r\t' } } })).toBe('Untitled');
  });
});

describe('autosave and recovery', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes unsaved work to the recovery file after a pause, and offers it back after a crash', async () => {
    const stop = startAutosave(deps, 1000);
    const s = () => deps.store.getState();
    s().addNode('Input', { x: 0, y: 0 });
    s().addNode('Conv2D', { x: 0, y: 100 });
    await vi.advanceTimersByTimeAsync(500);
    expect(fake.calls).not.toContain('writeRecovery');
    await vi.advanceTimersByTimeAsync(600);
    expect(fake.calls.filter((c) => c === 'writeRecovery')).toHaveLength(1);
    stop();

    // "Crash": a fresh store and the same host.
    const next: FileDeps = { store: createEditorStore(), host: fake.host };
    const offer = (await findRecovery(next))!;
    expect(offer.nodes).toBe(2);
    expect(restoreRecovery(next, offer)).toBe(true);
    expect(next.store.getState().doc.nodes.map((n) => n.type)).toEqual(['Input', 'Conv2D']);
    expect(next.store.getState().doc).not.toBe(next.store.getState().savedDoc);
    await discardRecovery(next);
    expect(await findRecovery(next)).toBeNull();
  });

  it("keeps the document's file with the draft: a restored draft saves back to it", async () => {
    const stop = startAutosave(deps, 100);
    deps.store.getState().loadDoc(lenet(), { path: '/p/lenet.cnn.json', name: 'lenet.cnn.json' });
    const s = deps.store.getState();
    s.setParam(s.doc.nodes[1].id, 'filters', 8);
    await vi.advanceTimersByTimeAsync(200);
    stop();
    expect(fake.state.recovery).toMatchObject({ path: '/p/lenet.cnn.json', name: 'lenet.cnn.json' });

    const next: FileDeps = { store: createEditorStore(), host: fake.host };
    const offer = (await findRecovery(next))!;
    expect(restoreRecovery(next, offer)).toBe(true);
    const r = next.store.getState();
    expect(r.filePath).toBe('/p/lenet.cnn.json');
    expect(r.fileName).toBe('lenet.cnn.json');
    expect(r.doc).not.toBe(r.savedDoc); // still unsaved
    expect(r.notice?.text).toMatch(/^Restored unsaved work on lenet\.cnn\.json from /);
    await save(next, false);
    expect(fake.state.saved.at(-1)!.options).toEqual({ saveAs: false, path: '/p/lenet.cnn.json' });
  });

  it('does not write a clean document, and drops an unreadable draft', async () => {
    const stop = startAutosave(deps, 100);
    deps.store.getState().loadDoc(lenet(), { path: '/p/l.cnn.json', name: 'l.cnn.json' });
    await vi.advanceTimersByTimeAsync(500);
    expect(fake.calls).not.toContain('writeRecovery');
    stop();
    fake.state.recovery = { text: '{"broken', savedAt: 1 };
    expect(await findRecovery(deps)).toBeNull();
    expect(fake.state.recovery).toBeNull();
    fake.state.recovery = { text: serializeProject(emptyDoc()), savedAt: 1 };
    expect(await findRecovery(deps)).toBeNull();
  });
});
