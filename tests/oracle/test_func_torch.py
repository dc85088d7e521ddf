"""autograd.functional and torch.func against PyTorch (CPU, float64).

Random functions are built from ops both libraries have (+ - * / ** @, sin, cos,
exp, tanh, sigmoid, log, sqrt, sum, mean) and the same program is run in both;
every transform's result must agree, structure included (tuple vs Tensor).
Skipped when PyTorch is not installed.
"""

import random
import unittest

try:
    import torch as real_torch
except ImportError:  # pragma: no cover - the plain test run has no PyTorch
    real_torch = None

import latpy.torch as lt
from latpy.torch import func as lfunc
from latpy.torch.autograd import functional as LF

N_FUNCTIONS = 50
TOL = 1e-8


# ------------------------------------------------------------------ random programs
UNARY = [
    ("sin", lambda T, a: a.sin()),
    ("cos", lambda T, a: a.cos()),
    ("tanh", lambda T, a: a.tanh()),
    ("sigmoid", lambda T, a: a.sigmoid()),
    ("exp", lambda T, a: (a * 0.5).tanh().exp()),
    ("square", lambda T, a: a ** 2),
    ("cube", lambda T, a: a ** 3 * 0.1),
    ("pow", lambda T, a: T.pow(1.5 + a.sigmoid(), 2.0)),
    ("log", lambda T, a: T.log(1.0 + a * a)),
    ("sqrt", lambda T, a: T.sqrt(1.0 + a * a)),
    ("neg", lambda T, a: -a),
    ("scale", lambda T, a: 0.7 * a - 0.2),
]
BINARY = [
    ("add", lambda T, W, a, b: a + b),
    ("sub", lambda T, W, a, b: a - b),
    ("mul", lambda T, W, a, b: a * b),
    ("div", lambda T, W, a, b: a / (1.0 + b * b)),
    ("mul_sum", lambda T, W, a, b: a * b.sum()),
    ("mul_mean", lambda T, W, a, b: a * T.mean(b)),
    ("matvec", lambda T, W, a, b: T.matmul(W, a) + b),
    ("dot", lambda T, W, a, b: a * T.matmul(a, b)),
    ("outer_sum", lambda T, W, a, b: T.matmul(a.unsqueeze(1) * b, b)),
]


def make_program(rng):
    """A random straight-line program over two vector inputs."""
    steps = []
    n_values = 2
    for _ in range(rng.randint(2, 5)):
        if rng.random() < 0.5:
            steps.append(("u", rng.randrange(len(UNARY)), rng.randrange(n_values)))
        else:
            steps.append(("b", rng.randrange(len(BINARY)), rng.randrange(n_values),
                          rng.randrange(n_values)))
        n_values += 1
    return steps


def run_program(T, W, steps, x, y):
    values = [x, y]
    for step in steps:
        if step[0] == "u":
            values.append(UNARY[step[1]][1](T, values[step[2]]))
        else:
            values.append(BINARY[step[1]][1](T, W, values[step[2]], values[step[3]]))
    # Use both inputs so no Jacobian block is trivially zero (zeros are checked elsewhere).
    return values[-1] + 0.3 * values[-2] * x - 0.1 * y


def describe(steps):
    return " ; ".join(UNARY[s[1]][0] if s[0] == "u" else BINARY[s[1]][0] for s in steps)


# ------------------------------------------------------------------ comparison
def to_list(tree):
    """Nested Python structure of a result: Tensors become ('T', shape, values)."""
    if isinstance(tree, list):
        return [to_list(t) for t in tree]
    if isinstance(tree, tuple):
        return tuple(to_list(t) for t in tree)
    if isinstance(tree, dict):
        return {k: to_list(v) for k, v in tree.items()}
    if isinstance(tree, lt.Tensor) or (real_torch is not None and
                                       isinstance(tree, real_torch.Tensor)):
        return ("T", tuple(tree.shape), tree.detach().reshape(-1).tolist())
    return tree


