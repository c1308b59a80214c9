// GraphDoc + trained weights -> a readable, self-contained model.py (an nn.Module mirroring the
// graph) and its weights as a bundle (model.weights.json + model.weights.bin) that model.py loads
// with nothing but torch. Each layer type's mapping lives in its catalogue definition (LayerDef.torch).
import type { GraphDoc } from '../../graph';
import type { MappedTensor, TorchCtx } from '../../graph/layer';
import { channelsFirst, walkGraph } from '../graphwalk';
import { ExportError, text, type ExportFile, type WeightMap } from '../types';
import { encodeBundle, mappedWeight } from '../weights';
import { pythonComment, pythonDocstring, pythonString } from '../escape';
import { LOADER_PY } from './loader';

const PY_RESERVED = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
  'x',
  'self',
  'torch',
  'nn',
  'F',
  'json',
  'os',
  'sys',
  'math',
  // nn.Module's own attributes (PyTorch 1.13): a layer called `to` or `eval` must not replace the method.
  'T_destination',
  'add_module',
  'apply',
  'bfloat16',
  'buffers',
  'children',
  'cpu',
  'cuda',
  'double',
  'dump_patches',
  'eval',
  'extra_repr',
  'float',
  'forward',
  'get_buffer',
  'get_extra_state',
  'get_parameter',
  'get_submodule',
  'half',
  'ipu',
  'load_state_dict',
  'modules',
  'named_buffers',
  'named_children',
  'named_modules',
  'named_parameters',
  'parameters',
  'register_backward_hook',
  'register_buffer',
  'register_forward_hook',
  'register_forward_pre_hook',
  'register_full_backward_hook',
  'register_load_state_dict_post_hook',
  'register_module',
  'register_parameter',
  'requires_grad_',
  'set_extra_state',
  'share_memory',
  'state_dict',
  'to',
  'to_empty',
  'train',
  'training',
  'type',
  'xpu',
  'zero_grad',
]);

export interface TorchModel {
  /** model.py's text. */
  readonly source: string;
  /** State-dict tensors in PyTorch layouts, each remembering its tfjs origin. */
  readonly tensors: readonly (readonly [string, MappedTensor])[];
  /** True when the network ends in a softmax (train.py then uses the log of the output for its loss). */
  readonly outputsProbabilities: boolean;
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
}

export function buildTorchModel(doc: GraphDoc, weights: WeightMap): TorchModel {
  const walk = walkGraph(doc, 'PyTorch');
  const idents = new Set<string>();
  const ident = (id: string) => {
    let base = id.replace(/[^A-Za-z0-9_]/g, '_');
    // A letter first: a leading `_` would make `self.__x` private (renamed by Python) or dunder.
    if (!/^[A-Za-z]/.test(base)) base = `n_${base}`;
    if (PY_RESERVED.has(base)) base = `${base}_`;
    let name = base;
    for (let k = 2; idents.has(name); k++) name = `${base}_${k}`;
    idents.add(name);
    return name;
  };
  const init: string[] = [];
  const forward: string[] = [];
  const tensors: [string, MappedTensor][] = [];
  const values = new Map<string, string>();
  for (const step of walk.steps) {
    const { node, def } = step;
    const where = `${node.id} (${node.type})`;
    if (!def.torch) throw new ExportError(`${where}: this layer type has no PyTorch mapping yet.`);
    const attr = ident(node.id);
    const ctx: TorchCtx<typeof node.params> = {
      params: node.params,
      inShapes: step.inShapes,
      outShape: step.outShape,
      name: step.name,
      attr,
      inputs: step.sources.length ? step.sources.map((s) => values.get(s)!) : ['x'],
      weight: (layer, param, perm, shape) => mappedWeight(weights, where, layer, param, perm, shape),
      module(suffix, ctor, ts = {}) {
        const name = suffix ? ident(`${attr}${suffix}`) : attr;
        init.push(`        self.${name} = ${ctor}`);
        for (const [k, t] of Object.entries(ts)) tensors.push([`${name}.${k}`, t]);
        return `self.${name}`;
      },
    };
    let expr: string;
    try {
      expr = def.torch(ctx);
    } catch (e) {
      if (e instanceof ExportError) throw e;
      throw new ExportError(`${where}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(expr)) {
      values.set(node.id, expr);
      continue;
    } // an alias (Input, Dropout-free identities)
    const shape =
      step.outShape.length === 3 ? `N x ${channelsFirst(step.outShape).join(' x ')}` : `N x ${step.outShape[0]}`;
    forward.push(`        ${attr} = ${expr}  # ${pythonComment(`${node.type} -> ${shape}`)}`);
    values.set(node.id, attr);
  }
  const last = walk.steps.find((s) => s.node.id === walk.outputId)!;
  const act = last.def.activationOf?.(last.node.params);
  const outputsProbabilities = act === 'softmax';
  const inShape = channelsFirst(walk.inputShape);
  const outShape = walk.outputShape.length === 3 ? channelsFirst(walk.outputShape) : [...walk.outputShape];
  // User strings reach the source only through ../escape, and never on the first two lines (an
  // encoding declaration lives there).
  const source = `# model.py: a PyTorch module exported from CNN Designer.
#
# Project: ${pythonComment(doc.metadata.name)}
#
#   import torch
#   from model import Net, load_weights
#   net = load_weights(Net()).eval()
#   y = net(torch.rand(1, ${inShape.join(', ')}))   # NCHW float32, preprocessed as in training
#                                      (pixels / 255; standardised per channel if training did so: see train.py)
#
# Layout notes: the app (TensorFlow.js) works channels-last; this module is channels-first (NCHW).
# Flatten goes back to channels-last before flattening, so the Dense weights see the same order.
# TensorFlow's 'same' padding puts an odd extra row/column at the bottom/right, done with F.pad.
# Needs only torch (tested with PyTorch 1.13).
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

#: The project's name in CNN Designer.
PROJECT_NAME = ${pythonString(doc.metadata.name)}
#: (channels, height, width) of one input image.
INPUT_SHAPE = (${inShape.join(', ')})
#: Shape of one output (without the batch axis).
OUTPUT_SHAPE = (${outShape.join(', ')}${outShape.length === 1 ? ',' : ''})
#: True when forward() returns softmax probabilities (train.py takes their log for the loss).
OUTPUTS_PROBABILITIES = ${outputsProbabilities ? 'True' : 'False'}
#: The exported weights, next to this file.
WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'model.weights.json')


class Net(nn.Module):
    ${pythonDocstring(`The graph of PROJECT_NAME: ${walk.steps.length} layers, from its Input to node "${walk.outputId}".`)}

    def __init__(self):
        super().__init__()
${init.length ? init.join('\n') : '        pass'}

    def forward(self, x):
${forward.join('\n')}
        return ${values.get(walk.outputId)}


${LOADER_PY}
`;
  return { source, tensors, outputsProbabilities, inputShape: inShape, outputShape: outShape };
}

export function exportPytorchModel(doc: GraphDoc, weights: WeightMap): { files: ExportFile[]; model: TorchModel } {
  const model = buildTorchModel(doc, weights);
  const { index, bin } = encodeBundle('pytorch', model.tensors);
  return {
    model,
    files: [
      { name: 'model.py', bytes: text(model.source) },
      { name: 'model.weights.json', bytes: text(JSON.stringify(index, null, 1) + '\n') },
      { name: 'model.weights.bin', bytes: bin },
    ],
  };
}
