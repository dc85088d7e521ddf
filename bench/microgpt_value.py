"""microgpt on a scalar autograd engine: the reference for bench/microgpt_bench.py.

This is Karpathy's microgpt model and training step, rewritten here (not copied) in its own
style: every number is a ``Value`` that remembers its inputs and the local derivative with
respect to each; ``backward()`` applies the chain rule over the graph in reverse topological
order. One layer, n_embd 16, 4 heads, block size 16, RMSNorm without weights, ReLU MLP of
width 64, no biases, separate token/position embeddings and lm_head; Adam with betas
(0.85, 0.99), eps 1e-8 and a learning rate decaying linearly from 1e-2 to 0.

The one change from microgpt: the topological sort uses an explicit stack instead of
recursion (same order, no recursion limit), as everywhere in latpy.

    python bench/microgpt_value.py                         train 20 steps on the built-in corpus
    python bench/microgpt_value.py --data names.txt --steps 50
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time


class Value:
    """One scalar in the graph: its value, its gradient, its inputs and d(self)/d(input)."""

    __slots__ = ("data", "grad", "_children", "_local_grads")

    def __init__(self, data, children=(), local_grads=()):
        self.data = data
        self.grad = 0.0
        self._children = children
        self._local_grads = local_grads

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def __pow__(self, k):  # k: a plain number
        return Value(self.data ** k, (self,), (k * self.data ** (k - 1),))

    def log(self):
        return Value(math.log(self.data), (self,), (1.0 / self.data,))

    def exp(self):
        e = math.exp(self.data)
        return Value(e, (self,), (e,))

    def relu(self):
        return Value(max(0.0, self.data), (self,), (float(self.data > 0),))

    def __neg__(self): return self * -1.0
    def __radd__(self, other): return self + other
    def __sub__(self, other): return self + (-other)
    def __rsub__(self, other): return other + (-self)
    def __rmul__(self, other): return self * other
    def __truediv__(self, other): return self * other ** -1
    def __rtruediv__(self, other): return other * self ** -1

    def backward(self):
        """Reverse topological order by an explicit stack (post-order DFS), then chain rule."""
        topo, seen, stack = [], set(), [(self, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                topo.append(node)
            elif node not in seen:
                seen.add(node)
                stack.append((node, True))
                stack.extend([(child, False) for child in node._children])
        self.grad = 1.0
        for node in reversed(topo):
            for child, local_grad in zip(node._children, node._local_grads):
                child.grad += local_grad * node.grad


# ----------------------------------------------------------------------------- the model
N_LAYER, N_EMBD, N_HEAD, BLOCK_SIZE = 1, 16, 4, 16
HEAD_DIM = N_EMBD // N_HEAD


def init_state_dict(vocab_size: int, rng: random.Random, std: float = 0.08) -> dict:
    """microgpt's parameters: name -> list of rows of Values, each drawn from N(0, std)."""
    def matrix(nout, nin):
        return [[Value(rng.gauss(0.0, std)) for _ in range(nin)] for _ in range(nout)]

    state_dict = {"wte": matrix(vocab_size, N_EMBD), "wpe": matrix(BLOCK_SIZE, N_EMBD),
                  "lm_head": matrix(vocab_size, N_EMBD)}
    for i in range(N_LAYER):
        state_dict[f"layer{i}.attn_wq"] = matrix(N_EMBD, N_EMBD)
        state_dict[f"layer{i}.attn_wk"] = matrix(N_EMBD, N_EMBD)
        state_dict[f"layer{i}.attn_wv"] = matrix(N_EMBD, N_EMBD)
        state_dict[f"layer{i}.attn_wo"] = matrix(N_EMBD, N_EMBD)
        state_dict[f"layer{i}.mlp_fc1"] = matrix(4 * N_EMBD, N_EMBD)
        state_dict[f"layer{i}.mlp_fc2"] = matrix(N_EMBD, 4 * N_EMBD)
    return state_dict


def linear(x, w):
    """y = W x, W given as rows (nout, nin)."""
    return [sum(wi * xi for wi, xi in zip(row, x)) for row in w]


def softmax(logits):
    top = max(v.data for v in logits)  # subtract the max (a constant) for stability
    exps = [(v - top).exp() for v in logits]
    total = sum(exps)
    return [e / total for e in exps]


def rmsnorm(x):
    mean_square = sum(xi * xi for xi in x) / len(x)
    scale = (mean_square + 1e-5) ** -0.5
    return [xi * scale for xi in x]


