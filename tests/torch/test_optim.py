"""latpy.torch.optim: update rules by hand, convergence, state dicts, groups, errors.

Each hand-computed test writes the update in plain Python next to the check.
"""

import math
import unittest
import warnings

import latpy.torch as torch
from latpy.torch import nn, optim


def param(*values):
    return torch.tensor(list(values), requires_grad=True)


def set_grad(p, *values):
    p.grad = torch.tensor(list(values))


def close(test, got, expected, places=12):
    test.assertEqual(len(got), len(expected))
    for a, b in zip(got, expected):
        test.assertAlmostEqual(a, b, places=places)


class TestSingleSteps(unittest.TestCase):
    """Two steps of every optimizer against the formula written out."""

    def test_sgd_momentum_dampening_weight_decay(self):
        p = param(1.0, -2.0)
        opt = optim.SGD([p], lr=0.1, momentum=0.9, dampening=0.2, weight_decay=0.5)
        x, buf = [1.0, -2.0], None
        for g in ([0.5, 1.0], [-1.0, 2.0]):
            set_grad(p, *g)
            opt.step()
            d = [gi + 0.5 * xi for gi, xi in zip(g, x)]            # weight decay
            buf = d if buf is None else [0.9 * b + 0.8 * di for b, di in zip(buf, d)]
            x = [xi - 0.1 * b for xi, b in zip(x, buf)]
            close(self, p.tolist(), x)
        close(self, opt.state[p]["momentum_buffer"].tolist(), buf)

    def test_sgd_nesterov_and_maximize(self):
        p = param(1.0)
        opt = optim.SGD([p], lr=0.1, momentum=0.5, nesterov=True, maximize=True)
        x, buf = 1.0, None
        for g in (2.0, -1.0):
            set_grad(p, g)
            opt.step()
            d = -g                                                 # maximize
            buf = d if buf is None else 0.5 * buf + d
            x -= 0.1 * (d + 0.5 * buf)                             # nesterov
            close(self, p.tolist(), [x])

    def test_sgd_without_momentum_keeps_no_state(self):
        p = param(1.0)
        opt = optim.SGD([p], lr=0.5)
        set_grad(p, 2.0)
        opt.step()
        self.assertEqual(p.tolist(), [0.0])
        self.assertEqual(dict(opt.state), {})

    def adam_reference(self, grads, lr, b1, b2, eps, wd=0.0, amsgrad=False, decoupled=False,
                       x=1.0):
        m = v = vmax = 0.0
        for t, g in enumerate(grads, 1):
            if wd and decoupled:
                x *= 1 - lr * wd
            elif wd:
                g = g + wd * x
            m = m + (1 - b1) * (g - m)
            v = b2 * v + (1 - b2) * g * g
            vmax = max(vmax, v)
            vhat = (vmax if amsgrad else v) / (1 - b2 ** t)
            x -= lr / (1 - b1 ** t) * m / (math.sqrt(vhat) + eps)
        return x

    def test_adam_variants(self):
        grads = [0.3, -1.2, 0.7, 0.7]
        for kwargs in (dict(), dict(amsgrad=True), dict(weight_decay=0.1),
                       dict(weight_decay=0.1, decoupled_weight_decay=True)):
            with self.subTest(kwargs):
                p = param(1.0)
                opt = optim.Adam([p], lr=0.05, betas=(0.8, 0.9), eps=1e-3, **kwargs)
                for g in grads:
                    set_grad(p, g)
                    opt.step()
                expected = self.adam_reference(
                    grads, 0.05, 0.8, 0.9, 1e-3, wd=kwargs.get("weight_decay", 0.0),
                    amsgrad=kwargs.get("amsgrad", False),
                    decoupled=kwargs.get("decoupled_weight_decay", False))
                close(self, p.tolist(), [expected])
                self.assertEqual(opt.state[p]["step"].item(), 4.0)

    def test_adamw_is_decoupled(self):
        p = param(2.0)
        opt = optim.AdamW([p], lr=0.1, weight_decay=0.3)
        self.assertTrue(opt.param_groups[0]["decoupled_weight_decay"])
        set_grad(p, 0.5)
        opt.step()
        # x = 2 (1 - 0.03); then the Adam step of size lr * m_hat / (sqrt(v_hat) + eps)
        expected = 2.0 * (1 - 0.1 * 0.3) - 0.1 * 0.5 / (0.5 + 1e-8)
        close(self, p.tolist(), [expected])

    def test_adamax(self):
        p = param(1.0)
        opt = optim.Adamax([p], lr=0.1, betas=(0.5, 0.8), eps=1e-3)
        x, m, u = 1.0, 0.0, 0.0
        for t, g in enumerate((0.4, -2.0, 0.1), 1):
            set_grad(p, g)
            opt.step()
            m = m + 0.5 * (g - m)
            u = max(0.8 * u, abs(g) + 1e-3)
            x -= 0.1 / (1 - 0.5 ** t) * m / u
            close(self, p.tolist(), [x])

    def test_nadam(self):
        for decoupled in (False, True):
            p = param(1.0)
            opt = optim.NAdam([p], lr=0.1, betas=(0.9, 0.99), weight_decay=0.2,
                              decoupled_weight_decay=decoupled)
            x, m, v, mu_prod = 1.0, 0.0, 0.0, 1.0
            for t, g in enumerate((0.4, -2.0, 0.1), 1):
                set_grad(p, g)
                opt.step()
                if decoupled:
                    x *= 1 - 0.1 * 0.2
                else:
                    g = g + 0.2 * x
                mu = 0.9 * (1 - 0.5 * 0.96 ** (t * 0.004))
                mu_next = 0.9 * (1 - 0.5 * 0.96 ** ((t + 1) * 0.004))
                mu_prod *= mu
                m = m + 0.1 * (g - m)
                v = 0.99 * v + 0.01 * g * g
                denom = math.sqrt(v / (1 - 0.99 ** t)) + 1e-8
                x -= 0.1 * (1 - mu) / (1 - mu_prod) * g / denom
                x -= 0.1 * mu_next / (1 - mu_prod * mu_next) * m / denom
                close(self, p.tolist(), [x])
            self.assertAlmostEqual(opt.state[p]["mu_product"].item(), mu_prod, places=14)

    def test_radam_both_regimes(self):
        p = param(1.0)
        opt = optim.RAdam([p], lr=0.1, betas=(0.9, 0.9))
        x, m, v = 1.0, 0.0, 0.0
        rho_inf = 2 / (1 - 0.9) - 1                                # 19
        regimes = set()
        for t in range(1, 9):
            g = math.sin(t)
            set_grad(p, g)
            opt.step()
            m = m + 0.1 * (g - m)
            v = 0.9 * v + 0.1 * g * g
            m_hat = m / (1 - 0.9 ** t)
            rho_t = rho_inf - 2 * t * 0.9 ** t / (1 - 0.9 ** t)
            if rho_t > 5:
                r = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf
                              / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
                x -= m_hat * 0.1 * math.sqrt(1 - 0.9 ** t) / (math.sqrt(v) + 1e-8) * r
            else:
                x -= m_hat * 0.1
            regimes.add(rho_t > 5)
            close(self, p.tolist(), [x])
        self.assertEqual(regimes, {False, True})

    def test_rmsprop_variants(self):
        for momentum, centered in ((0.0, False), (0.5, False), (0.0, True), (0.5, True)):
            with self.subTest(momentum=momentum, centered=centered):
                p = param(1.0)
                opt = optim.RMSprop([p], lr=0.01, alpha=0.9, momentum=momentum,
                                    centered=centered)
                x, v, a, buf = 1.0, 0.0, 0.0, 0.0
                for g in (0.4, -2.0, 0.1):
                    set_grad(p, g)
                    opt.step()
                    v = 0.9 * v + 0.1 * g * g
                    a = a + 0.1 * (g - a)
                    avg = math.sqrt(v - a * a if centered else v) + 1e-8
                    if momentum:
                        buf = momentum * buf + g / avg
                        x -= 0.01 * buf
                    else:
                        x -= 0.01 * g / avg
                    close(self, p.tolist(), [x])
                names = {"step", "square_avg"} | ({"momentum_buffer"} if momentum else set()) \
                    | ({"grad_avg"} if centered else set())
                self.assertEqual(set(opt.state[p]), names)

    def test_adagrad(self):
        p = param(1.0)
        opt = optim.Adagrad([p], lr=0.1, lr_decay=0.5, initial_accumulator_value=0.2)
        self.assertEqual(set(opt.state[p]), {"step", "sum"})      # created up front
        x, s = 1.0, 0.2
        for t, g in enumerate((0.4, -2.0, 0.1), 1):
            set_grad(p, g)
            opt.step()
            clr = 0.1 / (1 + (t - 1) * 0.5)
            s += g * g
            x -= clr * g / (math.sqrt(s) + 1e-10)
            close(self, p.tolist(), [x])

    def test_adadelta(self):
        p = param(1.0)
        opt = optim.Adadelta([p], rho=0.8, weight_decay=0.1)
        x, v, u = 1.0, 0.0, 0.0
        for g in (0.4, -2.0, 0.1):
            set_grad(p, g)
            opt.step()
            g = g + 0.1 * x
            v = 0.8 * v + 0.2 * g * g
            delta = math.sqrt(u + 1e-6) / math.sqrt(v + 1e-6) * g
            u = 0.8 * u + 0.2 * delta * delta
            x -= 1.0 * delta
            close(self, p.tolist(), [x])


