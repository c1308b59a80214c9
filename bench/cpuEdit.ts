// Thread CPU time of a parameter edit on the 300-node bench graph, from a Chrome trace: the renderer main thread's
// clock (tts) at a mark before the edit and at the labels updating (as bench/ui.ts times it), not wall time, so that
// a machine loaded by other work (which stretches wall times many-fold) still gives comparable figures.
//   npx tsx bench/cpuEdit.ts DIST [DIST2 ...] [--rounds 3] [--edits 20] [--big collapsed|expanded]     (DIST: a built renderer, vite build)
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchArg, bigGraph, editLoop, openBenchGraph } from './ui';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  tid: number;
  tts: number;
}

async function cpuPerEdit(dist: string, edits: number, big?: string): Promise<{ cpu: number[]; wall: number[] }> {
  // --big collapsed|expanded: the 1,000-node graph of bench/ui.ts, its stages collapsed or expanded.
  const doc = big ? bigGraph(1000, 5, big === 'expanded') : bigGraph(300);
  const { page, browser, close } = await openBenchGraph(dist, doc);
  try {
    const path = join(tmpdir(), `cnn-cpu-${process.pid}.json`);
    await browser.startTracing(page, { path, categories: ['blink.user_timing'] });
    // The edits bench/ui.ts times (editLoop), between its marks 'edit-start' and 'edit-end'.
    await page.evaluate(editLoop, { runs: edits });
    await browser.stopTracing();
    const events = (JSON.parse(readFileSync(path, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
    const marks = events.filter((e) => e.name === 'edit-start' || e.name === 'edit-end').sort((a, b) => a.ts - b.ts);
    const cpu: number[] = [],
      wall: number[] = [];
    // Both marks are made on the main thread: their thread clocks (tts) differ by the CPU time it spent between them.
    for (let i = 0; i + 1 < marks.length; i++) {
      if (marks[i].name !== 'edit-start' || marks[i + 1].name !== 'edit-end') continue;
      cpu.push((marks[i + 1].tts - marks[i].tts) / 1000);
      wall.push((marks[i + 1].ts - marks[i].ts) / 1000);
    }
    return { cpu, wall };
  } finally {
    await close();
  }
}

const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

async function run() {
  const dists = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
  const rounds = Number(benchArg('--rounds') ?? 3);
  const edits = Number(benchArg('--edits') ?? 20);
  const all = new Map<string, { cpu: number[]; wall: number[] }>(dists.map((d) => [d, { cpu: [], wall: [] }]));
  for (let r = 0; r < rounds; r++)
    for (const d of r % 2 ? [...dists].reverse() : dists) {
      const { cpu, wall } = await cpuPerEdit(d, edits, benchArg('--big'));
      all.get(d)!.cpu.push(...cpu);
      all.get(d)!.wall.push(...wall);
      console.error(
        `round ${r + 1} ${d}: cpu median ${q(cpu, 0.5).toFixed(1)} ms, wall median ${q(wall, 0.5).toFixed(1)} ms`,
      );
    }
  for (const [d, { cpu, wall }] of all)
    console.log(
      `${d}: ${cpu.length} edits, main-thread CPU per edit median ${q(cpu, 0.5).toFixed(1)} ms, p95 ${q(cpu, 0.95).toFixed(1)} ms; wall median ${q(wall, 0.5).toFixed(1)} ms, p95 ${q(wall, 0.95).toFixed(1)} ms`,
    );
}

run().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
