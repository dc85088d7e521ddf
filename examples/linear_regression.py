"""Linear regression: recover known weights from noisy data with nn.Linear, MSE and SGD.

Run from the repository root:

    python examples/linear_regression.py

The data are made by ``latpy.datasets.make_regression``: y = X @ w + bias + noise with
weights w that we know. A one-layer model trained by mini-batch gradient descent finds
them again, as closely as the noise allows (the exact least-squares fit is printed
beside it for comparison).
"""

import argparse
import os
import sys

try:
    import latpy.torch as torch
except ImportError:  # run from a checkout without installing: examples/ is next to latpy/
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import latpy.torch as torch
import latpy as lp
import latpy.torch.nn as nn
from latpy.datasets import make_regression
from latpy.torch.utils.data import DataLoader, TensorDataset
from latpy.utils import progress


def least_squares(X, y):
    """The exact fit: solve the normal equations (A^T A) theta = A^T y, A = [X, 1]."""
    A = lp.concatenate([X.data, lp.ones((X.shape[0], 1))], axis=1)
    theta = lp.linalg.solve(A.T @ A, A.T @ y.data.reshape(-1))
    return theta[:-1].tolist(), theta[-1].item()


def main():
    parser = argparse.ArgumentParser(description="Linear regression with nn.Linear and SGD.")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="the same (it takes a second)")
    args = parser.parse_args()
    epochs, n_samples = args.epochs, 1000
    torch.manual_seed(args.seed)

    # y = X @ true_w + 25 + noise (standard deviation 10); X is (n, 3), standard normal
    true_bias, noise = 25.0, 10.0
    X, y, true_w = make_regression(n_samples, n_features=3, noise=noise, bias=true_bias,
                                   coef=True, seed=args.seed)
    y = y.unsqueeze(1)  # (n, 1): one target per row, the shape nn.Linear(3, 1) outputs
    loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)
    print(f"{n_samples} samples, 3 features; y = X @ w + {true_bias} + noise (std {noise})")

    model = nn.Linear(3, 1)     # y_hat = x @ weight.T + bias: 3 weights and a bias to learn
    loss_fn = nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    # shrink the step each epoch, so the noise of small batches averages out at the end
    scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.8)

    bar = progress(range(epochs), desc="train")
    for epoch in bar:
        total = 0.0
        for xb, yb in loader:
            loss = loss_fn(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
        scheduler.step()
        bar.set_postfix(mse=total / n_samples)
        if epoch in (0, 1, 2) or epoch + 1 == epochs:
            bar.write(f"epoch {epoch + 1:3d}: mean squared error {total / n_samples:10.3f}")

    learned_w = model.weight.detach()[0].tolist()
    learned_b = model.bias.item()
    exact_w, exact_b = least_squares(X, y)
    print()
    print(f"{'':8s}{'true':>10s}{'learned':>10s}{'exact fit':>11s}")
    for i, (t, l, e) in enumerate(zip(true_w.tolist(), learned_w, exact_w)):
        print(f"{'w' + str(i):8s}{t:10.3f}{l:10.3f}{e:11.3f}")
    print(f"{'bias':8s}{true_bias:10.3f}{learned_b:10.3f}{exact_b:11.3f}")
    with torch.no_grad():
        mse = loss_fn(model(X), y).item()
    learned = learned_w + [learned_b]
    to_true = max(abs(a - b) for a, b in zip(learned, true_w.tolist() + [true_bias]))
    to_exact = max(abs(a - b) for a, b in zip(learned, exact_w + [exact_b]))
    print(f"final MSE {mse:.2f} (the noise alone gives about {noise ** 2:.0f}); learned "
          f"weights within {to_true:.2f} of the true ones, {to_exact:.3f} of the exact fit")


if __name__ == "__main__":
    main()
