"""Five optimizer steps of every layer, against PyTorch (CPU, float64).

For each layer in LAYERS a small model (the layer, then an MSE loss against a fixed
random target) is built in both libraries with identical weights (dropout 0), and
trained for 5 steps, each on its own random batch, once with Adam(lr=1e-2) and once
with SGD(lr=1e-2, momentum=0.9). The loss of every step, and every parameter and
buffer (BatchNorm's running statistics and ``num_batches_tracked`` included)
after the 5 steps, must agree to rtol 1e-9. ResidualBlock, latpy's own, is compared
with the same block built by hand from PyTorch convolutions.
Skipped when PyTorch is not installed.
"""

import copy
import random
import unittest
import warnings

try:
    import torch as real_torch
except ImportError:  # pragma: no cover - the plain test run has no PyTorch
    real_torch = None

import latpy.torch as lt

from tests.oracle.test_nn_recurrent_torch import _OracleCase, _pair

STEPS = 5


def _index_pair(rng, shape, high):
    """The same random int64 indices (as class labels or token ids) in both libraries."""
    n = 1
    for d in shape:
        n *= d
    flat = [rng.randrange(high) for _ in range(n)]
    return (real_torch.tensor(flat, dtype=real_torch.int64).reshape(shape),
            lt.tensor(flat).reshape(shape))


def _floats(*shapes):
    """An input maker: one random float tensor per shape, the same in both libraries."""
    def make(rng):
        pairs = [_pair(rng, s, grad=False) for s in shapes]
        return [p[0] for p in pairs], [p[1] for p in pairs]
    return make


def _all(out):
    return list(out) if isinstance(out, tuple) else [out]


def _residual_torch(channels):
    """latpy's ResidualBlock built from PyTorch parts: relu(x + conv2(relu(conv1(x))))."""
    nn = real_torch.nn

    class ResidualBlock(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(channels, channels, 3, padding=1)
            self.conv2 = nn.Conv2d(channels, channels, 3, padding=1)

        def forward(self, x):
            return real_torch.relu(x + self.conv2(real_torch.relu(self.conv1(x))))

    return ResidualBlock()


def _embedding_input(rng):
    t, l = _index_pair(rng, (3, 5), 10)  # index 0 (the padding_idx) appears
    return [t], [l]


def _causal(n):
    return (real_torch.ones(n, n, dtype=real_torch.bool).triu(1),
            lt.tensor([[j > i for j in range(n)] for i in range(n)]))


def _decoder_input(rng):
    (tgt_t, mem_t), (tgt_l, mem_l) = _floats((2, 4, 4), (2, 5, 4))(rng)
    mask_t, mask_l = _causal(4)
    return ([tgt_t, mem_t, {"tgt_mask": mask_t}], [tgt_l, mem_l, {"tgt_mask": mask_l}])


def _mha_input(rng):
    (x_t,), (x_l,) = _floats((3, 2, 4))(rng)
    pad_t = real_torch.tensor([[False, False, True], [False, False, False]])
    pad_l = lt.tensor([[False, False, True], [False, False, False]])
    return ([x_t, x_t, x_t, {"key_padding_mask": pad_t}],
            [x_l, x_l, x_l, {"key_padding_mask": pad_l}])


def _transformer_input(rng):
    (src_t, tgt_t), (src_l, tgt_l) = _floats((4, 2, 4), (3, 2, 4))(rng)
    mask_t, mask_l = _causal(3)
    return ([src_t, tgt_t, {"tgt_mask": mask_t}], [src_l, tgt_l, {"tgt_mask": mask_l}])


def _all_states(out):
    """RNN/GRU: (output, h_n); LSTM: (output, (h_n, c_n))."""
    output, state = out
    return [output] + (list(state) if isinstance(state, tuple) else [state])


# name: (build(lib) -> module, make_inputs(rng) -> (torch args, latpy args), outputs(out))
# A trailing dict in the args is passed as keyword arguments.
LAYERS = {
    "Linear": (lambda nn: nn.Linear(4, 3), _floats((5, 4)), _all),
    "Bilinear": (lambda nn: nn.Bilinear(3, 4, 2), _floats((5, 3), (5, 4)), _all),
    "Conv1d": (lambda nn: nn.Conv1d(2, 4, 3, stride=2, padding=1, groups=2),
               _floats((2, 2, 7)), _all),
    "Conv2d": (lambda nn: nn.Conv2d(2, 3, 3, padding=1), _floats((2, 2, 5, 4)), _all),
    "Conv2d_strided": (lambda nn: nn.Conv2d(2, 4, (3, 2), stride=2, dilation=(1, 2),
                                            groups=2, bias=False),
                       _floats((2, 2, 5, 6)), _all),
    "ConvTranspose2d": (lambda nn: nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1,
                                                      output_padding=1),
                        _floats((2, 2, 3, 3)), _all),
    "Embedding": (lambda nn: nn.Embedding(10, 4, padding_idx=0), _embedding_input, _all),
    "LayerNorm": (lambda nn: nn.LayerNorm(4), _floats((3, 5, 4)), _all),
    "RMSNorm": (lambda nn: nn.RMSNorm([5, 4]), _floats((3, 5, 4)), _all),
    "BatchNorm1d": (lambda nn: nn.BatchNorm1d(3, momentum=0.2), _floats((6, 3, 4)), _all),
    "BatchNorm2d": (lambda nn: nn.BatchNorm2d(3), _floats((4, 3, 3, 2)), _all),
    "GroupNorm": (lambda nn: nn.GroupNorm(2, 4), _floats((3, 4, 5)), _all),
    "RNN": (lambda nn: nn.RNN(3, 4, num_layers=2), _floats((5, 2, 3)), _all_states),
    "LSTM": (lambda nn: nn.LSTM(3, 4, batch_first=True, bidirectional=True),
             _floats((2, 5, 3)), _all_states),
    "GRU": (lambda nn: nn.GRU(3, 4, num_layers=2, bidirectional=True), _floats((5, 2, 3)),
            _all_states),
    "MultiheadAttention": (lambda nn: nn.MultiheadAttention(4, 2), _mha_input, _all),
    "TransformerEncoderLayer": (lambda nn: nn.TransformerEncoderLayer(
        4, 2, 8, dropout=0.0, batch_first=True), _floats((2, 3, 4)), _all),
    "TransformerDecoderLayer": (lambda nn: nn.TransformerDecoderLayer(
        4, 2, 8, dropout=0.0, batch_first=True, norm_first=True), _decoder_input, _all),
    "Transformer": (lambda nn: nn.Transformer(4, 2, 1, 1, 8, dropout=0.0),
                    _transformer_input, _all),
    "ResidualBlock": (None, _floats((2, 3, 4, 4)), _all),
}

