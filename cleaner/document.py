"""Clean one document end to end: read, decode, clean, write, log."""

from __future__ import annotations

import io
import stat
import sys
from typing import BinaryIO, NamedTuple

from . import audit
from .batch import WorkerLost
from .decode import MAX_INPUT_BYTES, DecodeError, decode_text, gunzip
from .detectors.base import Context
from .files import Job, is_html_name, looks_like_html, write_atomic
from .pipeline import Cleaned, PartsCleaner, clean
from .timelimit import TimeLimitExceeded
from .trafilatura_adapter import ExtractionError


class Outcome(NamedTuple):
    doc: str
    audit: bytes = b""  # its audit records, UTF-8 JSON lines
    output: str | None = None  # the clean text, when it goes to standard output
    removed_chars: int = 0
    error: str | None = None  # one line, naming the document
    chars: int = 0  # of the decoded input
    skipped: bool = False  # its output was up to date; audit holds the previous run's records


def run(job: Job, context: Context, clean_parts: PartsCleaner | None = None) -> Outcome:
    """Clean one document. Never raises for a bad input: the Outcome says why.
    `clean_parts` cleans the parts of a text too long to be one page."""
    try:
        # The bytes are read into the call, so that no name here keeps them
        # while the text is cleaned (clean_bytes lets them go once decoded).
        fmt, cleaned = clean_bytes(_read(job), job, context, clean_parts)
        # Encoded line by line: as one string, a single emoji anywhere would
        # make the log of a long text take 4 bytes a character. Written to
        # one buffer, not joined from a list of lines that would double it.
        # The log first: an output must never exist without its records.
        log = io.BytesIO()
        for record in audit.records(job.doc, cleaned, fmt, context.digest):
            log.write(audit.json_line(record))
        if job.target is not None:
            write_atomic(job.target, cleaned.output.encode("utf-8"))
        removed = len(cleaned.text) - len(cleaned.output)
        return Outcome(job.doc, log.getvalue(), cleaned.output if job.target is None else None, removed, chars=len(cleaned.text))
    except (DecodeError, ExtractionError) as error:
        return Outcome(job.doc, error=f"{job.doc}: {error}")
    except TimeLimitExceeded as error:
        return Outcome(job.doc, error=f"{job.doc}: {error}; skipped (--html-time-limit sets the limit)")
    except OSError as error:
        where = error.filename or job.doc
        return Outcome(job.doc, error=f"{where}: {error.strerror or error}")
    except MemoryError:
        return Outcome(job.doc, error=f"{job.doc}: out of memory while cleaning; split the file")
    except WorkerLost as error:  # cleaning the parts of a long text
        return lost(job, f"a part of it: {error}")
    except Exception as error:  # a bug met on one document must not stop a batch of thousands
        return Outcome(job.doc, error=f"{job.doc}: {internal_error(error)}")


def internal_error(error: Exception) -> str:
    return f"internal error, please report it with this document ({type(error).__name__}: {error})"


def lost(job: Job, reason: str) -> Outcome:
    """A document given up because the worker process cleaning it died."""
    return Outcome(job.doc, error=f"{job.doc}: {reason}; skipped")


def clean_bytes(data: bytes, job: Job, context: Context, clean_parts: PartsCleaner | None = None) -> tuple[str, Cleaned]:
    """A document's format ("text" or "html") and its cleaning. `job` gives the
    format asked for; "auto" goes by the file name, then by the content."""
    data = gunzip(data)
    fmt = job.format
    if fmt == "auto":
        fmt = "html" if (job.source is not None and is_html_name(job.source)) or looks_like_html(data) else "text"
    if fmt == "text":
        text = decode_text(data)
        del data  # a long text takes minutes to clean, and needs its bytes no more
        return fmt, clean(text, context, clean_parts=clean_parts)
    from . import htmlmode  # lxml and the HTML modules: text mode never loads them

    page = htmlmode.read_page(data, context.config, context.stoplists)
    return fmt, clean(page.view, page.context(context), extra=(page.verdict,))


def _read(job: Job) -> bytes:
    if job.source is None:
        return read_stdin()
    status = job.source.stat()
    if not stat.S_ISREG(status.st_mode):
        if job.in_folder:
            kind = _special_kind(status.st_mode)
            raise DecodeError(f"is {kind}, not a regular file; skipped (name it on the command line to read it)")
        with job.source.open("rb") as stream:  # `cleaner clean <(curl ...)`: a pipe by name
            return _read_stream(stream)
    if status.st_size > MAX_INPUT_BYTES:
        raise DecodeError(f"is {status.st_size} bytes, more than the {MAX_INPUT_BYTES} this tool takes")
    return job.source.read_bytes()


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a special file"


def read_stdin() -> bytes:
    """Standard input, refused past MAX_INPUT_BYTES as a file that size is."""
    return _read_stream(sys.stdin.buffer)


def _read_stream(stream: BinaryIO) -> bytes:
    """A stream has no size to check first: at most one byte past the limit is read."""
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise DecodeError(f"holds more than the {MAX_INPUT_BYTES} bytes this tool takes")
    return data
