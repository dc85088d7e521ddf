"""Small 2-d (and n-d) toy problems: moons, circles, spirals, blobs, regression, xor.

Names, arguments and semantics follow scikit-learn's ``sklearn.datasets`` where
the name matches, with ``seed`` (default 0, so results are reproducible; None
for fresh entropy) in place of ``random_state``. Features are float64 with shape
``(n_samples, n_features)``; class labels are int64 with shape ``(n_samples,)``.
Every function returns latpy.torch Tensors, or latpy NDArrays with
``as_tensor=False``. The numbers are latpy's own: the same seed does not give
scikit-learn's points.
"""

from __future__ import annotations

import math

from ._common import check_count, check_noise, features, labels, make_rng, shuffled

__all__ = ["make_moons", "make_circles", "make_spirals", "make_blobs", "make_regression",
           "xor"]


def _split_two(name, n_samples):
    """`n_samples` (an int, or a pair for the two classes) as ``(n_first, n_second)``."""
    if isinstance(n_samples, (tuple, list)):
        if len(n_samples) != 2:
            raise ValueError(f"{name}: n_samples as a sequence needs two counts, "
                             f"got {len(n_samples)}")
        return (check_count("n_samples[0]", n_samples[0]),
                check_count("n_samples[1]", n_samples[1]))
    n = check_count("n_samples", n_samples)
    return n // 2, n - n // 2


def _linspace(start, stop, n, endpoint=True):
    if n <= 1:
        return [float(start)] * n
    step = (stop - start) / ((n - 1) if endpoint else n)
    return [start + i * step for i in range(n)]


def _finish(rng, rows, ys, noise, shuffle, as_tensor):
    """Add Gaussian `noise` to every feature, shuffle, and build the outputs."""
    if shuffle:
        rows, ys = shuffled(rng, rows, ys)
    if noise > 0.0:
        gauss = rng.gauss
        rows = [[v + gauss(0.0, noise) for v in row] for row in rows]
    width = len(rows[0]) if rows else 2
    flat = [v for row in rows for v in row]
    return features(flat, (len(rows), width), as_tensor), labels(ys, as_tensor)


def make_moons(n_samples=100, noise: float = 0.0, seed=0, shuffle: bool = True,
               as_tensor: bool = True):
    """Two interleaving half circles: ``(X, y)``, X ``(n, 2)`` float64, y ``(n,)`` in {0, 1}.

    Class 0 is the upper moon (``cos t, sin t`` for t in [0, pi]), class 1 the
    lower one (``1 - cos t, 0.5 - sin t``); `n_samples` may be a pair
    ``(n_upper, n_lower)``. `noise` is the standard deviation of Gaussian noise
    added to every coordinate.

    >>> from latpy.datasets import make_moons
    >>> X, y = make_moons(6, shuffle=False)
    >>> tuple(X.shape), y.tolist()
    ((6, 2), [0, 0, 0, 1, 1, 1])
    >>> [round(v, 3) for v in X[0].tolist()], [round(v, 3) for v in X[3].tolist()]
    ([1.0, 0.0], [0.0, 0.5])
    """
    n_out, n_in = _split_two("make_moons", n_samples)
    rng, noise = make_rng(seed), check_noise(noise)
    rows = [[math.cos(t), math.sin(t)] for t in _linspace(0.0, math.pi, n_out)]
    rows += [[1.0 - math.cos(t), 0.5 - math.sin(t)] for t in _linspace(0.0, math.pi, n_in)]
    ys = [0] * n_out + [1] * n_in
    return _finish(rng, rows, ys, noise, shuffle, as_tensor)


