"""microgpt: a character-level GPT with exactly the architecture of Karpathy's microgpt.

Karpathy's microgpt (https://gist.github.com/karpathy/8627fe009c40f57531cb18360106ce95)
builds a GPT out of scalar `Value`s. This is the same model, the same training and the
same sampling, written with tensors and `nn` modules, as you would write it in PyTorch:

* 1 layer, n_embd 16, 4 heads (of size 4), context (block) size 16;
* token + position embeddings; RMSNorm with no learnable weight (eps 1e-5) on the
  embeddings and before each sub-block; causal self-attention; a ReLU MLP of width
  4 * 16; residual connections; an lm_head; no biases anywhere; every weight drawn
  from N(0, 0.08);
* Adam with betas (0.85, 0.99), eps 1e-8 and a learning rate decaying linearly from
  1e-2 to 0; one document (one line, e.g. a name) per step, wrapped in BOS tokens;
* 20 samples at temperature 0.5 at the end.

Run from the repository root:

    python examples/microgpt.py                       # latpy's built-in corpus of Python names
    python examples/microgpt.py --data names.txt      # any file with one item per line
    python examples/microgpt.py --steps 300 --quick

By default it trains on the names of functions, classes and modules found in your Python
installation (latpy.datasets.text_corpus), so it learns to invent Python-looking names.
"""

import argparse
import math
import os
import random
import sys
import time

try:
    import latpy.torch as torch
except ImportError:  # run from a checkout without installing: examples/ is next to latpy/
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import latpy.torch as torch
import latpy.torch.nn as nn
import latpy.torch.nn.functional as F
from latpy.datasets import load_text, text_corpus
from latpy.utils import progress


# ---------------------------------------------------------------------------- the model
class CausalSelfAttention(nn.Module):
    """Multi-head attention in which position t only looks at positions 0..t."""

    def __init__(self, n_embd, n_head, block_size):
        super().__init__()
        self.n_head = n_head
        self.wq = nn.Linear(n_embd, n_embd, bias=False)  # queries: what am I looking for?
        self.wk = nn.Linear(n_embd, n_embd, bias=False)  # keys: what do I contain?
        self.wv = nn.Linear(n_embd, n_embd, bias=False)  # values: what do I pass on?
        self.wo = nn.Linear(n_embd, n_embd, bias=False)  # mixes the heads back together
        # future[t, s] is True where s > t: the positions that t must not see
        future = torch.ones(block_size, block_size).triu(1) == 1
        self.register_buffer("future", future, persistent=False)  # not saved: not learned

    def forward(self, x):                       # x: (T, C), one document of T tokens
        T, C = x.shape
        head_size = C // self.n_head
        # (T, C) -> (n_head, T, head_size): each head attends on its own slice of C
        q = self.wq(x).view(T, self.n_head, head_size).transpose(0, 1)
        k = self.wk(x).view(T, self.n_head, head_size).transpose(0, 1)
        v = self.wv(x).view(T, self.n_head, head_size).transpose(0, 1)
        scores = q @ k.transpose(-2, -1) / math.sqrt(head_size)        # (n_head, T, T)
        scores = scores.masked_fill(self.future[:T, :T], float("-inf"))
        weights = F.softmax(scores, dim=-1)     # each row sums to 1 over the past
        out = weights @ v                       # (n_head, T, head_size)
        out = out.transpose(0, 1).reshape(T, C)  # the heads side by side again
        return self.wo(out)


class MLP(nn.Module):
    def __init__(self, n_embd):
        super().__init__()
        self.fc1 = nn.Linear(n_embd, 4 * n_embd, bias=False)
        self.fc2 = nn.Linear(4 * n_embd, n_embd, bias=False)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))


class Block(nn.Module):
    """Attention then MLP, each on a normalised input and added back (residual)."""

    def __init__(self, n_embd, n_head, block_size):
        super().__init__()
        self.norm1 = nn.RMSNorm(n_embd, eps=1e-5, elementwise_affine=False)
        self.attn = CausalSelfAttention(n_embd, n_head, block_size)
        self.norm2 = nn.RMSNorm(n_embd, eps=1e-5, elementwise_affine=False)
        self.mlp = MLP(n_embd)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        x = x + self.mlp(self.norm2(x))
        return x


class MicroGPT(nn.Module):
    def __init__(self, vocab_size, n_embd=16, n_head=4, n_layer=1, block_size=16):
        super().__init__()
        self.block_size = block_size
        self.wte = nn.Embedding(vocab_size, n_embd)   # token embeddings
        self.wpe = nn.Embedding(block_size, n_embd)   # position embeddings
        self.norm = nn.RMSNorm(n_embd, eps=1e-5, elementwise_affine=False)
        self.layers = nn.ModuleList(Block(n_embd, n_head, block_size)
                                    for _ in range(n_layer))
        self.lm_head = nn.Linear(n_embd, vocab_size, bias=False)
        for p in self.parameters():                   # microgpt: every weight ~ N(0, 0.08)
            nn.init.normal_(p, mean=0.0, std=0.08)

    def forward(self, idx):                 # idx: (T,) token ids -> logits (T, vocab_size)
        T = idx.shape[0]
        x = self.wte(idx) + self.wpe(torch.arange(T))
        x = self.norm(x)  # as microgpt; not redundant, the residual stream skips later norms
        for block in self.layers:
            x = block(x)
        return self.lm_head(x)


