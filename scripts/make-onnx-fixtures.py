#!/usr/bin/env python3
"""Writes the ONNX import fixtures: small nn.Sequential nets exported by
torch.onnx.export at opset 17 (Debian's python3-torch, 1.13), each with
inputs and the outputs PyTorch computes for them.

    /usr/bin/python3 scripts/make-onnx-fixtures.py [OUT_DIR]   # default test/fixtures/onnx

For every NAME: NAME.onnx and NAME.json = {"inputs": [[...]], "outputs": [[...]], "layers": "..."}.
Seeds are fixed, so a rerun with the same torch writes the same numbers.
"""
import json
import os
import sys

import torch
from torch import nn


def nets():
    torch.manual_seed(0)
    yield "relu_tanh", nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 1)), 2
    torch.manual_seed(1)
    yield "leaky_sigmoid_softmax", nn.Sequential(
        nn.Linear(3, 8), nn.LeakyReLU(0.1), nn.Linear(8, 8), nn.Sigmoid(), nn.Linear(8, 4), nn.Softmax(dim=-1)
    ), 3
    torch.manual_seed(2)
    yield "elu_hardsigmoid_softplus_hardtanh_silu", nn.Sequential(
        nn.Linear(2, 8), nn.ELU(), nn.Linear(8, 8), nn.Hardsigmoid(), nn.Linear(8, 8), nn.Softplus(),
        nn.Linear(8, 8), nn.Hardtanh(), nn.Linear(8, 8), nn.SiLU(), nn.Linear(8, 1)
    ), 2
    torch.manual_seed(3)
    net = nn.Sequential(
        nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 8), nn.LayerNorm(8), nn.Tanh(), nn.Linear(8, 2)
    )
    # Running statistics away from 0 and 1, so an importer that ignored them would be caught.
    with torch.no_grad():
        net[1].running_mean.uniform_(-0.5, 0.5)
        net[1].running_var.uniform_(0.5, 1.5)
        net[1].weight.uniform_(0.5, 1.5)
        net[1].bias.uniform_(-0.2, 0.2)
        net[4].weight.uniform_(0.5, 1.5)
        net[4].bias.uniform_(-0.2, 0.2)
    yield "batchnorm_layernorm", net, 4


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join("test", "fixtures", "onnx")
    os.makedirs(out_dir, exist_ok=True)
    for name, net, n_in in nets():
        net.eval()
        gen = torch.Generator().manual_seed(42)
        x = torch.randn(5, n_in, generator=gen) * 2
        with torch.no_grad():
            y = net(x)
        path = os.path.join(out_dir, name + ".onnx")
        torch.onnx.export(
            net, x, path, opset_version=17, input_names=["input"], output_names=["output"],
            dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
        )
        with open(os.path.join(out_dir, name + ".json"), "w") as f:
            json.dump({"layers": str(net), "inputs": x.tolist(), "outputs": y.tolist()}, f, indent=1)
            f.write("\n")
        print("wrote", path)


if __name__ == "__main__":
    main()