def gpt(state_dict, token_id, pos_id, keys, values):
    """Logits for the token after `token_id` at `pos_id`; appends to the KV cache."""
    x = [t + p for t, p in zip(state_dict["wte"][token_id], state_dict["wpe"][pos_id])]
    x = rmsnorm(x)
    for li in range(N_LAYER):
        residual = x  # 1) multi-head causal self-attention
        x = rmsnorm(x)
        q = linear(x, state_dict[f"layer{li}.attn_wq"])
        keys[li].append(linear(x, state_dict[f"layer{li}.attn_wk"]))
        values[li].append(linear(x, state_dict[f"layer{li}.attn_wv"]))
        x_attn = []
        for h in range(N_HEAD):
            lo, hi = h * HEAD_DIM, (h + 1) * HEAD_DIM
            q_h = q[lo:hi]
            scores = [sum(qj * kj for qj, kj in zip(q_h, k[lo:hi])) / HEAD_DIM ** 0.5
                      for k in keys[li]]
            weights = softmax(scores)
            x_attn.extend(sum(wt * v[j] for wt, v in zip(weights, values[li]))
                          for j in range(lo, hi))
        x = linear(x_attn, state_dict[f"layer{li}.attn_wo"])
        x = [a + b for a, b in zip(x, residual)]
        residual = x  # 2) the MLP
        x = rmsnorm(x)
        x = [xi.relu() for xi in linear(x, state_dict[f"layer{li}.mlp_fc1"])]
        x = linear(x, state_dict[f"layer{li}.mlp_fc2"])
        x = [a + b for a, b in zip(x, residual)]
    return linear(x, state_dict["lm_head"])


def flat_params(state_dict: dict) -> list:
    return [p for mat in state_dict.values() for row in mat for p in row]


class AdamState:
    """microgpt's Adam: lr 1e-2 decaying linearly to 0 over `num_steps`, betas (0.85, 0.99)."""

    def __init__(self, params, num_steps, lr=1e-2, betas=(0.85, 0.99), eps=1e-8):
        self.params, self.num_steps, self.lr, self.eps = params, num_steps, lr, eps
        self.beta1, self.beta2 = betas
        self.m = [0.0] * len(params)
        self.v = [0.0] * len(params)
        self.step_count = 0

    def step(self):
        beta1, beta2, m, v = self.beta1, self.beta2, self.m, self.v
        lr_t = self.lr * (1 - self.step_count / self.num_steps)
        self.step_count += 1
        correction1, correction2 = 1 - beta1 ** self.step_count, 1 - beta2 ** self.step_count
        for i, p in enumerate(self.params):
            m[i] = beta1 * m[i] + (1 - beta1) * p.grad
            v[i] = beta2 * v[i] + (1 - beta2) * p.grad ** 2
            p.data -= lr_t * (m[i] / correction1) / ((v[i] / correction2) ** 0.5 + self.eps)
            p.grad = 0.0


def train_step(state_dict, adam: AdamState, tokens) -> float:
    """One microgpt training step on one document (`tokens` begins and ends with BOS)."""
    n = min(BLOCK_SIZE, len(tokens) - 1)
    keys, values = [[] for _ in range(N_LAYER)], [[] for _ in range(N_LAYER)]
    losses = []
    for pos in range(n):
        probs = softmax(gpt(state_dict, tokens[pos], pos, keys, values))
        losses.append(-probs[tokens[pos + 1]].log())
    loss = (1.0 / n) * sum(losses)
    loss.backward()
    adam.step()
    return loss.data


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="a text file, one document per line "
                        "(default: latpy's built-in corpus of Python names)")
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args(argv)
    if args.data:
        with open(args.data, encoding="utf-8") as f:
            docs = [line.strip() for line in f if line.strip()]
    else:
        sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        from latpy.datasets import text_corpus
        docs = [d for d in text_corpus("names") if len(d) < BLOCK_SIZE]
    rng = random.Random(42)
    rng.shuffle(docs)
    uchars = sorted(set("".join(docs)))
    bos = len(uchars)
    stoi = {ch: i for i, ch in enumerate(uchars)}
    state_dict = init_state_dict(len(uchars) + 1, rng)
    params = flat_params(state_dict)
    adam = AdamState(params, args.steps)
    print(f"{len(docs)} documents, vocabulary {len(uchars) + 1}, {len(params)} parameters")
    start = time.perf_counter()
    for step in range(args.steps):
        doc = docs[step % len(docs)]
        loss = train_step(state_dict, adam, [bos] + [stoi[ch] for ch in doc] + [bos])
        print(f"step {step + 1:4d} / {args.steps} | loss {loss:.4f}")
    elapsed = time.perf_counter() - start
    print(f"{elapsed / args.steps * 1000:.1f} ms per step")


if __name__ == "__main__":
    main()
