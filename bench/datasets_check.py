"""How fast latpy.datasets generates, and how hard the digits are (a report, not a test).

1. generation times: 10,000 8x8 digits, 2,000 16x16 digits, the toy sets, the text corpora;
2. softmax regression and a small MLP (64-64-10, ReLU), both trained with latpy.torch.nn and
   Adam on the 8x8 digits for a fixed time budget each; prints both test accuracies.

The digits are meant to keep the linear model well below the MLP (roughly 70-85 % against
95 % and more for a well-trained MLP or CNN); a few seconds of training in pure Python gets the
MLP close to that.

    python bench/datasets_check.py                 # 10 s of training per model
    python bench/datasets_check.py --seconds 30    # closer to convergence
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import latpy.torch as torch  # noqa: E402
import latpy.torch.nn as nn  # noqa: E402
import latpy.torch.nn.functional as F  # noqa: E402
from latpy import datasets  # noqa: E402


def timed(label, make):
    start = time.perf_counter()
    result = make()
    print(f"  {label:<42} {time.perf_counter() - start:7.2f} s")
    return result


def cross_entropy(logits, target):
    if hasattr(F, "cross_entropy"):
        return F.cross_entropy(logits, target)
    log_probs = F.log_softmax(logits, dim=1)
    return -log_probs.gather(1, target.reshape(-1, 1)).mean()


def accuracy(model, X, y):
    with torch.no_grad():
        predicted = model(X).argmax(dim=1)
    return (predicted == y).float().mean().item()


def train(model, X, y, seconds, batch_size, lr):
    """Adam on shuffled minibatches until `seconds` have passed; returns (steps, epochs)."""
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    n, steps, start = len(y), 0, time.perf_counter()
    generator = torch.Generator().manual_seed(0) if hasattr(torch, "Generator") else None
    while time.perf_counter() - start < seconds:
        order = torch.randperm(n, generator=generator) if generator else torch.randperm(n)
        for i in range(0, n - batch_size + 1, batch_size):
            index = order[i:i + batch_size]
            loss = cross_entropy(model(X[index]), y[index])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            steps += 1
            if time.perf_counter() - start >= seconds:
                break
    return steps, steps * batch_size / n


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="training time per model")
    parser.add_argument("--train", type=int, default=5000, help="training samples")
    parser.add_argument("--test", type=int, default=1000, help="test samples")
    args = parser.parse_args()

    print("generation")
    timed("digits(10000, size=8)", lambda: datasets.digits(10000, size=8))
    timed("digits(2000, size=16)", lambda: datasets.digits(2000, size=16))
    timed("make_moons/circles/spirals/blobs(1000)", lambda: [
        f(1000, noise=0.1) for f in (datasets.make_moons, datasets.make_circles,
                                     datasets.make_spirals)] + [datasets.make_blobs(1000)])
    timed("make_regression(1000, 10), xor(1000)", lambda: (
        datasets.make_regression(1000, 10, noise=1.0), datasets.xor(1000, noise=0.1)))
    for kind in ("names", "modules", "docs"):
        lines = timed(f"text_corpus({kind!r})", lambda: datasets.text_corpus(kind))
        print(f"      {len(lines)} lines, e.g. {lines[:3]}")

    (Xtr, ytr), (Xte, yte) = timed(
        f"load_digits({args.train}, {args.test}, size=8)",
        lambda: datasets.load_digits(args.train, args.test, size=8, seed=0))
    Xtr, Xte = Xtr.reshape(args.train, 64), Xte.reshape(args.test, 64)

    torch.manual_seed(0)
    models = {
        "softmax regression (64-10)": (nn.Linear(64, 10), 256, 0.02),
        "MLP (64-64-10, ReLU)": (nn.Sequential(nn.Linear(64, 64), nn.ReLU(),
                                               nn.Linear(64, 10)), 32, 0.01),
    }
    print(f"training on {args.train} 8x8 digits, {args.seconds:g} s each, Adam")
    for name, (model, batch_size, lr) in models.items():
        steps, epochs = train(model, Xtr, ytr, args.seconds, batch_size, lr)
        print(f"  {name:<28} {steps:5d} steps ({epochs:4.1f} epochs)   "
              f"train {accuracy(model, Xtr, ytr):6.1%}   test {accuracy(model, Xte, yte):6.1%}")


if __name__ == "__main__":
    main()
