"""Convolution and pooling: shapes, values against direct loops written here, gradients
against central differences, fold/unfold adjointness, errors, parameters and reprs."""

from __future__ import annotations

import math
import random
import unittest

import latpy.torch as torch
import latpy.torch.nn.functional as F
from latpy.torch import nn


# ------------------------------------------------------------------ helpers
def rand(rng, *shape, grad=False):
    t = torch.tensor([rng.uniform(-1, 1) for _ in range(math.prod(shape))]).reshape(*shape)
    return t.requires_grad_(grad)


def at(t, *idx):
    """Element of a nested list."""
    for i in idx:
        t = t[i]
    return t


def source(i, n, mode):
    """Input coordinate read for padded coordinate i (None: zero padding)."""
    if 0 <= i < n:
        return i
    if mode == "zeros":
        return None
    if mode == "reflect":
        return -i if i < 0 else 2 * (n - 1) - i
    if mode == "replicate":
        return min(max(i, 0), n - 1)
    return i % n


def naive_conv2d(x, w, b, stride, pads, dilation, groups, mode="zeros"):
    """Direct-loop convolution of nested lists: x (N, C, H, W), w (O, C/g, kh, kw)."""
    n, c, h, wd = len(x), len(x[0]), len(x[0][0]), len(x[0][0][0])
    o, cg, kh, kw = len(w), len(w[0]), len(w[0][0]), len(w[0][0][0])
    (pt, pb), (pl, pr) = pads
    oh = (h + pt + pb - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (wd + pl + pr - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    out = []
    for s in range(n):
        planes = []
        for f in range(o):
            g = f // (o // groups)
            plane = []
            for i in range(oh):
                row = []
                for j in range(ow):
                    acc = b[f] if b is not None else 0.0
                    for ci in range(cg):
                        for a in range(kh):
                            r = source(i * stride[0] + a * dilation[0] - pt, h, mode)
                            for e in range(kw):
                                q = source(j * stride[1] + e * dilation[1] - pl, wd, mode)
                                if r is not None and q is not None:
                                    acc += x[s][g * cg + ci][r][q] * w[f][ci][a][e]
                    row.append(acc)
                plane.append(row)
            planes.append(plane)
        out.append(planes)
    return out


def naive_conv_transpose2d(x, w, b, stride, padding, output_padding, groups, dilation):
    """Scatter every input pixel through the kernel: the definition of the transpose."""
    n, c, h, wd = len(x), len(x[0]), len(x[0][0]), len(x[0][0][0])
    og, kh, kw = len(w[0]), len(w[0][0]), len(w[0][0][0])
    o = og * groups
    oh = (h - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kh - 1) + output_padding[0] + 1
    ow = (wd - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kw - 1) + output_padding[1] + 1
    out = [[[[b[f] if b is not None else 0.0] * ow for _ in range(oh)] for f in range(o)]
           for _ in range(n)]
    for s in range(n):
        for ci in range(c):
            g = ci // (c // groups)
            for i in range(h):
                for j in range(wd):
                    for fo in range(og):
                        for a in range(kh):
                            r = i * stride[0] + a * dilation[0] - padding[0]
                            for e in range(kw):
                                q = j * stride[1] + e * dilation[1] - padding[1]
                                if 0 <= r < oh and 0 <= q < ow:
                                    out[s][g * og + fo][r][q] += x[s][ci][i][j] * w[ci][fo][a][e]
    return out


def naive_pool2d(x, kernel, stride, padding, dilation, ceil_mode, kind,
                 count_include_pad=True, divisor=None):
    """max/avg pooling by loops, with PyTorch's output size and divisor rules."""
    h, wd = len(x[0][0]), len(x[0][0][0])

    def out_len(size, k, s, p, d):
        o = (size + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)) // s + 1
        return o - 1 if ceil_mode and (o - 1) * s >= size + p else o
    oh, ow = (out_len(h, kernel[0], stride[0], padding[0], dilation[0]),
              out_len(wd, kernel[1], stride[1], padding[1], dilation[1]))
    out = []
    for planes in x:
        res = []
        for plane in planes:
            rows = []
            for i in range(oh):
                row = []
                for j in range(ow):
                    r0, q0 = i * stride[0] - padding[0], j * stride[1] - padding[1]
                    vals = [plane[r0 + a * dilation[0]][q0 + e * dilation[1]]
                            for a in range(kernel[0]) for e in range(kernel[1])
                            if 0 <= r0 + a * dilation[0] < h and 0 <= q0 + e * dilation[1] < wd]
                    if kind == "max":
                        row.append(max(vals))
                        continue
                    he, we = min(r0 + kernel[0], h + padding[0]), min(q0 + kernel[1], wd + padding[1])
                    count = (he - r0) * (we - q0) if count_include_pad else len(vals)
                    row.append(sum(vals) / (divisor or count))
                rows.append(row)
            res.append(rows)
        out.append(res)
    return out


def numeric_grad(f, t, eps=1e-6):
    """Central differences of the scalar f() with respect to every element of t."""
    flat = t.data.reshape(-1)
    grads = []
    for k in range(flat.size):
        old = flat[k]
        flat[k] = old + eps
        up = f().item()
        flat[k] = old - eps
        down = f().item()
        flat[k] = old
        grads.append((up - down) / (2 * eps))
    return grads


class Case(unittest.TestCase):
    def close(self, got, want, tol=1e-9):
        got, want = (torch.tensor(v).reshape(-1).tolist() for v in (got, want))
        self.assertEqual(len(got), len(want))
        for a, b in zip(got, want):
            self.assertLessEqual(abs(a - b), tol * (1 + abs(b)), f"{got} vs {want}")

    def check_grads(self, fn, inputs, rng, tol=1e-6):
        """d/dinputs of sum(fn(*inputs) * w) against central differences."""
        w = rand(rng, *fn(*inputs).shape)
        loss = (lambda: (fn(*inputs) * w).sum())
        grads = torch.autograd.grad(loss(), inputs)
        for t, g in zip(inputs, grads):
            self.close(g.reshape(-1).tolist(), numeric_grad(loss, t), tol)


# ------------------------------------------------------------------ convolution
class TestConvValues(Case):
    def test_conv2d_matches_direct_loops(self):
        rng = random.Random(0)
        for _ in range(40):
            groups = rng.choice([1, 1, 2])
            c, o = groups * rng.randint(1, 2), groups * rng.randint(1, 2)
            k = (rng.randint(1, 3), rng.randint(1, 3))
            stride, dilation = (rng.randint(1, 2), rng.randint(1, 3)), (rng.randint(1, 2), 1)
            padding = rng.choice([0, 1, (1, 2), "same", "valid"])
            if padding == "same":
                stride = (1, 1)
            mode = rng.choice(["zeros", "reflect", "replicate", "circular"])
            x = rand(rng, rng.randint(1, 2), c, rng.randint(5, 6), rng.randint(5, 7))
            conv = nn.Conv2d(c, o, k, stride, padding, dilation, groups,
                             bias=rng.random() < 0.7, padding_mode=mode)
            pads = conv._pads()
            want = naive_conv2d(x.tolist(), conv.weight.tolist(),
                                None if conv.bias is None else conv.bias.tolist(),
                                stride, pads, dilation, groups, mode)
            with self.subTest(conv=repr(conv), shape=tuple(x.shape)):
                self.close(conv(x), want)

    def test_conv1d_matches_conv2d_of_height_one(self):
        rng = random.Random(1)
        for _ in range(20):
            x, w, b = rand(rng, 2, 4, 9), rand(rng, 6, 2, 3), rand(rng, 6)
            kw = dict(stride=rng.randint(1, 2), padding=rng.randint(0, 2),
                      dilation=rng.randint(1, 2), groups=2)
            want = naive_conv2d(x.unsqueeze(2).tolist(), w.unsqueeze(2).tolist(), b.tolist(),
                                (1, kw["stride"]), ((0, 0), (kw["padding"],) * 2),
                                (1, kw["dilation"]), 2)
            self.close(F.conv1d(x, w, b, **kw), want)

    def test_conv_transpose2d_matches_scatter_loops(self):
        rng = random.Random(2)
        for _ in range(30):
            groups = rng.choice([1, 2])
            c, o = groups * rng.randint(1, 2), groups * rng.randint(1, 2)
            k = (rng.randint(1, 3), rng.randint(1, 3))
            stride, dilation = (rng.randint(1, 3), rng.randint(1, 2)), (rng.randint(1, 2), 1)
            padding = tuple(rng.randint(0, (a - 1) * d // 2) for a, d in zip(k, dilation))
            output_padding = tuple(rng.randint(0, max(s, d) - 1) for s, d in zip(stride, dilation))
            x = rand(rng, 2, c, rng.randint(2, 4), rng.randint(2, 4))
            m = nn.ConvTranspose2d(c, o, k, stride, padding, output_padding, groups,
                                   bias=rng.random() < 0.5, dilation=dilation)
            want = naive_conv_transpose2d(x.tolist(), m.weight.tolist(),
                                          None if m.bias is None else m.bias.tolist(),
                                          stride, padding, output_padding, groups, dilation)
            with self.subTest(m=repr(m)):
                self.close(m(x), want)

    def test_transpose_is_the_adjoint_of_conv(self):
        """<conv2d(x, w), y> == <x, conv_transpose2d(y, w)>."""
        rng = random.Random(3)
        x, w = rand(rng, 2, 3, 7, 6), rand(rng, 4, 3, 3, 2)
        y = F.conv2d(x, w, stride=2, padding=1, dilation=(1, 2))
        z = rand(rng, *y.shape)
        back = F.conv_transpose2d(z, w, stride=2, padding=1, dilation=(1, 2),
                                  output_padding=(0, 1))
        self.assertAlmostEqual((y * z).sum().item(), (x * back).sum().item(), places=10)

    def test_output_shapes(self):
        rng = random.Random(4)
        for _ in range(60):
            h, w = rng.randint(4, 12), rng.randint(4, 12)
            k, s, p, d = rng.randint(1, 4), rng.randint(1, 3), rng.randint(0, 2), rng.randint(1, 2)
            if d * (k - 1) + 1 > min(h, w) + 2 * p:
                continue
            y = nn.Conv2d(2, 3, k, s, p, d)(torch.zeros(1, 2, h, w))
            want = [(n + 2 * p - d * (k - 1) - 1) // s + 1 for n in (h, w)]
            self.assertEqual(tuple(y.shape), (1, 3, *want))
            t = nn.ConvTranspose2d(3, 2, k, s, p, dilation=d)(y)
            self.assertEqual(tuple(t.shape)[2:], tuple((n - 1) * s - 2 * p + d * (k - 1) + 1
                                                       for n in want))
        self.assertEqual(tuple(nn.Conv2d(2, 3, (2, 4), padding="same")(
            torch.zeros(2, 5, 7)).shape), (3, 5, 7))  # unbatched, even kernel
        self.assertEqual(tuple(nn.Conv1d(2, 3, 4, padding="same", dilation=3)(
            torch.zeros(1, 2, 10)).shape), (1, 3, 10))
        self.assertEqual(tuple(nn.Conv2d(2, 3, 3)(torch.zeros(0, 2, 5, 5)).shape), (0, 3, 3, 3))
        up = nn.ConvTranspose2d(2, 2, 3, stride=2, padding=1)
        self.assertEqual(tuple(up(torch.zeros(1, 2, 4, 4), output_size=(8, 8)).shape),
                         (1, 2, 8, 8))


class TestConvGradients(Case):
    def test_conv2d_gradients(self):
        rng = random.Random(5)
        for kw in ({}, {"stride": 2, "padding": 1}, {"dilation": 2, "padding": (0, 1)},
                   {"groups": 2, "padding": "same"}):
            g = kw.get("groups", 1)
            x, w, b = rand(rng, 2, 2, 4, 5, grad=True), rand(rng, 2, 2 // g, 2, 3, grad=True), \
                rand(rng, 2, grad=True)
            with self.subTest(kw=kw):
                self.check_grads(lambda x, w, b: F.conv2d(x, w, b, **kw), [x, w, b], rng)

    def test_padding_modes_and_transpose_gradients(self):
        rng = random.Random(6)
        for mode in ("reflect", "replicate", "circular"):
            conv = nn.Conv2d(1, 2, 3, padding=2, padding_mode=mode)
            x = rand(rng, 1, 1, 3, 4, grad=True)
            with self.subTest(mode=mode):
                self.check_grads(lambda x: conv(x), [x], rng)
        x, w = rand(rng, 1, 2, 3, 3, grad=True), rand(rng, 2, 1, 2, 3, grad=True)
        self.check_grads(lambda x, w: F.conv_transpose2d(x, w, stride=2, padding=1,
                                                         output_padding=1), [x, w], rng)

    def test_second_order(self):
        """create_graph: the gradient of <dL/dx, v> matches differences of dL/dx."""
        rng = random.Random(7)
        x, w = rand(rng, 1, 2, 4, 4, grad=True), rand(rng, 3, 2, 2, 2, grad=True)
        v = rand(rng, 1, 2, 4, 4)

        def inner():
            y = F.conv2d(x, w, padding=1)
            (gx,) = torch.autograd.grad((y * y).sum(), [x], create_graph=True)
            return (gx * v).sum()
        gw = torch.autograd.grad(inner(), [w])[0]
        self.close(gw.reshape(-1).tolist(), numeric_grad(inner, w), 1e-6)

    def test_residual_block(self):
        rng = random.Random(8)
        block = nn.ResidualBlock(2)
        x = rand(rng, 1, 2, 3, 3, grad=True)
        c1, c2 = block.conv1, block.conv2
        want = (x + c2(c1(x).relu())).relu()
        self.close(block(x), want)
        self.check_grads(lambda x: block(x), [x], rng)
        self.assertEqual([(k, tuple(v.shape)) for k, v in block.state_dict().items()],
                         [("conv1.weight", (2, 2, 3, 3)), ("conv1.bias", (2,)),
                          ("conv2.weight", (2, 2, 3, 3)), ("conv2.bias", (2,))])


# ------------------------------------------------------------------ pooling
class TestPooling(Case):
    def test_pools_match_direct_loops(self):
        rng = random.Random(9)
        for _ in range(60):
            k = (rng.randint(1, 3), rng.randint(1, 3))
            s = (rng.randint(1, 3), rng.randint(1, 3))
            p = (rng.randint(0, k[0] // 2), rng.randint(0, k[1] // 2))
            d = (rng.randint(1, 2), rng.randint(1, 2))
            ceil = rng.random() < 0.5
            x = rand(rng, 2, 2, rng.randint(3, 6) + 2 * d[0], rng.randint(3, 6) + 2 * d[1])
            want = naive_pool2d(x.tolist(), k, s, p, d, ceil, "max")
            self.close(F.max_pool2d(x, k, s, p, d, ceil), want, 0)
            inc, div = rng.random() < 0.5, rng.choice([None, None, 3])
            want = naive_pool2d(x.tolist(), k, s, p, (1, 1), ceil, "avg", inc, div)
            self.close(F.avg_pool2d(x, k, s, p, ceil, inc, div), want)

    def test_max_pool_indices_and_ties(self):
        x = torch.tensor([[[1.0, 3.0, 3.0, 0.0, 2.0, 2.0]]], requires_grad=True)
        out, idx = F.max_pool1d(x, 3, 1, return_indices=True)
        self.assertEqual(out.tolist(), [[[3.0, 3.0, 3.0, 2.0]]])
        self.assertEqual(idx.tolist(), [[[1, 1, 2, 4]]])  # the first of equal values
        out.sum().backward()
        self.assertEqual(x.grad.tolist(), [[[0.0, 2.0, 1.0, 0.0, 1.0, 0.0]]])
        m = nn.MaxPool2d(2, return_indices=True)
        _, idx = m(torch.arange(16.0).reshape(1, 4, 4))
        self.assertEqual(idx.tolist(), [[[5, 7], [13, 15]]])
        self.assertEqual(str(idx.dtype), "torch.int64")

    def test_max_pool_second_backward_raises(self):
        x = torch.ones(1, 1, 4, 4, requires_grad=True)
        y = F.max_pool2d(x, 2).sum()
        y.backward()
        with self.assertRaises(RuntimeError):
            y.backward()

    def test_pool_gradients(self):
        rng = random.Random(10)
        x = rand(rng, 1, 2, 5, 5, grad=True)
        self.check_grads(lambda x: F.max_pool2d(x, 3, 2, 1), [x], rng)
        self.check_grads(lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True,
                                                count_include_pad=False), [x], rng)
        self.check_grads(lambda x: F.adaptive_avg_pool2d(x, (2, 3)), [x], rng)
        x1 = rand(rng, 2, 7, grad=True)
        self.check_grads(lambda x: F.avg_pool1d(x, 2, 1, 1), [x1], rng)
        self.check_grads(lambda x: F.max_pool1d(x, 2, 3, ceil_mode=True), [x1], rng)
        self.check_grads(lambda x: F.interpolate(x, scale_factor=1.5), [x], rng)

    def test_second_order_through_windows(self):
        """create_graph through MaxPool (Put/Take), avg pooling and fold (Fold/Unfold)."""
        rng = random.Random(13)
        x, v = rand(rng, 1, 2, 4, 5, grad=True), rand(rng, 1, 2, 4, 5)
        for fn in (lambda x: F.max_pool2d(x, 2, 1), lambda x: F.avg_pool2d(x, 3, 2, 1),
                   lambda x: F.interpolate(x, scale_factor=2),
                   lambda x: F.fold(F.unfold(x, 2, padding=1), (4, 5), 2, padding=1)):
            def inner():
                y = fn(x)
                (gx,) = torch.autograd.grad((y * y * y).sum(), [x], create_graph=True)
                return (gx * v).sum()
            g = torch.autograd.grad(inner(), [x])[0]
            self.close(g.reshape(-1).tolist(), numeric_grad(inner, x), 1e-6)

    def test_strided_inputs(self):
        """Non-contiguous views (a transpose, a step slice) give the contiguous results."""
        rng = random.Random(14)
        base = rand(rng, 2, 3, 9, 8)
        for view in (base.transpose(2, 3), base[:, :, ::2, 1:]):
            copy = view.contiguous() if hasattr(view, "contiguous") else view * 1.0
            w = rand(rng, 4, 3, 2, 2)
            self.close(F.conv2d(view, w, padding=1), F.conv2d(copy, w, padding=1))
            self.close(F.max_pool2d(view, 2), F.max_pool2d(copy, 2), 0)
            self.close(F.avg_pool2d(view, 3, 1, 1), F.avg_pool2d(copy, 3, 1, 1))

    def test_adaptive_avg_pool(self):
        rng = random.Random(11)
        x = rand(rng, 2, 3, 5, 7)
        y = F.adaptive_avg_pool2d(x, (2, 3)).tolist()
        for i, (r0, r1) in enumerate([(0, 3), (2, 5)]):
            for j, (c0, c1) in enumerate([(0, 3), (2, 5), (4, 7)]):
                want = x[:, :, r0:r1, c0:c1].mean((2, 3)).tolist()
                self.close([at(y, n, c, i, j) for n in range(2) for c in range(3)], want)
        self.assertEqual(tuple(nn.AdaptiveAvgPool2d((None, 2))(x).shape), (2, 3, 5, 2))
        self.close(nn.AdaptiveAvgPool2d(1)(x), x.mean((2, 3), keepdim=True))
        self.close(nn.AdaptiveAvgPool1d(1)(x[0]), x[0].mean(-1, keepdim=True))

    def test_pool_shapes(self):
        x = torch.zeros(2, 3, 7, 9)
        self.assertEqual(tuple(nn.MaxPool2d(2)(x).shape), (2, 3, 3, 4))
        self.assertEqual(tuple(nn.MaxPool2d(2, ceil_mode=True)(x).shape), (2, 3, 4, 5))
        self.assertEqual(tuple(nn.MaxPool2d(3, 2, 1, dilation=2)(x).shape), (2, 3, 3, 4))
        self.assertEqual(tuple(nn.AvgPool2d((2, 3), (1, 2), (1, 1))(x).shape), (2, 3, 8, 5))
        self.assertEqual(tuple(nn.MaxPool1d(3, 2)(x[0]).shape), (3, 7, 4))
        self.assertEqual(tuple(nn.AvgPool1d(4, ceil_mode=True)(x[0]).shape), (3, 7, 3))
        self.assertEqual(tuple(nn.Upsample(scale_factor=2)(x).shape), (2, 3, 14, 18))


# ------------------------------------------------------------------ unfold / fold
class TestUnfoldFold(Case):
    def test_adjoint(self):
        """<fold(y), x> == <y, unfold(x)> for random geometries."""
        rng = random.Random(12)
        for _ in range(30):
            kw = dict(kernel_size=(rng.randint(1, 3), rng.randint(1, 3)),
                      dilation=(rng.randint(1, 2), rng.randint(1, 2)),
                      padding=(rng.randint(0, 2), rng.randint(0, 2)),
                      stride=(rng.randint(1, 3), rng.randint(1, 3)))
            size = tuple(max(rng.randint(2, 7), d * (k - 1) + 1)
                         for k, d in zip(kw["kernel_size"], kw["dilation"]))
            x = rand(rng, 2, 3, *size)
            cols = F.unfold(x, **kw)
            y = rand(rng, *cols.shape)
            with self.subTest(kw=kw, size=size):
                self.assertAlmostEqual((F.fold(y, size, **kw) * x).sum().item(),
                                       (y * cols).sum().item(), places=10)

    def test_unfold_layout(self):
        x = torch.arange(2 * 3 * 3.0).reshape(1, 2, 3, 3)
        cols = F.unfold(x, 2)
        self.assertEqual(tuple(cols.shape), (1, 8, 4))
        self.assertEqual(cols[0, :, 0].tolist(), [0.0, 1.0, 3.0, 4.0, 9.0, 10.0, 12.0, 13.0])
        self.assertEqual(F.unfold(x[0], 2).tolist(), cols[0].tolist())  # unbatched
        self.assertEqual(F.fold(torch.ones(1, 4, 4), (3, 3), 2).tolist()[0][0],
                         [[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]])


# ------------------------------------------------------------------ modules and errors
class TestModules(Case):
    def test_parameters_as_pytorch(self):
        cases = [(nn.Conv2d(4, 6, 3, groups=2), [("weight", (6, 2, 3, 3)), ("bias", (6,))]),
                 (nn.Conv1d(3, 5, 2, bias=False), [("weight", (5, 3, 2))]),
                 (nn.ConvTranspose2d(4, 6, (2, 3), groups=2),
                  [("weight", (4, 3, 2, 3)), ("bias", (6,))])]
        for m, want in cases:
            self.assertEqual([(k, tuple(v.shape)) for k, v in m.state_dict().items()], want)
        self.assertEqual(list(nn.MaxPool2d(2).state_dict()), [])

    def test_default_init_bounds(self):
        torch.manual_seed(0)
        m = nn.Conv2d(3, 64, 3)
        fan_in = 27
        self.assertLessEqual(m.weight.abs().max().item(), 1 / math.sqrt(fan_in))
        self.assertGreater(m.weight.abs().max().item(), 0.9 / math.sqrt(fan_in))
        self.assertLessEqual(m.bias.abs().max().item(), 1 / math.sqrt(fan_in))
        t = nn.ConvTranspose2d(3, 8, 2)  # fan_in from weight dim 1: 8 * 4
        self.assertLessEqual(t.bias.abs().max().item(), 1 / math.sqrt(32))

    def test_reprs(self):
        self.assertEqual(repr(nn.Conv2d(3, 4, 3, padding="same")),
                         "Conv2d(3, 4, kernel_size=(3, 3), stride=(1, 1), padding=same)")
        self.assertEqual(repr(nn.Conv2d(3, 4, (3, 2), 2, 1, 2, bias=False,
                                        padding_mode="reflect")),
                         "Conv2d(3, 4, kernel_size=(3, 2), stride=(2, 2), padding=(1, 1), "
                         "dilation=(2, 2), bias=False, padding_mode=reflect)")
        self.assertEqual(repr(nn.ConvTranspose2d(3, 4, 3, stride=2, output_padding=1)),
                         "ConvTranspose2d(3, 4, kernel_size=(3, 3), stride=(2, 2), "
                         "output_padding=(1, 1))")
        self.assertEqual(repr(nn.Conv1d(2, 3, 4)), "Conv1d(2, 3, kernel_size=(4,), stride=(1,))")
        self.assertEqual(repr(nn.MaxPool2d(2)), "MaxPool2d(kernel_size=2, stride=2, padding=0, "
                         "dilation=1, ceil_mode=False)")
        self.assertEqual(repr(nn.AvgPool1d(2)),
                         "AvgPool1d(kernel_size=(2,), stride=(2,), padding=(0,))")
        self.assertEqual(repr(nn.AdaptiveAvgPool2d((2, None))),
                         "AdaptiveAvgPool2d(output_size=(2, None))")

    def test_errors(self):
        x = torch.zeros(2, 3, 5, 5)
        with self.assertRaisesRegex(RuntimeError, r"weight of size \[4, 2, 3, 3\], expected "
                                    r"input\[2, 3, 5, 5\] to have 2 channels, but got 3"):
            F.conv2d(x, torch.zeros(4, 2, 3, 3))
        with self.assertRaisesRegex(RuntimeError, r"input\[2, 4, 5, 5\] to have 3 channels"):
            nn.Conv2d(3, 8, 3)(torch.zeros(2, 4, 5, 5))
        with self.assertRaisesRegex(RuntimeError, r"input of size: \[2, 3\]"):
            F.conv2d(torch.zeros(2, 3), torch.zeros(4, 3, 3, 3))
        with self.assertRaisesRegex(RuntimeError, r"Kernel size: \(7 x 7\)"):
            F.conv2d(x, torch.zeros(4, 3, 3, 3), dilation=3)
        with self.assertRaisesRegex(RuntimeError, "bias of size \\[3\\]"):
            F.conv2d(x, torch.zeros(4, 3, 3, 3), torch.zeros(3))
        with self.assertRaisesRegex(RuntimeError, "strided"):
            F.conv2d(x, torch.zeros(4, 3, 3, 3), padding="same", stride=2)
        with self.assertRaises(RuntimeError):
            F.conv2d(x, torch.zeros(4, 3, 3, 3), stride=0)
        with self.assertRaisesRegex(ValueError, "in_channels must be divisible by groups"):
            nn.Conv2d(3, 4, 3, groups=2)
        with self.assertRaisesRegex(ValueError, "padding_mode"):
            nn.Conv2d(3, 4, 3, padding_mode="bogus")
        with self.assertRaisesRegex(ValueError, "Invalid padding string"):
            nn.Conv2d(3, 4, 3, padding="full")
        with self.assertRaisesRegex(ValueError, "zeros"):
            nn.ConvTranspose2d(3, 4, 3, padding_mode="reflect")
        with self.assertRaisesRegex(RuntimeError, "Padding size should be less"):
            nn.Conv2d(3, 4, 3, padding=5, padding_mode="reflect")(x)
        with self.assertRaisesRegex(RuntimeError, "output padding must be smaller"):
            F.conv_transpose2d(x, torch.zeros(3, 2, 3, 3), output_padding=1)
        with self.assertRaisesRegex(ValueError, "valid sizes range from"):
            nn.ConvTranspose2d(3, 2, 3, stride=2)(x, output_size=(13, 12))
        with self.assertRaisesRegex(RuntimeError, "at most half"):
            F.max_pool2d(x, 2, padding=2)
        with self.assertRaisesRegex(RuntimeError, "Output size is too small"):
            F.avg_pool2d(x, 7)
        with self.assertRaisesRegex(RuntimeError, "sliding blocks 3 \\* 3 = 9"):
            F.fold(torch.zeros(2, 12, 8), (4, 4), 2)
        with self.assertRaisesRegex(RuntimeError, "divisible by the product of kernel_size"):
            F.fold(torch.zeros(2, 13, 9), (4, 4), 2)


if __name__ == "__main__":
    unittest.main()
