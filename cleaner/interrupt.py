"""Stopping a long run cleanly: Ctrl-C once finishes the documents in hand.

The first SIGINT or SIGTERM only sets a flag: the run stops handing out
work, writes what is finished (outputs are already whole, the audit log is
committed for them) and exits 130. Handlers then go back to what they were,
so a second Ctrl-C raises KeyboardInterrupt at once; even then every output
and log is written through a temporary file, so nothing half-written appears.
"""

from __future__ import annotations

import signal
from contextlib import contextmanager
from typing import Iterator

EXIT_INTERRUPTED = 130  # the shell's code for a command ended by SIGINT


class StopRequest:
    def __init__(self) -> None:
        self.requested = False


@contextmanager
def deferred(stop: StopRequest | None = None) -> Iterator[StopRequest]:
    """A StopRequest that the first SIGINT or SIGTERM sets, while the block runs."""
    stop = stop or StopRequest()
    signals = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.getsignal(number) for number in signals}

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    def request_stop(signum, frame) -> None:
        stop.requested = True
        restore()

    for number in signals:
        signal.signal(number, request_stop)
    try:
        yield stop
    finally:
        restore()


def ignore_in_worker() -> None:
    """Worker processes leave Ctrl-C to the parent, which lets them finish the
    chunk in hand: a terminal sends SIGINT to the whole process group, and a
    worker stopped mid-chunk would print a traceback and lose finished work.
    (SIGTERM ends a worker: cleaner.batch gives it its own handler, in place
    of the parent's that a forked worker inherits.)"""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
