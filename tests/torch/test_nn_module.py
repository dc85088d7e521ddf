"""nn.Module, Parameter, containers, Linear/Bilinear and nn.init."""

import math
import random
import unittest

import latpy.torch as torch
import latpy.torch.nn as nn
import latpy.torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.blocks = nn.ModuleList([nn.Linear(4, 4), nn.Linear(4, 4)])
        self.head = nn.Sequential(nn.Linear(4, 2))
        self.register_buffer("steps", torch.zeros(1))
        self.register_buffer("scratch", torch.zeros(2), persistent=False)
        self.scale = nn.Parameter(torch.ones(1))

    def forward(self, x):
        x = self.fc1(x).relu()
        for b in self.blocks:
            x = b(x).tanh()
        return self.head(x) * self.scale


class TestModule(unittest.TestCase):
    def test_names_match_pytorch_layout(self):
        net = Net()
        self.assertEqual([n for n, _ in net.named_parameters()],
                         ["scale", "fc1.weight", "fc1.bias", "blocks.0.weight", "blocks.0.bias",
                          "blocks.1.weight", "blocks.1.bias", "head.0.weight", "head.0.bias"])
        self.assertEqual(list(net.state_dict()),
                         ["scale", "steps", "fc1.weight", "fc1.bias", "blocks.0.weight",
                          "blocks.0.bias", "blocks.1.weight", "blocks.1.bias", "head.0.weight",
                          "head.0.bias"])
        self.assertEqual([n for n, _ in net.named_buffers()], ["steps", "scratch"])
        self.assertEqual([n for n, _ in net.named_modules()],
                         ["", "fc1", "blocks", "blocks.0", "blocks.1", "head", "head.0"])
        self.assertEqual(len(list(net.children())), 3)
        self.assertEqual(net.num_parameters(), 1 + 16 + 20 + 20 + 10)

    def test_forward_backward_and_zero_grad(self):
        net = Net()
        out = net(torch.randn(5, 3)).sum()
        out.backward()
        self.assertTrue(all(p.grad is not None for p in net.parameters()))
        net.zero_grad()
        self.assertTrue(all(p.grad is None for p in net.parameters()))

    def test_state_dict_round_trip_and_errors(self):
        a, b = Net(), Net()
        b.load_state_dict(a.state_dict())
        x = torch.randn(2, 3)
        self.assertEqual(a(x).tolist(), b(x).tolist())
        sd = a.state_dict()
        sd["extra"] = torch.zeros(1)
        del sd["fc1.bias"]
        with self.assertRaises(RuntimeError) as ctx:
            b.load_state_dict(sd)
        msg = str(ctx.exception)
        self.assertIn('Missing key(s) in state_dict: "fc1.bias"', msg)
        self.assertIn('Unexpected key(s) in state_dict: "extra"', msg)
        result = b.load_state_dict(sd, strict=False)
        self.assertEqual(result.missing_keys, ["fc1.bias"])
        self.assertEqual(result.unexpected_keys, ["extra"])
        bad = a.state_dict()
        bad["fc1.weight"] = torch.zeros(3, 3)
        with self.assertRaises(RuntimeError) as ctx:
            b.load_state_dict(bad)
        self.assertIn("size mismatch for fc1.weight", str(ctx.exception))
        self.assertIn("torch.Size([3, 3])", str(ctx.exception))

    def test_state_dict_is_detached_copy_of_values(self):
        net = nn.Linear(2, 2)
        sd = net.state_dict()
        self.assertFalse(sd["weight"].requires_grad)
        b = nn.Linear(2, 2)
        b.load_state_dict(sd)
        with torch.no_grad():
            b.weight.data[0, 0] = 123.0
        self.assertNotEqual(net.weight.data[0, 0], 123.0)

    def test_train_eval_apply_requires_grad(self):
        net = Net()
        net.eval()
        self.assertFalse(any(m.training for m in net.modules()))
        net.train()
        self.assertTrue(all(m.training for m in net.modules()))
        seen = []
        net.apply(lambda m: seen.append(type(m).__name__))
        self.assertEqual(seen[-1], "Net")
        net.requires_grad_(False)
        self.assertFalse(any(p.requires_grad for p in net.parameters()))

    def test_setattr_rules(self):
        m = nn.Module()
        m.w = nn.Parameter(torch.zeros(2))
        with self.assertRaises(TypeError):
            m.w = torch.zeros(2)  # a plain tensor can't replace a parameter
        m.w = None
        self.assertIsNone(m.w)
        with self.assertRaises(AttributeError):
            m.missing
        del m.w
        with self.assertRaises(KeyError):
            m.register_buffer("a.b", torch.zeros(1))

    def test_shared_parameter_listed_once(self):
        a = nn.Linear(2, 2)
        seq = nn.Sequential(a, a)
        self.assertEqual(len(list(seq.parameters())), 2)

    def test_hooks(self):
        lin = nn.Linear(2, 2)
        calls = []
        h = lin.register_forward_hook(lambda m, args, out: calls.append(tuple(out.shape)))
        lin(torch.zeros(3, 2))
        h.remove()
        lin(torch.zeros(3, 2))
        self.assertEqual(calls, [(3, 2)])
        lin.register_forward_pre_hook(lambda m, args: (args[0] * 0.0,))
        self.assertEqual(lin(torch.ones(1, 2)).tolist(), lin.bias.detach().unsqueeze(0).tolist())

    def test_repr_tree(self):
        text = repr(nn.Sequential(nn.Linear(2, 3), nn.ReLU()))
        self.assertEqual(text, "Sequential(\n  (0): Linear(in_features=2, out_features=3, "
                               "bias=True)\n  (1): ReLU()\n)")


