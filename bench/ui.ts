// UI benchmark: the editor with a 300-node graph in headless Chromium (Debian's, via playwright-core).
//   npx tsx bench/ui.ts
// Builds the renderer with Vite into a temporary folder, serves it with `vite preview`, and measures
//  - cold start: navigation to an interactive canvas (fresh browser context each run: no cache);
//  - frame times while dragging a node of the 300-node graph (requestAnimationFrame deltas; p95);
//  - parameter edit -> updated edge labels: the Input's height changes every shape downstream, so
//    all ~300 labels must change; timed to the DOM update and checked against the next frame;
//  - the same drag and edit on a 1,000-node graph whose blocks are grouped in stages (groups collapsed: what a
//    user of a big net sees), and with every group expanded (the cost of drawing all 1,000 nodes).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, preview } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { addNode, connect, emptyDoc, groupNodes, serializeProject } from '../shared/graph';
import type { GraphDoc } from '../shared/graph';
import { launchBrowser } from '../e2e/browser';

/** Param edit -> all edge labels updated (ms), and the main-thread work of the frame after it. */
export interface EditFigures {
  median: number;
  p95: number;
  max: number;
  withinOneFrame: number;
  runs: number;
  /** Main-thread work of the frame after the edit (ms). */
  frame: { median: number; p95: number };
}

export interface UiCase {
  nodes: number;
  /** Nodes React Flow draws (collapsed groups count once). */
  drawn: number;
  drag: { frames: number; p50: number; p95: number; max: number; longTasks: number };
  editToLabels: EditFigures;
}

export interface UiBenchResult {
  nodes: number;
  edges: number;
  coldStartMs: { median: number; max: number; runs: number[] };
  drag: { frames: number; p50: number; p95: number; max: number; longTasks: number };
  editToLabels: EditFigures;
  /** The 1,000-node graph, its stages collapsed and expanded. */
  big?: { collapsed: UiCase; expanded: UiCase };
}

/**
 * A ResNet-like chain of `total` nodes: Input 32x32x16, blocks of conv-BN-conv-add, a classifier head.
 * With `stageBlocks`, every run of that many blocks is a group (collapsed unless `expanded`).
 */
export function bigGraph(total = 300, stageBlocks = 0, expanded = false): GraphDoc {
  let d = addNode(
    emptyDoc(`bench-${total}`),
    'Input',
    { x: 0, y: 0 },
    { height: 32, width: 32, channels: 16 },
    'input',
  ).doc;
  const stages: string[][] = [];
  let prev = 'input';
  let k = 1;
  const place = () => {
    const i = d.nodes.length;
    return { x: Math.floor(i / 20) * 240, y: (i % 20) * 120 };
  };
  const add = (type: Parameters<typeof addNode>[1], params: Record<string, unknown>, from: string, port = 'in') => {
    const r = addNode(d, type, place(), params as never, `${type.toLowerCase()}${k++}`);
    d = connect(r.doc, from, r.id, port).doc;
    return r.id;
  };
  while (d.nodes.length + 4 + 3 <= total) {
    const blockIn = prev;
    const c1 = add('Conv2D', { filters: 16, kernel: [3, 3], padding: 'same', activation: 'relu' }, blockIn);
    const bn = add('BatchNorm', {}, c1);
    const c2 = add('Conv2D', { filters: 16, kernel: [3, 3], padding: 'same', activation: 'linear' }, bn);
    const res = add('Residual', { projection: 'none' }, c2, 'main');
    d = connect(d, blockIn, res, 'skip').doc;
    prev = res;
    if (stageBlocks) {
      const last = stages[stages.length - 1];
      if (!last || last.length >= stageBlocks * 4) stages.push([c1, bn, c2, res]);
      else last.push(c1, bn, c2, res);
    }
  }
  stages.forEach((ids, i) => {
    d = groupNodes(d, ids, `stage ${i + 1}`, !expanded).doc;
  });
  while (d.nodes.length < total - 3) prev = add('Activation', { kind: 'relu' }, prev);
  prev = add('GlobalPool', { mode: 'avg' }, prev);
  prev = add('Dense', { units: 10, activation: 'linear' }, prev);
  add('Softmax', {}, prev);
  return d;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};
const r1 = (x: number) => Math.round(x * 10) / 10;
const frameFigures = (edits: { frame: number }[]) => {
  const f = edits.map((e) => e.frame);
  return { median: r1(quantile(f, 0.5)), p95: r1(quantile(f, 0.95)) };
};

