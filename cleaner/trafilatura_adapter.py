"""Everything cleaner takes from trafilatura, in one place.

HTML mode asks trafilatura which parts of a page are its main content
(`main_content`). trafilatura costs ~0.4 s to import, more than the whole
start-up budget of `cleaner clean < page.txt` in a shell loop, so it is
imported inside that function and text mode never imports it.
Text mode does use trafilatura's list of share-button words (`utils.RE_FILTER`):
that list is read from trafilatura's installed source with `ast`, which runs
none of its code. tests/test_trafilatura_adapter.py checks the result against
the imported object, so an upgrade that moves or changes it fails loudly.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import NamedTuple


class TrafilaturaMissing(RuntimeError):
    pass


class ExtractionError(ValueError):
    """trafilatura failed on a page; the message says how, without the path."""


def share_filter_source() -> Path:
    """The installed trafilatura source file that `share_filter` reads."""
    spec = importlib.util.find_spec("trafilatura")
    if spec is None or not spec.submodule_search_locations:
        raise TrafilaturaMissing("trafilatura is not installed; pip install 'trafilatura>=2.3,<2.4'")
    return Path(next(iter(spec.submodule_search_locations))) / "utils.py"


def share_filter() -> re.Pattern:
    """trafilatura's `RE_FILTER`: a line that is one share or print button word."""
    import ast  # only when a context is built, not when a cached one is loaded

    source_path = share_filter_source()
    tree = ast.parse(source_path.read_text(encoding="utf-8"), str(source_path))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "RE_FILTER" for t in node.targets)
            and isinstance(node.value, ast.Call)
            and node.value.args
        ):
            pattern = ast.literal_eval(node.value.args[0])
            flags = re.IGNORECASE if "IGNORECASE" in ast.unparse(node.value) else 0
            return re.compile(pattern, flags)
    raise TrafilaturaMissing(f"{source_path}: RE_FILTER not found; is this trafilatura 2.3?")


# trafilatura's focus settings, as the options of `cleaner clean` name them.
FOCUSES = ("balanced", "precision", "recall")
# Elements of trafilatura's output that start a new paragraph. Inline ones
# (hi, ref, del, lb) stay inside the paragraph around them.
_BLOCK_TAGS = frozenset({"p", "head", "item", "cell", "row", "quote", "code", "list", "table", "div", "graphic", "body"})


# A paragraph of trafilatura's output: its text pieces (the text and tails
# of its elements), each a piece of one text node of the page.
Paragraph = tuple[str, ...]


class Verdict(NamedTuple):
    """What trafilatura judged main content: its paragraphs, in its order."""

    body: tuple[Paragraph, ...]
    comments: tuple[Paragraph, ...]


def main_content(tree, focus: str, comments: bool, tables: bool, fast: bool = False) -> Verdict:
    """trafilatura's main text (and, if asked, its comments) of a parsed page.

    trafilatura copies the tree before it prunes it, so the caller's tree is
    left as it was. Any error trafilatura raises becomes ExtractionError. Its duplicate filter is off: it keeps a process-wide
    cache, which would make one page's result depend on the pages before it.
    """
    bare_extraction = _bare_extraction()
    try:
        document = bare_extraction(
            tree,
            fast=fast,
            favor_precision=focus == "precision",
            favor_recall=focus == "recall",
            include_comments=comments,
            include_tables=tables,
            deduplicate=False,
            with_metadata=False,
        )
    except Exception as error:  # a hostile page must not end the batch: it is that page's error
        raise ExtractionError(f"trafilatura failed on this page ({type(error).__name__}: {error})") from None
    if document is None:
        return Verdict((), ())
    return Verdict(_paragraphs(document.body), _paragraphs(document.commentsbody) if comments else ())


def ready() -> None:
    """Import trafilatura now (~0.4 s, once per process), so that a time limit
    on a page's extraction does not count the import, nor interrupt it."""
    _bare_extraction()


def _bare_extraction():
    try:
        from trafilatura import bare_extraction
    except ImportError as error:
        raise TrafilaturaMissing(f"trafilatura cannot be imported ({error}); pip install 'trafilatura>=2.3,<2.4'") from None
    return bare_extraction


def _paragraphs(body) -> tuple[Paragraph, ...]:
    """The text pieces of each block of trafilatura's output tree, in its order."""
    if body is None:
        return ()
    from lxml import etree

    found: list[Paragraph] = []
    current: list[str] = []

    def close() -> None:
        pieces = tuple(piece for piece in current if piece.strip())
        if pieces:
            found.append(pieces)
        current.clear()

    for event, element in etree.iterwalk(body, events=("start", "end")):
        block = element.tag in _BLOCK_TAGS
        if event == "start":
            if block:
                close()
            if element.text:
                current.append(element.text)
        else:
            if block:
                close()
            if element is not body and element.tail:
                current.append(element.tail)
    close()
    return tuple(found)
