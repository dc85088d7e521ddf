"""latpy.torch.optim against PyTorch's torch.optim (CPU, float64).

Both libraries start from the same parameters and receive the *same gradient
sequence*: the gradient is computed in plain Python floats from the parameter
values (a random quadratic with a smooth nonlinearity, or a fixed random
sequence) and assigned to ``p.grad`` in each library, so only the optimizers'
arithmetic is compared. Parameters and the whole ``state_dict`` (state names,
values, group options) must agree after 5 and 50 steps (rtol 1e-9).
PyTorch's CPU kernels fuse some multiply-adds (FMA); latpy rounds each
operation, so results agree to ~1e-13, not bit for bit.
Skipped when PyTorch is not installed.
"""

import math
import random
import unittest

try:
    import torch as real_torch
except ImportError:  # pragma: no cover - the plain test run has no PyTorch
    real_torch = None

import latpy.torch as lt

RTOL = 1e-9
SHAPES = [(3,), (2, 3), ()]
_saved_dtype = []


def setUpModule():
    if real_torch is not None:  # NAdam's mu_product uses the default dtype
        _saved_dtype.append(real_torch.get_default_dtype())
        real_torch.set_default_dtype(real_torch.float64)


def tearDownModule():
    if _saved_dtype:
        real_torch.set_default_dtype(_saved_dtype.pop())


def _numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def _flatten(value):
    if isinstance(value, list):
        return [x for v in value for x in _flatten(v)]
    return [value]


