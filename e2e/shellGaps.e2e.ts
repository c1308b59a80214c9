// Issue 11's last shell gaps, driven with the mouse and keyboard at each of SIZES (1440x900, 1024x640, 150%):
// Ctrl+G shows the new group in the Inspector and closes up the layout in the same undo step; a skip edge in a
// file opened with its own positions runs beside the nodes it skips, its label on it; the Train tab leaves the
// canvas its room; React Flow's credit sits in the status bar, never over a node. Screenshots: artifacts/screenshots/gaps.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, SIZES, axeSerious, launchBrowser, pageAt, settled, tid } from './browser';

const DIR = `${SHOTS}/gaps`;

type N = [id: string, type: string, params: Record<string, unknown>, y: number];
type E = [source: string, target: string, port?: string];
const project = (name: string, nodes: N[], edges: E[]) =>
  JSON.stringify({
    format: 'cnn-designer',
    version: 2,
    metadata: { name },
    nodes: nodes.map(([id, type, params, y]) => ({ id, type, params, position: { x: 0, y } })),
    edges: edges.map(([source, target, port], i) => ({ id: `e${i + 1}`, source, target, targetPort: port ?? 'in' })),
  });
const conv = { filters: 8, kernel: [3, 3], padding: 'same', activation: 'relu' };

/** A chain in one column, 130 px apart, as a file saved with its positions (opened without auto-layout). */
const CHAIN = project(
  'chain',
  [
    ['input', 'Input', { height: 28, width: 28, channels: 1 }, 0],
    ['c1', 'Conv2D', conv, 130],
    ['c2', 'Conv2D', conv, 260],
    ['c3', 'Conv2D', conv, 390],
    ['pool', 'Pool', { mode: 'max', size: [2, 2], stride: [2, 2] }, 520],
    ['flat', 'Flatten', {}, 650],
    ['out', 'Dense', { units: 10, activation: 'linear' }, 780],
  ],
  [
    ['input', 'c1'],
    ['c1', 'c2'],
    ['c2', 'c3'],
    ['c3', 'pool'],
    ['pool', 'flat'],
    ['flat', 'out'],
  ],
);

/** A residual block in one column, its skip edge straight down past the two convolutions before any layout. */
const SKIP = project(
  'skip',
  [
    ['input', 'Input', { height: 28, width: 28, channels: 8 }, 0],
    ['c1', 'Conv2D', { ...conv, activation: 'linear' }, 130],
    ['c2', 'Conv2D', { ...conv, activation: 'linear' }, 260],
    ['add', 'Residual', {}, 390],
  ],
  [
    ['input', 'c1'],
    ['c1', 'c2'],
    ['c2', 'add', 'main'],
    ['input', 'add', 'skip'],
  ],
);

type Box = { l: number; t: number; r: number; b: number };
const overlaps = (a: Box, b: Box) => a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b;

