"""A tour of gradients in latpy: autograd, transforms, higher derivatives, checks.

Run from the repository root:

    python examples/gradients_tour.py

Each section prints what it computes next to the value worked out by hand (or
by finite differences), so you can see that the machinery agrees with the maths.
"""

import math
import os
import sys

try:
    import latpy.torch as torch
except ImportError:  # run from a checkout without installing: examples/ is next to latpy/
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import latpy.torch as torch
from latpy.torch import func
from latpy.torch.autograd.functional import jacobian, jvp, vjp


def section(title):
    print()
    print(title)
    print("-" * len(title))


def fmt(values, digits=6):
    """A flat or nested list of floats, rounded for printing."""
    if isinstance(values, list):
        return "[" + ", ".join(fmt(v, digits) for v in values) + "]"
    return f"{values + 0.0:.{digits}g}"  # + 0.0 prints -0.0 as 0


def main():
    print("latpy gradients tour: every number below is checked against the maths")

    # ------------------------------------------------------------------ 1
    section("1. backward(): the chain rule, node by node")
    x = torch.tensor([3.0], requires_grad=True)
    z = x * x + x
    z.backward()
    print(f"z = x*x + x at x = 3:  dz/dx = {x.grad.item()}   (by hand: 2x + 1 = 7)")
    x = torch.tensor([2.0], requires_grad=True)
    torch.sin(x ** 2).backward()
    print(f"d/dx sin(x^2) at x = 2: {x.grad.item():.6f}   (by hand: cos(4) * 4 = "
          f"{math.cos(4.0) * 4:.6f})")

    # ------------------------------------------------------------------ 2
    section("2. func.grad: the derivative as a function")
    f = torch.sin
    df = func.grad(f)
    for v in (0.0, 1.0, 2.0):
        print(f"grad(sin)({v}) = {df(torch.tensor(v)).item():+.6f}   cos({v}) = "
              f"{math.cos(v):+.6f}")
    loss = lambda w, x: ((w * x).sum() - 1.0) ** 2  # noqa: E731
    w, xs = torch.tensor([0.5, -0.25]), torch.tensor([1.0, 2.0])
    gw, gx = func.grad(loss, argnums=(0, 1))(w, xs)
    print(f"loss(w, x) = (w.x - 1)^2 at w = {w.tolist()}, x = {xs.tolist()}")
    print(f"  dloss/dw = {gw.tolist()}   (by hand: 2 (w.x - 1) x = {[-2.0 * v for v in xs.tolist()]})")
    print(f"  dloss/dx = {gx.tolist()}   (by hand: 2 (w.x - 1) w = {[-2.0 * v for v in w.tolist()]})")

    # ------------------------------------------------------------------ 3
    section("3. higher-order derivatives: grad of grad of ...")
    p = lambda x: x ** 4  # noqa: E731
    derivative = p
    by_hand = ["x^4 = 16", "4x^3 = 32", "12x^2 = 48", "24x = 48", "24"]
    for order in range(5):
        value = derivative(torch.tensor(2.0)).item()
        print(f"  order {order} at x = 2: {value:6.1f}   (by hand: {by_hand[order]})")
        derivative = func.grad(derivative)
    x = torch.tensor(0.5, requires_grad=True)
    (d1,) = torch.autograd.grad(torch.exp(x * x), x, create_graph=True)
    (d2,) = torch.autograd.grad(d1, x)
    print(f"  same with autograd.grad(create_graph=True): d2/dx2 exp(x^2) at 0.5 = "
          f"{d2.item():.6f}   (by hand: (2 + 4x^2) exp(x^2) = "
          f"{(2 + 4 * 0.25) * math.exp(0.25):.6f})")

    # ------------------------------------------------------------------ 4
    section("4. Jacobians: jacrev (row by row) and jacfwd (column by column)")
    W = torch.tensor([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]])

    def layer(x):
        return torch.tanh(W @ x)
    x = torch.tensor([0.2, -0.4])
    J_rev = func.jacrev(layer)(x)
    J_fwd = func.jacfwd(layer)(x)
    by_hand = (1 - layer(x) ** 2).unsqueeze(1) * W  # diag(1 - tanh^2) @ W
    print(f"f(x) = tanh(W x), W is 3x2: J has shape {tuple(J_rev.shape)}")
    print(f"  jacrev: {fmt(J_rev.tolist(), 5)}")
    print(f"  jacfwd: {fmt(J_fwd.tolist(), 5)}")
    print(f"  by hand diag(1 - tanh^2) W: {fmt(by_hand.tolist(), 5)}")
    print(f"  all equal: {torch.allclose(J_rev, J_fwd) and torch.allclose(J_rev, by_hand)}")
    u, v = torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0, 0.0])
    print(f"  jvp along e0 = first column of J: {fmt(jvp(layer, x, u)[1].tolist(), 5)}")
    print(f"  vjp along e1 = second row of J:   {fmt(vjp(layer, x, v)[1].tolist(), 5)}")

    # ------------------------------------------------------------------ 5
    section("5. Hessians")
    cubic = lambda x: (x ** 3).sum()  # noqa: E731
    x = torch.tensor([1.0, -2.0, 0.5])
    H = func.hessian(cubic)(x)
    print(f"hessian of sum(x^3) at {x.tolist()}: {H.tolist()}")
    print(f"  by hand: diag(6x) = diag({[6 * v for v in x.tolist()]})")
    rosen = lambda p: (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2  # noqa: E731
    p0 = torch.tensor([1.0, 1.0])
    H = func.hessian(rosen)(p0)
    print(f"Rosenbrock's Hessian at its minimum (1, 1): {H.tolist()}   "
          "(by hand: [[802, -400], [-400, 200]])")
    hv = func.hvp(rosen, (p0,), (torch.tensor([1.0, 1.0]),))[1]
    print(f"  Hessian-vector product with (1, 1): {hv.tolist()} = row sums, no matrix built")
    same = func.jacfwd(func.jacrev(rosen))(p0).tolist() == func.jacrev(func.jacrev(rosen))(p0).tolist()
    print(f"  jacfwd(jacrev(f)) == jacrev(jacrev(f)): {same}")

    # ------------------------------------------------------------------ 6
    section("6. numeric vs exact gradients")
    def g(x, y):
        return (torch.sin(x * y) + x.exp() / (1.0 + y * y)).sum()
    x = torch.tensor([0.3, -1.2, 0.7], requires_grad=True)
    y = torch.tensor([1.5, 0.4, -0.8], requires_grad=True)
    g(x, y).backward()
    nx, ny = torch.autograd.numerical_grad(g, x, y)
    print("  g(x, y) = sum(sin(x y) + exp(x) / (1 + y^2))")
    print(f"  {'':3} {'autograd':>12} {'finite diff':>12} {'difference':>11}")
    for name, exact, numeric in (("x", x.grad, nx), ("y", y.grad, ny)):
        for i, (a, n) in enumerate(zip(exact.tolist(), numeric.tolist())):
            print(f"  {name}{i}: {a:12.8f} {n:12.8f} {abs(a - n):11.1e}")
    print(f"  gradcheck(g): {torch.autograd.gradcheck(g, (x, y))}   "
          f"gradgradcheck(g): {torch.autograd.gradgradcheck(g, (x, y))}")

    # ------------------------------------------------------------------ 7
    section("7. a custom Function, and gradcheck catching a wrong one")

    class Softsign(torch.autograd.Function):
        """y = x / (1 + |x|);  dy/dx = 1 / (1 + |x|)^2"""

        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x / (1 + x.abs())

        @staticmethod
        def backward(ctx, grad_output):
            (x,) = ctx.saved_tensors
            return grad_output / (1 + x.abs()) ** 2

    class WrongSoftsign(Softsign):
        @staticmethod
        def backward(ctx, grad_output):
            (x,) = ctx.saved_tensors
            return grad_output / (1 + x.abs())  # forgot the square

    x = torch.tensor([-2.0, 0.5, 3.0], requires_grad=True)
    Softsign.apply(x).sum().backward()
    print(f"Softsign'(x) at {x.tolist()}: {fmt(x.grad.tolist())}   (by hand: "
          f"{fmt([1 / (1 + abs(v)) ** 2 for v in x.tolist()])})")
    print(f"  gradcheck(Softsign): {torch.autograd.gradcheck(Softsign.apply, (x,))}")
    try:
        torch.autograd.gradcheck(WrongSoftsign.apply, (x,))
    except torch.autograd.gradcheck.GradcheckError as error:
        print("  gradcheck(WrongSoftsign) raised GradcheckError:")
        for line in str(error).strip().splitlines():
            print("    " + line)

    # ------------------------------------------------------------------ 8
    section("8. per-example gradients with vmap, and jacobian of a two-input function")
    data = torch.tensor([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]])
    w = torch.tensor([0.1, -0.2])
    per_example = func.vmap(func.grad(lambda w, x: ((w * x).sum() - 1.0) ** 2),
                            in_dims=(None, 0))(w, data)
    print(f"  one gradient per row of the batch: {fmt(per_example.tolist(), 4)}")
    jw, jx = jacobian(lambda w, x: w * x, (w, data[0]))
    print(f"  jacobian of w * x w.r.t. (w, x): diag(x) = {fmt(jw.tolist())}, "
          f"diag(w) = {fmt(jx.tolist())}")

    print()
    print("tour done: autograd, transforms and finite differences all agree.")


if __name__ == "__main__":
    main()
