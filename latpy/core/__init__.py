"""The NDArray core: storage, kernels and the NumPy-like functions."""
