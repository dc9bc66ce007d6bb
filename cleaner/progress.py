"""What a long run tells its user on stderr: failures as they happen, a
progress bar when stderr is a terminal, and a closing summary.

rich (a dependency of typer) draws the bar; it is imported only when a bar
is shown, so piped runs and single pages never pay for it.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

from .termfmt import one_line


@dataclass
class RunCounts:
    """This run's documents so far by outcome, and the characters of those
    cleaned: the figures of the closing summary."""

    cleaned: int = 0
    skipped: int = 0
    failed: int = 0
    chars: int = 0  # of the cleaned documents' input
    removed: int = 0

    @property
    def documents(self) -> int:
        return self.cleaned + self.skipped + self.failed

    def add(self, *, failed: bool = False, skipped: bool = False, chars: int = 0, removed: int = 0) -> None:
        if failed:
            self.failed += 1
        elif skipped:
            self.skipped += 1
        else:
            self.cleaned += 1
            self.chars += chars
            self.removed += removed


class Reporter:
    """Failure lines, a progress bar over `total` units (documents, or input
    bytes for a JSON Lines file; None when unknown), and the summary, which
    counts `noun`."""

    def __init__(self, total: int | None, unit: str = "documents", noun: str = "documents") -> None:
        self.stream = sys.stderr
        self.total = total
        self.unit = unit
        self.noun = noun
        self.counts = RunCounts()
        self._started = time.monotonic()
        self._bar = None
        self._task = None

    def __enter__(self) -> Reporter:
        if self.stream.isatty():
            self._start_bar()
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()

    def _start_bar(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        amount = DownloadColumn() if self.unit == "bytes" else MofNCompleteColumn()
        self._bar = Progress(
            TextColumn("cleaning"),
            BarColumn(),
            amount,
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(file=self.stream),
            transient=True,  # the summary replaces it
        )
        self._task = self._bar.add_task("cleaning", total=self.total)
        self._bar.start()

    def error(self, message: str) -> None:
        line = f"cleaner: {one_line(message)}"
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=self.stream, flush=True)

    def advance(self, by: int = 1) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, by)

    def position(self, completed: int) -> None:
        if self._bar is not None:
            self._bar.update(self._task, completed=completed)

    def summary(self, interrupted: str | None = None) -> None:
        """One paragraph: documents, skipped, failures, characters removed, time.
        `interrupted` says what an interrupted run left behind."""
        counts, seconds = self.counts, time.monotonic() - self._started
        cleaned = f"{counts.cleaned} cleaned"
        if counts.cleaned and seconds > 0:
            cleaned += f" ({counts.cleaned / seconds:.1f} a second)"
        parts = [cleaned]
        if counts.skipped:
            parts.append(f"{counts.skipped} skipped as up to date")
        if counts.failed:
            parts.append(f"{counts.failed} failed")
        noun = self.noun if counts.documents != 1 else self.noun.removesuffix("s")
        text = f"{counts.documents} {noun} in {seconds:.1f} s: {', '.join(parts)}"
        if counts.chars:
            text += f"; removed {counts.removed:,} of {counts.chars:,} characters ({100 * counts.removed / counts.chars:.1f}%)"
        text += "."
        self.error(f"interrupted. {text} {interrupted}" if interrupted else text)
