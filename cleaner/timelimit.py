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
import sys
import threading
from contextlib import contextmanager
from typing import Iterator


class TimeLimitExceeded(BaseException):
    """Not an Exception, like KeyboardInterrupt: the code it interrupts
    (trafilatura) catches Exception in places, and must not swallow it."""


# Once the limit has passed, the alarm rings again this often until the body
# ends: an exception raised where Python cannot pass it on (in a __del__, as
# the regex module's parser objects have, or a garbage-collector callback)
# is dropped, and the body would run on past its limit.
_RING_AGAIN_SECONDS = 0.05


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise TimeLimitExceeded in the body after `seconds` (0: no limit),
    and at its end if the body ran past the limit and did not raise it."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    message = f"{what} took longer than {seconds:g} s"
    expired = ended = False

    def expire(signum, frame):
        nonlocal expired
        if ended:
            return
        expired = True
        signal.setitimer(signal.ITIMER_REAL, _RING_AGAIN_SECONDS)
        raise TimeLimitExceeded(message)

    def drop_dropped_alarm(unraisable) -> None:
        """Python prints an exception it had to drop, with its traceback; ours
        says nothing the document's one-line error will not."""
        if not isinstance(unraisable.exc_value, TimeLimitExceeded):
            previous_hook(unraisable)

    previous, previous_hook = signal.signal(signal.SIGALRM, expire), sys.unraisablehook
    sys.unraisablehook = drop_dropped_alarm
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        # The timer and the handler go even if the alarm rings on the way
        # out: left behind, they would raise in whatever code runs next.
        try:
            ended = True
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            sys.unraisablehook = previous_hook
    if expired:
        raise TimeLimitExceeded(message)
