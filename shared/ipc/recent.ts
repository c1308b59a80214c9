// The recent-files list both hosts keep (main in its settings file, the browser in local storage).
import { recentEntrySchema, type RecentEntry } from './schemas';

/** Most recent first, one entry per path, at most `max`. */
export function addRecent(list: readonly RecentEntry[], entry: RecentEntry, max = 10): RecentEntry[] {
  return [entry, ...list.filter((e) => e.path !== entry.path)].slice(0, max);
}

/** Reads a stored recent list, dropping anything malformed instead of failing. Entries are kept as stored. */
export function parseRecentList(text: string | null): RecentEntry[] {
  if (!text) return [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  return data.filter((e): e is RecentEntry => recentEntrySchema.safeParse(e).success);
}
