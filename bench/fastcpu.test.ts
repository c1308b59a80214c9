import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { parseFastCpuArgs, timeKernels } from './fastcpu';

describe('fast-cpu bench flags', () => {
  it('reads the thread sweep, rounds and the baseline to time beside ours', () => {
    const o = parseFastCpuArgs([
      '--threads',
      '1,2,4',
      '--rounds',
      '9',
      '--baseline',
      'main',
      '--profile',
      '--no-torch',
    ]);
    expect(o.threads).toEqual([1, 2, 4]);
    expect(o.rounds).toBe(9);
    expect(o.baseline?.label).toBe('main');
    expect(o.baseline?.module).toMatch(/\.bench[\\/]baseline\.mjs$/);
    expect([o.profile, o.torch]).toEqual([true, false]);
    expect(parseFastCpuArgs(['--quick']).rounds).toBe(2);
    expect(parseFastCpuArgs([]).baseline).toBeUndefined();
    expect(parseFastCpuArgs(['--warmup', '1']).lenetWarmup).toBe(1);
    expect(parseFastCpuArgs([]).lenetWarmup).toBeUndefined();
  });

  it('says what is wrong with a bad value', () => {
    expect(() => parseFastCpuArgs(['--rounds', 'x'])).toThrow(/--rounds wants a whole number.*got "x"/);
    expect(() => parseFastCpuArgs(['--threads', '0'])).toThrow(/--threads wants .* from 1 to 64/);
    expect(() => parseFastCpuArgs(['--warmup', '0'])).toThrow(/--warmup wants a whole number.*got "0"/);
  });

  it('--profile times the kernels that run (outputs left resident) and puts the registry back', async () => {
    await tf.setBackend('cpu');
    const before = tf.getKernel('Add', 'cpu')!.kernelFunc;
    const a = tf.ones([256, 256]);
    const timer = timeKernels();
    const wrapped = tf.getKernel('Add', 'cpu')!.kernelFunc;
    const s = tf.add(a, a);
    const ms = timer.stop();
    expect(wrapped).not.toBe(before);
    expect(ms.get('Add')).toBeGreaterThan(0);
    expect([...ms.keys()]).toEqual(['Add']); // only what ran
    expect(tf.getKernel('Add', 'cpu')!.kernelFunc).toBe(before);
    tf.dispose([a, s]);
  });
});
