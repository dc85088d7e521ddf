"""``torch.utils.data``: datasets, samplers, DataLoader and collation.

>>> import latpy.torch as torch
>>> from latpy.torch.utils.data import TensorDataset, DataLoader
>>> ds = TensorDataset(torch.arange(10.0).reshape(5, 2), torch.arange(5))
>>> [tuple(x.shape) for x, y in DataLoader(ds, batch_size=2)]
[(2, 2), (2, 2), (1, 2)]
"""

from __future__ import annotations

import bisect
import collections
import math
import random as _random

from ...core.ndarray import NDArray
from ..tensor import Tensor

__all__ = ["Dataset", "IterableDataset", "TensorDataset", "Subset", "ConcatDataset",
           "random_split", "DataLoader", "default_collate", "Sampler", "SequentialSampler",
           "RandomSampler", "SubsetRandomSampler", "BatchSampler", "WeightedRandomSampler",
           "get_worker_info"]


class Dataset:
    """A map-style dataset: subclasses define ``__getitem__`` (and ``__len__``).

    >>> from latpy.torch.utils.data import Dataset
    >>> class Squares(Dataset):
    ...     def __len__(self): return 4
    ...     def __getitem__(self, i): return i * i
    >>> Squares()[3]
    9
    """

    def __getitem__(self, index):
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other):
        return ConcatDataset([self, other])


class IterableDataset(Dataset):
    """A dataset given by ``__iter__`` (a stream).

    >>> from latpy.torch.utils.data import IterableDataset, DataLoader
    >>> class Count(IterableDataset):
    ...     def __iter__(self): return iter(range(5))
    >>> [b.tolist() for b in DataLoader(Count(), batch_size=2)]
    [[0, 1], [2, 3], [4]]
    """

    def __iter__(self):
        raise NotImplementedError("Subclasses of IterableDataset should implement __iter__.")


class TensorDataset(Dataset):
    """Samples are the i-th rows of the given tensors (all with the same first dim).

    >>> import latpy.torch as torch
    >>> from latpy.torch.utils.data import TensorDataset
    >>> x, y = TensorDataset(torch.zeros(3, 2), torch.tensor([0, 1, 2]))[1]; y.item()
    1
    """

    def __init__(self, *tensors):
        if not tensors:
            raise ValueError("TensorDataset needs at least one tensor")
        n = tensors[0].shape[0]
        if any(t.shape[0] != n for t in tensors):
            raise ValueError(f"Size mismatch between tensors: first dims "
                             f"{[t.shape[0] for t in tensors]}")
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self):
        return self.tensors[0].shape[0]


class Subset(Dataset):
    """The samples of `dataset` at `indices`.

    >>> from latpy.torch.utils.data import Subset
    >>> Subset(list("abcd"), [3, 0])[0]
    'd'
    """

    def __init__(self, dataset, indices):
        self.dataset, self.indices = dataset, list(indices)

    def __getitem__(self, idx):
        if isinstance(idx, list):
            return [self.dataset[self.indices[i]] for i in idx]
        return self.dataset[self.indices[idx]]

    def __len__(self):
        return len(self.indices)


class ConcatDataset(Dataset):
    """Datasets one after another.

    >>> from latpy.torch.utils.data import ConcatDataset
    >>> d = ConcatDataset([[1, 2], [3]]); len(d), d[2]
    (3, 3)
    """

    def __init__(self, datasets):
        self.datasets = list(datasets)
        if not self.datasets:
            raise ValueError("datasets should not be an empty iterable")
        self.cumulative_sizes = []
        total = 0
        for d in self.datasets:
            total += len(d)
            self.cumulative_sizes.append(total)

    def __len__(self):
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx):
        if idx < 0:
            if -idx > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            idx += len(self)
        k = bisect.bisect_right(self.cumulative_sizes, idx)
        start = self.cumulative_sizes[k - 1] if k else 0
        return self.datasets[k][idx - start]


def _rng(generator):
    """A random.Random for `generator` (a latpy Generator, an int seed, or None)."""
    if generator is None:
        from ..creation import _generator
        return _random.Random(_generator._rng.getrandbits(64))
    state = getattr(generator, "_state", None)
    if state is not None:
        return _random.Random(state._rng.getrandbits(64))
    if isinstance(generator, int):
        return _random.Random(generator)
    return generator


