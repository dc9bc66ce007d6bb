"""Invariants that hold for any input (hypothesis)."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import audit
from cleaner.decode import DecodeError, decode_text
from cleaner.offsets import KeptMap
from cleaner.ruleset import RuleSet
from cleaner.pipeline import clean

# Lines that look like pages: junk the rules know, prose, labels, blanks,
# bullets and odd whitespace, so the detectors have something to bite on.
JUNK = [
    "Related Posts", "Leave a Reply", "Impressum | Datenschutz", "© 2025 Example - All rights reserved",
    "Share this:", "Facebook Twitter WhatsApp", "Newsletter abonnieren", "Read more »", "Mehr zum Thema",
    "Your email address will not be published. Required fields are marked *", "Monday, January 13, 2025",
    "— Jane Doe (@jane) January 11, 2025", "It is only a matter of time… pic.twitter.com/abc123", "Home", "Menu",
]
PROSE = [
    "The council approved the budget on Tuesday after a long debate about schools.",
    "Der Bundestag hat am Donnerstag das neue Gesetz beschlossen, das im Sommer gilt.",
    "He did not provide specific details.",
    "Les deux équipes se cherchent en ce début de match, sans trouver la faille.",
]
line = st.one_of(
    st.sampled_from(JUNK),
    st.sampled_from(PROSE),
    st.sampled_from(["", " ", "\t", "  • ", "* "]).flatmap(lambda lead: st.sampled_from(JUNK + PROSE).map(lambda t: lead + t)),
    st.text(max_size=60),
)
pages = st.lists(line, max_size=40).flatmap(
    lambda lines: st.sampled_from(["\n", "\n\n", "\r\n"]).map(lambda sep: sep.join(lines))
)
# Enough lines joined by spaces to make one long line: text whose line
# breaks were lost, which is read a sentence to a line (cleaner.sentences).
collapsed_pages = st.lists(line, min_size=30, max_size=60).map(" ".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _records(cleaned):
    return [json.loads(audit.json_line(r)) for r in audit.records("doc", cleaned, "text", "test")]


@SETTINGS
@given(text=st.one_of(pages, collapsed_pages, st.text()))
def test_kept_and_removed_spans_rebuild_the_input(context, text):
    cleaned = clean(text, context)
    records = _records(cleaned)
    removals = [r for r in records if r["type"] == "removal"]
    assert all(r["text"] == text[r["start"] : r["end"]] for r in removals)
    assert all(a["end"] <= b["start"] for a, b in zip(removals, removals[1:]))
    assert audit.restore(cleaned.output, removals) == text
    assert records[0]["sha256"] == audit.sha256(text)


@SETTINGS
@given(text=st.one_of(pages, collapsed_pages, st.text()))
def test_a_second_clean_removes_nothing(context, text):
    once = clean(text, context)
    twice = clean(once.output, context)
    assert twice.removals == ()
    assert twice.output == once.output


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_decode_or_fail_cleanly(data):
    try:
        text = decode_text(data)
    except DecodeError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert isinstance(text, str) and "\r" not in text


@SETTINGS
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=300).map(lambda t: t + "\x00" + t))
def test_nul_and_control_characters_do_not_crash(context, text):
    assert audit.restore(clean(text, context).output, [r for r in _records(clean(text, context)) if r["type"] == "removal"]) == text


def test_a_one_megabyte_single_line_cleans_in_parts_and_keeps_its_prose(context):
    text = " ".join(f"All work and no play made Jack a dull boy on day {day}." for day in range(20_000))
    cleaned = clean(text, context)
    assert cleaned.output == text
    assert cleaned.notes[0].startswith("cleaned in 5 parts")  # cut at sentence ends, there being no line break


def test_a_one_megabyte_line_without_a_sentence_end_is_kept_whole(context):
    text = "all work and no play makes Jack a dull boy " * 23_000
    assert clean(text, context).output == text


def test_invalid_utf8_and_binary_are_refused_with_reasons():
    with pytest.raises(DecodeError, match="not valid utf-8"):
        decode_text("caf\u00e9".encode("latin-1") + b" ok")
    with pytest.raises(DecodeError, match="looks binary"):
        decode_text(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(DecodeError, match="is empty"):
        decode_text(b"")
    assert decode_text("\ufeffHallo\r\nWelt\r".encode("utf-8")) == "Hallo\nWelt\n"
    assert decode_text("Grüße".encode("utf-16")) == "Grüße"


def test_a_stray_nul_is_text_and_nul_dense_bytes_are_binary():
    page = "Pasar al contenido principal\n\n" + "La audiencia podría ser decisiva para el caso.\n" * 40
    stray = page.encode("utf-8").replace(b"\n\n", b"\n[\x00\x00\x00\x00]\n", 1)
    assert "\x00\x00\x00\x00" in decode_text(stray)  # left to rule BY027, which logs its removal
    with pytest.raises(DecodeError, match="looks binary"):
        decode_text(page.encode("utf-16-le"))  # no byte-order mark: a NUL after every ASCII letter
    with pytest.raises(DecodeError, match="looks binary"):
        decode_text(b"\x89PNG\r\n\x1a\n" + b"\x00" + bytes(range(1, 200)) * 10)  # few NULs, not UTF-8


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet="ab \n", max_size=60),
    cut=st.tuples(st.integers(0, 60), st.integers(0, 60)),
)
def test_kept_map_bounds_are_the_ends_of_the_pieces_behind_a_span(text, cut):
    kept = KeptMap([m.span() for m in re.finditer(r"\S+", text)])
    derived = kept.derived(text)
    start, end = sorted(cut)
    end = min(end, len(derived))
    if start >= end:
        return
    pieces = list(kept.to_original(start, end))
    assert kept.bounds(start, end) == (pieces[0][0], pieces[-1][1])
    assert text[pieces[0][0]] == derived[start] and text[pieces[-1][1] - 1] == derived[end - 1]


# Keywords of the pack's rules, with their neighbours in the alphabet, so
# that lines hold some keywords, parts of others, and near misses.
KEYWORD_BITS = ["by ", "von ", "©", "copyright", "subscri", "newsletter", "pic.twitter.com", "(@", "follow", "0", "7",
                "read", "lee ", "via", "comment", "cookie", "source", "|", "»", "tag", "photo", "getty", "share"]


@SETTINGS
@given(line=st.lists(st.one_of(st.sampled_from(KEYWORD_BITS + JUNK + PROSE), st.text(max_size=8)), max_size=8).map("".join))
def test_the_rule_set_finds_the_first_rule_that_fires_in_pack_order(context, line):
    """The rule set screens a line against every rule's keywords at once;
    that must pick the rule that trying each rule in turn picks. (Pattern
    rules only: a row of labels is credited across phrase rules, which no
    single rule's match does.)"""
    rules = RuleSet(tuple(rule for rule in context.ruleset.rules if rule.patterns))
    for kind in ("line", "section"):
        expected = next((hit for rule in rules.of_kind(kind) if (hit := rule.match(line, 1.0))), None)
        found = rules.first_match(kind, line, timeout=1.0)
        assert (found and (found.rule.id, found.language)) == (expected and (expected.rule.id, expected.language))
