"""latpy.viz: pictures with no dependency -- autograd graphs and SVG plots.

``draw_graph(t)`` draws the computation graph behind a tensor (as SVG laid out by
latpy itself, Graphviz DOT text, or HTML); the plots return SVG text and can write
it to a file with ``path=``. Importing this package also gives ``Tensor`` a
``_repr_svg_``, so Jupyter shows a tensor's graph inline.

>>> import latpy.torch as torch
>>> from latpy import viz
>>> x = torch.tensor(2.0, requires_grad=True, label="x")
>>> "Mul" in viz.draw_graph(x * x, format="dot")
True
"""

from .graph import build_graph, draw_graph, tensor_svg
from .images import heatmap, image, image_grid
from .plots import line_plot, paths, scatter

__all__ = ["draw_graph", "build_graph", "tensor_svg", "line_plot", "scatter", "paths",
           "image", "image_grid", "heatmap"]