def random_split(dataset, lengths, generator=None):
    """Split into non-overlapping random Subsets of the given lengths (or fractions).

    >>> import latpy.torch as torch
    >>> from latpy.torch.utils.data import random_split
    >>> a, b = random_split(range(10), [0.7, 0.3], generator=torch.Generator().manual_seed(0))
    >>> len(a), len(b), sorted(list(a) + list(b)) == list(range(10))
    (7, 3, True)
    """
    n = len(dataset)
    lengths = list(lengths)
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1 and \
            any(isinstance(x, float) for x in lengths):
        counts = [int(math.floor(n * frac)) for frac in lengths]
        for i in range(n - sum(counts)):
            counts[i % len(counts)] += 1
        lengths = counts
    if sum(lengths) != n:
        raise ValueError("Sum of input lengths does not equal the length of the input "
                         "dataset!")
    perm = list(range(n))
    _rng(generator).shuffle(perm)
    out, start = [], 0
    for length in lengths:
        out.append(Subset(dataset, perm[start:start + length]))
        start += length
    return out


class Sampler:
    """Base class of samplers: iterables of dataset indices."""

    def __init__(self, data_source=None):
        pass

    def __iter__(self):
        raise NotImplementedError


class SequentialSampler(Sampler):
    """Indices 0, 1, ..., len - 1.

    >>> from latpy.torch.utils.data import SequentialSampler
    >>> list(SequentialSampler("abc"))
    [0, 1, 2]
    """

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


class RandomSampler(Sampler):
    """A random permutation of the indices (or `num_samples` draws with replacement).

    >>> from latpy.torch.utils.data import RandomSampler
    >>> sorted(RandomSampler(range(4), generator=1))
    [0, 1, 2, 3]
    """

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        self.data_source, self.replacement = data_source, replacement
        self._num_samples, self.generator = num_samples, generator

    @property
    def num_samples(self):
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self):
        n = len(self.data_source)
        rng = _rng(self.generator)
        if self.replacement:
            return iter([rng.randrange(n) for _ in range(self.num_samples)])
        perm = list(range(n))
        rng.shuffle(perm)
        return iter(perm[:self.num_samples])

    def __len__(self):
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """The given indices in random order.

    >>> from latpy.torch.utils.data import SubsetRandomSampler
    >>> sorted(SubsetRandomSampler([5, 7]))
    [5, 7]
    """

    def __init__(self, indices, generator=None):
        self.indices, self.generator = list(indices), generator

    def __iter__(self):
        idx = list(self.indices)
        _rng(self.generator).shuffle(idx)
        return iter(idx)

    def __len__(self):
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    """Indices drawn with probabilities proportional to `weights`.

    >>> from latpy.torch.utils.data import WeightedRandomSampler
    >>> set(WeightedRandomSampler([0.0, 1.0], 5))
    {1}
    """

    def __init__(self, weights, num_samples, replacement=True, generator=None):
        self.weights = [float(w) for w in (weights.tolist() if hasattr(weights, "tolist")
                                           else weights)]
        self.num_samples, self.replacement, self.generator = num_samples, replacement, generator

    def __iter__(self):
        rng = _rng(self.generator)
        if self.replacement:
            return iter(rng.choices(range(len(self.weights)), self.weights, k=self.num_samples))
        pool, weights, out = list(range(len(self.weights))), list(self.weights), []
        for _ in range(self.num_samples):
            (i,) = rng.choices(range(len(pool)), weights)
            out.append(pool.pop(i))
            weights.pop(i)
        return iter(out)

    def __len__(self):
        return self.num_samples


class BatchSampler(Sampler):
    """Groups a sampler's indices into lists of `batch_size`.

    >>> from latpy.torch.utils.data import BatchSampler, SequentialSampler
    >>> list(BatchSampler(SequentialSampler(range(5)), 2, drop_last=True))
    [[0, 1], [2, 3]]
    """

    def __init__(self, sampler, batch_size, drop_last):
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size <= 0:
            raise ValueError(f"batch_size should be a positive integer value, but got "
                             f"batch_size={batch_size}")
        self.sampler, self.batch_size, self.drop_last = sampler, batch_size, drop_last

    def __iter__(self):
        batch = []
        for idx in self.sampler:
            batch.append(idx)
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch and not self.drop_last:
            yield batch

    def __len__(self):
        n = len(self.sampler)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)


