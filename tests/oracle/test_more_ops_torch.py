"""more_ops (indexing, pad, sorting, scans, einsum, cdist, activations) against
PyTorch (CPU, float64): values, gradients and -- for the smooth ops -- second
derivatives, over ~250 random cases. Every case is one program ``f(T, *xs)``
run with ``T = latpy.torch`` and with ``T = torch``. Skipped when PyTorch is not
installed.
"""

import itertools
import math
import os
import random
import unittest

try:
    import torch as real_torch
except ImportError:  # pragma: no cover - the plain test run has no PyTorch
    real_torch = None

import latpy as lp
import latpy.torch as lt

SEED = int(os.environ.get("LATPY_ORACLE_SEED", "0"))
TOL = 1e-9


def _f(T, name):  # activations and pad: torch.nn.functional in PyTorch
    return getattr(lt.more_ops, name) if T is lt else getattr(real_torch.nn.functional, name)


def _randn(rng, shape, avoid=(), scale=2.0):
    values = []
    for _ in range(math.prod(shape)):
        v = rng.gauss(0.0, scale)
        while any(abs(v - a) < 0.01 for a in avoid):
            v = rng.gauss(0.0, scale)
        values.append(v)
    return values, shape


def _shape(rng, lo=0, hi=3, size=3):
    return tuple(rng.randint(1, size) for _ in range(rng.randint(lo, hi)))


def _ints(T, values, shape):
    return T.tensor(values, dtype=T.int64).reshape(shape)


