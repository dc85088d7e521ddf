"""A guided tour of latpy's array core: creation, views, broadcasting, reductions, indexing.

Run it with ``python examples/arrays_tour.py``. Each step prints the code it runs, as in an
interactive session, followed by the result and a line on what to notice. Everything shown
behaves as it does in NumPy.
"""

import os
import sys
import tempfile

try:
    import latpy as lp
except ImportError:  # run from a checkout without installing: examples/ is next to latpy/
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import latpy as lp

namespace = {"lp": lp}


def section(title: str) -> None:
    print()
    print(title)
    print("=" * len(title))


def note(text: str) -> None:
    print("#", text.replace("\n", "\n# "))


def run(code: str) -> None:
    """Run each line of `code` as in an interactive session: print it, then its value."""
    for line in code.strip("\n").splitlines():
        print(">>>", line)
        try:
            compiled = compile(line, "<tour>", "eval")
        except SyntaxError:  # a statement such as an assignment
            exec(compile(line, "<tour>", "exec"), namespace)
            continue
        value = eval(compiled, namespace)
        if value is not None:
            print(repr(value))


def main() -> None:
    print(f"latpy {lp.__version__}: a tour of the NDArray core")

    section("1. Creating arrays")
    run("""
lp.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
lp.zeros((2, 3))
lp.arange(0, 1, 0.25)
lp.linspace(0, 1, 5)
lp.eye(3)
""")
    note("Nested lists become arrays; zeros/ones/full/arange/linspace/eye make common ones.")

    section("2. dtypes: float64, int64 and bool")
    run("""
lp.array([1, 2, 3]).dtype
lp.array([1.0, 2.0]).dtype
(lp.array([1, 2, 3]) > 1).dtype
lp.array([1, 2, 3]) / 2
lp.array([1.7, -1.7]).astype(lp.int64)
""")
    note("Types are inferred as NumPy infers them; true division always gives float64.")

    section("3. Shape, strides and views")
    run("""
a = lp.arange(12.0).reshape(3, 4)
a
a.shape, a.ndim, a.size
a.strides
a.T.strides
""")
    note("Elements live in one flat list. Strides say how many bytes (8 per float64) to step\n"
         "for +1 along each axis: a row is 32 bytes, a column 8. The transpose only swaps\n"
         "the strides -- it copies nothing.")
    run("""
column = a[:, 1]
column[0] = 100.0
a
""")
    note("Slicing gives a *view*: writing through `column` changed `a`, since both share\n"
         "one storage list. Use .copy() when you want independent data.")

    section("4. Broadcasting")
    run("""
col = lp.array([[0.0], [10.0], [20.0]])
row = lp.array([1.0, 2.0, 3.0, 4.0])
col.shape, row.shape
col + row
lp.broadcast_shapes((3, 1), (4,))
""")
    note("Shapes are lined up from the right; a dimension of size 1 is stretched to match\n"
         "the other. Nothing is copied to do this: the stretched axis has stride 0.")
    try:
        lp.ones((2, 3)) + lp.ones((4,))
    except ValueError as err:
        print(">>> lp.ones((2, 3)) + lp.ones((4,))")
        print("ValueError:", err)
    note("Shapes that cannot be lined up raise ValueError naming both shapes.")

    section("5. Reductions along an axis")
    run("""
m = lp.arange(6.0).reshape(2, 3)
m
m.sum()
m.sum(axis=0)
m.mean(axis=1, keepdims=True)
m.max(axis=1), m.argmax(axis=1)
m.std()
""")
    note("axis=0 collapses the rows (one result per column); axis=1 collapses the columns.\n"
         "keepdims=True keeps the collapsed axis with size 1, so the result broadcasts back:")
    run("m - m.mean(axis=1, keepdims=True)")

    section("6. Boolean masks")
    run("""
b = lp.arange(8.0)
b > 4
b[b > 4]
lp.where(b > 4, b, 0.0)
b[b % 2 == 0] = -1.0
b
""")
    note("A comparison gives a bool array; indexing with it picks the True places (a copy),\n"
         "and assigning through it writes only there.")

    section("7. Fancy (integer-array) indexing")
    run("""
g = lp.arange(12).reshape(3, 4)
g
g[[0, 2]]
g[[0, 1, 2], [3, 2, 1]]
g[:, [3, 0]]
""")
    note("Integer lists pick whole rows, or (paired up) single elements; unlike slicing,\n"
         "the result is a copy.")

    section("8. Matrix multiplication")
    if hasattr(lp, "matmul"):
        run("""
x = lp.array([[1.0, 2.0], [3.0, 4.0]])
x @ x
x @ lp.array([1.0, 1.0])
lp.ones((5, 2, 3)) @ lp.ones((3, 4))
(lp.ones((5, 2, 3)) @ lp.ones((3, 4))).shape
""")
        note("`@` follows NumPy's rules: 1-D operands act as vectors, and leading dimensions\n"
             "are a batch that broadcasts.")
    else:
        note("(matmul is not available in this build yet)")

    section("9. IEEE-754 special values")
    run("""
lp.array([1.0, -1.0, 0.0]) / 0.0
lp.log(lp.array([1.0, 0.0, -1.0]))
lp.sqrt(lp.array([4.0, -4.0]))
lp.isnan(lp.array([lp.nan, 1.0, lp.inf]))
lp.exp(lp.array([1000.0]))
""")
    note("Where plain Python raises ZeroDivisionError or 'math domain error', arrays give\n"
         "inf, -inf and nan as NumPy does, and carry on.")

    section("10. Saving and loading .npy files")
    if hasattr(lp, "save") and hasattr(lp, "load"):
        with tempfile.TemporaryDirectory() as folder:
            namespace["path"] = os.path.join(folder, "grid.npy")
            run("""
lp.save(path, lp.arange(6.0).reshape(2, 3))
lp.load(path)
""")
            size = os.path.getsize(namespace["path"])
        note(f"The file ({size} bytes) is in NumPy's own .npy format: numpy.load reads it,\n"
             "and lp.load reads files NumPy wrote. Nothing is pickled.")
    else:
        note("(save/load are not available in this build yet)")

    print("\nEnd of the tour. Next: docs/ndarray.md explains how all of this works inside.")


if __name__ == "__main__":
    main()
