"""Hard-wrapped paragraphs and sentences broken at their links are one line
to the line model (cleaner.unwrap)."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import unwrap
from cleaner.pipeline import clean
from cleaner.segment import segment

from .test_heuristics import ARTICLE

MENU = "\n".join(["Home", "News", "Sport", "Weather", "Contact"])
PARAGRAPHS = [" ".join(ARTICLE[i:] + ARTICLE[:i]) for i in range(3)]


def _groups(text: str) -> list[list[str]]:
    doc = segment(text)
    lines = [line for line in doc.lines if not line.blank]
    return [[doc.content(part) for part in line] for line in unwrap.logical_lines(doc, lines)]


def test_a_text_wrapped_at_78_columns_is_read_as_whole_paragraphs():
    text = "\n\n".join(textwrap.fill(p, 78) for p in PARAGRAPHS) + "\n"
    groups = _groups(text)
    assert len(groups) == len(PARAGRAPHS)
    assert [" ".join(group) for group in groups] == PARAGRAPHS


def test_lists_teasers_and_repeated_lines_are_not_taken_for_wrapping():
    teasers = "\n".join(
        [
            "Storm closes schools across the region as rivers keep rising",
            "Council approves budget after a night of debate in the chamber",
            "Local team wins the cup in front of a record home crowd",
            "Museum reopens after two years of repairs to its roof",
            "New bus lines start on Monday, the transport office says",
            "Police look for witnesses after a fire in the old town",
            "Pingback: Amazon liable for defective third-party products",
            "Pingback: Amazon liable for defective third-party products",
        ]
    )
    assert all(len(group) == 1 for group in _groups(MENU + "\n\n" + teasers + "\n"))


def test_the_article_of_a_wrapped_page_is_kept_and_its_menu_goes(context):
    wrapped = "\n\n".join(textwrap.fill(p, 78) for p in PARAGRAPHS)
    text = MENU + "\n\n" + wrapped + "\n"
    cleaned = clean(text, context)
    for line in wrapped.splitlines():
        assert line in cleaned.output
    assert "Weather" not in cleaned.output


def test_a_related_section_stops_at_a_wrapped_paragraph(context):
    wrapped = "\n\n".join(textwrap.fill(p, 78) for p in PARAGRAPHS)
    text = "\n\n".join([ARTICLE[0], "Related Posts", "Storm closes schools", wrapped]) + "\n"
    cleaned = clean(text, context)
    assert "Storm closes schools" not in cleaned.output
    for line in wrapped.splitlines():
        assert line in cleaned.output


def _wrap_width_by_trying_every_width(breaks):
    """The definition: the narrowest width at which most breaks are full."""
    best, best_full = None, []
    for width in sorted({length for length, _ in breaks if length >= unwrap.MIN_WIDTH}):
        full = [length for length, word in breaks if length <= width < length + 1 + word]
        if len(full) > len(best_full):
            best, best_full = width, full
    if (
        len(best_full) < unwrap.MIN_FULL_BREAKS
        or len(best_full) < unwrap.MIN_FULL_SHARE * len(breaks)
        or len(set(best_full)) < unwrap.MIN_FULL_LENGTHS
    ):
        return None
    return best


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 90), st.integers(0, 15)), max_size=60))
def test_the_wrap_width_is_the_one_trying_every_width_finds(breaks):
    assert unwrap._wrap_width(breaks) == _wrap_width_by_trying_every_width(breaks)



def _broken_at_links(sentence: str) -> list[str]:
    """A sentence as a converter that puts each text node on a line of its
    own writes it when two of its words are a link: before, link, after."""
    words = sentence.split()
    return [" ".join(words[:5]), " ".join(words[5:7]), " ".join(words[7:])]


def test_a_sentence_broken_at_a_link_is_read_as_one_line():
    broken = "\n".join(_broken_at_links(ARTICLE[1].lower().capitalize())) + "\n"
    assert _groups(broken) == [_broken_at_links(ARTICLE[1].lower().capitalize())]
    # A link in capitals joins when the sentence goes on after it.
    assert _groups("Install dependencies separately and earlier in your\nDockerfile\nto ensure faster builds.\n") == [
        ["Install dependencies separately and earlier in your", "Dockerfile", "to ensure faster builds."]
    ]
    # A comma or full stop after the link goes on the sentence too.
    assert _groups("We spoke to the people of\nthe village\n, who had waited for years.\n") == [
        ["We spoke to the people of", "the village", ", who had waited for years."]
    ]


def test_a_sentence_broken_in_an_indented_layout_is_read_as_one_line():
    """inscriptis indents every nested element: the pieces of a sentence stand
    equally far in, an item of a list further in or behind a bullet."""
    pieces = _broken_at_links(ARTICLE[1].lower().capitalize())
    assert _groups("".join(f"            {piece}\n" for piece in pieces)) == [pieces]
    further_in = f"    {pieces[0]}\n        {pieces[1]}\n        {pieces[2]}\n"
    bulleted = f"    {pieces[0]}\n    * {pieces[1]}\n    * {pieces[2]}\n"
    for text in (further_in, bulleted):
        assert _groups(text)[0] == [pieces[0]], text


def test_menus_labels_items_and_whole_sentences_are_not_taken_for_broken_sentences():
    lower_menu = "home\nnews\nsport\ncontact us\nantworten\nmelden\nPosted by\njohn\nKontakt\nImpressum\nhier klicken"
    items = "- the first item of the list\n- the second item of the list"
    sentences = "This sentence ends with a full stop.\nthen a line that starts in lower case follows."
    for text in (lower_menu, items, sentences):
        assert all(len(group) == 1 for group in _groups(text + "\n")), text


def test_an_article_whose_sentences_are_broken_at_links_is_kept_and_its_menu_goes(context):
    article = "\n".join(piece for sentence in ARTICLE * 2 for piece in _broken_at_links(sentence))
    text = MENU + "\n" + article + "\n" + MENU.replace("\n", " |\n") + "\n"
    cleaned = clean(text, context)
    for piece in article.splitlines():
        assert piece in cleaned.output.splitlines()
    assert "Weather" not in cleaned.output