async function coldStart(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForSelector('[data-testid="palette-Conv2D"]');
  await page.waitForFunction(() => document.documentElement.dataset.canvasReady === '1');
  // Navigation start -> the canvas's onInit (React Flow ready for input), in the page's own clock.
  return page.evaluate(() => performance.getEntriesByName('canvas-interactive')[0]?.startTime ?? NaN);
}

async function dragFrames(page: Page, testId: string) {
  const box = (await page.locator(`[data-testid="${testId}"]`).boundingBox())!;
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __long: number; __stop: boolean };
    w.__frames = [];
    w.__long = 0;
    w.__stop = false;
    new PerformanceObserver((l) => {
      w.__long += l.getEntries().length;
    }).observe({ type: 'longtask' });
    let last = performance.now();
    const tick = (t: number) => {
      w.__frames.push(t - last);
      last = t;
      if (!w.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame((t) => {
      last = t;
      requestAnimationFrame(tick);
    });
  });
  const x = box.x + box.width / 2,
    y = box.y + 6;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 120; i++) await page.mouse.move(x + i * 3, y + Math.sin(i / 8) * 40);
  await page.mouse.up();
  await page.waitForTimeout(100);
  const { frames, long } = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __long: number; __stop: boolean };
    w.__stop = true;
    return { frames: w.__frames.slice(1), long: w.__long };
  });
  return { frames, long };
}

/** One timed edit as the page saw it (see editLoop). */
export interface PageEdit {
  /** Edit -> the GlobalPool's input label showing the new shape (ms, the page's clock). */
  ms: number;
  /** Whether the label was right before the first animation frame after the edit. */
  inFrame: boolean;
  /** Main-thread work of the frame after the edit (ms); NaN without `frames`. */
  frame: number;
}

/**
 * The edit every UI bench times, run in the page (page.evaluate(editLoop, options)): `runs` times, once the last
 * frame's main-thread work is done, the Input's height and width are set to the next size, and the edit is timed
 * to the GlobalPool's input label (the last spatial edge: every label above it changes too) showing it. The marks
 * 'edit-start' and 'edit-end' (bench/cpuEdit.ts, traceEdit.ts read them from a Chrome trace) bound the same span;
 * with `settle`, 'edit-frame' follows two frames after the labels (traceEdit.ts: the frame that draws them).
 * bench/ui.ts, cpuEdit.ts and traceEdit.ts all time this one function.
 */
export async function editLoop({ runs, settle = false }: { runs: number; settle?: boolean }): Promise<PageEdit[]> {
  const hooks = window.__cnn!;
  const out: PageEdit[] = [];
  // The main thread's work in the frame after an edit (style, layout, paint, commit of ~600 new texts): from
  // that frame's animation callbacks to the next task, which runs once the frame is done.
  const frameWork = () =>
    new Promise<number>((r) =>
      requestAnimationFrame(() => {
        const a = performance.now();
        setTimeout(() => r(performance.now() - a), 0);
      }),
    );
  for (let i = 0; i <= runs; i++) {
    const h = 32 + 2 * (i + 1);
    // The Dense->Softmax label does not depend on H; the GlobalPool input (the last spatial edge) does.
    const gp = hooks.store.getState().doc.edges.find((e) => e.target.startsWith('globalpool'))!;
    const label = document.querySelector(`[data-testid="edge-label-${gp.id}"]`)!;
    const frame = await frameWork();
    if (i > 0) out[i - 1].frame = frame;
    if (i === runs) break;
    performance.mark('edit-start');
    const t0 = performance.now();
    let frameAt = Infinity;
    requestAnimationFrame(() => {
      frameAt = performance.now();
    });
    const done = new Promise<number>((resolve) => {
      const mo = new MutationObserver(() => {
        if (label.textContent === `${h}x${h}x16`) {
          mo.disconnect();
          const t = performance.now();
          performance.mark('edit-end');
          resolve(t);
        }
      });
      mo.observe(label, { characterData: true, childList: true, subtree: true });
    });
    hooks.store.getState().setParam('input', 'height', h);
    hooks.store.getState().setParam('input', 'width', h);
    const t1 = await done;
    out.push({ ms: t1 - t0, inFrame: t1 <= frameAt, frame: NaN });
    if (settle) {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      performance.mark('edit-frame');
    }
  }
  return out;
}

const editToLabels = (page: Page, runs: number) => page.evaluate(editLoop, { runs });

