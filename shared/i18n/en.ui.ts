// The renderer's sentences in English, one section per component (ui.<component>.<name>). zh-CN.ui.ts has the
// same keys. New UI text goes here, under its component's section, and into zh-CN.ui.ts.
export const enUi = {
  ui: {
    app: {
      loading: 'Loading…',
      details: 'Details',
      tabs: {
        inspector: 'Inspector',
        problems: 'Problems',
        summary: 'Summary',
        train: 'Train',
      },
      recovery:
        'Unsaved work from {{when}} ({{layers, number}} layers) was found. The app may have closed unexpectedly.',
      restore: 'Restore',
      discard: 'Discard',
      templates: 'Templates',
      startFromTemplate: 'Start from a template',
      close: 'Close',
      exportImport: 'Export or import a model',
    },
    status: {
      layers: '{{n, number}} layers',
      paramsTitle:
        '{{all}} in all: {{trainable}} trainable, {{nonTrainable}} non-trainable (BatchNorm running statistics)',
      trainable: '{{n}} trainable params',
      nonTrainable: '(+{{n}} non-trainable)',
      macsTitle: 'Multiply-accumulates per sample',
      macs: '{{n}} MACs',
      error: '{{n, number}} error',
      errors: '{{n, number}} errors',
      warning: '{{n, number}} warning',
      warnings: '{{n, number}} warnings',
      selected: '{{n, number}} selected',
      locked: 'Locked while training',
      hint: "Drag from the palette · drag a node's bottom handle onto another's top to connect",
    },
    notice: {
      dismiss: 'Dismiss',
    },
    canvas: {
      overview: 'Overview',
      layingOut: 'Laying out…',
      emptyTitle: 'Start a network',
      emptyDrag: 'Drag a layer from the palette, double-click it, or press',
      emptySearch: 'to search and',
      emptyAdd: 'to add.',
      emptyTemplates: 'Or begin from a classic net with',
      enter: 'Enter',
    },
    category: {
      Input: 'Input',
      Convolution: 'Convolution',
      Pooling: 'Pooling',
      Activation: 'Activation',
      Normalisation: 'Normalisation',
      Core: 'Core',
      Merge: 'Merge',
      Output: 'Output',
      Blocks: 'Blocks',
    },
    snippet: {
      'basic-block': {
        title: 'Basic residual block',
        description:
          'ResNet-18/34 block: 3x3 conv, BN, ReLU, 3x3 conv, BN, added to the skip, then ReLU. Keeps H, W and channels.',
      },
      'bottleneck-block': {
        title: 'Bottleneck block',
        description:
          'ResNet-50 block: 1x1 conv to C/4, 3x3 conv, 1x1 conv back to C (each with BN, ReLU between), added to the skip, then ReLU.',
      },
    },
    palette: {
      layers: 'Layers',
      searchPlaceholder: 'Search layers  ( / )',
      search: 'Search layers',
      layerTypes: 'Layer types',
      itemHint: 'Drag onto the canvas, or double-click / Enter to add.',
      itemHintBelow: 'Drag onto the canvas, or double-click / Enter to add below the selected node.',
      none: 'No layer matches “{{query}}”.',
    },
    problems: {
      severity: {
        error: 'Errors',
        warning: 'Warnings',
        info: 'Info',
      },
      show: 'Show {{what}}',
      hide: 'Hide {{what}}',
      none: 'No problems',
      noneDetail: 'Every shape fits and every parameter is in range.',
      showNode: 'Show {{node}} on the canvas',
      graph: 'graph',
      port: 'port {{port}}',
      locked: 'Stop training to edit the graph',
    },
    node: {
      error: 'Error',
      warning: 'Warning',
      info: 'Note',
      shape: 'Output shape (H x W x C)',
      params: 'Parameters',
      rf: 'Receptive field (size, jump)',
    },
    param: {
      height: '{{label}} height',
      width: '{{label}} width',
      range: 'Allowed range',
      notApplied: '{{error}} Not applied.',
      set: 'Set {{label}}',
      notANumber: 'Not a number.',
    },
  },
} as const;