def default_collate(batch):
    """Stack a list of samples into a batch: tensors stacked, numbers made tensors,
    and tuples/lists/dicts collated element-wise.

    >>> import latpy.torch as torch
    >>> from latpy.torch.utils.data import default_collate
    >>> default_collate([{"x": torch.zeros(2), "y": 1}, {"x": torch.ones(2), "y": 0}])["y"].tolist()
    [1, 0]
    """
    from ..creation import tensor
    from ..shape_ops import stack
    first = batch[0]
    if isinstance(first, Tensor):
        return stack(list(batch), 0)
    if isinstance(first, NDArray):
        return stack([Tensor._wrap(b) for b in batch], 0)
    if isinstance(first, bool):
        return tensor(list(batch))
    if isinstance(first, (int, float)):
        return tensor(list(batch), dtype="float64" if isinstance(first, float) else "int64")
    if isinstance(first, (str, bytes)):
        return batch if isinstance(batch, tuple) else list(batch)
    if isinstance(first, dict):
        return type(first)((k, default_collate([b[k] for b in batch])) for k in first) \
            if not isinstance(first, collections.defaultdict) else \
            {k: default_collate([b[k] for b in batch]) for k in first}
    if isinstance(first, tuple) and hasattr(first, "_fields"):  # namedtuple
        return type(first)(*(default_collate(list(s)) for s in zip(*batch)))
    if isinstance(first, (tuple, list)):
        if any(len(b) != len(first) for b in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        return [default_collate(s) for s in zip(*batch)]  # each s a tuple, as PyTorch
    if hasattr(first, "tolist") and hasattr(first, "shape"):  # NumPy arrays
        return stack([tensor(b.tolist()) for b in batch], 0)
    raise TypeError(f"default_collate: batch must contain tensors, numbers, dicts or lists; "
                    f"found {type(first).__name__}")


class DataLoader:
    """Iterate over a dataset in (optionally shuffled) batches.

    ``shuffle=True`` draws a new order each epoch from `generator` (seeded
    ``torch.Generator`` for repeatable runs). ``num_workers`` is accepted and
    ignored: latpy loads in the main process.

    >>> import latpy.torch as torch
    >>> from latpy.torch.utils.data import DataLoader
    >>> len(DataLoader(range(10), batch_size=4)), len(DataLoader(range(10), 4, drop_last=True))
    (3, 2)
    """

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None,
                 num_workers=0, collate_fn=None, pin_memory=False, drop_last=False,
                 timeout=0, worker_init_fn=None, generator=None, prefetch_factor=None,
                 persistent_workers=False):
        self.dataset = dataset
        self.num_workers = num_workers
        self.generator = generator
        self._iterable = isinstance(dataset, IterableDataset)
        if self._iterable and (shuffle or sampler is not None or batch_sampler is not None):
            raise ValueError("DataLoader with IterableDataset: expected unspecified shuffle, "
                             "sampler and batch_sampler options")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, "
                                 "shuffle, sampler, and drop_last")
            batch_size, drop_last = None, False
        elif sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if sampler is None and not self._iterable:
            sampler = RandomSampler(dataset, generator=generator) if shuffle else \
                SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None and not self._iterable:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.batch_size, self.drop_last = batch_size, drop_last
        self.sampler, self.batch_sampler = sampler, batch_sampler
        self.collate_fn = collate_fn if collate_fn is not None else (
            default_collate if batch_size is not None or batch_sampler is not None
            else (lambda x: x))

    def __iter__(self):
        if self._iterable:
            yield from self._iter_stream()
            return
        if self.batch_sampler is None:
            for idx in self.sampler:
                yield self.collate_fn(self.dataset[idx])
            return
        for indices in self.batch_sampler:
            yield self.collate_fn([self.dataset[i] for i in indices])

    def _iter_stream(self):
        if self.batch_size is None:
            for item in self.dataset:
                yield self.collate_fn(item)
            return
        batch = []
        for item in self.dataset:
            batch.append(item)
            if len(batch) == self.batch_size:
                yield self.collate_fn(batch)
                batch = []
        if batch and not self.drop_last:
            yield self.collate_fn(batch)

    def __len__(self):
        if self._iterable:
            n = len(self.dataset)
            if self.batch_size is None:
                return n
            return n // self.batch_size if self.drop_last else -(-n // self.batch_size)
        if self.batch_sampler is not None:
            return len(self.batch_sampler)
        return len(self.sampler)


def get_worker_info():
    """Always None: latpy's DataLoader has no worker processes."""
    return None
