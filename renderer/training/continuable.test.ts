// "Continue" after a drag: trained weights belong to a network, not to where its nodes sit on the canvas.
import { expect, it } from 'vitest';
import { lenet5Mnist } from '../../templates/lenet';
import { useEditor } from '../store/store';
import { continuable } from './trainingStore';

it('keeps the weights across node moves and drops them when the network changes', () => {
  useEditor.getState().loadDoc(lenet5Mnist(), { path: null, name: 'LeNet-5' });
  const trainedOn = useEditor.getState().doc;
  const weights = { shapes: [[2]], data: [new Float32Array([1, 2])] };
  const s = { weights, weightsDoc: trainedOn };
  expect(continuable(s, trainedOn)).toBe(weights);

  const first = trainedOn.nodes[1];
  useEditor.getState().moveNodes(new Map([[first.id, { x: first.position.x + 240, y: first.position.y + 80 }]]));
  const moved = useEditor.getState().doc;
  expect(moved).not.toBe(trainedOn);
  expect(continuable(s, moved)).toBe(weights);

  const conv = moved.nodes.find((n) => n.type === 'Conv2D')!;
  useEditor.getState().setParam(conv.id, 'filters', Number(conv.params.filters) + 1);
  expect(continuable(s, useEditor.getState().doc)).toBeNull();
  expect(continuable({ weights: null, weightsDoc: trainedOn }, trainedOn)).toBeNull();
});
