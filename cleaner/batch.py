"""Run many documents, in worker processes when asked, in a stable order."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from . import document
from .config import DEFAULT, Config
from .detectors.base import Context
from .files import Job
from .pipeline import make_context


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
# it for every document it is handed. This is per-process state, not state
# carried between documents: cleaning stays a pure function of the document.
_worker_context: Context | None = None


def _start_worker(settings: Settings) -> None:
    global _worker_context
    _worker_context = settings.context()


def _run_in_worker(job: Job) -> document.Outcome:
    return document.run(job, _worker_context)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def run(jobs: list[Job], settings: Settings, context: Context, workers: int) -> Iterator[document.Outcome]:
    """Outcomes in the order of `jobs`, whatever the number of workers."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield document.run(job, context)
        return
    # Chunks amortise the hand-over between processes; small enough that the
    # last chunks still spread over the workers.
    from concurrent.futures import ProcessPoolExecutor  # only folders need it: keep it off start-up

    chunk = max(1, min(64, len(jobs) // (workers * 8)))
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(settings,)) as pool:
        yield from pool.map(_run_in_worker, jobs, chunksize=chunk)