def _unflatten(flat, shape):
    if not shape:
        return flat[0]
    if len(shape) == 1:
        return list(flat)
    step = len(flat) // shape[0]
    return [_unflatten(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


class Problem:
    """A smooth objective whose gradient is computed in Python floats:
    g(x) = H x - b + 0.3 sin(x) over the concatenated parameters."""

    def __init__(self, seed, shapes=SHAPES, mode="quadratic"):
        rng = random.Random(seed)
        self.shapes = shapes
        self.n = sum(_numel(s) for s in shapes)
        m = [[rng.gauss(0, 1) for _ in range(self.n)] for _ in range(self.n)]
        self.H = [[sum(m[k][i] * m[k][j] for k in range(self.n)) / self.n + (i == j) * 0.5
                   for j in range(self.n)] for i in range(self.n)]
        self.b = [rng.gauss(0, 1) for _ in range(self.n)]
        self.x0 = [rng.gauss(0, 1) for _ in range(self.n)]
        self.mode = mode
        self.rng = random.Random(seed + 1000)

    def grad(self, flat):
        if self.mode == "random":
            return [self.rng.gauss(0, 1) for _ in flat]
        return [sum(h * x for h, x in zip(row, flat)) - bi + 0.3 * math.sin(xi)
                for row, bi, xi in zip(self.H, self.b, flat)]

    def params(self, T):
        out, offset = [], 0
        for shape in self.shapes:
            n = _numel(shape)
            value = _unflatten(self.x0[offset:offset + n], shape)
            out.append(T.tensor(value, dtype=T.float64, requires_grad=True))
            offset += n
        return out

    def set_grads(self, T, params, skip=()):
        flat = [x for p in params for x in _flatten(p.tolist())]
        g = self.grad(flat)
        offset = 0
        for i, p in enumerate(params):
            n = _numel(tuple(p.shape))
            if i in skip:
                p.grad = None
            else:
                p.grad = T.tensor(_unflatten(g[offset:offset + n], tuple(p.shape)),
                                  dtype=T.float64)
            offset += n


def _close(a, b, rtol=RTOL, atol=1e-12):
    return abs(a - b) <= atol + rtol * abs(b)


# name -> list of keyword sets (each run for 5 and 50 steps)
CONFIGS = {
    "SGD": [dict(lr=0.05), dict(lr=0.05, momentum=0.9), dict(lr=0.05, momentum=0.9,
            dampening=0.5), dict(lr=0.05, momentum=0.8, nesterov=True),
            dict(lr=0.05, weight_decay=0.1, momentum=0.5), dict(lr=0.05, maximize=True),
            dict(lr=0.02, momentum=0.9, nesterov=True, weight_decay=0.01, maximize=True)],
    "Adam": [dict(lr=0.05), dict(lr=0.05, amsgrad=True), dict(lr=0.05, weight_decay=0.1),
             dict(lr=0.05, betas=(0.8, 0.99), eps=1e-6), dict(lr=0.05, maximize=True),
             dict(lr=0.05, weight_decay=0.1, decoupled_weight_decay=True, amsgrad=True),
             dict(lr=0.01, betas=(0.0, 0.5))],
    "AdamW": [dict(lr=0.05), dict(lr=0.05, weight_decay=0.2, amsgrad=True),
              dict(lr=0.05, weight_decay=0.0), dict(lr=0.05, maximize=True)],
    "RMSprop": [dict(lr=0.01), dict(lr=0.01, momentum=0.9), dict(lr=0.01, centered=True),
                dict(lr=0.01, centered=True, momentum=0.5, weight_decay=0.1),
                dict(lr=0.01, alpha=0.5, eps=1e-4), dict(lr=0.01, maximize=True)],
    "Adagrad": [dict(lr=0.1), dict(lr=0.1, lr_decay=0.05),
                dict(lr=0.1, initial_accumulator_value=0.5, eps=1e-6),
                dict(lr=0.1, weight_decay=0.1), dict(lr=0.1, maximize=True)],
    "Adadelta": [dict(), dict(lr=0.5, rho=0.5), dict(eps=1e-3, weight_decay=0.1),
                 dict(lr=2.0, maximize=True)],
    "Adamax": [dict(lr=0.05), dict(lr=0.05, betas=(0.5, 0.9), eps=1e-4),
               dict(lr=0.05, weight_decay=0.1), dict(lr=0.05, maximize=True)],
    "NAdam": [dict(lr=0.05), dict(lr=0.05, momentum_decay=0.01),
              dict(lr=0.05, weight_decay=0.1),
              dict(lr=0.05, weight_decay=0.1, decoupled_weight_decay=True),
              dict(lr=0.05, betas=(0.8, 0.9), maximize=True)],
    "RAdam": [dict(lr=0.05), dict(lr=0.05, weight_decay=0.1),
              dict(lr=0.05, weight_decay=0.1, decoupled_weight_decay=True),
              dict(lr=0.05, betas=(0.9, 0.9)), dict(lr=0.05, maximize=True)],
}


@unittest.skipUnless(real_torch is not None, "PyTorch is not installed")
class TestOptimizersMatchTorch(unittest.TestCase):
    def run_both(self, name, kwargs, steps, problem_seed=0, mode="quadratic", groups=False,
                 skip=()):
        results = []
        for T in (real_torch, lt):
            problem = Problem(problem_seed, mode=mode)
            params = problem.params(T)
            cls = getattr(T.optim, name)
            if groups:  # two groups, the second with its own lr
                opt = cls([{"params": params[:2]}, {"params": params[2:], "lr": 0.003}],
                          **kwargs)
            else:
                opt = cls(params, **kwargs)
            for _ in range(steps):
                problem.set_grads(T, params, skip=skip)
                opt.step()
            results.append((params, opt))
        return results

    def assert_match(self, results, label):
        (tparams, topt), (lparams, lopt) = results
        for tp, lp_ in zip(tparams, lparams):
            for a, b in zip(_flatten(lp_.tolist()), _flatten(tp.tolist())):
                self.assertTrue(_close(a, b), f"{label}: param {a} vs torch {b}")
        self.assert_state_dicts_match(topt.state_dict(), lopt.state_dict(), label)

    def assert_state_dicts_match(self, tsd, lsd, label):
        self.assertEqual(sorted(tsd["state"]), sorted(lsd["state"]), label)
        for index, tstate in tsd["state"].items():
            lstate = lsd["state"][index]
            self.assertEqual(sorted(tstate), sorted(lstate), f"{label}: state names")
            for key, tvalue in tstate.items():
                lvalue = lstate[key]
                self.assertIsInstance(lvalue, lt.Tensor, f"{label}: {key}")
                self.assertEqual(tuple(lvalue.shape), tuple(tvalue.shape), f"{label}: {key}")
                for a, b in zip(_flatten(lvalue.tolist()), _flatten(tvalue.tolist())):
                    self.assertTrue(_close(a, b), f"{label}: state {key} {a} vs {b}")
        self.assertEqual(len(tsd["param_groups"]), len(lsd["param_groups"]))
        for tg, lg in zip(tsd["param_groups"], lsd["param_groups"]):
            self.assertEqual(sorted(tg), sorted(lg), f"{label}: group keys")
            for key in tg:
                self.assertEqual(tg[key], lg[key], f"{label}: group option {key}")

    def test_every_optimizer_and_option(self):
        for name, configs in CONFIGS.items():
            for kwargs in configs:
                for steps in (5, 50):
                    for mode in ("quadratic", "random"):
                        label = f"{name}({kwargs}) {steps} steps, {mode}"
                        with self.subTest(label):
                            self.assert_match(self.run_both(name, kwargs, steps, mode=mode),
                                              label)

    def test_param_groups_and_missing_grads(self):
        for name, configs in CONFIGS.items():
            kwargs = configs[0]
            label = f"{name}({kwargs}) groups, param 1 without grad"
            with self.subTest(label):
                self.assert_match(self.run_both(name, kwargs, 7, groups=True, skip=(1,)),
                                  label)

    def test_default_hyperparameters(self):
        for name in CONFIGS:
            with self.subTest(name):
                self.assert_match(self.run_both(name, {}, 5, problem_seed=3), name)

    def test_state_dict_from_torch_loads_into_latpy(self):
        # torch runs 5 steps; its state (converted) is loaded into latpy; both go on
        for name, configs in CONFIGS.items():
            kwargs = configs[-1]
            with self.subTest(name):
                problem_t, problem_l = Problem(7), Problem(7)
                tparams = problem_t.params(real_torch)
                topt = getattr(real_torch.optim, name)(tparams, **kwargs)
                for _ in range(5):
                    problem_t.set_grads(real_torch, tparams)
                    topt.step()
                lparams = [lt.tensor(p.tolist(), dtype=lt.float64, requires_grad=True)
                           for p in tparams]
                lopt = getattr(lt.optim, name)(lparams, **kwargs)
                tsd = topt.state_dict()
                lopt.load_state_dict({
                    "state": {i: {k: lt.tensor(v.tolist(), dtype=lt.float64)
                                  for k, v in s.items()} for i, s in tsd["state"].items()},
                    "param_groups": tsd["param_groups"]})
                for _ in range(5):
                    problem_t.set_grads(real_torch, tparams)
                    topt.step()
                    problem_l.set_grads(lt, lparams)
                    lopt.step()
                self.assert_match([(tparams, topt), (lparams, lopt)], name)

    def test_autograd_training_loop(self):
        # a real loop: Linear layer, MSE loss, backward in each library
        rng = random.Random(5)
        xs = [[rng.gauss(0, 1) for _ in range(4)] for _ in range(8)]
        ys = [[rng.gauss(0, 1) for _ in range(2)] for _ in range(8)]
        w0 = [[rng.gauss(0, 0.5) for _ in range(4)] for _ in range(2)]
        b0 = [rng.gauss(0, 0.5) for _ in range(2)]
        for name in ("SGD", "Adam", "AdamW", "RMSprop", "NAdam"):
            finals = []
            for T in (real_torch, lt):
                w = T.tensor(w0, dtype=T.float64, requires_grad=True)
                b = T.tensor(b0, dtype=T.float64, requires_grad=True)
                x, y = T.tensor(xs, dtype=T.float64), T.tensor(ys, dtype=T.float64)
                kwargs = {"lr": 0.05, "momentum": 0.9} if name in ("SGD", "RMSprop") else \
                    {"lr": 0.05}
                opt = getattr(T.optim, name)([w, b], **kwargs)
                for _ in range(20):
                    opt.zero_grad()
                    loss = ((x @ w.t() + b - y) ** 2).mean()
                    loss.backward()
                    opt.step()
                finals.append(_flatten(w.tolist()) + b.tolist())
            for a, b_ in zip(finals[1], finals[0]):
                with self.subTest(name):
                    self.assertTrue(_close(a, b_), f"{name}: {a} vs {b_}")


def _rosenbrock(v):
    a, b = v
    return ((1 - a) ** 2 + 100 * (b - a * a) ** 2,
            [-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)])


@unittest.skipUnless(real_torch is not None, "PyTorch is not installed")
class TestLBFGSMatchesTorch(unittest.TestCase):
    def run_both(self, kwargs, steps, fn, x0):
        results = []
        for T in (real_torch, lt):
            x = T.tensor(x0, dtype=T.float64, requires_grad=True)
            opt = T.optim.LBFGS([x], **kwargs)
            evaluations = []

            def closure():
                f, g = fn(x.tolist())
                evaluations.append(f)
                x.grad = T.tensor(g, dtype=T.float64)
                return T.tensor(f, dtype=T.float64)

            losses = [float(opt.step(closure)) for _ in range(steps)]
            state = opt.state[x]
            results.append((x.tolist(), losses, state["func_evals"], state["n_iter"],
                            len(evaluations), sorted(state)))
        return results

    def test_rosenbrock_first_step(self):
        # one step = up to max_iter iterations; later steps amplify rounding
        # (Rosenbrock's valley is ill-conditioned), so compare the first closely
        configs = [dict(), dict(line_search_fn="strong_wolfe"), dict(history_size=3),
                   dict(history_size=3, line_search_fn="strong_wolfe"),
                   dict(lr=0.5, max_iter=7), dict(lr=0.5, max_iter=7,
                                                  line_search_fn="strong_wolfe"),
                   dict(max_iter=50, max_eval=30, line_search_fn="strong_wolfe"),
                   dict(tolerance_grad=1e-3, tolerance_change=1e-5)]
        for kwargs in configs:
            for x0 in ([-1.5, 2.0], [0.5, -0.7], [1.2, 1.2]):
                with self.subTest(kwargs=kwargs, x0=x0):
                    (tx, tl, tfe, tni, tne, tkeys), (lx, ll, lfe, lni, lne, lkeys) = \
                        self.run_both(kwargs, 1, _rosenbrock, x0)
                    self.assertEqual((lfe, lni, lne), (tfe, tni, tne))
                    self.assertEqual(lkeys, tkeys)
                    for a, b in zip(lx + ll, tx + tl):
                        self.assertTrue(_close(a, b, rtol=1e-8), f"{a} vs {b}")

    def test_rosenbrock_converges_like_torch(self):
        for kwargs in (dict(line_search_fn="strong_wolfe"), dict(lr=0.5), dict()):
            with self.subTest(kwargs):
                (tx, *_), (lx, *_) = self.run_both(kwargs, 10, _rosenbrock, [-1.5, 2.0])
                for a, b in zip(lx, tx):
                    self.assertAlmostEqual(a, 1.0, delta=1e-4)
                    self.assertAlmostEqual(a, b, delta=1e-5)

    def test_quadratic_many_steps(self):
        problem = Problem(11, shapes=[(5,)])

        def fn(v):  # f = x.Hx / 2 - b.x + 0.3 sum(1 - cos x), gradient problem.grad
            hx = [sum(h * x for h, x in zip(row, v)) for row in problem.H]
            f = sum(0.5 * x * hxi - bi * x + 0.3 * (1 - math.cos(x))
                    for x, hxi, bi in zip(v, hx, problem.b))
            return f, problem.grad(v)

        for kwargs in (dict(max_iter=3), dict(max_iter=3, line_search_fn="strong_wolfe"),
                       dict(max_iter=2, history_size=2, lr=0.8)):
            with self.subTest(kwargs):
                (tx, tl, *trest), (lx, ll, *lrest) = self.run_both(kwargs, 4, fn, problem.x0)
                self.assertEqual(lrest, trest)
                for a, b in zip(lx + ll, tx + tl):
                    self.assertTrue(_close(a, b), f"{a} vs {b}")


if __name__ == "__main__":
    unittest.main()
