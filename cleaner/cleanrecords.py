"""The clean texts of a `cleaner clean --jsonl` run, read back for `review`
and `restore`.

The audit log names each record by its `--id-field` value, or, without one,
`SOURCE:LINE`. The output holds the records in input order, as the log does,
so one forward pass over the output finds every document the log names, in
constant memory whatever the corpus's size. A record without an id is
found by its line number, which is the input's as long as no record was
skipped (`--on-error skip`); the sha256 check of each rebuilt input catches
a record found at the wrong line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Iterator

SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


def is_records_file(path: Path) -> bool:
    """Whether `path` names a JSON Lines output rather than a clean text."""
    return path.name.lower().endswith(SUFFIXES)


@dataclass(frozen=True)
class Record:
    number: int  # 1-based line number in the output
    data: bytes  # the line as written
    name: str | None  # the document name the audit log gives it; None if not a record of text
    value: dict | None  # the parsed record, when it is one


class CleanRecords:
    """Clean texts looked up by document name, the names asked in log order."""

    def __init__(self, path: Path, text_field: str = "text", id_field: str | None = None):
        self.path, self.text_field, self.id_field = path, text_field, id_field
        self._records: Iterator[Record] | None = None
        self._read = 0  # records taken from the current pass over the file

    def __str__(self) -> str:
        return str(self.path)

    def records(self) -> Iterator[Record]:
        """Every line of the output, with the document name the log gives it."""
        from . import jsonl  # the cleaning side of JSON Lines: only a JSON Lines run needs it

        source = jsonl.open_input(str(self.path))
        try:
            for line in jsonl.lines_of(source.stream):
                yield self._record(line.number, line.data)
        finally:
            source.close()

    def name_in_log(self, doc: str) -> str:
        """How the log's name for a document reads as a Record.name: without
        an id field, `SOURCE:LINE` by its line alone (SOURCE is the input's name)."""
        return doc if self.id_field is not None else doc[doc.rfind(":") :]

    def text_of(self, doc: str) -> str | None:
        """The clean text of `doc`, or None when the output holds no such
        record. A miss leaves the reading where it was, so the documents
        after it are still found."""
        wanted = self.name_in_log(doc)
        if self._records is None:
            self._records, self._read = self.records(), 0
        taken = 0
        for record in self._records:
            taken += 1
            if record.name == wanted:
                self._read += taken
                return record.value[self.text_field]
        self._records = islice(self.records(), self._read, None)
        return None

    def _record(self, number: int, data: bytes) -> Record:
        try:
            value = json.loads(data)
        except ValueError:
            return Record(number, data, None, None)
        if not isinstance(value, dict) or not isinstance(value.get(self.text_field), str):
            return Record(number, data, None, None)
        if self.id_field is None:
            return Record(number, data, f":{number}", value)
        name = value.get(self.id_field)
        valid = isinstance(name, (str, int)) and not isinstance(name, bool)
        return Record(number, data, str(name) if valid else None, value)
