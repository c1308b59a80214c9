// `cli train --dataset cifar10`: trains the AlexNet-style template on a slice of the real CIFAR-10 (when
// `npm run get-cifar10` has fetched it; skipped with the reason otherwise) and says how to get the data.
import { afterAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecodeBudget, DecodeLimitError } from '../shared/data';
import { blackPng } from '../shared/data/testPng';
import { cifar10Missing, decodePng } from './cifar10';
import { run } from './main';

const missing = cifar10Missing();
if (missing) console.warn(`cli/cifar10.test.ts: skipping the CLI run on real CIFAR-10. ${missing}`);
const dir = mkdtempSync(join(tmpdir(), 'cnn-cifar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  const out: string[] = [],
    err: string[] = [];
  const code = await run(argv, { out: (s) => out.push(s), err: (s) => err.push(s), progress: () => {} } as Parameters<
    typeof run
  >[1]);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

it.skipIf(missing !== null)(
  `trains AlexNet-style on real CIFAR-10 images${missing ? ' (skipped: run npm run get-cifar10)' : ''}`,
  async () => {
    const r = await cli(
      'train',
      'templates/json/alexnet-cifar.cnn.json',
      '--dataset',
      'cifar10',
      '--epochs',
      '1',
      '--limit',
      '256',
      '--test-limit',
      '200',
      '--batch',
      '32',
      '--out',
      dir,
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Data: CIFAR-10, 230 training \/ 26 validation images, 200 test \(32x32x3, 10 classes\)/);
    expect(r.out).toMatch(/test: loss [\d.]+, accuracy [\d.]+% on 200 images/);
  },
);

it('says how to get CIFAR-10 when it is not there', async () => {
  const r = await cli(
    'train',
    'templates/json/alexnet-cifar.cnn.json',
    '--dataset',
    'cifar10',
    '--data',
    join(dir, 'none'),
  );
  expect(r.code).toBe(2);
  expect(r.err).toMatch(
    /CIFAR-10 is not in .*none \(the folder is missing or empty\)\. Run "npm run get-cifar10" in the project folder/,
  );
});

it('decodePng refuses a PNG whose header declares more pixels than an image may have, before pngjs decodes it', async () => {
  // 10,000 x 10,000 black pixels: a 12 KB file that pngjs would turn into 400 MB of RGBA.
  const png = await blackPng(10_000, 10_000);
  expect(png.length).toBeLessThan(20_000);
  const before = process.memoryUsage().arrayBuffers;
  expect(() => decodePng(png, 'bomb.png')).toThrow(
    'bomb.png is 10000x10000 pixels (100 megapixels, 382 MiB decoded); at most 67.1 megapixels per image are decoded. Use a smaller image.',
  );
  expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  // A budget shared by a data set's sprites: each fits, together they do not.
  const budget = new DecodeBudget(2 * 4 * 1024 * 10);
  const sprite = await blackPng(1024, 10);
  expect(decodePng(sprite, '1.png', budget).height).toBe(10);
  expect(decodePng(sprite, '2.png', budget).height).toBe(10);
  expect(() => decodePng(sprite, '3.png', budget)).toThrow(DecodeLimitError);
});
