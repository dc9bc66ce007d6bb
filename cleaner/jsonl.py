"""Clean a JSON Lines corpus: one record a line, its text field replaced by
the clean text, every other field kept in its place.

The file is streamed: lines go to the workers in chunks and come back in
input order, and only a few chunks are in flight, so memory does not grow
with the file. A line that cannot be cleaned (not JSON, not an object, no
text field, a text field that is not a string, a bad id) is an error of that
record alone: it is named with its line number, then skipped or passed
through unchanged as `--on-error` says, and the run goes on. A line longer
than a file may be (decode.MAX_INPUT_BYTES) is not read to its end, so it
is always skipped.

The audit log's `doc` is the record's `--id-field` value, or, without one,
`SOURCE:LINE` (the input's name as given, "-" for standard input, and the
1-based line number), which is unique within the file and finds the record.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from . import audit, batch
from .decode import MAX_INPUT_BYTES, canonical, is_gzipped
from .detectors.base import Context
from .document import internal_error
from .files import STANDARD_OUTPUT, NamedWrites, atomic_writer
from .interrupt import StopRequest
from .pipeline import clean
from .progress import Reporter

# Lines are handed to the workers in chunks of about this many bytes: a few
# pages' worth, a fraction of a second of work (so an interrupted run waits
# for little), while the hand-over between processes costs little next to it.
CHUNK_BYTES = 64 * 1024
# Compression of a .gz output, the gzip tool's default. On 23 MB of dev-set
# records it compresses as well as level 9 (8.65 against 8.64 MB) in 1.9
# against 2.1 s of CPU; level 1 is 14% larger. Cleaning is far slower than
# either, so this buys size, not speed.
GZIP_LEVEL = 6
# The rest of a line too long to take is read past in pieces of this size.
_SKIP_BYTES = 1 << 20


@dataclass(frozen=True)
class Fields:
    text: str = "text"
    id: str | None = None  # None: records are named SOURCE:LINE
    source: str = "-"


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    data: bytes
    too_long: bool = False  # longer than MAX_INPUT_BYTES: not read, `data` is empty


@dataclass(frozen=True)
class Result:
    number: int
    output: bytes = b""  # the cleaned record's line
    audit: bytes = b""
    chars: int = 0
    removed: int = 0
    error: str | None = None  # without the SOURCE:LINE prefix
    original: bytes = b""  # the line as read, kept only with an error (to pass it through)


class RecordError(ValueError):
    pass


def clean_line(fields: Fields, line: Line, context: Context) -> Result:
    """Clean one record. Never raises for a bad record: the Result says why."""
    if line.too_long:  # no `original`: there is nothing to pass through
        return Result(line.number, error=f"longer than the {MAX_INPUT_BYTES} bytes a record may take")
    try:
        record, text, doc = _parse(fields, line)
        cleaned = clean(canonical(text), context)
        record[fields.text] = cleaned.output
        records = audit.records(doc, cleaned, "text", context.digest)
        return Result(
            line.number,
            audit.json_line(record),
            b"".join(audit.json_line(r) for r in records),
            len(cleaned.text),
            len(cleaned.text) - len(cleaned.output),
        )
    except RecordError as error:
        return _failed(line, str(error))
    except MemoryError:
        return _failed(line, "out of memory while cleaning")
    except Exception as error:  # a bug met on one record must not stop a corpus
        return _failed(line, internal_error(error))


def _failed(line: Line, error: str) -> Result:
    original = line.data if line.data.endswith(b"\n") else line.data + b"\n"
    return Result(line.number, error=error, original=original)


def _parse(fields: Fields, line: Line) -> tuple[dict, str, str]:
    try:
        record = json.loads(line.data)
    except UnicodeDecodeError as error:
        raise RecordError(f"not UTF-8 ({error.reason} at byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise RecordError(f"not JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(record, dict):
        raise RecordError(f"not a JSON object but {_kind(record)}")
    if fields.text not in record:
        raise RecordError(f"has no {fields.text!r} field; name the text field with --text-field")
    text = record[fields.text]
    if not isinstance(text, str):
        raise RecordError(f"its {fields.text!r} field is {_kind(text)}, not a string")
    if fields.id is None:
        return record, text, f"{fields.source}:{line.number}"
    if fields.id not in record:
        raise RecordError(f"has no {fields.id!r} field (--id-field)")
    doc = record[fields.id]
    if isinstance(doc, bool) or not isinstance(doc, (str, int)):
        raise RecordError(f"its {fields.id!r} field is {_kind(doc)}, not a string or an integer")
    return record, text, str(doc)


def _kind(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def lines_of(stream: BinaryIO) -> Iterator[Line]:
    """Numbered lines; blank ones are not records and are dropped. A line
    longer than MAX_INPUT_BYTES (a file without line breaks given as JSON
    Lines, say) is read no further than that and passed on empty, marked
    too long: held whole, it could take all the memory there is."""
    number = 0
    while data := stream.readline(MAX_INPUT_BYTES + 1):
        number += 1
        if len(data) > MAX_INPUT_BYTES and not data.endswith(b"\n"):
            while (rest := stream.readline(_SKIP_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield Line(number, b"", too_long=True)
        elif data.strip():
            yield Line(number, data)


def chunked(lines: Iterable[Line]) -> Iterator[list[Line]]:
    chunk: list[Line] = []
    size = 0
    for line in lines:
        chunk.append(line)
        size += len(line.data)
        if size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


@dataclass
class Input:
    raw: BinaryIO  # the file on disk, or standard input
    stream: BinaryIO  # its lines, gunzipped
    size: int | None  # of the file on disk, for the progress bar; None for a pipe

    def position(self) -> int:
        """Bytes of the file on disk read so far (0 for a pipe)."""
        return self.raw.tell() if self.size is not None else 0

    def close(self) -> None:
        if self.raw is not sys.stdin.buffer:
            self.raw.close()


def open_input(path: str) -> Input:
    """A file or "-" (standard input), gunzipped when it starts like gzip."""
    if path == "-":
        raw = sys.stdin.buffer
        gzipped = is_gzipped(raw.peek(2))
        size = None
    else:
        raw = open(path, "rb")
        gzipped = is_gzipped(raw.read(2))
        raw.seek(0)
        size = os.fstat(raw.fileno()).st_size
    return Input(raw, gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw, size)


@contextmanager
def open_output(path: str | None) -> Iterator[BinaryIO]:
    """Standard output, or a file that appears only once complete; gzipped
    when its name ends in .gz (with no name or time in the header, so the same
    input gives the same bytes)."""
    if path is None or path == "-":
        yield NamedWrites(sys.stdout.buffer, STANDARD_OUTPUT)
        return
    with atomic_writer(Path(path)) as handle:
        if not path.lower().endswith(".gz"):
            yield handle
            return
        with gzip.GzipFile(filename="", mode="wb", fileobj=handle, compresslevel=GZIP_LEVEL, mtime=0) as zipped:
            yield zipped


def run(
    source: Input,
    fields: Fields,
    pass_through: bool,
    output: BinaryIO,
    audit_sink: BinaryIO,
    settings: batch.Settings,
    context: Context,
    workers: int,
    reporter: Reporter,
    stop: StopRequest,
) -> bool:
    """Clean every record into `output` in input order; False when stopped early.
    A record that cannot be cleaned is named, then dropped or, with
    `pass_through`, copied unchanged."""
    lines = chunked(lines_of(source.stream))
    results = batch.run(partial(clean_line, fields), lines, settings, context, workers, lost=_failed)
    try:
        for result in results:
            if result.error is None:
                output.write(result.output)
                audit_sink.write(result.audit)
            else:
                passed = pass_through and bool(result.original)
                fate = "passed through unchanged" if passed else "skipped"
                reporter.error(f"{fields.source}:{result.number}: {result.error}; {fate}")
                if passed:
                    output.write(result.original)
            reporter.counts.add(failed=result.error is not None, chars=result.chars, removed=result.removed)
            reporter.position(source.position())
            if stop.requested:
                return False
        return True
    finally:
        results.close()
