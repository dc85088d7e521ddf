"""A micrograd-style scalar autograd engine: the reference for bench/autograd_bench.py.

One ``Value`` per number; each op records its inputs and a closure that, given the output's
gradient, adds to the inputs' ``.grad``. ``backward()`` orders the graph with an explicit stack
(no recursion, so 100,000-node chains work). The closures never reference their output, so a
graph holds no reference cycles and is freed by reference counting alone.
"""

import math


class Value:
    __slots__ = ("data", "grad", "_prev", "_back")

    def __init__(self, data, _prev=(), _back=None):
        self.data, self.grad, self._prev, self._back = data, 0.0, _prev, _back

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        def back(g):
            self.grad += g; other.grad += g
        return Value(self.data + other.data, (self, other), back)

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        def back(g):
            self.grad += other.data * g; other.grad += self.data * g
        return Value(self.data * other.data, (self, other), back)

    def __pow__(self, k):  # k: a plain number
        def back(g):
            self.grad += k * self.data ** (k - 1) * g
        return Value(self.data ** k, (self,), back)

    def _unary(self, out, dout):  # dout: d(out)/d(self), a float
        def back(g):
            self.grad += dout * g
        return Value(out, (self,), back)

    def tanh(self):
        t = math.tanh(self.data); return self._unary(t, 1.0 - t * t)
    def relu(self):
        return self._unary(self.data if self.data > 0 else 0.0, 1.0 if self.data > 0 else 0.0)
    def exp(self):
        e = math.exp(self.data); return self._unary(e, e)
    def __neg__(self): return self * -1.0
    def __sub__(self, other): return self + (-other)
    def __truediv__(self, other): return self * other ** -1
    def __radd__(self, other): return self + other
    def __rmul__(self, other): return self * other
    def __rsub__(self, other): return (-self) + other
    def __rtruediv__(self, other): return Value(other) * self ** -1
    def __repr__(self): return f"Value(data={self.data}, grad={self.grad})"

    def backward(self):
        """Topological order by an explicit stack (post-order DFS), then the chain rule."""
        topo, seen, stack = [], set(), [(self, False)]
        while stack:
            v, expanded = stack.pop()
            if expanded:
                topo.append(v)
            elif v not in seen:
                seen.add(v)
                stack.append((v, True))
                stack.extend([(c, False) for c in v._prev])
        self.grad = 1.0
        for v in reversed(topo):
            if v._back is not None:
                v._back(v.grad)
