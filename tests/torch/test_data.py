"""torch.utils.data: datasets, samplers, DataLoader, collation, random_split."""

import unittest

import latpy.torch as torch
from latpy.torch.utils.data import (BatchSampler, ConcatDataset, DataLoader, Dataset,
                                    IterableDataset, RandomSampler, SequentialSampler, Subset,
                                    TensorDataset, WeightedRandomSampler, default_collate,
                                    random_split)


class Squares(Dataset):
    def __len__(self):
        return 7

    def __getitem__(self, i):
        return {"x": torch.tensor([float(i), float(i * i)]), "y": i % 2}


class TestDatasets(unittest.TestCase):
    def test_tensor_dataset(self):
        ds = TensorDataset(torch.arange(10.0).reshape(5, 2), torch.arange(5))
        self.assertEqual(len(ds), 5)
        x, y = ds[3]
        self.assertEqual(x.tolist(), [6.0, 7.0])
        self.assertEqual(y.item(), 3)
        with self.assertRaises(ValueError):
            TensorDataset(torch.zeros(3), torch.zeros(4))

    def test_subset_concat(self):
        self.assertEqual(Subset(list("abcdef"), [5, 1])[1], "b")
        c = ConcatDataset([[1, 2], [3, 4, 5]])
        self.assertEqual([c[i] for i in range(len(c))], [1, 2, 3, 4, 5])
        self.assertEqual(c[-1], 5)

    def test_random_split_lengths_fractions_and_seed(self):
        a, b = random_split(range(10), [6, 4], generator=torch.Generator().manual_seed(3))
        self.assertEqual(sorted(list(a) + list(b)), list(range(10)))
        a2, _ = random_split(range(10), [6, 4], generator=torch.Generator().manual_seed(3))
        self.assertEqual(list(a), list(a2))
        parts = random_split(range(11), [0.5, 0.5])
        self.assertEqual(sorted(len(p) for p in parts), [5, 6])
        with self.assertRaises(ValueError):
            random_split(range(10), [3, 3])


class TestLoader(unittest.TestCase):
    def test_batches_and_drop_last(self):
        ds = TensorDataset(torch.arange(10.0).reshape(5, 2), torch.arange(5))
        batches = list(DataLoader(ds, batch_size=2))
        self.assertEqual([tuple(x.shape) for x, _ in batches], [(2, 2), (2, 2), (1, 2)])
        self.assertEqual(batches[1][1].tolist(), [2, 3])
        self.assertEqual(len(DataLoader(ds, batch_size=2, drop_last=True)), 2)
        self.assertEqual(len(list(DataLoader(ds, batch_size=2, drop_last=True))), 2)

    def test_shuffle_is_a_permutation_and_seeded(self):
        ds = TensorDataset(torch.arange(20))
        g1 = torch.Generator().manual_seed(7)
        g2 = torch.Generator().manual_seed(7)
        e1 = [b[0].tolist() for b in DataLoader(ds, batch_size=5, shuffle=True, generator=g1)]
        e2 = [b[0].tolist() for b in DataLoader(ds, batch_size=5, shuffle=True, generator=g2)]
        self.assertEqual(e1, e2)
        flat = sorted(v for b in e1 for v in b)
        self.assertEqual(flat, list(range(20)))
        self.assertNotEqual([v for b in e1 for v in b], list(range(20)))

    def test_collate_dicts_tuples_numbers(self):
        batch = next(iter(DataLoader(Squares(), batch_size=3)))
        self.assertEqual(batch["x"].tolist(), [[0.0, 0.0], [1.0, 1.0], [2.0, 4.0]])
        self.assertEqual(batch["y"].tolist(), [0, 1, 0])
        self.assertEqual(default_collate([(1.5, "a"), (2.5, "b")])[1], ("a", "b"))  # as PyTorch
        self.assertEqual(default_collate([1.5, 2.5]).dtype, torch.float64)
        with self.assertRaises(TypeError):
            default_collate([object(), object()])

    def test_iterable_dataset_and_no_batching(self):
        class Stream(IterableDataset):
            def __iter__(self):
                return iter(range(5))
        self.assertEqual([b.tolist() for b in DataLoader(Stream(), batch_size=2)],
                         [[0, 1], [2, 3], [4]])
        with self.assertRaises(ValueError):
            DataLoader(Stream(), shuffle=True)
        self.assertEqual(list(DataLoader([3, 4], batch_size=None)), [3, 4])

    def test_samplers(self):
        self.assertEqual(list(SequentialSampler("abc")), [0, 1, 2])
        self.assertEqual(sorted(RandomSampler(range(6), generator=2)), list(range(6)))
        self.assertEqual(len(list(RandomSampler(range(3), replacement=True, num_samples=10))),
                         10)
        self.assertEqual(list(BatchSampler(range(5), 2, False)), [[0, 1], [2, 3], [4]])
        with self.assertRaises(ValueError):
            BatchSampler(range(5), 0, False)
        self.assertEqual(set(WeightedRandomSampler([0.0, 0.0, 1.0], 4, generator=1)), {2})
        with self.assertRaises(ValueError):
            DataLoader(range(4), batch_size=2, sampler=SequentialSampler(range(4)),
                       shuffle=True)


if __name__ == "__main__":
    unittest.main()