def make_circles(n_samples=100, noise: float = 0.0, factor: float = 0.8, seed=0,
                 shuffle: bool = True, as_tensor: bool = True):
    """A large circle (class 0, radius 1) around a small one (class 1, radius `factor`).

    Returns ``(X, y)``: X ``(n, 2)`` float64, y ``(n,)`` int64. `factor` must be
    in [0, 1); `n_samples` may be a pair ``(n_outer, n_inner)``.

    >>> from latpy.datasets import make_circles
    >>> X, y = make_circles(8, factor=0.5, shuffle=False)
    >>> [round(sum(v * v for v in p) ** 0.5, 6) for p in X.tolist()]
    [1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5]
    """
    factor = float(factor)
    if not 0.0 <= factor < 1.0:
        raise ValueError(f"make_circles: factor has to be between 0 and 1, got {factor}")
    n_out, n_in = _split_two("make_circles", n_samples)
    rng, noise = make_rng(seed), check_noise(noise)
    rows = [[math.cos(t), math.sin(t)] for t in _linspace(0.0, 2 * math.pi, n_out, False)]
    rows += [[factor * math.cos(t), factor * math.sin(t)]
             for t in _linspace(0.0, 2 * math.pi, n_in, False)]
    ys = [0] * n_out + [1] * n_in
    return _finish(rng, rows, ys, noise, shuffle, as_tensor)


def make_spirals(n_samples=100, n_classes: int = 2, noise: float = 0.0, seed=0,
                 turns: float = 1.0, shuffle: bool = True, as_tensor: bool = True):
    """`n_classes` interleaved spiral arms from the origin (not in scikit-learn).

    Arm k holds the points ``r (cos a, sin a)`` with r from 0 to 1 and
    ``a = 2 pi (k / n_classes + turns * r)``; the classes are balanced (their
    sizes differ by at most one). Returns ``(X, y)``: X ``(n, 2)`` float64,
    y ``(n,)`` int64 in ``0 .. n_classes - 1``.

    >>> from latpy.datasets import make_spirals
    >>> X, y = make_spirals(9, n_classes=3, shuffle=False)
    >>> y.tolist()
    [0, 0, 0, 1, 1, 1, 2, 2, 2]
    >>> max(round(sum(v * v for v in p) ** 0.5, 6) for p in X.tolist())
    1.0
    """
    n = check_count("n_samples", n_samples)
    k = check_count("n_classes", n_classes, 1)
    rng, noise, turns = make_rng(seed), check_noise(noise), float(turns)
    rows, ys = [], []
    for c in range(k):
        count = n // k + (c < n % k)
        for r in _linspace(0.0, 1.0, count):
            angle = 2 * math.pi * (c / k + turns * r)
            rows.append([r * math.cos(angle), r * math.sin(angle)])
            ys.append(c)
    return _finish(rng, rows, ys, noise, shuffle, as_tensor)


