// Where an edit's time goes, in Blink as well as in JS: a Chrome trace of N edits of the Input on the 300-node bench
// graph (as bench/ui.ts times them), main-thread events summed per name as thread CPU time (tdur, so a loaded machine
// still compares), split at the labels' update: "before labels" is what bench/ui.ts's edit -> labels times,
// "after" the frame that lays out and paints the new texts. Nested events count in both (Paint appears twice: the
// document and its HTML element). Without --light also the other threads (raster workers, compositor, the GPU
// process) that ran during the measured window, i.e. what competes with the edit for the cores.
//   npx tsx bench/traceEdit.ts DIST [--edits 20] [--big collapsed|expanded] [--light]     (DIST: vite build --outDir)
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preview } from 'vite';
import { serializeProject } from '../shared/graph';
import { launchBrowser } from '../e2e/browser';
import { bigGraph, editLoop } from './ui';

interface Ev {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  tid: number;
  pid: number;
  args?: { data?: Record<string, unknown>; beginData?: Record<string, unknown> };
}
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function run() {
  const dist = process.argv[2];
  const light = process.argv.includes('--light');
  const edits = Number(arg('--edits') ?? 20);
  const big = arg('--big');
  const server = await preview({ build: { outDir: dist }, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.addInitScript('window.__name = (f) => f;');
    await page.goto(`${server.resolvedUrls!.local[0]}?testHooks`);
    await page.waitForSelector('[data-testid="palette-Conv2D"]');
    const doc = big ? bigGraph(1000, 5, big === 'expanded') : bigGraph(300);
    await page.evaluate((t) => window.__cnn!.loadText(t, 'bench.cnn.json'), serializeProject(doc));
    const gp = doc.edges.find((e) => e.target.startsWith('globalpool'))!.id;
    await page.waitForSelector(`[data-testid="edge-label-${gp}"]`, { timeout: 900_000 });
    await page.click('.react-flow__controls-fitview');
    await page.waitForTimeout(800);
    const path = join(tmpdir(), `cnn-trace-${process.pid}.json`);
    await browser.startTracing(page, {
      path,
      categories: light
        ? ['blink.user_timing', 'devtools.timeline', 'toplevel']
        : [
            'blink.user_timing',
            'devtools.timeline',
            'disabled-by-default-devtools.timeline',
            'toplevel',
            'cc',
            'viz',
            'v8',
            'disabled-by-default-v8.gc',
          ],
    });
    // The edits bench/ui.ts times (editLoop), marked: 'edit-start' .. 'edit-end' (the labels) .. 'edit-frame'.
    await page.evaluate(editLoop, { runs: edits, settle: true });
    await browser.stopTracing();
    const events = (JSON.parse(readFileSync(path, 'utf8')) as { traceEvents: Ev[] }).traceEvents;
    const marks = events.filter((e) => e.name === 'edit-start' || e.name === 'edit-frame').sort((a, b) => a.ts - b.ts);
    const ends = events.filter((e) => e.name === 'edit-end').sort((a, b) => a.ts - b.ts);
    const main = marks[0];
    const X = events.filter((e) => e.ph === 'X' && e.tid === main.tid && e.pid === main.pid && e.dur);
    const total = new Map<string, number>();
    const count = new Map<string, number>();
    let spans = 0;
    const toEnd: number[] = [];
    for (let i = 0; i + 1 < marks.length; i++) {
      if (marks[i].name !== 'edit-start' || marks[i + 1].name !== 'edit-frame') continue;
      const a = marks[i].ts,
        b = marks[i + 1].ts;
      const end = ends.find((e) => e.ts >= a && e.ts <= b);
      if (end) toEnd.push((end.ts - a) / 1000);
      spans++;
      const mid = end ? end.ts : b;
      for (const e of X) {
        if (e.ts < a || e.ts > b) continue;
        const k = `${e.ts < mid ? 'before labels' : 'after'}: ${e.name}`;
        total.set(k, (total.get(k) ?? 0) + (e.tdur ?? e.dur!) / 1000);
        count.set(k, (count.get(k) ?? 0) + 1);
      }
    }
    console.log(`${spans} edits; edit -> labels wall ms: ${toEnd.map((x) => x.toFixed(1)).join(' ')}`);
    console.log('main thread, CPU ms per edit (start .. labels .. the frame after):');
    for (const [k, v] of [...total].sort((p, q) => q[1] - p[1]).slice(0, 30))
      console.log(
        `  ${(v / spans).toFixed(2).padStart(7)} ms  x${((count.get(k) ?? 0) / spans).toFixed(1).padStart(5)}  ${k}`,
      );
    if (light) return;
    // Every thread's events overlapping the measured window (edit-start .. labels), wall ms per edit.
    const tname = new Map<string, string>();
    const pname = new Map<number, string>();
    for (const e of events) {
      const n = String((e.args as { name?: string } | undefined)?.name);
      if (e.ph === 'M' && e.name === 'thread_name') tname.set(`${e.pid}:${e.tid}`, n);
      if (e.ph === 'M' && e.name === 'process_name') pname.set(e.pid, n);
    }
    const windows = marks
      .filter((m) => m.name === 'edit-start')
      .map((m) => [m.ts, ends.find((x) => x.ts >= m.ts)?.ts ?? m.ts] as const);
    const other = new Map<string, number>();
    for (const e of events) {
      if (e.ph !== 'X' || !e.dur) continue;
      const w = windows.find(([a, b]) => e.ts + e.dur! > a && e.ts < b);
      if (!w) continue;
      const k = `${pname.get(e.pid)}/${tname.get(`${e.pid}:${e.tid}`)}: ${e.name}`;
      other.set(k, (other.get(k) ?? 0) + (Math.min(w[1], e.ts + e.dur!) - Math.max(w[0], e.ts)) / 1000);
    }
    console.log('all threads during edit -> labels, wall ms per edit:');
    for (const [k, v] of [...other].sort((p, q) => q[1] - p[1]).slice(0, 25))
      console.log(`  ${(v / spans).toFixed(2).padStart(7)} ms  ${k}`);
  } finally {
    await browser.close();
    await server.close();
  }
}
run().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
