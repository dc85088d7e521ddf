"""A progress bar for loops, in the manner of tqdm: count, rate, ETA and live metrics.

On a terminal the bar is redrawn in place (``\\r``), at most every ``every`` seconds::

    train:  45%|███████▋         | 45/100 [00:02<00:03, 20.1it/s, loss=0.123]

When the output is **not a terminal** (a log file, a pipe, a test capturing
stderr) nothing is drawn while the loop runs; closing writes **one summary line**
(when ``leave=True``), e.g. ``train: 100/100 it in 00:05 (20.1it/s) loss=0.0931``.
``disable=True`` silences everything.
"""

from __future__ import annotations

import shutil
import sys
import time

__all__ = ["progress", "trange"]

_BLOCKS = " ▏▎▍▌▋▊▉█"


def format_time(seconds: float) -> str:
    """``mm:ss``, or ``h:mm:ss`` from an hour on.

    >>> format_time(75.4), format_time(3725)
    ('01:15', '1:02:05')
    """
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        return "?"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def format_rate(n: float, elapsed: float, unit: str = "it") -> str:
    """Items per second (or seconds per item when slower than one a second).

    >>> format_rate(50, 2.0), format_rate(1, 4.0), format_rate(0, 0.0), format_rate(3e4, 2)
    ('25.0it/s', '4.00s/it', '?it/s', '15000it/s')
    """
    if n <= 0 or elapsed <= 0:
        return f"?{unit}/s"
    rate = n / elapsed
    if rate < 1:
        return f"{1 / rate:.2f}s/{unit}"
    return f"{rate:.0f}{unit}/s" if rate >= 100 else f"{rate:.1f}{unit}/s"


def _format_value(value) -> str:
    """A postfix value: numbers as %.4g; one-element Tensors/arrays by their item."""
    if hasattr(value, "item") and not isinstance(value, (int, float)):
        try:
            value = value.item()
        except (ValueError, RuntimeError, TypeError):
            return str(value)
    if isinstance(value, float):
        return "%.4g" % value
    return str(value)


