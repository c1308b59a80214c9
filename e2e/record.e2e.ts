// A run you can take away, as a user meets it in the browser app: train a tiny net briefly in the Train tab, see
// its run record (data, the exact preprocessing, settings, result), then export: each format arrives as ONE zip
// named after the project and format, whose unzipped files pass the ONNX checker and load in PyTorch
// (/usr/bin/python3), taking raw pixel bytes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { unzipExport } from '../shared/export/zip';
import { serializeProject } from '../shared/graph';
import { tinyNet } from '../shared/train/testing';
import { SHOTS, collectErrors, launchBrowser } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'cnn-record-e2e-'));

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  collectErrors(page, errors);
  await page.goto(`${inject('baseURL')}?testHooks`);
  await page.waitForSelector('[data-testid=palette-Conv2D]');
  const doc = { ...tinyNet(), metadata: { name: 'Tiny Net' } };
  expect(await page.evaluate((text) => window.__cnn!.loadText(text, 'tiny.cnn.json'), serializeProject(doc))).toBe(
    true,
  );
});
afterAll(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const byTest = (id: string) => page.getByTestId(id);

async function exportZip(format: 'onnx' | 'pytorch'): Promise<{ name: string; dir: string; files: string[] }> {
  await byTest(`export-${format}`).check();
  const download = page.waitForEvent('download');
  await byTest('export-go').click();
  const d = await download;
  const zipPath = join(tmp, d.suggestedFilename());
  await d.saveAs(zipPath);
  const dir = join(tmp, format);
  mkdirSync(dir, { recursive: true });
  const files = unzipExport(new Uint8Array(readFileSync(zipPath)));
  for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
  await expect.poll(async () => (await byTest('export-status').textContent()) ?? '').toContain(d.suggestedFilename());
  return { name: d.suggestedFilename(), dir, files: files.map((f) => f.name).sort() };
}

it('trains briefly, shows the run record, and exports one zip per format that ONNX and PyTorch accept', async () => {
  await byTest('tab-train').click();
  await page.waitForSelector('[data-testid=training-panel]');
  await byTest('train-dataset').selectOption('mnist');
  await byTest('train-limit').fill('1000');
  await byTest('train-load').click();
  await expect
    .poll(async () => (await byTest('train-data-summary').textContent()) ?? '', { timeout: 90_000 })
    .toMatch(/MNIST: 1,000 images 28x28x1/);
  await byTest('train-epochs').fill('1');
  await byTest('train-batch').fill('32');
  await byTest('train-start').click();
  await expect
    .poll(() => byTest('training-panel').getAttribute('data-state'), { timeout: 180_000, interval: 500 })
    .toBe('done');
  await byTest('run-record').waitFor({ timeout: 60_000 });
  const prep = (await byTest('run-record-preprocessing').textContent()) ?? '';
  expect(prep).toMatch(/mean 0\.1[23]\d\d; std 0\.3\d\d\d/);
  expect(await byTest('run-record-data').textContent()).toMatch(
    /MNIST: 900 train \/ 100 validation \/ [\d,]+ test, split seed 1, first 1,000 images of the file/,
  );
  expect(await byTest('run-record-result').textContent()).toMatch(/1 epoch\(s\), 29 steps, [\d.]+ s; test [\d.]+%/);
  await byTest('run-record').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/record-run-record.png` });
  await page.setViewportSize({ width: 1024, height: 640 });
  await byTest('run-record').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/record-run-record-small.png` });
  await page.setViewportSize({ width: 1440, height: 900 });

  await page.click('[data-testid="btn-export"]');
  await page.waitForSelector('[data-testid="export-dialog"]');
  expect(await byTest('export-weights').textContent()).toMatch(/run record/);
  await page.screenshot({ path: `${SHOTS}/record-export-dialog.png` });

  const onnx = await exportZip('onnx');
  expect(onnx.name).toBe('tiny-net-onnx.zip');
  expect(onnx.files).toEqual(['model.onnx']);
  const pt = await exportZip('pytorch');
  expect(pt.name).toBe('tiny-net-pytorch.zip');
  expect(pt.files).toEqual([
    'README.md',
    'initial.weights.bin',
    'initial.weights.json',
    'model.py',
    'model.weights.bin',
    'model.weights.json',
    'run.json',
    'train.py',
  ]);
  const out = execFileSync(
    '/usr/bin/python3',
    [
      '-c',
      `
import json, sys, torch, onnx
m = onnx.load(sys.argv[1])
onnx.checker.check_model(m)
meta = {p.key: p.value for p in m.metadata_props}
sys.path.insert(0, sys.argv[2])
import model
net = model.load_weights(model.Net()).eval()
x = torch.randint(0, 256, (2, *model.INPUT_SHAPE), dtype=torch.uint8)
p = model.predict(net, x)
print(json.dumps({'input': meta['cnn_designer.input'], 'hash': json.loads(meta['cnn_designer.run_record'])['graph']['hash'],
  'sum': p.sum(1).tolist(), 'mean': list(model.MEAN)}))
`,
      join(onnx.dir, 'model.onnx'),
      pt.dir,
    ],
    { encoding: 'utf8' },
  );
  const r = JSON.parse(out.trim().split('\n').pop()!);
  const record = JSON.parse(readFileSync(join(pt.dir, 'run.json'), 'utf8'));
  expect(r.input).toBe('raw-pixels-0-255');
  expect(r.hash).toBe(record.graph.hash);
  expect(r.mean).toEqual(record.preprocessing.mean);
  for (const s of r.sum) expect(s).toBeCloseTo(1, 4);
  expect(errors).toEqual([]);
}, 400_000);