class Oracle(unittest.TestCase):
    def _tensors(self, T, inputs):
        if T is lt:
            return [lt.tensor(lp.array(v, dtype=float).reshape(s)).requires_grad_()
                    for v, s in inputs]
        return [real_torch.tensor(v, dtype=real_torch.float64).reshape(s).requires_grad_()
                for v, s in inputs]

    def _close(self, got, want, what, tol=TOL):
        got = got.detach().reshape(-1).tolist() if hasattr(got, "detach") else [got]
        want = want.detach().reshape(-1).tolist() if hasattr(want, "detach") else [want]
        self.assertEqual(len(got), len(want), what)
        for a, b in zip(got, want):
            if isinstance(b, float) and math.isnan(b):
                self.assertTrue(math.isnan(a), f"{what}: {a} vs nan")
            elif isinstance(b, float) and math.isinf(b):
                self.assertEqual(a, b, what)
            else:
                self.assertLessEqual(abs(a - b), tol * (1 + abs(b)), f"{what}: {a} vs {b}")

    def run_case(self, name, program, inputs, rng, second=False, tol=TOL):
        """Values, gradients of sum(w * y) and (optionally) a Hessian-vector product."""
        weights = [rng.gauss(0, 1) for _ in range(4096)]
        results = {}
        for T in (lt, real_torch):
            xs = self._tensors(T, inputs)
            y = program(T, *xs)
            w = T.tensor(weights[:y.numel()], dtype=T.float64).reshape(tuple(y.shape))
            loss = (y * w + 0.5 * y * y).sum()
            grads = T.autograd.grad(loss, xs, create_graph=second, allow_unused=True)
            hv = None
            if second:
                vs = [T.tensor(weights[-x.numel():] if x.numel() else [],
                               dtype=T.float64).reshape(tuple(x.shape)) for x in xs]
                total = sum((g * v).sum() for g, v in zip(grads, vs) if g is not None)
                hv = T.autograd.grad(total, xs, allow_unused=True) if total.requires_grad \
                    else [None] * len(xs)
            results[T] = (y, grads, hv)
        (ly, lg, lh), (py, pg, ph) = results[lt], results[real_torch]
        self.assertEqual(tuple(ly.shape), tuple(py.shape), name)
        self._close(ly, py, f"{name} values", tol)
        for k, (a, b) in enumerate(zip(lg, pg)):
            if b is not None:
                self._close(a if a is not None else b * 0, b, f"{name} grad {k}", tol)
        if second:
            for k, (a, b) in enumerate(zip(lh, ph)):
                if b is not None:
                    self._close(a if a is not None else b * 0, b, f"{name} hvp {k}", 1e-7)

    # ------------------------------------------------------------ indexing
    def test_indexing(self):
        rng = random.Random(SEED * 100 + 1)
        for case in range(60):
            shape = _shape(rng, 1, 3)
            dim = rng.randrange(len(shape))
            n = shape[dim]
            kind = case % 10
            if kind < 3:  # gather / scatter / scatter_add with random index shapes
                ishape = tuple(rng.randint(1, 4) if d == dim else rng.randint(1, m)
                               for d, m in enumerate(shape))
                rows = [rng.randrange(n) for _ in range(math.prod(ishape))]
                if kind == 1:  # scatter: keep the targets distinct along each lane
                    ishape = tuple(min(m, n) if d == dim else m for d, m in enumerate(ishape))
                    rows = _distinct_rows(rng, ishape, dim, n)
                op = ("gather", "scatter", "scatter_add")[kind]
                if op == "gather":
                    self.run_case(op, lambda T, x: T.gather(x, dim, _ints(T, rows, ishape)),
                                  [_randn(rng, shape)], rng, second=case < 10)
                else:
                    self.run_case(op, lambda T, x, s: getattr(T, op)(
                        x, dim, _ints(T, rows, ishape), s),
                        [_randn(rng, shape), _randn(rng, ishape)], rng)
            elif kind == 3:
                rows = [rng.randrange(n) for _ in range(rng.randint(1, 4))]
                self.run_case("index_select", lambda T, x: T.index_select(
                    x, dim, _ints(T, rows, (len(rows),))), [_randn(rng, shape)], rng)
            elif kind == 4:
                mshape = shape[rng.randrange(len(shape) + 1):]
                mask = [rng.random() < 0.5 for _ in range(math.prod(mshape))]
                self.run_case("masked_fill", lambda T, x, v: T.masked_fill(
                    x, T.tensor(mask).reshape(mshape), v.reshape(())),
                    [_randn(rng, shape), _randn(rng, (1,))], rng)
                self.run_case("masked_select", lambda T, x: T.masked_select(
                    x, T.tensor(mask).reshape(mshape)), [_randn(rng, shape)], rng)
            elif kind == 5:
                total = math.prod(shape)
                where = [rng.randrange(-total, total) for _ in range(rng.randint(1, 5))]
                self.run_case("take", lambda T, x: T.take(x, _ints(T, where, (len(where),))),
                              [_randn(rng, shape)], rng)
            elif kind == 6:
                rows = [rng.randrange(n) for _ in range(rng.randint(1, 4))]
                sshape = tuple(len(rows) if d == dim else m for d, m in enumerate(shape))
                self.run_case("index_add", lambda T, x, s: T.index_add(
                    x, dim, _ints(T, rows, (len(rows),)), s, alpha=1.5),
                    [_randn(rng, shape), _randn(rng, sshape)], rng)
            else:
                mshape = _shape(rng, 2, 3, 4)
                k = rng.randint(-2, 2)
                op = rng.choice(["tril", "triu", "diagonal", "trace", "diag"])
                if op == "diagonal":
                    d1, d2 = rng.sample(range(len(mshape)), 2)
                    self.run_case(op, lambda T, x: T.diagonal(x, k, d1, d2),
                                  [_randn(rng, mshape)], rng)
                elif op == "trace":
                    self.run_case(op, lambda T, x: T.trace(x), [_randn(rng, mshape[:2])], rng)
                elif op == "diag":
                    vshape = mshape[:rng.randint(1, 2)]
                    self.run_case(op, lambda T, x: T.diag(x, k), [_randn(rng, vshape)], rng)
                else:
                    self.run_case(op, lambda T, x: getattr(T, op)(x, k),
                                  [_randn(rng, mshape)], rng)

    # ------------------------------------------------------------ pad
    def test_pad(self):
        rng = random.Random(SEED * 100 + 2)
        for case in range(30):
            mode = ("constant", "reflect", "replicate", "circular")[case % 4]
            k = rng.randint(1, 3)
            ndim = k + (rng.randint(0, 2) if mode == "constant" else rng.randint(1, 2))
            shape = tuple(rng.randint(2, 4 if ndim < 4 else 3) for _ in range(ndim))
            pad = []
            for i in range(k):
                size = shape[-1 - i]
                before = rng.randint(-1, size - 1)
                # an empty result is left out: PyTorch's reflect backward then returns
                # uninitialised memory (latpy returns zeros)
                pad += [before, rng.randint(max(-1, 1 - size - before), size - 1)]
            value = rng.uniform(-2, 2) if mode == "constant" else None
            self.run_case(f"pad {mode} {pad} {shape}", lambda T, x: _f(T, "pad")(
                x, tuple(pad), mode=mode, value=value), [_randn(rng, shape)], rng,
                second=case < 4)

    # ------------------------------------------------------------ activations
    def test_activations(self):
        rng = random.Random(SEED * 100 + 3)
        cases = [("leaky_relu", (0.1,), (0,), False), ("elu", (1.3,), (0,), True),
                 ("selu", (), (0,), True), ("celu", (0.7,), (0,), True),
                 ("gelu", (), (), True), ("silu", (), (), True), ("mish", (), (), True),
                 ("softplus", (1.5, 4.0), (4 / 1.5,), True), ("softsign", (), (0,), True),
                 ("hardtanh", (-0.5, 1.5), (-0.5, 1.5), False), ("relu6", (), (0, 6), False),
                 ("hardsigmoid", (), (-3, 3), False), ("hardswish", (), (-3, 3), True),
                 ("logsigmoid", (), (0,), True), ("threshold", (0.3, -1.0), (0.3,), False),
                 ("hardshrink", (0.5,), (-0.5, 0.5), False),
                 ("softshrink", (0.5,), (-0.5, 0.5), False), ("tanhshrink", (), (), True)]
        for name, args, kinks, smooth in cases:
            for case in range(4):
                shape = _shape(rng, 0, 2, 4)
                scale = (1.0, 3.0, 8.0, 30.0)[case]
                self.run_case(name, lambda T, x: _f(T, name)(x, *args),
                              [_randn(rng, shape, kinks, scale)], rng,
                              second=smooth and case < 2, tol=1e-7)
        self.run_case("gelu tanh", lambda T, x: _f(T, "gelu")(x, approximate="tanh"),
                      [_randn(rng, (5,))], rng, second=True)
        self.run_case("softplus big", lambda T, x: _f(T, "softplus")(x),
                      [([-800.0, -30.0, 19.9, 20.1, 800.0], (5,))], rng)

    # ------------------------------------------------------------ sorting
    def test_sorting(self):
        rng = random.Random(SEED * 100 + 4)
        for case in range(30):
            shape = _shape(rng, 1, 3, 4)
            dim = rng.randrange(len(shape))
            n = shape[dim]
            descending = rng.random() < 0.5
            data = _randn(rng, shape)
            k = rng.randint(1, n)
            programs = {
                "sort": lambda T, x: T.sort(x, dim, descending).values,
                "topk": lambda T, x: T.topk(x, k, dim, largest=descending).values,
                "kthvalue": lambda T, x: T.kthvalue(x, k, dim, keepdim=descending).values,
            }
            for name, program in programs.items():
                self.run_case(name, program, [data], rng, second=case < 3)
            x = lt.tensor(lp.array(data[0]).reshape(shape))
            px = real_torch.tensor(data[0], dtype=real_torch.float64).reshape(shape)
            pairs = [(lt.sort(x, dim, descending).indices,
                      real_torch.sort(px, stable=True, dim=dim, descending=descending).indices),
                     (lt.argsort(x, dim, descending), real_torch.argsort(px, dim, descending)),
                     (lt.topk(x, k, dim).indices, real_torch.topk(px, k, dim).indices),
                     (lt.kthvalue(x, k, dim).indices, real_torch.kthvalue(px, k, dim).indices)]
            for mine, theirs in pairs:
                self.assertEqual(mine.tolist(), theirs.tolist())
        ints = [rng.randint(0, 4) for _ in range(12)]
        for dim in (None, 0, 1):
            mine = lt.unique(lt.tensor(ints).reshape(3, 4), return_inverse=True,
                             return_counts=True, dim=dim)
            theirs = real_torch.unique(real_torch.tensor(ints).reshape(3, 4),
                                       return_inverse=True, return_counts=True, dim=dim)
            self.assertEqual([t.tolist() for t in mine], [t.tolist() for t in theirs])

    # ------------------------------------------------------------ maths
    def test_math(self):
        rng = random.Random(SEED * 100 + 5)
        for case in range(12):
            shape = _shape(rng, 1, 3, 4)
            dim = rng.randrange(len(shape))
            values, _ = _randn(rng, shape, scale=1.0)
            if case % 2:
                values = [0.0 if rng.random() < 0.3 else v for v in values]
            self.run_case("cumprod", lambda T, x: T.cumprod(x, dim), [(values, shape)], rng,
                          second=case < 6)
            self.run_case("logcumsumexp", lambda T, x: T.logcumsumexp(x, dim),
                          [_randn(rng, shape, scale=5.0)], rng, second=case < 4)
        specs = [("ij,jk->ik", [(2, 3), (3, 4)]), ("ii->i", [(3, 3)]), ("ii", [(3, 3)]),
                 ("bij,bjk->bik", [(2, 2, 3), (2, 3, 2)]), ("...i,...i->...", [(2, 3), (3,)]),
                 ("ij,ij,j->i", [(2, 3), (1, 3), (3,)]), ("i,j->ij", [(3,), (2,)]),
                 ("iij,j->i", [(2, 2, 3), (3,)]), ("ijk->kji", [(2, 3, 1)]), ("ij->", [(2, 2)])]
        for spec, shapes in specs:
            self.run_case(f"einsum {spec}", lambda T, *xs: T.einsum(spec, *xs),
                          [_randn(rng, s) for s in shapes], rng, second=True)
        for p in (2.0, 1.0, 3.0, 0.0, math.inf, 1.5):
            for shapes in [((3, 2), (4, 2)), ((2, 3, 2), (1, 4, 2)), ((30, 2), (27, 2))]:
                self.run_case(f"cdist p={p}", lambda T, a, b: T.cdist(a, b, p),
                              [_randn(rng, s) for s in shapes], rng)
        for case in range(6):
            n, k, m = (rng.randint(1, 4) for _ in range(3))
            bias = rng.choice([(n, m), (m,), ()])
            self.run_case("addmm", lambda T, c, a, b: T.addmm(c, a, b, beta=0.5, alpha=1.5),
                          [_randn(rng, bias), _randn(rng, (n, k)), _randn(rng, (k, m))], rng)
            shape = _shape(rng)
            self.run_case("lerp", lambda T, a, b, w: T.lerp(a, b, w),
                          [_randn(rng, shape), _randn(rng, shape), _randn(rng, shape[1:])],
                          rng, second=True)
            self.run_case("addcmul", lambda T, a, b, c: T.addcmul(a, b, c, value=0.5),
                          [_randn(rng, shape), _randn(rng, shape), _randn(rng, shape)], rng)
            self.run_case("addcdiv", lambda T, a, b, c: T.addcdiv(a, b, 2.0 + c * c, value=2),
                          [_randn(rng, shape), _randn(rng, shape), _randn(rng, shape)], rng,
                          second=True)
            dshape = _shape(rng, 1, 3, 4)
            d = rng.randrange(len(dshape))
            order = rng.randint(0, 3)
            self.run_case("diff", lambda T, x: T.diff(x, n=order, dim=d),
                          [_randn(rng, dshape)], rng)
            self.run_case("clamp_min", lambda T, x: T.clamp_min(x, 0.2),
                          [_randn(rng, shape, (0.2,))], rng)
            self.run_case("clamp_max", lambda T, x: T.clamp_max(x, -0.1),
                          [_randn(rng, shape, (-0.1,))], rng)


def _distinct_rows(rng, ishape, dim, n):
    """Index values for ``ishape`` whose entries along `dim` are distinct in each lane."""
    chosen, out = {}, []
    for pos in itertools.product(*(range(m) for m in ishape)):
        lane = pos[:dim] + pos[dim + 1:]
        if lane not in chosen:
            chosen[lane] = rng.sample(range(n), ishape[dim])
        out.append(chosen[lane][pos[dim]])
    return out


Oracle = unittest.skipUnless(real_torch is not None, "PyTorch is not installed")(Oracle)

if __name__ == "__main__":
    unittest.main()
