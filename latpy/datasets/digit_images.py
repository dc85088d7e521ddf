"""Handwritten-style digits that latpy draws itself: ``digits`` and ``load_digits``.

Each class 0-9 has one to three *skeletons*: strokes (polylines, arcs already
cut into short segments) in the unit square, x to the right and y down. A
sample takes a skeleton and changes it the way hands and scanners do:

* every stroke point moves a little (stroke jitter), and a smooth bend warps
  the whole glyph;
* a random affine map rotates, scales (x and y apart), shears and shifts it;
* the strokes get a random thickness and edge softness, are rendered with
  anti-aliasing at ``size`` x ``size`` pixels, scaled by a random ink level,
  and Gaussian pixel noise is added (then clipped to [0, 1]).

Rendering measures, for each pixel centre near a segment, its distance to the
segment, keeps the smallest per pixel and turns it into coverage with a linear
ramp one edge-width wide. Only pixels inside a segment's bounding box (grown
by the stroke radius) are visited, so an 8x8 sample costs ~0.1 ms.

The variation is tuned so that a linear model (softmax regression) stays well
below a small MLP or CNN on the 8x8 set; see ``docs/datasets.md`` for numbers.
"""

from __future__ import annotations

import math

from ._common import check_count, check_noise, features, labels, make_rng

__all__ = ["digits", "load_digits", "DIGIT_SKELETONS"]


# ------------------------------------------------------------- skeletons
def _arc(cx, cy, rx, ry, start, end, n):
    """n segments of an elliptic arc; angles in degrees, 0 = right, 90 = down."""
    step = (end - start) / n
    return [(cx + rx * math.cos(math.radians(start + i * step)),
             cy + ry * math.sin(math.radians(start + i * step))) for i in range(n + 1)]


# DIGIT_SKELETONS[d] is a list of variants; a variant is a list of strokes; a
# stroke is a list of (x, y) points joined by straight segments.
DIGIT_SKELETONS = [
    [[_arc(0.5, 0.5, 0.24, 0.38, 0, 360, 14)],                      # 0
     [_arc(0.5, 0.5, 0.3, 0.36, -100, 255, 14)]],
    [[[(0.5, 0.1), (0.5, 0.9)]],                                      # 1
     [[(0.32, 0.28), (0.53, 0.1), (0.53, 0.9)]],
     [[(0.3, 0.27), (0.52, 0.1), (0.52, 0.9)], [(0.32, 0.9), (0.72, 0.9)]]],
    [[_arc(0.5, 0.32, 0.23, 0.2, 190, 390, 7) + [(0.24, 0.9), (0.78, 0.9)]],  # 2
     [[(0.26, 0.26), (0.45, 0.1), (0.7, 0.17), (0.71, 0.37), (0.25, 0.9), (0.78, 0.87)]]],
    [[_arc(0.5, 0.3, 0.22, 0.19, 200, 450, 8),                       # 3
      _arc(0.5, 0.69, 0.25, 0.21, 270, 520, 8)],
     [[(0.28, 0.1), (0.72, 0.1), (0.45, 0.42)] + _arc(0.49, 0.66, 0.26, 0.24, 250, 520, 8)]],
    [[[(0.62, 0.1), (0.22, 0.64), (0.8, 0.64)], [(0.62, 0.1), (0.62, 0.9)]],   # 4
     [[(0.3, 0.1), (0.27, 0.56), (0.78, 0.56)], [(0.66, 0.3), (0.66, 0.9)]]],
    [[[(0.72, 0.1), (0.33, 0.1), (0.3, 0.45)] + _arc(0.47, 0.65, 0.25, 0.23, 229, 510, 9)]],  # 5
    [[_arc(0.68, 0.6, 0.4, 0.5, 265, 180, 4) + _arc(0.5, 0.68, 0.22, 0.21, 180, 540, 12)]],  # 6
    [[[(0.25, 0.12), (0.76, 0.12), (0.42, 0.9)]],                     # 7
     [[(0.25, 0.12), (0.76, 0.12), (0.42, 0.9)], [(0.36, 0.5), (0.7, 0.5)]]],
    [[_arc(0.5, 0.29, 0.18, 0.18, 90, 450, 10), _arc(0.5, 0.68, 0.23, 0.21, -90, 270, 12)],  # 8
     [_arc(0.53, 0.29, 0.17, 0.18, 90, 450, 10), _arc(0.47, 0.68, 0.24, 0.21, -90, 270, 12)]],
    [[_arc(0.5, 0.32, 0.22, 0.21, 0, 360, 12), [(0.72, 0.32), (0.7, 0.9)]],  # 9
     [_arc(0.5, 0.32, 0.22, 0.21, 0, 360, 12), _arc(0.42, 0.32, 0.3, 0.58, 0, 100, 5)]],
]

