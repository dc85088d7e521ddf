"""latpy.utils: helpers around training loops.

>>> import io
>>> from latpy.utils import trange
>>> total = 0
>>> for i in trange(3, desc="demo", file=io.StringIO()):
...     total += i
>>> total
3
"""

from .progress import progress, trange

__all__ = ["progress", "trange"]
