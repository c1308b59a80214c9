// The app in Simplified Chinese, as a Chinese-speaking student meets it: the browser's language picks zh-CN,
// the main screens (canvas, inspector, problems with their fix, summary, templates) and the training panel speak
// Chinese with locale-formatted numbers; the top bar's select switches language at once and keeps the graph and
// the undo history; the choice is remembered. Screenshots in artifacts/screenshots/i18n/.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SHOTS, collectErrors, launchBrowser } from './browser';

const DIR = `${SHOTS}/i18n`;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  mkdirSync(DIR, { recursive: true });
  browser = await launchBrowser();
  // A Chinese browser: navigator.language is zh-CN and nothing is remembered yet.
  context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  collectErrors(page, errors);
  page.on('dialog', (d) => void d.accept());
  await page.goto(`${inject('baseURL')}?testHooks`);
  await page.waitForSelector('#root > *');
  await page.waitForFunction(() => (window as any).__cnn);
});
afterAll(async () => {
  await browser?.close();
});

const byTest = (id: string) => page.getByTestId(id);
const text = async (id: string) => ((await byTest(id).first().textContent()) ?? '').trim();
/** The canvas has laid out the loaded graph (its nodes are hidden until then). */
const laidOut = () => expect.poll(() => byTest('layout-busy').count(), { timeout: 60_000 }).toBe(0);
const state = () => page.evaluate(() => (window as any).__cnn.store.getState());

/** English sentences (three lower-case English words in a row) in the visible text of `selector`. */
async function englishIn(selector: string): Promise<string[]> {
  const all = await page.locator(selector).evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText));
  return all.flatMap((t) => t.match(/\b[a-z]{3,}(?: [a-z]{3,}){2,}\b/g) ?? []);
}

it('starts in Chinese on a Chinese browser: top bar, empty canvas, status line', async () => {
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  expect(await byTest('lang-select').inputValue()).toBe('zh-CN');
  expect(await text('btn-templates')).toBe('模板');
  expect(await text('tab-inspector')).toBe('属性');
  expect(await text('empty-hint')).toContain('开始搭建网络');
  expect(await englishIn('.app')).toEqual([]);
});

it('shows a template, its inspector, summary and problems in Chinese with formatted numbers', async () => {
  await byTest('btn-templates').click();
  expect(await text('templates-dialog')).toContain('从模板开始');
  expect(await text('template-alexnet-published')).toBe('✓ 与文献一致 61,100,840');
  await page.screenshot({ path: `${DIR}/zh-templates-1440.png` });
  await byTest('template-lenet5-mnist').click();
  await expect.poll(() => text('status-params')).toContain('61,706 个可训练参数');
  await laidOut();

  await byTest('tab-summary').click();
  expect(await text('summary-totals')).toContain('总参数量');
  await byTest('summary-row-C3').click();
  await byTest('tab-inspector').click();
  expect(await text('inspector-type')).toBe('Conv2D 卷积层');
  expect(await text('inspector')).toContain('感受野');
  expect(await page.getByText('卷积核数').count()).toBeGreaterThan(0);
  await page.screenshot({ path: `${DIR}/zh-inspector-1440.png` });

  // Break C3: a 20x20 kernel on its 14x14 input. The problem and its fix speak Chinese, with the numbers.
  await page.evaluate(() => (window as any).__cnn.store.getState().setParam('C3', 'kernel', [20, 20]));
  await byTest('tab-problems').click();
  const msg = await text('problems');
  expect(msg).toContain('卷积核 20x20 放不进 14x14 的输入（填充为 valid）');
  expect(msg).toContain('把卷积核设为 14x14（输入的大小）');
  expect(await englishIn('.rightcol')).toEqual([]);
  await page.screenshot({ path: `${DIR}/zh-problems-1440.png` });
  await page.locator('.pn-btn-fix', { hasText: '把卷积核设为 14x14（输入的大小）' }).first().click();
  await expect.poll(() => text('problems')).not.toContain('卷积核 20x20');
  // The kernel now fits C3's input, but its 1x1 output is too small for S4: back to LeNet's 5x5.
  await page.evaluate(() => (window as any).__cnn.store.getState().setParam('C3', 'kernel', [5, 5]));
  await expect.poll(() => text('status-errors')).toBe('0 个错误');
  await byTest('tab-summary').click();
  await page.screenshot({ path: `${DIR}/zh-summary-1440.png` });
  expect(await englishIn('.app')).toEqual([]);

  await page.setViewportSize({ width: 1024, height: 640 });
  await byTest('tab-inspector').click();
  await page.screenshot({ path: `${DIR}/zh-main-1024.png` });
  await page.setViewportSize({ width: 1440, height: 900 });
});

