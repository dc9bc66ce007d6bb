"""Run many work items, in worker processes when asked, in a stable order.

Folders hand out documents and JSON Lines files hand out chunks of lines;
either way the results come back in input order whatever the number of
workers, and only a bounded number of chunks is in flight, so a stream of
any length runs in constant memory.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple, TypeVar

from .config import DEFAULT, Config
from .detectors.base import Context
from .files import remove_temporaries
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


class Settings(NamedTuple):
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
    signal.signal(signal.SIGTERM, _end_worker)
    _exit_with_parent()
    _worker_context = settings.context()


def _end_worker(signum: int, frame) -> None:
    """SIGTERM: the pool ends its other workers when one died, and a user may
    end the process group. No hidden temporary file is left behind (a
    default death runs no `finally`), nor is the exception a handler could
    raise instead sent to the parent as the chunk's result."""
    remove_temporaries()
    os._exit(128 + signum)


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


class WorkerLost(RuntimeError):
    """A worker process ended while it held work (killed, or out of memory)."""


LOST = "its worker process ended abruptly (killed, or out of memory)"


def run(
    work: Callable[[Item, Context], Result],
    chunked_items: Iterable[list[Item]],
    settings: Settings,
    context: Context,
    workers: int,
    stop: StopRequest | None = None,
    lost: Callable[[Item, str], Result] | None = None,
) -> Iterator[Result]:
    """`work(item, context)` for every item, results in input order.

    `work` must be a module-level function (it travels to the workers by
    name). With one worker everything runs in this process. Once `stop` is
    requested no more work starts; what is already with a worker finishes
    and is still yielded, so no finished document is lost. Closing the
    iterator early also cancels the chunks not yet started.

    A worker that dies (the OOM killer, a kill) takes every chunk in flight
    with it, not knowing which item it died on. Those items are then run
    again one at a time in a worker of their own, so only an item that
    kills its worker again is given up, as `lost(item, reason)`; the rest of
    the run goes on in a fresh pool. Without `lost`, WorkerLost is raised.
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
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    def new_pool(size: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(size, initializer=_start_worker, initargs=(settings,))

    pool = new_pool(workers)
    pending: deque[tuple[Future, list[Item]]] = deque()  # (future, its chunk), oldest first

    def submit(chunk: list[Item]) -> None:
        try:
            future = pool.submit(_run_chunk, work, chunk)
        except BrokenProcessPool as error:  # it broke before its results were asked for
            future = Future()
            future.set_exception(error)
        pending.append((future, chunk))

    def next_results() -> list[Result]:
        nonlocal pool
        future, chunk = pending.popleft()
        try:
            return future.result()
        except BrokenProcessPool:
            if lost is None:
                raise WorkerLost(LOST) from None
            suspects = chunk + [item for _, later in pending for item in later]
            pending.clear()
            pool.shutdown(wait=True, cancel_futures=True)
            results = list(_one_at_a_time(work, suspects, new_pool, lost, stop))
            pool = new_pool(workers)
            return results

    try:
        for chunk in chunked_items:
            if stop.requested:
                break
            submit(chunk)
            if len(pending) >= workers * CHUNKS_IN_FLIGHT_PER_WORKER:
                yield from next_results()
        while pending:
            if stop.requested:
                # Workers take chunks in order, so the ones not started are
                # the newest: cancel from the end, keep the order of the rest.
                while pending and pending[-1][0].cancel():
                    pending.pop()
                if not pending:
                    break
            yield from next_results()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _one_at_a_time(work, items: list[Item], new_pool, lost, stop: StopRequest) -> Iterator[Result]:
    """Each item in a worker of its own, after a worker died holding them:
    the one that kills its worker again is given up, the others are done."""
    from concurrent.futures.process import BrokenProcessPool

    pool = new_pool(1)
    try:
        for item in items:
            if stop.requested:
                return
            try:
                yield from pool.submit(_run_chunk, work, [item]).result()
            except BrokenProcessPool:
                pool.shutdown(wait=True)
                pool = new_pool(1)
                yield lost(item, LOST)
    finally:
        pool.shutdown(wait=True)
