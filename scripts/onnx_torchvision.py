"""Writes torchvision nets as ONNX files for the importer's tests (the real producer, not hand-made files).

usage: /usr/bin/python3 onnx_torchvision.py OUT_DIR NET:SIZE[:fold|nofold[:CLASSES]] ...
Each NET_SIZE_FOLD.onnx gets seeded random weights (BatchNorm statistics too, so they matter), opset 13,
a fixed batch of 1; OUT_DIR/params.json maps each file to torchvision's parameter count.
"""
import json
import os
import sys

import torch
import torchvision

class Zoo(torch.nn.Module):
    """Every op the importer maps that torchvision's classifiers do not write, as torch writes them: a zero
    pad before a conv, depthwise and dilated convs, PReLU, LeakyReLU, ELU, Sigmoid, Tanh, ReLU6 (Clip),
    a concat, a transposed conv, max and average pooling with padding, a residual add, x.view(N, -1)
    (Shape/Gather/Unsqueeze/Concat/Reshape without constant folding), MatMul + Add and a softmax."""

    def __init__(self, num_classes: int = 10, size: int = 16):  # a 16x16 input
        super().__init__()
        nn = torch.nn
        self.pad, self.c1 = nn.ZeroPad2d(1), nn.Conv2d(3, 8, 3)
        self.dw = nn.Conv2d(8, 16, 3, padding=1, groups=8)
        self.dil = nn.Conv2d(16, 8, 3, padding=2, dilation=2)
        self.bn, self.prelu = nn.BatchNorm2d(8), nn.PReLU(8)
        self.c2, self.c3 = nn.Conv2d(8, 8, 1), nn.Conv2d(16, 8, 1, bias=False)
        self.up = nn.ConvTranspose2d(8, 8, 2, stride=2)
        with torch.no_grad():
            self.up.bias.fill_(-4.0)
        self.mp, self.ap = nn.MaxPool2d(3, 2, padding=1), nn.AvgPool2d(3, 1, padding=1)
        self.c4 = nn.Conv2d(8, 8, 3, padding=1)
        self.w = nn.Parameter(torch.randn(8 * size * size, num_classes) * 0.02)
        self.b = nn.Parameter(torch.randn(num_classes) * 0.1)

    def forward(self, x):
        F = torch.nn.functional
        x = F.relu6(self.c1(self.pad(x)))
        x = self.prelu(self.bn(self.dil(F.elu(self.dw(x)))))
        x = self.c3(torch.cat([torch.sigmoid(self.c2(x)), torch.tanh(x)], 1))
        # Mostly negative values into the padded max pool: padding must never win there (torch pads with -inf).
        x = self.ap(F.leaky_relu(self.mp(self.up(x)), 0.1))
        x = F.dropout(x + self.c4(x), training=False)
        x = x.view(x.size(0), -1)
        return F.softmax(x @ self.w + self.b, dim=1)


NETS = {
    "zoo": Zoo,
    "alexnet": torchvision.models.alexnet,
    "vgg11": torchvision.models.vgg11,
    "resnet18": torchvision.models.resnet18,
    "resnet50": torchvision.models.resnet50,
    "mobilenet_v2": torchvision.models.mobilenet_v2,
}


def build(name: str, classes: int) -> torch.nn.Module:
    torch.manual_seed(1234)
    net = NETS[name](num_classes=classes)
    g = torch.Generator().manual_seed(99)
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.copy_(torch.rand(m.num_features, generator=g) * 0.4 - 0.2)
                m.running_var.copy_(torch.rand(m.num_features, generator=g) + 0.5)
                m.weight.copy_(torch.rand(m.num_features, generator=g) + 0.5)
                m.bias.copy_(torch.rand(m.num_features, generator=g) * 0.4 - 0.2)
        # Residual branches end small (as zero_init_residual does, but not zero), so 16 bottlenecks of
        # random statistics do not grow the logits into the hundreds, where float32 rounding alone is 1e-3.
        for m in net.modules():
            last = getattr(m, "bn3", None) or getattr(m, "bn2", None)
            if isinstance(m, (torchvision.models.resnet.BasicBlock, torchvision.models.resnet.Bottleneck)):
                last.weight.mul_(0.2)
    return net.eval()


def main() -> None:
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    counts = {}
    for spec in sys.argv[2:]:
        name, size, *rest = spec.split(":")
        fold = (rest[0] if rest else "fold") == "fold"
        classes = int(rest[1]) if len(rest) > 1 else 1000
        net = build(name, classes)
        file = f"{name}_{size}_{'fold' if fold else 'nofold'}{'' if classes == 1000 else f'_{classes}'}.onnx"
        x = torch.zeros(1, 3, int(size), int(size))
        torch.onnx.export(
            net, x, os.path.join(out, file), opset_version=13, do_constant_folding=fold,
            input_names=["input"], output_names=["logits"],
            # A batch size left open, so torch writes x.view(x.size(0), -1) as shape arithmetic.
            dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}},
            # Keeps BatchNormalization nodes (EVAL would fold them into the convs, changing the parameter count).
            training=torch.onnx.TrainingMode.PRESERVE,
        )
        counts[file] = sum(p.numel() for p in net.parameters())
    with open(os.path.join(out, "params.json"), "w") as f:
        json.dump(counts, f)


if __name__ == "__main__":
    main()
