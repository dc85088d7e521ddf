"""Quickstart: latpy's founding autograd examples, each printed with what it means.

Run from the repository root:

    python examples/quickstart.py

Four small programs: a derivative by the chain rule, a derivative through sin and pow,
gradient descent down to the bottom of a parabola, and the backward pass of a tiny
graph explained step by step (``latpy.torch.explain``).
"""

import argparse
import math
import os
import sys
import tempfile

try:
    import latpy.torch as torch
except ImportError:  # run from a checkout without installing: examples/ is next to latpy/
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import latpy.torch as torch
from latpy.torch import SGD, add, mul, pow, sin, tensor
from latpy.utils import progress
from latpy.viz import draw_graph


def section(title):
    print()
    print(title)
    print("-" * len(title))


def main():
    parser = argparse.ArgumentParser(description="latpy's founding autograd examples.")
    parser.add_argument("--out", help="folder for the graph drawing (default: the current "
                        "folder; a temporary one with --quick)")
    parser.add_argument("--quick", action="store_true", help="the same (it is already quick)")
    args = parser.parse_args()

    print("latpy quickstart: autograd in four small programs")

    # ------------------------------------------------------------------ 1
    section("1. z = x*x + x, and dz/dx by backward()")
    x = tensor([3.0], requires_grad=True)  # a leaf: we want the gradient with respect to it
    z = add(mul(x, x), x)                   # the graph remembers how z was made from x
    z.backward()                            # the chain rule, from z back to x
    print(f"x = 3:  z = {z.item()},  dz/dx = {x.grad.tolist()}")
    print("by hand: d(x*x + x)/dx = 2x + 1 = 7. x is used three times and each use sends")
    print("a gradient back: x*x sends x + x = 6 (one x per factor), '+ x' sends 1; 6 + 1 = 7.")

    # ------------------------------------------------------------------ 2
    section("2. d/dx sin(x^2), through two functions")
    x = tensor([2.0], requires_grad=True)
    sin(pow(x, 2.0)).backward()
    print(f"x = 2:  d/dx sin(x^2) = {x.grad.tolist()}")
    print(f"by hand: cos(x^2) * 2x = cos(4) * 4 = {math.cos(4.0) * 4.0!r}")
    print("The outer derivative (cos) is evaluated at the inner value (x^2 = 4) and")
    print("multiplied by the inner derivative (2x): that is the chain rule.")

    # ------------------------------------------------------------------ 3
    section("3. gradient descent: minimise loss = x^2 from x = 5")
    x = tensor([5.0], requires_grad=True)
    opt = SGD([x], lr=0.1)
    for step in progress(range(50), desc="SGD"):
        loss = pow(x, 2.0)   # forward
        loss.backward()      # x.grad = 2x
        opt.step()           # x <- x - lr * x.grad = 0.8 x
        opt.zero_grad()      # forget this gradient before the next step
        if step < 3:
            print(f"  step {step + 1}: x = {x.item():.6f}")
    print(f"after 50 steps: x = {x.tolist()[0]:.3g}  (each step multiplies x by 0.8: "
          f"5 * 0.8**50 = {5 * 0.8 ** 50:.3g})")

    # ------------------------------------------------------------------ 4
    section("4. the backward pass, explained step by step")
    a = torch.tensor(2.0, requires_grad=True, label="a")
    b = torch.tensor(3.0, requires_grad=True, label="b")
    loss = a * b + a
    print("loss = a * b + a  with a = 2, b = 3")
    print("The graph (leaves at the bottom):")
    print(torch.graph_tree(loss))
    torch.explain(loss)  # prints each node's rule and what it passes back; fills .grad
    print(f"so dloss/da = b + 1 = {a.grad.item()} and dloss/db = a = {b.grad.item()}")

    folder = args.out or (tempfile.mkdtemp(prefix="latpy-") if args.quick else os.getcwd())
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "quickstart_graph.svg")
    draw_graph(a * b + a, path=path)
    print(f"\nthe same graph drawn as SVG (open it in a browser): {path}")
    print("quickstart done: every gradient above matches the one worked out by hand.")


if __name__ == "__main__":
    main()