# ------------------------------------------------------------------------ training step
def train_step(model, optimizer, scheduler, tokens):
    """One optimisation step on one document; `tokens` = [BOS, c1, ..., cn, BOS]."""
    n = min(model.block_size, len(tokens) - 1)
    inputs = torch.tensor(tokens[:n])            # BOS c1 c2 ... : what the model sees
    targets = torch.tensor(tokens[1:n + 1])      # c1 c2 ... BOS : what comes next
    logits = model(inputs)                       # (n, vocab_size)
    loss = F.cross_entropy(logits, targets)      # mean of -log p(next) over the n positions
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    scheduler.step()                             # linear decay of the learning rate
    return loss.item()


@torch.no_grad()
def sample(model, bos, temperature=0.5, rng=random):
    """Generate one document: start from BOS, draw characters until BOS comes back."""
    tokens = [bos]
    for _ in range(model.block_size):
        logits = model(torch.tensor(tokens))[-1] / temperature  # the last position's guess
        probs = F.softmax(logits, dim=-1).tolist()
        next_id = rng.choices(range(len(probs)), weights=probs)[0]
        if next_id == bos:
            break
        tokens.append(next_id)
    return tokens[1:]


def load_docs(path, block_size):
    """The training documents: the lines of `path`, or latpy's corpus of Python names."""
    if path:
        return load_text(path)
    # names that fit the context with their two BOS tokens, as every name in names.txt does
    return [name for name in text_corpus("names") if len(name) < block_size]


def main():
    parser = argparse.ArgumentParser(description="Train Karpathy's microgpt on latpy.")
    parser.add_argument("--data", help="text file, one document per line "
                        "(default: the built-in corpus of Python names)")
    parser.add_argument("--steps", type=int, default=None,
                        help="training steps, one document each (default 1000, as microgpt)")
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--temperature", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--quick", action="store_true",
                        help="100 steps, 5 samples (a smoke test)")
    args = parser.parse_args()
    steps = args.steps or (100 if args.quick else 1000)
    n_samples = 5 if args.quick else args.samples

    random.seed(args.seed)
    torch.manual_seed(args.seed)
    block_size = 16
    docs = load_docs(args.data, block_size)
    random.shuffle(docs)

    # The tokenizer: one id per character, plus BOS ("beginning/end of sequence") last.
    chars = sorted(set("".join(docs)))
    stoi = {ch: i for i, ch in enumerate(chars)}
    bos = len(chars)
    vocab_size = len(chars) + 1

    model = MicroGPT(vocab_size, n_embd=16, n_head=4, n_layer=1, block_size=block_size)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2, betas=(0.85, 0.99), eps=1e-8)
    # lr at step t = 1e-2 * (1 - t / steps), as microgpt
    scheduler = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=1.0,
                                                  end_factor=0.0, total_iters=steps)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"{len(docs)} documents ({args.data or 'built-in Python names'}), "
          f"vocabulary {vocab_size}, {n_params} parameters")

    losses = []
    start = time.perf_counter()
    bar = progress(range(steps), desc="train")
    for step in bar:
        doc = docs[step % len(docs)]
        tokens = [bos] + [stoi[c] for c in doc] + [bos]
        loss = train_step(model, optimizer, scheduler, tokens)
        losses.append(loss)
        bar.set_postfix(loss=loss)
        if (step + 1) % 100 == 0 or step + 1 == steps:
            recent = losses[-100:]
            bar.write(f"step {step + 1:5d} / {steps} | loss {sum(recent) / len(recent):.4f} "
                      f"(mean of the last {len(recent)})")
    seconds = time.perf_counter() - start

    print(f"\n{n_samples} samples at temperature {args.temperature} "
          "(* = also in the training data):")
    known = set(docs)
    for i in range(n_samples):
        text = "".join(chars[t] for t in sample(model, bos, args.temperature))
        print(f"  sample {i + 1:2d}: {text}{'  *' if text in known else ''}")

    window = max(1, min(100, steps // 4))
    print(f"trained {steps} steps in {seconds:.1f} s ({seconds / steps * 1000:.1f} ms/step); "
          f"loss {sum(losses[:window]) / window:.3f} -> {sum(losses[-window:]) / window:.3f} "
          f"(mean of the first/last {window} steps)")


if __name__ == "__main__":
    main()
