"""PyTorch and hand-written NumPy peers of the benchmark (bench/peers/python.ts).

Reads one JSON job on stdin: the peer, the workload (sizes, activation, loss,
optimizer), the shared initial weights and the batches as base64 float32, the
measurement options, and the mode (bench or sanity). Times the steps the way
bench/measure.ts does (warm-up, calibrated repeats, median) and writes one
JSON result on stdout: timings, the outputs on the probe batch (Node computes
every peer's loss with the same code), the peak RSS and the BLAS in use.
A peer whose module does not import answers {"skip": reason}.
"""

import base64
import json
import resource
import sys
import time


def f32(np, text, shape):
    return np.frombuffer(base64.b64decode(text), dtype=np.float32).reshape(shape).copy()


def b64(np, a):
    return base64.b64encode(np.ascontiguousarray(a, dtype=np.float32).tobytes()).decode()


def loaded_blas():
    """The BLAS libraries this process has mapped (Linux), i.e. the one its products really run on."""
    try:
        with open("/proc/self/maps") as maps:
            names = {line.split()[-1] for line in maps if "blas" in line.lower() or "mkl" in line.lower()}
    except OSError:
        return "unknown"
    return ", ".join(sorted(n.rsplit("/", 1)[-1] for n in names)) or "none mapped"


def openblas_threads():
    """Threads OpenBLAS runs one product on, asked of the mapped library itself (it keeps one pool per process)."""
    import ctypes

    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "libopenblas" in line}
    except OSError:
        return "?"
    for path in sorted(paths):
        try:
            return str(ctypes.CDLL(path).openblas_get_num_threads())
        except (OSError, AttributeError):
            continue
    return "?"


def measure(fn, o):
    """bench/measure.ts's measure(): warm-up, then repeats of a calibrated number of calls."""
    now = lambda: time.perf_counter() * 1000
    i = 0
    w0 = now()
    warm = 0
    while (warm < o["warmupIters"] or now() - w0 < o["warmupMs"]) and (warm < 1 or now() - w0 < o["warmupMaxMs"]):
        fn(i)
        i += 1
        warm += 1
    per = (now() - w0) / warm
    n = max(1, round(o["repeatMs"] / max(per, 1e-6)))
    samples = []
    m0 = now()
    for r in range(o["repeats"]):
        t0 = now()
        for _ in range(n):
            fn(i)
            i += 1
        samples.append((now() - t0) / n)
        if r + 1 >= o["minRepeats"] and now() - m0 > o["budgetMs"]:
            break
    s = sorted(samples)
    m = len(s) // 2
    med = s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2
    return {"medianMs": med, "minMs": s[0], "maxMs": s[-1], "samples": samples, "itersPerRepeat": n, "warmupIters": warm}


