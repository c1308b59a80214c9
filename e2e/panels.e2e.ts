// The panels as a user meets them: select a layer, break it in the Inspector, see why in Problems
// (and on the node), fix it with one click, jump from a problem to its node; Summary totals.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { SHOTS, collectErrors, launchBrowser } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  collectErrors(page, errors);
  // Opening a template over edited work asks first (templates.e2e.ts covers the question): say yes.
  page.on('dialog', (d) => void d.accept());
  // ?testHooks exposes the store (window.__cnn) where the app has it: used only to stand in for
  // the training panel (lock) and a canvas rubber-band selection.
  await page.goto(`${inject('baseURL')}?testHooks`);
  await page.waitForSelector('#root > *');
});
afterAll(async () => {
  await browser?.close();
});

const byTest = (id: string) => page.getByTestId(id);

/** Bring a side panel to the front when the app shows them as tabs. */
async function showPanel(name: 'Inspector' | 'Problems' | 'Summary') {
  const tab = page.getByRole('tab', { name: new RegExp(`^${name}`) });
  if (await tab.count()) await tab.first().click();
}

/** Open a template from the gallery (opening the gallery first where it is a dialog). */
async function loadTemplate(id: string) {
  const card = byTest(`template-${id}`);
  if (!(await card.isVisible()))
    await page
      .getByRole('button', { name: /templates/i })
      .first()
      .click();
  await card.click();
}

async function text(l: Locator) {
  return (await l.textContent())?.trim() ?? '';
}