@unittest.skipUnless(real_torch is not None, "PyTorch is not installed")
class TestAgainstPyTorch(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        real_torch.set_default_dtype(real_torch.float64)
        cls.cases = []
        rng = random.Random(1234)
        for _ in range(N_FUNCTIONS):
            n = rng.randint(1, 3)
            steps = make_program(rng)
            data = {name: [rng.uniform(-1.5, 1.5) for _ in range(n)]
                    for name in ("x", "y", "u", "v", "w", "c")}
            matrix = [[rng.uniform(-1, 1) for _ in range(n)] for _ in range(n)]
            cls.cases.append((steps, n, data, matrix))

    def assertSame(self, ours, theirs, what):
        a, b = to_list(ours), to_list(theirs)
        self._compare(a, b, what)

    def _compare(self, a, b, what):
        if isinstance(b, tuple) and b and b[0] == "T":
            self.assertIsInstance(a, tuple, what)
            self.assertEqual(a[:2], b[:2], f"{what}: shape")
            for p, q in zip(a[2], b[2]):
                self.assertLessEqual(abs(p - q), TOL * (1 + abs(q)), f"{what}: {a} vs {b}")
            return
        if isinstance(b, (tuple, list)):
            self.assertIs(type(a), type(b), f"{what}: structure {a} vs {b}")
            self.assertEqual(len(a), len(b), f"{what}: structure")
            for i, (p, q) in enumerate(zip(a, b)):
                self._compare(p, q, f"{what}[{i}]")
            return
        self.assertEqual(a, b, what)

    def each_case(self):
        for index, (steps, n, data, matrix) in enumerate(self.cases):
            def make(T, names):
                return tuple(T.tensor(data[k]) for k in names)
            Wl, Wt = lt.tensor(matrix), real_torch.tensor(matrix)

            def fl(x, y, _s=steps, _W=Wl):
                return run_program(lt, _W, _s, x, y)

            def ft(x, y, _s=steps, _W=Wt):
                return run_program(real_torch, _W, _s, x, y)
            yield index, describe(steps), make, fl, ft

    # -------------------------------------------------- torch.autograd.functional
    def test_functional_jacobian_vjp_jvp(self):
        for i, desc, make, fl, ft in self.each_case():
            with self.subTest(case=i, program=desc):
                xl, yl, vl, ul = make(lt, "xyvu")
                xt, yt, vt, ut = make(real_torch, "xyvu")
                self.assertSame(LF.jacobian(fl, (xl, yl)),
                                real_torch.autograd.functional.jacobian(ft, (xt, yt)), "jac")
                self.assertSame(LF.jacobian(lambda x: fl(x, yl), xl),
                                real_torch.autograd.functional.jacobian(lambda x: ft(x, yt), xt),
                                "jac single")
                self.assertSame(LF.vjp(fl, (xl, yl), vl),
                                real_torch.autograd.functional.vjp(ft, (xt, yt), vt), "vjp")
                self.assertSame(LF.jvp(fl, (xl, yl), (vl, ul)),
                                real_torch.autograd.functional.jvp(ft, (xt, yt), (vt, ut)),
                                "jvp")

    def test_functional_hessian_hvp_vhp(self):
        for i, desc, make, fl, ft in self.each_case():
            with self.subTest(case=i, program=desc):
                xl, yl, vl, ul, cl = make(lt, "xyvuc")
                xt, yt, vt, ut, ct = make(real_torch, "xyvuc")

                def sl(x, y):
                    return (fl(x, y) * cl).sum()

                def st(x, y):
                    return (ft(x, y) * ct).sum()
                TF = real_torch.autograd.functional
                self.assertSame(LF.hessian(sl, (xl, yl)), TF.hessian(st, (xt, yt)), "hessian")
                self.assertSame(LF.hessian(lambda x: sl(x, yl), xl),
                                TF.hessian(lambda x: st(x, yt), xt), "hessian single")
                self.assertSame(LF.hvp(sl, (xl, yl), (vl, ul)),
                                TF.hvp(st, (xt, yt), (vt, ut)), "hvp")
                self.assertSame(LF.vhp(sl, (xl, yl), (vl, ul)),
                                TF.vhp(st, (xt, yt), (vt, ut)), "vhp")

    # -------------------------------------------------- torch.func
    def test_func_grad_jacrev_jacfwd(self):
        TFn = real_torch.func
        for i, desc, make, fl, ft in self.each_case():
            with self.subTest(case=i, program=desc):
                xl, yl, cl = make(lt, "xyc")
                xt, yt, ct = make(real_torch, "xyc")

                def sl(x, y):
                    return (fl(x, y) * cl).sum()

                def st(x, y):
                    return (ft(x, y) * ct).sum()
                self.assertSame(lfunc.grad(sl)(xl, yl), TFn.grad(st)(xt, yt), "grad")
                self.assertSame(lfunc.grad(sl, argnums=(0, 1))(xl, yl),
                                TFn.grad(st, argnums=(0, 1))(xt, yt), "grad argnums")
                self.assertSame(lfunc.grad_and_value(sl, argnums=1)(xl, yl),
                                TFn.grad_and_value(st, argnums=1)(xt, yt), "grad_and_value")
                self.assertSame(lfunc.jacrev(fl, argnums=(0, 1))(xl, yl),
                                TFn.jacrev(ft, argnums=(0, 1))(xt, yt), "jacrev")
                self.assertSame(lfunc.jacfwd(fl)(xl, yl), TFn.jacfwd(ft)(xt, yt), "jacfwd")
                self.assertSame(lfunc.hessian(sl)(xl, yl), TFn.hessian(st)(xt, yt), "hessian")
                self.assertSame(lfunc.hessian(sl, argnums=(0, 1))(xl, yl),
                                TFn.hessian(st, argnums=(0, 1))(xt, yt), "hessian argnums")

    def test_func_vjp_jvp_hvp_vmap(self):
        TFn = real_torch.func
        for i, desc, make, fl, ft in self.each_case():
            with self.subTest(case=i, program=desc):
                xl, yl, vl, ul, cl = make(lt, "xyvuc")
                xt, yt, vt, ut, ct = make(real_torch, "xyvuc")
                out_l, fn_l = lfunc.vjp(fl, xl, yl)
                out_t, fn_t = TFn.vjp(ft, xt, yt)
                self.assertSame(out_l, out_t, "vjp output")
                self.assertSame(fn_l(vl), fn_t(vt), "vjp_fn")
                self.assertSame(lfunc.jvp(fl, (xl, yl), (vl, ul)),
                                TFn.jvp(ft, (xt, yt), (vt, ut)), "jvp")

                def sl(x):
                    return (fl(x, yl) * cl).sum()

                def st(x):
                    return (ft(x, yt) * ct).sum()
                value, hv = lfunc.hvp(sl, (xl,), (vl,))
                self.assertSame(value, st(xt), "hvp value")
                self.assertSame(hv, TFn.jvp(TFn.grad(st), (xt,), (vt,))[1], "hvp")
                batch_l = lt.stack([xl, vl, ul])
                batch_t = real_torch.stack([xt, vt, ut])
                self.assertSame(lfunc.vmap(fl, in_dims=(0, None))(batch_l, yl),
                                TFn.vmap(ft, in_dims=(0, None))(batch_t, yt), "vmap")
                self.assertSame(lfunc.vmap(lfunc.grad(sl))(batch_l),
                                TFn.vmap(TFn.grad(st))(batch_t), "vmap grad")

    def test_higher_order_grad(self):
        TFn = real_torch.func
        for i, desc, make, fl, ft in self.each_case():
            if i % 3:
                continue  # third derivatives: a third of the cases is plenty
            with self.subTest(case=i, program=desc):
                xl, yl, cl = make(lt, "xyc")
                xt, yt, ct = make(real_torch, "xyc")

                def sl(x):
                    return (fl(x, yl) * cl).sum()

                def st(x):
                    return (ft(x, yt) * ct).sum()
                self.assertSame(lfunc.jacrev(lfunc.hessian(sl))(xl),
                                TFn.jacrev(TFn.hessian(st))(xt), "third derivative")

    def test_structures_match(self):
        """Tuple-vs-Tensor results for every input/output combination."""
        TF = real_torch.autograd.functional
        xl, yl = lt.tensor([0.3, -0.2]), lt.tensor([0.5, 0.1])
        xt, yt = real_torch.tensor([0.3, -0.2]), real_torch.tensor([0.5, 0.1])
        cases = [
            (lambda T: (lambda x: x.sin()), "x"),
            (lambda T: (lambda x: (x.sin(), x * 2)), "x"),
            (lambda T: (lambda x, y: x * y), "xy"),
            (lambda T: (lambda x, y: (x * y, x.sum())), "xy"),
        ]
        for make_f, names in cases:
            fl, ft = make_f(lt), make_f(real_torch)
            args_l = xl if names == "x" else (xl, yl)
            args_t = xt if names == "x" else (xt, yt)
            self.assertSame(LF.jacobian(fl, args_l), TF.jacobian(ft, args_t), names)
            args_l1 = (xl,) if names == "x" else (xl, yl)
            args_t1 = (xt,) if names == "x" else (xt, yt)
            self.assertSame(LF.jacobian(fl, args_l1), TF.jacobian(ft, args_t1), names)
            self.assertSame(lfunc.jacrev(fl)(*args_l1), real_torch.func.jacrev(ft)(*args_t1),
                            names)
            self.assertSame(lfunc.jacfwd(fl)(*args_l1), real_torch.func.jacfwd(ft)(*args_t1),
                            names)
            for args_l2, args_t2 in ((args_l, args_t), (args_l1, args_t1)):
                self.assertSame(
                    LF.jacobian(fl, args_l2, vectorize=True, strategy="forward-mode"),
                    TF.jacobian(ft, args_t2, vectorize=True, strategy="forward-mode"),
                    names + " forward-mode")  # PyTorch gives lists here, and so must we
        hl = LF.hessian(lambda x, y: (x * x * y).sum(), (xl, yl), vectorize=True,
                        outer_jacobian_strategy="forward-mode")
        ht = TF.hessian(lambda x, y: (x * x * y).sum(), (xt, yt), vectorize=True,
                        outer_jacobian_strategy="forward-mode")
        self.assertSame(hl, ht, "hessian forward-mode")


if __name__ == "__main__":
    unittest.main()
