// Node faces, wiring and context menus as a user drives them, with the real mouse, at 1440x900 and 1024x640:
// the fused activation on the face and the double-activation warning with its fix; a kernel larger than its
// input; LeNet-5 (1998) opening clean; a wire dropped on a node's body; a wire onto a fed input replacing the
// old edge in one undo step; an edge's end dragged to another node; and the node, edge and canvas menus.
// Screenshots go to artifacts/screenshots/faces/.
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, SIZES, collectErrors, launchBrowser, tid } from './browser';

const DIR = `${SHOTS}/faces`;

type N = [id: string, type: string, params: Record<string, unknown>, x: number, y: number];
type E = [source: string, target: string, port?: string];
const project = (nodes: N[], edges: E[]) =>
  JSON.stringify({
    format: 'cnn-designer',
    version: 2,
    metadata: { name: 'wiring' },
    nodes: nodes.map(([id, type, params, x, y]) => ({ id, type, params, position: { x, y } })),
    edges: edges.map(([source, target, port], i) => ({ id: `e${i + 1}`, source, target, targetPort: port ?? 'in' })),
  });

let browser: Browser;
beforeAll(async () => {
  mkdirSync(DIR, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

for (const vp of SIZES) {
  describe(`at ${vp.name}`, () => {
    let page: Page;
    const errors: string[] = [];
    const shot = (name: string) => page.screenshot({ path: `${DIR}/${name}-${vp.name}.png` });

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

    async function load(nodes: N[], edges: E[]) {
      await page.evaluate((t) => window.__cnn!.loadText(t), project(nodes, edges));
      await page.waitForSelector(tid(`node-${nodes[0][0]}`));
      // Fit happens two frames after the load.
      await page.waitForTimeout(150);
    }
    const edges = () =>
      page.evaluate(() =>
        window
          .__cnn!.store.getState()
          .doc.edges.map((e) => `${e.source}->${e.target}.${e.targetPort}`)
          .sort(),
      );
    const nodeIds = () =>
      page.evaluate(() =>
        window
          .__cnn!.store.getState()
          .doc.nodes.map((n) => n.id)
          .sort(),
      );
    const params = (id: string) =>
      page.evaluate((i) => window.__cnn!.store.getState().doc.nodes.find((n) => n.id === i)!.params, id);
    async function centre(sel: string) {
      const b = (await page.locator(sel).first().boundingBox())!;
      return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    }
    async function drag(a: { x: number; y: number }, b: { x: number; y: number }) {
      await page.mouse.move(a.x, a.y);
      await page.mouse.down();
      await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
      await page.mouse.move(b.x, b.y, { steps: 5 });
      await page.mouse.up();
    }
    const out = (id: string) => centre(`${tid(`node-${id}`)} .react-flow__handle.source`);
    const body = (id: string) => centre(`${tid(`node-${id}`)} .ln-summary`);
    const inHandle = (id: string, port = 'in') =>
      centre(`${tid(`node-${id}`)} .react-flow__handle.target[data-handleid="${port}"]`);
    const undo = () => page.keyboard.press('Control+z');
    async function showProblems() {
      await page.getByRole('tab', { name: /^Problems/ }).click();
    }

    const conv = (extra: Record<string, unknown> = {}) => ({ filters: 8, kernel: [3, 3], padding: 'same', ...extra });

    it('shows a fused activation on the face, warns on a second activation, and the fix makes the conv linear', async () => {
      await load(
        [
          ['input', 'Input', { height: 28, width: 28, channels: 1 }, 0, 0],
          ['conv1', 'Conv2D', conv({ activation: 'relu' }), 0, 130],
          ['relu1', 'Activation', { kind: 'relu' }, 0, 260],
          ['gap', 'GlobalPool', {}, 0, 390],
          ['dense', 'Dense', { units: 10, activation: 'linear' }, 0, 520],
          ['softmax', 'Softmax', {}, 0, 650],
        ],
        [
          ['input', 'conv1'],
          ['conv1', 'relu1'],
          ['relu1', 'gap'],
          ['gap', 'dense'],
          ['dense', 'softmax'],
        ],
      );
      expect(await page.textContent(tid('act-conv1'))).toBe('relu');
      expect(await page.locator(tid('act-dense')).count()).toBe(0);
      expect(await page.getAttribute(tid('node-relu1'), 'data-severity')).toBe('warning');
      await showProblems();
      const problem = page.locator(tid('problem-double-activation-relu1'));
      expect(await problem.textContent()).toContain('conv1 already applies relu');
      await shot('double-activation');
      await page.locator(tid('fix-double-activation-relu1')).click();
      expect((await params('conv1')).activation).toBe('linear');
      await expect.poll(() => page.locator(tid('act-conv1')).count()).toBe(0);
      expect(await page.getAttribute(tid('node-relu1'), 'data-severity')).toBe('ok');

      // A Conv2D added from the palette starts linear: nothing fused, nothing hidden.
      await page.locator(tid('node-softmax')).click();
      await page.keyboard.press('Escape');
      await page.dblclick(tid('palette-Conv2D'));
      const added = (await nodeIds()).find((id) => /^conv\d+$/.test(id) && id !== 'conv1')!;
      expect((await params(added)).activation).toBe('linear');
      expect(await page.locator(tid(`act-${added}`)).count()).toBe(0);
    });

    it("warns on a kernel larger than its input under 'same', and the 'valid' error's fix shrinks the kernel", async () => {
      await load(
        [
          ['input', 'Input', { height: 28, width: 28, channels: 1 }, 0, 0],
          ['conv1', 'Conv2D', conv({ kernel: [31, 31], activation: 'relu' }), 0, 130],
          ['flatten', 'Flatten', {}, 0, 260],
          ['dense', 'Dense', { units: 10 }, 0, 390],
          ['softmax', 'Softmax', {}, 0, 520],
        ],
        [
          ['input', 'conv1'],
          ['conv1', 'flatten'],
          ['flatten', 'dense'],
          ['dense', 'softmax'],
        ],
      );
      expect(await page.getAttribute(tid('node-conv1'), 'data-severity')).toBe('warning');
      await showProblems();
      expect(await page.textContent(tid('problem-window-exceeds-input-conv1'))).toContain('31x31');
      await shot('kernel-exceeds-input');
      // The user tries 'valid': an error, whose fix now leads to a kernel that fits, not back to 'same'.
      await page.evaluate(() => window.__cnn!.store.getState().setParam('conv1', 'padding', 'valid'));
      await page.locator(tid('fix-kernel-too-large-conv1')).click();
      expect((await params('conv1')).kernel).toEqual([28, 28]);
      await expect.poll(() => page.getAttribute(tid('node-conv1'), 'data-severity')).toBe('ok');
      expect(await page.textContent(tid('shape-conv1'))).toBe('1x1x8');
    });

    it('opens the 1998 LeNet-5 template without warnings: its tanh layers are notes with the history', async () => {
      // The committed template file, as the gallery opens it (without its unsaved-changes question).
      const text = readFileSync('templates/json/lenet5-1998.cnn.json', 'utf8');
      await page.evaluate((t) => window.__cnn!.loadText(t, 'LeNet-5'), text);
      await page.waitForSelector(tid('node-C1'));
      await showProblems();
      expect(await page.locator(tid('problems-badge')).count()).toBe(0);
      const note = page.locator(tid('problem-saturating-activation-C1'));
      expect(await note.getAttribute('data-severity')).toBe('info');
      expect(await note.textContent()).toContain('LeNet-5 (LeCun et al.)');
      expect(await page.textContent(tid('act-C1'))).toBe('tanh');
      await shot('lenet-1998-clean');
    });

    it('wires by dropping on a node body, replaces a fed input in one undo step, fills Concat inputs in turn', async () => {
      await load(
        [
          ['input', 'Input', { height: 16, width: 16, channels: 3 }, 0, 0],
          ['conv1', 'Conv2D', conv({ activation: 'linear' }), -260, 170],
          ['conv2', 'Conv2D', conv({ activation: 'linear' }), 260, 170],
          ['concat', 'Concat', { inputs: 2 }, 0, 340],
        ],
        [],
      );
      // Let go over the middle of conv1's face, far from its handle.
      await drag(await out('input'), await body('conv1'));
      await expect.poll(edges).toEqual(['input->conv1.in']);
      await drag(await out('input'), await body('conv2'));
      await expect.poll(edges).toEqual(['input->conv1.in', 'input->conv2.in']);

      // conv1 onto conv2's fed input: the old edge goes, the new one comes, as one step.
      await drag(await out('conv1'), await inHandle('conv2'));
      await expect.poll(edges).toEqual(['conv1->conv2.in', 'input->conv1.in']);
      expect(await page.locator('.react-flow__edge').count()).toBe(2);
      await shot('wire-replaced');
      await undo();
      await expect.poll(edges).toEqual(['input->conv1.in', 'input->conv2.in']);

      // Dropped on the right of Concat's body: the nearest input (in2), then, that one taken, the free in1.
      const right = async () => {
        const b = (await page.locator(tid('node-concat')).boundingBox())!;
        return { x: b.x + b.width * 0.7, y: b.y + b.height * 0.6 };
      };
      await drag(await out('conv2'), await right());
      await expect.poll(edges).toContain('conv2->concat.in2');
      await drag(await out('conv1'), await right());
      await expect
        .poll(edges)
        .toEqual(['conv1->concat.in1', 'conv2->concat.in2', 'input->conv1.in', 'input->conv2.in']);
    });

    it("moves an edge's end to another node's input by dragging it, undoably", async () => {
      await load(
        [
          ['input', 'Input', { height: 16, width: 16, channels: 3 }, 0, 0],
          ['conv1', 'Conv2D', conv({ activation: 'linear' }), -160, 200],
          ['conv2', 'Conv2D', conv({ activation: 'linear' }), 160, 200],
        ],
        [['input', 'conv1']],
      );
      const end = await centre('.react-flow__edge[data-id="e1"] .react-flow__edgeupdater-target');
      await drag(end, await inHandle('conv2'));
      await expect.poll(edges).toEqual(['input->conv2.in']);
      await shot('edge-reconnected');
      await undo();
      await expect.poll(edges).toEqual(['input->conv1.in']);
      // Let go over conv2's body this time: the edge moves to its free input.
      const end2 = await centre('.react-flow__edge[data-id="e1"] .react-flow__edgeupdater-target');
      await drag(end2, await body('conv2'));
      await expect.poll(edges).toEqual(['input->conv2.in']);
      // And a wire dragged backwards from conv1's free input, dropped on the Input's body, feeds it.
      await drag(await inHandle('conv1'), await body('input'));
      await expect.poll(edges).toEqual(['input->conv1.in', 'input->conv2.in']);
    });

    it('right-click menus: node (insert after, duplicate, bypass, group, delete), edge, canvas', async () => {
      await load(
        [
          ['input', 'Input', { height: 28, width: 28, channels: 1 }, 0, 0],
          ['conv1', 'Conv2D', conv({ activation: 'linear' }), 0, 200],
          ['dense', 'Dense', { units: 10 }, 0, 400],
        ],
        [
          ['input', 'conv1'],
          ['conv1', 'dense'],
        ],
      );
      const menu = page.locator(tid('context-menu'));
      const openOn = async (sel: string) => {
        const c = await centre(sel);
        await page.mouse.click(c.x, c.y, { button: 'right' });
        await menu.waitFor();
      };

      await openOn(tid('node-conv1'));
      expect(await menu.getAttribute('role')).toBe('menu');
      expect(await menu.getByRole('menuitem').allTextContents()).toEqual([
        'Insert layer after…▸',
        'DuplicateCtrl+D',
        'Bypass (remove, keep the wiring)',
        'GroupCtrl+G',
        'DeleteDel',
      ]);
      await shot('menu-node');
      // Group is the real command: conv1 becomes a collapsed group (one undo step), Ctrl+Z takes it back.
      expect(await page.locator(tid('ctx-group')).getAttribute('aria-disabled')).not.toBe('true');
      await page.locator(tid('ctx-group')).click();
      const groups = () =>
        page.evaluate(() => (window.__cnn!.store.getState().doc.groups ?? []).map((g) => g.nodes.join(',')));
      await expect.poll(groups).toEqual(['conv1']);
      await undo();
      await expect.poll(groups).toEqual([]);
      await openOn(tid('node-conv1'));
      await page.locator(tid('ctx-insert-after')).click();
      await page.locator(tid('ctx-layer-Activation')).click();
      await expect.poll(edges).toEqual(['act1->dense.in', 'conv1->act1.in', 'input->conv1.in']);

      await openOn(tid('node-act1'));
      await page.locator(tid('ctx-bypass')).click();
      await expect.poll(edges).toEqual(['conv1->dense.in', 'input->conv1.in']);

      await openOn(tid('node-conv1'));
      await page.locator(tid('ctx-duplicate')).click();
      await expect.poll(nodeIds).toEqual(['conv1', 'conv2', 'dense', 'input']);
      await openOn(tid('node-conv2'));
      await page.locator(tid('ctx-delete')).click();
      await expect.poll(nodeIds).toEqual(['conv1', 'dense', 'input']);

      // Escape and a click outside close it.
      await openOn(tid('node-conv1'));
      await page.keyboard.press('Escape');
      await expect.poll(() => menu.count()).toBe(0);
      await openOn(tid('node-conv1'));
      const canvas = (await page.locator(tid('canvas')).boundingBox())!;
      await page.mouse.click(canvas.x + 20, canvas.y + canvas.height / 2);
      await expect.poll(() => menu.count()).toBe(0);

      // On an edge: a quarter of the way down conv1 -> dense (the label sits in the middle).
      const path = (await page.locator('.react-flow__edge[data-id="e2"] path').first().boundingBox())!;
      const onEdge = { x: path.x + path.width / 2, y: path.y + path.height * 0.25 };
      await page.mouse.click(onEdge.x, onEdge.y, { button: 'right' });
      await menu.waitFor();
      await shot('menu-edge');
      await page.locator(tid('ctx-insert-on-edge')).click();
      await page.locator(tid('ctx-layer-BatchNorm')).click();
      await expect.poll(edges).toEqual(['bn1->dense.in', 'conv1->bn1.in', 'input->conv1.in']);
      const e = (await page.locator('.react-flow__edge').all()).length;
      expect(e).toBe(3);

      // On the canvas: add a layer where the cursor is; Paste is disabled until something is copied.
      const spot = { x: canvas.x + canvas.width * 0.78, y: canvas.y + canvas.height * 0.3 };
      await page.mouse.click(spot.x, spot.y, { button: 'right' });
      await menu.waitFor();
      expect(await page.getAttribute(tid('ctx-paste'), 'aria-disabled')).toBe('true');
      await shot('menu-canvas');
      await page.locator(tid('ctx-add-here')).click();
      await page.locator(tid('ctx-layer-Dropout')).click();
      const drop = (await page.locator(tid('node-drop1')).boundingBox())!;
      expect(Math.abs(drop.x + drop.width / 2 - spot.x)).toBeLessThan(30);
      expect(Math.abs(drop.y - spot.y)).toBeLessThan(30);
      await page.mouse.click(spot.x, spot.y + 200, { button: 'right' });
      await page.locator(tid('ctx-layout')).click();
      await expect.poll(() => menu.count()).toBe(0);
      expect(errors).toEqual([]);
    });
  });
}