it('breaks a convolution in the Inspector, shows why, fixes it with one click, and jumps to problems', async () => {
  await loadTemplate('lenet5-mnist');
  // Select C3 (a 5x5 conv on the 14x14x6 map) from the Summary table.
  await showPanel('Summary');
  await byTest('summary-row-C3').click();
  await showPanel('Inspector');
  await expect.poll(() => text(byTest('inspector-node-id'))).toBe('C3');
  expect(await text(byTest('inspector-input-shape-in'))).toBe('14x14x6');
  expect(await text(byTest('inspector-output-shape'))).toBe('10x10x16');
  expect(await text(byTest('inspector-rf-size'))).toBe('14x14');
  expect(await text(byTest('inspector-rf-jump'))).toBe('2');
  expect(await text(byTest('inspector-params'))).toBe('2,416');
  await expect.poll(() => text(byTest('inspector-formulas'))).toContain('floor((n');
  expect(await text(byTest('inspector-worked'))).toContain('out = floor((14 - 5)/1) + 1 = 10');
  await byTest('inspector').screenshot({ path: `${SHOTS}/inspector.png` });
  await page.locator('.pn-about').screenshot({ path: `${SHOTS}/inspector-about.png` });

  // A 20x20 kernel cannot fit a 14x14 input with valid padding.
  await byTest('inspector-param-kernel-h').fill('20');
  await byTest('inspector-param-kernel-w').fill('20');
  await expect.poll(() => text(byTest('inspector-error-kernel'))).toContain('does not fit the 14x14 input');
  await byTest('inspector').screenshot({ path: `${SHOTS}/inspector-error.png` });
  await showPanel('Problems');
  const problem = byTest('problem-kernel-too-large-C3');
  await expect.poll(() => text(problem)).toMatch(/Kernel 20(x20)? does not fit the 14x14 input/);
  expect(await problem.getAttribute('data-severity')).toBe('error');
  // The canvas marks the node too (LayerNode's data-severity).
  const node = byTest('node-C3');
  expect(await node.getAttribute('data-severity')).toBe('error');
  await byTest('problems').screenshot({ path: `${SHOTS}/problems.png` });
  await page.screenshot({ path: `${SHOTS}/app-problem.png` });

  // One click on the offered fix: the kernel shrinks to the input (padding 'same' would only hide it in zeros).
  await byTest('fix-kernel-too-large-C3').click();
  await expect.poll(() => problem.count()).toBe(0);
  await expect.poll(() => node.getAttribute('data-severity')).not.toBe('error');
  await showPanel('Inspector');
  expect(await byTest('inspector-param-padding').inputValue()).toBe('valid');
  expect(await byTest('inspector-param-kernel-w').inputValue()).toBe('14');
  expect(await text(byTest('inspector-output-shape'))).toBe('1x1x16');
  // A preset sets several parameters at once.
  await byTest('inspector-preset-5x5-valid').click();
  expect(await byTest('inspector-param-kernel-w').inputValue()).toBe('5');
  expect(await text(byTest('inspector-output-shape'))).toBe('10x10x16');
  expect(await byTest('inspector-preset-5x5-valid').getAttribute('class')).toContain('pn-active');

  // Out of range: kept as typed, flagged with the engine's message, never clamped.
  await byTest('inspector-param-filters').fill('0');
  await expect
    .poll(() => text(byTest('inspector-error-filters')))
    .toBe('Filters is 0; it must be a whole number in [1, 8192].Set Filters to 1');
  expect(await byTest('inspector-param-filters').inputValue()).toBe('0');
  expect(await byTest('inspector-param-filters').getAttribute('aria-invalid')).toBe('true');
  await byTest('inspector-param-filters').fill('2.5');
  await expect
    .poll(() => text(byTest('inspector-error-filters')))
    .toContain('Filters is 2.5; it must be a whole number');
  // An empty box is an error of its own and leaves the document alone (no NaN).
  await byTest('inspector-param-filters').fill('');
  await expect.poll(() => text(byTest('inspector-local-error-filters'))).toBe('Enter a number. Not applied.');
  const stored = await page.evaluate(
    () => (window as any).__cnn?.store.getState().doc.nodes.find((n: any) => n.id === 'C3').params.filters,
  );
  if (stored !== undefined) expect(stored).toBe(2.5);
  await byTest('inspector-fix-filters').click();
  expect(await byTest('inspector-param-filters').inputValue()).toBe('3');

  // Typing a number key by key is one undo step, not one per keystroke.
  const undo = byTest('btn-undo');
  if (await undo.count()) {
    const filters = byTest('inspector-param-filters');
    await filters.fill('16');
    await filters.blur();
    await filters.selectText();
    await page.keyboard.type('128');
    await expect.poll(() => text(byTest('inspector-output-shape'))).toBe('10x10x128');
    await filters.blur();
    await undo.click();
    await expect.poll(() => filters.inputValue()).toBe('16');
  }

  // Clicking a problem selects its node: give C3 a saturating activation (a note), select
  // another layer, then click the warning.
  await byTest('inspector-param-filters').fill('16');
  await byTest('inspector-param-activation').selectOption('tanh');
  await showPanel('Summary');
  await byTest('summary-row-S2').click();
  await showPanel('Inspector');
  await expect.poll(() => text(byTest('inspector-node-id'))).toBe('S2');
  await showPanel('Problems');
  await byTest('problem-saturating-activation-C3').click();
  await showPanel('Inspector');
  await expect.poll(() => text(byTest('inspector-node-id'))).toBe('C3');
  await showPanel('Summary');
  expect(await byTest('summary-row-C3').getAttribute('class')).toContain('pn-selected');
  // ...and on the canvas (React Flow marks the selected node's wrapper).
  await expect.poll(() => page.locator('.react-flow__node.selected [data-testid="node-C3"]').count()).toBe(1);
  expect(errors).toEqual([]);
}, 60_000);

