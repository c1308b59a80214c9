import { describe, expect, it } from 'vitest';
import type { BrowserEnv, StorageLike, TabLocks } from './browserHost';
import { createBrowserHost, projectFileName } from './browserHost';
import { MAX_ORPHAN_DRAFTS } from './browserRecovery';
import { HostError } from './host';
import { unzipExport } from '../../shared/export/zip';

class MemStorage implements StorageLike {
  readonly map = new Map<string, string>();
  /** Total characters allowed, like a browser's per-site quota. */
  constructor(private readonly quota = Infinity) {}
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    let used = v.length;
    for (const [key, value] of this.map) if (key !== k) used += value.length;
    if (used > this.quota) throw Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  get length() {
    return this.map.size;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
}

/** Web Locks shared by the tabs of one fake browser; closing a tab releases what it held. */
class FakeLocks {
  readonly held = new Map<string, string>(); // lock name -> tab
  forTab(tab: string): TabLocks {
    return {
      hold: async (name) => {
        if (this.held.has(name)) return false;
        this.held.set(name, tab);
        return true;
      },
      held: async () => [...this.held.keys()],
    };
  }
  close(tab: string) {
    for (const [name, owner] of this.held) if (owner === tab) this.held.delete(name);
  }
}

let ids = 0;
function fakeEnv(storage = new MemStorage(), tab = { session: new MemStorage(), locks: new FakeLocks(), name: 'tab' }) {
  const downloads: { name: string; data: Blob }[] = [];
  const state = {
    title: '',
    leaveWarning: false,
    confirmAnswer: true,
    picked: null as File | null,
    confirmed: [] as string[],
    promptAnswer: null as string | null,
    prompted: [] as [string, string][],
  };
  let now = 1000;
  const env: BrowserEnv = {
    storage,
    tabStorage: tab.session,
    locks: tab.locks.forTab(tab.name),
    newId: () => `id${++ids}`,
    pickFile: async () => state.picked,
    download: (name, data) => void downloads.push({ name, data }),
    confirm: (m) => (state.confirmed.push(m), state.confirmAnswer),
    prompt: (m, d) => (state.prompted.push([m, d]), state.promptAnswer),
    setDocumentTitle: (t) => void (state.title = t),
    setLeaveWarning: (on) => void (state.leaveWarning = on),
    now: () => now++,
  };
  return { env, downloads, state, storage };
}

describe('browser host', () => {
  it("leaves data sets to the page's file inputs (no openDataset)", () => {
    expect(createBrowserHost(fakeEnv().env).openDataset).toBeUndefined();
  });

  it('opens a picked file and lists it as recent', async () => {
    const { env, state } = fakeEnv();
    const host = createBrowserHost(env);
    expect(await host.openProject()).toBeNull();
    state.picked = new File(['{"a":1}'], 'lenet.cnn.json');
    expect(await host.openProject()).toEqual({
      path: 'browser:lenet.cnn.json',
      name: 'lenet.cnn.json',
      text: '{"a":1}',
    });
    expect(await host.listRecent()).toEqual([
      { path: 'browser:lenet.cnn.json', name: 'lenet.cnn.json', openedAt: 1000 },
    ]);
    expect(await host.openRecent('browser:lenet.cnn.json')).toMatchObject({ text: '{"a":1}' });
    await expect(host.openRecent('/etc/passwd')).rejects.toBeInstanceOf(HostError);
  });

  it('saves as a download named after the document, and that copy reopens from recent', async () => {
    const { env, downloads } = fakeEnv();
    const host = createBrowserHost(env);
    host.setTitle('mynet');
    expect(await host.saveProject('{"v":1}', { saveAs: false })).toEqual({
      path: 'browser:mynet.cnn.json',
      name: 'mynet.cnn.json',
    });
    expect(downloads.map((d) => d.name)).toEqual(['mynet.cnn.json']);
    expect(await downloads[0].data.text()).toBe('{"v":1}');
    await host.saveProject('{"v":2}', { saveAs: false, path: 'browser:mynet.cnn.json' });
    expect((await host.openRecent('browser:mynet.cnn.json')).text).toBe('{"v":2}');
  });

  it('keeps at most five recent files and forgets the texts of dropped ones', async () => {
    const { env, state, storage } = fakeEnv();
    const host = createBrowserHost(env);
    for (let i = 0; i < 7; i++) {
      state.picked = new File([`${i}`], `n${i}.cnn.json`);
      await host.openProject();
    }
    expect((await host.listRecent()).map((e) => e.name)).toEqual([
      'n6.cnn.json',
      'n5.cnn.json',
      'n4.cnn.json',
      'n3.cnn.json',
      'n2.cnn.json',
    ]);
    expect([...storage.map.keys()].filter((k) => k.includes('recent-file/'))).toHaveLength(5);
  });

  it('makes room when storage is full, and explains a recent file it could not keep', async () => {
    const { env, state } = fakeEnv(new MemStorage(2500));
    const host = createBrowserHost(env);
    state.picked = new File(['a'.repeat(1000)], 'a.cnn.json');
    await host.openProject();
    state.picked = new File(['b'.repeat(1000)], 'b.cnn.json');
    await host.openProject();
    state.picked = new File(['c'.repeat(1000)], 'c.cnn.json');
    await host.openProject();
    expect((await host.openRecent('browser:c.cnn.json')).text).toHaveLength(1000);
    await expect(host.openRecent('browser:a.cnn.json')).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('use Open instead'),
    });
  });