/** Load `doc`, fit, drag the node (or group) `dragId`, then time edits of the Input to the labels updating. */
async function measure(page: Page, doc: GraphDoc, dragTestId: string, editRuns: number): Promise<UiCase> {
  if (!(await page.evaluate((t) => window.__cnn!.loadText(t, 'bench.cnn.json'), serializeProject(doc))))
    throw new Error('bench graph did not load');
  // ELK lays 1,000 nodes out in a few seconds on a quiet machine; allow for a loaded one.
  await page.waitForSelector(`[data-testid="${dragTestId}"]`, { timeout: 900_000 });
  await page.waitForFunction(() => !document.querySelector('[data-testid="layout-busy"]'), undefined, {
    timeout: 900_000,
  });
  // React Flow's own fit (the whole graph, however small): the same view as main's Fit, so figures compare.
  await page.click('.react-flow__controls-fitview');
  await page.waitForTimeout(800);
  const drawn = await page.$$eval('.react-flow__node', (els) => els.length);
  const { frames, long } = await dragFrames(page, dragTestId);
  const edits = await editToLabels(page, editRuns);
  const ms = edits.map((e) => e.ms);
  return {
    nodes: doc.nodes.length,
    drawn,
    drag: {
      frames: frames.length,
      p50: r1(quantile(frames, 0.5)),
      p95: r1(quantile(frames, 0.95)),
      max: r1(Math.max(...frames)),
      longTasks: long,
    },
    editToLabels: {
      median: r1(quantile(ms, 0.5)),
      p95: r1(quantile(ms, 0.95)),
      max: r1(Math.max(...ms)),
      withinOneFrame: edits.filter((e) => e.inFrame).length,
      runs: edits.length,
      frame: frameFigures(edits),
    },
  };
}

/** Builds this tree's renderer into a fresh temporary folder (the caller removes it). */
export async function buildRenderer(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'cnn-ui-bench-'));
  await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return outDir;
}

/** A bench script's option value (`--name value`), or undefined when it is not given. */
export function benchArg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/**
 * A bench graph open in a built renderer, ready to time edits (bench/cpuEdit.ts, bench/profileEdit.ts): `dist`
 * served by vite preview, Chromium at 1440x900 with the test hooks, `doc` loaded as a file and React Flow's own Fit
 * applied, once the GlobalPool's input label is drawn (a loaded machine may take far longer than 30 s). `close`
 * ends the browser and the server.
 */
