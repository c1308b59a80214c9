// The browser build's recovery drafts: one slot per tab in localStorage, so one tab's save (or discard)
// never deletes another tab's draft. A tab knows its slot by an id in sessionStorage (which survives a
// reload or a crash of that tab) and holds a Web Lock named after it while it lives; a draft whose
// tab holds no lock is an orphan (its tab was closed or crashed) and is offered to the next tab that
// starts, which adopts it into its own slot.
import type { Recovery } from '../../shared/ipc/contract';
import { fileNameProblem } from '../../shared/ipc/contract';

export const STORAGE_PREFIX = 'cnn-designer/';
const SLOT_PREFIX = `${STORAGE_PREFIX}recovery/`;
/** The single slot all tabs shared before per-tab slots: read as an orphan, never written. */
const LEGACY_KEY = `${STORAGE_PREFIX}recovery`;
const TAB_KEY = `${STORAGE_PREFIX}tab-id`;
const lockName = (id: string) => `${STORAGE_PREFIX}tab/${id}`;
const slotKey = (id: string) => `${SLOT_PREFIX}${id}`;
/** Orphaned drafts kept for later starts; older ones are dropped (each can be megabytes of a ~5 MB quota). */
export const MAX_ORPHAN_DRAFTS = 5;
/** Recent "paths" in the browser are file names under this prefix. */
export const BROWSER_PATH_PREFIX = 'browser:';

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

/** Web Locks, narrowed: who is alive. */
export interface TabLocks {
  /** Holds `name` for the life of the page; false (holding nothing) when another tab holds it. */
  hold(name: string): Promise<boolean>;
  /** The names every live tab of this site holds. */
  held(): Promise<string[]>;
}

export interface RecoveryEnv {
  /** localStorage: shared by the site's tabs, kept across sessions. */
  storage: StorageLike;
  /** sessionStorage: this tab's own, kept across its reloads. */
  tabStorage: Pick<StorageLike, 'getItem' | 'setItem'>;
  /** null where the browser has no Web Locks: then every other tab's draft counts as an orphan. */
  locks: TabLocks | null;
  newId(): string;
  now(): number;
}

interface Draft {
  key: string;
  /** The tab that wrote it; null for the legacy slot. */
  tab: string | null;
  raw: string;
  recovery: Recovery;
}

function parseDraft(raw: string | null): Recovery | null {
  if (!raw) return null;
  let data: Partial<Recovery>;
  try {
    data = JSON.parse(raw) as Partial<Recovery>;
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null || typeof data.text !== 'string' || typeof data.savedAt !== 'number')
    return null;
  const recovery: Recovery = { text: data.text, savedAt: data.savedAt };
  // The browser's "path" is only a download name; keep it only if it still is a plain, safe one.
  const name =
    typeof data.path === 'string' && data.path.startsWith(BROWSER_PATH_PREFIX)
      ? data.path.slice(BROWSER_PATH_PREFIX.length)
      : null;
  if (name !== null && fileNameProblem(name) === null) {
    recovery.path = data.path;
    recovery.name = name;
  }
  return recovery;
}

/** This tab's id: kept from sessionStorage, unless a duplicated tab already holds it (then a new one). */
async function claimTab(env: RecoveryEnv): Promise<string> {
  const kept = env.tabStorage.getItem(TAB_KEY);
  if (kept && (!env.locks || (await env.locks.hold(lockName(kept))))) return kept;
  const id = env.newId();
  env.tabStorage.setItem(TAB_KEY, id);
  await env.locks?.hold(lockName(id));
  return id;
}

export interface RecoverySlots {
  /** This tab's draft, else the newest orphan (adopted into this tab's slot), else null. */
  read(): Promise<Recovery | null>;
  write(text: string, path?: string): Promise<void>;
  clear(): Promise<void>;
}

export function createRecoverySlots(env: RecoveryEnv): RecoverySlots {
  const tab = claimTab(env);

  const listDrafts = (): Draft[] => {
    const keys: string[] = [];
    for (let i = 0; i < env.storage.length; i++) {
      const key = env.storage.key(i);
      if (key !== null && (key === LEGACY_KEY || key.startsWith(SLOT_PREFIX))) keys.push(key);
    }
    const drafts: Draft[] = [];
    for (const key of keys) {
      const raw = env.storage.getItem(key);
      if (raw === null) continue;
      const recovery = parseDraft(raw);
      if (!recovery) {
        env.storage.removeItem(key); // unreadable: nothing to offer, only space taken
        continue;
      }
      drafts.push({ key, tab: key === LEGACY_KEY ? null : key.slice(SLOT_PREFIX.length), raw, recovery });
    }
    return drafts;
  };

  return {
    async read() {
      const id = await tab;
      const own = parseDraft(env.storage.getItem(slotKey(id)));
      if (own) return own;
      const live = new Set(env.locks ? await env.locks.held() : []);
      const orphans = listDrafts()
        .filter((d) => d.tab !== id && !(d.tab !== null && live.has(lockName(d.tab))))
        .sort((a, b) => b.recovery.savedAt - a.recovery.savedAt);
      for (const old of orphans.slice(MAX_ORPHAN_DRAFTS)) env.storage.removeItem(old.key);
      const newest = orphans[0];
      if (!newest) return null;
      // Adopt it: from now on this tab's discard, save or autosave decides its fate, and no other tab
      // offers it as well.
      try {
        env.storage.setItem(slotKey(id), newest.raw);
        env.storage.removeItem(newest.key);
      } catch {
        // No room to move it: offer it where it is (it stays an orphan until a tab has room).
      }
      return newest.recovery;
    },

    async write(text, path) {
      const id = await tab;
      const draft: Recovery = { text, savedAt: env.now(), ...(path ? { path } : {}) };
      env.storage.setItem(slotKey(id), JSON.stringify(draft));
    },

    async clear() {
      env.storage.removeItem(slotKey(await tab));
    },
  };
}

/** The real thing: Web Locks held until the page goes away. */
export function browserTabLocks(): TabLocks | null {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return null;
  return {
    hold: (name) =>
      new Promise<boolean>((resolve) => {
        void locks.request(name, { ifAvailable: true }, (lock) => {
          resolve(lock !== null);
          // Never settles: the lock is released when the tab closes or crashes.
          return lock ? new Promise<void>(() => undefined) : undefined;
        });
      }),
    held: async () => ((await locks.query()).held ?? []).map((l) => l.name ?? ''),
  };
}
