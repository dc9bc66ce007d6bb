"""Run many work items, in worker processes when asked, in a stable order.

Folders hand out documents and JSON Lines files hand out chunks of lines;
either way the results come back in input order whatever the number of
workers, and only a bounded number of chunks is in flight, so a stream of
any length runs in constant memory.
"""

from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from .config import DEFAULT, Config
from .detectors.base import Context
from .interrupt import StopRequest, ignore_in_worker
from .pipeline import make_context

Item = TypeVar("Item")
Result = TypeVar("Result")

# Chunks handed out but not yet returned, per worker: enough that a worker
# finding a slow document does not leave the others idle waiting for the
# in-order output, few enough that memory stays flat on an endless stream.
CHUNKS_IN_FLIGHT_PER_WORKER = 4
# How often a worker checks that its parent is still alive.
PARENT_CHECK_SECONDS = 0.5


@dataclass(frozen=True)
class Settings:
    """What a worker needs to build its own Context (compiled rules do not travel)."""

    rule_dirs: tuple[Path, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    config: Config = DEFAULT

    def context(self) -> Context:
        return make_context(self.rule_dirs, self.select, self.ignore, self.config)


# Each worker process builds its context once, in its initializer, and keeps
# it for every item it is handed. This is per-process state, not state
# carried between documents: cleaning stays a pure function of the document.
_worker_context: Context | None = None


def _start_worker(settings: Settings) -> None:
    global _worker_context
    ignore_in_worker()
    _exit_with_parent()
    _worker_context = settings.context()


def _exit_with_parent() -> None:
    """End this worker when the parent dies (kill -9, the OOM killer): an
    orphaned worker would otherwise wait for work forever. What it was
    writing stays a hidden temporary file, never an output."""
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _run_chunk(work: Callable[[Item, Context], Result], chunk: list[Item]) -> list[Result]:
    return [work(item, _worker_context) for item in chunk]


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def run(
    work: Callable[[Item, Context], Result],
    chunked_items: Iterable[list[Item]],
    settings: Settings,
    context: Context,
    workers: int,
    stop: StopRequest | None = None,
) -> Iterator[Result]:
    """`work(item, context)` for every item, results in input order.

    `work` must be a module-level function (it travels to the workers by
    name). With one worker everything runs in this process. Once `stop` is
    requested no more work starts; what is already with a worker finishes
    and is still yielded, so no finished document is lost. Closing the
    iterator early also cancels the chunks not yet started.
    """
    stop = stop or StopRequest()
    if workers <= 1:
        for chunk in chunked_items:
            for item in chunk:
                if stop.requested:
                    return
                yield work(item, context)
        return
    # Only parallel runs need these: keep them off the start-up of one page.
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(settings,))
    pending: deque = deque()
    try:
        for chunk in chunked_items:
            if stop.requested:
                break
            pending.append(pool.submit(_run_chunk, work, chunk))
            if len(pending) >= workers * CHUNKS_IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().result()
        while pending:
            if stop.requested:
                # Workers take chunks in order, so the ones not started are
                # the newest: cancel from the end, keep the order of the rest.
                while pending and pending[-1].cancel():
                    pending.pop()
                if not pending:
                    break
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
