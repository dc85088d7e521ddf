"""Convolution and pooling layers against PyTorch (float64, identical weights).

For ~100 random configurations of each layer: outputs, the input gradient and the
parameter gradients (for a random output gradient) must agree to rtol 1e-9.

    /work/venv/bin/python -m unittest tests.oracle.test_nn_conv_torch
"""

from __future__ import annotations

import random
import unittest

import latpy.torch as lt
import latpy.torch.nn.functional as LF

try:
    import numpy as np
    import torch
    import torch.nn.functional as TF
    torch.set_default_dtype(torch.float64)
except ImportError:  # the suite runs without PyTorch too; these tests are skipped then
    torch = None

CASES = 100
RTOL, ATOL = 1e-9, 1e-12


def to_torch(t, grad=False):
    out = torch.tensor(np.array(t.tolist(), dtype=np.float64).reshape(tuple(t.shape)))
    return out.requires_grad_(grad)


def to_latpy(t, grad=False):
    return lt.tensor(t.detach().numpy().tolist(), dtype=lt.float64).reshape(
        tuple(t.shape)).detach().requires_grad_(grad)


def copy_weights(src, dst):
    """Copy the PyTorch module `src`'s state into the latpy module `dst`."""
    dst.load_state_dict({k: to_latpy(v) for k, v in src.state_dict().items()})


@unittest.skipUnless(torch is not None, "PyTorch (and NumPy) not importable")
class OracleCase(unittest.TestCase):
    def close(self, got, want, what):
        got = np.array(got.tolist(), dtype=np.float64).reshape(tuple(got.shape))
        want = want.detach().numpy()
        self.assertEqual(got.shape, want.shape, what)
        finite = np.abs(want[np.isfinite(want)])
        scale = max(1.0, float(finite.max())) if finite.size else 1.0
        np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL * scale, err_msg=what)

    def compare(self, ours, theirs, shape, what, extra_args=(), grad_input=True):
        """Run both modules on the same random input; compare values and gradients."""
        x_t = torch.randn(*shape, requires_grad=grad_input)
        x_l = to_latpy(x_t, grad_input)
        out_t = theirs(x_t, *extra_args)
        out_l = ours(x_l, *extra_args)
        if isinstance(out_t, tuple):  # return_indices
            self.assertEqual(out_l[1].tolist(), out_t[1].tolist(), what + " indices")
            out_t, out_l = out_t[0], out_l[0]
        self.close(out_l, out_t, what + " output")
        if not out_t.numel() or not (grad_input or list(theirs.parameters())):
            return
        g = torch.randn(*out_t.shape)
        out_t.backward(g)
        out_l.backward(to_latpy(g))
        if grad_input:
            self.close(x_l.grad, x_t.grad, what + " input grad")
        for (name, p_t), (_, p_l) in zip(theirs.named_parameters(), ours.named_parameters()):
            self.close(p_l.grad, p_t.grad, f"{what} {name}.grad")


