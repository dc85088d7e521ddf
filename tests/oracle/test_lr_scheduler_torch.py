"""latpy.torch.optim.lr_scheduler against torch.optim.lr_scheduler.

The same scheduler configuration drives an optimizer in each library for 100
steps; ``get_last_lr()`` (and the cycled momentum / beta1, and the group lrs)
must agree after every step. The lr arithmetic is Python floats in both, so
agreement is to 1e-12 (in practice exact). Also checked: ``step(epoch)``
closed forms, combinators, state_dict keys, resuming. Skipped when PyTorch is
not installed.
"""

import unittest
import warnings

try:
    import torch as real_torch
except ImportError:  # pragma: no cover - the plain test run has no PyTorch
    real_torch = None

import latpy.torch as lt

STEPS = 100


def _close(a, b):
    return abs(a - b) <= 1e-12 + 1e-12 * abs(b)


def _optimizer(T, kind="SGD", lrs=(0.1, 0.02)):
    groups = [{"params": [T.zeros(2, dtype=T.float64, requires_grad=True)], "lr": lr}
              for lr in lrs]
    if kind == "SGD":
        return T.optim.SGD(groups, lr=0.5, momentum=0.9)
    return T.optim.Adam(groups, lr=0.5)


def _schedulers(T, opt):
    """name -> factory(optimizer) for the single schedulers."""
    S = T.optim.lr_scheduler
    return {
        "StepLR": lambda: S.StepLR(opt, step_size=7, gamma=0.5),
        "StepLR_1": lambda: S.StepLR(opt, step_size=1, gamma=0.9),
        "MultiStepLR": lambda: S.MultiStepLR(opt, milestones=[5, 20, 20, 60], gamma=0.3),
        "ExponentialLR": lambda: S.ExponentialLR(opt, gamma=0.97),
        "CosineAnnealingLR": lambda: S.CosineAnnealingLR(opt, T_max=30),
        "CosineAnnealingLR_min": lambda: S.CosineAnnealingLR(opt, T_max=17, eta_min=0.001),
        "CosineAnnealingLR_long": lambda: S.CosineAnnealingLR(opt, T_max=200, eta_min=0.01),
        "LambdaLR": lambda: S.LambdaLR(opt, lambda e: 1.0 / (1.0 + 0.1 * e)),
        "LambdaLR_list": lambda: S.LambdaLR(opt, [lambda e: 0.99 ** e, lambda e: 1 + e % 3]),
        "MultiplicativeLR": lambda: S.MultiplicativeLR(opt, lambda e: 0.98),
        "LinearLR": lambda: S.LinearLR(opt),
        "LinearLR_custom": lambda: S.LinearLR(opt, start_factor=0.1, end_factor=0.7,
                                              total_iters=40),
        "LinearLR_down": lambda: S.LinearLR(opt, start_factor=1.0, end_factor=0.0,
                                            total_iters=50),
        "ConstantLR": lambda: S.ConstantLR(opt),
        "ConstantLR_custom": lambda: S.ConstantLR(opt, factor=0.25, total_iters=33),
        "PolynomialLR": lambda: S.PolynomialLR(opt, total_iters=60, power=2.0),
        "PolynomialLR_lin": lambda: S.PolynomialLR(opt, total_iters=150),
        "WarmRestarts": lambda: S.CosineAnnealingWarmRestarts(opt, T_0=10),
        "WarmRestarts_mult": lambda: S.CosineAnnealingWarmRestarts(opt, T_0=5, T_mult=2,
                                                                   eta_min=0.001),
        "OneCycleLR": lambda: S.OneCycleLR(opt, max_lr=1.0, total_steps=STEPS + 1),
        "OneCycleLR_lists": lambda: S.OneCycleLR(
            opt, max_lr=[1.0, 0.3], epochs=10, steps_per_epoch=11, pct_start=0.25,
            base_momentum=[0.8, 0.7], max_momentum=0.9, div_factor=10.0),
        "OneCycleLR_linear": lambda: S.OneCycleLR(opt, max_lr=0.5, total_steps=STEPS,
                                                  anneal_strategy="linear",
                                                  final_div_factor=100.0),
        "OneCycleLR_three": lambda: S.OneCycleLR(opt, max_lr=2.0, total_steps=STEPS + 5,
                                                 three_phase=True, pct_start=0.4),
        "OneCycleLR_nomom": lambda: S.OneCycleLR(opt, max_lr=1.0, total_steps=STEPS,
                                                 cycle_momentum=False),
        "SequentialLR": lambda: S.SequentialLR(
            opt, [S.LinearLR(opt, start_factor=0.1, total_iters=10),
                  S.CosineAnnealingLR(opt, T_max=50)], milestones=[10]),
        "SequentialLR_3": lambda: S.SequentialLR(
            opt, [S.ConstantLR(opt, factor=0.5, total_iters=5),
                  S.ExponentialLR(opt, gamma=0.9), S.StepLR(opt, step_size=10)],
            milestones=[20, 50]),
        "ChainedScheduler": lambda: S.ChainedScheduler(
            [S.ConstantLR(opt, factor=0.1, total_iters=4), S.ExponentialLR(opt, gamma=0.95)]),
        "Chained_cos": lambda: S.ChainedScheduler(
            [S.LinearLR(opt, start_factor=0.5, total_iters=10),
             S.CosineAnnealingLR(opt, T_max=40, eta_min=0.001)], optimizer=opt),
    }


