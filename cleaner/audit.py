"""The audit log: one header per document, one record per removed span.

    {"type": "document", "doc", "sha256", "chars", "format", "cleaner", "ruleset", "language", "guard", "notes"}
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


def dumps(record: dict) -> str:
    """One JSONL line (with its newline); non-ASCII kept readable."""
    return json.dumps(record, ensure_ascii=False) + "\n"


def sha256(text: str) -> str:
    # surrogatepass: text decoded from arbitrary input may hold lone surrogates.
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


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
        yield record
