"""Matrix product: the one linear-algebra primitive (mm, bmm, mv, dot compose it)."""

from __future__ import annotations

from ...core.linalg import matmul as _matmul
from ..function import Op
from . import dual as D


class MatMul(Op):
    """z = a @ b;  da = dz @ b^T,  db = a^T @ dz  (1-D operands promoted as NumPy does)"""

    @staticmethod
    def forward(ctx, a, b):
        if a.ndim == 0 or b.ndim == 0:
            raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are "
                               f"{a.ndim}D and {b.ndim}D")
        ctx.save_for_backward(a, b)
        try:
            return _matmul(a, b)
        except ValueError as e:  # mismatched shapes: PyTorch's class, latpy's message
            raise RuntimeError(str(e)) from None

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        da, db = ctx.needs_input_grad
        a_shape, b_shape = tuple(a.shape), tuple(b.shape)
        # Promote 1-D operands to matrices so one pair of formulas covers every case.
        a2 = D.reshape(a, (1,) + a_shape) if len(a_shape) == 1 else a
        b2 = D.reshape(b, b_shape + (1,)) if len(b_shape) == 1 else b
        g_shape = tuple(grad_output.shape)
        g2_shape = list(g_shape)
        if len(a_shape) == 1:
            g2_shape.insert(len(g2_shape) - (0 if len(b_shape) == 1 else 1), 1)
        if len(b_shape) == 1:
            g2_shape.append(1)
        g2 = D.reshape(grad_output, tuple(g2_shape))
        ga = gb = None
        if da:
            ga = g2 @ D.swap_last(b2)
        if db:
            gb = D.swap_last(a2) @ g2
        # A promoted 1-D operand: sum the batch/unit dims away (the engine would only
        # handle broadcast dims, not the promoted one).
        if len(a_shape) == 1 and ga is not None:
            ga = D.reshape(D.sum(ga, axis=tuple(range(len(ga.shape) - 1))), a_shape)
        if len(b_shape) == 1 and gb is not None:
            lead = tuple(range(len(gb.shape) - 2)) + (len(gb.shape) - 1,)
            gb = D.reshape(D.sum(gb, axis=lead), b_shape)
        return ga, gb


class Linear(Op):
    """y = x @ W^T + b;  dx = dy @ W,  dW = dy^T @ x (over all leading dims),  db = sum(dy)

    One node instead of transpose + matmul + add: the weight gradient comes out
    contiguous and the graph is three times shorter for every layer.
    """

    @staticmethod
    def forward(ctx, x, w, b=None):
        if x.ndim == 0 or w.ndim != 2:
            raise RuntimeError(f"linear: expected input of at least 1 dim and a 2-D weight, "
                               f"got {tuple(x.shape)} and {tuple(w.shape)}")
        if x.shape[-1] != w.shape[1]:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied "
                               f"({'x'.join(map(str, x.shape))} and {w.shape[1]}x{w.shape[0]})")
        ctx.save_for_backward(x, w)
        y = _matmul(x, w.T)
        return y + b if b is not None else y

    @staticmethod
    def backward(ctx, grad_output):
        x, w = ctx.saved_tensors
        ix, iw, ib = (ctx.inputs + [None, None])[:3]
        n_out, n_in = tuple(w.shape)
        g2 = D.reshape(grad_output, (-1, n_out))
        gx = grad_output @ w if ix is not None else None
        gw = D.swap_last(g2) @ D.reshape(x, (-1, n_in)) if iw is not None else None
        gb = D.sum(g2, axis=0) if ib is not None else None
        return gx, gw, gb
