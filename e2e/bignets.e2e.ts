// Big networks as a user meets them (issue 11, item 2): ResNet-50 opens with its blocks as collapsed groups at a
// readable zoom; a group expands in place and collapses again; a selection becomes a group (Ctrl+G) and back;
// the layout turns left to right; Fit never drops below a readable zoom; a click on the minimap jumps there;
// Ctrl+F / Ctrl+P find a layer inside a collapsed block, expand it and centre it. Real mouse and keyboard
// events, at 1440x900 and 1024x640; screenshots in artifacts/screenshots/big/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, SIZES, collectErrors, launchBrowser, settled, type Size } from './browser';

const DIR = `${SHOTS}/big`;
const READABLE = 0.5;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function zoomOf(page: Page): Promise<number> {
  return page.locator('.react-flow__viewport').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
}

/** Is the element's centre inside the canvas's visible area? */
async function onScreen(page: Page, testId: string): Promise<boolean> {
  const el = page.getByTestId(testId);
  if (!(await el.count())) return false;
  const b = await el.boundingBox();
  const c = await page.locator('.react-flow').boundingBox();
  if (!b || !c) return false;
  const x = b.x + b.width / 2,
    y = b.y + b.height / 2;
  return x > c.x && x < c.x + c.width && y > c.y && y < c.y + c.height;
}

async function openTemplate(page: Page, id: string) {
  if (!(await page.getByTestId('template-gallery').isVisible()))
    await page
      .getByRole('button', { name: /templates/i })
      .first()
      .click();
  await page.getByTestId(`template-${id}`).click();
  const close = page.getByTestId('btn-close-templates');
  if (await close.isVisible()) await close.click();
}

async function newPage(size: Size, errors: string[]) {
  const page = await browser.newPage({
    viewport: { width: size.width, height: size.height },
    deviceScaleFactor: size.scale,
  });
  collectErrors(page, errors);
  await page.goto(inject('baseURL'));
  await page.waitForSelector('#root > *');
  await page.evaluate(() => localStorage.removeItem('cnn-designer.layoutDirection'));
  return page;
}

const [WIDE, ...NARROW] = SIZES;