def quadratic_loss(params):
    """sum_i c_i (x_i - t_i)^2 over the flattened params, minimum at t."""
    total = None
    k = 0
    for p in params:
        n = p.numel()
        target = torch.tensor([0.5 * (k + i) - 1.0 for i in range(n)]).reshape(p.shape)
        scale = torch.tensor([1.0 + 0.5 * ((k + i) % 3) for i in range(n)]).reshape(p.shape)
        term = (scale * (p - target) ** 2).sum()
        total = term if total is None else total + term
        k += n
    return total


CONVERGE = {
    optim.SGD: dict(lr=0.1, momentum=0.5), optim.Adam: dict(lr=0.1),
    optim.AdamW: dict(lr=0.1, weight_decay=0.0), optim.Adamax: dict(lr=0.2),
    optim.NAdam: dict(lr=0.1), optim.RAdam: dict(lr=0.1), optim.RMSprop: dict(lr=0.02),
    optim.Adagrad: dict(lr=0.5), optim.Adadelta: dict(lr=10.0),
}


class TestConvergence(unittest.TestCase):
    def test_quadratic(self):
        for cls, kwargs in CONVERGE.items():
            with self.subTest(cls.__name__):
                params = [torch.zeros(3, requires_grad=True),
                          torch.ones(2, 2, requires_grad=True)]
                opt = cls(params, **kwargs)
                for _ in range(300):
                    opt.zero_grad()
                    loss = quadratic_loss(params)
                    loss.backward()
                    opt.step()
                self.assertLess(quadratic_loss(params).item(), 1e-3)

    def test_lbfgs_quadratic_and_rosenbrock(self):
        for line_search in (None, "strong_wolfe"):
            params = [torch.zeros(3, requires_grad=True), torch.ones(2, 2, requires_grad=True)]
            opt = optim.LBFGS(params, line_search_fn=line_search)

            def closure():
                opt.zero_grad()
                loss = quadratic_loss(params)
                loss.backward()
                return loss
            for _ in range(3):
                opt.step(closure)
            self.assertLess(quadratic_loss(params).item(), 1e-10)
        x = param(-1.5, 2.0)
        opt = optim.LBFGS([x], line_search_fn="strong_wolfe")

        def rosenbrock():
            opt.zero_grad()
            loss = (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2
            loss.backward()
            return loss
        first = opt.step(rosenbrock)
        self.assertAlmostEqual(first.item(), 2.5 ** 2 + 100 * 0.25 ** 2)  # the first loss
        for _ in range(4):
            opt.step(rosenbrock)
        close(self, x.tolist(), [1.0, 1.0], places=4)
        state = opt.state[x]
        for key in ("func_evals", "n_iter", "d", "t", "old_dirs", "old_stps", "ro",
                    "H_diag", "prev_flat_grad", "prev_loss"):
            self.assertIn(key, state)

    def test_training_a_module(self):
        torch.manual_seed(0)
        model = nn.Linear(3, 1)
        x = torch.randn(16, 3)
        y = x @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.3
        opt = optim.Adam(model.parameters(), lr=0.05)
        for _ in range(300):
            opt.zero_grad()
            loss = ((model(x) - y) ** 2).mean()
            loss.backward()
            opt.step()
        self.assertLess(loss.item(), 1e-4)


def run_steps(opt, params, n, start=0):
    for i in range(start, start + n):
        for j, p in enumerate(params):
            p.grad = torch.tensor([math.sin(i + j + k) for k in range(p.numel())]).reshape(
                p.shape)
        opt.step()


class TestStateDict(unittest.TestCase):
    OPTIMIZERS = [(optim.SGD, dict(lr=0.1, momentum=0.9)), (optim.Adam, dict(amsgrad=True)),
                  (optim.AdamW, {}), (optim.Adamax, {}), (optim.NAdam, {}), (optim.RAdam, {}),
                  (optim.RMSprop, dict(momentum=0.5, centered=True)), (optim.Adagrad, {}),
                  (optim.Adadelta, {})]

    def make(self, cls, kwargs):
        params = [torch.tensor([1.0, 2.0], requires_grad=True),
                  torch.tensor([[0.5], [-0.5]], requires_grad=True)]
        return params, cls([{"params": params[:1]}, {"params": params[1:], "lr": 0.05}],
                           **kwargs)

    def test_round_trip_resumes_identically(self):
        for cls, kwargs in self.OPTIMIZERS:
            with self.subTest(cls.__name__):
                params, opt = self.make(cls, kwargs)
                run_steps(opt, params, 4)
                saved = opt.state_dict()
                params2 = [torch.tensor(p.tolist(), requires_grad=True) for p in params]
                opt2 = cls([{"params": params2[:1]}, {"params": params2[1:]}], lr=123.0)
                opt2.load_state_dict(saved)
                self.assertEqual(opt2.param_groups[1]["lr"], 0.05)
                self.assertIs(opt2.param_groups[0]["params"][0], params2[0])
                run_steps(opt, params, 5, start=4)
                run_steps(opt2, params2, 5, start=4)
                for p, q in zip(params, params2):
                    self.assertEqual(p.tolist(), q.tolist())

    def test_through_save_and_load(self):
        import os
        import tempfile
        for cls, kwargs in self.OPTIMIZERS:
            with self.subTest(cls.__name__):
                params, opt = self.make(cls, kwargs)
                run_steps(opt, params, 3)
                with tempfile.TemporaryDirectory() as folder:
                    path = os.path.join(folder, "opt.pt")
                    torch.save(opt.state_dict(), path)
                    saved = torch.load(path)
                params2 = [torch.tensor(p.tolist(), requires_grad=True) for p in params]
                opt2 = cls([{"params": params2[:1]}, {"params": params2[1:]}])
                opt2.load_state_dict(saved)
                run_steps(opt, params, 3, start=3)
                run_steps(opt2, params2, 3, start=3)
                for p, q in zip(params, params2):
                    self.assertEqual(p.tolist(), q.tolist())

    def test_format(self):
        params, opt = self.make(optim.Adam, {})
        run_steps(opt, params, 2)
        sd = opt.state_dict()
        self.assertEqual(sorted(sd), ["param_groups", "state"])
        self.assertEqual(sorted(sd["state"]), [0, 1])
        self.assertEqual(sorted(sd["state"][0]), ["exp_avg", "exp_avg_sq", "step"])
        self.assertIsInstance(sd["state"][1]["exp_avg"], torch.Tensor)
        self.assertEqual(sd["state"][1]["step"].item(), 2.0)
        self.assertEqual([g["params"] for g in sd["param_groups"]], [[0], [1]])
        self.assertEqual(set(sd["param_groups"][0]), {
            "lr", "betas", "eps", "weight_decay", "amsgrad", "maximize", "foreach",
            "capturable", "differentiable", "fused", "decoupled_weight_decay", "params"})

    def test_load_copies_state(self):
        params, opt = self.make(optim.SGD, dict(lr=0.1, momentum=0.9))
        run_steps(opt, params, 2)
        opt2 = optim.SGD([{"params": params[:1]}, {"params": params[1:]}])
        opt2.load_state_dict(opt.state_dict())
        before = opt2.state[params[0]]["momentum_buffer"].tolist()
        run_steps(opt, params, 1)
        self.assertEqual(opt2.state[params[0]]["momentum_buffer"].tolist(), before)

    def test_numbers_and_string_keys_accepted(self):
        # e.g. a state dict that went through JSON: string indices, float steps
        p = param(1.0)
        opt = optim.Adam([p], lr=0.1)
        opt.load_state_dict({"state": {"0": {"step": 3.0, "exp_avg": torch.tensor([0.5]),
                                             "exp_avg_sq": torch.tensor([0.25])}},
                             "param_groups": [{"lr": 0.2, "params": ["0"]}]})
        self.assertIsInstance(opt.state[p]["step"], torch.Tensor)
        self.assertEqual(opt.param_groups[0]["betas"], (0.9, 0.999))  # default restored
        set_grad(p, 1.0)
        opt.step()
        self.assertEqual(opt.state[p]["step"].item(), 4.0)

    def test_mismatched_groups(self):
        params, opt = self.make(optim.SGD, dict(lr=0.1))
        sd = opt.state_dict()
        with self.assertRaisesRegex(ValueError, "different number of parameter groups"):
            optim.SGD(params, lr=0.1).load_state_dict(sd)
        with self.assertRaisesRegex(ValueError, "doesn't match the size"):
            optim.SGD([{"params": params[:1]}, {"params": [param(2.0), param(3.0)]}],
                      lr=0.1).load_state_dict(sd)
        with self.assertRaises(ValueError):
            opt.load_state_dict({"state": {}})


class TestGroupsAndInputs(unittest.TestCase):
    def test_groups_use_their_own_lr(self):
        a, b = param(1.0), param(1.0)
        opt = optim.SGD([{"params": [a]}, {"params": b, "lr": 0.01}], lr=0.1)
        set_grad(a, 1.0)
        set_grad(b, 1.0)
        opt.step()
        close(self, a.tolist() + b.tolist(), [0.9, 0.99])

    def test_add_param_group(self):
        a, b = param(1.0), param(1.0)
        opt = optim.Adam([a], lr=0.1)
        group = {"params": [b], "eps": 0.5}
        opt.add_param_group(group)
        self.assertIs(opt.param_groups[1], group)
        self.assertEqual((group["lr"], group["eps"]), (0.1, 0.5))
        with self.assertRaisesRegex(ValueError, "more than one parameter group"):
            opt.add_param_group({"params": [a]})
        ada = optim.Adagrad([param(1.0)])
        c = param(1.0)
        ada.add_param_group({"params": [c]})
        set_grad(c, 1.0)
        ada.step()                                  # state exists for the new group
        self.assertEqual(ada.state[c]["step"].item(), 1.0)

    def test_name_mapping_and_named_parameters(self):
        w, b = param(1.0, 2.0), param(0.0)
        opt = optim.SGD({"weight": w, "bias": b}, lr=0.1)
        self.assertEqual(opt.param_groups[0]["param_names"], ["weight", "bias"])
        self.assertIs(opt.param_groups[0]["params"][0], w)
        model = nn.Linear(2, 1)
        opt = optim.Adam(model.named_parameters())
        self.assertEqual(opt.param_groups[0]["param_names"], ["weight", "bias"])
        self.assertEqual(opt.state_dict()["param_groups"][0]["param_names"],
                         ["weight", "bias"])
        opt = optim.SGD(model.parameters(), lr=0.1)
        self.assertEqual(len(opt.param_groups[0]["params"]), 2)

    def test_params_without_grad_are_skipped(self):
        a, b = param(1.0), param(1.0)
        for cls in (optim.SGD, optim.Adam, optim.RMSprop, optim.NAdam, optim.Adadelta):
            opt = cls([a, b], lr=0.1) if cls is not optim.SGD else cls([a, b], lr=0.1,
                                                                       momentum=0.9)
            set_grad(a, 1.0)
            b.grad = None
            before = b.tolist()
            opt.step()
            self.assertEqual(b.tolist(), before)
            self.assertNotIn(b, opt.state)

    def test_zero_grad(self):
        p = param(1.0, 2.0)
        (p * p).sum().backward()
        opt = optim.SGD([p], lr=0.1)
        grad = p.grad
        opt.zero_grad(set_to_none=False)
        self.assertIs(p.grad, grad)
        self.assertEqual(p.grad.tolist(), [0.0, 0.0])
        opt.zero_grad()
        self.assertIsNone(p.grad)

    def test_step_builds_no_graph_and_returns_closure_loss(self):
        p = param(1.0, 2.0)
        for cls in (optim.SGD, optim.Adam, optim.RMSprop):
            opt = cls([p], lr=0.1)
            expected = sum(v * v for v in p.tolist())

            def closure():
                opt.zero_grad()
                loss = (p * p).sum()
                loss.backward()
                return loss
            loss = opt.step(closure)
            self.assertEqual(loss.item(), expected)   # the loss before the update
            self.assertNotEqual(sum(v * v for v in p.tolist()), expected)
            self.assertTrue(p.is_leaf and p.requires_grad)
            self.assertIsNone(p.grad_fn)

    def test_step_hooks(self):
        p = param(1.0)
        opt = optim.SGD([p], lr=0.1)
        calls = []
        handle = opt.register_step_pre_hook(lambda o, a, k: calls.append("pre"))
        opt.register_step_post_hook(lambda o, a, k: calls.append("post"))
        set_grad(p, 1.0)
        opt.step()
        handle.remove()
        opt.step()
        self.assertEqual(calls, ["pre", "post", "post"])

    def test_repr(self):
        opt = optim.SGD([param(1.0)], lr=0.1)
        text = repr(opt)
        self.assertTrue(text.startswith("SGD (\nParameter Group 0\n"))
        self.assertIn("    lr: 0.1\n", text)


class TestErrors(unittest.TestCase):
    def test_negative_or_invalid_hyperparameters(self):
        p = [param(1.0)]
        cases = [
            (optim.SGD, dict(lr=-0.1), "Invalid learning rate"),
            (optim.SGD, dict(momentum=-0.1), "Invalid momentum value"),
            (optim.SGD, dict(weight_decay=-1), "Invalid weight_decay value"),
            (optim.SGD, dict(nesterov=True), "Nesterov momentum requires"),
            (optim.SGD, dict(nesterov=True, momentum=0.9, dampening=0.1), "Nesterov"),
            (optim.Adam, dict(lr=-1.0), "Invalid learning rate"),
            (optim.Adam, dict(eps=-1.0), "Invalid epsilon value"),
            (optim.Adam, dict(betas=(1.0, 0.9)), "Invalid beta parameter at index 0"),
            (optim.Adam, dict(betas=(0.9, -0.1)), "Invalid beta parameter at index 1"),
            (optim.Adam, dict(betas=(0, 0.9)), "both floats"),
            (optim.AdamW, dict(weight_decay=-0.1), "Invalid weight_decay value"),
            (optim.Adamax, dict(betas=(0.9, 1.0)), "index 1"),
            (optim.NAdam, dict(momentum_decay=-1.0), "Invalid momentum_decay value"),
            (optim.RAdam, dict(lr=-1e-3), "Invalid learning rate"),
            (optim.RMSprop, dict(alpha=-0.5), "Invalid alpha value"),
            (optim.RMSprop, dict(momentum=-0.5), "Invalid momentum value"),
            (optim.Adagrad, dict(lr_decay=-1.0), "Invalid lr_decay value"),
            (optim.Adagrad, dict(initial_accumulator_value=-1.0),
             "Invalid initial_accumulator_value value"),
            (optim.Adadelta, dict(rho=1.5), "Invalid rho value"),
            (optim.LBFGS, dict(lr=-1.0), "Invalid learning rate"),
        ]
        for cls, kwargs, message in cases:
            with self.subTest(cls=cls.__name__, kwargs=kwargs):
                with self.assertRaisesRegex(ValueError, message):
                    cls(p, **kwargs)

    def test_bad_params(self):
        with self.assertRaisesRegex(TypeError, "iterable of Tensors or dicts"):
            optim.SGD(param(1.0), lr=0.1)
        with self.assertRaisesRegex(ValueError, "empty parameter list"):
            optim.Adam([])
        with self.assertRaisesRegex(TypeError, "can only optimize Tensors"):
            optim.Adam([1.0])
        with self.assertRaisesRegex(ValueError, "non-leaf"):
            optim.Adam([param(1.0) * 2])
        with self.assertRaisesRegex(TypeError, "ordered collections"):
            optim.Adam([{"params": {param(1.0)}}])
        a = param(1.0)
        with self.assertRaisesRegex(ValueError, "more than one parameter group"):
            optim.SGD([{"params": [a]}, {"params": [a]}], lr=0.1)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            optim.SGD([a, a], lr=0.1)
        self.assertTrue(any("duplicate parameters" in str(w.message) for w in caught))

    def test_lbfgs_rules(self):
        a, b = param(1.0), param(1.0)
        with self.assertRaisesRegex(ValueError, "parameter groups"):
            optim.LBFGS([{"params": [a]}, {"params": [b]}])
        with self.assertRaisesRegex(ValueError, "strong_wolfe"):
            optim.LBFGS([a], line_search_fn="backtracking")
        with self.assertRaises((RuntimeError, TypeError)):
            optim.LBFGS([a]).step()

    def test_unsupported_flags(self):
        with self.assertRaisesRegex(RuntimeError, "differentiable"):
            optim.Adam([param(1.0)], differentiable=True)
        with self.assertRaisesRegex(RuntimeError, "CPU"):
            optim.Adam([param(1.0)], capturable=True)
        with self.assertRaisesRegex(RuntimeError, "cannot be `True` together"):
            optim.SGD([param(1.0)], fused=True, foreach=True)
        optim.Adam([param(1.0)], foreach=True, lr=0.1)            # accepted, same maths

    def test_base_class_step(self):
        with self.assertRaises(NotImplementedError):
            optim.Optimizer([param(1.0)], {"lr": 0.1}).step()
        with self.assertRaisesRegex(ValueError, "required optimization parameter lr"):
            optim.Optimizer([param(1.0)], {"lr": optim.optimizer.required})


class TestDocstrings(unittest.TestCase):
    def test_examples_run(self):
        import doctest
        import importlib
        for name in ("optimizer", "sgd", "adam", "nadam", "rmsprop", "lbfgs",
                     "_scheduler_base", "lr_scheduler", "_schedulers_cyclic",
                     "_schedulers_meta"):
            module = importlib.import_module("latpy.torch.optim." + name)
            with self.subTest(name):
                result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
                self.assertEqual(result.failed, 0)
        for cls in (optim.Optimizer, optim.SGD, optim.Adam, optim.AdamW, optim.Adamax,
                    optim.NAdam, optim.RAdam, optim.RMSprop, optim.Adagrad, optim.Adadelta,
                    optim.LBFGS) + tuple(
                        getattr(optim.lr_scheduler, n) for n in optim.lr_scheduler.__all__
                        if isinstance(getattr(optim.lr_scheduler, n), type)
                        and not n.startswith("_")):
            with self.subTest(cls.__name__):
                self.assertIn(">>>", cls.__doc__ or "")


if __name__ == "__main__":
    unittest.main()