  it('keeps a recovery draft and clears it', async () => {
    const { env } = fakeEnv();
    const host = createBrowserHost(env);
    expect(await host.readRecovery()).toBeNull();
    await host.writeRecovery('draft');
    expect(await host.readRecovery()).toEqual({ text: 'draft', savedAt: 1000 });
    await host.clearRecovery();
    expect(await host.readRecovery()).toBeNull();
  });

  describe('one recovery slot per tab', () => {
    /** Tabs of one browser profile: shared localStorage and locks, a sessionStorage each. */
    function browser() {
      const storage = new MemStorage();
      const locks = new FakeLocks();
      let n = 0;
      const open = (session = new MemStorage()) => {
        const name = `tab${++n}`;
        return { name, session, host: createBrowserHost(fakeEnv(storage, { session, locks, name }).env) };
      };
      return {
        storage,
        locks,
        open,
        drafts: () => [...storage.map.keys()].filter((k) => k.startsWith('cnn-designer/recovery')),
      };
    }

    it("a save in one tab does not delete another tab's draft", async () => {
      const b = browser();
      const a = b.open();
      const c = b.open();
      await a.host.writeRecovery('draft A');
      await c.host.writeRecovery('draft C');
      await c.host.clearRecovery(); // tab C saved
      expect(await a.host.readRecovery()).toMatchObject({ text: 'draft A' });
      expect(await c.host.readRecovery()).toBeNull(); // A is alive: its draft is not C's to offer
      expect(b.drafts()).toHaveLength(1);
    });

    it("a reloaded tab gets its own draft back; a closed tab's draft goes to the next tab, once", async () => {
      const b = browser();
      const a = b.open();
      await a.host.writeRecovery('draft A', 'browser:net.cnn.json');
      // Reload: same sessionStorage, same id (the old page's lock is gone with it).
      b.locks.close(a.name);
      const reloaded = b.open(a.session);
      expect(await reloaded.host.readRecovery()).toEqual({
        text: 'draft A',
        savedAt: expect.any(Number),
        path: 'browser:net.cnn.json',
        name: 'net.cnn.json',
      });
      // Closed for good: a new tab adopts the orphan; a third tab is not offered it again.
      b.locks.close(reloaded.name);
      const next = b.open();
      expect(await next.host.readRecovery()).toMatchObject({ text: 'draft A' });
      expect(await b.open().host.readRecovery()).toBeNull();
      await next.host.clearRecovery(); // "Discard"
      expect(b.drafts()).toEqual([]);
    });

    it('a duplicated tab (sessionStorage copied) gets a slot of its own', async () => {
      const b = browser();
      const a = b.open();
      await a.host.writeRecovery('draft A');
      const copy = new MemStorage();
      for (const [k, v] of a.session.map) copy.setItem(k, v);
      const dup = b.open(copy);
      await dup.host.writeRecovery('draft dup');
      expect(await a.host.readRecovery()).toMatchObject({ text: 'draft A' });
      expect(b.drafts()).toHaveLength(2);
    });

    it(`keeps at most ${MAX_ORPHAN_DRAFTS} orphaned drafts, newest first, and reads the old shared slot`, async () => {
      const b = browser();
      b.storage.setItem('cnn-designer/recovery', JSON.stringify({ text: 'legacy', savedAt: 1 }));
      for (let i = 0; i < 8; i++)
        b.storage.setItem(`cnn-designer/recovery/dead${i}`, JSON.stringify({ text: `dead ${i}`, savedAt: 100 + i }));
      b.storage.setItem('cnn-designer/recovery/broken', '{');
      const t = b.open();
      expect(await t.host.readRecovery()).toMatchObject({ text: 'dead 7' });
      expect(b.drafts()).toHaveLength(MAX_ORPHAN_DRAFTS);
      const texts = b
        .drafts()
        .map((k) => JSON.parse(b.storage.getItem(k)!).text)
        .sort();
      expect(texts).toEqual(['dead 3', 'dead 4', 'dead 5', 'dead 6', 'dead 7']);
    });

    it('drops a stored path that is not a plain browser file name', async () => {
      const b = browser();
      b.storage.setItem('cnn-designer/recovery/x', JSON.stringify({ text: 't', savedAt: 1, path: 'browser:../evil' }));
      expect(await b.open().host.readRecovery()).toEqual({ text: 't', savedAt: 1 });
    });
  });

