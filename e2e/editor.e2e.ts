// The canvas as a user drives it, in Debian Chromium against the built renderer: drag layers from
// the palette, connect them by dragging handles, read the shapes on the edges, see an error on a
// node, undo/redo, copy/paste/duplicate/delete, insert a residual block. Screenshots of the main
// screens go to artifacts/screenshots/.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, collectErrors, launchBrowser, tid } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  collectErrors(page, errors);
  await page.goto(`${inject('baseURL')}?testHooks`);
  await page.waitForSelector('[data-testid=palette-Conv2D]');
});
afterAll(async () => {
  await browser?.close();
});

/** Real mouse drag from a palette item to a point on the canvas (HTML5 drag and drop). */
async function dropLayer(type: string, x: number, y: number) {
  const box = (await page.locator(tid('canvas')).boundingBox())!;
  await page.dragAndDrop(tid(`palette-${type}`), tid('canvas'), { targetPosition: { x, y } });
  return box;
}

async function centre(selector: string) {
  const b = (await page.locator(selector).boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Drag from a node's output handle to an input handle of another node. */
async function connect(from: string, to: string, port = 'in') {
  const a = await centre(`${tid(`node-${from}`)} .react-flow__handle.source`);
  const b = await centre(`${tid(`node-${to}`)} .react-flow__handle.target[data-handleid="${port}"]`);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x, b.y, { steps: 4 });
  await page.mouse.up();
}

const edgeLabels = () =>
  page.$$eval('[data-testid^="edge-label-"]', (els) =>
    els.map((e) => [e.getAttribute('data-testid')!.slice(11), e.textContent]),
  );
const nodeIds = () =>
  page.$$eval('[data-testid^="node-"]', (els) => els.map((e) => e.getAttribute('data-testid')!.slice(5)).sort());
const key = (k: string) => page.keyboard.press(k);

describe('editor canvas', () => {
  it('builds Input-Conv-Pool-Flatten-Dense-Softmax by drag and drop and shows the shapes on the edges', async () => {
    const types = ['Input', 'Conv2D', 'Pool', 'Flatten', 'Dense', 'Softmax'];
    for (const [i, t] of types.entries()) await dropLayer(t, 330, 40 + i * 128);
    expect(await nodeIds()).toEqual(['conv1', 'dense1', 'flatten1', 'input1', 'pool1', 'softmax1']);

    // Dropped where the cursor let go: the node's top centre is at the drop point.
    const canvas = (await page.locator(tid('canvas')).boundingBox())!;
    const conv = (await page.locator(tid('node-conv1')).boundingBox())!;
    expect(Math.abs(conv.x + conv.width / 2 - (canvas.x + 330))).toBeLessThan(4);
    expect(Math.abs(conv.y - (canvas.y + 40 + 128 - 16))).toBeLessThan(4);

    const chain = ['input1', 'conv1', 'pool1', 'flatten1', 'dense1', 'softmax1'];
    for (let i = 1; i < chain.length; i++) await connect(chain[i - 1], chain[i]);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="edge-label-"]').length === 5);
    expect(await edgeLabels()).toEqual([
      ['e1', '28x28x1'],
      ['e2', '28x28x32'],
      ['e3', '14x14x32'],
      ['e4', '6272'],
      ['e5', '128'],
    ]);
    // Nodes show their own output shape and parameter count too.
    expect(await page.textContent(tid('shape-conv1'))).toBe('28x28x32');
    expect(await page.textContent(`${tid('node-conv1')} .ln-stats`)).toContain('320');
    expect(await page.textContent(tid('status-params'))).toContain('803,264');
    await page.screenshot({ path: `${SHOTS}/editor-built.png` });
  });

  it('updates edge labels as parameters change and flags a kernel larger than its input on the node', async () => {
    await page.evaluate(() => window.__cnn!.store.getState().setParam('input1', 'channels', 3));
    await page.waitForFunction(
      () => document.querySelector('[data-testid="edge-label-e1"]')?.textContent === '28x28x3',
    );
    await page.evaluate(() => {
      const s = window.__cnn!.store.getState();
      s.setParam('conv1', 'padding', 'valid');
      s.setParam('conv1', 'kernel', [31, 31]);
    });
    const node = page.locator(tid('node-conv1'));
    await page.waitForFunction(
      () => document.querySelector('[data-testid="node-conv1"]')?.getAttribute('data-severity') === 'error',
    );
    expect(await node.getAttribute('title')).toMatch(/31x31|31/);
    expect(await page.textContent(tid('edge-label-e2'))).toBe('?');
    expect(await page.textContent(tid('status-errors'))).not.toBe('0 errors');
    await page.click(tid('node-conv1'));
    await page.screenshot({ path: `${SHOTS}/editor-error.png` });
    // Back to a valid kernel by undoing both edits.
    await page.click(tid('canvas') + ' .react-flow__pane', { position: { x: 600, y: 400 } });
    await key('Control+z');
    await key('Control+z');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="edge-label-e2"]')?.textContent === '28x28x32',
    );
    expect(await node.getAttribute('data-severity')).not.toBe('error');
  });

  it('undoes and redoes connections and moves with the keyboard and the buttons', async () => {
    await key('Control+z'); // the channels edit
    await key('Control+z'); // the last connection
    await page.waitForFunction(() => !document.querySelector('[data-testid="edge-label-e5"]'));
    await key('Control+Shift+z');
    await page.waitForSelector(tid('edge-label-e5'));
    await page.click(tid('btn-undo'));
    await page.waitForFunction(() => !document.querySelector('[data-testid="edge-label-e5"]'));
    await page.click(tid('btn-redo'));
    await page.waitForSelector(tid('edge-label-e5'));
    await key('Control+y'); // redo the channels edit
    await page.waitForFunction(
      () => document.querySelector('[data-testid="edge-label-e1"]')?.textContent === '28x28x3',
    );

    // A drag is one undo step, however many frames it took.
    const before = await page.evaluate(
      () => window.__cnn!.store.getState().doc.nodes.find((n) => n.id === 'dense1')!.position,
    );
    const c = await centre(`${tid('node-dense1')} .ln-head`);
    await page.mouse.move(c.x, c.y);
    await page.mouse.down();
    await page.mouse.move(c.x + 120, c.y + 10, { steps: 8 });
    await page.mouse.up();
    const after = await page.evaluate(
      () => window.__cnn!.store.getState().doc.nodes.find((n) => n.id === 'dense1')!.position,
    );
    expect(after.x - before.x).toBeGreaterThan(90); // less the drag threshold
    // The buttons name the edit they act on (history keeps each edit's label).
    expect(await page.getAttribute(tid('btn-undo'), 'aria-label')).toBe('Undo Move');
    expect(await page.getAttribute(tid('btn-undo'), 'title')).toBe('Undo Move (Ctrl+Z)');
    await key('Control+z');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="btn-redo"]')?.getAttribute('aria-label') === 'Redo Move',
    );
    expect(
      await page.evaluate(() => window.__cnn!.store.getState().doc.nodes.find((n) => n.id === 'dense1')!.position),
    ).toEqual(before);
  });

  it('copies, pastes, duplicates, selects all and deletes', async () => {
    await page.click(`${tid('node-conv1')} .ln-head`);
    await page.click(`${tid('node-pool1')} .ln-head`, { modifiers: ['Shift'] });
    expect(await page.evaluate(() => window.__cnn!.store.getState().selectedNodes.slice().sort())).toEqual([
      'conv1',
      'pool1',
    ]);
    await key('Control+c');
    await key('Control+v');
    await page.waitForSelector(tid('node-conv2'));
    expect(await nodeIds()).toContain('pool2');
    // The connection between the copied nodes came along, with a fresh id.
    const pasted = await page.evaluate(() =>
      window.__cnn!.store.getState().doc.edges.filter((e) => e.source === 'conv2'),
    );
    expect(pasted).toEqual([
      { id: expect.stringMatching(/^e\d+$/), source: 'conv2', target: 'pool2', targetPort: 'in' },
    ]);
    await key('Control+d');
    await page.waitForSelector(tid('node-conv3'));
    await key('Delete');
    await page.waitForFunction(() => !document.querySelector('[data-testid="node-conv3"]'));
    await page.click(`${tid('node-conv2')} .ln-head`);
    await key('Backspace');
    await page.waitForFunction(() => !document.querySelector('[data-testid="node-conv2"]'));
    await key('Control+a');
    expect(await page.evaluate(() => window.__cnn!.store.getState().selectedNodes.length)).toBe(7);
    await key('Escape');
    await key('Control+z');
    await key('Control+z');
    await key('Control+z');
    await key('Control+z');
    expect(await nodeIds()).toEqual(['conv1', 'dense1', 'flatten1', 'input1', 'pool1', 'softmax1']);
  });

  it('adds layers by keyboard below the selected node and inserts a residual block after it', async () => {
    await page.click(`${tid('node-pool1')} .ln-head`);
    await key('/');
    await page.keyboard.type('batchnorm');
    await key('Enter');
    await page.waitForSelector(tid('node-bn1'));
    const wired = await page.evaluate(() => window.__cnn!.store.getState().doc.edges.find((e) => e.target === 'bn1'));
    expect(wired?.source).toBe('pool1');
    await page.fill(tid('palette-search'), '');
    await page.dblclick(tid('palette-snippet-basic-block'));
    await page.waitForSelector(tid('node-add1'));
    // The block keeps the 14x14x32 it receives: both Residual inputs agree, no error.
    const add = await page.evaluate(() => {
      const s = window.__cnn!.store.getState();
      return s.doc.edges
        .filter((e) => e.target === 'add1')
        .map((e) => `${e.targetPort}<-${e.source}`)
        .sort();
    });
    expect(add).toEqual(['main<-bn3', 'skip<-bn1']);
    expect(await page.getAttribute(tid('node-add1'), 'data-severity')).toBe('ok');
    expect(await page.textContent(tid('shape-add1'))).toBe('14x14x32');
    expect(await page.$$eval(`${tid('node-add1')} .port-label`, (els) => els.map((e) => e.textContent))).toEqual([
      'main',
      'skip',
    ]);
    await page.click(tid('btn-layout'));
    await page.waitForTimeout(300);
    await page.waitForFunction(() => window.__cnn!.store.getState().past.length > 0);
    await page.screenshot({ path: `${SHOTS}/editor-block-layout.png` });
    // Export / import opens over the canvas (loaded on first use) and closes with Escape.
    await page.click(tid('btn-export'));
    await page.waitForSelector(tid('export-dialog'));
    await page.waitForSelector(tid('import-tfjs'));
    await page.screenshot({ path: `${SHOTS}/editor-export-dialog.png` });
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('[data-testid="export-dialog"]'));
    expect(errors).toEqual([]);
  });
});
