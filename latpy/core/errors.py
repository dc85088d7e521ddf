"""Exception classes shared by the core."""


class AxisError(ValueError, IndexError):
    """An axis out of range for an array's number of dimensions.

    A subclass of both ``ValueError`` and ``IndexError``, as NumPy's is.

    >>> str(AxisError(1, 1))
    'axis 1 is out of bounds for array of dimension 1'
    """

    def __init__(self, axis, ndim=None, msg_prefix=None):
        self.axis = axis
        self.ndim = ndim
        if ndim is None:
            message = str(axis)
        else:
            message = f"axis {axis} is out of bounds for array of dimension {ndim}"
            if msg_prefix:
                message = f"{msg_prefix}: {message}"
        super().__init__(message)