class TestContainers(unittest.TestCase):
    def test_sequential_indexing(self):
        seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
        self.assertIsInstance(seq[0], nn.Linear)
        self.assertIsInstance(seq[-1], nn.Linear)
        self.assertEqual(len(seq[:2]), 2)
        seq.append(nn.Identity())
        self.assertEqual(len(seq), 4)
        del seq[1]
        self.assertEqual([n for n, _ in seq.named_children()], ["0", "1", "2"])
        with self.assertRaises(IndexError):
            seq[10]

    def test_module_list_dict_parameter_list(self):
        ml = nn.ModuleList([nn.Linear(1, 1)])
        ml.append(nn.Linear(1, 1))
        ml.extend([nn.Linear(1, 1)])
        self.assertEqual(len(ml), 3)
        md = nn.ModuleDict({"a": nn.Linear(1, 2)})
        md["b"] = nn.Linear(2, 1)
        self.assertEqual(list(md.keys()), ["a", "b"])
        self.assertEqual([n for n, _ in md.named_parameters()],
                         ["a.weight", "a.bias", "b.weight", "b.bias"])
        pl = nn.ParameterList([torch.zeros(2), nn.Parameter(torch.ones(1))])
        self.assertTrue(all(isinstance(p, nn.Parameter) for p in pl))
        pd = nn.ParameterDict({"x": torch.zeros(1)})
        self.assertEqual([n for n, _ in pd.named_parameters()], ["x"])

    def test_flatten_unflatten_identity(self):
        x = torch.randn(2, 3, 4)
        self.assertEqual(tuple(nn.Flatten()(x).shape), (2, 12))
        self.assertEqual(tuple(nn.Flatten(0, 1)(x).shape), (6, 4))
        self.assertEqual(tuple(nn.Unflatten(1, (2, 6))(nn.Flatten()(x)).shape), (2, 2, 6))
        self.assertIs(nn.Identity()(x), x)


def _finite_diff(f, x, eps=1e-6):
    grads = []
    flat = x.data.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        up = f().item()
        flat[i] = old - eps
        down = f().item()
        flat[i] = old
        grads.append((up - down) / (2 * eps))
    return grads


