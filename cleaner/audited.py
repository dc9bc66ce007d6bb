"""An audit log read back document by document, each input rebuilt and checked.

`review`, `stats`, `restore` and the HTML report start here. A document's
input is its clean text with the logged spans put back (audit.restore), and
it counts only when its sha256 matches the header's. The clean text is found
where `cleaner clean` wrote it: under a folder, the document's path mirrored
(an HTML page's name ending in .txt), or one file for a one-document log.
A text file found there that is the input itself (its sha256 is the
header's) serves as well: a one-file run (`cleaner clean page.txt -o
clean.txt --audit audit.jsonl`) logs the page by the path it was given, so
beside its log lies the page it read, not its clean text.
"""

from __future__ import annotations

import fnmatch
import gzip
import io
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

from . import audit
from .cleanrecords import CleanRecords
from .files import output_name


@dataclass(frozen=True)
class Document:
    header: dict
    removals: tuple[dict, ...]
    original: str | None = None  # the decoded input, rebuilt and verified
    problem: str | None = None  # why `original` is None, when it was looked for

    @property
    def name(self) -> str:
        return self.header["doc"]


def read(path: str) -> Iterator[tuple[dict, list[dict]]]:
    """(header, removal records) per document of a log file ('-': standard
    input; a name ending in .gz is inflated). Raises audit.AuditError, or
    OSError when the file cannot be read."""
    if path == "-":
        yield from audit.documents(audit.read(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8"), "<stdin>"), "<stdin>")
        return
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            yield from audit.documents(audit.read(handle, path), path)
    except UnicodeDecodeError as error:
        raise audit.AuditError(f"{path}: not UTF-8 ({error.reason} at byte {error.start})") from None
    except (EOFError, gzip.BadGzipFile) as error:
        raise audit.AuditError(f"{path}: broken gzip data ({error})") from None


def matches(name: str, patterns: Iterable[str]) -> bool:
    """Whether a document name matches one of the glob patterns (none: all do)."""
    patterns = tuple(patterns)
    return not patterns or any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)


def mirrored(doc: str) -> Path:
    """Where a document's text goes under an output folder, as `cleaner clean`
    places it: a folder run logs paths relative to its input, mirrored (an
    HTML page's name ending in .txt); a path that would leave the folder
    (absolute, or through ..) keeps its file name alone."""
    if doc in ("", "-"):
        return Path("stdin.txt")
    relative = PurePosixPath(doc)
    if relative.is_absolute() or ".." in relative.parts:
        relative = PurePosixPath(relative.name)
    return output_name(Path(relative))


def clean_path(root: Path, doc: str) -> Path | None:
    """Where `cleaner clean ... -o root` wrote the clean text of `doc`, if it
    exists; `root` may be the clean file itself. A one-file run logs the path
    it was given and puts the file in the folder under its name alone."""
    if root.is_file():
        return root
    candidates = (root / mirrored(doc), root / output_name(Path(PurePosixPath(doc).name)))
    return next((path for path in candidates if path.is_file()), None)


def rebuild(header: dict, removals: Iterable[dict], clean: str) -> str:
    """The document's input, checked against its header; AuditError saying
    which document and where it first differs otherwise."""
    doc = header["doc"]
    try:
        original = audit.restore(clean, removals)
    except audit.AuditError as error:
        raise audit.AuditError(f"{doc}: {error}; is this the clean text this log was written with?") from None
    if audit.sha256(original) == header["sha256"]:
        return original
    length = f"{len(original)} characters rebuilt, {header['chars']} logged"
    where = audit.first_difference(original, header)
    if where is None:
        raise audit.AuditError(f"{doc}: the rebuilt text does not match the sha256 in its header ({length})")
    start, end = where
    first_line = original.count("\n", 0, start) + 1
    last_line = first_line + original.count("\n", start, max(start, end - 1))
    lines = f"line {first_line}" if first_line == last_line else f"lines {first_line}-{last_line}"
    stretch = f"at character {start}" if start == end else f"in characters {start}..{end}"
    raise audit.AuditError(
        f"{doc}: the rebuilt text does not match the sha256 in its header; first difference {stretch} "
        f"({lines}; {length}). Is this the clean text this log was written with?"
    )


def with_originals(groups: Iterable[tuple[dict, list[dict]]], root: Path | CleanRecords | None) -> Iterator[Document]:
    """Each document with its input rebuilt from the clean text under `root`
    (or in the records of a JSON Lines run), or with the reason it could not
    be (no file, or a mismatch)."""
    for header, removals in groups:
        if isinstance(root, CleanRecords):
            yield _from_record(header, removals, root)
            continue
        path = clean_path(root, header["doc"]) if root is not None else None
        if path is None:
            yield Document(header, tuple(removals), problem=f"no clean text found under {root}")
            continue
        try:
            found = path.read_bytes().decode("utf-8")  # bytes: no newline translation
            yield Document(header, tuple(removals), _original(header, removals, found))
        except audit.AuditError as error:
            yield Document(header, tuple(removals), problem=f"{path}: {error}")
        except (OSError, UnicodeDecodeError) as error:
            yield Document(header, tuple(removals), problem=f"{path}: cannot read ({error})")


def _original(header: dict, removals: list[dict], found: str) -> str:
    """The input, from the text found for a document: that text itself when
    its sha256 is the header's (the input, not the clean text), else its
    clean text with the logged spans put back (see `rebuild`). Only a text
    of the input's length is hashed here: a clean text is shorter whenever
    something was removed, and `rebuild` hashes what it rebuilds anyway."""
    if len(found) == header["chars"] and audit.sha256(found) == header["sha256"]:
        return found
    return rebuild(header, removals, found)


def _from_record(header: dict, removals: list[dict], records: CleanRecords) -> Document:
    clean = records.text_of(header["doc"])
    if clean is None:
        return Document(header, tuple(removals), problem=f"no record named {header['doc']!r} in {records}")
    try:
        return Document(header, tuple(removals), rebuild(header, removals, clean))
    except audit.AuditError as error:
        return Document(header, tuple(removals), problem=f"{records}: {error}")
