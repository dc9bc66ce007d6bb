"""Start-up: `cleaner clean < page.txt` loads only what cleaning text needs.

A page cleaned in a shell loop pays for every import on every call (issue 6:
at most twice `python -c "import typer, regex"`). HTML, review, JSON Lines,
folder batches and the progress bar each import their modules when used;
this fails when one of them leaks into plain text cleaning.
"""

from __future__ import annotations

import subprocess
import sys

from .conftest import SEEDS

PAGE = SEEDS / "000_8de9385505842622.txt"

# Run the command as the console script does, then list what got imported.
SCRIPT = """
import sys
from cleaner.cli import app
try:
    app(["clean"], prog_name="cleaner")
except SystemExit as end:
    if end.code:
        raise
sys.stdout.flush()
print("\\n".join(sorted(sys.modules)), file=sys.stderr)
"""

NOT_FOR_TEXT = (
    # HTML input and its extractor
    "trafilatura", "lxml", "justext", "htmldate", "courlan", "charset_normalizer",
    "cleaner.htmlmode", "cleaner.htmldecode", "cleaner.textview", "cleaner.align",
    # the progress bar, folders in parallel
    "rich", "concurrent.futures", "multiprocessing",
    # review commands, JSON Lines, reruns of folders
    "cleaner.review", "cleaner.report", "cleaner.stats", "cleaner.diff", "cleaner.audited",
    "cleaner.rulebook", "cleaner.rulecheck", "cleaner.termfmt", "cleaner.coded_rules",
    "cleaner.jsonl", "cleaner.incremental", "cleaner.progress",
)  # fmt: skip


def test_cleaning_text_imports_nothing_it_does_not_use():
    with PAGE.open("rb") as page:
        result = subprocess.run([sys.executable, "-c", SCRIPT], stdin=page, capture_output=True, check=True)
    assert result.stdout.strip(), "the page was not cleaned"
    loaded = result.stderr.decode().split()
    assert "cleaner.pipeline" in loaded  # the listing is the cleaning process's
    leaked = [m for m in loaded if any(m == name or m.startswith(name + ".") for name in NOT_FOR_TEXT)]
    assert leaked == []