class TestConv(OracleCase):
    def conv_config(self, rng, dims):
        groups = rng.choice([1, 1, 1, 2, 3])
        in_c, out_c = groups * rng.randint(1, 2), groups * rng.randint(1, 3)
        kernel = tuple(rng.randint(1, 3) for _ in range(dims))
        dilation = tuple(rng.randint(1, 2) for _ in range(dims))
        stride = tuple(rng.randint(1, 3) for _ in range(dims))
        mode = rng.choice(["zeros", "zeros", "reflect", "replicate", "circular"])
        choice = rng.random()
        if choice < 0.2:
            padding, stride = "same", 1
        elif choice < 0.3:
            padding = "valid"
        elif choice < 0.6:
            padding = rng.randint(0, 2)
        else:
            padding = tuple(rng.randint(0, 2) for _ in range(dims))
        spatial = [rng.randint(3, 7) for _ in range(dims)]
        spatial = [max(s, d * (k - 1) + 1) for s, k, d in zip(spatial, kernel, dilation)]
        batch = [rng.randint(1, 3)] if rng.random() < 0.85 else []
        kwargs = dict(stride=stride, padding=padding, dilation=dilation, groups=groups,
                      bias=rng.random() < 0.7, padding_mode=mode)
        return (in_c, out_c, kernel), kwargs, tuple(batch + [in_c] + spatial)

    def check_conv(self, dims, ours_cls, theirs_cls):
        rng = random.Random(dims)
        for case in range(CASES):
            torch.manual_seed(case)
            args, kwargs, shape = self.conv_config(rng, dims)
            what = f"{theirs_cls.__name__}{args} {kwargs} on {shape}"
            theirs = theirs_cls(*args, **kwargs)
            ours = ours_cls(*args, **kwargs)
            copy_weights(theirs, ours)
            with self.subTest(case=case):
                self.compare(ours, theirs, shape, what, grad_input=rng.random() < 0.8)

    def test_conv2d(self):
        self.check_conv(2, lt.nn.Conv2d, torch.nn.Conv2d)

    def test_conv1d(self):
        self.check_conv(1, lt.nn.Conv1d, torch.nn.Conv1d)

    def test_conv_transpose2d(self):
        rng = random.Random(7)
        for case in range(CASES):
            torch.manual_seed(case)
            groups = rng.choice([1, 1, 2])
            in_c, out_c = groups * rng.randint(1, 2), groups * rng.randint(1, 3)
            kernel = (rng.randint(1, 3), rng.randint(1, 3))
            stride = (rng.randint(1, 3), rng.randint(1, 3))
            dilation = (rng.randint(1, 2), rng.randint(1, 2))
            output_padding = tuple(rng.randint(0, max(s, d) - 1)
                                   for s, d in zip(stride, dilation))
            padding = tuple(rng.randint(0, (k - 1) * d // 2) for k, d in zip(kernel, dilation))
            kwargs = dict(stride=stride, padding=padding, output_padding=output_padding,
                          groups=groups, dilation=dilation, bias=rng.random() < 0.7)
            shape = tuple([rng.randint(1, 3)] * (rng.random() < 0.85) +
                          [in_c, rng.randint(1, 5), rng.randint(1, 5)])
            theirs = torch.nn.ConvTranspose2d(in_c, out_c, kernel, **kwargs)
            ours = lt.nn.ConvTranspose2d(in_c, out_c, kernel, **kwargs)
            copy_weights(theirs, ours)
            extra = ()
            if rng.random() < 0.3 and output_padding == (0, 0):
                size = [(n - 1) * s - 2 * p + d * (k - 1) + 1 + rng.randint(0, s - 1)
                        for n, s, p, d, k in zip(shape[-2:], stride, padding, dilation, kernel)]
                extra = (size,)
            what = f"ConvTranspose2d({in_c}, {out_c}, {kernel}) {kwargs} {extra} on {shape}"
            with self.subTest(case=case):
                self.compare(ours, theirs, shape, what, extra)

    def test_residual_block(self):
        for case in range(5):
            torch.manual_seed(case)
            c = case + 1
            ours = lt.nn.ResidualBlock(c)
            conv1 = torch.nn.Conv2d(c, c, 3, padding=1)
            conv2 = torch.nn.Conv2d(c, c, 3, padding=1)
            theirs = torch.nn.Module()
            theirs.conv1, theirs.conv2 = conv1, conv2
            theirs.forward = lambda x: torch.relu(x + conv2(torch.relu(conv1(x))))
            copy_weights(theirs, ours)
            self.compare(ours, theirs, (2, c, 5, 4), f"ResidualBlock({c})")

    def test_conv2d_double_backward(self):
        """create_graph=True: the gradient of a gradient norm, w.r.t. weight and input."""
        rng = random.Random(3)
        for case in range(10):
            torch.manual_seed(case)
            args, kwargs, shape = self.conv_config(rng, 2)
            kwargs["padding_mode"] = "zeros"
            theirs = torch.nn.Conv2d(*args, **kwargs)
            ours = lt.nn.Conv2d(*args, **kwargs)
            copy_weights(theirs, ours)
            x_t = torch.randn(*shape, requires_grad=True)
            x_l = to_latpy(x_t, True)
            results = []
            for m, x, grad in ((theirs, x_t, torch.autograd.grad),
                               (ours, x_l, lt.autograd.grad)):
                y = m(x)
                (gx,) = grad((y * y).sum(), [x], create_graph=True)
                (gx * gx).sum().backward()
                results.append((x.grad, m.weight.grad))
            with self.subTest(case=case):
                self.close(results[1][0], results[0][0], "d/dx |dL/dx|^2")
                self.close(results[1][1], results[0][1], "d/dw |dL/dx|^2")


class TestPool(OracleCase):
    def pool_config(self, rng, dims, dilation=True):
        kernel = tuple(rng.randint(1, 3) for _ in range(dims))
        dil = tuple(rng.randint(1, 2) for _ in range(dims)) if dilation else (1,) * dims
        stride = None if rng.random() < 0.3 else tuple(rng.randint(1, 3) for _ in range(dims))
        # PyTorch's limits: pad <= half the kernel (and of the dilated kernel)
        padding = tuple(rng.randint(0, k // 2) for k in kernel)
        spatial = [max(rng.randint(2, 7), d * (k - 1) + 1) for k, d in zip(kernel, dil)]
        batch = [rng.randint(1, 3)] if rng.random() < 0.85 else []
        channels = [rng.randint(1, 3)]
        pick = (lambda t: t[0] if dims == 1 and rng.random() < 0.5 else t)
        return dict(kernel_size=pick(kernel), stride=stride if stride is None else pick(stride),
                    padding=pick(padding), ceil_mode=rng.random() < 0.4), dil, \
            tuple(batch + channels + spatial)

    def check_max(self, dims, ours_cls, theirs_cls):
        rng = random.Random(10 + dims)
        for case in range(CASES):
            kwargs, dil, shape = self.pool_config(rng, dims)
            kwargs.update(dilation=dil, return_indices=rng.random() < 0.3)
            theirs, ours = theirs_cls(**kwargs), ours_cls(**kwargs)
            what = f"{theirs_cls.__name__}({kwargs}) on {shape}"
            torch.manual_seed(case)
            with self.subTest(case=case):
                self.compare(ours, theirs, shape, what)

    def test_max_pool2d(self):
        self.check_max(2, lt.nn.MaxPool2d, torch.nn.MaxPool2d)

    def test_max_pool1d(self):
        self.check_max(1, lt.nn.MaxPool1d, torch.nn.MaxPool1d)

    def test_max_pool_ties(self):
        """Equal values in a window: the first one gets the gradient (PyTorch CPU)."""
        rng = random.Random(5)
        for case in range(CASES):
            kwargs, dil, shape = self.pool_config(rng, 2)
            x_t = torch.randint(0, 3, shape).double().requires_grad_(True)
            x_l = to_latpy(x_t, True)
            out_t, idx_t = TF.max_pool2d(x_t, dilation=dil, return_indices=True, **kwargs)
            out_l, idx_l = LF.max_pool2d(x_l, dilation=dil, return_indices=True, **kwargs)
            with self.subTest(case=case):
                self.assertEqual(idx_l.tolist(), idx_t.tolist())
                out_t.sum().backward()
                out_l.sum().backward()
                self.close(x_l.grad, x_t.grad, f"max_pool2d ties {kwargs} {shape}")

    def test_max_pool_special_values(self):
        """NaN wins (the last NaN of a window, as PyTorch CPU); -inf windows pick the
        first real element, never padding."""
        rng = random.Random(6)
        specials = [float("nan"), float("-inf"), float("inf"), 0.0, 1.0]
        for case in range(CASES):
            kwargs, dil, shape = self.pool_config(rng, 2)
            x_t = torch.randn(*shape)
            flat = x_t.view(-1)
            for _ in range(rng.randint(1, 4)):
                flat[rng.randrange(flat.numel())] = rng.choice(specials)
            if rng.random() < 0.3:
                x_t.fill_(float("-inf"))
            x_t.requires_grad_(True)
            x_l = to_latpy(x_t, True)
            out_t, idx_t = TF.max_pool2d(x_t, dilation=dil, return_indices=True, **kwargs)
            out_l, idx_l = LF.max_pool2d(x_l, dilation=dil, return_indices=True, **kwargs)
            with self.subTest(case=case, kwargs=kwargs, shape=shape):
                self.assertEqual(idx_l.tolist(), idx_t.tolist())
                self.close(out_l, out_t, "values")
                out_t.backward(torch.ones_like(out_t))
                out_l.backward(lt.ones_like(out_l))
                self.close(x_l.grad, x_t.grad, "grad")

    def check_avg(self, dims, ours_cls, theirs_cls):
        rng = random.Random(20 + dims)
        for case in range(CASES):
            kwargs, _, shape = self.pool_config(rng, dims, dilation=False)
            kwargs["count_include_pad"] = rng.random() < 0.5
            if dims == 2 and rng.random() < 0.2:
                kwargs["divisor_override"] = rng.randint(1, 5)
            theirs, ours = theirs_cls(**kwargs), ours_cls(**kwargs)
            torch.manual_seed(case)
            with self.subTest(case=case):
                self.compare(ours, theirs, shape, f"{theirs_cls.__name__}({kwargs}) {shape}")

    def test_avg_pool2d(self):
        self.check_avg(2, lt.nn.AvgPool2d, torch.nn.AvgPool2d)

    def test_avg_pool1d(self):
        self.check_avg(1, lt.nn.AvgPool1d, torch.nn.AvgPool1d)

    def test_adaptive_avg_pool(self):
        rng = random.Random(30)
        for case in range(CASES):
            dims = rng.choice([1, 2])
            spatial = [rng.randint(1, 8) for _ in range(dims)]
            size = [rng.choice([1, 2, 3, 5, 9, None]) for _ in range(dims)]
            if dims == 1:
                size = size[0] or 3
            elif rng.random() < 0.3:
                size = size[0] or 2
            shape = tuple([rng.randint(1, 3)] * (rng.random() < 0.8) + [2] + spatial)
            cls = ("AdaptiveAvgPool1d", "AdaptiveAvgPool2d")[dims - 1]
            theirs, ours = getattr(torch.nn, cls)(size), getattr(lt.nn, cls)(size)
            torch.manual_seed(case)
            with self.subTest(case=case):
                self.compare(ours, theirs, shape, f"{cls}({size}) on {shape}")

    def test_upsample_nearest(self):
        rng = random.Random(40)
        for case in range(30):
            dims = rng.choice([1, 2])
            shape = tuple([rng.randint(1, 2), 2] + [rng.randint(1, 5) for _ in range(dims)])
            if rng.random() < 0.5:
                kwargs = dict(scale_factor=rng.choice([1, 2, 3, 0.5, 1.5]))
            else:
                kwargs = dict(size=tuple(rng.randint(1, 7) for _ in range(dims)))
            theirs, ours = torch.nn.Upsample(**kwargs), lt.nn.Upsample(**kwargs)
            if any(s == 0 for s in theirs(torch.zeros(*shape)).shape):
                continue
            torch.manual_seed(case)
            with self.subTest(case=case):
                self.compare(ours, theirs, shape, f"Upsample({kwargs}) on {shape}")


class TestFoldUnfold(OracleCase):
    def test_unfold_and_fold(self):
        rng = random.Random(50)
        for case in range(CASES):
            kernel = (rng.randint(1, 3), rng.randint(1, 3))
            dilation = (rng.randint(1, 2), rng.randint(1, 2))
            padding = (rng.randint(0, 2), rng.randint(0, 2))
            stride = (rng.randint(1, 3), rng.randint(1, 3))
            kw = dict(kernel_size=kernel, dilation=dilation, padding=padding, stride=stride)
            size = [max(rng.randint(1, 6), d * (k - 1) + 1 - 2 * p)
                    for k, d, p in zip(kernel, dilation, padding)]
            shape = tuple([rng.randint(1, 2)] * (rng.random() < 0.8) + [2] + size)
            torch.manual_seed(case)
            x_t = torch.randn(*shape, requires_grad=True)
            x_l = to_latpy(x_t, True)
            cols_t, cols_l = TF.unfold(x_t, **kw), LF.unfold(x_l, **kw)
            with self.subTest(case=case, kwargs=kw, shape=shape):
                self.close(cols_l, cols_t, "unfold")
                c_t = torch.randn(*cols_t.shape, requires_grad=True)
                c_l = to_latpy(c_t, True)
                img_t, img_l = TF.fold(c_t, size, **kw), LF.fold(c_l, size, **kw)
                self.close(img_l, img_t, "fold")
                g = torch.randn(*img_t.shape)
                (img_t * g).sum().backward()
                (img_l * to_latpy(g)).sum().backward()
                self.close(c_l.grad, c_t.grad, "fold grad")
                g = torch.randn(*cols_t.shape)
                (cols_t * g).sum().backward()
                (cols_l * to_latpy(g)).sum().backward()
                self.close(x_l.grad, x_t.grad, "unfold grad")


if __name__ == "__main__":
    unittest.main()
