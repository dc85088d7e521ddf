"""Anomaly detection: report the op whose backward produced NaN."""

from __future__ import annotations

from .. import engine


class detect_anomaly:
    """Context manager: raise in backward when a node's gradient contains NaN.

    >>> import latpy.torch as torch
    >>> x = torch.tensor([0.0], requires_grad=True)
    >>> with torch.autograd.detect_anomaly():
    ...     try:
    ...         torch.sqrt(x * 0.0 - 1.0).sum().backward()
    ...     except RuntimeError as e:
    ...         print("caught:", "nan" in str(e))
    caught: True
    """

    def __init__(self, check_nan=True):
        self.check_nan = check_nan
        self._previous = False

    def __enter__(self):
        self._previous = engine._anomaly["enabled"]
        engine._anomaly["enabled"] = bool(self.check_nan)
        return self

    def __exit__(self, *exc):
        engine._anomaly["enabled"] = self._previous
        return False


class set_detect_anomaly:
    """Turn anomaly detection on/off (also usable as a context manager).

    >>> import latpy.torch as torch
    >>> with torch.autograd.set_detect_anomaly(True):
    ...     pass
    """

    def __init__(self, mode, check_nan=True):
        self._previous = engine._anomaly["enabled"]
        engine._anomaly["enabled"] = bool(mode)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        engine._anomaly["enabled"] = self._previous
        return False


def is_anomaly_enabled() -> bool:
    return engine._anomaly["enabled"]
