"""latpy.torch.optim.lr_scheduler: lr sequences against the closed formulas,
state dicts, combinators, ReduceLROnPlateau, OneCycleLR momentum, errors."""

import math
import os
import tempfile
import unittest
import warnings

import latpy.torch as torch
from latpy.torch import optim
from latpy.torch.optim import lr_scheduler as ls


def make_opt(lr=1.0, kind="SGD", groups=1, **kwargs):
    params = [{"params": [torch.zeros(1, requires_grad=True)], "lr": lr * (i + 1)}
              for i in range(groups)]
    if kind == "Adam":
        return optim.Adam(params, lr=lr, **kwargs)
    return optim.SGD(params, lr=lr, **kwargs)


def lrs_over(sched, opt, steps, group=0):
    """The lr at epoch 0 (after construction) and after each of `steps` steps."""
    out = [sched.get_last_lr()[group]]
    for _ in range(steps):
        opt.step()
        sched.step()
        out.append(sched.get_last_lr()[group])
    return out


class Base(unittest.TestCase):
    def assert_seq(self, got, expected, places=12):
        self.assertEqual(len(got), len(expected))
        for i, (a, b) in enumerate(zip(got, expected)):
            self.assertAlmostEqual(a, b, places=places, msg=f"epoch {i}: {got} vs {expected}")


