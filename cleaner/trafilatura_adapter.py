"""Everything cleaner takes from trafilatura, in one place.

trafilatura costs ~0.4 s to import, more than the whole start-up budget of
`cleaner clean < page.txt` in a shell loop, so text mode never imports it.
It does use trafilatura's list of share-button words (`utils.RE_FILTER`):
that list is read from trafilatura's installed source with `ast`, which runs
none of its code. tests/test_trafilatura_adapter.py checks the result against
the imported object, so an upgrade that moves or changes it fails loudly.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import re


class TrafilaturaMissing(RuntimeError):
    pass


def share_filter() -> re.Pattern:
    """trafilatura's `RE_FILTER`: a line that is one share or print button word."""
    spec = importlib.util.find_spec("trafilatura")
    if spec is None or not spec.submodule_search_locations:
        raise TrafilaturaMissing("trafilatura is not installed; pip install 'trafilatura>=2.3,<2.4'")
    source_path = Path(next(iter(spec.submodule_search_locations))) / "utils.py"
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
