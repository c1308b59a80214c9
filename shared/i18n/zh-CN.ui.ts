// 界面文字（简体中文），与 en.ui.ts 的键相同。
import type { enUi } from './en.ui';
import type { SameKeys } from './zh-CN';

export const zhUi = {
  ui: {
    app: {
      loading: '加载中…',
      details: '详情',
      tabs: {
        inspector: '属性',
        problems: '问题',
        summary: '概览',
        train: '训练',
      },
      recovery: '发现 {{when}} 未保存的工作（{{layers, number}} 层）。应用可能意外关闭了。',
      restore: '恢复',
      discard: '丢弃',
      templates: '模板',
      startFromTemplate: '从模板开始',
      close: '关闭',
      exportImport: '导出或导入模型',
    },
    status: {
      layers: '{{n, number}} 层',
      paramsTitle: '共 {{all}} 个：{{trainable}} 个可训练，{{nonTrainable}} 个不可训练（批归一化的滑动统计量）',
      trainable: '{{n}} 个可训练参数',
      nonTrainable: '（另有 {{n}} 个不可训练）',
      macsTitle: '每个样本的乘加运算次数',
      macs: '{{n}} 次乘加',
      error: '{{n, number}} 个错误',
      errors: '{{n, number}} 个错误',
      warning: '{{n, number}} 个警告',
      warnings: '{{n, number}} 个警告',
      selected: '已选中 {{n, number}} 个',
      locked: '训练中，已锁定',
      hint: '从层面板拖入 · 把节点底部的连接点拖到另一个节点的顶部即可连接',
    },
    notice: {
      dismiss: '关闭',
    },
    canvas: {
      overview: '全局预览',
      layingOut: '正在布局…',
      emptyTitle: '开始搭建网络',
      emptyDrag: '从层面板拖入一个层，双击它，或按',
      emptySearch: '搜索，再按',
      emptyAdd: '添加。',
      emptyTemplates: '或者从经典网络开始：',
      enter: 'Enter',
    },
    category: {
      Input: '输入',
      Convolution: '卷积',
      Pooling: '池化',
      Activation: '激活函数',
      Normalisation: '归一化',
      Core: '基础层',
      Merge: '合并',
      Output: '输出',
      Blocks: '模块',
    },
    snippet: {
      'basic-block': {
        title: '基本残差块',
        description:
          'ResNet-18/34 的残差块（残差连接）：3x3 卷积、批归一化、ReLU、3x3 卷积、批归一化，与跳跃路径相加，再接 ReLU。保持 H、W 和通道数不变。',
      },
      'bottleneck-block': {
        title: '瓶颈块',
        description:
          'ResNet-50 的残差块（残差连接）：1x1 卷积降到 C/4，3x3 卷积，1x1 卷积升回 C（每个都接批归一化，中间有 ReLU），与跳跃路径相加，再接 ReLU。',
      },
    },
    palette: {
      layers: '层',
      searchPlaceholder: '搜索层  ( / )',
      search: '搜索层',
      layerTypes: '层类型',
      itemHint: '拖到画布上，或双击 / 按 Enter 添加。',
      itemHintBelow: '拖到画布上，或双击 / 按 Enter 添加到所选节点下方。',
      none: '没有与“{{query}}”匹配的层。',
    },
    problems: {
      severity: {
        error: '错误',
        warning: '警告',
        info: '提示',
      },
      show: '显示{{what}}',
      hide: '隐藏{{what}}',
      none: '没有问题',
      noneDetail: '所有形状都匹配，所有参数都在范围内。',
      showNode: '在画布上显示 {{node}}',
      graph: '整个图',
      port: '端口 {{port}}',
      locked: '停止训练后才能编辑图',
    },
    node: {
      error: '错误',
      warning: '警告',
      info: '提示',
      shape: '输出形状 (H x W x C)',
      params: '参数量',
      rf: '感受野（大小，跳距）',
    },
    param: {
      height: '{{label}}（高）',
      width: '{{label}}（宽）',
      range: '允许的范围',
      notApplied: '{{error}} 未应用。',
      set: '设置{{label}}',
      notANumber: '不是数字。',
    },
  },
} as const satisfies SameKeys<typeof enUi>;
