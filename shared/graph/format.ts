// Human-readable formatting of analysis results, shared by the CLI, the canvas and the summary.
import type { ReceptiveField } from './types';

const pairText = (a: number, b: number) => (a === b ? `${+a.toFixed(2)}` : `${+a.toFixed(2)}x${+b.toFixed(2)}`);

/** e.g. "14x14 j2" or "global". */
export function formatRF(rf: ReceptiveField | null): string {
  if (!rf) return '?';
  if (rf.global) return `global (${rf.size[0]}x${rf.size[1]})`;
  return `${rf.size[0]}x${rf.size[1]} j${pairText(rf.jump[0], rf.jump[1])}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
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
