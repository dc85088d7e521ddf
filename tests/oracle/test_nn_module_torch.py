"""Linear/Bilinear/Sequential and state_dict layout against PyTorch (float64)."""

import random
import unittest

try:
    import torch as real
except ImportError:  # pragma: no cover - the oracle is optional
    real = None

import latpy.torch as lt


def _copy_into_latpy(real_module, lat_module):
    sd = {k: lt.tensor(v.detach().tolist()) for k, v in real_module.state_dict().items()}
    lat_module.load_state_dict(sd)


@unittest.skipUnless(real is not None, "PyTorch not installed")
class TestAgainstTorch(unittest.TestCase):
    def setUp(self):
        real.set_default_dtype(real.float64)

    def tearDown(self):
        real.set_default_dtype(real.float32)

    def assertClose(self, a, b, rtol=1e-9, atol=1e-12):
        import math
        fa = _flat(a)
        fb = _flat(b)
        self.assertEqual(len(fa), len(fb))
        for x, y in zip(fa, fb):
            self.assertTrue(math.isclose(x, y, rel_tol=rtol, abs_tol=atol), f"{x} != {y}")

    def test_linear_outputs_and_grads(self):
        rng = random.Random(0)
        for _ in range(40):
            fin, fout = rng.randint(1, 6), rng.randint(1, 6)
            bias = rng.random() < 0.7
            lead = tuple(rng.randint(1, 3) for _ in range(rng.randint(0, 2)))
            r = real.nn.Linear(fin, fout, bias=bias)
            m = lt.nn.Linear(fin, fout, bias=bias)
            self.assertEqual(list(r.state_dict()), list(m.state_dict()))
            _copy_into_latpy(r, m)
            x = [[rng.uniform(-2, 2) for _ in range(fin)] for _ in range(_prod(lead) or 1)]
            xr = real.tensor(x).reshape(*(lead + (fin,))).requires_grad_()
            xl = lt.tensor(x).reshape(*(lead + (fin,))).requires_grad_()
            yr, yl = r(xr), m(xl)
            self.assertClose(yl.tolist(), yr.tolist())
            (yr ** 2).sum().backward()
            (yl ** 2).sum().backward()
            self.assertClose(xl.grad.tolist(), xr.grad.tolist())
            self.assertClose(m.weight.grad.tolist(), r.weight.grad.tolist())
            if bias:
                self.assertClose(m.bias.grad.tolist(), r.bias.grad.tolist())

    def test_bilinear(self):
        rng = random.Random(1)
        for _ in range(15):
            a, b, c = rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 4)
            r = real.nn.Bilinear(a, b, c)
            m = lt.nn.Bilinear(a, b, c)
            _copy_into_latpy(r, m)
            n = rng.randint(1, 4)
            x1 = [[rng.uniform(-1, 1) for _ in range(a)] for _ in range(n)]
            x2 = [[rng.uniform(-1, 1) for _ in range(b)] for _ in range(n)]
            yr = r(real.tensor(x1), real.tensor(x2))
            yl = m(lt.tensor(x1), lt.tensor(x2))
            self.assertClose(yl.tolist(), yr.tolist())
            yr.sum().backward()
            yl.sum().backward()
            self.assertClose(m.weight.grad.tolist(), r.weight.grad.tolist())

    def test_sequential_state_dict_keys_and_sgd_steps(self):
        r = real.nn.Sequential(real.nn.Linear(3, 5), real.nn.Tanh(), real.nn.Linear(5, 2))
        m = lt.nn.Sequential(lt.nn.Linear(3, 5), lt.nn.Tanh(), lt.nn.Linear(5, 2))
        self.assertEqual(list(r.state_dict()), list(m.state_dict()))
        _copy_into_latpy(r, m)
        opt_r = real.optim.SGD(r.parameters(), lr=0.1, momentum=0.9)
        opt_l = lt.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
        x = [[0.1 * i - 0.2 * j for j in range(3)] for i in range(4)]
        for _ in range(5):
            opt_r.zero_grad()
            opt_l.zero_grad()
            (r(real.tensor(x)) ** 2).mean().backward()
            (m(lt.tensor(x)) ** 2).mean().backward()
            opt_r.step()
            opt_l.step()
        for (k, v), (k2, v2) in zip(r.state_dict().items(), m.state_dict().items()):
            self.assertEqual(k, k2)
            self.assertClose(v2.tolist(), v.tolist())


def _prod(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def _flat(v):
    if isinstance(v, list):
        out = []
        for x in v:
            out.extend(_flat(x))
        return out
    return [float(v)]


if __name__ == "__main__":
    unittest.main()