it('switches language from the top bar at once, keeping the graph and the undo history, and remembers it', async () => {
  const before = await page.evaluate(() => (window as any).__cnn.serialize());
  const past = (await state()).past.length;
  expect(past).toBeGreaterThan(1);
  await byTest('lang-select').selectOption('en');
  await expect.poll(() => text('tab-inspector')).toBe('Inspector');
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  expect(await page.evaluate(() => (window as any).__cnn.serialize())).toBe(before);
  expect((await state()).past.length).toBe(past);
  expect(await text('status-params')).toMatch(/^\d{1,3}(,\d{3})+ trainable params$/);
  expect(await byTest('btn-undo').getAttribute('title')).toMatch(/^Undo /);
  await page.screenshot({ path: `${DIR}/en-main-1440.png` });
  await page.setViewportSize({ width: 1024, height: 640 });
  await page.screenshot({ path: `${DIR}/en-main-1024.png` });
  await page.setViewportSize({ width: 1440, height: 900 });

  await byTest('lang-select').selectOption('zh-CN');
  await expect.poll(() => text('tab-inspector')).toBe('属性');
  expect(await page.evaluate(() => localStorage.getItem('cnn-designer.locale'))).toBe('zh-CN');
  // Undo still walks back the same history, in Chinese: the 5x5 kernel, the shrink fix, then the 20x20 kernel.
  expect(await byTest('btn-undo').getAttribute('title')).toMatch(/^撤销 /);
  await byTest('btn-undo').click();
  await expect.poll(() => text('status-errors')).toBe('1 个错误');
  await byTest('btn-undo').click();
  await expect
    .poll(() =>
      page.evaluate(
        () => (window as any).__cnn.store.getState().doc.nodes.find((n: any) => n.id === 'C3').params.kernel,
      ),
    )
    .toEqual([20, 20]);
  await byTest('btn-undo').click();
  await expect.poll(() => text('status-errors')).toBe('0 个错误');
  expect((await state()).past.length).toBe(past - 3);

  // Remembered: an English browser opening the app again still gets Chinese.
  const en = await browser.newContext({ locale: 'en-US', viewport: { width: 1024, height: 640 } });
  const again = await en.newPage();
  await again.addInitScript(() => localStorage.setItem('cnn-designer.locale', 'zh-CN'));
  await again.goto(inject('baseURL'));
  await again.waitForSelector('[data-testid=tab-inspector]');
  expect(((await again.getByTestId('tab-inspector').textContent()) ?? '').trim()).toBe('属性');
  const fresh = await browser.newContext({ locale: 'en-US' });
  const enPage = await fresh.newPage();
  await enPage.goto(inject('baseURL'));
  await enPage.waitForSelector('[data-testid=tab-inspector]');
  expect(((await enPage.getByTestId('tab-inspector').textContent()) ?? '').trim()).toBe('Inspector');
  await en.close();
  await fresh.close();
});

it('trains in Chinese: the training panel, its progress, charts and results', async () => {
  expect(
    await page.evaluate(
      (t) => (window as any).__cnn.loadText(t, 'lenet.cnn.json'),
      readFileSync('templates/json/lenet5-mnist.cnn.json', 'utf8'),
    ),
  ).toBe(true);
  await byTest('tab-train').click();
  await byTest('training-panel').waitFor();
  expect(await text('train-settings')).toContain('学习率');
  expect(await text('train-settings')).toContain('批大小');
  expect(await text('train-settings')).toContain('轮次');
  await byTest('train-dataset').selectOption('synthetic');
  await byTest('train-limit').fill('640');
  await byTest('train-load').click();
  await expect.poll(() => text('train-data-summary'), { timeout: 60_000 }).toMatch(/640 张图像 28x28x1，10 个类别/);
  await byTest('train-epochs').fill('2');
  await byTest('train-start').click();
  await expect.poll(() => byTest('training-panel').getAttribute('data-state'), { timeout: 180_000 }).toBe('done');
  expect(await text('train-state')).toBe('完成');
  expect(await text('train-results')).toMatch(/(测试集|验证集).*准确率/);
  expect(await text('train-featuremaps')).toContain('特征图');
  // The run record names the learning-rate schedule in Chinese ('constant' was left in English).
  expect(await text('run-record')).toContain('恒定');
  expect(await text('run-record')).not.toMatch(/\bconstant\b/);
  await page.screenshot({ path: `${DIR}/zh-training-1440.png`, fullPage: true });
  await byTest('training-panel').screenshot({ path: `${DIR}/zh-training-panel.png` });
  const english = await englishIn('[data-testid=training-panel]');
  // The data set's own name (from the worker) is a proper name, not UI text.
  // The CIFAR-10 source names its download command (npm run get-cifar10): a command, not a sentence.
  expect(english.filter((s) => !/synthetic bars|npm run get/i.test(s))).toEqual([]);
  expect(errors.filter((e) => !/WebGL|GPU|webgl/i.test(e))).toEqual([]);
}, 300_000);