# How much each kind of variation is drawn from, at ``distortion=1``.
_ROTATE = math.radians(12)   # rotation: uniform in +-12 degrees
_SCALE = (0.78, 1.08)        # overall scale; x and y then each change by +-10 %
_SHEAR = 0.2                 # x += shear * y
_SHIFT = 0.15                # translation, in units of the image side
_BEND = 0.25                 # x += bend * (y - 0.5)**2  (a smooth warp)
_JITTER = 0.015              # per stroke point, standard deviation
_RADIUS = (0.045, 0.095)     # stroke half-width, in units of the image side
_SOFT = (0.45, 0.8)          # half-width of the anti-aliasing ramp, in pixels
_INK = (0.65, 1.0)           # brightness of the strokes


def _render(strokes, size, radius, soft):
    """Anti-aliased image (flat row-major list) of strokes given in pixel units."""
    far = 1e9
    best = [far] * (size * size)   # smallest squared distance per pixel
    reach = radius + soft
    last = size - 1
    for stroke in strokes:
        ax, ay = stroke[0]
        for bx, by in stroke[1:]:
            dx, dy = bx - ax, by - ay
            length2 = dx * dx + dy * dy
            inv = 1.0 / length2 if length2 > 1e-12 else 0.0
            x0 = max(0, int(min(ax, bx) - reach))
            x1 = min(last, int(max(ax, bx) + reach))
            y0 = max(0, int(min(ay, by) - reach))
            y1 = min(last, int(max(ay, by) + reach))
            xs = range(x0, x1 + 1)
            for iy in range(y0, y1 + 1):
                py = iy + 0.5 - ay
                row = iy * size
                for ix in xs:
                    px = ix + 0.5 - ax
                    t = (px * dx + py * dy) * inv
                    if t < 0.0:
                        t = 0.0
                    elif t > 1.0:
                        t = 1.0
                    ex = px - t * dx
                    ey = py - t * dy
                    d2 = ex * ex + ey * ey
                    if d2 < best[row + ix]:
                        best[row + ix] = d2
            ax, ay = bx, by
    # coverage: 1 inside radius - soft, 0 beyond radius + soft, linear between
    top = (radius + soft) / (2.0 * soft)
    slope = 1.0 / (2.0 * soft)
    sqrt = math.sqrt
    return [0.0 if d2 >= far else min(1.0, max(0.0, top - sqrt(d2) * slope)) for d2 in best]


def _sample(rng, digit, size, noise, distortion):
    """One flat image of `digit`."""
    uniform, gauss = rng.uniform, rng.gauss
    variants = DIGIT_SKELETONS[digit]
    strokes = variants[int(rng.random() * len(variants))]
    d = distortion
    angle = uniform(-_ROTATE, _ROTATE) * d
    scale = uniform(1.0 - (1.0 - _SCALE[0]) * d, 1.0 + (_SCALE[1] - 1.0) * d)
    sx = scale * (1.0 + uniform(-0.1, 0.1) * d)
    sy = scale * (1.0 + uniform(-0.1, 0.1) * d)
    shear = uniform(-_SHEAR, _SHEAR) * d
    bend = uniform(-_BEND, _BEND) * d
    tx = 0.5 + uniform(-_SHIFT, _SHIFT) * d
    ty = 0.5 + uniform(-_SHIFT, _SHIFT) * d
    jitter = _JITTER * d
    # the affine map (x, y) -> size * (A @ (x - 0.5, y - 0.5) + (tx, ty)), as 4 numbers
    cos, sin = math.cos(angle) * size, math.sin(angle) * size
    a11, a12 = cos * sx, (cos * shear - sin) * sy
    a21, a22 = sin * sx, (sin * shear + cos) * sy
    ox, oy = tx * size, ty * size
    placed = []
    for stroke in strokes:
        points = []
        for x, y in stroke:
            u = x - 0.5 + bend * (y - 0.5) ** 2 + gauss(0.0, jitter)
            v = y - 0.5 + gauss(0.0, jitter)
            points.append((ox + a11 * u + a12 * v, oy + a21 * u + a22 * v))
        placed.append(points)
    radius = uniform(*_RADIUS) * size
    soft = uniform(*_SOFT)
    image = _render(placed, size, radius, soft)
    ink = uniform(*_INK)
    if noise > 0.0:
        return [min(1.0, max(0.0, p * ink + gauss(0.0, noise))) for p in image]
    return [p * ink for p in image]


