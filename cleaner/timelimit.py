"""A per-document time limit for work that can run away on a hostile page.

trafilatura's heuristics (XPath over every node, regexes over every text)
can take minutes on a pathological page. The limit is a real-time timer
(SIGALRM) that raises TimeLimitExceeded in the code that is running: it
interrupts Python code and the `re` module's matching alike, and it works
wherever documents are cleaned, in the CLI's own process for one file and in
each worker process of a folder batch (both run documents on their main
thread). Where signals cannot be used (a thread other than the main one,
a platform without SIGALRM) the work runs without a limit.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator


class TimeLimitExceeded(BaseException):
    """Not an Exception, like KeyboardInterrupt: the code it interrupts
    (trafilatura) catches Exception in places, and must not swallow it."""


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise TimeLimitExceeded in the body after `seconds` (0: no limit)."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise TimeLimitExceeded(f"{what} took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
