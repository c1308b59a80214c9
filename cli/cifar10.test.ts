// `cli train --dataset cifar10`: trains the AlexNet-style template on a slice of the real CIFAR-10 (when
// `npm run get-cifar10` has fetched it; skipped with the reason otherwise) and says how to get the data.
import { afterAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cifar10Missing } from './cifar10';
import { run } from './main';

const missing = cifar10Missing();
if (missing) console.warn(`cli/cifar10.test.ts: skipping the CLI run on real CIFAR-10. ${missing}`);
const dir = mkdtempSync(join(tmpdir(), 'cnn-cifar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  const out: string[] = [], err: string[] = [];
  const code = await run(argv, { out: (s) => out.push(s), err: (s) => err.push(s), progress: () => {} } as Parameters<typeof run>[1]);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

it.skipIf(missing !== null)(`trains AlexNet-style on real CIFAR-10 images${missing ? ' (skipped: run npm run get-cifar10)' : ''}`, async () => {
  const r = await cli('train', 'templates/json/alexnet-cifar.cnn.json', '--dataset', 'cifar10', '--epochs', '1', '--limit', '256',
    '--test-limit', '200', '--batch', '32', '--out', dir);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/Data: CIFAR-10, 230 training \/ 26 validation images, 200 test \(32x32x3, 10 classes\)/);
  expect(r.out).toMatch(/test: loss [\d.]+, accuracy [\d.]+% on 200 images/);
});

it('says how to get CIFAR-10 when it is not there', async () => {
  const r = await cli('train', 'templates/json/alexnet-cifar.cnn.json', '--dataset', 'cifar10', '--data', join(dir, 'none'));
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/CIFAR-10 is not in .*none \(the folder is missing or empty\)\. Run "npm run get-cifar10" in the project folder/);
});