def digits(n_samples: int = 1000, size: int = 8, seed=0, split=None, noise: float = 0.05,
           distortion: float = 1.0, as_tensor: bool = True):
    """Images of handwritten-style digits and their labels: ``(images, labels)``.

    images: ``(n_samples, 1, size, size)`` float64 in [0, 1] (ink is bright);
    labels: ``(n_samples,)`` int64 in 0..9, balanced (each class
    ``n_samples // 10`` or one more) and in random order. `size` is 8 or 16
    (any size >= 4 works). `split` (None, ``"train"`` or ``"test"``) picks an
    independent stream for the same `seed`, so train and test sets never share a
    sample. `noise` is the standard deviation of the pixel noise; `distortion`
    scales every geometric variation (0 gives the clean glyph skeletons).
    ``as_tensor=False`` returns latpy NDArrays instead of Tensors.

    >>> from latpy.datasets import digits
    >>> X, y = digits(20, size=8, seed=0)
    >>> tuple(X.shape), tuple(y.shape), str(X.dtype), str(y.dtype)
    ((20, 1, 8, 8), (20,), 'torch.float64', 'torch.int64')
    >>> sorted(y.tolist()) == sorted(list(range(10)) * 2)
    True
    """
    n_samples = check_count("n_samples", n_samples)
    size = check_count("size", size, 4)
    noise = check_noise(noise)
    distortion = float(distortion)
    if not distortion >= 0.0:
        raise ValueError(f"distortion must be >= 0, got {distortion}")
    if split not in (None, "train", "test"):
        raise ValueError(f"split must be None, 'train' or 'test', got {split!r}")
    if split is not None:
        if seed is None:
            raise ValueError("split needs an integer seed (None gives fresh entropy anyway)")
        make_rng(seed)  # validates the seed
        seed = f"latpy.datasets.digits:{split}:{seed}"  # a string seed is hashed (sha512)
    rng = make_rng(seed)
    ys = [i % 10 for i in range(n_samples)]
    rng.shuffle(ys)
    flat = []
    for digit in ys:
        flat += _sample(rng, digit, size, noise, distortion)
    return features(flat, (n_samples, 1, size, size), as_tensor), labels(ys, as_tensor)


def load_digits(train_size: int = 5000, test_size: int = 1000, size: int = 8, seed=0,
                noise: float = 0.05, distortion: float = 1.0, as_tensor: bool = True):
    """A train and a test set drawn from independent streams: ``((Xtr, ytr), (Xte, yte))``.

    Same arguments as :func:`digits`; the two sets are ``digits(train_size,
    split="train")`` and ``digits(test_size, split="test")``.

    >>> from latpy.datasets import load_digits
    >>> (Xtr, ytr), (Xte, yte) = load_digits(30, 10, size=16, seed=1)
    >>> tuple(Xtr.shape), tuple(Xte.shape), tuple(yte.shape)
    ((30, 1, 16, 16), (10, 1, 16, 16), (10,))
    """
    kwargs = dict(size=size, seed=seed, noise=noise, distortion=distortion,
                  as_tensor=as_tensor)
    return (digits(train_size, split="train", **kwargs),
            digits(test_size, split="test", **kwargs))