it('shows ResNet-50 in Chinese: collapsed blocks, an expanded one, and the context menu', async () => {
  if ((await byTest('lang-select').inputValue()) !== 'zh-CN') await byTest('lang-select').selectOption('zh-CN');
  expect(
    await page.evaluate(
      (t) => (window as any).__cnn.loadText(t, 'resnet50.cnn.json'),
      readFileSync('templates/json/resnet50.cnn.json', 'utf8'),
    ),
  ).toBe(true);
  await byTest('group-layer1_0').waitFor();
  await laidOut();
  expect(await text('group-layer2_0')).toContain('个层');
  expect(await byTest('group-layer2_0').getAttribute('title')).toContain('双击展开');
  await byTest('group-layer1_0').dblclick();
  await byTest('frame-layer1_0').waitFor();
  await laidOut();
  const conv = byTest('node-layer1_0_conv2');
  await conv.click({ button: 'right' });
  const menu = byTest('context-menu');
  await menu.waitFor();
  expect(await menu.getAttribute('aria-label')).toBe('层操作');
  const items = await menu.getByRole('menuitem').allTextContents();
  expect(items.join('|')).toContain('在其后插入层');
  expect(items.join('|')).toContain('编组');
  expect(await englishIn('[data-testid=context-menu]')).toEqual([]);
  mkdirSync(`${SHOTS}/i18nmerge`, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/i18nmerge/zh-resnet50-group-menu-1440.png` });
  await page.keyboard.press('Escape');
});

it('says in Chinese why a file cannot be opened, and names undo steps made in English in Chinese', async () => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const before = await page.evaluate(() => (window as any).__cnn.serialize());
  // Through Open, as a student would: the graph is unsaved, so the app asks first (in Chinese), then refuses the file.
  const dialogs: string[] = [];
  page.on('dialog', (d) => void dialogs.push(d.message()));
  const file = join(mkdtempSync(join(tmpdir(), 'i18n-open-')), 'new.cnn.json');
  writeFileSync(file, '{"format": "cnn-designer", "version": 99, "nodes": [], "edges": []}');
  const chooser = page.waitForEvent('filechooser');
  await byTest('btn-open').click();
  await (await chooser).setFiles(file);
  await expect.poll(() => text('notice')).toContain('这个项目由更新版本的 CNN Designer 保存（格式 99');
  expect(await page.evaluate(() => (window as any).__cnn.serialize())).toBe(before);
  expect(dialogs.filter((m) => !/[\u4e00-\u9fff]/.test(m))).toEqual([]);
  await page.screenshot({ path: `${DIR}/zh-open-error-1440.png` });
  // an edit made in English, undone in Chinese
  await byTest('lang-select').selectOption('en');
  await page.evaluate(() => (window as any).__cnn.store.getState().addNode('Dropout', { x: 40, y: 40 }));
  await expect.poll(() => byTest('btn-undo').getAttribute('title')).toMatch(/^Undo Add Dropout/);
  await byTest('lang-select').selectOption('zh-CN');
  await expect.poll(() => byTest('btn-undo').getAttribute('title')).toMatch(/^撤销 添加Dropout 随机失活/);
  await page.setViewportSize({ width: 1024, height: 640 });
  await page.screenshot({ path: `${DIR}/zh-open-error-1024.png` });
  await page.setViewportSize({ width: 1440, height: 900 });
});