it('totals parameters, MACs and memory, with activation memory for the chosen batch size', async () => {
  await loadTemplate('lenet5-1998');
  await showPanel('Summary');
  expect(await text(byTest('summary-node-count'))).toBe('10');
  expect(await text(byTest('summary-total-trainable'))).toBe('61,706');
  expect(await text(byTest('summary-total-params'))).toBe('61,706');
  expect(await text(byTest('summary-param-bytes'))).toBe('241.0 KiB');
  const perSample = await text(byTest('summary-act-sample'));
  await byTest('summary-batch-input').fill('64');
  await expect.poll(() => byTest('summary-act-batch').getAttribute('title')).toMatch(/^[\d,]+ bytes/);
  const perBatch = Number((await byTest('summary-act-batch').getAttribute('title'))!.split(' ')[0].replaceAll(',', ''));
  const sample = Number((await byTest('summary-act-sample').getAttribute('title'))!.split(' ')[0].replaceAll(',', ''));
  expect(perBatch).toBe(sample * 64);
  expect(perSample).toMatch(/KiB$/);
  // A batch size the store would refuse is flagged here, not silently dropped.
  await byTest('summary-batch-input').fill('0');
  await expect.poll(() => text(byTest('summary-batch-error'))).toContain('Batch size must be a whole number');
  await byTest('summary-batch-input').fill('64');
  await expect.poll(() => byTest('summary-batch-error').count()).toBe(0);
  expect(await byTest('summary-row-C1').getAttribute('data-live')).toBe('true');
  await byTest('summary').screenshot({ path: `${SHOTS}/summary.png` });
  // LeNet-5 (1998) uses tanh in its conv stack, faithfully: notes with the history, no warnings, no errors.
  await showPanel('Problems');
  expect(await byTest('problems-group-info').count()).toBe(1);
  expect(await byTest('problems-group-warning').count()).toBe(0);
  expect(await byTest('problems-group-error').count()).toBe(0);
  await byTest('problems').screenshot({ path: `${SHOTS}/problems-warnings.png` });
  expect(errors).toEqual([]);
}, 30_000);

it('shows a count for several selected nodes, and locks every control while training runs', async () => {
  const hooks = await page.evaluate(() => '__cnn' in window);
  if (!hooks) return; // the app without test hooks: nothing can lock it from here
  await loadTemplate('resnet20');
  await page.evaluate(() => (window as any).__cnn.store.getState().select(['conv1', 'bn1']));
  await showPanel('Inspector');
  await expect.poll(() => text(byTest('inspector-multi'))).toContain('2 nodes selected');
  // A Residual shows both its inputs by port name.
  await page.evaluate(() => (window as any).__cnn.store.getState().focusNode('stage2_0_add'));
  await expect.poll(() => text(byTest('inspector-input-shape-skip'))).toBe('32x32x16');
  expect(await text(byTest('inspector-input-shape-main'))).toBe('16x16x32');
  expect(await text(byTest('inspector-output-shape'))).toBe('16x16x32');
  await byTest('inspector').screenshot({ path: `${SHOTS}/inspector-residual.png` });
  await page.evaluate(() => (window as any).__cnn.store.getState().setLocked(true));
  await expect.poll(() => byTest('inspector-locked').count()).toBe(1);
  expect(await byTest('inspector-param-projection').isDisabled()).toBe(true);
  expect(await byTest('inspector-param-stride').isDisabled()).toBe(true);
  await byTest('inspector').screenshot({ path: `${SHOTS}/inspector-locked.png` });
  await page.evaluate(() => (window as any).__cnn.store.getState().setLocked(false));
  await expect.poll(() => byTest('inspector-param-stride').isDisabled()).toBe(false);
  // A node off the input-to-output path is listed after the live ones and marked unused.
  const stray = await page.evaluate(
    () => (window as any).__cnn.store.getState().addNode('Dropout', { x: 0, y: 0 }) as string,
  );
  await showPanel('Summary');
  const rows = page.locator('[data-testid^="summary-row-"]');
  await expect.poll(() => rows.last().getAttribute('data-testid')).toBe(`summary-row-${stray}`);
  expect(await byTest(`summary-row-${stray}`).getAttribute('data-live')).toBe('false');
  expect(await text(byTest(`summary-row-${stray}`))).toContain('unused');
  expect(errors).toEqual([]);
}, 30_000);
