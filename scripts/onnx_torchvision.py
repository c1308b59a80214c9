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

NETS = {
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
            # Keeps BatchNormalization nodes (EVAL would fold them into the convs, changing the parameter count).
            training=torch.onnx.TrainingMode.PRESERVE,
        )
        counts[file] = sum(p.numel() for p in net.parameters())
    with open(os.path.join(out, "params.json"), "w") as f:
        json.dump(counts, f)


if __name__ == "__main__":
    main()
