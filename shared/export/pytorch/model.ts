// GraphDoc + trained weights -> a readable, self-contained model.py (an nn.Module mirroring the
// graph) and its weights as a bundle (model.weights.json + model.weights.bin) that model.py loads
// with nothing but torch. Each layer type's mapping lives in its catalogue definition (LayerDef.torch).
import type { GraphDoc } from '../../graph';
import type { MappedTensor, TorchCtx } from '../../graph/layer';
import { channelsFirst, walkGraph } from '../graphwalk';
import { messageOf, msg } from '../../i18n/msg';
import { ExportError, text, type ExportFile, type WeightMap } from '../types';
import { encodeBundle, mappedWeight } from '../weights';
import { pythonComment, pythonDocstring, pythonLiteral, pythonString } from '../escape';
import type { OutputKind } from '../options';
import type { Preprocessing } from '../../train/runRecord';

const pythonFloat = (x: number) => pythonLiteral(x);
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

export interface TorchOptions {
  /** Training's preprocessing: model.py's preprocess() applies it to raw pixels (identity scale 1/255 without). */
  readonly preprocessing?: Preprocessing | null;
  /** 'logits' leaves a final softmax out of forward() (for CrossEntropyLoss); default 'probabilities'. */
  readonly output?: OutputKind;
}

const FINAL_SOFTMAX = /^F\.softmax\((.*), dim=1\)$/s;

export function buildTorchModel(doc: GraphDoc, weights: WeightMap, o: TorchOptions = {}): TorchModel {
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
  let softmaxLeftOut = false;
  for (const step of walk.steps) {
    const { node, def } = step;
    const where = `${node.id} (${node.type})`;
    if (!def.torch) throw new ExportError(msg('errors3.export.noMapping', { where, format: 'PyTorch' }));
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
      const m = node.id === walk.outputId && o.output === 'logits' ? FINAL_SOFTMAX.exec(expr) : null;
      if (m) {
        expr = m[1];
        softmaxLeftOut = true;
      }
    } catch (e) {
      if (e instanceof ExportError) throw e;
      throw new ExportError(msg('errors3.export.at', { where, error: messageOf(e) }));
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
  const outputsProbabilities = act === 'softmax' && !softmaxLeftOut;
  const prep = o.preprocessing ?? null;
  const channels = channelsFirst(walk.inputShape)[0];
  const mean = prep ? prep.mean : new Array<number>(channels).fill(0);
  const std = prep ? prep.std : new Array<number>(channels).fill(1);
  const scale = prep ? prep.scale : 1 / 255;
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
#   pixels = torch.randint(0, 256, (1, ${inShape.join(', ')}))   # raw image bytes, NCHW
#   y = net(preprocess(pixels))        # forward() takes preprocessed input; predict() does both + softmax
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
#: True when forward() returns logits and the app's net ended in a softmax (predict() applies it).
ENDS_IN_SOFTMAX = ${softmaxLeftOut ? 'True' : 'False'}
#: Training's input preprocessing: x = (pixel * SCALE - MEAN[c]) / STD[c] for pixel values 0..255 (channel c).
SCALE = ${pythonFloat(scale)}
MEAN = (${mean.map(pythonFloat).join(', ')},)
STD = (${std.map(pythonFloat).join(', ')},)
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


def preprocess(pixels):
    """Raw pixel values 0..255 (uint8 or float, N x C x H x W) -> the model's input, exactly as in training:
    (pixel * SCALE - MEAN[c]) / STD[c] per channel."""
    x = pixels.float() * SCALE
    mean = torch.tensor(MEAN, dtype=torch.float32, device=x.device).view(1, -1, 1, 1)
    std = torch.tensor(STD, dtype=torch.float32, device=x.device).view(1, -1, 1, 1)
    return (x - mean) / std


def predict(model, pixels):
    """Class probabilities for raw pixel values 0..255: preprocess, forward, softmax if forward() returns logits."""
    out = model(preprocess(pixels))
    return F.softmax(out, dim=1) if ENDS_IN_SOFTMAX else out


${LOADER_PY}
`;
  return { source, tensors, outputsProbabilities, inputShape: inShape, outputShape: outShape };
}

export function exportPytorchModel(
  doc: GraphDoc,
  weights: WeightMap,
  o: TorchOptions = {},
): { files: ExportFile[]; model: TorchModel } {
  const model = buildTorchModel(doc, weights, o);
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
