"""einsum as one primitive whose backward is again an einsum.

For ``out = einsum("ij,jk->ik", a, b)`` the gradient of ``a`` is
``einsum("ik,jk->ij", grad, b)``: the output's labels and the other operands'
labels, contracted to operand i's labels. Two cases need a constant operand:

* a label repeated in operand i (``"ii->i"``, a diagonal): the gradient lands
  on the diagonal, so each extra occurrence gets a fresh label tied to the
  first by an identity matrix;
* a label of operand i found in no other operand nor the output (it was summed
  away): the gradient is broadcast along it, via a vector of ones.

Subscripts reach the Op already normalised: letters only, an explicit output.
"""

from __future__ import annotations

from ...core.creation import eye, ones
from ...core.einsum import einsum as _einsum
from ..function import Op
from . import dual as D

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


class Einsum(Op):
    """y = einsum(spec, x_1..x_n);  dx_i = einsum(out, x_j (j != i) -> labels_i) of dy"""

    @staticmethod
    def forward(ctx, spec, *operands):
        ctx.spec = spec
        ctx.save_for_backward(*operands)
        return _einsum(spec, *operands)

    @staticmethod
    def backward(ctx, grad_output):
        operands = ctx.saved_tensors
        lhs, out = ctx.spec.split("->")
        terms = lhs.split(",")
        grads = [None]
        for i, needed in enumerate(ctx.needs_input_grad[1:]):
            grads.append(_operand_grad(grad_output, out, terms, operands, i)
                         if needed else None)
        return tuple(grads)


def _operand_grad(grad_output, out, terms, operands, i):
    """The gradient of operand i: einsum of dy with the others (and constants)."""
    shape_i = tuple(operands[i].shape)
    spec_in = [out] + [t for j, t in enumerate(terms) if j != i]
    args = [grad_output] + [x for j, x in enumerate(operands) if j != i]
    used = set("".join(terms) + out)
    fresh = (c for c in LETTERS if c not in used)
    target = ""
    for pos, label in enumerate(terms[i]):
        if label in target:  # repeated label: a fresh one, tied by an identity
            new = next(fresh)
            spec_in.append(label + new)
            args.append(D.like(eye(shape_i[pos]), grad_output))
            label = new
        target += label
    for pos, label in enumerate(target):
        if label not in "".join(spec_in):  # summed away: broadcast back with ones
            spec_in.append(label)
            args.append(D.like(ones((shape_i[pos],)), grad_output))
    spec = ",".join(spec_in) + "->" + target
    if type(grad_output) is not type(D.raw(grad_output)):
        return Einsum.apply(spec, *args)
    return _einsum(spec, *args)


def normalize(equation: str, shapes) -> str:
    """Rewrite `equation` with letters only and an explicit output (``...`` expanded,
    implicit output made explicit), as ``"ab,bc->ac"``.

    >>> normalize("...i,i", [(2, 3), (3,)])
    'ai,i->a'
    >>> normalize("ij,jk", [(2, 3), (3, 4)])
    'ij,jk->ik'
    """
    spec = equation.replace(" ", "")
    lhs, arrow, rhs = spec.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(shapes):
        more = "more" if len(shapes) > len(terms) else "fewer"
        raise RuntimeError(f"einsum(): {more} operands were provided than specified in the "
                           f"equation ({len(terms)} in {equation!r}, {len(shapes)} given)")
    free = [c for c in LETTERS if c not in spec]
    n_ell = 0
    for t, shape in zip(terms, shapes):
        if "..." in t:
            n_ell = max(n_ell, len(shape) - (len(t) - 3))
    ell = "".join(free[:n_ell])
    new_terms = []
    for t, shape in zip(terms, shapes):
        if "..." in t:
            k = len(shape) - (len(t) - 3)
            if k < 0:
                raise RuntimeError(f"einsum(): the number of subscripts in the equation "
                                   f"({len(t) - 3}) is more than the number of dimensions "
                                   f"({len(shape)}) for operand {len(new_terms)}")
            t = t.replace("...", ell[n_ell - k:])
        elif len(t) != len(shape):
            raise RuntimeError(f"einsum(): the number of subscripts in the equation "
                               f"({len(t)}) does not match the number of dimensions "
                               f"({len(shape)}) for operand {len(new_terms)} and no ellipsis "
                               "was given")
        new_terms.append(t)
    if arrow:
        out = rhs.replace("...", ell)
    else:
        seen = "".join(new_terms)
        out = ell + "".join(sorted(c for c in set(seen) if seen.count(c) == 1
                                   and c not in ell))
    return ",".join(new_terms) + "->" + out


def from_sublists(args) -> tuple:
    """``einsum(a, [0, 1], b, [1, 2], [0, 2])`` as ``("ab,bc->ac", [a, b])``.

    >>> from_sublists(("A", [0, 1], "B", [1, 2], [0, 2]))
    ('ab,bc->ac', ['A', 'B'])
    """
    def letters(sub):
        return "".join("..." if s is Ellipsis else LETTERS[s] for s in sub)
    n = len(args) // 2
    terms = [letters(args[2 * k + 1]) for k in range(n)]
    operands = [args[2 * k] for k in range(n)]
    spec = ",".join(terms)
    if len(args) % 2:
        spec += "->" + letters(args[-1])
    return spec, operands
