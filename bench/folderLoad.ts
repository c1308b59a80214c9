// Loading a folder of big photos in the app (headless Chromium, the training Worker, the browser build's folder
// input): `npx tsx bench/folderLoad.ts [photos=40] [reps=3] [limit]`. Makes `photos` 4000x3000 JPEGs with
// Chromium's encoder (smooth shapes plus sensor-like noise, a few MB each, as a 12-megapixel camera writes),
// in 4 class folders, then times Load until the data summary shows them, `reps` times (the median is reported),
// for a 28x28x1 Input (LeNet-5) and a 64x64x3 one; with `limit`, the limited load too. Builds the app into
// .bench/folder-web, so it does not race the e2e build of dist-web.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';
import { launchBrowser } from '../e2e/browser';

const [photos = 40, reps = 3, limit] = process.argv.slice(2).map(Number);
const CLASSES = ['a', 'b', 'c', 'd'];
const outDir = '.bench/folder-web';

await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
const server = await preview({ build: { outDir }, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const browser = await launchBrowser();
const tmp = mkdtempSync(join(tmpdir(), 'cnn-folder-bench-'));
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 1100 } });
  // tsx compiles with keepNames: the functions handed to page.evaluate call its __name helper.
  await page.addInitScript('globalThis.__name = (f) => f');
  await page.goto(`${server.resolvedUrls!.local[0]}training.html?template=lenet5-mnist&testHooks`);
  await page.waitForSelector('[data-testid=training-panel]');
  const t0 = Date.now();
  let bytes = 0;
  for (let i = 0; i < photos; i++) {
    const b64: string = await page.evaluate(async (seed) => {
      const W = 4000,
        H = 3000,
        c = new OffscreenCanvas(W, H),
        g = c.getContext('2d')!;
      let s = seed * 7919 + 1;
      const rnd = () => (s = (s * 1103515245 + 12345) >>> 0) / 4294967296;
      const sky = g.createLinearGradient(0, 0, W * rnd(), H);
      sky.addColorStop(0, `hsl(${rnd() * 360},60%,70%)`);
      sky.addColorStop(1, `hsl(${rnd() * 360},50%,30%)`);
      g.fillStyle = sky;
      g.fillRect(0, 0, W, H);
      for (let k = 0; k < 30; k++) {
        g.fillStyle = `hsla(${rnd() * 360},70%,${20 + rnd() * 60}%,0.8)`;
        g.beginPath();
        g.ellipse(rnd() * W, rnd() * H, 100 + rnd() * 800, 100 + rnd() * 600, rnd() * 3, 0, 7);
        g.fill();
      }
      const img = g.getImageData(0, 0, W, H),
        d = img.data;
      for (let p = 0; p < d.length; p += 4) {
        const n = (rnd() - 0.5) * 24;
        d[p] += n;
        d[p + 1] += n;
        d[p + 2] += n;
      }
      g.putImageData(img, 0, 0);
      const out = new Uint8Array(await (await c.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer());
      let str = '';
      for (let o = 0; o < out.length; o += 0x8000) str += String.fromCharCode(...out.subarray(o, o + 0x8000));
      return btoa(str);
    }, i);
    const buf = Buffer.from(b64, 'base64');
    bytes += buf.length;
    const dir = join(tmp, 'photos', CLASSES[i % CLASSES.length]);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `p${String(i).padStart(3, '0')}.jpg`), buf);
  }
  console.log(
    `made ${photos} JPEGs of 4000x3000 (${(bytes / photos / 1e6).toFixed(1)} MB each) in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );

  await page.getByTestId('train-dataset').selectOption('folder');
  await page.getByTestId('train-file-folder').setInputFiles(join(tmp, 'photos'));
  const timeLoad = async (): Promise<number> => {
    await page.evaluate(() => (window as any).__training.useTraining.setState({ data: null }));
    const start = Date.now();
    await page.getByTestId('train-load').click();
    await page.waitForSelector('[data-testid=train-data-summary]', { timeout: 600_000 });
    return Date.now() - start;
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [h, w, c] of [
    [28, 28, 1],
    [64, 64, 3],
  ]) {
    await page.evaluate(
      ([h, w, c]) => {
        const s = (window as any).__training.useEditor.getState();
        s.setParam('input', 'height', h);
        s.setParam('input', 'width', w);
        s.setParam('input', 'channels', c);
      },
      [h, w, c],
    );
    for (const lim of limit ? [undefined, limit] : [undefined]) {
      await page.getByTestId('train-limit').fill(lim ? String(lim) : '');
      const times: number[] = [];
      for (let r = 0; r < reps; r++) times.push(await timeLoad());
      const summary = await page.getByTestId('train-data-summary').textContent();
      console.log(
        `${h}x${w}x${c}${lim ? `, limit ${lim}` : ''}: load ${(median(times) / 1000).toFixed(2)} s median of ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} ` +
          `(${(median(times) / (lim ?? photos)).toFixed(0)} ms/image) -> ${summary}`,
      );
    }
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
}
