// The edge labels' fast path (renderer/canvas/ShapeEdge.tsx, setText): an edit upstream rewrites the
// labels below it straight in the DOM, without a React render, by setting the value of the text
// node React made; a label whose text did not change is not written at all. Watched with a real
// MutationObserver in Debian Chromium on LeNet-5.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, SIZES, collectErrors, launchBrowser } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];
const lenet = fs.readFileSync(path.join(__dirname, '..', 'templates', 'json', 'lenet5-mnist.cnn.json'), 'utf8');

beforeAll(async () => {
  fs.mkdirSync(`${SHOTS}/shell2`, { recursive: true });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  collectErrors(page, errors);
  await page.goto(`${inject('baseURL')}?testHooks`);
  await page.waitForSelector('[data-testid=palette-Conv2D]');
});
afterAll(async () => {
  await browser?.close();
});

const labels = () =>
  page.$$eval('[data-testid^="edge-label-"]', (els) =>
    Object.fromEntries(els.map((e) => [e.getAttribute('data-testid')!.slice(11), e.textContent])),
  );

describe('edge labels', () => {
  it('an upstream edit rewrites only the labels whose text changed, in place', async () => {
    expect(await page.evaluate((text) => window.__cnn!.loadText(text, 'lenet.cnn.json'), lenet)).toBe(true);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="edge-label-"]').length === 9);
    const before = await labels();
    expect(before).toMatchObject({ e3: '14x14x6', e4: '10x10x16', e5: '5x5x16', e6: '400', e7: '120' });

    // Watch every label: which text nodes change, and whether any label's children are replaced.
    await page.evaluate(() => {
      const w = window as unknown as {
        seen: { data: string[]; children: string[] };
        nodes: Map<string, Node | null>;
        observer: MutationObserver;
      };
      w.seen = { data: [], children: [] };
      w.nodes = new Map();
      const idOf = (n: Node | null) =>
        (n instanceof Element ? n : n?.parentElement)
          ?.closest('[data-testid^="edge-label-"]')
          ?.getAttribute('data-testid')
          ?.slice(11);
      for (const el of document.querySelectorAll('[data-testid^="edge-label-"]'))
        w.nodes.set(el.getAttribute('data-testid')!.slice(11), el.firstChild);
      w.observer = new MutationObserver((records) => {
        for (const r of records) {
          const id = idOf(r.target);
          if (!id) continue;
          if (r.type === 'characterData') w.seen.data.push(id);
          if (r.type === 'childList' && r.target instanceof Element && r.target.matches('[data-testid^="edge-label-"]'))
            w.seen.children.push(id);
        }
      });
      w.observer.observe(document.body, { subtree: true, characterData: true, childList: true });
    });

    await page.evaluate(() => window.__cnn!.store.getState().setParam('C3', 'filters', 32));
    await page.waitForFunction(() => document.querySelector('[data-testid="edge-label-e6"]')?.textContent === '800');
    // Let React settle (node stats, edge positions) before reading what happened.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const after = await labels();
    expect(after).toEqual({ ...before, e4: '10x10x32', e5: '5x5x32', e6: '800' });

    const seen = await page.evaluate(() => {
      const w = window as unknown as {
        seen: { data: string[]; children: string[] };
        nodes: Map<string, Node | null>;
        observer: MutationObserver;
      };
      w.observer.disconnect();
      const same = [...w.nodes]
        .filter(([id, node]) => document.querySelector(`[data-testid="edge-label-${id}"]`)?.firstChild === node)
        .map(([id]) => id);
      return {
        data: [...new Set(w.seen.data)].sort(),
        writes: w.seen.data.length,
        children: w.seen.children,
        same: same.sort(),
      };
    });
    expect(seen.data).toEqual(['e4', 'e5', 'e6']); // unchanged labels are not written
    expect(seen.writes).toBe(3); // each changed label written once
    expect(seen.children).toEqual([]); // React's text node is updated, never replaced
    expect(seen.same).toEqual(Object.keys(before).sort());
    expect(errors).toEqual([]);
  });
});