class TestLinear(unittest.TestCase):
    def test_values_and_shapes(self):
        lin = nn.Linear(3, 2)
        x = torch.randn(4, 3)
        expected = [[sum(xi * wi for xi, wi in zip(row, wrow)) + b
                     for wrow, b in zip(lin.weight.tolist(), lin.bias.tolist())]
                    for row in x.tolist()]
        got = lin(x).tolist()
        for r1, r2 in zip(got, expected):
            for a, b in zip(r1, r2):
                self.assertAlmostEqual(a, b, places=12)
        self.assertEqual(tuple(lin(torch.randn(5, 7, 3)).shape), (5, 7, 2))
        self.assertEqual(tuple(lin(torch.randn(3)).shape), (2,))
        self.assertIsNone(nn.Linear(3, 2, bias=False).bias)

    def test_gradients_match_finite_differences(self):
        torch.manual_seed(0)
        lin = nn.Linear(3, 2)
        x = torch.randn(4, 3, requires_grad=True)

        def loss():
            return (lin(x) ** 2).sum()
        loss().backward()
        for t in (x, lin.weight, lin.bias):
            num = _finite_diff(loss, t)
            for a, b in zip(t.grad.reshape(-1).tolist(), num):
                self.assertAlmostEqual(a, b, places=5)

    def test_default_init_bounds(self):
        torch.manual_seed(1)
        lin = nn.Linear(50, 40)
        bound = 1 / math.sqrt(50)
        w = lin.weight.reshape(-1).tolist()
        self.assertTrue(all(-bound <= v <= bound for v in w))
        self.assertGreater(max(w), 0.9 * bound)
        self.assertLess(min(w), -0.9 * bound)

    def test_bilinear(self):
        bl = nn.Bilinear(2, 3, 4)
        x1, x2 = torch.randn(5, 2), torch.randn(5, 3)
        out = bl(x1, x2)
        w = bl.weight.tolist()
        for n in range(5):
            for k in range(4):
                v = sum(x1[n, i].item() * w[k][i][j] * x2[n, j].item()
                        for i in range(2) for j in range(3)) + bl.bias[k].item()
                self.assertAlmostEqual(out[n, k].item(), v, places=12)


class TestInit(unittest.TestCase):
    def test_gains(self):
        self.assertEqual(nn.init.calculate_gain("tanh"), 5.0 / 3)
        self.assertAlmostEqual(nn.init.calculate_gain("leaky_relu", 0.2),
                               math.sqrt(2 / 1.04))
        with self.assertRaises(ValueError):
            nn.init.calculate_gain("nope")

    def test_distributions(self):
        torch.manual_seed(3)
        t = nn.init.normal_(torch.empty(20000), 1.0, 2.0)
        self.assertAlmostEqual(t.mean().item(), 1.0, delta=0.06)
        self.assertAlmostEqual(t.std().item(), 2.0, delta=0.06)
        t = nn.init.xavier_uniform_(torch.empty(100, 200))
        a = math.sqrt(6 / 300)
        self.assertTrue(bool((t.abs() <= a).all()))
        t = nn.init.kaiming_normal_(torch.empty(200, 100), nonlinearity="relu")
        self.assertAlmostEqual(t.std().item(), math.sqrt(2 / 100), delta=0.01)
        t = nn.init.trunc_normal_(torch.empty(1000), std=1.0, a=-0.5, b=0.5)
        self.assertTrue(bool((t.abs() <= 0.5).all()))

    def test_orthogonal_constant_eye(self):
        for shape in ((4, 4), (3, 6), (6, 3)):
            w = nn.init.orthogonal_(torch.empty(*shape))
            prod = w @ w.T if shape[0] <= shape[1] else w.T @ w
            n = min(shape)
            self.assertTrue(torch.allclose(prod, torch.eye(n), atol=1e-12))
        self.assertEqual(nn.init.constant_(torch.empty(2), 0.5).tolist(), [0.5, 0.5])
        self.assertEqual(nn.init.eye_(torch.empty(2, 3)).tolist(),
                         [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
        with self.assertRaises(ValueError):
            nn.init.xavier_uniform_(torch.empty(3))

    def test_init_records_no_graph(self):
        p = nn.Parameter(torch.zeros(3))
        nn.init.uniform_(p)
        self.assertIsNone(p.grad_fn)
        self.assertTrue(p.requires_grad)


class TestFunctionalLinear(unittest.TestCase):
    def test_linear_matches_module(self):
        lin = nn.Linear(3, 2)
        x = torch.randn(4, 3)
        self.assertEqual(F.linear(x, lin.weight, lin.bias).tolist(), lin(x).tolist())


if __name__ == "__main__":
    random.seed(0)
    unittest.main()
