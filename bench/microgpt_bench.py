"""Time one microgpt training step: latpy vs a scalar Value engine vs PyTorch.

One training step = microgpt's: one document (a name) through the model, the mean
cross-entropy of its next-character predictions, backward, an Adam step and the
learning-rate schedule. The three engines run the same model from the same weights:

* latpy: ``examples/microgpt.py`` itself (``import latpy.torch as torch``);
* Value: ``bench/microgpt_value.py``, Karpathy's scalar-autograd formulation;
* PyTorch (when ``import torch`` works): ``examples/microgpt.py`` again, its source run with
  ``latpy.torch`` replaced by ``torch`` in the imports and nothing else changed (float64,
  one thread).

First, all three train a few steps from identical weights and the losses and weights are
compared (a mismatch is reported as WRONG); then each times the same documents.

    python bench/microgpt_bench.py ../shared/data/names.txt     # one name per line
    python bench/microgpt_bench.py                              # latpy's built-in corpus
    python bench/microgpt_bench.py names.txt --steps 100 --rounds 5

Timing: each engine trains on the same `--steps` documents; latpy and PyTorch repeat that
`--rounds` times and the best round counts (the Value engine runs one round: it is slow).
The garbage collector stays on, as when a user runs the script (``--no-gc`` pauses it).
The exit status is always 0: this is a report, not a test.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import math
import os
import platform
import random
import sys
import time
import types

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EXAMPLE = os.path.join(ROOT, "examples", "microgpt.py")
sys.path.insert(0, HERE)  # for microgpt_value.py
sys.path.insert(0, ROOT)  # latpy from this checkout

import latpy.torch as ltorch  # noqa: E402
import microgpt_value as mv  # noqa: E402

SCHEDULE_STEPS = 1000  # the learning rate decays over microgpt's 1000 steps


def load_example(name="microgpt_latpy", real_torch=False) -> types.ModuleType:
    """examples/microgpt.py as a module; with `real_torch`, its imports point at PyTorch."""
    with open(EXAMPLE, encoding="utf-8") as f:
        source = f.read()
    if real_torch:
        source = source.replace("import latpy.torch", "import torch")
    module = types.ModuleType(name)
    module.__file__ = EXAMPLE
    exec(compile(source, EXAMPLE, "exec"), module.__dict__)
    return module


def import_real_torch():
    try:
        spec = importlib.util.find_spec("torch")
        if spec is None:
            return None
        import torch
        torch.set_num_threads(1)
        torch.set_default_dtype(torch.float64)
        return torch
    except Exception:  # noqa: BLE001 -- no usable PyTorch: no column
        return None


class Engine:
    """A name, a `step(tokens) -> loss` and a way to read the weights (name -> nested lists)."""

    def __init__(self, name, step, weights):
        self.name, self.step, self.weights = name, step, weights


def latpy_engine(example, vocab_size):
    ltorch.manual_seed(42)
    model = example.MicroGPT(vocab_size)
    optimizer = ltorch.optim.Adam(model.parameters(), lr=1e-2, betas=(0.85, 0.99), eps=1e-8)
    scheduler = ltorch.optim.lr_scheduler.LinearLR(optimizer, 1.0, 0.0, SCHEDULE_STEPS)
    engine = Engine("latpy", lambda tokens: example.train_step(model, optimizer, scheduler,
                                                              tokens),
                    lambda: {k: v.tolist() for k, v in model.state_dict().items()})
    return engine, model


def torch_engine(example, torch, vocab_size, initial):
    model = example.MicroGPT(vocab_size)
    model.load_state_dict({k: torch.tensor(v) for k, v in initial.items()})
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2, betas=(0.85, 0.99), eps=1e-8)
    scheduler = torch.optim.lr_scheduler.LinearLR(optimizer, 1.0, 0.0, SCHEDULE_STEPS)
    return Engine("PyTorch", lambda tokens: example.train_step(model, optimizer, scheduler,
                                                              tokens),
                  lambda: {k: v.tolist() for k, v in model.state_dict().items()})


def value_name(key: str) -> str:
    """latpy/PyTorch state-dict key -> microgpt's name ('layers.0.attn.wq.weight' -> ...)."""
    parts = key.split(".")
    if parts[0] == "layers":
        return f"layer{parts[1]}.{parts[2]}_{parts[3]}"
    return parts[0]


def value_engine(vocab_size, initial):
    state_dict = mv.init_state_dict(vocab_size, random.Random(0))
    for key, rows in initial.items():
        for row_values, row in zip(state_dict[value_name(key)], rows):
            for v, x in zip(row_values, row):
                v.data = x
    adam = mv.AdamState(mv.flat_params(state_dict), SCHEDULE_STEPS)
    return Engine("Value", lambda tokens: mv.train_step(state_dict, adam, tokens),
                  lambda: {key: [[v.data for v in row] for row in state_dict[value_name(key)]]
                           for key in initial})