// Issue 11: at each of SIZES (1440x900, 1024x640, 150%).

describe.each(SIZES)('skip edge label at $name', (size) => {
  it("a skip edge's label, before any auto-layout, sits in a gap: on no node and on no other label", async () => {
    let pg = page;
    if (size.width !== 1440) {
      pg = await browser.newPage({
        viewport: { width: size.width, height: size.height },
        deviceScaleFactor: size.scale,
      });
      collectErrors(pg, errors);
      await pg.goto(`${inject('baseURL')}?testHooks`);
      await pg.waitForSelector('[data-testid=palette-Conv2D]');
    }
    const at = (id: string, type: string, params: Record<string, unknown>, y: number) => ({
      id,
      type,
      params,
      position: { x: 0, y },
    });
    const conv = { filters: 8, kernel: [3, 3], padding: 'same', activation: 'linear' };
    const text = JSON.stringify({
      format: 'cnn-designer',
      version: 2,
      metadata: { name: 'skip' },
      nodes: [
        at('input', 'Input', { height: 28, width: 28, channels: 8 }, 0),
        at('c1', 'Conv2D', conv, 130),
        at('c2', 'Conv2D', conv, 260),
        at('add', 'Residual', {}, 390),
      ],
      edges: [
        { id: 'm1', source: 'input', target: 'c1', targetPort: 'in' },
        { id: 'm2', source: 'c1', target: 'c2', targetPort: 'in' },
        { id: 'm3', source: 'c2', target: 'add', targetPort: 'main' },
        { id: 'skip', source: 'input', target: 'add', targetPort: 'skip' },
      ],
    });
    expect(await pg.evaluate((t) => window.__cnn!.loadText(t, 'skip.cnn.json'), text)).toBe(true);
    await pg.waitForSelector('[data-testid="edge-label-skip"]');
    await pg.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const check = async (shot: string) => {
      await pg.screenshot({ path: `${SHOTS}/shell2/skip-label-${shot}-${size.name}.png` });
      const boxes = await pg.evaluate(() => {
        const box = (el: Element) => {
          const r = el.getBoundingClientRect();
          return {
            id: el.getAttribute('data-id') ?? el.getAttribute('data-testid'),
            l: r.left,
            t: r.top,
            r: r.right,
            b: r.bottom,
          };
        };
        return {
          skip: box(document.querySelector('[data-testid="edge-label-skip"]')!),
          nodes: [...document.querySelectorAll('.react-flow__node')].map(box),
          labels: [...document.querySelectorAll('[data-testid^="edge-label-m"]')].map(box),
          canvas: box(document.querySelector('.react-flow')!),
        };
      });
      type Box = (typeof boxes.nodes)[number];
      const overlaps = (a: Box, b: Box) => a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b;
      expect(boxes.nodes).toHaveLength(4);
      expect(boxes.nodes.filter((n) => overlaps(n, boxes.skip)).map((n) => n.id)).toEqual([]);
      expect(boxes.labels.filter((n) => overlaps(n, boxes.skip)).map((n) => n.id)).toEqual([]);
      // ...and inside the canvas, not cut by its edge in a small window.
      const { skip, canvas } = boxes;
      expect([skip.l >= canvas.l, skip.t >= canvas.t, skip.r <= canvas.r, skip.b <= canvas.b]).toEqual([
        true,
        true,
        true,
        true,
      ]);
    };
    await check('loaded');
    // The Fit button, clicked with the mouse: the label still sits clear at the new zoom.
    await pg.click('[data-testid="btn-fit"]');
    await pg.waitForTimeout(600);
    await pg.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await check('fit');
    expect(errors).toEqual([]);
    if (pg !== page) await pg.close();
  }, 60_000);
});
