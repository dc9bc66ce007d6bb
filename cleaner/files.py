"""Which files to clean, where each result goes, and writing it safely."""

from __future__ import annotations

import os
import stat
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO, Iterator, NamedTuple

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# The start of a file that is markup, whatever its name (--format auto).
_MARKUP_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml", b"<meta", b"<!--", b"<title", b"<div", b"<p>", b"<p ")
SNIFF_BYTES = 1024


class UsageError(ValueError):
    """A command line that cannot be carried out (exit code 2)."""


class Job(NamedTuple):
    """One document: where it comes from, its name in the log, where it goes."""

    doc: str
    source: Path | None  # None: standard input
    target: Path | None  # None: standard output
    format: str = "auto"  # "text", "html", or "auto": by name, else by content
    # Found inside a folder, not named on the command line: then only a
    # regular file is read (a named pipe there would wait for a writer forever).
    in_folder: bool = False


def is_html_name(path: Path | str) -> bool:
    name = str(path).lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return name.endswith(HTML_SUFFIXES)


def looks_like_html(data: bytes) -> bool:
    """Whether (decompressed) bytes start like an HTML page, past a BOM and blanks
    (form feeds and vertical tabs too: some exporters put a page break first)."""
    head = data[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n\f\v").lower()
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head[2:].replace(b"\x00", b"").lstrip()
    return head.startswith(_MARKUP_STARTS)


def output_name(relative: Path) -> Path:
    """A text input keeps its name (less .gz); an HTML input becomes NAME.txt."""
    name = relative.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    if is_html_name(name):
        name = name[: name.lower().rfind(".")] + ".txt"
    return relative.with_name(name)


def plan(inputs: list[str], output: str | None, extra_excluded: tuple[Path, ...] = (), fmt: str = "auto") -> list[Job]:
    """The jobs for a command line, in a stable order, or a UsageError.

    - no input or "-": standard input, to stdout or to `output`;
    - one file: to stdout or to `output` (a file, or an existing folder);
    - folders or several files: every file below them, mirrored under `output`.
    """
    if not inputs or inputs == ["-"]:
        return [Job("-", None, _single_target(output, Path("stdin.txt")), fmt)]
    if "-" in inputs:
        raise UsageError("'-' (standard input) cannot be mixed with file or folder inputs")
    paths = [Path(p) for p in inputs]
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
    if len(paths) == 1 and not paths[0].is_dir():
        source = paths[0]
        target = _single_target(output, output_name(Path(source.name)))
        if target is not None and same_file(source, target):
            raise UsageError(f"{source}: the output would overwrite the input; choose another -o")
        return [Job(str(source), source, target, fmt)]
    if output is None or output == "-":
        raise UsageError("several inputs or a folder need -o OUTDIR for the clean files")
    out_dir = Path(output)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir}: exists and is not a folder; -o must name a folder for several inputs")
    excluded = {_resolved(out_dir), *(_resolved(p) for p in extra_excluded)}
    jobs: dict[Path, Job] = {}
    for path in paths:
        for source, relative in _walk(path, excluded):
            target = out_dir / output_name(relative)
            if target in jobs:
                raise UsageError(f"{source} and {jobs[target].source} would both be written to {target}")
            if same_file(source, target):
                raise UsageError(f"{source}: the output would overwrite the input; choose another -o")
            jobs[target] = Job(relative.as_posix(), source, target, fmt, in_folder=path.is_dir())
    return sorted(jobs.values(), key=lambda job: job.doc)


def _single_target(output: str | None, default_name: Path) -> Path | None:
    if output is None or output == "-":
        return None
    target = Path(output)
    return target / default_name if target.is_dir() else target


def _walk(path: Path, excluded: set[Path]):
    """(file, path relative to the input) for every file below a folder, sorted.

    Hidden files and folders (".git", ".DS_Store") are skipped, and so is the
    output folder when it lies inside an input folder.
    """
    if not path.is_dir():
        yield path, Path(path.name)
        return
    for root, dirs, files in os.walk(path):
        root_path = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and _resolved(root_path / d) not in excluded)
        for name in sorted(files):
            if name.startswith("."):
                continue
            source = root_path / name
            if _resolved(source) in excluded:
                continue
            yield source, source.relative_to(path)


