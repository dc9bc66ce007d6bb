"""Text for a terminal: ANSI colour when asked for, and aligned tables.

The review commands decide once whether to colour (a terminal, and no
NO_COLOR in the environment: https://no-color.org) and pass a Painter down,
so the modules that build the text never look at the terminal themselves.
"""

from __future__ import annotations

import os
from typing import IO, Sequence

_CODES = {
    "bold": "1",
    "dim": "2",
    "strike": "9",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "cyan": "36",
}


class Painter:
    """Wraps text in ANSI styles, or leaves it alone when colour is off."""

    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __call__(self, text: str, *styles: str) -> str:
        if not self.enabled or not text or not styles:
            return text
        codes = ";".join(_CODES[style] for style in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"


# Control characters of scraped text as the Unicode pictures of them (␀, ␛,
# ␡), C1 controls as \x escapes: a page that holds ESC would otherwise steer
# the reviewer's terminal (colours, cursor moves, a changed window title).
# Tabs and line breaks are layout and stay.
_CONTROL_PICTURES = str.maketrans(
    {code: 0x2400 + code for code in range(0x20) if chr(code) not in "\t\n"}
    | {0x7F: 0x2421}
    | {code: f"\\x{code:02x}" for code in range(0x80, 0xA0)}
)
# For a message that must stay one line: tabs and line breaks shown too.
_ONE_LINE = _CONTROL_PICTURES | str.maketrans({"\t": "\u2409", "\n": "\u240a"})


def visible(text: str) -> str:
    """`text` safe to print to a terminal: its control characters shown, not obeyed."""
    return text.translate(_CONTROL_PICTURES)


def one_line(text: str) -> str:
    """`text` as one terminal line: also its tabs and line breaks shown (a
    file may be named with them), so that one message is one line."""
    return text.translate(_ONE_LINE)


def wants_colour(stream: IO) -> bool:
    """Colour for a terminal, plain text for a pipe or a file."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and "NO_COLOR" not in os.environ


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], right: frozenset[int] = frozenset()) -> str:
    """Columns padded to their widest cell; the columns in `right` (numbers)
    aligned to the right. The last column is not padded."""
    cells = [list(map(str, headers))] + [[str(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for row in cells:
        padded = [
            cell if i == len(row) - 1 and i not in right else (cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]))
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines) + "\n"


def snippet(text: str, limit: int) -> str:
    """`text` on one line: spaces collapsed, line breaks as ⏎, cut with … past
    `limit`. Whitespace alone is shown as its ⏎ and ␠ marks."""
    flat = " ⏎ ".join(words for words in (" ".join(line.split()) for line in visible(text).split("\n")) if words)
    if not flat:
        flat = "⏎" * text.count("\n") or "␠" * len(text)
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
