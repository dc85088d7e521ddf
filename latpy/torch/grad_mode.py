"""Grad mode: whether operations record the graph. Thread-local, as in PyTorch.

``no_grad``, ``enable_grad``, ``set_grad_enabled`` and ``inference_mode`` work
as context managers and as decorators (bare ``@no_grad`` too).
"""

from __future__ import annotations

import functools
import threading

class _GradState(threading.local):
    """Per-thread grad mode; the class attribute is every new thread's default."""

    enabled = True
    inference = False


_state = _GradState()


def is_grad_enabled() -> bool:
    """True when new operations are recorded for autograd.

    >>> import latpy.torch as torch
    >>> torch.is_grad_enabled()
    True
    """
    return _state.enabled


def _set(mode: bool) -> None:
    _state.enabled = bool(mode)


class _Mode:
    """Base for the grad-mode context managers / decorators."""

    _target = True

    def __init__(self, func=None):
        self._saved = []
        if callable(func):  # used bare: @no_grad
            self._wrapped = self._decorate(func)
        else:
            self._wrapped = None

    def __new__(cls, func=None, *args, **kwargs):
        self = super().__new__(cls)
        if callable(func) and not isinstance(func, bool):
            self.__init__(func)
            return self._wrapped
        return self

    def _decorate(self, func):
        target = self._target_value()
        cls = type(self)

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            previous = is_grad_enabled()
            _set(target)
            try:
                return func(*args, **kwargs)
            finally:
                _set(previous)
        wrapper.__latpy_grad_mode__ = cls.__name__
        return wrapper

    def _target_value(self):
        return self._target

    def __call__(self, func):
        return self._decorate(func)

    def __enter__(self):
        self._saved.append(is_grad_enabled())
        _set(self._target_value())
        return self

    def __exit__(self, *exc):
        _set(self._saved.pop())
        return False


class no_grad(_Mode):
    """Context manager / decorator that turns off graph recording.

    >>> import latpy.torch as torch
    >>> x = torch.tensor([1.0], requires_grad=True)
    >>> with torch.no_grad():
    ...     y = x * 2
    >>> y.requires_grad
    False
    """

    _target = False


class enable_grad(_Mode):
    """Context manager / decorator that turns graph recording on (inside no_grad).

    >>> import latpy.torch as torch
    >>> with torch.no_grad():
    ...     with torch.enable_grad():
    ...         torch.is_grad_enabled()
    True
    """

    _target = True


class inference_mode(_Mode):
    """Like :class:`no_grad` (latpy has no separate inference tensors).

    >>> import latpy.torch as torch
    >>> with torch.inference_mode():
    ...     torch.is_grad_enabled()
    False
    """

    def __new__(cls, mode=True, *args, **kwargs):
        if callable(mode) and not isinstance(mode, bool):
            self = object.__new__(cls)
            self._saved = []
            self._mode = True
            return self._decorate(mode)
        self = object.__new__(cls)
        return self

    def __init__(self, mode=True):
        self._saved = []
        self._mode = bool(mode) if not callable(mode) else True

    def _target_value(self):
        return not self._mode

    def __enter__(self):
        self._saved.append((is_grad_enabled(), _state.inference))
        _set(not self._mode)
        _state.inference = self._mode
        return self

    def __exit__(self, *exc):
        enabled, inference = self._saved.pop()
        _set(enabled)
        _state.inference = inference
        return False


def is_inference_mode_enabled() -> bool:
    """True inside ``inference_mode()``.

    >>> import latpy.torch as torch
    >>> with torch.inference_mode():
    ...     torch.is_inference_mode_enabled()
    True
    """
    return _state.inference


class set_grad_enabled(_Mode):
    """Set grad mode on or off: as a function call, a context manager or a decorator.

    >>> import latpy.torch as torch
    >>> with torch.set_grad_enabled(False):
    ...     torch.is_grad_enabled()
    False
    """

    def __new__(cls, mode, *args, **kwargs):
        return object.__new__(cls)

    def __init__(self, mode):
        self._saved = [is_grad_enabled()]
        self._mode = bool(mode)
        _set(self._mode)  # takes effect immediately, like torch.set_grad_enabled(False)

    def _target_value(self):
        return self._mode

    def __call__(self, func):
        _set(self._saved[0])  # as a decorator it changes nothing until func runs
        return self._decorate(func)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        _set(self._saved[0])
        return False