def torch_peer(job, np):
    import torch

    torch.manual_seed(0)
    threads = job.get("torchThreads")
    if threads:
        torch.set_num_threads(threads)
    w = job["workload"]
    sizes = w["sizes"]
    layers = []
    for i in range(len(sizes) - 1):
        lin = torch.nn.Linear(sizes[i], sizes[i + 1])
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(f32(np, job["weights"][i], (sizes[i + 1], sizes[i]))))
            lin.bias.copy_(torch.from_numpy(f32(np, job["biases"][i], (sizes[i + 1],))))
        layers.append(lin)
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU() if w["activation"] == "relu" else torch.nn.Tanh())
    model = torch.nn.Sequential(*layers)
    o = w["optimizer"]
    if o["kind"] == "sgd":
        opt = torch.optim.SGD(model.parameters(), lr=o["lr"])
    else:
        opt = torch.optim.Adam(model.parameters(), lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"])
    ce = w["loss"] == "softmax_ce"
    loss_fn = torch.nn.CrossEntropyLoss() if ce else torch.nn.MSELoss()

    def tensors(b):
        x = torch.from_numpy(f32(np, b["x"], (b["rows"], sizes[0])))
        if ce:
            y = torch.from_numpy(f32(np, b["y"], (b["rows"],)).astype(np.int64))
        else:
            y = torch.from_numpy(f32(np, b["y"], (b["rows"], sizes[-1])))
        return x, y

    def step(xy):
        opt.zero_grad(set_to_none=True)
        loss_fn(model(xy[0]), xy[1]).backward()
        opt.step()

    def infer(x):
        with torch.no_grad():
            model(x)

    def predict(x):
        with torch.no_grad():
            return model(x).numpy()

    config = torch.__config__.show()
    blas_info = next((p.split("=", 1)[1] for p in config.replace("\n", ",").split(",") if "BLAS_INFO=" in p), "?")
    torch.ones(64, 64) @ torch.ones(64, 64)
    mapped = loaded_blas()
    info = {
        "library": f"torch {torch.__version__}",
        "blas": f"BLAS_INFO={blas_info}, mapped: {mapped}",
        "threads": str(torch.get_num_threads()),
        "openblas": "yes" if "openblas" in mapped.lower() else "no",
        "blasThreads": openblas_threads(),
    }
    return tensors, step, infer, predict, info


def numpy_peer(job, np):
    """A hand-written float32 MLP: the same mathematics as mlp-lab's and torch's, NumPy's BLAS for the products."""
    w = job["workload"]
    sizes = w["sizes"]
    W = [f32(np, job["weights"][i], (sizes[i + 1], sizes[i])) for i in range(len(sizes) - 1)]
    B = [f32(np, job["biases"][i], (sizes[i + 1],)) for i in range(len(sizes) - 1)]
    params = W + B
    o = w["optimizer"]
    adam = o["kind"] == "adam"
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    t = [0]
    relu = w["activation"] == "relu"
    ce = w["loss"] == "softmax_ce"
    L = len(W)

    def forward(x, keep):
        hs = [x]
        h = x
        for i in range(L):
            z = h @ W[i].T
            z += B[i]
            if i < L - 1:
                h = np.maximum(z, 0, out=z) if relu else np.tanh(z, out=z)
            else:
                h = z
            if keep:
                hs.append(h)
        return h, hs

    def step(xy):
        x, y = xy
        out, hs = forward(x, True)
        n = x.shape[0]
        if ce:
            e = np.exp(out - out.max(axis=1, keepdims=True))
            e /= e.sum(axis=1, keepdims=True)
            e[np.arange(n), y] -= 1
            d = e / np.float32(n)
        else:
            d = (out - y) * np.float32(2 / out.size)
        grads = [None] * (2 * L)
        for i in range(L - 1, -1, -1):
            grads[i] = d.T @ hs[i]
            grads[L + i] = d.sum(axis=0)
            if i > 0:
                d = d @ W[i]
                h = hs[i]
                if relu:
                    d *= h > 0
                else:
                    d *= 1 - h * h
        if adam:
            t[0] += 1
            b1, b2, eps, lr = o["beta1"], o["beta2"], o["eps"], o["lr"]
            step_size = np.float32(lr / (1 - b1 ** t[0]))
            bc2 = np.float32(np.sqrt(1 - b2 ** t[0]))
            for p, g, mi, vi in zip(params, grads, m, v):
                mi *= np.float32(b1)
                mi += np.float32(1 - b1) * g
                vi *= np.float32(b2)
                vi += np.float32(1 - b2) * g * g
                p -= step_size * mi / (np.sqrt(vi) / bc2 + np.float32(eps))
        else:
            lr = np.float32(o["lr"])
            for p, g in zip(params, grads):
                p -= lr * g

    def tensors(b):
        x = f32(np, b["x"], (b["rows"], sizes[0]))
        y = f32(np, b["y"], (b["rows"],)).astype(np.int64) if ce else f32(np, b["y"], (b["rows"], sizes[-1]))
        return x, y

    def infer(x):
        forward(x, False)

    def predict(x):
        return forward(x, False)[0]

    np.ones((64, 64), np.float32) @ np.ones((64, 64), np.float32)
    info = {"library": f"numpy {np.__version__}", "blas": f"mapped: {loaded_blas()}", "blasThreads": openblas_threads()}
    return tensors, step, infer, predict, info


def main():
    job = json.load(sys.stdin)
    try:
        import numpy as np

        if job["peer"] == "pytorch":
            import torch  # noqa: F401
    except ImportError as e:
        print(json.dumps({"skip": f"{job['peer']}: {e.msg} (install python3-torch / python3-numpy)"}))
        return
    build = torch_peer if job["peer"] == "pytorch" else numpy_peer
    tensors, step, infer, predict, info = build(job, np)
    pool = [tensors(b) for b in job["train"]]
    probe = tensors(job["probe"])
    result = {"info": info}
    if job["mode"] == "sanity":
        outs = []
        checkpoints = set(job["checkpoints"])
        for i in range(job["steps"] + 1):
            if i in checkpoints:
                outs.append({"step": i, "out": b64(np, predict(probe[0]))})
            if i < job["steps"]:
                step(pool[i % len(pool)])
        result["outputs"] = outs
    else:
        result["before"] = b64(np, predict(probe[0]))
        result["train"] = measure(lambda i: step(pool[i % len(pool)]), job["measure"])
        if job.get("infer"):
            x = tensors(job["infer"])[0]
            result["infer"] = measure(lambda i: infer(x), job["measure"])
        result["after"] = b64(np, predict(probe[0]))
    result["maxRssMiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


main()
