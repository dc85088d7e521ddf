"""Handwritten-style digits with an MLP: test accuracy and a confusion matrix.

Run from the repository root:

    python examples/digits_mlp.py                # also writes ./digits_mlp_confusion.svg
    python examples/digits_mlp.py --out plots

The digits come from ``latpy.datasets.load_digits``: 8 x 8 grey images of the ten digits,
generated with random strokes, shifts, rotations, thickness and noise (nothing is
downloaded). Each image is flattened to 64 numbers and fed to a two-layer network.
See digits_cnn.py for a convolutional network on the same data.
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
from latpy.datasets import load_digits
from latpy.torch.utils.data import DataLoader, TensorDataset
from latpy.utils import progress
from latpy.viz import heatmap, image_grid


def evaluate(model, X, y):
    """Accuracy, and the confusion matrix: counts[true digit][predicted digit]."""
    model.eval()
    with torch.no_grad():
        predicted = model(X).argmax(dim=1)
    model.train()
    counts = [[0] * 10 for _ in range(10)]
    for t, p in zip(y.tolist(), predicted.tolist()):
        counts[t][p] += 1
    accuracy = sum(counts[d][d] for d in range(10)) / len(y)
    return accuracy, counts, predicted


def print_confusion(counts):
    print("confusion matrix (rows: true digit, columns: predicted digit)")
    print("      " + "".join(f"{d:5d}" for d in range(10)))
    for d, row in enumerate(counts):
        print(f"  {d:2d}  " + "".join(f"{c:5d}" if c else "    ." for c in row))


def main():
    parser = argparse.ArgumentParser(description="An MLP on latpy's generated digits.")
    parser.add_argument("--out", help="folder for the SVGs (default: the current folder; "
                        "a temporary one with --quick)")
    parser.add_argument("--epochs", type=int, default=None, help="default 8 (1 with --quick)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="a small run (a smoke test)")
    args = parser.parse_args()
    epochs = args.epochs or (1 if args.quick else 8)
    n_train, n_test = (1000, 200) if args.quick else (5000, 1000)
    torch.manual_seed(args.seed)

    # images (n, 1, 8, 8) with values in [0, 1]; labels (n,) in 0..9
    (X_train, y_train), (X_test, y_test) = load_digits(n_train, n_test, size=8, seed=args.seed)
    print(f"{n_train} training and {n_test} test images of {tuple(X_train.shape[1:])}")
    loader = DataLoader(TensorDataset(X_train, y_train), batch_size=64, shuffle=True)

    model = nn.Sequential(
        nn.Flatten(),                # (n, 1, 8, 8) -> (n, 64)
        nn.Linear(64, 128), nn.ReLU(),
        nn.Linear(128, 10),          # one score per digit
    )
    print(f"model: {sum(p.numel() for p in model.parameters())} parameters")
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-2)
    # the learning rate rises, then falls to almost 0 by the last batch
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=2e-2,
                                                    total_steps=epochs * len(loader))

    for epoch in range(epochs):
        bar = progress(loader, desc=f"epoch {epoch + 1}/{epochs}")
        for images, labels in bar:
            loss = F.cross_entropy(model(images), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
            bar.set_postfix(loss=loss.item())
        accuracy, _, _ = evaluate(model, X_test, y_test)
        bar.write(f"epoch {epoch + 1}: test accuracy {accuracy:.1%}")

    accuracy, counts, predicted = evaluate(model, X_test, y_test)
    print()
    print_confusion(counts)

    folder = args.out or (tempfile.mkdtemp(prefix="latpy-") if args.quick else os.getcwd())
    os.makedirs(folder, exist_ok=True)
    confusion_path = os.path.join(folder, "digits_mlp_confusion.svg")
    heatmap(counts, list(range(10)), list(range(10)), title="MLP: confusion matrix",
            annotate=True, xlabel="predicted digit", ylabel="true digit", path=confusion_path)
    wrong = [i for i, (p, t) in enumerate(zip(predicted.tolist(), y_test.tolist())) if p != t]
    mistakes_path = os.path.join(folder, "digits_mlp_mistakes.svg")
    if wrong:
        shown = wrong[:32]
        image_grid(X_test[shown], nrow=8, title="mistakes (true -> predicted)",
                   labels=[f"{y_test[i].item()}->{predicted[i].item()}" for i in shown],
                   path=mistakes_path)
        print(f"\nconfusion matrix: {confusion_path}\nsome mistakes:    {mistakes_path}")
    else:
        print(f"\nconfusion matrix: {confusion_path}")
    print(f"MLP test accuracy {accuracy:.1%} on {n_test} digits ({len(wrong)} wrong) "
          f"after {epochs} epochs")


if __name__ == "__main__":
    main()
