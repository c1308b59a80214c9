// `npm run cli -- train` (the real command, in its own process) on graphs tfjs once could not train:
// a dilated convolution trains on the synthetic bars and exits 0; a graph with nothing to learn is
// refused before training with a message, never "Unexpected error".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { GraphBuilder } from '../templates/builder';
import { serializeProject } from '../shared/graph';
import { dilatedNet } from '../shared/train/testing';

const dir = mkdtempSync(join(tmpdir(), 'cnn-train-dilated-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cliTrain(file: string, ...args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['node_modules/.bin/tsx', 'cli/main.ts', 'train', file, '--dataset', 'synthetic', ...args],
    { encoding: 'utf8', timeout: 110_000 },
  );
  return { code: r.status, out: r.stdout, err: r.stderr };
}

it('trains a net with a dilated conv (3x3, dilation 2, same) on the synthetic bars and exits 0', () => {
  const file = join(dir, 'dilated.cnn.json');
  writeFileSync(file, serializeProject(dilatedNet()));
  const r = cliTrain(file, '--limit', '160', '--epochs', '1', '--batch', '32', '--out', join(dir, 'model'));
  expect(r.err).not.toMatch(/Unexpected error/);
  expect(r.code, r.err).toBe(0);
  expect(r.out).toMatch(/epoch 1: loss [\d.]+, accuracy [\d.]+%/);
  expect(r.out).toMatch(/test: loss [\d.]+, accuracy [\d.]+% on 500 images/);
  expect(r.out).toMatch(/Saved .*model\.json, .*weights\.bin/);
  const saved = JSON.parse(readFileSync(join(dir, 'model', 'model.json'), 'utf8'));
  const layers = (saved.modelTopology.model_config ?? saved.modelTopology).config.layers as {
    name: string;
    class_name: string;
    config: { dilation_rate: number[] };
  }[];
  expect(layers.filter((l) => l.class_name === 'Conv2D').map((l) => [l.name, l.config.dilation_rate])).toEqual([
    ['atrous', [2, 2]],
    ['atrous2', [1, 3]],
  ]);
});

it('refuses a graph without trainable weights before training, saying why (exit 1)', () => {
  // 28x28x1 -> max pool 1x28 stride 3x1 -> 10x1x1 -> 10 scores: fits the data, learns nothing
  const b = new GraphBuilder('no weights', '');
  let h = b.add('Input', { height: 28, width: 28, channels: 1 }, undefined, 'input');
  h = b.add('Pool', { mode: 'max', size: [1, 28], stride: [3, 1] }, h, 'pool');
  h = b.add('Flatten', {}, h, 'flat');
  b.add('Softmax', {}, h, 'out');
  const file = join(dir, 'noweights.cnn.json');
  writeFileSync(file, serializeProject(b.build()));
  const r = cliTrain(file, '--limit', '64');
  expect(r.err).not.toMatch(/Unexpected error/);
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/The graph has no trainable weights .* add a Dense or Conv2D layer/);
});
