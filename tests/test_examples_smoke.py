"""Fast checks of the pieces inside examples/ (the whole scripts run in test_project.py)."""

from __future__ import annotations

import importlib.util
import io
import os
import random
import sys
import unittest

import latpy.torch as torch
import latpy.torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load(relative_path: str, name: str):
    """A script from the repository (examples/ and bench/ are not packages) as a module."""
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, relative_path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestMicroGPT(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ex = load("examples/microgpt.py", "example_microgpt")

    def test_shapes_and_parameter_count(self):
        torch.manual_seed(0)
        model = self.ex.MicroGPT(27)
        self.assertEqual(tuple(model(torch.tensor([26, 1, 2])).shape), (3, 27))
        # microgpt on names.txt: 4192 parameters (wte, wpe, lm_head, 4 attention, 2 MLP)
        self.assertEqual(sum(p.numel() for p in model.parameters()), 4192)
        self.assertFalse(any(name.endswith("bias") for name, _ in model.named_parameters()))

    def test_attention_is_causal(self):
        torch.manual_seed(0)
        model = self.ex.MicroGPT(10)
        with torch.no_grad():
            a = model(torch.tensor([9, 1, 2, 3]))
            b = model(torch.tensor([9, 1, 2, 7]))  # only the last token differs
        self.assertEqual(a[:3].tolist(), b[:3].tolist())
        self.assertNotEqual(a[3].tolist(), b[3].tolist())

    def test_training_lowers_the_loss_and_sampling_ends(self):
        torch.manual_seed(0)
        model = self.ex.MicroGPT(5)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-2, betas=(0.85, 0.99))
        scheduler = torch.optim.lr_scheduler.LinearLR(optimizer, 1.0, 0.0, 100)
        tokens = [4, 0, 1, 2, 4]  # BOS a b c BOS
        losses = [self.ex.train_step(model, optimizer, scheduler, tokens) for _ in range(30)]
        self.assertLess(losses[-1], losses[0] / 2)
        ids = self.ex.sample(model, 4, temperature=0.5, rng=random.Random(0))
        self.assertLessEqual(len(ids), model.block_size)
        self.assertNotIn(4, ids)

    def test_same_loss_as_the_scalar_value_engine(self):
        """One step of bench/microgpt_value.py from the same weights gives the same loss."""
        sys.path.insert(0, os.path.join(ROOT, "bench"))
        try:
            mv = load("bench/microgpt_value.py", "microgpt_value_for_test")
        finally:
            sys.path.pop(0)
        torch.manual_seed(0)
        model = self.ex.MicroGPT(6)
        state = mv.init_state_dict(6, random.Random(0))
        names = {"wte.weight": "wte", "wpe.weight": "wpe", "lm_head.weight": "lm_head",
                 "layers.0.attn.wq.weight": "layer0.attn_wq",
                 "layers.0.attn.wk.weight": "layer0.attn_wk",
                 "layers.0.attn.wv.weight": "layer0.attn_wv",
                 "layers.0.attn.wo.weight": "layer0.attn_wo",
                 "layers.0.mlp.fc1.weight": "layer0.mlp_fc1",
                 "layers.0.mlp.fc2.weight": "layer0.mlp_fc2"}
        for key, p in model.named_parameters():
            for row_values, row in zip(state[names[key]], p.tolist()):
                for v, x in zip(row_values, row):
                    v.data = x
        tokens = [5, 0, 1, 2, 5]
        adam = mv.AdamState(mv.flat_params(state), 10)
        value_loss = mv.train_step(state, adam, tokens)
        logits = model(torch.tensor(tokens[:-1]))
        latpy_loss = F.cross_entropy(logits, torch.tensor(tokens[1:])).item()
        self.assertAlmostEqual(value_loss, latpy_loss, places=12)


class TestCharRNN(unittest.TestCase):
    def test_windows_and_sampling(self):
        ex = load("examples/char_rnn.py", "example_char_rnn")
        data = list(range(10)) * 5
        x, y = ex.random_windows(data, 3, 4, random.Random(0))
        self.assertEqual(tuple(x.shape), (3, 4))
        self.assertEqual((x[:, 1:] + 0).tolist(), (y[:, :-1] + 0).tolist())  # y = x shifted
        torch.manual_seed(0)
        itos = ["\n", "a", "b"]
        model = ex.CharLSTM(3, embed_size=4, hidden_size=5)
        line = ex.sample_line(model, {c: i for i, c in enumerate(itos)}, itos, 1.0,
                              random.Random(0), max_len=6)
        self.assertTrue(set(line) <= {"a", "b"} and len(line) <= 6)
        self.assertGreater(ex.mean_loss(model, [0, 1, 2] * 30, length=10), 0.0)


class TestSmallerExamples(unittest.TestCase):
    def test_rosenbrock_and_descent(self):
        ex = load("examples/optimizers.py", "example_optimizers")
        self.assertEqual(ex.rosenbrock(1.0, 1.0), 0.0)
        sys_stderr, sys.stderr = sys.stderr, io.StringIO()  # the progress summary line
        try:
            trail = ex.descend(ex.OPTIMIZERS["Adam"], 50, "Adam")
        finally:
            sys.stderr = sys_stderr
        self.assertEqual(len(trail), 51)
        self.assertLess(ex.rosenbrock(*trail[-1]), ex.rosenbrock(*trail[0]))

    def test_least_squares_is_exact_without_noise(self):
        ex = load("examples/linear_regression.py", "example_linear_regression")
        X = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, -1.0]])
        y = X @ torch.tensor([3.0, -2.0]) + 0.5
        weights, bias = ex.least_squares(X, y)
        self.assertAlmostEqual(weights[0], 3.0, places=9)
        self.assertAlmostEqual(weights[1], -2.0, places=9)
        self.assertAlmostEqual(bias, 0.5, places=9)

    def test_digits_confusion_matrix(self):
        ex = load("examples/digits_mlp.py", "example_digits_mlp")
        model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(4, 10))
        X, y = torch.randn(12, 1, 2, 2), torch.tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1])
        accuracy, counts, predicted = ex.evaluate(model, X, y)
        self.assertEqual(sum(map(sum, counts)), 12)
        self.assertEqual([sum(row) for row in counts], [2, 2] + [1] * 8)
        self.assertAlmostEqual(accuracy, (predicted == y).float().mean().item())


if __name__ == "__main__":
    unittest.main()
