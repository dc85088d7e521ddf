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
Each is timed with the garbage collector on (as when a user runs a script) and paused: the
Value engine makes ~100,000 objects per step, and the collections they trigger cost it about
a third of its time. Ratios use CPU time (``time.process_time``), which other programs on
a busy machine disturb less than wall time. PyTorch is imported after the Value engine is
timed, as its objects would make those collections slower still. The exit status is always
0: this is a report, not a test.
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
        torch.set_num_threads(1)  # like latpy; steadier on a busy machine
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


def check(engine, check_docs, reference) -> bool:
    """Train `engine` on `check_docs`; compare losses and weights with `reference`'s."""
    losses = [engine.step(t) for t in check_docs]
    loss_diff = max(abs(a - b) for a, b in zip(losses, reference["losses"]))
    weight_diff = max_diff(engine.weights(), reference["weights"])
    ok = loss_diff < 1e-9 and weight_diff < 1e-9
    print(f"check {engine.name} vs latpy: {len(check_docs)} steps from the same weights, "
          f"losses differ by {loss_diff:.1e}, weights by {weight_diff:.1e} -> "
          f"{'ok' if ok else 'WRONG'}")
    return ok


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", help="one document per line, e.g. "
                        "../shared/data/names.txt (default: latpy's built-in Python names)")
    parser.add_argument("--steps", type=int, default=30, help="documents timed (default 30)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds for latpy and PyTorch")
    parser.add_argument("--check-steps", type=int, default=3)
    parser.add_argument("--gc", choices=["on", "paused", "both"], default="both",
                        help="time with the garbage collector on, paused, or both (default)")
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

    print(f"microgpt training step: {platform.python_implementation()} "
          f"{platform.python_version()}, {platform.machine()}")
    print(f"data: {args.data or 'built-in Python names'} ({len(docs)} documents, "
          f"vocabulary {vocab_size})")
    check_docs = [tokens_of(d) for d in docs[:args.check_steps]]
    token_lists = [tokens_of(d) for d in docs[args.check_steps:args.check_steps + args.steps]]
    modes = ["on", "paused"] if args.gc == "both" else [args.gc]

    # ---- correctness first: the same steps from the same weights, same losses and weights
    latpy, _ = latpy_engine(example, vocab_size)
    initial = latpy.weights()
    reference = {"losses": [latpy.step(t) for t in check_docs]}
    reference["weights"] = latpy.weights()
    print("losses of the check steps:", ", ".join(f"{v:.6f}" for v in reference["losses"]))
    engines, ok = [latpy], True
    if not args.no_value:
        engines.append(value_engine(vocab_size, initial))
        ok &= check(engines[-1], check_docs, reference)
    mean_chars = sum(len(t) - 2 for t in token_lists) / len(token_lists)
    times = {}

    def time_engine(e):
        rounds = 1 if e.name == "Value" else args.rounds
        times[e.name] = {mode: time_steps(e, token_lists, rounds, mode == "paused")
                         for mode in modes}

    for e in engines:
        time_engine(e)
    # PyTorch is imported only now: its many objects would slow the Value engine's
    # garbage collections (measured: 150 -> 360 ms per step) if it were loaded before.
    torch = None if args.no_torch else import_real_torch()
    if torch is not None:
        engines.append(torch_engine(load_example("microgpt_torch", real_torch=True), torch,
                                    vocab_size, initial))
        ok &= check(engines[-1], check_docs, reference)
        print(f"(PyTorch {torch.__version__}, float64, {torch.get_num_threads()} thread)")
        time_engine(engines[-1])

    print(f"\ntiming {len(token_lists)} steps, documents of {mean_chars:.1f} characters on "
          f"average; ms per step, best of {args.rounds} rounds (Value: 1 round), wall (CPU)")
    print(f"  {'':8s}" + "".join(f"{'gc ' + mode:>24s}" for mode in modes))
    for e in engines:
        cells = "".join(f"{wall * 1e3:12.2f} ({cpu * 1e3:8.2f})"
                        for wall, cpu in (times[e.name][m] for m in modes))
        print(f"  {e.name:8s}{cells}")
    for mode in modes:
        lp_cpu = times["latpy"][mode][1]
        parts = []
        for e in engines[1:]:
            cpu = times[e.name][mode][1]
            parts.append(f"{cpu / lp_cpu:.1f}x faster than {e.name}" if cpu >= lp_cpu
                         else f"{lp_cpu / cpu:.1f}x slower than {e.name}")
        print(f"  gc {mode}: latpy is " + ", ".join(parts) + " (CPU time)")
    if "Value" in times:
        ratios = {m: times["Value"][m][1] / times["latpy"][m][1] for m in modes}
        worst = min(ratios.values())
        verdict = "WRONG" if not ok else "MET" if worst >= 50 else "MISSED"
        print("target: latpy >= 50x faster than the Value engine: "
              + ", ".join(f"{r:.1f}x (gc {m})" for m, r in ratios.items()) + f" -> {verdict}")


if __name__ == "__main__":
    main()