def _resolved(path: Path) -> Path:
    return path.resolve(strict=False)


def same_file(a: Path, b: Path) -> bool:
    try:
        return b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def write_atomic(target: Path, data: bytes) -> None:
    """Write via a temporary file and a rename, so an interrupted run never
    leaves a half-written output behind."""
    with atomic_writer(target) as handle:
        handle.write(data)


@contextmanager
def atomic_writer(target: Path, private: bool = False) -> Iterator[BinaryIO]:
    """A binary file that appears at `target` only once it is complete.

    It gets the permissions a file the user creates gets (the umask's), or
    those of the file it replaces; `private` ones (owner only) if asked.
    A target that exists and is not a regular file (/dev/null, a named
    pipe, the /dev/fd/N of a shell's process substitution) is written in
    place: renaming over it would put a file where the device or pipe was,
    and as root would break /dev/null for every program.

    Its write errors name `target` (see NamedWrites)."""
    try:
        status = target.stat()
    except FileNotFoundError:
        status = None
    if status is not None and not stat.S_ISREG(status.st_mode):
        yield from _written_through(open(target, "wb"), target)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = _temporary_beside(target, 0o600 if private else 0o666)
    try:
        if status is not None and not private:
            os.fchmod(fd, stat.S_IMODE(status.st_mode))
        yield from _written_through(os.fdopen(fd, "wb"), target)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    finally:
        _being_written.pop(temporary, None)


def _written_through(handle: BinaryIO, target: Path) -> Iterator[BinaryIO]:
    """`handle` for the caller to write, then closed. A close that fails
    (what the buffer still held meets a full disk) names `target`; after a
    failure of the caller's own, the close (which then often fails again)
    must not replace that failure."""
    try:
        yield NamedWrites(handle, str(target))
    except BaseException:
        with suppress(OSError):
            handle.close()
        raise
    with _named_errors(str(target)):
        handle.close()


STANDARD_OUTPUT = "standard output"  # how errors writing to it name it


class NamedWrites:
    """A file (or standard output) whose failed writes say which file
    failed. A full disk raises an OSError that names no file, which the
    caller would otherwise pin on the file it was reading (the input of a
    JSON Lines run, say)."""

    def __init__(self, handle: BinaryIO, name: str) -> None:
        self._handle, self._name = handle, name

    def write(self, data: bytes) -> int:
        with _named_errors(self._name):
            return self._handle.write(data)

    def flush(self) -> None:
        with _named_errors(self._name):
            self._handle.flush()

    def __getattr__(self, name: str):  # everything else is the file's own
        return getattr(self._handle, name)


@contextmanager
def _named_errors(name: str) -> Iterator[None]:
    """OSErrors without a file name, raised inside, as `name`'s (of the same
    class: a broken pipe stays a BrokenPipeError)."""
    try:
        yield
    except OSError as error:
        if error.filename is not None or error.errno is None:
            raise
        raise OSError(error.errno, error.strerror, name) from None


# The temporary files being written, each with the process writing it, for
# remove_temporaries: a worker process ended by SIGTERM runs no `finally`.
# A forked worker inherits its parent's entries (the audit log's temporary
# file, say), which are not its own to remove.
_being_written: dict[Path, int] = {}


def remove_temporaries() -> None:
    """Delete the temporary files this process has not finished writing."""
    mine = os.getpid()
    for temporary, writer in list(_being_written.items()):
        if writer == mine:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def _temporary_beside(target: Path, mode: int) -> tuple[int, Path]:
    """A new hidden file next to `target`, opened for writing. Not
    tempfile.mkstemp: its files are always owner-only, where os.open lets
    the umask decide as for any file the user creates."""
    while True:
        temporary = target.with_name(f".{target.name}.{os.urandom(4).hex()}.part")
        # Known before it exists: a SIGTERM that arrives while the file is
        # being created is handled right after, before any later line runs.
        _being_written[temporary] = os.getpid()
        try:
            return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), temporary
        except FileExistsError:
            del _being_written[temporary]
        except BaseException:
            del _being_written[temporary]
            raise
