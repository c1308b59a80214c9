import { describe, expect, it } from 'vitest';
import { addNode, analyse, connect, emptyDoc, type GraphDoc } from '../../shared/graph';
import { TEMPLATES } from '../../templates';
import { workedExample } from './worked';

/** The worked example of one node, with shapes and fields taken from the engine's analysis. */
function worked(doc: GraphDoc, id: string): string[] {
  const a = analyse(doc);
  const node = doc.nodes.find((n) => n.id === id)!;
  const src = doc.edges.find((e) => e.target === id)!.source;
  const na = a.nodes.get(id)!;
  return workedExample({
    type: node.type,
    params: node.params,
    inShape: na.inputShapes[0],
    outShape: na.shape,
    rfIn: a.nodes.get(src)!.rf,
    rfOut: na.rf,
  });
}
const template = (id: string) => TEMPLATES.find((t) => t.id === id)!.build();

describe('workedExample', () => {
  it('puts a valid convolution and a pooling layer of LeNet-5 into the formulas', () => {
    const lenet = template('lenet5-mnist');
    expect(worked(lenet, 'C3')).toEqual([
      'out = floor((14 - 5)/1) + 1 = 10',
      'rf = 6 + (5-1)*2 = 14',
      'jump = 2*1 = 2',
    ]);
    expect(worked(lenet, 'S2')).toEqual(['out = floor((28 - 2)/2) + 1 = 14', 'rf = 5 + (2-1)*1 = 6', 'jump = 1*2 = 2']);
    expect(worked(lenet, 'C1')[0]).toBe('out = ceil(28/1) = 28');
  });
  it('shows explicit padding (ResNet-18 conv1 and its max pool, as torchvision pads them)', () => {
    const r18 = template('resnet18');
    expect(worked(r18, 'conv1')[0]).toBe('out = floor((224 + 2*3 - 7)/2) + 1 = 112');
    expect(worked(r18, 'maxpool')[0]).toBe('out = floor((112 + 2*1 - 3)/2) + 1 = 56');
  });
  it('adds the padding before and after when a pool is padded differently on each side', () => {
    let d = emptyDoc();
    d = addNode(d, 'Input', { x: 0, y: 0 }, { height: 11, width: 10, channels: 1 }, 'in').doc;
    const pool = {
      mode: 'max',
      size: [3, 3],
      stride: [2, 2],
      padding: 'asymmetric',
      pad: [0, 1],
      padEnd: [2, 1],
    } as const;
    d = addNode(d, 'Pool', { x: 0, y: 0 }, pool, 'p').doc;
    d = connect(d, 'in', 'p', 'in').doc;
    expect(worked(d, 'p').filter((l) => l.includes('out'))).toEqual([
      'H: out = floor((11 + 0 + 2 - 3)/2) + 1 = 6',
      'W: out = floor((10 + 2*1 - 3)/2) + 1 = 5',
    ]);
  });
  it('writes each axis and the dilated kernel when they differ', () => {
    let d = emptyDoc();
    d = addNode(d, 'Input', { x: 0, y: 0 }, { height: 20, width: 30, channels: 1 }, 'in').doc;
    d = addNode(d, 'Conv2D', { x: 0, y: 0 }, { kernel: [3, 5], dilation: [2, 1], padding: 'full' }, 'c').doc;
    d = connect(d, 'in', 'c', 'in').doc;
    expect(worked(d, 'c')).toEqual([
      'H: k_eff = 2*(3-1) + 1 = 5',
      'H: out = floor((20 + 2*4 - 5)/1) + 1 = 24',
      'H: rf = 1 + (5-1)*1 = 5',
      'H: jump = 1*1 = 1',
      'W: out = floor((30 + 2*4 - 5)/1) + 1 = 34',
      'W: rf = 1 + (5-1)*1 = 5',
      'W: jump = 1*1 = 1',
    ]);
  });
  it('says nothing for other layers or when the engine has no shape', () => {
    const lenet = template('lenet5-mnist');
    expect(worked(lenet, 'flatten')).toEqual([]);
    expect(
      workedExample({
        type: 'Conv2D',
        params: lenet.nodes[1].params,
        inShape: [14, 14, 6],
        outShape: null,
        rfIn: null,
        rfOut: null,
      }),
    ).toEqual([]);
  });
});