  it('reports a recovery draft too large for storage', async () => {
    const { env } = fakeEnv(new MemStorage(100));
    await expect(createBrowserHost(env).writeRecovery('x'.repeat(200))).rejects.toMatchObject({ code: 'too-large' });
  });

  it('exports each file as a download with its own name, refusing unsafe names', async () => {
    const { env, downloads } = fakeEnv();
    const host = createBrowserHost(env);
    const files = [
      { name: 'model.json', bytes: new Uint8Array([123, 125]) },
      { name: 'weights.bin', bytes: new Uint8Array([1]) },
    ];
    // One download: a zip named after the export, holding the files under their own names.
    expect(await host.exportFiles('lenet-tfjs', files)).toEqual({ folder: null, written: ['lenet-tfjs.zip'] });
    expect(downloads.map((d) => d.name)).toEqual(['lenet-tfjs.zip']);
    const zipped = unzipExport(new Uint8Array(await downloads[0].data.arrayBuffer()));
    expect(zipped.map((f) => [f.name, [...f.bytes]])).toEqual([
      ['model.json', [123, 125]],
      ['weights.bin', [1]],
    ]);
    await expect(host.exportFiles('lenet', [{ name: '../x', bytes: new Uint8Array() }])).rejects.toMatchObject({
      code: 'invalid-args',
    });
    await expect(host.exportFiles('lenet', [{ name: '.bash_login', bytes: new Uint8Array() }])).rejects.toMatchObject({
      code: 'invalid-args',
      message: expect.stringContaining('starts with a dot'),
    });
    expect(downloads).toHaveLength(1);
  });

  it('shows the name and unsaved mark in the title and warns before leaving', () => {
    const { env, state } = fakeEnv();
    const host = createBrowserHost(env);
    host.setTitle('net.cnn.json');
    host.setDirty(true);
    expect(state.title).toBe('*net.cnn.json \u2014 CNN Designer');
    expect(state.leaveWarning).toBe(true);
    host.setDirty(false);
    expect(state.title).toBe('net.cnn.json \u2014 CNN Designer');
    expect(state.leaveWarning).toBe(false);
  });

  it('confirms discarding with the browser dialog', async () => {
    const { env, state } = fakeEnv();
    const host = createBrowserHost(env);
    expect(await host.confirmDiscard('net.cnn.json')).toBe('discard');
    state.confirmAnswer = false;
    expect(await host.confirmDiscard('net.cnn.json')).toBe('cancel');
    expect(state.confirmed[0]).toBe('net.cnn.json has unsaved changes. Discard them?'); // from the catalogue (ui.sweep2.discardConfirm)
  });

  it('derives download names', () => {
    expect(projectFileName('Untitled')).toBe('Untitled.cnn.json');
    expect(projectFileName('net.json')).toBe('net.cnn.json');
    expect(projectFileName('net.cnn.json')).toBe('net.cnn.json');
    expect(projectFileName('a/b')).toBe('a-b.cnn.json');
    expect(projectFileName('ResNet-20 (CIFAR-10, 32x32x3)')).toBe('ResNet-20-CIFAR-10-32x32x3.cnn.json');
    expect(projectFileName('../..')).toBe('untitled.cnn.json');
    expect(projectFileName('  ')).toBe('untitled.cnn.json');
    expect(projectFileName('卷积网络 v2')).toBe('卷积网络-v2.cnn.json');
  });

  it('Save As asks for a file name and downloads under it; cancelling writes nothing', async () => {
    const { env, downloads, state } = fakeEnv();
    const host = createBrowserHost(env);
    host.setTitle('ResNet-20 (CIFAR-10, 32x32x3)');
    expect(await host.saveProject('{"v":1}', { saveAs: true })).toBeNull();
    expect(state.prompted[0][1]).toBe('ResNet-20-CIFAR-10-32x32x3.cnn.json');
    expect(downloads).toEqual([]);
    state.promptAnswer = 'my resnet';
    expect(await host.saveProject('{"v":1}', { saveAs: true, path: 'browser:x.cnn.json' })).toEqual({
      path: 'browser:my-resnet.cnn.json',
      name: 'my-resnet.cnn.json',
    });
    expect(downloads.map((d) => d.name)).toEqual(['my-resnet.cnn.json']);
  });

  it('forgets a recent entry (a file that failed to open)', async () => {
    const { env, state, storage } = fakeEnv();
    const host = createBrowserHost(env);
    state.picked = new File(['not json'], 'bad.cnn.json');
    await host.openProject();
    expect((await host.listRecent()).map((e) => e.name)).toEqual(['bad.cnn.json']);
    await host.forgetRecent!('browser:bad.cnn.json');
    expect(await host.listRecent()).toEqual([]);
    expect([...storage.map.keys()].filter((k) => k.includes('recent-file/'))).toEqual([]);
  });
});