export async function openBenchGraph(
  dist: string,
  doc: GraphDoc,
): Promise<{ page: Page; browser: Browser; close: () => Promise<void> }> {
  const server = await preview({ build: { outDir: dist }, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
  const browser = await launchBrowser();
  const close = async () => {
    await browser.close();
    await server.close();
  };
  try {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    // tsx compiles with keepNames: functions passed to page.evaluate call __name, which the page lacks.
    await page.addInitScript('window.__name = (f) => f;');
    await page.goto(`${server.resolvedUrls!.local[0]}?testHooks`);
    await page.waitForSelector('[data-testid="palette-Conv2D"]');
    if (!(await page.evaluate((t) => window.__cnn!.loadText(t, 'bench.cnn.json'), serializeProject(doc))))
      throw new Error('bench graph did not load');
    const gp = doc.edges.find((e) => e.target.startsWith('globalpool'))!.id;
    await page.waitForSelector(`[data-testid="edge-label-${gp}"]`, { timeout: 900_000 });
    await page.click('.react-flow__controls-fitview');
    await page.waitForTimeout(800);
    return { page, browser, close };
  } catch (e) {
    await close();
    throw e;
  }
}

export async function runUiBench(
  options: {
    coldRuns?: number;
    editRuns?: number;
    big?: boolean;
    log?: (s: string) => void;
    /** A renderer already built (`vite build --outDir DIR`, e.g. of another commit): served as it is, not removed. */
    dist?: string;
  } = {},
): Promise<UiBenchResult> {
  const log = options.log ?? (() => undefined);
  if (!options.dist) log('building the renderer...');
  const outDir = options.dist ?? (await buildRenderer());
  const server = await preview({
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
    logLevel: 'warn',
  });
  const url = server.resolvedUrls!.local[0];
  const browser = await launchBrowser();
  try {
    const cold: number[] = [];
    for (let i = 0; i < (options.coldRuns ?? 5); i++) {
      const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await ctx.newPage();
      cold.push(await coldStart(page, url));
      await ctx.close();
    }
    log(`cold start: ${cold.map(r1).join(', ')} ms`);

    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    // tsx compiles with keepNames: functions passed to page.evaluate call __name, which the page lacks.
    await page.addInitScript('window.__name = (f) => f;');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}?testHooks`);
    await page.waitForSelector('[data-testid="palette-Conv2D"]');
    const doc = bigGraph(300);
    if (!(await page.evaluate((t) => window.__cnn!.loadText(t, 'bench-300.cnn.json'), serializeProject(doc))))
      throw new Error('bench graph did not load');
    // A loaded machine (other jobs on its cores) may take far longer than the default 30 s.
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid^="node-"]').length === n,
      doc.nodes.length,
      { timeout: 900_000 },
    );
    // React Flow's own fit (the whole graph, however small): the same view as main's Fit, so figures compare.
    await page.click('.react-flow__controls-fitview');
    await page.waitForTimeout(500);
    const rendered = await page.$$eval('[data-testid^="edge-label-"]', (els) => els.length);
    log(`graph on canvas: ${doc.nodes.length} nodes, ${rendered} edge labels`);

    const target = doc.nodes[150].id;
    const { frames, long } = await dragFrames(page, `node-${target}`);
    log(`drag: ${frames.length} frames`);
    const edits = await editToLabels(page, options.editRuns ?? 12);
    const ms = edits.map((e) => e.ms);
    let big: UiBenchResult['big'];
    if (options.big !== false) {
      // Stages of 5 blocks (20 nodes): the drag moves a whole collapsed stage, or one layer when expanded.
      log('1,000 nodes, stages collapsed...');
      const collapsed = await measure(page, bigGraph(1000, 5), 'group-g25', options.editRuns ?? 12);
      log('1,000 nodes, stages expanded...');
      const expandedDoc = bigGraph(1000, 5, true);
      const expanded = await measure(page, expandedDoc, `node-${expandedDoc.nodes[500].id}`, options.editRuns ?? 12);
      big = { collapsed, expanded };
    }
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    await ctx.close();
    return {
      ...(big ? { big } : {}),
      nodes: doc.nodes.length,
      edges: doc.edges.length,
      coldStartMs: { median: r1(quantile(cold, 0.5)), max: r1(Math.max(...cold)), runs: cold.map(r1) },
      drag: {
        frames: frames.length,
        p50: r1(quantile(frames, 0.5)),
        p95: r1(quantile(frames, 0.95)),
        max: r1(Math.max(...frames)),
        longTasks: long,
      },
      editToLabels: {
        median: r1(quantile(ms, 0.5)),
        p95: r1(quantile(ms, 0.95)),
        max: r1(Math.max(...ms)),
        withinOneFrame: edits.filter((e) => e.inFrame).length,
        runs: edits.length,
        frame: frameFigures(edits),
      },
    };
  } finally {
    await browser.close();
    await server.close();
    if (!options.dist) rmSync(outDir, { recursive: true, force: true });
  }
}

/** The figures compared side by side, by name (cases that a run lacks are left out). */
function figures(r: UiBenchResult): Record<string, number> {
  const out: Record<string, number> = {
    'cold start median': r.coldStartMs.median,
    '300 drag p50': r.drag.p50,
    '300 drag p95': r.drag.p95,
    '300 edit->labels p50': r.editToLabels.median,
    '300 edit->labels p95': r.editToLabels.p95,
    '300 frame after edit p50': r.editToLabels.frame.median,
    '300 frame after edit p95': r.editToLabels.frame.p95,
  };
  for (const [name, c] of Object.entries(r.big ?? {})) {
    out[`1,000 ${name} drag p50`] = c.drag.p50;
    out[`1,000 ${name} drag p95`] = c.drag.p95;
    out[`1,000 ${name} edit->labels p50`] = c.editToLabels.median;
    out[`1,000 ${name} edit->labels p95`] = c.editToLabels.p95;
    out[`1,000 ${name} frame after edit p95`] = c.editToLabels.frame.p95;
  }
  return out;
}

/**
 * The same bench against several built renderers in one session, interleaved round by round (A B, B A, ...) so
 * that a loaded machine's swings fall on both alike; prints the median of each figure over the rounds and each
 * build's ratio to the first.
 */
export async function compareUiBuilds(
  builds: { name: string; dist: string }[],
  options: { rounds?: number; editRuns?: number; big?: boolean; log?: (s: string) => void } = {},
): Promise<string> {
  const log = options.log ?? (() => undefined);
  const runs = new Map<string, Record<string, number>[]>(builds.map((b) => [b.name, []]));
  for (let round = 0; round < (options.rounds ?? 3); round++) {
    const order = round % 2 ? [...builds].reverse() : builds;
    for (const b of order) {
      log(`round ${round + 1}: ${b.name}`);
      const r = await runUiBench({ dist: b.dist, coldRuns: 2, editRuns: options.editRuns, big: options.big, log });
      runs.get(b.name)!.push(figures(r));
      log(formatUiBench(r));
    }
  }
  const names = Object.keys(runs.get(builds[0].name)![0]);
  const med = (b: string, k: string) =>
    quantile(
      runs.get(b)!.map((f) => f[k]),
      0.5,
    );
  const lines = [
    `UI bench side by side, ${options.rounds ?? 3} interleaved rounds, medians over rounds (ms; ratio to ${builds[0].name})`,
    `| figure | ${builds.map((b) => b.name).join(' | ')} |`,
    `|---|${builds.map(() => '---').join('|')}|`,
  ];
  for (const k of names) {
    const base = med(builds[0].name, k);
    const cells = builds.map((b, i) => {
      const v = med(b.name, k);
      return i === 0 ? `${r1(v)}` : `${r1(v)} (${(v / base).toFixed(2)}x)`;
    });
    lines.push(`| ${k} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function formatCase(name: string, c: UiCase): string[] {
  return [
    `  ${name} (${c.nodes} nodes, ${c.drawn} drawn): drag p95 ${c.drag.p95} ms (p50 ${c.drag.p50}, max ${c.drag.max}, ${c.drag.longTasks} long tasks); edit -> labels p95 ${c.editToLabels.p95} ms (median ${c.editToLabels.median}, max ${c.editToLabels.max}; in first frame ${c.editToLabels.withinOneFrame}/${c.editToLabels.runs}; main-thread work of the frame after p95 ${c.editToLabels.frame.p95} ms)   (target p95 < 33 ms)`,
  ];
}

export function formatUiBench(r: UiBenchResult): string {
  return [
    `UI benchmark (headless Chromium, ${r.nodes} nodes / ${r.edges} edges on the canvas)`,
    `  cold start to interactive canvas: median ${r.coldStartMs.median} ms, max ${r.coldStartMs.max} ms   (target < 1500 ms; runs ${r.coldStartMs.runs.join(', ')})`,
    `  drag frame time: p50 ${r.drag.p50} ms, p95 ${r.drag.p95} ms, max ${r.drag.max} ms over ${r.drag.frames} frames, ${r.drag.longTasks} long tasks   (target p95 <= 16.7 ms)`,
    `  param edit -> all edge labels updated: median ${r.editToLabels.median} ms, p95 ${r.editToLabels.p95} ms, max ${r.editToLabels.max} ms   (target: one frame, 16.7 ms)`,
    `    labels already right in the first frame painted after the edit: ${r.editToLabels.withinOneFrame}/${r.editToLabels.runs} (that frame is late by the time above)`,
    `  main-thread work of the frame after the edit (style, layout, paint): median ${r.editToLabels.frame.median} ms, p95 ${r.editToLabels.frame.p95} ms`,
    ...(r.big
      ? [
          ...formatCase('1,000 nodes, stages collapsed', r.big.collapsed),
          ...formatCase('1,000 nodes, stages expanded', r.big.expanded),
        ]
      : []),
  ].join('\n');
}

/**
 * `npx tsx bench/ui.ts [--edits N]`: the bench on this tree.
 * `npx tsx bench/ui.ts --compare DIR1,DIR2[,...] [--rounds N] [--edits N] [--no-big]`: renderers already built
 * (`npx vite build --outDir DIR`), side by side, interleaved, the first as the reference.
 * `npx tsx bench/ui.ts --against DIR [--rounds N] [--edits N]`: this tree side by side with the renderer built in
 * DIR (say, the previous main: `git archive main | tar -x -C /tmp/m && cd /tmp/m && npx vite build --outDir DIR`).
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const main = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
const against = arg('--against');
const compare = arg('--compare');
const editRuns = arg('--edits') ? Number(arg('--edits')) : undefined;
if (main && compare) {
  // Renderers already built, side by side (the first is the reference); --no-big leaves out the 1,000-node graph.
  const dists = compare.split(',');
  compareUiBuilds(
    dists.map((dist) => ({ name: dist, dist })),
    {
      rounds: Number(arg('--rounds') ?? 3),
      editRuns,
      big: !process.argv.includes('--no-big'),
      log: (s) => console.error(s),
    },
  ).then(
    (table) => console.log(table),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
} else if (main && against) {
  void (async () => {
    const dist = await buildRenderer();
    try {
      const table = await compareUiBuilds(
        [
          { name: 'against', dist: against },
          { name: 'this tree', dist },
        ],
        { rounds: Number(arg('--rounds') ?? 3), editRuns, log: (s) => console.error(s) },
      );
      console.log(table);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  })().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
} else if (main) {
  runUiBench({ editRuns, log: (s) => console.error(s) }).then(
    (r) => {
      console.log(formatUiBench(r));
      console.log(JSON.stringify(r));
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