let browser: Browser;
beforeAll(async () => {
  mkdirSync(DIR, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(SIZES)('at $name', (size) => {
  let page: Page;
  const errors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: `${DIR}/${name}-${size.name}.png` });
  const open = async (text: string, name: string) => {
    expect(await page.evaluate(([t, n]) => window.__cnn!.loadText(t, n), [text, name] as const)).toBe(true);
    await page.waitForSelector(tid('node-input'));
    await settled(page);
  };
  /** Node boxes in flow units (screen px over the zoom), by node id. */
  const flowBoxes = () =>
    page.evaluate(() => {
      const m = new DOMMatrixReadOnly(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform);
      const out: Record<string, { l: number; t: number; r: number; b: number }> = {};
      for (const el of document.querySelectorAll('.react-flow__node')) {
        const r = el.getBoundingClientRect();
        out[el.getAttribute('data-id')!] = { l: r.left / m.a, t: r.top / m.a, r: r.right / m.a, b: r.bottom / m.a };
      }
      return out;
    });
  const docPositions = () =>
    page.evaluate(() =>
      Object.fromEntries(window.__cnn!.store.getState().doc.nodes.map((n) => [n.id, [n.position.x, n.position.y]])),
    );

  beforeAll(async () => {
    page = await pageAt(browser, size, errors);
    await page.goto(`${inject('baseURL')}?testHooks`);
    await page.waitForSelector(tid('palette-Conv2D'));
  });
  afterAll(async () => {
    await page?.context().close();
  });

  it('Ctrl+G: the Inspector shows the new group, and the layout closes up around it in the same undo step', async () => {
    await open(CHAIN, 'chain.cnn.json');
    const before = await docPositions();
    await page.click(tid('node-c1'));
    await page.click(tid('node-c2'), { modifiers: ['Control'] });
    await page.click(tid('node-c3'), { modifiers: ['Control'] });
    await page.keyboard.press('Control+g');
    await page.waitForSelector(tid('group-g1'));
    await settled(page);
    await shot('grouped');

    // The Inspector shows the group that is selected, not "3 nodes selected".
    const insp = page.getByTestId('inspector');
    expect(await insp.getAttribute('data-group-id')).toBe('g1');
    expect(await page.getByTestId('inspector-multi').count()).toBe(0);
    expect(await page.getByTestId('inspector-group-in').textContent()).toBe('28x28x1');
    expect(await page.getByTestId('inspector-group-out').textContent()).toBe('28x28x8');
    // 3x3x1x8+8 + 2 x (3x3x8x8+8) parameters; 28x28 x (72 + 2 x 576) MACs.
    expect(await page.getByTestId('inspector-group-params').textContent()).toMatch(/^1,248/);
    expect(await page.getByTestId('inspector-group-macs').getAttribute('title')).toBe('959,616');
    expect(
      await page.locator('[data-testid^="inspector-member-"]').evaluateAll((els) => els.map((e) => e.dataset.testid)),
    ).toEqual(['inspector-member-c1', 'inspector-member-c2', 'inspector-member-c3']);
    expect(await page.getByTestId('inspector-group-toggle').isVisible()).toBe(true);
    expect(await page.getByTestId('inspector-group-ungroup').isVisible()).toBe(true);
    expect(await axeSerious(page, `group inspector at ${size.name}`)).toEqual([]);

    // The layout closed up: the group box sits one layer gap above the next node, not where c3 was.
    const b = await flowBoxes();
    const gap = b.pool.t - b['group:g1'].b;
    expect(gap).toBeGreaterThan(10);
    expect(gap).toBeLessThan(100);
    expect(b['group:g1'].t - b.input.b).toBeLessThan(100);

    // One Ctrl+Z takes back the group and its layout together.
    await page.keyboard.press('Control+z');
    await page.waitForSelector(tid('node-c3'));
    await settled(page);
    expect(await page.evaluate(() => window.__cnn!.store.getState().doc.groups ?? [])).toEqual([]);
    expect(await docPositions()).toEqual(before);

    // Group again, then collapse/expand and Ungroup from the Inspector: members come back, laid out, no overlap.
    // (A click on the empty canvas first: a click on a node already selected keeps the others selected.)
    await page.locator('.react-flow__pane').click({ position: { x: 12, y: 12 } });
    await page.click(tid('node-c1'));
    await page.click(tid('node-c2'), { modifiers: ['Control'] });
    await page.keyboard.press('Control+g');
    await page.waitForSelector(tid('group-g1'));
    await settled(page);
    expect(await insp.getAttribute('data-group-id')).toBe('g1');
    expect(await page.getByTestId('group-g1').textContent()).toContain('2 layers');
    await page.getByTestId('inspector-group-toggle').click();
    await page.waitForSelector(tid('frame-g1'));
    expect(await page.getByTestId('inspector-member-c2').isVisible()).toBe(true);
    await settled(page);
    await shot('group-expanded');
    await page.getByTestId('inspector-group-ungroup').click();
    await expect.poll(() => page.getByTestId('frame-g1').count()).toBe(0);
    await settled(page);
    const after = await flowBoxes();
    const ids = Object.keys(after);
    expect(ids.sort()).toEqual(['c1', 'c2', 'c3', 'flat', 'input', 'out', 'pool']);
    for (const a of ids)
      for (const c of ids) if (a < c) expect(overlaps(after[a], after[c]), `${a} / ${c}`).toBe(false);
    expect(errors).toEqual([]);
  });

  it('a skip edge in an opened file runs beside the nodes it skips, its label on it and clear of every node', async () => {
    await open(SKIP, 'skip.cnn.json');
    await page.waitForSelector(tid('edge-label-e4'));
    await shot('skip-opened');
    const g = await page.evaluate(() => {
      const box = (el: Element) => {
        const r = el.getBoundingClientRect();
        return { l: r.left, t: r.top, r: r.right, b: r.bottom };
      };
      const path = document.querySelector<SVGPathElement>(
        '.react-flow__edge[data-id="e4"] path.react-flow__edge-path',
      )!;
      const m = path.getScreenCTM()!;
      const n = 200,
        len = path.getTotalLength();
      const pts = Array.from({ length: n + 1 }, (_, i) => {
        const p = path.getPointAtLength((len * i) / n);
        return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
      });
      return {
        pts,
        label: box(document.querySelector('[data-testid="edge-label-e4"]')!),
        nodes: Object.fromEntries(
          [...document.querySelectorAll('.react-flow__node')].map((e) => [e.getAttribute('data-id'), box(e)]),
        ),
      };
    });
    // The label's centre lies on the edge.
    const cx = (g.label.l + g.label.r) / 2,
      cy = (g.label.t + g.label.b) / 2;
    const dist = Math.min(...g.pts.map((p) => Math.hypot(p.x - cx, p.y - cy)));
    expect(dist).toBeLessThan(3);
    // The label covers no node, and the edge passes over neither convolution it skips.
    expect(Object.keys(g.nodes).filter((id) => overlaps(g.nodes[id], g.label))).toEqual([]);
    const inside = (b: Box) => g.pts.some((p) => p.x > b.l && p.x < b.r && p.y > b.t && p.y < b.b);
    expect(['c1', 'c2'].filter((id) => inside(g.nodes[id]))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the Train tab leaves the canvas at least 500 px and gives back what it borrowed on the Inspector tab', async () => {
    const width = (sel: string) => page.locator(sel).evaluate((el) => el.getBoundingClientRect().width);
    const canvasBefore = await width('.react-flow');
    await page.click(tid('tab-train'));
    await page.waitForSelector(tid('training-panel'));
    await page.waitForTimeout(300);
    await shot('train-tab');
    expect(await width('.react-flow')).toBeGreaterThanOrEqual(500);
    const panel = await width(tid('training-panel'));
    expect(panel).toBeGreaterThanOrEqual(400);
    // The Train panel fits its column: nothing reaches past it.
    expect(
      await page.getByTestId('training-panel').evaluate((el) => el.scrollWidth - el.clientWidth),
    ).toBeLessThanOrEqual(1);
    await page.click(tid('tab-inspector'));
    await page.waitForTimeout(300);
    expect(Math.abs((await width('.react-flow')) - canvasBefore)).toBeLessThanOrEqual(2);
    expect(await page.getByTestId('palette-Conv2D').isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  it("React Flow's credit sits in the status bar, outside the canvas, and nothing of it covers a node", async () => {
    await page.click(tid('btn-fit'));
    await settled(page);
    expect(await page.locator('.react-flow__attribution').count()).toBe(0);
    const link = page.getByTestId('status-reactflow');
    expect(await link.getAttribute('href')).toBe('https://reactflow.dev');
    const lb = (await link.boundingBox())!;
    const sb = (await page.getByTestId('statusbar').boundingBox())!;
    const cb = (await page.locator('.react-flow').boundingBox())!;
    expect(lb.width).toBeGreaterThan(0);
    expect(lb.x + lb.width).toBeLessThanOrEqual(sb.x + sb.width + 0.5);
    expect(lb.y).toBeGreaterThanOrEqual(cb.y + cb.height - 0.5);
    await shot('credit');
    expect(errors).toEqual([]);
  });
});
