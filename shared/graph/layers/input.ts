// The network input: one image of H x W x C.
import { identityRF } from '../convmath';
import { defineLayer, noCounts } from '../layer';
import { int } from '../params';
import { NO_PORTS } from './common';
import { reasons } from './reasons';

/** Why an input layer cannot be read (reason.<key>; English here, translations in zh-CN.tables.ts). */
const why = reasons({
  'input-shape': 'input shape {{shape}}: only fixed-size images [batch, height, width, channels] are supported',
});

export const Input = defineLayer({
  reasons: why.table,
  type: 'Input',
  idPrefix: 'input',
  title: 'Input',
  category: 'Input',
  doc: 'The image the network sees: height x width x channels (1 for grey, 3 for colour). Every shape in the graph follows from it. The batch size is left open.',
  formulas: ['shape = H x W x C (batch left symbolic)', 'receptive field = 1x1, jump 1'],
  params: {
    height: int('Height', 1, 4096, 28, 'Image height in pixels.'),
    width: int('Width', 1, 4096, 28, 'Image width in pixels.'),
    channels: int('Channels', 1, 1024, 1, '1 for greyscale, 3 for RGB.'),
  },
  presets: [
    { label: 'MNIST 28x28x1', params: { height: 28, width: 28, channels: 1 } },
    { label: 'CIFAR 32x32x3', params: { height: 32, width: 32, channels: 3 } },
    { label: 'ImageNet 224x224x3', params: { height: 224, width: 224, channels: 3 } },
  ],
  ports: () => NO_PORTS,
  summary: (p) => `${p.height}x${p.width}x${p.channels}`,
  infer: ({ params: p }) => ({ shape: [p.height, p.width, p.channels] }),
  rf: () => identityRF,
  counts: () => noCounts,
  tfjs: ({ tf, params: p, name }) => tf.input({ name, shape: [p.height, p.width, p.channels] }),
  // The exporters hand the network's input (NCHW) to the Input node as its one input.
  onnx: (ctx) => ctx.inputs[0],
  torch: (ctx) => ctx.inputs[0],
  fromKeras: {
    classes: {
      InputLayer: ({ config: c }) => {
        const s = c.batch_input_shape ?? c.batch_shape;
        if (!Array.isArray(s) || s.length !== 4 || s.slice(1).some((d: unknown) => typeof d !== 'number')) {
          return {
            unsupported: why('input-shape', { shape: String(JSON.stringify(s)) }),
          };
        }
        return { params: { height: s[1], width: s[2], channels: s[3] } };
      },
    },
  },
});