class TestFormulas(Base):
    N = 40

    def test_step_and_multistep(self):
        opt = make_opt(0.5)
        got = lrs_over(ls.StepLR(opt, step_size=3, gamma=0.2), opt, self.N)
        self.assert_seq(got, [0.5 * 0.2 ** (e // 3) for e in range(self.N + 1)])
        opt = make_opt(0.5)
        got = lrs_over(ls.MultiStepLR(opt, milestones=[4, 9, 9, 30], gamma=0.5), opt, self.N)
        self.assert_seq(got, [0.5 * 0.5 ** sum(e >= m for m in (4, 9, 9, 30))
                              for e in range(self.N + 1)])

    def test_exponential_lambda_multiplicative(self):
        opt = make_opt(2.0)
        got = lrs_over(ls.ExponentialLR(opt, gamma=0.9), opt, self.N)
        self.assert_seq(got, [2.0 * 0.9 ** e for e in range(self.N + 1)])
        opt = make_opt(2.0)
        got = lrs_over(ls.LambdaLR(opt, lambda e: 1 / (1 + e)), opt, self.N)
        self.assert_seq(got, [2.0 / (1 + e) for e in range(self.N + 1)])
        opt = make_opt(2.0)
        got = lrs_over(ls.MultiplicativeLR(opt, lambda e: 0.95), opt, self.N)
        self.assert_seq(got, [2.0 * 0.95 ** e for e in range(self.N + 1)])

    def test_linear_constant_polynomial(self):
        opt = make_opt(1.0)
        got = lrs_over(ls.LinearLR(opt, start_factor=0.2, end_factor=0.9, total_iters=10),
                       opt, self.N)
        self.assert_seq(got, [0.2 + 0.7 * min(e, 10) / 10 for e in range(self.N + 1)])
        opt = make_opt(1.0)
        got = lrs_over(ls.ConstantLR(opt, factor=0.3, total_iters=7), opt, self.N)
        self.assert_seq(got, [0.3 if e < 7 else 1.0 for e in range(self.N + 1)])
        opt = make_opt(1.0)
        got = lrs_over(ls.PolynomialLR(opt, total_iters=20, power=2.0), opt, self.N)
        self.assert_seq(got, [(1 - min(e, 20) / 20) ** 2 for e in range(self.N + 1)])

    def test_cosine_annealing(self):
        # the recursive update reproduces the closed form, including past T_max
        opt = make_opt(0.1)
        got = lrs_over(ls.CosineAnnealingLR(opt, T_max=15, eta_min=0.01), opt, self.N)
        self.assert_seq(got, [0.01 + 0.09 * (1 + math.cos(math.pi * e / 15)) / 2
                              for e in range(self.N + 1)])

    def test_warm_restarts(self):
        opt = make_opt(1.0)
        got = lrs_over(ls.CosineAnnealingWarmRestarts(opt, T_0=4, T_mult=2, eta_min=0.1),
                       opt, 27)
        expected, t_cur, t_i = [], 0, 4
        for _ in range(28):
            expected.append(0.1 + 0.9 * (1 + math.cos(math.pi * t_cur / t_i)) / 2)
            t_cur += 1
            if t_cur >= t_i:
                t_cur, t_i = 0, t_i * 2
        self.assert_seq(got, expected)

    def test_one_cycle(self):
        opt = make_opt(kind="SGD", momentum=0.9)
        sched = ls.OneCycleLR(opt, max_lr=1.0, total_steps=21, pct_start=0.25)
        lrs, moms = [sched.get_last_lr()[0]], [opt.param_groups[0]["momentum"]]
        for _ in range(20):
            opt.step()
            sched.step()
            lrs.append(sched.get_last_lr()[0])
            moms.append(opt.param_groups[0]["momentum"])
        up_end = 0.25 * 21 - 1                       # the step where max_lr is reached

        def cos_anneal(start, end, pct):
            return end + (start - end) / 2 * (math.cos(math.pi * pct) + 1)
        expected_lr, expected_mom = [], []
        for e in range(21):
            if e <= up_end:
                pct = e / up_end
                expected_lr.append(cos_anneal(0.04, 1.0, pct))
                expected_mom.append(cos_anneal(0.95, 0.85, pct))
            else:
                pct = (e - up_end) / (20 - up_end)
                expected_lr.append(cos_anneal(1.0, 0.04 / 1e4, pct))
                expected_mom.append(cos_anneal(0.85, 0.95, pct))
        self.assert_seq(lrs, expected_lr)
        self.assert_seq(moms, expected_mom)
        sched.step()                                 # epoch 21 == total_steps is allowed
        with self.assertRaisesRegex(ValueError, "Tried to step 22 times"):
            sched.step()

    def test_one_cycle_cycles_adam_beta1(self):
        opt = make_opt(kind="Adam")
        sched = ls.OneCycleLR(opt, max_lr=0.1, total_steps=10, anneal_strategy="linear",
                              three_phase=True)
        self.assertEqual(opt.param_groups[0]["betas"], (0.95, 0.999))
        betas = []
        for _ in range(9):
            opt.step()
            sched.step()
            betas.append(opt.param_groups[0]["betas"][0])
        self.assertAlmostEqual(min(betas), 0.85)
        self.assertAlmostEqual(betas[-1], 0.95)
        self.assertAlmostEqual(sched.get_last_lr()[0], 0.1 / 25 / 1e4)

    def test_cosine_scheduler(self):
        # latpy's own: linear warmup from 0, cosine to min_lr, then min_lr
        opt = make_opt(0.6, groups=2)
        sched = ls.CosineScheduler(opt, warmup_steps=5, lr_decay_iters=25, min_lr=0.06)
        for group in (0, 1):
            base = 0.6 * (group + 1)
            opt2 = make_opt(0.6, groups=2)
            got = lrs_over(ls.CosineScheduler(opt2, warmup_steps=5, lr_decay_iters=25,
                                              min_lr=0.06), opt2, self.N, group)
            expected = []
            for t in range(self.N + 1):
                if t < 5:
                    expected.append(base * t / 5)
                elif t <= 25:
                    ratio = (t - 5) / 20
                    expected.append(0.06 + (base - 0.06) * (1 + math.cos(math.pi * ratio)) / 2)
                else:
                    expected.append(0.06)
            self.assert_seq(got, expected)
        self.assertEqual(sched.get_last_lr(), [0.0, 0.0])
        opt = make_opt(1.0)
        got = lrs_over(ls.CosineScheduler(opt, 0, 4, min_lr=[0.2]), opt, 6)
        self.assert_seq(got, [1.0, 0.2 + 0.8 * (1 + math.cos(math.pi / 4)) / 2, 0.6,
                              0.2 + 0.8 * (1 + math.cos(3 * math.pi / 4)) / 2, 0.2, 0.2, 0.2])
        with self.assertRaises(ValueError):
            ls.CosineScheduler(make_opt(), warmup_steps=10, lr_decay_iters=5)
        with self.assertRaises(ValueError):
            ls.CosineScheduler(make_opt(), warmup_steps=-1, lr_decay_iters=5)
        with self.assertRaises(ValueError):
            ls.CosineScheduler(make_opt(), 1, 5, min_lr=-0.1)

    def test_groups_each_follow_their_initial_lr(self):
        opt = make_opt(0.1, groups=3)
        sched = ls.StepLR(opt, step_size=1, gamma=0.5)
        opt.step()
        sched.step()
        self.assert_seq(sched.get_last_lr(), [0.05, 0.1, 0.15])
        expected = [0.1, 0.2, 0.1 * 3]
        self.assertEqual([g["initial_lr"] for g in opt.param_groups], expected)
        self.assertEqual(sched.base_lrs, expected)

    def test_tensor_lr(self):
        opt = optim.SGD([torch.zeros(1, requires_grad=True)], lr=torch.tensor(0.5))
        lr_tensor = opt.param_groups[0]["lr"]
        sched = ls.ExponentialLR(opt, gamma=0.5)
        opt.step()
        sched.step()
        self.assertIs(opt.param_groups[0]["lr"], lr_tensor)   # filled in place
        self.assertEqual(lr_tensor.item(), 0.25)
        self.assertEqual(sched.get_last_lr()[0].item(), 0.25)


class TestEpochArgumentAndChaining(Base):
    def test_step_with_epoch_uses_closed_form(self):
        opt = make_opt(1.0)
        sched = ls.StepLR(opt, step_size=2, gamma=0.5)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            opt.step()
            sched.step(7)
        self.assertEqual(sched.get_last_lr(), [0.125])
        self.assertTrue(any("epoch parameter" in str(w.message) for w in caught))

    def test_two_chainable_schedulers_multiply(self):
        opt = make_opt(1.0)
        a = ls.ExponentialLR(opt, gamma=0.5)
        b = ls.StepLR(opt, step_size=2, gamma=0.1)
        for epoch in range(1, 6):
            opt.step()
            a.step()
            b.step()
            self.assertAlmostEqual(opt.param_groups[0]["lr"], 0.5 ** epoch * 0.1 ** (epoch // 2))

    def test_sequential(self):
        opt = make_opt(1.0)
        warm = ls.LinearLR(opt, start_factor=0.1, total_iters=4)
        cos = ls.CosineAnnealingLR(opt, T_max=10)
        sched = ls.SequentialLR(opt, [warm, cos], milestones=[4])
        got = lrs_over(sched, opt, 14)
        expected = [0.1 + 0.9 * e / 4 for e in range(4)] + \
            [(1 + math.cos(math.pi * e / 10)) / 2 for e in range(11)]
        self.assert_seq(got, expected)
        with self.assertRaisesRegex(ValueError, "one more than the number of milestone"):
            ls.SequentialLR(opt, [warm, cos], milestones=[])
        with self.assertRaisesRegex(ValueError, "same optimizer"):
            ls.SequentialLR(opt, [warm, ls.StepLR(make_opt(), 2)], milestones=[3])
        with self.assertRaisesRegex(ValueError, "ReduceLROnPlateau"):
            ls.SequentialLR(opt, [warm, ls.ReduceLROnPlateau(opt)], milestones=[3])

    def test_chained(self):
        opt = make_opt(1.0)
        sched = ls.ChainedScheduler([ls.ConstantLR(opt, factor=0.5, total_iters=3),
                                     ls.ExponentialLR(opt, gamma=0.9)])
        got = lrs_over(sched, opt, 6)
        self.assert_seq(got, [(0.5 if e < 3 else 1.0) * 0.9 ** e for e in range(7)])
        with self.assertRaisesRegex(ValueError, "at least one scheduler"):
            ls.ChainedScheduler([])


class TestReduceLROnPlateau(Base):
    def test_min_mode_patience_cooldown(self):
        opt = make_opt(1.0)
        sched = ls.ReduceLROnPlateau(opt, factor=0.5, patience=2, cooldown=1)
        metrics = [5, 4, 4, 4, 4, 4, 4, 4, 3.99999, 4]
        lrs = []
        for m in metrics:
            sched.step(m)
            lrs.append(sched.get_last_lr()[0])
        # bad epochs: 4 is an improvement, then 3 bad epochs (> patience 2) -> 0.5;
        # one cooldown epoch, then 3 more bad -> 0.25; 3.99999 is within threshold
        self.assertEqual(lrs, [1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25])

    def test_max_mode_abs_threshold_and_min_lr(self):
        opt = make_opt(1.0, groups=2)
        sched = ls.ReduceLROnPlateau(opt, mode="max", threshold=0.5, threshold_mode="abs",
                                     patience=0, factor=0.1, min_lr=[0.05, 0.5])
        for m in (1.0, 1.4, 1.6, 1.7):
            sched.step(torch.tensor(m))            # 0-d tensors are accepted
        self.assert_seq(sched.get_last_lr(), [0.05, 0.5])

    def test_eps_skips_tiny_changes(self):
        opt = make_opt(1e-8)
        sched = ls.ReduceLROnPlateau(opt, patience=0)
        for m in (1.0, 1.0, 1.0):
            sched.step(m)
        self.assertEqual(sched.get_last_lr(), [1e-8])

    def test_errors(self):
        with self.assertRaisesRegex(ValueError, "Factor should be < 1.0"):
            ls.ReduceLROnPlateau(make_opt(), factor=1.0)
        with self.assertRaisesRegex(ValueError, "mode"):
            ls.ReduceLROnPlateau(make_opt(), mode="avg")
        with self.assertRaisesRegex(ValueError, "threshold mode"):
            ls.ReduceLROnPlateau(make_opt(), threshold_mode="pct")
        with self.assertRaisesRegex(ValueError, "expected 1 min_lrs"):
            ls.ReduceLROnPlateau(make_opt(), min_lr=[0.1, 0.2])


class TestStateAndErrors(Base):
    def test_state_dict_resumes(self):
        factories = {
            "StepLR": lambda o: ls.StepLR(o, 3, 0.5),
            "MultiStepLR": lambda o: ls.MultiStepLR(o, [2, 5, 5]),
            "CosineAnnealingLR": lambda o: ls.CosineAnnealingLR(o, 7),
            "OneCycleLR": lambda o: ls.OneCycleLR(o, 1.0, total_steps=30),
            "LambdaLR": lambda o: ls.LambdaLR(o, lambda e: 0.9 ** e),
            "WarmRestarts": lambda o: ls.CosineAnnealingWarmRestarts(o, 3, 2),
            "CosineScheduler": lambda o: ls.CosineScheduler(o, 3, 12, 0.01),
            "SequentialLR": lambda o: ls.SequentialLR(
                o, [ls.ConstantLR(o, 0.5, 2), ls.ExponentialLR(o, 0.8)], [4]),
            "ReduceLROnPlateau": lambda o: ls.ReduceLROnPlateau(o, patience=1),
        }
        for name, factory in factories.items():
            with self.subTest(name):
                opt = make_opt(momentum=0.9)
                sched = factory(opt)
                plateau = name == "ReduceLROnPlateau"
                for i in range(8):
                    opt.step()
                    sched.step(1.0) if plateau else sched.step()
                with tempfile.TemporaryDirectory() as folder:  # through latpy's .npz format
                    path = os.path.join(folder, "ckpt.pt")
                    torch.save({"opt": opt.state_dict(), "sched": sched.state_dict()}, path)
                    saved = torch.load(path)
                opt2 = make_opt(momentum=0.9)
                sched2 = factory(opt2)
                opt2.load_state_dict(saved["opt"])
                sched2.load_state_dict(saved["sched"])
                for i in range(8):
                    for o, s in ((opt, sched), (opt2, sched2)):
                        o.step()
                        s.step(1.0) if plateau else s.step()
                    self.assertEqual(sched2.get_last_lr(), sched.get_last_lr())
                    self.assertEqual(opt2.param_groups[0]["lr"], opt.param_groups[0]["lr"])

    def test_resume_with_last_epoch(self):
        opt = make_opt(1.0)
        with self.assertRaisesRegex(KeyError, "initial_lr"):
            ls.StepLR(opt, 2, last_epoch=5)
        opt.param_groups[0]["initial_lr"] = 1.0
        sched = ls.StepLR(opt, 2, gamma=0.5, last_epoch=5)
        self.assertEqual(sched.last_epoch, 6)

    def test_warning_when_scheduler_steps_first(self):
        opt = make_opt()
        sched = ls.StepLR(opt, 2)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            sched.step()
        self.assertTrue(any("before `optimizer.step()`" in str(w.message) for w in caught))
        opt = make_opt()
        sched = ls.StepLR(opt, 2)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            opt.step()
            sched.step()
        self.assertEqual(caught, [])

    def test_errors(self):
        with self.assertRaisesRegex(TypeError, "is not an Optimizer"):
            ls.StepLR(object(), 2)
        with self.assertRaisesRegex(ValueError, "between 0 and 1"):
            ls.ConstantLR(make_opt(), factor=2.0)
        with self.assertRaisesRegex(ValueError, "Starting multiplicative factor"):
            ls.LinearLR(make_opt(), start_factor=0)
        with self.assertRaisesRegex(ValueError, "Expected 1 lr_lambdas, but got 2"):
            ls.LambdaLR(make_opt(groups=1), [lambda e: 1, lambda e: 1])
        with self.assertRaisesRegex(TypeError, "lr_lambda should be a function"):
            ls.MultiplicativeLR(make_opt(), 0.5)
        with self.assertRaisesRegex(ValueError, "positive integer T_0"):
            ls.CosineAnnealingWarmRestarts(make_opt(), T_0=0)
        with self.assertRaisesRegex(ValueError, "total_steps OR"):
            ls.OneCycleLR(make_opt(momentum=0.9), max_lr=1.0)
        with self.assertRaisesRegex(ValueError, "pct_start"):
            ls.OneCycleLR(make_opt(momentum=0.9), max_lr=1.0, total_steps=5, pct_start=2.0)
        with self.assertRaisesRegex(ValueError, "anneal_strategy"):
            ls.OneCycleLR(make_opt(momentum=0.9), 1.0, total_steps=5, anneal_strategy="x")
        with self.assertRaisesRegex(ValueError, "momentum or beta1"):
            ls.OneCycleLR(optim.Adagrad([torch.zeros(1, requires_grad=True)]), 1.0,
                          total_steps=5)
        with self.assertRaisesRegex(ValueError, "max_lr must have the same length"):
            ls.OneCycleLR(make_opt(momentum=0.9), [1.0, 2.0], total_steps=5)


if __name__ == "__main__":
    unittest.main()
