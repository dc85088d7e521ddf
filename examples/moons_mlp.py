"""Two moons: a small MLP classifier, its test accuracy and its decision boundary as SVG.

Run from the repository root:

    python examples/moons_mlp.py                # writes ./moons_boundary.svg
    python examples/moons_mlp.py --out plots    # writes plots/moons_boundary.svg

The two interleaving half circles of ``latpy.datasets.make_moons`` cannot be separated
by a straight line; two hidden layers of ReLU units bend the boundary around them.
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
import latpy.torch.nn as nn
import latpy.torch.nn.functional as F
from latpy.datasets import make_moons
from latpy.utils import progress
from latpy.viz import line_plot, scatter


def accuracy(model, X, y):
    with torch.no_grad():
        return (model(X).argmax(dim=1) == y).float().mean().item()


def main():
    parser = argparse.ArgumentParser(description="An MLP classifier on two moons.")
    parser.add_argument("--out", help="folder for the SVGs (default: the current folder; "
                        "a temporary one with --quick)")
    parser.add_argument("--epochs", type=int, default=None,
                        help="default 300 (100 with --quick)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="fewer epochs (a smoke test)")
    args = parser.parse_args()
    epochs = args.epochs or (100 if args.quick else 300)
    torch.manual_seed(args.seed)

    # 400 points to learn from, 200 more to test on (drawn with a different seed)
    X_train, y_train = make_moons(400, noise=0.15, seed=args.seed)
    X_test, y_test = make_moons(200, noise=0.15, seed=args.seed + 1)

    model = nn.Sequential(
        nn.Linear(2, 16), nn.ReLU(),
        nn.Linear(16, 16), nn.ReLU(),
        nn.Linear(16, 2),            # one score (logit) per class
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)

    losses = []
    bar = progress(range(epochs), desc="train")
    for epoch in bar:                # full batch: all 400 points at every step
        loss = F.cross_entropy(model(X_train), y_train)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        bar.set_postfix(loss=losses[-1])
        if (epoch + 1) % 50 == 0:
            bar.write(f"epoch {epoch + 1:4d}: loss {losses[-1]:.4f}, "
                      f"train accuracy {accuracy(model, X_train, y_train):.1%}")

    train_acc = accuracy(model, X_train, y_train)
    test_acc = accuracy(model, X_test, y_test)

    folder = args.out or (tempfile.mkdtemp(prefix="latpy-") if args.quick else os.getcwd())
    os.makedirs(folder, exist_ok=True)
    boundary_path = os.path.join(folder, "moons_boundary.svg")

    def predict(grid):  # the model's class for each point of a grid, (M, 2) -> (M,)
        return model(grid).argmax(dim=1)

    with torch.no_grad():  # the boundary: colour a 60 x 60 grid by the predicted class
        scatter(X_test, y_test, title=f"two moons: MLP 2-16-16-2, test accuracy {test_acc:.1%}",
                boundary=(predict, (-1.5, 2.5, -1.0, 1.5), 60),
                class_names=["upper moon", "lower moon"], path=boundary_path)
    loss_path = os.path.join(folder, "moons_loss.svg")
    line_plot(losses, title="training loss (cross-entropy)", xlabel="epoch", logy=True,
              path=loss_path)
    print(f"decision boundary: {boundary_path}")
    print(f"loss curve:        {loss_path}")
    print(f"train accuracy {train_acc:.1%}, test accuracy {test_acc:.1%} "
          f"after {epochs} epochs (final loss {losses[-1]:.4f})")


if __name__ == "__main__":
    main()
