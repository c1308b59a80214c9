// Receptive fields of known nets against hand-computed values (REFERENCE.md section 1:
// r_out = r_in + (k_eff - 1) j_in, j_out = j_in s, start_out = start_in + ((k_eff - 1)/2 - p) j_in).
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates';
import { analyse, type GraphDoc } from './index';
import { GraphBuilder } from '../../templates/builder';

const rfOf = (doc: GraphDoc, id: string) => analyse(doc).nodes.get(id)!.rf!;
const tpl = (id: string) => TEMPLATES.find((t) => t.id === id)!.build();

describe('receptive fields', () => {
  it('LeNet-5 (1998): 5, 6, 14, 16, then C5 sees the whole 32x32 input, centred', () => {
    const doc = tpl('lenet5-1998');
    expect(rfOf(doc, 'C1')).toMatchObject({ size: [5, 5], jump: [1, 1], start: [2, 2] });
    expect(rfOf(doc, 'S2')).toMatchObject({ size: [6, 6], jump: [2, 2], start: [2.5, 2.5] });
    expect(rfOf(doc, 'C3')).toMatchObject({ size: [14, 14], jump: [2, 2], start: [6.5, 6.5] });
    expect(rfOf(doc, 'S4')).toMatchObject({ size: [16, 16], jump: [4, 4], start: [7.5, 7.5] });
    expect(rfOf(doc, 'C5')).toMatchObject({ size: [32, 32], jump: [4, 4], start: [15.5, 15.5], global: false });
    expect(rfOf(doc, 'F6').global).toBe(true);
  });

  it('VGG-style 3x3 stacks: two convs see 5x5, three see 7x7; pooling doubles the jump', () => {
    const b = new GraphBuilder('vgg', '');
    const x = b.add('Input', { height: 64, width: 64, channels: 3 }, undefined, 'input');
    const c = (id: string, from: string) => b.add('Conv2D', { filters: 8, kernel: [3, 3], padding: 'same' }, from, id);
    const p = (id: string, from: string) => b.add('Pool', { size: [2, 2], stride: [2, 2] }, from, id);
    p('p2', c('c4', c('c3', p('p1', c('c2', c('c1', x))))));
    const doc = b.build();
    expect(rfOf(doc, 'c1')).toMatchObject({ size: [3, 3], jump: [1, 1], start: [0, 0] });
    expect(rfOf(doc, 'c2')).toMatchObject({ size: [5, 5], jump: [1, 1], start: [0, 0] });
    expect(rfOf(doc, 'p1')).toMatchObject({ size: [6, 6], jump: [2, 2], start: [0.5, 0.5] });
    expect(rfOf(doc, 'c3')).toMatchObject({ size: [10, 10], jump: [2, 2] });
    expect(rfOf(doc, 'c4')).toMatchObject({ size: [14, 14], jump: [2, 2] });
    expect(rfOf(doc, 'p2')).toMatchObject({ size: [16, 16], jump: [4, 4] });
  });

  it('dilated 3x3 convs with dilation 1, 2, 4 grow the field exponentially: 3, 7, 15', () => {
    const b = new GraphBuilder('dilated', '');
    let h = b.add('Input', { height: 32, width: 32, channels: 1 }, undefined, 'input');
    for (const d of [1, 2, 4])
      h = b.add('Conv2D', { filters: 4, kernel: [3, 3], dilation: [d, d], padding: 'same' }, h, `d${d}`);
    const doc = b.build();
    expect([1, 2, 4].map((d) => rfOf(doc, `d${d}`).size[0])).toEqual([3, 7, 15]);
    expect(analyse(doc).nodes.get('d4')!.shape).toEqual([32, 32, 4]);
  });

  it('a valid 3x3 conv centres its first output at pixel 1; a stride-2 same conv on an even input pads only at the end', () => {
    const b = new GraphBuilder('offsets', '');
    const x = b.add('Input', { height: 32, width: 32, channels: 1 }, undefined, 'input');
    b.add('Conv2D', { kernel: [3, 3], padding: 'valid' }, x, 'valid');
    b.add('Conv2D', { kernel: [3, 3], stride: [2, 2], padding: 'same' }, x, 'same2');
    b.add('Conv2D', { kernel: [3, 3], padding: 'full' }, x, 'full');
    const doc = b.build();
    expect(rfOf(doc, 'valid').start).toEqual([1, 1]);
    expect(rfOf(doc, 'same2')).toMatchObject({ start: [1, 1], jump: [2, 2] });
    expect(rfOf(doc, 'full').start).toEqual([-1, -1]);
  });

  it('AlexNet: pool5 units see 195x195 pixels with a jump of 32 (the known figure)', () => {
    const doc = tpl('alexnet');
    expect(rfOf(doc, 'conv1')).toMatchObject({ size: [11, 11], jump: [4, 4], start: [3, 3] });
    expect(rfOf(doc, 'conv5')).toMatchObject({ size: [163, 163], jump: [16, 16] });
    expect(rfOf(doc, 'pool5')).toMatchObject({ size: [195, 195], jump: [32, 32] });
  });

  it('ResNet-18: the last block sees 435x435 pixels (the known figure); at a residual the larger path wins', () => {
    const doc = tpl('resnet18');
    expect(rfOf(doc, 'layer4_1_out')).toMatchObject({ size: [435, 435], jump: [32, 32] });
    const a = analyse(doc);
    const main = a.nodes.get('layer1_0_bn2')!.rf!,
      add = a.nodes.get('layer1_0_add')!.rf!,
      skip = a.nodes.get('maxpool')!.rf!;
    expect(add.size).toEqual(main.size);
    expect(main.size[0]).toBeGreaterThan(skip.size[0]);
  });

  it('Flatten, Dense and global pooling see the whole input', () => {
    const doc = tpl('resnet20');
    expect(rfOf(doc, 'avgpool')).toMatchObject({ global: true, size: [expect.any(Number), expect.any(Number)] });
    expect(rfOf(doc, 'avgpool').size[0]).toBeGreaterThanOrEqual(32);
  });
});
