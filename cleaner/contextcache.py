"""The cleaning context, kept on disk between processes.

A page cleaned inside a shell loop starts a fresh process every time, and
building the context was most of its run: the regex module parses rule
patterns in Python (a quarter of a second for the pack), then the TOML, the
line model's JSON and the stoplists. A context built once is pickled into
the user's cache directory, compiled patterns included (the regex module
pickles a pattern as its compiled code; each rule's stays pickled until a
page first tries it, see ruleset.Rule), and the next process loads it in a
few milliseconds.

The cache is only ever a shortcut: its key covers everything the context is
built from (this package's code and rule files, the user's rule files, the
settings, the Python and regex versions, the files read from other
packages), so a changed input is a new entry, never a stale one; an entry
that cannot be read or written is rebuilt or skipped without a word.
Files count by size and modification time, as for Python's bytecode cache.

Where: $CLEANER_CACHE_DIR, else $XDG_CACHE_HOME/cleaner, else
~/.cache/cleaner. CLEANER_CACHE_DIR set to the empty string turns it off.
Entries are pickles: the directory must be the user's own.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Callable, Iterable, TypeVar

import regex

from .files import atomic_writer

T = TypeVar("T")

# Entries kept at most; the oldest go first. One entry per distinct set of
# rules and settings, so a handful covers any one user's habits.
MAX_ENTRIES = 16
_SUFFIX = ".context.pickle"


def directory() -> Path | None:
    """Where entries live, or None when the cache is turned off."""
    configured = os.environ.get("CLEANER_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = Path.home() / ".cache"
        except RuntimeError:  # no HOME and no user entry (some containers): no cache
            return None
    return Path(base) / "cleaner"


def key(files: Iterable[Path], settings: object) -> str:
    """A fingerprint of what a context is built from: `files` by their size
    and modification time (as Python's own bytecode cache does; a missing
    file counts as missing), `settings` by their repr, and the versions that
    decide how objects pickle."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version}\n{regex.__version__}\n{settings!r}\n".encode())
    for path in sorted(set(files)):
        try:
            status = path.stat()
            digest.update(f"{path}\t{status.st_size}\t{status.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"{path}\tmissing\n".encode())
    return digest.hexdigest()[:32]


def load_or_build(fingerprint: str, build: Callable[[], T]) -> T:
    """The entry under `fingerprint`, or `build()`, stored for next time."""
    where = directory()
    if where is None:
        return build()
    entry = where / f"{fingerprint}{_SUFFIX}"
    try:
        with entry.open("rb") as stream:
            return pickle.load(stream)
    except Exception:  # missing, truncated, or from an incompatible build: rebuild
        pass
    built = build()
    try:
        _store(where, entry, built)
    except (OSError, pickle.PicklingError):
        pass  # a read-only or full disk costs speed, never a result
    return built


def _store(where: Path, entry: Path, value: object) -> None:
    # Written aside and renamed: processes of a --jobs run that all missed
    # the cache at once never read each other's half-written entry.
    with atomic_writer(entry, private=True) as stream:
        pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
    entries = sorted(where.glob(f"*{_SUFFIX}"), key=_age_key)
    for stale in entries[:-MAX_ENTRIES]:
        stale.unlink(missing_ok=True)


def _age_key(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
