"""Rerunning a folder: skip documents whose output is already up to date.

An output is up to date when it is newer than its input. When the run also
writes an audit log, that is not enough: the new log must still describe
every document, so a document is skipped only when the previous log at the
same path holds its records, made by the same cleaner version and ruleset
digest (other rules would have cleaned it differently). Those records are
copied over byte for byte, so a rerun's log equals a fresh run's. Without an
audit log only the times are compared, and `--force` after changing rules or
options is the user's call; with `--audit -` nothing can be carried over, so
nothing is skipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Generator, Iterator

from . import __version__
from .document import Outcome
from .files import Job

# Every record the cleaner writes starts with its type (audit.json_line keeps
# insertion order), so headers are found without parsing each removal.
_HEADER_START = b'{"type": "document"'
_REMOVAL_START = b'{"type": "removal"'


@dataclass(frozen=True)
class _Entry:
    start: int  # byte range of the document's records in the log
    end: int
    made_by: tuple[str, str]  # (cleaner version, ruleset digest)


class PreviousLog:
    """The records of each document in an earlier audit log, read on demand."""

    def __init__(self, handle: BinaryIO | None, entries: dict[str, _Entry]) -> None:
        self._handle = handle
        self._entries = entries

    @classmethod
    def empty(cls) -> PreviousLog:
        return cls(None, {})

    @classmethod
    def open(cls, path: Path | None) -> PreviousLog:
        """The log at `path`; empty (nothing can be skipped) when there is none,
        it is not a log this cleaner wrote, or the log goes to stdout (None)
        or into something other than a regular file (a pipe, /dev/null), which
        holds no earlier log and could block the reader."""
        if path is None or not path.is_file():
            return cls.empty()
        try:
            handle = path.open("rb")
        except OSError:
            return cls.empty()
        entries = _index(handle)
        if entries is None:
            handle.close()
            return cls.empty()
        return cls(handle, entries)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()

    def holds(self, doc: str, ruleset_digest: str) -> bool:
        entry = self._entries.get(doc)
        return entry is not None and entry.made_by == (__version__, ruleset_digest)

    def records(self, doc: str) -> bytes:
        entry = self._entries[doc]
        self._handle.seek(entry.start)
        return self._handle.read(entry.end - entry.start)


def _index(handle: BinaryIO) -> dict[str, _Entry] | None:
    entries: dict[str, _Entry] = {}
    current: tuple[str, int, tuple[str, str]] | None = None
    position = 0
    for line in handle:
        if line.startswith(_HEADER_START):
            if current is not None:
                entries[current[0]] = _Entry(current[1], position, current[2])
            try:
                header = json.loads(line)
            except ValueError:
                return None
            current = (header.get("doc"), position, (header.get("cleaner"), header.get("ruleset")))
        elif not (line.startswith(_REMOVAL_START) and current is not None):
            return None
        position += len(line)
    if current is not None:
        entries[current[0]] = _Entry(current[1], position, current[2])
    return entries


def output_is_newer(job: Job) -> bool:
    try:
        return job.target.stat().st_mtime_ns > job.source.stat().st_mtime_ns
    except OSError:
        return False


def run(
    jobs: list[Job],
    clean_jobs: Callable[[list[Job]], Generator[Outcome, None, None]],
    previous: PreviousLog | None,
    ruleset_digest: str,
) -> Iterator[Outcome]:
    """Outcomes for `jobs` in order: up-to-date ones skipped (with their
    previous records when `previous` is given), the others from `clean_jobs`.
    Closes `previous` when done."""

    def up_to_date(job: Job) -> bool:
        return output_is_newer(job) and (previous is None or previous.holds(job.doc, ruleset_digest))

    skip = [up_to_date(job) for job in jobs]
    cleaned = clean_jobs([job for job, skipped in zip(jobs, skip) if not skipped])
    try:
        for job, skipped in zip(jobs, skip):
            if not skipped:
                # A stopped run ends the cleaned ones early; the up-to-date
                # ones after it are still carried into the log.
                outcome = next(cleaned, None)
                if outcome is not None:
                    yield outcome
            else:
                carried = previous.records(job.doc) if previous is not None else b""
                yield Outcome(job.doc, carried, skipped=True)
    finally:
        cleaned.close()  # an interrupted run stops the workers now, not when collected
        if previous is not None:
            previous.close()
