// Human-readable formatting of analysis results, shared by the CLI, the canvas and the summary.
import type { ReceptiveField } from './types';

const pairText = (a: number, b: number) => (a === b ? `${+a.toFixed(2)}` : `${+a.toFixed(2)}x${+b.toFixed(2)}`);

/** e.g. "14x14 j2" or "global". */
/** '5x5 j1', or for a field covering the whole input `global` (the word in the user's language) with its size. */
export function formatRF(rf: ReceptiveField | null, global = 'global'): string {
  if (!rf) return '?';
  if (rf.global) return `${global} (${rf.size[0]}x${rf.size[1]})`;
  return `${rf.size[0]}x${rf.size[1]} j${pairText(rf.jump[0], rf.jump[1])}`;
}

/**
 * 1234567 -> "1,234,567" (en-US grouping). Whole numbers are grouped by hand: toLocaleString builds a number
 * formatter on every call (~20 us), and a 1,000-row summary formats thousands of counts on every edit.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const s = String(Math.abs(n));
  let i = s.length % 3 || 3;
  let out = s.slice(0, i);
  for (; i < s.length; i += 3) out += `,${s.slice(i, i + 3)}`;
  return n < 0 || Object.is(n, -0) ? `-${out}` : out;
}

/** 1.81G, 340.5M, 12.3K. */
export function formatSI(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return String(n);
}

export function formatBytes(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(2)} GiB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(2)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} B`;
}

/** The most characters of a value quoted in a message. */
export const MAX_QUOTED_CHARS = 80;

/** JSON-escaped head of a string, at most `max` characters; `cut` when something was left out. */
function escapedHead(text: string, max: number): { body: string; cut: boolean } {
  // Escape only the head: the cost and the size do not grow with the value.
  const body = JSON.stringify(text.length > max ? text.slice(0, max) : text).slice(1, -1);
  return body.length > max || text.length > max ? { body: body.slice(0, max), cut: true } : { body, cut: false };
}
const characters = (n: number) => `(${n.toLocaleString('en-US')} characters)`;

/**
 * Text from a file shown in a message without quotes (a connection's node ids): escaped like
 * quoteValue and cut to MAX_QUOTED_CHARS with an ellipsis.
 */
export function clipText(text: string, max = MAX_QUOTED_CHARS): string {
  const { body, cut } = escapedHead(text, max);
  return cut ? `${body}… ${characters(text.length)}` : body;
}

/**
 * A value from a file, quoted for a message: JSON-escaped (so newlines and terminal escape codes show
 * as \n and \u001b) and cut to MAX_QUOTED_CHARS with an ellipsis, because a file may hold a 20 MB
 * string and a message must stay readable. Every message that quotes a value from a file uses this.
 */
export function quoteValue(value: unknown, max = MAX_QUOTED_CHARS): string {
  if (typeof value === 'string') {
    const { body, cut } = escapedHead(value, max);
    return cut ? `"${body}…" ${characters(value.length)}` : `"${body}"`;
  }
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