describe(`ResNet-50 at ${WIDE.name}`, () => {
  const errors: string[] = [];
  let page: Page;
  beforeAll(async () => {
    page = await newPage(WIDE, errors);
    await openTemplate(page, 'resnet50');
    await page.getByTestId('group-layer1_0').waitFor();
    await settled(page);
  }, 60_000);

  it('opens with its 16 bottlenecks as groups, at a readable zoom, the Input in view', async () => {
    expect(await page.locator('[data-testid^="group-layer"]').count()).toBe(16);
    // Members of a collapsed group are not drawn.
    expect(await page.getByTestId('node-layer1_0_conv2').count()).toBe(0);
    expect(await page.getByTestId('group-shapes-layer2_0').textContent()).toBe('56x56x256 -> 28x28x512');
    expect(await page.getByTestId('group-layer2_0').textContent()).toContain('381,952 p');
    expect(await zoomOf(page)).toBeGreaterThanOrEqual(READABLE - 1e-6);
    expect(await onScreen(page, 'node-input')).toBe(true);
    await page.screenshot({ path: `${DIR}/resnet50-open-${WIDE.name}.png` });
  });

  it('expands a block in place on double-click, collapses it with its button, and Undo takes it back', async () => {
    const g = page.getByTestId('group-layer1_0');
    await g.dblclick();
    await page.getByTestId('node-layer1_0_conv2').waitFor();
    await page.getByTestId('frame-layer1_0').waitFor();
    await settled(page);
    await page.screenshot({ path: `${DIR}/resnet50-expanded-${WIDE.name}.png` });
    await page.getByTestId('collapse-layer1_0').click();
    await page.getByTestId('group-layer1_0').waitFor();
    await expect.poll(() => page.getByTestId('node-layer1_0_conv2').count()).toBe(0);
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await page.getByTestId('node-layer1_0_conv2').waitFor();
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('node-layer1_0_conv2').count()).toBe(0);
  });

  it('groups a selection with Ctrl+G and ungroups it with Ctrl+Shift+G', async () => {
    await settled(page);
    await page.getByTestId('node-conv1').click();
    await page.getByTestId('node-bn1').click({ modifiers: ['Control'] });
    await page.keyboard.press('Control+g');
    await page.getByTestId('group-g1').waitFor();
    expect(await page.getByTestId('group-g1').textContent()).toContain('2 layers');
    await page.getByTestId('group-g1').click();
    await page.keyboard.press('Control+Shift+G');
    await page.getByTestId('node-conv1').waitFor();
    expect(await page.getByTestId('group-g1').count()).toBe(0);
  });

  it('lays out left to right, and Fit keeps a readable zoom with the Input in view', async () => {
    const direction = page.getByTestId('btn-layoutDirection');
    // The arrow is the button's icon, the word its label (hidden in a narrow window).
    expect(await direction.textContent()).toBe('↓Direction');
    await direction.click();
    await expect.poll(() => direction.textContent()).toBe('→Direction');
    expect(await direction.getAttribute('aria-label')).toBe(
      'Layout direction: left to right (click for top to bottom)',
    );
    await settled(page);
    await expect
      .poll(async () => {
        const a = await page.getByTestId('node-input').boundingBox();
        const b = await page.getByTestId('node-conv1').boundingBox();
        return a && b ? b.x - a.x : 0;
      })
      .toBeGreaterThan(150);
    await page.getByTestId('btn-fit').click();
    await settled(page);
    expect(await zoomOf(page)).toBeGreaterThanOrEqual(READABLE - 1e-6);
    expect(await onScreen(page, 'node-input')).toBe(true);
    await page.screenshot({ path: `${DIR}/resnet50-left-to-right-${WIDE.name}.png` });
    // Remembered: a reload lays out left to right again.
    expect(await page.evaluate(() => localStorage.getItem('cnn-designer.layoutDirection'))).toBe('RIGHT');
    await page.getByTestId('btn-layoutDirection').click();
    await settled(page);
  });

  it('jumps where the minimap is clicked', async () => {
    await page.getByTestId('btn-fit').click();
    await settled(page);
    expect(await onScreen(page, 'node-softmax')).toBe(false);
    const map = (await page.locator('.react-flow__minimap svg').boundingBox())!;
    // The network runs top to bottom: its end is at the bottom of the overview.
    await page.mouse.click(map.x + map.width / 2, map.y + map.height * 0.97);
    await settled(page);
    expect(await onScreen(page, 'node-softmax')).toBe(true);
    await page.screenshot({ path: `${DIR}/resnet50-minimap-jump-${WIDE.name}.png` });
  });

  it('Ctrl+F finds a layer inside a collapsed block, expands the block, selects and centres the layer', async () => {
    await page.getByTestId('btn-fit').click();
    await settled(page);
    await page.keyboard.press('Control+f');
    await page.getByTestId('goto-input').waitFor();
    await page.keyboard.type('layer3_4_conv2');
    await page.screenshot({ path: `${DIR}/goto-dialog-${WIDE.name}.png` });
    await page.keyboard.press('Enter');
    await page.getByTestId('node-layer3_4_conv2').waitFor();
    await settled(page);
    expect(await page.getByTestId('goto-layer').count()).toBe(0);
    const b = (await page.getByTestId('node-layer3_4_conv2').boundingBox())!;
    const c = (await page.locator('.react-flow').boundingBox())!;
    // Centred in what the minimap and the zoom controls leave clear (centreClear): near the middle, whole, and clear
    // of both.
    expect(Math.abs(b.x + b.width / 2 - (c.x + c.width / 2))).toBeLessThan(c.width / 4);
    expect(Math.abs(b.y + b.height / 2 - (c.y + c.height / 2))).toBeLessThan(c.height / 4);
    expect(b.x >= c.x && b.y >= c.y && b.x + b.width <= c.x + c.width && b.y + b.height <= c.y + c.height).toBe(true);
    for (const o of ['.react-flow__minimap', '.react-flow__controls']) {
      const r = (await page.locator(o).boundingBox())!;
      const meet = b.x < r.x + r.width && r.x < b.x + b.width && b.y < r.y + r.height && r.y < b.y + b.height;
      expect(meet, o).toBe(false);
    }
    expect(await page.getByTestId('node-layer3_4_conv2').getAttribute('class')).toContain('selected');
    await page.screenshot({ path: `${DIR}/goto-centred-${WIDE.name}.png` });
    // Escape closes the dialog without moving anything.
    await page.keyboard.press('Control+p');
    await page.getByTestId('goto-input').waitFor();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('goto-layer').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

// The narrow ones: 1024x640, and a 1440x900 screen at 150% (960x600 CSS px, deviceScaleFactor 1.5).
for (const size of NARROW)
  describe(`at ${size.name}`, () => {
    it('VGG-16 and ResNet-50 open readable; Ctrl+G groups a selection; Ctrl+P finds a layer; LR layout and minimap work', async () => {
      const errors: string[] = [];
      const page = await newPage(size, errors);
      await openTemplate(page, 'vgg16');
      await page.getByTestId('node-input').waitFor();
      await settled(page);
      expect(await zoomOf(page)).toBeGreaterThanOrEqual(READABLE - 1e-6);
      await page.screenshot({ path: `${DIR}/vgg16-open-${size.name}.png` });
      page.on('dialog', (d) => void d.accept());
      await openTemplate(page, 'resnet50');
      await page.getByTestId('group-layer1_0').waitFor();
      await settled(page);
      expect(await zoomOf(page)).toBeGreaterThanOrEqual(READABLE - 1e-6);
      await page.screenshot({ path: `${DIR}/resnet50-open-${size.name}.png` });
      // A block expands in place on double-click and collapses with its button, in the small window too.
      await page.getByTestId('group-layer1_0').dblclick();
      await page.getByTestId('frame-layer1_0').waitFor();
      await settled(page);
      await page.screenshot({ path: `${DIR}/resnet50-expanded-${size.name}.png` });
      await page.getByTestId('collapse-layer1_0').click();
      await page.getByTestId('group-layer1_0').waitFor();
      await expect.poll(() => page.getByTestId('node-layer1_0_conv2').count()).toBe(0);
      await settled(page);
      // Ctrl+G groups a mouse selection; the new box shows its in -> out shapes whole, and expands in place.
      await page.getByTestId('node-conv1').click();
      await page.getByTestId('node-bn1').click({ modifiers: ['Control'] });
      await page.keyboard.press('Control+g');
      await page.getByTestId('group-g1').waitFor();
      await settled(page);
      expect(await onScreen(page, 'group-g1')).toBe(true);
      expect(await page.getByTestId('group-g1').textContent()).toContain('2 layers');
      const shapes = page.getByTestId('group-shapes-g1');
      expect(await shapes.textContent()).toBe('224x224x3 -> 112x112x64');
      // Not cut: the text fits its line, and the line lies inside the group box and the canvas.
      expect(await shapes.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
      const sb = (await shapes.boundingBox())!;
      const gb = (await page.getByTestId('group-g1').boundingBox())!;
      const cb = (await page.locator('.react-flow').boundingBox())!;
      for (const outer of [gb, cb]) {
        expect(sb.x).toBeGreaterThanOrEqual(outer.x - 0.5);
        expect(sb.y).toBeGreaterThanOrEqual(outer.y - 0.5);
        expect(sb.x + sb.width).toBeLessThanOrEqual(outer.x + outer.width + 0.5);
        expect(sb.y + sb.height).toBeLessThanOrEqual(outer.y + outer.height + 0.5);
      }
      await page.screenshot({ path: `${DIR}/resnet50-grouped-${size.name}.png` });
      await page.getByTestId('expand-g1').click();
      await page.getByTestId('frame-g1').waitFor();
      await page.getByTestId('node-conv1').waitFor();
      await settled(page);
      await page.getByTestId('collapse-g1').click();
      await page.getByTestId('group-g1').waitFor();
      await page.getByTestId('group-g1').click();
      await page.keyboard.press('Control+Shift+G');
      await page.getByTestId('node-conv1').waitFor();
      expect(await page.getByTestId('group-g1').count()).toBe(0);
      await settled(page);
      await page.keyboard.press('Control+p');
      await page.keyboard.type('fc');
      await page.keyboard.press('Enter');
      await settled(page);
      expect(await onScreen(page, 'node-fc')).toBe(true);
      await page.getByTestId('btn-layoutDirection').click();
      await settled(page);
      await page.screenshot({ path: `${DIR}/resnet50-left-to-right-${size.name}.png` });
      const map = (await page.locator('.react-flow__minimap svg').boundingBox())!;
      await page.mouse.click(map.x + map.width * 0.03, map.y + map.height / 2);
      await settled(page);
      expect(await onScreen(page, 'node-input')).toBe(true);
      await page.screenshot({ path: `${DIR}/resnet50-minimap-${size.name}.png` });
      expect(errors).toEqual([]);
      await page.close();
    }, 180_000);
  });
