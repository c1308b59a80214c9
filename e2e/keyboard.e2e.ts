// The editor from the keyboard alone, at 1440x900 and 1024x640: `/name Enter` repeated builds a connected
// chain; the first Tab reaches a skip link to the canvas; a focused node shows a ring; arrow keys walk the
// graph along its edges and among siblings; + - 0 zoom; Shift+F10 opens the focused node's menu, which
// arrow keys walk and Escape closes (focus back on the node). Screenshots go to artifacts/screenshots/faces/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, SIZES, collectErrors, launchBrowser, tid } from './browser';

const DIR = `${SHOTS}/faces`;

let browser: Browser;
beforeAll(async () => {
  mkdirSync(DIR, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A residual block: input -> conv1 -> {conv2 -> add.main, conv1 -> add.skip}, and a side branch conv3. */
const BLOCK = JSON.stringify({
  format: 'cnn-designer',
  version: 2,
  metadata: { name: 'block' },
  nodes: [
    ['input', 'Input', { height: 16, width: 16, channels: 8 }, 0, 0],
    ['conv1', 'Conv2D', { filters: 8, activation: 'linear' }, 0, 140],
    ['conv2', 'Conv2D', { filters: 8, activation: 'linear' }, -240, 280],
    ['conv3', 'Conv2D', { filters: 8, activation: 'linear' }, 240, 280],
    ['add', 'Residual', {}, 0, 420],
  ].map(([id, type, params, x, y]) => ({ id, type, params, position: { x, y } })),
  edges: [
    ['input', 'conv1', 'in'],
    ['conv1', 'conv2', 'in'],
    ['conv1', 'conv3', 'in'],
    ['conv2', 'add', 'main'],
    ['conv1', 'add', 'skip'],
  ].map(([source, target, targetPort], i) => ({ id: `e${i + 1}`, source, target, targetPort })),
});

for (const vp of SIZES) {
  describe(`at ${vp.name}`, () => {
    let page: Page;
    const errors: string[] = [];
    const shot = (name: string) => page.screenshot({ path: `${DIR}/${name}-${vp.name}.png` });
    const key = (k: string) => page.keyboard.press(k);
    const focused = () =>
      page.evaluate(() => {
        const a = document.activeElement as HTMLElement | null;
        return a?.closest('.react-flow__node')?.getAttribute('data-id') ?? a?.dataset.testid ?? a?.tagName ?? '';
      });
    const zoom = () =>
      page.evaluate(() => {
        const t = getComputedStyle(document.querySelector('.react-flow__viewport')!).transform;
        return new DOMMatrix(t).a;
      });

    beforeAll(async () => {
      page = await browser.newPage({
        viewport: { width: vp.width, height: vp.height },
        deviceScaleFactor: vp.scale,
      });
      collectErrors(page, errors);
      await page.goto(`${inject('baseURL')}?testHooks`);
      await page.waitForSelector(tid('palette-Conv2D'));
    });
    afterAll(async () => {
      await page?.close();
    });

    it('/conv Enter /relu Enter /pool Enter builds a connected chain below the selected node', async () => {
      await page.dblclick(tid('palette-Input'));
      await page.waitForSelector(tid('node-input1'));
      await page.locator(tid('node-input1')).click();
      for (const name of ['conv', 'relu', 'pool']) {
        await key('/');
        await page.keyboard.type(name);
        await key('Enter');
      }
      const search = page.locator(tid('palette-search'));
      expect(await search.inputValue()).toBe('pool');
      const doc = await page.evaluate(() => window.__cnn!.store.getState());
      expect(doc.doc.edges.map((e) => `${e.source}->${e.target}`)).toEqual([
        'input1->conv1',
        'conv1->act1',
        'act1->pool1',
      ]);
      expect(doc.selectedNodes).toEqual(['pool1']);
      await shot('slash-chain');
    });

    it('the first Tab is a skip link to the canvas; the focused node has a visible ring', async () => {
      // A fresh window: focus starts at the top of the page.
      await page.reload();
      await page.waitForSelector(tid('palette-Conv2D'));
      await page.evaluate((t) => window.__cnn!.loadText(t, 'block'), BLOCK);
      await page.waitForSelector(tid('node-add'));
      await page.waitForTimeout(200);
      await key('Tab');
      expect(await focused()).toBe('skip-to-canvas');
      const link = (await page.locator(tid('skip-to-canvas')).boundingBox())!;
      expect(link.y).toBeGreaterThanOrEqual(0);
      await shot('skip-link');
      await key('Enter');
      expect(await focused()).toBe('input');
      const ring = await page.evaluate(() => {
        const s = getComputedStyle(document.activeElement!);
        return { style: s.outlineStyle, width: s.outlineWidth, colour: s.outlineColor };
      });
      expect(ring).toEqual({ style: 'solid', width: '3px', colour: 'rgb(24, 73, 169)' });
      await shot('focus-ring');
    });

    it('arrow keys walk along edges (up/down) and among siblings (left/right)', async () => {
      expect(await focused()).toBe('input');
      await key('ArrowDown');
      expect(await focused()).toBe('conv1');
      // conv1 feeds conv2 (left), add (middle) and conv3 (right): Down goes to the nearest on screen.
      await key('ArrowDown');
      expect(await focused()).toBe('add');
      await key('ArrowLeft');
      expect(await focused()).toBe('conv2');
      await key('ArrowLeft');
      expect(await focused()).toBe('conv2');
      await key('ArrowRight');
      await key('ArrowRight');
      expect(await focused()).toBe('conv3');
      await key('ArrowUp');
      expect(await focused()).toBe('conv1');
      // The node is selected too, and did not move.
      const st = await page.evaluate(() => window.__cnn!.store.getState());
      expect(st.selectedNodes).toEqual(['conv1']);
      expect(st.doc.nodes.find((n) => n.id === 'conv1')!.position).toEqual({ x: 0, y: 140 });
      await shot('arrow-walk');
    });

    it('+ and - zoom, 0 fits', async () => {
      const z0 = await zoom();
      await key('+');
      await expect.poll(zoom).toBeGreaterThan(z0 * 1.1);
      await key('-');
      await key('-');
      await expect.poll(zoom).toBeLessThan(z0);
      await key('0');
      await expect.poll(async () => Math.abs((await zoom()) - z0)).toBeLessThan(0.02);
    });

    it('a focused edge is drawn thick in the focus colour, and Shift+F10 opens its menu', async () => {
      // Focus moved by a script right after key presses counts as keyboard focus (:focus-visible).
      await key('ArrowDown');
      await page.focus('.react-flow__edge[data-id="e1"]');
      const stroke = await page.evaluate(() => {
        const s = getComputedStyle(document.querySelector('.react-flow__edge[data-id="e1"] .react-flow__edge-path')!);
        return [s.stroke, s.strokeWidth];
      });
      expect(stroke).toEqual(['rgb(24, 73, 169)', '4px']);
      await shot('edge-focus');
      await key('Shift+F10');
      const menu = page.locator(tid('context-menu'));
      await menu.waitFor();
      expect(await focused()).toBe('ctx-insert-on-edge');
      await key('Escape');
      await expect.poll(() => menu.count()).toBe(0);
      expect(await focused()).toBe('rf__edge-e1');
    });

    it("Shift+F10 opens the focused node's menu: arrows move, Escape closes and focus returns", async () => {
      await page.evaluate(() => (document.querySelector('.react-flow__node[data-id="conv1"]') as HTMLElement).focus());
      await key('Shift+F10');
      const menu = page.locator(tid('context-menu'));
      await menu.waitFor();
      expect(await focused()).toBe('ctx-insert-after');
      await key('ArrowDown');
      expect(await focused()).toBe('ctx-duplicate');
      await shot('menu-keyboard');
      await key('Escape');
      await expect.poll(() => menu.count()).toBe(0);
      expect(await focused()).toBe('conv1');
      // The ContextMenu key does the same; Enter on Duplicate runs it.
      await key('ContextMenu');
      await menu.waitFor();
      await key('ArrowDown');
      await key('Enter');
      await expect.poll(() => page.evaluate(() => window.__cnn!.store.getState().doc.nodes.length)).toBe(6);
      expect(errors).toEqual([]);
    });
  });
}
