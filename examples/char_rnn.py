"""A character-level language model with an LSTM (nn.LSTM): loss as it trains, then samples.

Run from the repository root:

    python examples/char_rnn.py                       # latpy's built-in corpus of Python names
    python examples/char_rnn.py --data names.txt      # any file with one item per line

The lines of the corpus are joined with newlines into one long text. The model reads
windows of it one character at a time and learns to predict the next character; its
LSTM carries a memory (h, c) from step to step. Sampling starts after a newline and
draws characters until the next newline: a new, invented line (here, a Python name).
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


class CharLSTM(nn.Module):
    def __init__(self, vocab_size, embed_size=16, hidden_size=32):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, embed_size)   # a learned vector per character
        self.lstm = nn.LSTM(embed_size, hidden_size, batch_first=True)
        self.head = nn.Linear(hidden_size, vocab_size)      # scores for the next character

    def forward(self, idx, state=None):     # idx: (batch, time) character ids
        out, state = self.lstm(self.embed(idx), state)   # out: (batch, time, hidden)
        return self.head(out), state                     # (batch, time, vocab_size)


def random_windows(data, batch_size, length, rng):
    """`batch_size` random windows of the text: inputs and the same shifted by one."""
    starts = [rng.randrange(len(data) - length - 1) for _ in range(batch_size)]
    x = torch.tensor([data[s:s + length] for s in starts])
    y = torch.tensor([data[s + 1:s + length + 1] for s in starts])
    return x, y


@torch.no_grad()
def mean_loss(model, data, length=100):
    """Cross-entropy per character over `data`, cut into windows read side by side."""
    n = (len(data) - 1) // length
    x = torch.tensor([data[i * length:(i + 1) * length] for i in range(n)])
    y = torch.tensor([data[i * length + 1:(i + 1) * length + 1] for i in range(n)])
    logits, _ = model(x)
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1)).item()


@torch.no_grad()
def sample_line(model, stoi, itos, temperature, rng, max_len=40):
    """Feed a newline, then each drawn character, until the model ends the line."""
    idx, state, out = stoi["\n"], None, []
    for _ in range(max_len):
        logits, state = model(torch.tensor([[idx]]), state)  # one step, memory carried on
        probs = F.softmax(logits[0, -1] / temperature, dim=-1).tolist()
        idx = rng.choices(range(len(probs)), weights=probs)[0]
        if itos[idx] == "\n":
            break
        out.append(itos[idx])
    return "".join(out)


def main():
    parser = argparse.ArgumentParser(description="A character-level LSTM language model.")
    parser.add_argument("--data", help="text file, one item per line "
                        "(default: the built-in corpus of Python names)")
    parser.add_argument("--steps", type=int, default=None, help="default 250 (20 with --quick)")
    parser.add_argument("--samples", type=int, default=15)
    parser.add_argument("--temperature", type=float, default=0.7)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="a few steps (a smoke test)")
    args = parser.parse_args()
    steps = args.steps or (20 if args.quick else 250)
    batch_size, length = 8, 32
    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)

    lines = load_text(args.data) if args.data else text_corpus("names", seed=args.seed)
    text = "\n".join(lines) + "\n"
    itos = sorted(set(text))                      # the vocabulary: every character seen
    stoi = {ch: i for i, ch in enumerate(itos)}
    data = [stoi[ch] for ch in text]
    split = int(0.9 * len(data))                  # the last 10% is kept for validation
    train_data, val_data = data[:split], data[split:]
    print(f"{len(lines)} lines, {len(data)} characters, vocabulary {len(itos)}")

    model = CharLSTM(len(itos))
    print(f"model: embedding 16, LSTM 32, {sum(p.numel() for p in model.parameters())} "
          "parameters")
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-2)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)
    print(f"before training: validation loss {mean_loss(model, val_data):.3f} "
          f"(a uniform guess: ln {len(itos)} = {math.log(len(itos)):.3f})")

    start = time.perf_counter()
    bar = progress(range(steps), desc="train")
    recent = []
    for step in bar:
        x, y = random_windows(train_data, batch_size, length, rng)
        logits, _ = model(x)                                  # (batch, length, vocab)
        loss = F.cross_entropy(logits.reshape(-1, len(itos)), y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)     # tame exploding gradients
        optimizer.step()
        scheduler.step()
        recent = (recent + [loss.item()])[-50:]
        bar.set_postfix(loss=loss.item())
        if (step + 1) % 50 == 0 or step + 1 == steps:
            bar.write(f"step {step + 1:4d} / {steps}: loss {sum(recent) / len(recent):.3f} "
                      f"(mean of the last {len(recent)})")
    seconds = time.perf_counter() - start

    val_loss = mean_loss(model, val_data)
    known = set(lines)
    print(f"\n{args.samples} samples at temperature {args.temperature} "
          "(* = also in the corpus):")
    for i in range(args.samples):
        line = sample_line(model, stoi, itos, args.temperature, rng)
        print(f"  {line}{'  *' if line in known else ''}")
    print(f"trained {steps} steps of {batch_size} x {length} characters in {seconds:.1f} s; "
          f"validation loss {val_loss:.3f} nats per character "
          f"(perplexity {math.exp(val_loss):.1f} of {len(itos)})")


if __name__ == "__main__":
    main()
