"""An HTML page's text view: its visible text, laid out in lines and blocks.

The text view is what the audit log of an HTML page refers to: every offset
is a code point of it, and `restore` gives it back. It is laid out exactly
as html-text 0.7.1 lays out a page with guess_layout=True, because that is
how the dev set's text/ pages were made, and the rule pack and the line model
were written and trained on them: the same page cleans the same whether it
arrives as HTML or as the text a scraper saved with html-text. (Not a
dependency: html-text first copies and cleans the whole tree with
lxml_html_clean, which costs more than laying it out; here the unwanted
elements are skipped while walking.)

Layout: block elements end the line (`NEWLINE_TAGS`) or leave a blank line
(`DOUBLE_NEWLINE_TAGS`); whitespace inside text collapses to one space;
inline elements are joined by a space unless punctuation follows or an
opening bracket precedes. (A browser would join "IT<abbr>-Sicherheit</abbr>"
without the space html-text puts there; without the page's CSS the two
cannot be told apart from "Dougherty</cite><span>says:", where CSS puts a
space, so the layout stays html-text's.)
"""

from __future__ import annotations

from .decode import DecodeError

NEWLINE_TAGS = frozenset(
    "article aside br dd details div dt fieldset figcaption footer form header hr legend li main nav table tr".split()
)
DOUBLE_NEWLINE_TAGS = frozenset("blockquote dl figure h1 h2 h3 h4 h5 h6 ol p pre title ul".split())
# Elements whose content is never shown as text: what html-text's cleaner
# removes (scripts, styles, links, meta, applets, frames; comments and
# processing instructions never reach the tree). Their tails are text.
HIDDEN_TAGS = frozenset("script style link meta applet frameset frame noframes".split())

# No space is put before these (html-text's _has_punct_after), nor after "(".
_PUNCTUATION_AFTER = frozenset(',:;.!?")')


def parse(markup: str):
    """The lxml tree of a page (always rooted at <html>), parsed as trafilatura
    parses it, so that its verdict and the text view see the same elements."""
    import lxml.etree
    import lxml.html

    # huge_tree: without it libxml2 drops everything nested deeper than 256
    # elements, which unclosed tags on a real page reach, and the page shows
    # no text. With it the limit is 2048, past which the parse stops.
    parser = lxml.html.HTMLParser(
        collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
    )
    try:
        tree = lxml.html.document_fromstring(markup.replace("\x00", "").encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as error:
        raise DecodeError(f"does not parse as HTML ({error})") from None
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":  # the parse stopped there: the rest of the page is missing
            raise DecodeError(f"is beyond what the HTML parser takes ({error.message.split(',')[0]})")
    return tree


def render(tree) -> str:
    """The text view of a parsed page."""
    from lxml import etree

    chunks: list[str] = []
    append = chunks.append
    newline, blank_line = object(), object()
    previous: object = blank_line  # newline, blank_line, or the previous text as found in the page
    # One loop with the layout written out inline: a page has thousands of
    # elements, and a function call for each of their texts and line breaks
    # was a fifth of the time.
    walk = etree.iterwalk(tree, events=("start", "end"))
    for event, element in walk:
        tag = element.tag
        if not isinstance(tag, str) or tag in HIDDEN_TAGS:
            if event == "start":
                walk.skip_subtree()
                continue
        elif previous is not blank_line:  # the line break the element's start or end makes
            if tag in DOUBLE_NEWLINE_TAGS:
                append("\n" if previous is newline else "\n\n")
                previous = blank_line
            elif tag in NEWLINE_TAGS:
                if previous is not newline:
                    append("\n")
                previous = newline
        raw = element.text if event == "start" else element.tail if element is not tree else None
        if not raw:
            continue
        text = " ".join(raw.split())  # html-text's re.sub(r"\s+", " ", raw.strip()), without the regex
        if not text:
            continue
        if previous is not newline and previous is not blank_line and (
            previous[-1].isspace() or (text[0] not in _PUNCTUATION_AFTER and previous[-1] != "(")
        ):
            append(" ")
        append(text)
        previous = raw
    return "".join(chunks).strip()