def make_blobs(n_samples=100, n_features: int = 2, centers=3, cluster_std=1.0, seed=0,
               center_box=(-10.0, 10.0), shuffle: bool = True, return_centers: bool = False,
               as_tensor: bool = True):
    """Gaussian blobs around `centers`: ``(X, y)`` (and the centers if `return_centers`).

    `centers` is a count (drawn uniformly in `center_box`) or a list of points;
    `cluster_std` a number or one per center. `n_samples` is the total, split as
    evenly as possible (the first centers get one more), or a list with one count
    per center. X ``(n, n_features)`` float64, y ``(n,)`` int64 (the center index);
    the centers ``(n_centers, n_features)`` float64.

    >>> from latpy.datasets import make_blobs
    >>> X, y = make_blobs(10, centers=[[0.0, 0.0], [5.0, 5.0]], cluster_std=0.0)
    >>> tuple(X.shape), sorted(y.tolist())
    ((10, 2), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
    >>> sorted(set(map(tuple, X.tolist())))
    [(0.0, 0.0), (5.0, 5.0)]
    """
    rng = make_rng(seed)
    if isinstance(centers, int) and not isinstance(centers, bool):
        n_centers = check_count("centers", centers, 1)
        n_features = check_count("n_features", n_features, 1)
        low, high = (float(v) for v in center_box)
        points = [[rng.uniform(low, high) for _ in range(n_features)] for _ in range(n_centers)]
    else:
        points = centers.tolist() if hasattr(centers, "tolist") else list(centers)
        points = [[float(v) for v in p] for p in points]
        if not points or len({len(p) for p in points}) != 1:
            raise ValueError("make_blobs: centers must be a non-empty list of equal-length "
                             "points")
        n_features = len(points[0])
    k = len(points)
    if isinstance(n_samples, (tuple, list)):
        if len(n_samples) != k:
            raise ValueError(f"make_blobs: n_samples has {len(n_samples)} counts for "
                             f"{k} centers")
        counts = [check_count("n_samples[i]", c) for c in n_samples]
    else:
        n = check_count("n_samples", n_samples)
        counts = [n // k + (i < n % k) for i in range(k)]
    stds = list(cluster_std) if isinstance(cluster_std, (tuple, list)) else [cluster_std] * k
    if len(stds) != k:
        raise ValueError(f"make_blobs: cluster_std has {len(stds)} values for {k} centers")
    gauss = rng.gauss
    rows, ys = [], []
    for i, (point, count, std) in enumerate(zip(points, counts, stds)):
        std = float(std)
        rows += [[c + gauss(0.0, std) if std else c for c in point] for _ in range(count)]
        ys += [i] * count
    X, y = _finish(rng, rows, ys, 0.0, shuffle, as_tensor)
    if return_centers:
        return X, y, features([v for p in points for v in p], (k, n_features), as_tensor)
    return X, y


def make_regression(n_samples=100, n_features: int = 3, noise: float = 0.0,
                    bias: float = 0.0, seed=0, coef: bool = False, n_informative=None,
                    as_tensor: bool = True):
    """A linear regression problem ``y = X @ w + bias + noise``.

    X ``(n, n_features)`` is standard normal; the true coefficients w
    ``(n_features,)`` are uniform in [0, 100) for the first `n_informative`
    features (all by default) and 0 for the rest; `noise` is the standard
    deviation of Gaussian noise added to y. Returns ``(X, y)`` with y
    ``(n,)`` float64, or ``(X, y, w)`` when ``coef=True``.

    >>> from latpy.datasets import make_regression
    >>> X, y, w = make_regression(5, n_features=2, bias=1.0, coef=True, as_tensor=False)
    >>> max(abs(v) for v in (X @ w + 1.0 - y).tolist()) < 1e-9
    True
    """
    n = check_count("n_samples", n_samples)
    n_features = check_count("n_features", n_features, 1)
    n_inf = n_features if n_informative is None else check_count("n_informative",
                                                                 n_informative)
    n_inf = min(n_inf, n_features)
    rng, noise, bias = make_rng(seed), check_noise(noise), float(bias)
    gauss = rng.gauss
    rows = [[gauss(0.0, 1.0) for _ in range(n_features)] for _ in range(n)]
    w = [100.0 * rng.random() for _ in range(n_inf)] + [0.0] * (n_features - n_inf)
    ys = [sum(map(float.__mul__, row, w)) + bias for row in rows]
    if noise > 0.0:
        ys = [v + gauss(0.0, noise) for v in ys]
    X = features([v for row in rows for v in row], (n, n_features), as_tensor)
    y = features(ys, (n,), as_tensor)
    if coef:
        return X, y, features(w, (n_features,), as_tensor)
    return X, y


def xor(n_samples=100, noise: float = 0.0, seed=0, shuffle: bool = True,
        as_tensor: bool = True):
    """The XOR problem: points near the corners of the unit square, label ``x1 xor x2``.

    The samples are spread evenly over the corners (0, 0), (0, 1), (1, 0), (1, 1)
    (labels 0, 1, 1, 0); `noise` is the standard deviation of Gaussian noise added
    to each coordinate. ``xor(4, shuffle=False)`` is the truth table. Returns
    ``(X, y)``: X ``(n, 2)`` float64, y ``(n,)`` int64. No line separates the classes.

    >>> from latpy.datasets import xor
    >>> X, y = xor(4, shuffle=False)
    >>> X.tolist(), y.tolist()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 0])
    """
    n = check_count("n_samples", n_samples)
    rng, noise = make_rng(seed), check_noise(noise)
    corners = [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)]
    rows, ys = [], []
    for i, (a, b) in enumerate(corners):
        count = n // 4 + (i < n % 4)
        rows += [[a, b] for _ in range(count)]
        ys += [int(a) ^ int(b)] * count
    return _finish(rng, rows, ys, noise, shuffle, as_tensor)
