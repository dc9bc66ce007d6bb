"""Text whose line breaks were lost is read a sentence to a line (cleaner.sentences)."""

from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from cleaner import audit, sentences
from cleaner.config import DEFAULT
from cleaner.decode import decode_text
from cleaner.pipeline import SENTENCE_NOTE, clean

from .conftest import FIXTURES, SEEDS

LONG = DEFAULT.sentence_lines_min_chars
SEED = "002_c125226936afd0cc.txt"  # a "Related Posts" list and a "Leave a Reply" form under the article
EXPECTED = json.loads((FIXTURES / "seeds_expected.json").read_text(encoding="utf-8"))[SEED]


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def test_a_long_line_breaks_after_each_sentence_and_short_lines_stay_whole():
    prose = "The council met on Monday. It voted to close the bridge! Who pays? “Not us,” said the mayor. 2024 was worse."
    long_line = (prose + " ") * 10
    text = f"Short line. Still one line.\n{long_line.strip()}\n"
    view = sentences.by_sentence(text, LONG)
    assert len(view) == len(text)
    lines = view.split("\n")
    assert lines[0] == "Short line. Still one line."
    assert lines[1:6] == ["The council met on Monday.", "It voted to close the bridge!", "Who pays?", "“Not us,” said the mayor.", "2024 was worse."]


def test_labels_between_separators_become_lines_of_their_own():
    text = "Home | News | Sport • Weather " + "The council met on Monday. " * 40
    assert sentences.by_sentence(text, LONG).split("\n")[:4] == ["Home |", "News |", "Sport •", "Weather The council met on Monday."]


def test_a_sentence_going_on_in_lower_case_is_not_broken():
    text = ("Prices rose, e.g. for bread and milk, by 3.5 percent in May. " * 30).strip()
    assert sentences.by_sentence(text, LONG).split("\n")[0] == "Prices rose, e.g. for bread and milk, by 3.5 percent in May."


def test_a_text_without_long_lines_is_read_as_it_is():
    text = "Home\nNews\n\n" + "A paragraph of an article. It goes on. " * 20 + "\n"
    assert sentences.segmented(text, DEFAULT).text is text


def test_a_long_paragraph_among_lines_of_ordinary_length_is_read_whole():
    paragraph = "An article's paragraph. It goes on for a long time. " * 25
    menu = "\n".join(f"Menu item {n}" for n in range(60))
    text = f"{menu}\n\n{paragraph}\n\n{menu}\n\n{paragraph}\n"
    assert sentences.segmented(text, DEFAULT).text is text
    assert sentences.segmented(paragraph + "\nHome\n", DEFAULT).text != paragraph + "\nHome\n"


@given(st.text(alphabet=st.sampled_from("ab A. ?!\n\t»"), max_size=3000), st.integers(0, 200))
def test_the_view_differs_from_the_text_only_where_a_space_became_a_line_break(text, min_line_chars):
    view = sentences.by_sentence(text, min_line_chars)
    assert len(view) == len(text)
    assert all(a == b or (a, b) == (" ", "\n") for a, b in zip(text, view))


def test_a_page_saved_without_line_breaks_still_loses_its_junk_and_keeps_its_article(context):
    text = _collapsed(decode_text((SEEDS / SEED).read_bytes()))
    assert "\n" not in text and len(text) > LONG
    cleaned = clean(text, context)
    for item in EXPECTED["must_remove"]:
        assert _collapsed(item["text"]) not in cleaned.output
    for item in EXPECTED["must_keep"]:
        assert _collapsed(item) in cleaned.output
    assert SENTENCE_NOTE.format(LONG) in cleaned.notes
    records = list(audit.records("page.txt", cleaned, "text", context.digest))
    assert audit.restore(cleaned.output, records[1:]) == text


def test_with_the_sentence_reading_off_such_a_page_keeps_its_junk(context):
    """What the reading buys: a page on one line is one verdict, article and junk together."""
    text = _collapsed(decode_text((SEEDS / SEED).read_bytes()))
    whole_lines = replace(context, config=context.config._replace(sentence_lines_min_chars=len(text)))
    cleaned = clean(text, whole_lines)
    assert all(_collapsed(item["text"]) in cleaned.output for item in EXPECTED["must_remove"])