class progress:
    """Wrap an iterable (or count by hand with :meth:`update`) and show progress.

    ``total`` defaults to ``len(iterable)`` when there is one; without a total the bar
    shows the count and rate only. Use it as an iterator, a context manager, or both.

    >>> import io
    >>> from latpy.utils.progress import progress
    >>> log = io.StringIO()               # not a terminal: one summary line at the end
    >>> for step in progress(range(3), desc="train", file=log):
    ...     pass
    >>> log.getvalue()  # doctest: +ELLIPSIS
    'train: 3/3 it in 00:00 (...it/s)\\n'
    >>> with progress(total=10, desc="eval", file=log) as bar:
    ...     bar.update(4); bar.set_postfix(acc=0.75)
    >>> log.getvalue().splitlines()[-1]  # doctest: +ELLIPSIS
    'eval: 4/10 it in 00:00 (...) acc=0.75'
    """

    def __init__(self, iterable=None, total=None, desc: str = "", unit: str = "it",
                 file=None, leave: bool = True, disable=None, every: float = 0.1,
                 ncols=None):
        self.iterable = iterable
        if total is None and iterable is not None:
            try:
                total = len(iterable)
            except (TypeError, AttributeError):
                total = None
        self.total = total
        self.desc, self.unit, self.leave = desc, unit, leave
        self.file = sys.stderr if file is None else file
        self.disable = bool(disable)
        self.every = every
        self.ncols = ncols
        self.n = 0
        self.postfix = {}
        self.closed = False
        self.start = self._last_draw = time.monotonic()
        self._last_len = 0
        try:
            self.tty = bool(self.file.isatty())
        except (AttributeError, ValueError):
            self.tty = False
        if self.live:
            self._draw(time.monotonic())

    @property
    def live(self) -> bool:
        """Is the bar redrawn in place (on a terminal and not disabled)?"""
        return self.tty and not self.disable and not self.closed

    # -------------------------------------------------------------- counting
    def __iter__(self):
        if self.iterable is None:
            raise TypeError("progress: nothing to iterate over (give an iterable)")
        try:
            for item in self.iterable:
                yield item
                self.update(1)
        finally:  # also when the loop breaks early or raises
            self.close()

    def __len__(self):
        return self.total if self.total is not None else len(self.iterable)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
        return False

    def update(self, n: int = 1) -> None:
        """Advance the count by `n` (and redraw if ``every`` seconds have passed)."""
        self.n += n
        if self.live:
            now = time.monotonic()
            if now - self._last_draw >= self.every:
                self._draw(now)

    def set_postfix(self, ordered_dict=None, refresh: bool = True, **metrics) -> None:
        """Show metrics after the bar, e.g. ``set_postfix(loss=0.123, acc=0.9)``.

        >>> import io
        >>> bar = progress(total=2, file=io.StringIO())
        >>> bar.set_postfix(loss=0.123456, step=3); bar.format_postfix()
        'loss=0.1235, step=3'
        """
        self.postfix = dict(ordered_dict or {}, **metrics)
        if refresh and self.live:
            now = time.monotonic()
            if now - self._last_draw >= self.every:
                self._draw(now)

    def set_description(self, desc: str = "", refresh: bool = True) -> None:
        """Change the text shown before the bar."""
        self.desc = desc
        if refresh and self.live:
            self._draw(time.monotonic())

    def format_postfix(self) -> str:
        return ", ".join(f"{k}={_format_value(v)}" for k, v in self.postfix.items())

    def write(self, message: str) -> None:
        """Print a line without breaking the bar (it is redrawn below the message)."""
        if self.disable:
            return
        if self.live:
            self._clear()
        self.file.write(message + "\n")
        if self.live:
            self._draw(time.monotonic())

    def refresh(self) -> None:
        """Redraw now."""
        if self.live:
            self._draw(time.monotonic())

    # -------------------------------------------------------------- drawing
    def format_meter(self, elapsed: float, width: int = 80) -> str:
        """The bar's text for the current count after `elapsed` seconds.

        >>> import io
        >>> bar = progress(total=4, desc="fit", file=io.StringIO()); bar.n = 2
        >>> bar.format_meter(1.0, width=60)
        'fit:  50%|███████████           | 2/4 [00:01<00:01, 2.0it/s]'
        """
        prefix = f"{self.desc}: " if self.desc else ""
        rate = format_rate(self.n, elapsed, self.unit)
        post = self.format_postfix()
        post = f", {post}" if post else ""
        if not self.total:
            return f"{prefix}{self.n}{self.unit} [{format_time(elapsed)}, {rate}{post}]"
        frac = min(1.0, self.n / self.total)
        eta = (self.total - self.n) * elapsed / self.n if self.n else float("nan")
        left = f"{prefix}{frac * 100:3.0f}%|"
        right = (f"| {self.n}/{self.total} [{format_time(elapsed)}<{format_time(eta)}, "
                 f"{rate}{post}]")
        size = width - len(left) - len(right)
        if size < 4:  # too narrow for a bar: the numbers, cut to the width
            return (left[:-1] + " " + right[2:])[:width]
        eighths = int(frac * size * 8)
        full, part = divmod(eighths, 8)
        bar = "█" * full + (_BLOCKS[part] if full < size else "")
        return left + bar.ljust(size) + right

    def format_summary(self, elapsed: float) -> str:
        """The one line written when the output is not a terminal."""
        prefix = f"{self.desc}: " if self.desc else ""
        count = f"{self.n}/{self.total}" if self.total else f"{self.n}"
        post = " ".join(f"{k}={_format_value(v)}" for k, v in self.postfix.items())
        line = (f"{prefix}{count} {self.unit} in {format_time(elapsed)} "
                f"({format_rate(self.n, elapsed, self.unit)})")
        return line + (f" {post}" if post else "")

    def _width(self) -> int:
        if self.ncols:
            return int(self.ncols)
        return shutil.get_terminal_size((80, 24)).columns - 1

    def _draw(self, now: float) -> None:
        self._last_draw = now
        text = self.format_meter(now - self.start, self._width())
        pad = " " * max(0, self._last_len - len(text))
        self._write("\r" + text + pad)
        self._last_len = len(text)

    def _clear(self) -> None:
        self._write("\r" + " " * self._last_len + "\r")

    def _write(self, text: str) -> None:
        try:
            self.file.write(text)
        except UnicodeEncodeError:  # a terminal that cannot show the block characters
            self.file.write(text.translate({ord(c): "#" for c in _BLOCKS[1:]}))
        flush = getattr(self.file, "flush", None)
        if flush is not None:
            flush()

    def close(self) -> None:
        """Finish: draw the final bar (terminal) or the summary line (otherwise)."""
        if self.closed:
            return
        elapsed = time.monotonic() - self.start
        if not self.disable:
            if self.tty:
                if self.leave:
                    self._draw(time.monotonic())
                    self._write("\n")
                else:
                    self._clear()
            elif self.leave:
                self._write(self.format_summary(elapsed) + "\n")
        self.closed = True


def trange(n: int, *args, **kwargs) -> progress:
    """``progress(range(n), ...)``.

    >>> import io
    >>> sum(i for i in trange(4, file=io.StringIO(), disable=True))
    6
    """
    return progress(range(n), *args, **kwargs)
