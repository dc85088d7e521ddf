"""Datasets latpy makes itself: nothing is downloaded, everything is seeded.

* toy problems (``toy.py``): :func:`make_moons`, :func:`make_circles`,
  :func:`make_spirals`, :func:`make_blobs`, :func:`make_regression`, :func:`xor`;
* handwritten-style digit images (``digit_images.py``): :func:`digits`,
  :func:`load_digits`;
* text for character-level models (``text.py``): :func:`text_corpus`,
  :func:`load_text`, :func:`char_vocab`, :func:`encode`, :func:`decode`.

Generators take ``seed`` (default 0: the same data every time; None: fresh
entropy) and return latpy.torch Tensors, or latpy NDArrays with
``as_tensor=False``. Features are float64, class labels int64. See
``docs/datasets.md``.

>>> from latpy.datasets import make_moons
>>> X, y = make_moons(100, noise=0.1)
>>> tuple(X.shape), tuple(y.shape), sorted(set(y.tolist()))
((100, 2), (100,), [0, 1])
"""

from .toy import make_moons, make_circles, make_spirals, make_blobs, make_regression, xor
from .digit_images import digits, load_digits
from .text import text_corpus, load_text, char_vocab, encode, decode

__all__ = ["make_moons", "make_circles", "make_spirals", "make_blobs", "make_regression",
           "xor", "digits", "load_digits", "text_corpus", "load_text", "char_vocab",
           "encode", "decode"]
