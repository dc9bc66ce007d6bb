"""The audit log: one header per document, one record per removed span.

    {"type": "document", "doc", "sha256", "chars", "format", "cleaner", "ruleset", "language", "guard", "notes", "checkpoints"}
    {"type": "removal", "doc", "start", "end", "rule", "name", "category", "origin", "reason", "text"}

Offsets are code points of the decoded text; `text == decoded[start:end]`.
Removals are sorted and disjoint, so deleting them gives the clean output and
putting them back (`restore`) gives the decoded input.
"""

from __future__ import annotations

import hashlib
import json
from typing import Iterable, Iterator

from . import __version__
from .pipeline import Cleaned
from .removal import Removal


# A text rebuilt from a clean file and the log can only be told apart from
# the original by the log itself. Besides the sha256 of the whole text, the
# header holds a short hash of each of at most CHECKPOINTS consecutive pieces
# (each at least CHECKPOINT_MIN_CHARS long, a few lines of a page), so that a
# mismatch can be located: ~180 bytes a header, against the kilobytes of
# removed text a typical page logs.
CHECKPOINTS = 16
CHECKPOINT_MIN_CHARS = 256
_CHECKPOINT_HEX = 8
_HASH_PIECE_CHARS = 1 << 20


class AuditError(ValueError):
    """A log that cannot be read or replayed; the message says where."""


def records(doc: str, cleaned: Cleaned, fmt: str, ruleset_digest: str) -> Iterator[dict]:
    yield {
        "type": "document",
        "doc": doc,
        "sha256": sha256(cleaned.text),
        "chars": len(cleaned.text),
        "format": fmt,
        "cleaner": __version__,
        "ruleset": ruleset_digest,
        "language": cleaned.language,
        "guard": cleaned.guard,
        "notes": list(cleaned.notes),
        "checkpoints": checkpoints(cleaned.text),
    }
    for removal in cleaned.removals:
        yield removal_record(doc, removal, cleaned.text)


def removal_record(doc: str, removal: Removal, text: str) -> dict:
    return {
        "type": "removal",
        "doc": doc,
        "start": removal.start,
        "end": removal.end,
        "rule": removal.rule,
        "name": removal.name,
        "category": removal.category,
        "origin": removal.origin,
        "reason": removal.reason,
        "text": text[removal.start : removal.end],
    }


def json_line(value: object) -> bytes:
    """One JSON line (with its newline), UTF-8, non-ASCII kept readable. A
    string with a lone surrogate (valid in JSON, not in UTF-8: a record's
    text, or a file name that is not UTF-8) is written \\u-escaped, so that
    every line still reads back."""
    try:
        return (json.dumps(value, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(value) + "\n").encode("ascii")


def sha256(text: str) -> str:
    # Encoded a piece at a time: a long text encoded whole would take up to
    # 4 bytes a character again while it is hashed. The pieces are cut by
    # code point, and each surrogate is encoded on its own anyway, so the
    # bytes hashed are those of the whole.
    digest = hashlib.sha256()
    for start in range(0, len(text), _HASH_PIECE_CHARS):
        # surrogatepass: text decoded from arbitrary input may hold lone surrogates.
        digest.update(text[start : start + _HASH_PIECE_CHARS].encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def checkpoints(text: str) -> dict:
    """The piece length and a short sha256 of each consecutive piece of `text`."""
    size = max(CHECKPOINT_MIN_CHARS, -(-len(text) // CHECKPOINTS))
    return {"chars": size, "sha256": _piece_hashes(text, size)}


def first_difference(rebuilt: str, header: dict) -> tuple[int, int] | None:
    """The stretch (start, end) of `rebuilt` that holds its first difference
    from the text the header describes; (n, n) when one text is the other cut
    short at n. None when the header cannot tell: a log written before
    checkpoints, or `rebuilt` matching every piece."""
    marks = header.get("checkpoints")
    if not isinstance(marks, dict) or not isinstance(marks.get("chars"), int) or marks["chars"] < 1:
        return None
    size, expected = marks["chars"], list(marks.get("sha256") or ())
    found = _piece_hashes(rebuilt, size)
    for number, (mark, piece) in enumerate(zip(expected, found)):
        if mark != piece:
            return number * size, min(len(rebuilt), (number + 1) * size)
    if len(expected) == len(found):
        return None
    common = min(len(expected), len(found)) * size
    return common, common


def _piece_hashes(text: str, size: int) -> list[str]:
    return [sha256(text[i : i + size])[:_CHECKPOINT_HEX] for i in range(0, len(text), size)]


def restore(clean: str, removals: Iterable[dict]) -> str:
    """The decoded input: the clean text with every removed span put back.

    `removals` are removal records of one document, in log order.
    """
    pieces: list[str] = []
    position = 0  # in the clean text
    rebuilt = 0  # length of the input rebuilt so far
    for record in removals:
        start, end, text = record["start"], record["end"], record["text"]
        if start < rebuilt or end - start != len(text):
            raise AuditError(f"removal at {start}..{end} overlaps the previous one or has the wrong length")
        take = start - rebuilt
        if position + take > len(clean):
            raise AuditError(f"removal at {start}..{end} lies past the end of the clean text")
        pieces.append(clean[position : position + take])
        pieces.append(text)
        position += take
        rebuilt = end
    pieces.append(clean[position:])
    return "".join(pieces)


# What readers of a log rely on, per record type (other fields are optional).
_FIELDS = {
    "document": (("doc", str), ("sha256", str), ("chars", int)),
    "removal": (
        ("doc", str), ("start", int), ("end", int), ("rule", str), ("name", str),
        ("category", str), ("origin", str), ("reason", str), ("text", str),
    ),
}  # fmt: skip


def read(lines: Iterable[str], source: str) -> Iterator[dict]:
    """Parse a JSONL audit log, naming the file and line of any bad record."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise AuditError(f"{source}:{number}: not JSON ({error.msg})") from None
        if not isinstance(record, dict) or record.get("type") not in ("document", "removal"):
            raise AuditError(f"{source}:{number}: not an audit record (needs type document or removal)")
        wrong = [key for key, kind in _FIELDS[record["type"]] if not isinstance(record.get(key), kind)]
        if wrong:
            raise AuditError(f"{source}:{number}: {record['type']} record without a valid {', '.join(wrong)}")
        yield record


def documents(records: Iterable[dict], source: str) -> Iterator[tuple[dict, list[dict]]]:
    """(header, its removal records) for each document of a parsed log, in order.

    A log may hold the same document twice (two runs appended); each header
    starts its own group.
    """
    header: dict | None = None
    removals: list[dict] = []
    for record in records:
        if record["type"] == "document":
            if header is not None:
                yield header, removals
            header, removals = record, []
        elif header is None or record.get("doc") != header.get("doc"):
            raise AuditError(f"{source}: removal of {record.get('doc')!r} at {record.get('start')} is not under its document's header")
        else:
            removals.append(record)
    if header is not None:
        yield header, removals