def max_diff(a: dict, b: dict) -> float:
    worst = 0.0
    for key, rows in a.items():
        for r1, r2 in zip(rows, b[key]):
            worst = max(worst, max(abs(x - y) for x, y in zip(r1, r2)))
    return worst


def time_steps(engine, token_lists, rounds, pause_gc) -> tuple:
    """Best mean (wall, CPU) seconds per step over `rounds` passes over `token_lists`.

    The CPU time (``time.process_time``) is shown beside the wall time because it is less
    disturbed by other programs on a busy machine.
    """
    best_wall = best_cpu = math.inf
    for _ in range(rounds):
        if pause_gc:
            gc.collect()
            gc.disable()
        wall, cpu = time.perf_counter(), time.process_time()
        for tokens in token_lists:
            engine.step(tokens)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        gc.enable()
        best_wall = min(best_wall, wall / len(token_lists))
        best_cpu = min(best_cpu, cpu / len(token_lists))
    return best_wall, best_cpu


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", help="one document per line, e.g. "
                        "../shared/data/names.txt (default: latpy's built-in Python names)")
    parser.add_argument("--steps", type=int, default=30, help="documents timed (default 30)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds for latpy and PyTorch")
    parser.add_argument("--check-steps", type=int, default=3)
    parser.add_argument("--no-gc", action="store_true", help="pause the garbage collector")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch")
    parser.add_argument("--no-value", action="store_true", help="skip the Value engine")
    args = parser.parse_args(argv)

    example = load_example()
    docs = example.load_docs(args.data, 16)
    random.Random(42).shuffle(docs)
    chars = sorted(set("".join(docs)))
    stoi = {ch: i for i, ch in enumerate(chars)}
    bos, vocab_size = len(chars), len(chars) + 1

    def tokens_of(doc):
        return [bos] + [stoi[ch] for ch in doc] + [bos]

    torch = None if args.no_torch else import_real_torch()
    print(f"microgpt training step: {platform.python_implementation()} "
          f"{platform.python_version()}, {platform.machine()}; "
          f"PyTorch {torch.__version__ if torch else '(not importable)'}")
    print(f"data: {args.data or 'built-in Python names'} ({len(docs)} documents, "
          f"vocabulary {vocab_size})")

    latpy, model = latpy_engine(example, vocab_size)
    initial = latpy.weights()
    engines = [latpy]
    if not args.no_value:
        engines.append(value_engine(vocab_size, initial))
    if torch is not None:
        engines.append(torch_engine(load_example("microgpt_torch", real_torch=True), torch,
                                    vocab_size, initial))

    # ---- correctness: the same steps from the same weights give the same losses and weights
    check_docs = [tokens_of(d) for d in docs[:args.check_steps]]
    losses = {e.name: [e.step(t) for t in check_docs] for e in engines}
    final = {e.name: e.weights() for e in engines}
    wrong = set()
    for e in engines[1:]:
        loss_diff = max(abs(a - b) for a, b in zip(losses[e.name], losses["latpy"]))
        weight_diff = max_diff(final[e.name], final["latpy"])
        ok = loss_diff < 1e-9 and weight_diff < 1e-9
        if not ok:
            wrong.add("latpy")
        print(f"check vs {e.name}: {args.check_steps} steps, losses differ by "
              f"{loss_diff:.1e}, weights by {weight_diff:.1e} -> {'ok' if ok else 'WRONG'}")
    print("losses of the check steps:",
          ", ".join(f"{v:.6f}" for v in losses["latpy"]))

    # ---- timing
    token_lists = [tokens_of(d) for d in docs[args.check_steps:args.check_steps + args.steps]]
    mean_chars = sum(len(t) - 2 for t in token_lists) / len(token_lists)
    print(f"timing {len(token_lists)} steps (documents of {mean_chars:.1f} characters on "
          f"average), garbage collector {'paused' if args.no_gc else 'on'}:")
    times = {}
    for e in engines:
        rounds = 1 if e.name == "Value" else args.rounds
        times[e.name] = time_steps(e, token_lists, rounds, args.no_gc)
    lp_wall, lp_cpu = times["latpy"]
    for e in engines:
        wall, cpu = times[e.name]
        note = ""
        if e.name != "latpy":
            note = (f"   latpy is {wall / lp_wall:5.1f}x faster" if wall >= lp_wall
                    else f"   latpy is {lp_wall / wall:5.1f}x slower")
        print(f"  {e.name:8s} {wall * 1000:9.2f} ms/step (CPU {cpu * 1000:8.2f} ms){note}")
    if "Value" in times:
        ratio = times["Value"][0] / lp_wall
        verdict = "MET" if ratio >= 50 and not wrong else "WRONG" if wrong else "MISSED"
        print(f"target: latpy >= 50x faster than the Value engine: {ratio:.1f}x -> {verdict}")


if __name__ == "__main__":
    main()
