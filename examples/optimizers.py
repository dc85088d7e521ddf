"""SGD, momentum, Adam and RMSprop race down the Rosenbrock function; SVG of their paths.

Run from the repository root:

    python examples/optimizers.py                # writes ./optimizers_paths.svg
    python examples/optimizers.py --out plots

Rosenbrock's function f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 has its minimum, 0, at (1, 1)
at the end of a long, curved, nearly flat valley with steep walls: a classic test for
optimizers. Every optimizer starts from the same point and takes the same number of
steps; only the update rule differs.
"""

import argparse
import os
import sys
import tempfile

try:
    import latpy.torch as torch
except ImportError:  # run from a checkout without installing: examples/ is next to latpy/
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import latpy.torch as torch
from latpy.utils import progress
from latpy.viz import paths


def rosenbrock(x, y):
    """Works on Tensors (for autograd) and on plain floats (for the contour plot)."""
    return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2


START = (-1.5, 2.0)

# Each learning rate is about the largest that stays stable on this function.
OPTIMIZERS = {
    "SGD": lambda params: torch.optim.SGD(params, lr=1.5e-3),
    "SGD + momentum": lambda params: torch.optim.SGD(params, lr=1e-3, momentum=0.9),
    "Adam": lambda params: torch.optim.Adam(params, lr=0.02),
    "RMSprop": lambda params: torch.optim.RMSprop(params, lr=2e-3),
}


def descend(make_optimizer, steps, name):
    """Minimise from START; returns the visited points [(x, y), ...]."""
    point = torch.tensor(START, requires_grad=True)   # the parameters: (x, y)
    optimizer = make_optimizer([point])
    trail = [START]
    bar = progress(range(steps), desc=f"{name:>14s}")
    for _ in bar:
        loss = rosenbrock(point[0], point[1])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        trail.append(tuple(point.tolist()))
        bar.set_postfix(loss=loss.item())
    return trail


def main():
    parser = argparse.ArgumentParser(description="Optimizers on the Rosenbrock function.")
    parser.add_argument("--out", help="folder for the SVG (default: the current folder; "
                        "a temporary one with --quick)")
    parser.add_argument("--steps", type=int, default=None,
                        help="default 3000 (300 with --quick)")
    parser.add_argument("--quick", action="store_true", help="fewer steps (a smoke test)")
    args = parser.parse_args()
    steps = args.steps or (300 if args.quick else 3000)

    print(f"minimise f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 from {START}, {steps} steps each;"
          " the minimum is f(1, 1) = 0")
    trails = {name: descend(make, steps, name) for name, make in OPTIMIZERS.items()}

    print(f"\n{'optimizer':16s}{'x':>10s}{'y':>10s}{'f(x, y)':>12s}")
    finals = {}
    for name, trail in trails.items():
        x, y = trail[-1]
        finals[name] = rosenbrock(x, y)
        print(f"{name:16s}{x:10.5f}{y:10.5f}{finals[name]:12.3g}")

    folder = args.out or (tempfile.mkdtemp(prefix="latpy-") if args.quick else os.getcwd())
    os.makedirs(folder, exist_ok=True)
    svg_path = os.path.join(folder, "optimizers_paths.svg")
    every = max(1, steps // 300)  # about 300 points per path keep the SVG small
    paths([trail[::every] + [trail[-1]] for trail in trails.values()], rosenbrock,
          labels=list(trails), title=f"Rosenbrock: {steps} steps from {START}",
          bounds=(-2.0, 2.0, -1.0, 3.0), path=svg_path)
    print(f"\npaths over the contour bands: {svg_path}")
    best = min(finals, key=finals.get)
    print(f"closest to the minimum after {steps} steps: {best} (f = {finals[best]:.3g}); "
          f"plain SGD is still crawling along the valley (f = {finals['SGD']:.3g})")


if __name__ == "__main__":
    main()