METRICS = [1.0 / (1 + i) if i < 30 else 0.05 + 0.001 * ((i * 7) % 5) for i in range(STEPS)]


def _plateaus(T, opt):
    S = T.optim.lr_scheduler
    return {
        "default": lambda: S.ReduceLROnPlateau(opt),
        "patience": lambda: S.ReduceLROnPlateau(opt, patience=2, factor=0.5),
        "cooldown": lambda: S.ReduceLROnPlateau(opt, patience=1, cooldown=3, factor=0.7,
                                                min_lr=[0.01, 0.001]),
        "abs": lambda: S.ReduceLROnPlateau(opt, threshold=0.01, threshold_mode="abs",
                                           patience=0),
        "max": lambda: S.ReduceLROnPlateau(opt, mode="max", patience=3, eps=0.05),
        "max_abs": lambda: S.ReduceLROnPlateau(opt, mode="max", threshold_mode="abs",
                                               threshold=0.1, patience=1, min_lr=0.02),
    }


@unittest.skipUnless(real_torch is not None, "PyTorch is not installed")
class TestSchedulersMatchTorch(unittest.TestCase):
    def setUp(self):
        warnings.simplefilter("ignore", UserWarning)
        self.addCleanup(warnings.resetwarnings)

    def trace(self, T, name, kind, plateau=False, steps=STEPS):
        opt = _optimizer(T, kind)
        sched = (_plateaus if plateau else _schedulers)(T, opt)[name]()
        rows = [self.snapshot(sched, opt)]
        for i in range(steps):
            opt.step()
            if plateau:
                sched.step(METRICS[i])
            else:
                sched.step()
            rows.append(self.snapshot(sched, opt))
        return rows, sched

    @staticmethod
    def snapshot(sched, opt):
        row = [float(v) for v in sched.get_last_lr()]
        for group in opt.param_groups:
            row.append(float(group["lr"]))
            row.append(float(group["betas"][0] if "betas" in group else group["momentum"]))
        return row

    def assert_rows(self, trows, lrows, label):
        self.assertEqual(len(trows), len(lrows), label)
        for step, (trow, lrow) in enumerate(zip(trows, lrows)):
            self.assertEqual(len(trow), len(lrow), f"{label} step {step}")
            for a, b in zip(lrow, trow):
                self.assertTrue(_close(a, b), f"{label} step {step}: {lrow} vs torch {trow}")

    def test_schedules(self):
        names = list(_schedulers(lt, _optimizer(lt)))
        for name in names:
            for kind in ("SGD", "Adam"):
                with self.subTest(name=name, optimizer=kind):
                    (trows, tsched), (lrows, lsched) = (self.trace(real_torch, name, kind),
                                                        self.trace(lt, name, kind))
                    self.assert_rows(trows, lrows, f"{name}/{kind}")
                    tkeys = set(tsched.state_dict()) - {"_schedulers"}
                    lkeys = set(lsched.state_dict()) - {"_schedulers"}
                    self.assertEqual(lkeys, tkeys, f"{name}: state_dict keys")

    def test_reduce_lr_on_plateau(self):
        for name in _plateaus(lt, _optimizer(lt)):
            with self.subTest(name):
                (trows, tsched), (lrows, lsched) = (self.trace(real_torch, name, "SGD", True),
                                                    self.trace(lt, name, "SGD", True))
                self.assert_rows(trows, lrows, name)
                self.assertEqual(set(lsched.state_dict()), set(tsched.state_dict()))

    def test_closed_form_step_with_epoch(self):
        epochs = [0, 3, 7, 7, 20, 5, 33, 61, 100, 2]
        for name in ("StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR_min",
                     "LinearLR_custom", "ConstantLR_custom", "PolynomialLR", "LambdaLR",
                     "WarmRestarts", "WarmRestarts_mult"):
            with self.subTest(name):
                rows = []
                for T in (real_torch, lt):
                    opt = _optimizer(T)
                    sched = _schedulers(T, opt)[name]()
                    trace = []
                    for epoch in epochs:
                        opt.step()
                        sched.step(epoch)
                        trace.append([float(v) for v in sched.get_last_lr()])
                    rows.append(trace)
                self.assert_rows(rows[0], rows[1], name)

    def test_resume_from_state_dict(self):
        for name in ("StepLR", "CosineAnnealingLR", "OneCycleLR", "LinearLR",
                     "WarmRestarts_mult", "SequentialLR", "ChainedScheduler"):
            with self.subTest(name):
                traces = []
                for T in (real_torch, lt):
                    opt = _optimizer(T)
                    sched = _schedulers(T, opt)[name]()
                    for _ in range(30):
                        opt.step()
                        sched.step()
                    saved_sched, saved_opt = sched.state_dict(), opt.state_dict()
                    opt2 = _optimizer(T)
                    sched2 = _schedulers(T, opt2)[name]()
                    opt2.load_state_dict(saved_opt)
                    sched2.load_state_dict(saved_sched)
                    trace = []
                    for _ in range(30):
                        opt2.step()
                        sched2.step()
                        trace.append(self.snapshot(sched2, opt2))
                    traces.append(trace)
                self.assert_rows(traces[0], traces[1], name)


if __name__ == "__main__":
    unittest.main()
