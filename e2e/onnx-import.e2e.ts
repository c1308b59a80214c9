// Opening a PyTorch model as a user does: torch.onnx.export writes a torchvision ResNet-18 (10 classes,
// 32x32, seeded random weights; Debian's python3-torch), Import opens the .onnx as an editable graph with
// torchvision's parameter count, the Training panel fine-tunes it a few steps from the imported weights,
// and Export writes an ONNX file that onnxruntime runs. Skipped, saying why, without the Python oracle.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pythonOracle, writeTorchvision } from '../scripts/onnxTorchvision';
import { SHOTS, collectErrors, launchBrowser } from './browser';
import { unzipExport } from '../shared/export/zip';

const oracle = pythonOracle();

describe.skipIf(!oracle.ok)('ONNX import of a PyTorch ResNet-18', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'cnn-onnx-e2e-'));
  let counts: Record<string, number> = {};
  const file = 'resnet18_32_fold_10.onnx';

  beforeAll(async () => {
    counts = writeTorchvision(dir, ['resnet18:32:fold:10']);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    collectErrors(page, errors);
    await page.goto(`${inject('baseURL')}?testHooks`);
    await page.waitForSelector('[data-testid=palette-Conv2D]');
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
  });
  const byTest = (id: string) => page.getByTestId(id);

  it('imports it as an editable graph, fine-tunes it a few steps and exports it again', async () => {
    await byTest('btn-export').click();
    await byTest('import-tfjs').waitFor();
    await byTest('import-tfjs-input').setInputFiles(join(dir, file));
    await expect
      .poll(async () => (await byTest('import-status').textContent()) ?? '', { timeout: 60_000 })
      .toMatch(/Imported 69 layers with their weights/);
    await page.keyboard.press('Escape');
    // Editable: the layers are on the canvas, and an edit goes through the store like any other.
    const state = await page.evaluate(() => {
      const s = window.__cnn!.store.getState();
      return { nodes: s.doc.nodes.length, types: [...new Set(s.doc.nodes.map((n) => n.type))].sort() };
    });
    expect(state.nodes).toBe(69);
    expect(state.types).toEqual([
      'Activation',
      'BatchNorm',
      'Conv2D',
      'Dense',
      'GlobalPool',
      'Input',
      'Pool',
      'Residual',
    ]);
    await byTest('tab-summary').click();
    const trainable = Number(((await byTest('summary-total-trainable').textContent()) ?? '').replace(/[^0-9]/g, ''));
    expect(trainable).toBe(counts[file]);
    await page.screenshot({ path: `${SHOTS}/onnx-import-resnet18.png` });

    await byTest('tab-train').click();
    await byTest('train-backend-choice').selectOption('cpu');
    await expect.poll(() => byTest('train-backend').getAttribute('data-backend'), { timeout: 30_000 }).toBe('cpu');
    await byTest('train-dataset').selectOption('synthetic');
    await byTest('train-limit').fill('64');
    await byTest('train-load').click();
    await expect
      .poll(async () => (await byTest('train-data-summary').textContent()) ?? '', { timeout: 60_000 })
      .toMatch(/64 images 32x32x3/);
    await byTest('train-epochs').fill('1');
    await byTest('train-batch').fill('16');
    await byTest('train-start').click();
    await expect
      .poll(() => byTest('training-panel').getAttribute('data-state'), { timeout: 400_000, interval: 1000 })
      .toMatch(/^(done|failed|diverged)$/);
    const message = (await byTest('train-message').count()) ? await byTest('train-message').textContent() : '';
    expect(await byTest('training-panel').getAttribute('data-state'), message ?? '').toBe('done');
    expect(Number(await byTest('chart-loss').getAttribute('data-points'))).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/onnx-import-finetuned.png` });

    await byTest('btn-export').click();
    await byTest('export-onnx').check();
    await expect.poll(async () => (await byTest('export-weights').textContent()) ?? '').toMatch(/trained weights/);
    const download = page.waitForEvent('download');
    await byTest('export-go').click();
    const d = await download;
    // The browser's export is one zip named after the project and format; the .onnx file is inside.
    expect(d.suggestedFilename()).toMatch(/-onnx\.zip$/);
    const zip = join(dir, 'finetuned.zip');
    await d.saveAs(zip);
    const model = unzipExport(new Uint8Array(readFileSync(zip))).find((f) => f.name.endsWith('.onnx'));
    expect(model, 'an .onnx file in the zip').toBeTruthy();
    const out = join(dir, 'finetuned.onnx');
    writeFileSync(out, model!.bytes);
    // The export runs; fine-tuning changed its predictions from the original's.
    const x = Float32Array.from({ length: 3 * 32 * 32 }, (_, i) => Math.sin(i * 0.05));
    const [orig, tuned] = await Promise.all(
      [join(dir, file), out].map(async (f) => {
        const s = await ort.InferenceSession.create(readFileSync(f));
        const r = await s.run({ [s.inputNames[0]]: new ort.Tensor('float32', x, [1, 3, 32, 32]) });
        return r[s.outputNames[0]];
      }),
    );
    expect(tuned.dims).toEqual([1, 10]);
    const diff = Math.max(
      ...Array.from(orig.data as Float32Array, (v, i) => Math.abs(v - (tuned.data as Float32Array)[i])),
    );
    expect(diff).toBeGreaterThan(1e-6);
    expect(errors).toEqual([]);
  }, 600_000);

  it('at 1024x640, with "Fold BatchNorm into convolutions" ticked: the 20 BatchNorm nodes fold into their convs', async () => {
    const small = await browser.newPage({ viewport: { width: 1024, height: 640 } });
    const errs: string[] = [];
    collectErrors(small, errs);
    await small.goto(`${inject('baseURL')}?testHooks`);
    await small.waitForSelector('[data-testid=palette-Conv2D]');
    await small.getByTestId('btn-export').click();
    const fold = small.getByTestId('import-fold-batchnorm');
    await fold.scrollIntoViewIfNeeded();
    expect(await fold.isChecked()).toBe(false);
    await fold.check();
    await small.screenshot({ path: `${SHOTS}/onnx-import-fold-1024.png` });
    await small.getByTestId('import-tfjs-input').setInputFiles(join(dir, file));
    await expect
      .poll(async () => (await small.getByTestId('import-status').textContent()) ?? '', { timeout: 60_000 })
      .toMatch(/Imported 49 layers with their weights/);
    await small.keyboard.press('Escape');
    const types = await small.evaluate(() => [...new Set(window.__cnn!.store.getState().doc.nodes.map((n) => n.type))]);
    expect(types).not.toContain('BatchNorm');
    await small.getByTestId('tab-summary').click();
    const trainable = Number(
      ((await small.getByTestId('summary-total-trainable').textContent()) ?? '').replace(/[^0-9]/g, ''),
    );
    // gamma and beta (2 x 4,800) go, each of the 20 convs gains a bias: 4,800 fewer.
    expect(trainable).toBe(counts[file] - 4800);
    await small.screenshot({ path: `${SHOTS}/onnx-import-folded-1024.png` });
    expect(errs).toEqual([]);
    await small.close();
  }, 240_000);
});