OPTIMIZERS = {
    "Adam": lambda optim, params: optim.Adam(params, lr=1e-2),
    "SGD": lambda optim, params: optim.SGD(params, lr=1e-2, momentum=0.9),
}


def _build(name, seed):
    build = LAYERS[name][0]
    real_torch.manual_seed(seed)
    with warnings.catch_warnings():  # nn.Transformer's enable_nested_tensor notice
        warnings.simplefilter("ignore")
        theirs = (_residual_torch(3) if build is None else build(real_torch.nn)).double()
    ours = lt.nn.ResidualBlock(3) if build is None else build(lt.nn)
    return theirs, ours


def _call(module, args):
    if isinstance(args[-1], dict):
        return module(*args[:-1], **args[-1])
    return module(*args)


@unittest.skipUnless(real_torch is not None, "PyTorch is not installed")
class TestFiveTrainingSteps(_OracleCase):
    def run_steps(self, name, opt_name, seed):
        theirs, ours = _build(name, seed)
        self.copy_weights(ours, theirs)
        initial = {k: v.detach().clone() for k, v in theirs.named_parameters()}
        _, make_inputs, outputs = LAYERS[name]
        rng = random.Random(seed)
        batches = [make_inputs(rng) for _ in range(STEPS)]
        with real_torch.no_grad():  # on a copy: a forward pass moves running statistics
            probe = copy.deepcopy(theirs)
            shapes = [tuple(o.shape) for o in outputs(_call(probe, batches[0][0]))]
        targets = [_pair(rng, s, grad=False) for s in shapes]
        opt_t = OPTIMIZERS[opt_name](real_torch.optim, theirs.parameters())
        opt_l = OPTIMIZERS[opt_name](lt.optim, ours.parameters())
        what = f"{name} {opt_name}"
        for step, (args_t, args_l) in enumerate(batches):
            losses = []
            for lib, module, opt, args, k in ((real_torch, theirs, opt_t, args_t, 0),
                                              (lt, ours, opt_l, args_l, 1)):
                opt.zero_grad()
                outs = outputs(_call(module, args))
                loss = sum(lib.nn.functional.mse_loss(o, t[k]) for o, t in zip(outs, targets))
                loss.backward()
                opt.step()
                losses.append(loss)
            self.assertClose(losses[1], losses[0], f"{what}: loss of step {step}")
        state_l = ours.state_dict()
        state_t = theirs.state_dict()
        self.assertEqual(list(state_l), list(state_t))
        for key, value in state_t.items():
            if key.endswith("in_proj_bias"):
                self.check_in_proj_bias(state_l[key], value, f"{what}: {key}")
            else:
                self.assertClose(state_l[key], value, f"{what}: {key} after {STEPS} steps")
        # the steps really moved the weights
        self.assertTrue(any(not real_torch.equal(v, initial[k])
                            for k, v in theirs.named_parameters()), what)

    def check_in_proj_bias(self, ours, theirs, what):
        """Attention's key bias (the middle third of in_proj_bias) has an exactly zero
        gradient: it adds q . b_k to every score of a query's row, and softmax ignores
        a shift. Both libraries compute rounding noise (~1e-17) there instead, which
        Adam rescales to steps of up to lr * |g| / eps ~ 1e-11 with an arbitrary sign.
        So that third must only stay at zero (to 1e-9); the rest agrees to rtol 1e-9."""
        e = ours.shape[0] // 3
        for part in (slice(0, e), slice(2 * e, 3 * e)):
            self.assertClose(ours[part], theirs[part], f"{what} after {STEPS} steps")
        for lib, values in (("latpy", ours[e:2 * e]), ("torch", theirs[e:2 * e])):
            for x in values.tolist():
                self.assertLess(abs(x), 1e-9, f"{what}: {lib}'s key bias left zero")

    def test_all_layers(self):
        for seed, name in enumerate(LAYERS):
            for opt_name in OPTIMIZERS:
                with self.subTest(layer=name, optimizer=opt_name):
                    self.run_steps(name, opt_name, seed)

    def test_table_covers_issue_layers(self):
        required = {"Linear", "Bilinear", "Conv1d", "Conv2d", "ConvTranspose2d", "Embedding",
                    "LayerNorm", "RMSNorm", "BatchNorm1d", "BatchNorm2d", "GroupNorm", "RNN",
                    "LSTM", "GRU", "MultiheadAttention", "TransformerEncoderLayer",
                    "TransformerDecoderLayer", "ResidualBlock"}
        self.assertLessEqual(required, set(LAYERS))


if __name__ == "__main__":
    unittest.main()
